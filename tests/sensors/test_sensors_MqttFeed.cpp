// MqttFeed and MqttPublisher against a real mosquitto (no mocks): 10,000
// QoS 1 messages arrive exactly once; a broker restart mid-stream loses
// nothing; a persistent session delivers what was published while the feed
// was away; malformed payloads are counted and dropped; SensorThings topics;
// TLS with a missing CA file fails clearly, and a real TLS broker works only
// with the right CA.
#include "citytwin/data/sensors/HistoryStore.h"
#include "citytwin/data/sensors/MqttFeed.h"
#include "citytwin/data/sensors/MqttPublisher.h"
#include "citytwin/data/sensors/SensorHub.h"

#include "test_sensors_MqttBroker.h"
#include "test_sensors_Suites.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <thread>

using namespace citytwin::data;
using citytwin::test::MosquittoBroker;
using citytwin::test::pumpUntil;

namespace {

constexpr int64_t kT0 = 1'795'885'200'000;

std::string sensorId(int i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "traffic-%04d", i);
    return buf;
}

void addTrafficSensors(SensorHub& hub, int count) {
    for (int i = 0; i < count; ++i) {
        Sensor s = sensorDefaults(SensorKind::TrafficFlow);
        s.id = sensorId(i);
        hub.addSensor(s);
    }
}

std::string cityTwinPayload(int64_t seq) {
    return "{\"t\":" + std::to_string(kT0 + seq) + ",\"v\":" + std::to_string(seq % 1000) + ",\"seq\":" +
           std::to_string(seq) + "}";
}

/// Counts, per seq, how often the hub's sample sink delivered it.
struct SeqCounter {
    std::vector<int> counts;
    int distinct = 0;
    int repeated = 0;
    explicit SeqCounter(size_t n) : counts(n, 0) {}
    void count(const std::vector<SensorSample>& batch) {
        for (const SensorSample& s : batch) {
            if (s.seq < 0 || size_t(s.seq) >= counts.size()) continue;
            if (++counts[size_t(s.seq)] == 1) ++distinct;
            else ++repeated;
        }
    }
    void attach(SensorHub& hub) {
        hub.setSampleSink([this](const std::vector<SensorSample>& batch) { count(batch); });
    }
    /// Counts and also hands every batch to a real history, as the app does.
    void attach(SensorHub& hub, HistoryStore& history) {
        hub.setSampleSink([this, &history](const std::vector<SensorSample>& batch) {
            count(batch);
            history.append(batch);
        });
    }
    int missingIn(int from, int to) const {
        int missing = 0;
        for (int i = from; i < to; ++i) missing += counts[size_t(i)] == 0;
        return missing;
    }
};

/// A history file in a temporary folder (the app's sample sink).
struct TempHistory {
    QTemporaryDir dir;
    std::unique_ptr<HistoryStore> store;
    bool open() {
        if (!dir.isValid()) return false;
        auto opened = HistoryStore::open((dir.path() + QStringLiteral("/history.sqlite")).toStdString());
        if (!opened.ok()) return false;
        store = opened.takeValue();
        return true;
    }
    /// Rows after everything appended so far is committed; -1 on failure.
    int64_t flushedCount() {
        if (!store->flush().ok()) return -1;
        auto count = store->sampleCount();
        return count.ok() ? *count : -1;
    }
};

/// Records every feed state the hub reports.
struct FeedLog {
    std::vector<FeedConnection> states;
    std::string lastReason;
    void operator()(const HubSnapshot& snap) {
        for (const FeedEvent& e : snap.feedEvents) {
            states.push_back(e.state.connection);
            if (!e.state.reason.empty()) lastReason = e.state.reason;
        }
    }
    bool saw(FeedConnection c) const { return std::find(states.begin(), states.end(), c) != states.end(); }
    /// True when `first` was reported and `then` after it.
    bool sawInOrder(FeedConnection first, FeedConnection then) const {
        auto it = std::find(states.begin(), states.end(), first);
        return it != states.end() && std::find(it, states.end(), then) != states.end();
    }
};

