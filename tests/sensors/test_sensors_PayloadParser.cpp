// PayloadParser and IsoTime: both dialects, every rejection reason, ISO 8601
// with offsets and fractions, UTF-8 validation, topic classification.
#include "citytwin/data/sensors/IsoTime.h"
#include "citytwin/data/sensors/PayloadParser.h"

#include "test_sensors_Suites.h"

#include <QLocale>
#include <QtTest>

#include <clocale>
#include <string>

using citytwin::data::DropReason;
using citytwin::data::formatIsoTimeMs;
using citytwin::data::parseIsoTimeMs;
using citytwin::data::PayloadParser;
using citytwin::data::SensorLookup;
using citytwin::data::TopicInfo;

namespace {

constexpr qint64 kT17 = 1'795'885'200'000; // 2026-11-28T17:00:00Z
constexpr int kOk = -1;                    // "expected reason" column for accepted rows

/// Known sensors: "s1", "traffic-0042"; Datastream 12 -> "s1", 'abc' -> "traffic-0042".
SensorLookup testLookup() {
    SensorLookup l;
    l.isKnown = [](std::string_view id) { return id == "s1" || id == "traffic-0042"; };
    l.sensorForDatastream = [](std::string_view ds) -> std::optional<std::string> {
        if (ds == "12") return "s1";
        if (ds == "abc") return "traffic-0042";
        return std::nullopt;
    };
    return l;
}

#ifndef Q_MOC_RUN
/// The rows of TestPayloadParser::parse (hidden from moc, whose tokenizer trips on raw strings).
void addParseRows() {
    QTest::addColumn<QByteArray>("topic");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("reason"); // kOk or a DropReason
    QTest::addColumn<QString>("sensorId");
    QTest::addColumn<qint64>("timeMs");
    QTest::addColumn<double>("value");
    QTest::addColumn<qint64>("seq");
    auto ok = [](const char* name, QByteArray topic, QByteArray payload, const char* id, qint64 t, double v,
                 qint64 seq = -1) {
        QTest::newRow(name) << topic << payload << kOk << QString(id) << t << v << seq;
    };
    auto bad = [](const char* name, QByteArray topic, QByteArray payload, DropReason r) {
        QTest::newRow(name) << topic << payload << int(r) << QString() << qint64(0) << 0.0 << qint64(-1);
    };
    const QByteArray ct = "citytwin/s1";
    const QByteArray st = "v1.1/Datastreams(12)/Observations";
    ok("iso Z with seq", ct, R"({"t":"2026-11-28T17:00:00Z","v":42.1,"seq":17})", "s1", kT17, 42.1, 17);
    ok("epoch ms", ct, R"({"t":1795885200000,"v":3})", "s1", kT17, 3);
    ok("epoch ms float", ct, R"({"t":1795885200000.7,"v":3})", "s1", kT17, 3);
    ok("offset +01:00 fraction", ct, R"({"t":"2026-11-28T18:00:00.250+01:00","v":-1.5})", "s1", kT17 + 250, -1.5);
    ok("offset -0530", ct, R"({"t":"2026-11-28T11:30:00-0530","v":0})", "s1", kT17, 0);
    ok("numeric string value", ct, R"({"t":"2026-11-28T17:00:00Z","v":" 12.5e1 "})", "s1", kT17, 125);
    ok("boolean value", ct, R"({"t":"2026-11-28T17:00:00Z","v":true})", "s1", kT17, 1);
    ok("unknown members ignored", ct, R"({"t":"2026-11-28T17:00:00Z","v":1,"unit":"x","extra":[1,2]})", "s1", kT17, 1);
    ok("seq zero", ct, R"({"t":"2026-11-28T17:00:00Z","v":1,"seq":0})", "s1", kT17, 1, 0);
    ok("utf8 in strings", ct, "{\"t\":\"2026-11-28T17:00:00Z\",\"v\":1,\"note\":\"\xC2\xB5g/m\xC2\xB3\"}", "s1", kT17, 1);
    ok("sensorthings instant", st, R"({"phenomenonTime":"2026-11-28T17:00:00.000Z","result":21.5})", "s1", kT17, 21.5);
    ok("sensorthings interval end", st,
       R"({"phenomenonTime":"2026-11-28T16:55:00Z/2026-11-28T17:00:00Z","result":7})", "s1", kT17, 7);
    ok("sensorthings numeric string", st, R"({"phenomenonTime":"2026-11-28T17:00:00Z","result":"8.25"})", "s1", kT17, 8.25);
    ok("sensorthings quoted id v1.0", "v1.0/Datastreams('abc')/Observations",
       R"({"phenomenonTime":"2026-11-28T17:00:00Z","result":1,"resultTime":null})", "traffic-0042", kT17, 1);

    bad("bad json", ct, R"({"t":"2026-11-28T17:00:00Z","v":)", DropReason::MalformedJson);
    bad("json array", ct, R"([1,2,3])", DropReason::MalformedJson);
    bad("empty payload", ct, "", DropReason::MalformedJson);
    bad("number overflow", ct, R"({"t":1795885200000,"v":1e999})", DropReason::MalformedJson);
    bad("not utf8", ct, "{\"t\":\"2026\xFF\",\"v\":1}", DropReason::NotUtf8);
    bad("overlong utf8", ct, "{\"t\":\"\xC0\xAF\",\"v\":1}", DropReason::NotUtf8);
    bad("unknown sensor", "citytwin/nobody", R"({"t":1795885200000,"v":1})", DropReason::UnknownSensor);
    bad("unmapped datastream", "v1.1/Datastreams(99)/Observations",
        R"({"phenomenonTime":"2026-11-28T17:00:00Z","result":1})", DropReason::UnknownSensor);
    bad("unknown topic", "v1.1/Things(1)", R"({})", DropReason::UnknownTopic);
    bad("nested citytwin topic", "citytwin/a/b", R"({"t":1,"v":1})", DropReason::UnknownTopic);
    bad("missing t", ct, R"({"v":1})", DropReason::MissingField);
    bad("null v", ct, R"({"t":1795885200000,"v":null})", DropReason::MissingField);
    bad("missing result", st, R"({"phenomenonTime":"2026-11-28T17:00:00Z"})", DropReason::MissingField);
    bad("bad time text", ct, R"({"t":"yesterday","v":1})", DropReason::InvalidTime);
    bad("bad month", ct, R"({"t":"2026-13-01T00:00:00Z","v":1})", DropReason::InvalidTime);
    bad("feb 30", ct, R"({"t":"2026-02-30T00:00:00Z","v":1})", DropReason::InvalidTime);
    bad("negative epoch", ct, R"({"t":-5,"v":1})", DropReason::InvalidTime);
    bad("time is object", ct, R"({"t":{},"v":1})", DropReason::InvalidTime);
    bad("bad interval start", st, R"({"phenomenonTime":"x/2026-11-28T17:00:00Z","result":1})", DropReason::InvalidTime);
    bad("value text", ct, R"({"t":1795885200000,"v":"high"})", DropReason::InvalidValue);
    bad("value with unit", ct, R"({"t":1795885200000,"v":"12 km/h"})", DropReason::InvalidValue);
    bad("value object", st, R"({"phenomenonTime":"2026-11-28T17:00:00Z","result":{"a":1}})", DropReason::InvalidValue);
    bad("value NaN string", ct, R"({"t":1795885200000,"v":"NaN"})", DropReason::NonFinite);
    bad("value inf string", st, R"({"phenomenonTime":"2026-11-28T17:00:00Z","result":"inf"})", DropReason::NonFinite);
    bad("negative seq", ct, R"({"t":1795885200000,"v":1,"seq":-3})", DropReason::InvalidSeq);
    bad("fractional seq", ct, R"({"t":1795885200000,"v":1,"seq":1.5})", DropReason::InvalidSeq);
}
#endif

} // namespace

