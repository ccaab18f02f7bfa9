// LayerStyle <-> JSON: round trips of every mode, tolerance of unknown
// members, errors naming the member, colours.
#include "citytwin/data/LayerStyleJson.h"

#include "test_data_StyleSamples.h"
#include "test_data_Suites.h"

#include <QtTest>

using namespace citytwin::data;

Q_DECLARE_METATYPE(citytwin::data::LayerStyle)

class TestLayerStyleJson : public QObject {
    Q_OBJECT

private slots:
    void roundTrip_data() {
        QTest::addColumn<LayerStyle>("style");
        QTest::newRow("default") << LayerStyle{};
        LayerStyle single;
        single.color = {1, 2, 255};
        single.filter = "stories >= 10 and bra_use = 'Office'";
        single.labelAttribute = "name";
        QTest::newRow("single with filter and labels") << single;
        LayerStyle cat;
        cat.mode = StyleMode::Categorised;
        cat.attribute = "bra_use";
        cat.categories = {{"Office", {31, 119, 180}, "Offices", true},
                          {"", {0, 0, 0}, "(empty)", false},
                          {"Ünïcode \"q\"", {255, 255, 255}, "", true}};
        cat.otherColor = {9, 8, 7};
        cat.otherVisible = false;
        QTest::newRow("categorised") << cat;
        LayerStyle grad;
        grad.mode = StyleMode::Graduated;
        grad.attribute = "stories";
        grad.method = ClassMethod::Quantile;
        grad.classCount = 3;
        grad.ramp = "reds";
        grad.classes = {{1, 2.5, {254, 229, 217}, "1 – 2.5"},
                        {2.5, 0.1 + 0.2, {222, 45, 38}, ""},
                        {-1e300, 1e300, {165, 15, 21}, "huge"}};
        QTest::newRow("graduated") << grad;
    }
    void roundTrip() {
        QFETCH(LayerStyle, style);
        const std::string json = layerStyleToJson(style);
        auto parsed = layerStyleFromJson(json);
        QVERIFY2(parsed.ok(), parsed.firstError().c_str());
        QVERIFY(*parsed == style);
        QCOMPARE(layerStyleToJson(*parsed), json);
    }

    void readableText() {
        LayerStyle s;
        s.mode = StyleMode::Categorised;
        s.attribute = "bra_use";
        s.categories = {{"Office", {31, 119, 180}, "Office", true}};
        const QString json = QString::fromStdString(layerStyleToJson(s));
        // (escaped, not raw strings: moc's lexer trips over '#' inside raw strings)
        QVERIFY2(json.contains("\"mode\":\"categorised\""), qPrintable(json));
        QVERIFY2(json.contains("\"color\":\"\x23" "1f77b4\""), qPrintable(json));
        QVERIFY2(json.contains("\"method\":\"equalInterval\""), qPrintable(json));
    }

    void unknownAndMissingMembers() {
        auto parsed = layerStyleFromJson(
            "{\"mode\": \"graduated\", \"attribute\": \"h\", \"classes\": [{\"lower\": 1, "
            "\"upper\": 2, \"color\": \"\x23" "FFF\", \"opacityFuture\": 0.5}], "
            "\"symbol\": {\"kind\": \"extrusion\"}, \"filter\": null}");
        QVERIFY2(parsed.ok(), parsed.firstError().c_str());
        QVERIFY(parsed->mode == StyleMode::Graduated);
        QCOMPARE(parsed->classes.size(), size_t(1));
        QCOMPARE(parsed->classes[0].color, (Rgb{255, 255, 255}));
        QCOMPARE(parsed->ramp, LayerStyle{}.ramp);
        QCOMPARE(parsed->filter, std::string());
        auto empty = layerStyleFromJson("{}");
        QVERIFY(empty.ok());
        QVERIFY(*empty == LayerStyle{});
        QVERIFY(layerStyleFromJson(R"({"mode": "categorized"})")->mode == StyleMode::Categorised);
    }

    void wrongTypesNamePath_data() {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << "{\"mode\":" << "not valid JSON";
        QTest::newRow("array") << "[]" << "expected a JSON object, got array";
        QTest::newRow("mode unknown") << R"({"mode": "heatmap"})" << "/mode: expected \"single\", \"categorised\" or \"graduated\", got \"heatmap\"";
        QTest::newRow("mode number") << R"({"mode": 2})" << "/mode: expected a string, got number";
        QTest::newRow("colour name") << R"({"color": "red"})" << "/color: expected a colour \"#rrggbb\", got \"red\"";
        QTest::newRow("colour array") << R"({"otherColor": [1,2,3]})" << "/otherColor: expected a string, got array";
        QTest::newRow("category colour") << R"({"categories": [{"value": "a"}, {"color": "#12345"}]})"
                                         << "/categories/1/color: expected a colour";
        QTest::newRow("category not object") << R"({"categories": ["a"]})" << "/categories/0: expected an object, got string";
        QTest::newRow("visible text") << R"({"categories": [{"visible": "yes"}]})" << "/categories/0/visible: expected true or false";
        QTest::newRow("class bound text") << R"({"classes": [{"lower": "1"}]})" << "/classes/0/lower: expected a number, got string";
        QTest::newRow("class count") << R"({"classCount": 0})" << "/classCount: expected 1..100, got 0";
        QTest::newRow("class count real") << R"({"classCount": 2.5})" << "/classCount: expected an integer";
        QTest::newRow("method") << R"({"method": "jenks"})" << "/method: expected \"equalInterval\" or \"quantile\"";
    }
    void wrongTypesNamePath() {
        QFETCH(QString, json);
        QFETCH(QString, message);
        auto parsed = layerStyleFromJson(json.toStdString());
        QVERIFY(!parsed.ok());
        const QString error = QString::fromStdString(parsed.firstError());
        QVERIFY2(error.startsWith("layer style: "), qPrintable(error));
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void hexColours_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<int>("r");
        QTest::addColumn<int>("g");
        QTest::addColumn<int>("b");
        QTest::newRow("lower") << "#1f77b4" << true << 31 << 119 << 180;
        QTest::newRow("upper") << "#FF0080" << true << 255 << 0 << 128;
        QTest::newRow("short") << "#f08" << true << 255 << 0 << 136;
        QTest::newRow("no hash") << "1f77b4" << false << 0 << 0 << 0;
        QTest::newRow("bad digit") << "#1g77b4" << false << 0 << 0 << 0;
        QTest::newRow("alpha") << "#1f77b4ff" << false << 0 << 0 << 0;
    }
    void hexColours() {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        Rgb c{};
        QCOMPARE(parseRgbHex(text.toStdString(), c), valid);
        if (!valid) return;
        QFETCH(int, r);
        QFETCH(int, g);
        QFETCH(int, b);
        QCOMPARE(c, (Rgb{uint8_t(r), uint8_t(g), uint8_t(b)}));
        if (text.size() == 7) QCOMPARE(QString::fromStdString(rgbToHex(c)), text.toLower());
    }
};

int runLayerStyleJsonTests(int argc, char** argv) {
    TestLayerStyleJson t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_data_LayerStyleJson.moc"