bool waitConnected(SensorHub& hub, const MqttFeed& feed, FeedLog& log, int timeoutMs = 5000) {
    return pumpUntil(hub, [&] { return hub.feedState(feed.feedId()).connection == FeedConnection::Connected; },
                     timeoutMs, std::ref(log));
}

/// Publishes seq [from, to) and waits for the broker's PUBACKs.
QString publishRange(MqttPublisher& pub, int from, int to, int sensors) {
    for (int seq = from; seq < to; ++seq) {
        auto r = pub.publish("citytwin/" + sensorId(seq % sensors), cityTwinPayload(seq));
        if (!r.ok()) return QString::fromStdString(r.firstError());
    }
    auto acks = pub.waitForAcks(30'000);
    return acks.ok() ? QString() : QString::fromStdString(acks.firstError());
}

bool runOpenssl(const QString& dir, const QStringList& args, QString* error) {
    QProcess p;
    p.setWorkingDirectory(dir);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("openssl"), args);
    if (!p.waitForFinished(20'000) || p.exitCode() != 0) {
        *error = QStringLiteral("openssl ") + args.join(' ') + ": " + QString::fromUtf8(p.readAll());
        return false;
    }
    return true;
}

/// A CA and a server certificate for localhost / 127.0.0.1 signed by it, plus an unrelated CA.
bool makeCertificates(const QString& dir, QString* error) {
    const QString ec = QStringLiteral("ec");
    const QString curve = QStringLiteral("ec_paramgen_curve:prime256v1");
    QFile ext(dir + "/server.ext");
    if (!ext.open(QIODevice::WriteOnly)) return false;
    ext.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    ext.close();
    return runOpenssl(dir, {"req", "-x509", "-newkey", ec, "-pkeyopt", curve, "-nodes", "-keyout", "ca.key", "-out",
                            "ca.crt", "-days", "2", "-subj", "/CN=CityTwin Test CA"}, error) &&
           runOpenssl(dir, {"req", "-x509", "-newkey", ec, "-pkeyopt", curve, "-nodes", "-keyout", "other.key",
                            "-out", "other.crt", "-days", "2", "-subj", "/CN=Someone Else"}, error) &&
           runOpenssl(dir, {"req", "-new", "-newkey", ec, "-pkeyopt", curve, "-nodes", "-keyout", "server.key",
                            "-out", "server.csr", "-subj", "/CN=localhost"}, error) &&
           runOpenssl(dir, {"x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                            "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "server.ext"}, error);
}

} // namespace