class TestPayloadParser : public QObject {
    Q_OBJECT

private slots:
    void parse_data() { addParseRows(); }

    void parse() {
        QFETCH(QByteArray, topic);
        QFETCH(QByteArray, payload);
        QFETCH(int, reason);
        const PayloadParser parser(testLookup());
        const auto out = parser.parse(topic.toStdString(), std::string_view(payload.constData(), size_t(payload.size())));
        if (reason != kOk) {
            QVERIFY2(!out.ok(), "accepted a payload that must be rejected");
            QCOMPARE(citytwin::data::dropReasonName(out.reason), citytwin::data::dropReasonName(DropReason(reason)));
            QVERIFY(!out.detail.empty());
            return;
        }
        QVERIFY2(out.ok(), (std::string(citytwin::data::dropReasonName(out.reason)) + ": " + out.detail).c_str());
        QFETCH(QString, sensorId);
        QFETCH(qint64, timeMs);
        QFETCH(double, value);
        QFETCH(qint64, seq);
        QCOMPARE(QString::fromStdString(out.sample->sensorId), sensorId);
        QCOMPARE(qint64(out.sample->timeMs), timeMs);
        QCOMPARE(out.sample->value, value);
        QCOMPARE(qint64(out.sample->seq), seq);
    }

    void oversizedPayloadRejectedBeforeParsing() {
        const PayloadParser parser(testLookup());
        std::string big = "{\"t\":1795885200000,\"v\":1,\"pad\":\"";
        big.append(PayloadParser::kMaxPayloadBytes, 'x');
        big += "\"}";
        auto out = parser.parse("citytwin/s1", big);
        QVERIFY(!out.ok());
        QCOMPARE(out.reason, DropReason::TooLarge);
        // Exactly at the limit is still parsed.
        std::string edge = "{\"t\":1795885200000,\"v\":1,\"pad\":\"";
        edge.append(PayloadParser::kMaxPayloadBytes - edge.size() - 2, 'x');
        edge += "\"}";
        QCOMPARE(edge.size(), PayloadParser::kMaxPayloadBytes);
        QVERIFY(parser.parse("citytwin/s1", edge).ok());
    }

