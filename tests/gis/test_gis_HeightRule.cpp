#include "test_gis_Suites.h"

#include "citytwin/gis/HeightRule.h"

#include <QtTest>

using namespace citytwin::gis;

class HeightRuleTest : public QObject {
    Q_OBJECT
private slots:
    void parseNumber_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("found");
        QTest::addColumn<double>("value");
        QTest::newRow("integer") << "12" << true << 12.0;
        QTest::newRow("with unit") << "12 m" << true << 12.0;
        QTest::newRow("list takes first") << "4;5" << true << 4.0;
        QTest::newRow("decimal point") << " 3.5 " << true << 3.5;
        QTest::newRow("decimal comma") << "3,5" << true << 3.5;
        QTest::newRow("negative") << "-2" << true << -2.0;
        QTest::newRow("text before") << "approx. 20m" << true << 20.0;
        QTest::newRow("empty") << "" << false << 0.0;
        QTest::newRow("no digits") << "unknown" << false << 0.0;
    }
    void parseNumber()
    {
        QFETCH(QString, text);
        QFETCH(bool, found);
        QFETCH(double, value);
        const auto n = parseNumberInText(text.toStdString());
        QCOMPARE(n.has_value(), found);
        if (found) QCOMPARE(*n, value);
    }

    void otherTags_data()
    {
        QTest::addColumn<QString>("tags");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("expected"); // "<none>" = not found
        const QString tags = "\"building:levels\"=>\"4\",\"roof:shape\"=>\"flat\",\"name\"=>\"a \\\"quoted\\\" one\"";
        QTest::newRow("first") << tags << "building:levels" << "4";
        QTest::newRow("second") << tags << "roof:shape" << "flat";
        QTest::newRow("escaped quotes") << tags << "name" << "a \"quoted\" one";
        QTest::newRow("missing") << tags << "height" << "<none>";
        QTest::newRow("empty") << "" << "height" << "<none>";
        QTest::newRow("garbage") << "building:levels=4" << "building:levels" << "<none>";
    }
    void otherTags()
    {
        QFETCH(QString, tags);
        QFETCH(QString, key);
        QFETCH(QString, expected);
        const auto v = otherTagsValue(tags.toStdString(), key.toStdString());
        QCOMPARE(v ? QString::fromStdString(*v) : QStringLiteral("<none>"), expected);
    }

    // Attribute values → metres with HeightRule::defaults() (storey 3.5 m,
    // default 10 m, clamps 3.5..1000 m).
    void evaluate_data()
    {
        QTest::addColumn<QStringList>("attributes"); // key, value, key, value...
        QTest::addColumn<double>("metres");
        QTest::addColumn<int>("candidate");
        QTest::newRow("height") << QStringList{"height", "12"} << 12.0 << 0;
        QTest::newRow("height with unit") << QStringList{"height", "12 m"} << 12.0 << 0;
        QTest::newRow("height list") << QStringList{"height", "4;5"} << 4.0 << 0;
        QTest::newRow("height decimal comma") << QStringList{"height", "7,5"} << 7.5 << 0;
        QTest::newRow("building:height") << QStringList{"building:height", "21"} << 21.0 << 1;
        QTest::newRow("measuredHeight") << QStringList{"measuredHeight", "23.75"} << 23.75 << 2;
        QTest::newRow("levels") << QStringList{"building:levels", "4"} << 14.0 << 3;
        QTest::newRow("levels in other_tags")
            << QStringList{"other_tags", "\"building:levels\"=>\"5\",\"roof:shape\"=>\"flat\""} << 17.5 << 3;
        QTest::newRow("height in other_tags") << QStringList{"other_tags", "\"height\"=>\"30\""} << 30.0 << 0;
        QTest::newRow("demo levels") << QStringList{"levels", "2"} << 7.0 << 4;
        QTest::newRow("boston stories") << QStringList{"stories", "3"} << 10.5 << 5;
        QTest::newRow("boston storeys as text") << QStringList{"story_ht_", "62"} << 217.0 << 6;
        QTest::newRow("zero storeys is one storey") << QStringList{"story_ht_", "0"} << 3.5 << 6;
        QTest::newRow("zero stories") << QStringList{"stories", "0"} << 3.5 << 5;
        QTest::newRow("priority: metres first") << QStringList{"story_ht_", "5", "height", "9"} << 9.0 << 0;
        QTest::newRow("zero metres falls through") << QStringList{"height", "0", "building:levels", "2"} << 7.0 << 3;
        QTest::newRow("negative falls through") << QStringList{"height", "-5"} << 10.0 << -1;
        QTest::newRow("text is no number") << QStringList{"height", "tall"} << 10.0 << -1;
        QTest::newRow("untagged") << QStringList{"name", "Shed"} << 10.0 << -1;
        QTest::newRow("nothing") << QStringList{} << 10.0 << -1;
        QTest::newRow("clamp low") << QStringList{"height", "1"} << 3.5 << 0;
        QTest::newRow("clamp high") << QStringList{"height", "5000"} << 1000.0 << 0;
    }
    void evaluate()
    {
        QFETCH(QStringList, attributes);
        QFETCH(double, metres);
        QFETCH(int, candidate);
        AttributeList attrs;
        for (int i = 0; i + 1 < attributes.size(); i += 2)
            attrs.emplace_back(attributes[i].toStdString(), attributes[i + 1].toStdString());
        const HeightEvaluation e = evaluateHeight(HeightRule::defaults(), attrs);
        QCOMPARE(e.heightMeters, metres);
        QCOMPARE(e.candidateIndex, candidate);
    }

    void customRule()
    {
        HeightRule rule;
        rule.candidates = {{"floors", HeightUnit::Storeys}};
        rule.storeyHeightMeters = 3.0;
        rule.defaultHeightMeters = 6.0;
        rule.minHeightMeters = 0.5;
        QCOMPARE(evaluateHeight(rule, {{"floors", "10"}}).heightMeters, 30.0);
        QCOMPARE(evaluateHeight(rule, {{"height", "99"}}).heightMeters, 6.0);
    }
};

int runHeightRuleTest(int argc, char** argv)
{
    HeightRuleTest t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_gis_HeightRule.moc"