class TestMqttFeed : public QObject {
    Q_OBJECT

private slots:
    /// 10,000 QoS 1 messages for 200 sensors: each arrives once, none is
    /// taken for a duplicate, and the state holds each sensor's last value.
    void tenThousandMessagesExactlyOnce() {
        CITYTWIN_REQUIRE_MOSQUITTO();
        MosquittoBroker broker;
        CITYTWIN_START_BROKER(broker);
        constexpr int kMessages = 10'000, kSensors = 200;
        SensorHub hub;
        addTrafficSensors(hub, kSensors);
        SeqCounter seqs(kMessages);
        TempHistory history;
        QVERIFY(history.open());
        seqs.attach(hub, *history.store);
        FeedLog log;
        MqttFeed feed(hub, broker.options("twin-10k"));
        QVERIFY(feed.start().ok());
        QVERIFY2(waitConnected(hub, feed, log), qPrintable(broker.log().right(2000)));

        MqttPublisher pub(broker.options("pub-10k"));
        auto connected = pub.connect();
        QVERIFY2(connected.ok(), connected.firstError().c_str());
        QElapsedTimer timer;
        timer.start();
        std::thread publisher([&] { publishRange(pub, 0, kMessages, kSensors); });
        const bool all = pumpUntil(hub, [&] { return seqs.distinct == kMessages; }, 30'000, std::ref(log));
        const qint64 elapsedMs = timer.elapsed();
        publisher.join();
        QVERIFY2(all, qPrintable(QStringLiteral("received %1 of %2").arg(seqs.distinct).arg(kMessages)));
        qInfo("10,000 QoS 1 messages published and applied in %lld ms (%.0f msg/s)", elapsedMs,
              kMessages * 1000.0 / std::max<qint64>(1, elapsedMs));
        QCOMPARE(pub.pendingAcks(), size_t(0));
        HubSnapshot snap = hub.coalesce(citytwin::test::wallClockMs());
        QCOMPARE(seqs.repeated, 0);
        QCOMPARE(snap.drops.total(), uint64_t(0));
        QCOMPARE(feed.messagesReceived(), uint64_t(kMessages));
        QCOMPARE(snap.feeds[size_t(feed.feedId())].accepted, uint64_t(kMessages));
        for (int s = 0; s < kSensors; ++s) {
            const int lastSeq = kMessages - kSensors + s;
            const SensorState* state = snap.find(sensorId(s));
            QVERIFY(state);
            QCOMPARE(state->seq, int64_t(lastSeq));
            QCOMPARE(state->value, double(lastSeq % 1000));
        }
        // Every sample reached the history, once.
        QCOMPARE(history.flushedCount(), int64_t(kMessages));
        QCOMPARE(history.store->stats().appended, int64_t(kMessages));
        QCOMPARE(history.store->stats().dropped, int64_t(0));
    }

    /// The broker stops (SIGTERM: it saves its persistence) while messages are
    /// being published, and comes back: the feed reports Reconnecting then
    /// Connected, and after the run no message is missing or applied twice.
    void brokerRestartMidStream() {
        CITYTWIN_REQUIRE_MOSQUITTO();
        MosquittoBroker broker;
        CITYTWIN_START_BROKER(broker);
        constexpr int kMessages = 4000, kSensors = 50;
        SensorHub hub;
        addTrafficSensors(hub, kSensors);
        SeqCounter seqs(kMessages);
        TempHistory history;
        QVERIFY(history.open());
        seqs.attach(hub, *history.store);
        FeedLog log;
        MqttFeed feed(hub, broker.options("twin-restart"));
        QVERIFY(feed.start().ok());
        QVERIFY(waitConnected(hub, feed, log));

        std::atomic<bool> publisherOk{true};
        std::atomic<int> published{0};
        std::string publisherError;
        std::thread publisher([&] {
            MqttOptions o = broker.options("pub-restart");
            MqttPublisher pub(o);
            if (auto c = pub.connect(); !c.ok()) {
                publisherError = c.firstError();
                publisherOk = false;
                return;
            }
            for (int seq = 0; seq < kMessages; ++seq) {
                if (!pub.publish("citytwin/" + sensorId(seq % kSensors), cityTwinPayload(seq)).ok()) {
                    publisherError = "publish failed";
                    publisherOk = false;
                    return;
                }
                published = seq + 1;
                if (seq % 50 == 49) std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            if (auto acks = pub.waitForAcks(20'000); !acks.ok()) {
                publisherError = acks.firstError();
                publisherOk = false;
            }
        });
        // Mid-stream: stop the broker once a quarter has arrived.
        QVERIFY(pumpUntil(hub, [&] { return seqs.distinct >= kMessages / 4 || !publisherOk; }, 15'000, std::ref(log)));
        broker.stop(true);
        const bool sawLoss = pumpUntil(
            hub, [&] { return hub.feedState(feed.feedId()).connection == FeedConnection::Reconnecting; }, 5000,
            std::ref(log));
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        CITYTWIN_START_BROKER(broker);
        const bool all = pumpUntil(hub, [&] { return seqs.distinct == kMessages || !publisherOk; }, 30'000, std::ref(log));
        publisher.join();
        QVERIFY2(publisherOk, publisherError.c_str());
        QVERIFY(sawLoss);
        QVERIFY2(log.sawInOrder(FeedConnection::Reconnecting, FeedConnection::Connected), log.lastReason.c_str());
        QVERIFY2(all, qPrintable(QStringLiteral("received %1 of %2 (published %3)")
                                     .arg(seqs.distinct)
                                     .arg(kMessages)
                                     .arg(published.load())));
        QCOMPARE(seqs.repeated, 0); // redeliveries are dropped by seq, never applied twice
        // The history holds every message exactly once: rows == distinct == published,
        // and no redelivery was even handed to it.
        QCOMPARE(published.load(), kMessages);
        QCOMPARE(seqs.distinct, published.load());
        QCOMPARE(history.flushedCount(), int64_t(published.load()));
        QCOMPARE(history.store->stats().appended, int64_t(published.load()));
        qInfo("broker restart: %d messages, %llu redeliveries dropped as duplicates", kMessages,
              static_cast<unsigned long long>(hub.coalesce(0).drops[DropReason::Duplicate]));

        // After the reconnect nothing published is lost either.
        MqttPublisher after(broker.options("pub-after"));
        QVERIFY(after.connect().ok());
        SeqCounter more(kMessages + 500);
        more.attach(hub);
        QCOMPARE(publishRange(after, kMessages, kMessages + 500, kSensors), QString());
        QVERIFY(pumpUntil(hub, [&] { return more.distinct == 500; }, 10'000));
    }

    /// A broker that hangs with the connection open (SIGSTOP) is noticed by
    /// the keepalive: libmosquitto sends PINGREQ after one keepalive of silence
    /// and gives up one keepalive later, so Reconnecting within 2x. libmosquitto
    /// counts whole seconds (each of the two steps may fire up to 1 s late), so
    /// 3 s of slack; a feed that relied on the TCP timeout instead takes minutes.
    void hungBrokerNoticedWithinKeepalive() {
        CITYTWIN_REQUIRE_MOSQUITTO();
        MosquittoBroker broker;
        CITYTWIN_START_BROKER(broker);
        SensorHub hub;
        FeedLog log;
        MqttOptions o = broker.options("twin-keepalive");
        o.keepAliveSeconds = 5;
        MqttFeed feed(hub, o);
        QVERIFY(feed.start().ok());
        QVERIFY(waitConnected(hub, feed, log));
        QElapsedTimer timer;
        timer.start();
        broker.pause();
        const bool noticed = pumpUntil(
            hub, [&] { return hub.feedState(feed.feedId()).connection == FeedConnection::Reconnecting; },
            3000 * o.keepAliveSeconds + 5000, std::ref(log));
        const qint64 noticedMs = timer.elapsed();
        broker.resume();
        QVERIFY2(noticed, qPrintable(QStringLiteral("not noticed after %1 ms").arg(noticedMs)));
        qInfo("hung broker noticed after %lld ms (keepalive %d s): %s", noticedMs, o.keepAliveSeconds,
              describeFeedState(hub.feedState(feed.feedId())).c_str());
        QVERIFY2(noticedMs <= 2000 * o.keepAliveSeconds + 3000, qPrintable(QString::number(noticedMs)));
        QVERIFY2(log.lastReason.find("keepalive") != std::string::npos, log.lastReason.c_str());
        QVERIFY(waitConnected(hub, feed, log, 10'000));
    }

    /// No broker yet: the feed retries with growing, jittered delays, and
    /// connects as soon as the broker comes up.
    void reconnectsWithBackoffUntilBrokerIsUp() {
        CITYTWIN_REQUIRE_MOSQUITTO();
        MosquittoBroker broker;
        broker.reservePort();
        SensorHub hub;
        FeedLog log;
        std::vector<FeedState> retries;
        auto record = [&](const HubSnapshot& snap) {
            log(snap);
            for (const FeedEvent& e : snap.feedEvents)
                if (e.state.connection == FeedConnection::Reconnecting) retries.push_back(e.state);
        };
        MqttFeed feed(hub, broker.options("twin-backoff")); // min 100 ms, max 1000 ms, jitter 0.3
        QVERIFY(feed.start().ok());
        QVERIFY(pumpUntil(hub, [&] { return retries.size() >= 4; }, 10'000, record));
        QCOMPARE(log.states.front(), FeedConnection::Connecting);
        for (size_t i = 0; i < 4; ++i) {
            QCOMPARE(retries[i].attempt, int(i + 1));
            const double base = 100.0 * double(1 << i);
            QVERIFY2(retries[i].nextAttemptInMs >= 0.7 * base - 1 && retries[i].nextAttemptInMs <= 1.3 * base + 1,
                     describeFeedState(retries[i]).c_str());
            QVERIFY(retries[i].reason.find("connect") != std::string::npos);
        }
        CITYTWIN_START_BROKER(broker);
        QVERIFY(waitConnected(hub, feed, log, 5000));
        QElapsedTimer stopping;
        stopping.start();
        feed.stop();
        QVERIFY(stopping.elapsed() < 2000);
    }

    /// A persistent session: the feed disconnects (without cleaning its
    /// session), 100 messages are published, the feed comes back with the
    /// same client id and receives all 100.
    void persistentSessionDeliversWhileAway() {
        CITYTWIN_REQUIRE_MOSQUITTO();
        MosquittoBroker broker;
        CITYTWIN_START_BROKER(broker);
        SensorHub hub;
        addTrafficSensors(hub, 10);
        SeqCounter seqs(100);
        seqs.attach(hub);
        FeedLog log;
        MqttFeed feed(hub, broker.options("twin-session"));
        QVERIFY(feed.start().ok());
        QVERIFY(waitConnected(hub, feed, log));
        feed.stop();
        QCOMPARE(hub.feedState(feed.feedId()).connection, FeedConnection::Disconnected);

        MqttPublisher pub(broker.options("pub-session"));
        QVERIFY(pub.connect().ok());
        QCOMPARE(publishRange(pub, 0, 100, 10), QString());
        pumpUntil(hub, [] { return false; }, 200, std::ref(log)); // nothing may arrive while away
        QCOMPARE(seqs.distinct, 0);

        QVERIFY(feed.start().ok());
        QVERIFY(pumpUntil(hub, [&] { return seqs.distinct == 100; }, 10'000, std::ref(log)));
        QCOMPARE(seqs.repeated, 0);
        QVERIFY(log.sawInOrder(FeedConnection::Disconnected, FeedConnection::Connected));

        // A clean session, by contrast, gets nothing of what it missed.
        MqttFeed cleanFeed(hub, [&] {
            MqttOptions o = broker.options("twin-clean");
            o.cleanSession = true;
            return o;
        }());
        QVERIFY(cleanFeed.start().ok());
        QVERIFY(waitConnected(hub, cleanFeed, log));
        cleanFeed.stop();
        QCOMPARE(publishRange(pub, 0, 10, 10), QString()); // seq 0..9 again: the persistent feed drops them
        QVERIFY(cleanFeed.start().ok());
        QVERIFY(waitConnected(hub, cleanFeed, log));
        pumpUntil(hub, [] { return false; }, 300);
        QCOMPARE(cleanFeed.messagesReceived(), uint64_t(0));
        QVERIFY(pumpUntil(hub, [&] { return hub.dropCounts()[DropReason::Duplicate] == 10; }, 5000));
    }

    /// Every kind of bad payload through the real broker: counted by reason,
    /// dropped, and the feed goes on.
    void malformedPayloadsCountedAndDropped() {
        CITYTWIN_REQUIRE_MOSQUITTO();
        MosquittoBroker broker;
        CITYTWIN_START_BROKER(broker);
        SensorHub hub;
        addTrafficSensors(hub, 2);
        FeedLog log;
        MqttFeed feed(hub, broker.options("twin-bad"));
        QVERIFY(feed.start().ok());
        QVERIFY(waitConnected(hub, feed, log));
        MqttPublisher pub(broker.options("pub-bad"));
        QVERIFY(pub.connect().ok());
        const std::string good = "citytwin/" + sensorId(0);
        std::string big = "{\"t\":1,\"v\":1,\"pad\":\"" + std::string(300 * 1024, 'x') + "\"}";
        struct Bad { std::string topic, payload; DropReason reason; };
        const std::vector<Bad> bad = {
            {good, "{\"t\":1,\"v\":", DropReason::MalformedJson},
            {good, "not json at all", DropReason::MalformedJson},
            {good, std::string("{\"t\":1,\"v\":1,\"x\":\"\xFF\xFE\"}"), DropReason::NotUtf8},
            {good, std::string("\x00\x01\x02\xC3", 4), DropReason::NotUtf8},
            {good, big, DropReason::TooLarge},
            {"citytwin/nobody", "{\"t\":1,\"v\":1}", DropReason::UnknownSensor},
            {good, "{\"t\":\"28/11/2026 17:00\",\"v\":1}", DropReason::InvalidTime},
            {good, "{\"t\":1,\"v\":\"n/a\"}", DropReason::InvalidValue},
            {good, "{\"v\":1}", DropReason::MissingField},
            {"v1.1/Things(4)/Locations", "{}", DropReason::UnknownTopic},
        };
        for (const Bad& b : bad) QVERIFY(pub.publish(b.topic, b.payload).ok());
        QVERIFY(pub.publish(good, "{\"t\":\"2026-11-28T17:00:00Z\",\"v\":12,\"seq\":1}").ok());
        QVERIFY(pub.waitForAcks().ok());
        QVERIFY(pumpUntil(hub, [&] { return feed.messagesReceived() == bad.size() + 1; }, 10'000));
        const HubSnapshot snap = hub.coalesce(kT0);
        const FeedStatus& status = snap.feeds[size_t(feed.feedId())];
        DropCounts expected;
        for (const Bad& b : bad) ++expected[b.reason];
        for (size_t r = 0; r < kDropReasonCount; ++r)
            QVERIFY2(status.drops.counts[r] == expected.counts[r], dropReasonName(DropReason(r)));
        QCOMPARE(status.received, uint64_t(bad.size() + 1));
        QCOMPARE(status.accepted, uint64_t(1));
        QCOMPARE(snap.find(sensorId(0))->value, 12.0);
        QCOMPARE(hub.feedState(feed.feedId()).connection, FeedConnection::Connected);
    }

    /// SensorThings observations on v1.1/Datastreams(<id>)/Observations,
    /// received through the `v1.1/#` subscription and mapped to sensors.
    void sensorThingsTopics() {
        CITYTWIN_REQUIRE_MOSQUITTO();
        MosquittoBroker broker;
        CITYTWIN_START_BROKER(broker);
        SensorHub hub;
        Sensor air = sensorDefaults(SensorKind::AirPm25);
        air.id = "air-1";
        air.datastreamId = "12";
        hub.addSensor(air);
        FeedLog log;
        MqttFeed feed(hub, broker.options("twin-sta"));
        QVERIFY(feed.start().ok());
        QVERIFY(waitConnected(hub, feed, log));
        MqttPublisher pub(broker.options("pub-sta"));
        QVERIFY(pub.connect().ok());
        QVERIFY(pub.publish("v1.1/Datastreams(12)/Observations",
                            R"({"@iot.id":7,"phenomenonTime":"2026-11-28T16:59:00Z/2026-11-28T18:00:00+01:00","result":"31.5","resultTime":"2026-11-28T17:00:01Z"})")
                    .ok());
        QVERIFY(pub.publish("v1.1/Datastreams(13)/Observations", R"({"phenomenonTime":"2026-11-28T17:00:00Z","result":1})").ok());
        QVERIFY(pub.waitForAcks().ok());
        QVERIFY(pumpUntil(hub, [&] { return feed.messagesReceived() == 2; }, 5000));
        const HubSnapshot snap = hub.coalesce(kT0 + 1000);
        const SensorState* s = snap.find("air-1");
        QVERIFY(s && s->seen);
        QCOMPARE(s->value, 31.5);
        QCOMPARE(s->timeMs, kT0);
        QCOMPARE(s->status, SensorStatus::Warning); // PM2.5 over 25
        QCOMPARE(snap.drops[DropReason::UnknownSensor], uint64_t(1));
    }

    void tlsWithMissingCaFileFailsClearly() {
        SensorHub hub;
        auto url = parseBrokerUrl("mqtts://127.0.0.1:1");
        QVERIFY(url.ok());
        MqttOptions o = url.takeValue();
        o.caFile = "/nonexistent/citytwin-ca.pem";
        o.password = "hunter2";
        o.username = "twin";
        MqttFeed feed(hub, o);
        const auto started = feed.start();
        QVERIFY(!started.ok());
        QVERIFY2(started.firstError().find("CA file") != std::string::npos, started.firstError().c_str());
        QVERIFY(started.firstError().find("/nonexistent/citytwin-ca.pem") != std::string::npos);
        QVERIFY(started.firstError().find("hunter2") == std::string::npos);
        const FeedState state = hub.feedState(feed.feedId());
        QCOMPARE(state.connection, FeedConnection::Failed);
        QCOMPARE(state.reason, started.firstError());
        QVERIFY(!feed.running());
        MqttPublisher pub(o);
        QVERIFY(!pub.connect(500).ok());
        // Without any CA file TLS is refused too: there is no insecure mode.
        o.caFile.clear();
        MqttFeed noCa(hub, o);
        QVERIFY(!noCa.start().ok());
    }

    /// A real TLS listener with certificates made by openssl: the feed with
    /// the right CA receives; with another CA it never connects and says why.
    void tlsBrokerVerifiesCertificate() {
        CITYTWIN_REQUIRE_MOSQUITTO();
        MosquittoBroker broker;
        QString error;
        if (!makeCertificates(broker.dir(), &error)) QSKIP(qPrintable("cannot make certificates: " + error));
        const QString d = broker.dir();
        broker.setListenerOptions(QStringLiteral("cafile %1/ca.crt\ncertfile %1/server.crt\nkeyfile %1/server.key\n").arg(d));
        CITYTWIN_START_BROKER(broker);
        SensorHub hub;
        addTrafficSensors(hub, 1);
        auto base = [&](const char* id, const QString& ca) {
            MqttOptions o = broker.options(id);
            o.host = "localhost";
            o.tls = true;
            o.caFile = ca.toStdString();
            return o;
        };
        FeedLog log;
        MqttFeed wrongCa(hub, base("twin-wrong", d + "/other.crt"));
        QVERIFY(wrongCa.start().ok());
        MqttFeed feed(hub, base("twin-tls", d + "/ca.crt"));
        QVERIFY(feed.start().ok());
        QVERIFY2(waitConnected(hub, feed, log), qPrintable(broker.log().right(2000)));
        MqttPublisher pub(base("pub-tls", d + "/ca.crt"));
        auto c = pub.connect();
        QVERIFY2(c.ok(), c.firstError().c_str());
        QVERIFY(pub.publish("citytwin/" + sensorId(0), cityTwinPayload(5)).ok());
        QVERIFY(pub.waitForAcks().ok());
        QVERIFY(pumpUntil(hub, [&] { return feed.messagesReceived() == 1; }, 5000));
        QVERIFY(pumpUntil(hub, [&] { return hub.feedState(wrongCa.feedId()).connection == FeedConnection::Reconnecting; }, 5000));
        QCOMPARE(wrongCa.messagesReceived(), uint64_t(0));
        const FeedState wrong = hub.feedState(wrongCa.feedId());
        QVERIFY2(wrong.reason.find("TLS") != std::string::npos, wrong.reason.c_str());
        qInfo("wrong CA: %s", describeFeedState(wrong).c_str());
    }
};

int runMqttFeedTests(int argc, char** argv) {
    TestMqttFeed t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_sensors_MqttFeed.moc"