    void withoutLookupEveryCityTwinIdIsAccepted() {
        const PayloadParser parser;
        QVERIFY(parser.parse("citytwin/anything", "{\"t\":1,\"v\":1}").ok());
        QCOMPARE(parser.parse("v1.1/Datastreams(1)/Observations", "{\"phenomenonTime\":\"2026-01-01T00:00:00Z\",\"result\":1}").reason,
                 DropReason::UnknownSensor);
    }

    void classifyTopic_data() {
        QTest::addColumn<QString>("topic");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("id");
        using K = TopicInfo::Kind;
        QTest::newRow("citytwin") << "citytwin/traffic-0042" << int(K::CityTwin) << "traffic-0042";
        QTest::newRow("citytwin empty id") << "citytwin/" << int(K::Unknown) << "";
        QTest::newRow("sensorthings number") << "v1.1/Datastreams(12)/Observations" << int(K::SensorThings) << "12";
        QTest::newRow("sensorthings quoted") << "v1.1/Datastreams('a-b')/Observations" << int(K::SensorThings) << "a-b";
        QTest::newRow("sensorthings empty id") << "v1.1/Datastreams()/Observations" << int(K::Unknown) << "";
        QTest::newRow("sensorthings other entity") << "v1.1/Datastreams(12)/Sensor" << int(K::Unknown) << "";
        QTest::newRow("sensorthings v2") << "v2.0/Datastreams(12)/Observations" << int(K::Unknown) << "";
        QTest::newRow("things") << "v1.1/Things(3)/Datastreams" << int(K::Unknown) << "";
        QTest::newRow("other") << "home/kitchen/temp" << int(K::Unknown) << "";
    }

    void classifyTopic() {
        QFETCH(QString, topic);
        QFETCH(int, kind);
        QFETCH(QString, id);
        const TopicInfo info = PayloadParser::classifyTopic(topic.toStdString());
        QCOMPARE(int(info.kind), kind);
        QCOMPARE(QString::fromStdString(info.id), id);
    }

    void utf8() {
        QVERIFY(PayloadParser::isValidUtf8(""));
        QVERIFY(PayloadParser::isValidUtf8("plain ascii"));
        QVERIFY(PayloadParser::isValidUtf8("\xC2\xB5 \xE2\x82\xAC \xF0\x9F\x9A\x97")); // µ € 🚗
        QVERIFY(!PayloadParser::isValidUtf8("\x80"));                // stray continuation
        QVERIFY(!PayloadParser::isValidUtf8("\xE2\x82"));            // truncated
        QVERIFY(!PayloadParser::isValidUtf8("\xED\xA0\x80"));        // surrogate
        QVERIFY(!PayloadParser::isValidUtf8("\xF4\x90\x80\x80"));    // > U+10FFFF
        QVERIFY(!PayloadParser::isValidUtf8("\xE0\x80\xAF"));        // overlong
    }

    void isoTime_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms"); // -1: rejected
        QTest::newRow("Z") << "2026-11-28T17:00:00Z" << kT17;
        QTest::newRow("lower z and t") << "2026-11-28t17:00:00z" << kT17;
        QTest::newRow("no offset is UTC") << "2026-11-28T17:00:00" << kT17;
        QTest::newRow("space separator") << "2026-11-28 17:00:00+00:00" << kT17;
        QTest::newRow("basic format") << "20261128T170000Z" << kT17;
        QTest::newRow("minutes only") << "2026-11-28T17:00Z" << kT17;
        QTest::newRow("date only") << "2026-11-28" << kT17 - 17 * 3'600'000;
        QTest::newRow("nanoseconds truncated") << "2026-11-28T17:00:00.123456789Z" << kT17 + 123;
        QTest::newRow("comma fraction") << "2026-11-28T17:00:00,5Z" << kT17 + 500;
        QTest::newRow("offset hours only") << "2026-11-28T19:00:00+02" << kT17;
        QTest::newRow("offset crosses day") << "2026-11-29T01:00:00+08:00" << kT17;
        QTest::newRow("epoch") << "1970-01-01T00:00:00Z" << qint64(0);
        QTest::newRow("leap day") << "2024-02-29T00:00:00Z" << qint64(1'709'164'800'000);
        QTest::newRow("not leap 2100") << "2100-02-29T00:00:00Z" << qint64(-1);
        QTest::newRow("hour 24") << "2026-11-28T24:00:00Z" << qint64(-1);
        QTest::newRow("leap second") << "2016-12-31T23:59:60Z" << qint64(-1);
        QTest::newRow("trailing junk") << "2026-11-28T17:00:00Zjunk" << qint64(-1);
        QTest::newRow("dot without digits") << "2026-11-28T17:00:00.Z" << qint64(-1);
        QTest::newRow("before epoch") << "1969-12-31T23:59:59Z" << qint64(-1);
        QTest::newRow("empty") << "" << qint64(-1);
    }

    void isoTime() {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        const auto parsed = parseIsoTimeMs(text.toStdString());
        if (ms < 0) {
            QVERIFY2(!parsed, qPrintable(text));
            return;
        }
        QVERIFY2(parsed.has_value(), qPrintable(text));
        QCOMPARE(qint64(*parsed), ms);
    }

    void isoTimeRoundTripAndLocale() {
        // A decimal-comma locale must change nothing (no strtod / strptime).
        const char* previous = std::setlocale(LC_ALL, nullptr);
        const std::string saved = previous ? previous : "C";
        std::setlocale(LC_ALL, "de_DE.UTF-8");
        QCOMPARE(formatIsoTimeMs(kT17 + 250), std::string("2026-11-28T17:00:00.250Z"));
        QCOMPARE(parseIsoTimeMs("2026-11-28T17:00:00.250Z").value_or(-1), kT17 + 250);
        const PayloadParser parser(testLookup());
        const auto out = parser.parse("citytwin/s1", "{\"t\":\"2026-11-28T17:00:00Z\",\"v\":\"1.5\"}");
        std::setlocale(LC_ALL, saved.c_str());
        QVERIFY(out.ok());
        QCOMPARE(out.sample->value, 1.5);
        for (qint64 t : {qint64(0), qint64(951'782'400'000), kT17, qint64(253'402'300'799'999)})
            QCOMPARE(qint64(parseIsoTimeMs(formatIsoTimeMs(t)).value_or(-1)), t);
    }
};

int runPayloadParserTests(int argc, char** argv) {
    TestPayloadParser t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_sensors_PayloadParser.moc"
