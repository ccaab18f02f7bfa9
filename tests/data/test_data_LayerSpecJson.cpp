// LayerSpec <-> JSON: round trips, defaults, unknown members, type errors.
#include "citytwin/data/LayerSpecJson.h"

#include "test_data_Samples.h"
#include "test_data_Suites.h"

#include <QtTest>

using citytwin::data::layerSpecFromJson;
using citytwin::data::layerSpecToJson;
using citytwin::gis::HeightRule;
using citytwin::gis::HeightUnit;
using citytwin::gis::LayerSpec;

Q_DECLARE_METATYPE(citytwin::gis::LayerSpec)

class TestLayerSpecJson : public QObject {
    Q_OBJECT

private slots:
    void roundTrip_data() {
        QTest::addColumn<LayerSpec>("spec");
        QTest::newRow("default") << LayerSpec{};
        LayerSpec s;
        s.name = "Gebäude \"alt\" \\ 東京";
        s.sources = {"/data/a.gpkg", "/vsizip//data/b.zip/layer/1/2.json", "PG:dbname='x' user=y"};
        s.sourceLayer = "buildings";
        s.crsOverride = R"(PROJCRS["x",BASEGEOGCRS["WGS 84"]])";
        s.heightRule.candidates = {{"h", HeightUnit::Meters}, {"floors", HeightUnit::Storeys}};
        s.heightRule.storeyHeightMeters = 2.9;
        s.heightRule.defaultHeightMeters = 0.1 + 0.2; // not exactly representable in decimal
        s.heightRule.minHeightMeters = 0;
        s.heightRule.maxHeightMeters = 828.0;
        s.kind = citytwin::gis::LayerKind::Lines;
        s.attributeFilter = "highway IN ('primary', 'secondary') AND \"name\" IS NOT NULL";
        s.lineWidth.widthAttribute = "breite";
        s.lineWidth.categoryAttribute = "klasse";
        s.lineWidth.categoryWidths = {{"A", 12.5}, {"B", 0.1 + 0.2}, {"", 1}};
        s.lineWidth.defaultWidthMeters = 4.25;
        s.verticalExaggeration = 3.0;
        QTest::newRow("everything set") << s;
        for (auto kind : {citytwin::gis::LayerKind::Buildings, citytwin::gis::LayerKind::Areas,
                          citytwin::gis::LayerKind::Points, citytwin::gis::LayerKind::Terrain,
                          citytwin::gis::LayerKind::Imagery}) {
            LayerSpec k;
            k.kind = kind;
            QTest::newRow(citytwin::gis::layerKindName(kind)) << k;
        }
        LayerSpec noWidths;
        noWidths.lineWidth.categoryWidths.clear();
        QTest::newRow("no category widths") << noWidths;
        LayerSpec none;
        none.heightRule.candidates.clear();
        QTest::newRow("no height candidates") << none;
    }
    void roundTrip() {
        QFETCH(LayerSpec, spec);
        const std::string json = layerSpecToJson(spec);
        auto parsed = layerSpecFromJson(json);
        QVERIFY2(parsed.ok(), parsed.firstError().c_str());
        QCOMPARE(*parsed, spec);
        QCOMPARE(layerSpecToJson(*parsed), json); // canonical: same text again
    }

    void canonicalTextIsSortedAndCompact() {
        LayerSpec s;
        s.name = std::string("n"); // (not = "n": GCC 12 -Wrestrict false positive)
        s.sources = {"a"};
        s.heightRule.candidates = {{"height", HeightUnit::Storeys}};
        s.kind = citytwin::gis::LayerKind::Areas;
        s.lineWidth.categoryWidths = {{"primary", 12}};
        const std::string expected =
            R"({"attributeFilter":"","crsOverride":"","heightRule":{"candidates":[{"attribute":"height","unit":"storeys"}],)"
            R"("defaultHeightMeters":10.0,"maxHeightMeters":1000.0,"minHeightMeters":3.5,)"
            R"("storeyHeightMeters":3.5},"kind":"areas","lineWidth":{"categoryAttribute":"highway",)"
            R"("categoryWidths":[{"value":"primary","widthMeters":12.0}],"defaultWidthMeters":6.0,)"
            R"("widthAttribute":"width"},"name":"n","sourceLayer":"","sources":["a"],)"
            R"("verticalExaggeration":1.0})";
        QCOMPARE(layerSpecToJson(s), expected);
    }

    void unknownMembersAreIgnored() {
        auto parsed = layerSpecFromJson(R"({
            "name": "x", "futureOption": {"deep": [1, 2]}, "sources": ["a.shp"],
            "heightRule": {"candidates": [{"attribute": "h", "unit": "storeys", "note": "new"}],
                           "roofShape": "flat"},
            "style": null})");
        QVERIFY2(parsed.ok(), parsed.firstError().c_str());
        QCOMPARE(parsed->name, std::string("x"));
        QCOMPARE(parsed->sources, std::vector<std::string>{"a.shp"});
        QCOMPARE(parsed->heightRule.candidates.size(), size_t(1));
        QVERIFY(parsed->heightRule.candidates[0].unit == HeightUnit::Storeys);
        QVERIFY(parsed.diagnostics().empty());
    }

    void olderSpecsWithoutNewMembersLoad() {
        // What the foundation wrote, before kind / filter / line widths existed.
        auto parsed = layerSpecFromJson(
            R"({"crsOverride":"","heightRule":{"candidates":[{"attribute":"height","unit":"storeys"}],)"
            R"("defaultHeightMeters":10.0,"maxHeightMeters":1000.0,"minHeightMeters":3.5,)"
            R"("storeyHeightMeters":3.5},"name":"n","sourceLayer":"","sources":["a"]})");
        QVERIFY2(parsed.ok(), parsed.firstError().c_str());
        QVERIFY(parsed->kind == citytwin::gis::LayerKind::Auto);
        QCOMPARE(parsed->lineWidth, citytwin::gis::LineWidthRule::defaults());
        QCOMPARE(parsed->verticalExaggeration, 1.0);
        QCOMPARE(parsed->attributeFilter, std::string());
    }

    void missingMembersTakeDefaults() {
        auto empty = layerSpecFromJson("{}");
        QVERIFY(empty.ok());
        QCOMPARE(*empty, LayerSpec{});
        auto partial = layerSpecFromJson(R"({"heightRule": {"storeyHeightMeters": 3}, "name": null})");
        QVERIFY(partial.ok());
        LayerSpec expected;
        expected.heightRule.storeyHeightMeters = 3;
        QCOMPARE(*partial, expected);
        QCOMPARE(partial->heightRule.candidates, HeightRule::defaults().candidates);
    }

    void wrongTypesNamePath_data() {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << "{\"name\": " << "not valid JSON";
        QTest::newRow("not an object") << "[1, 2]" << "expected a JSON object, got array";
        QTest::newRow("name number") << R"({"name": 5})" << "/name: expected a string, got number";
        QTest::newRow("sources string") << R"({"sources": "a.gpkg"})" << "/sources: expected an array of strings";
        QTest::newRow("source item") << R"({"sources": ["a", 1]})" << "/sources/1: expected a string";
        QTest::newRow("rule array") << R"({"heightRule": []})" << "/heightRule: expected an object";
        QTest::newRow("candidate string") << R"({"heightRule": {"candidates": ["h"]}})"
                                          << "/heightRule/candidates/0: expected an object";
        QTest::newRow("unit unknown") << R"({"heightRule": {"candidates": [{"attribute": "h", "unit": "feet"}]}})"
                                      << "/heightRule/candidates/0/unit: expected \"meters\" or \"storeys\"";
        QTest::newRow("kind unknown") << R"({"kind": "roads"})"
                                      << "/kind: expected one of auto, buildings, lines, areas, points, terrain, imagery, got \"roads\"";
        QTest::newRow("kind number") << R"({"kind": 2})" << "/kind: expected a string, got number";
        QTest::newRow("filter number") << R"({"attributeFilter": 1})" << "/attributeFilter: expected a string";
        QTest::newRow("width rule array") << R"({"lineWidth": []})" << "/lineWidth: expected an object";
        QTest::newRow("width item") << R"({"lineWidth": {"categoryWidths": [{"value": "a", "widthMeters": "5"}]}})"
                                    << "/lineWidth/categoryWidths/0/widthMeters: expected a number, got string";
        QTest::newRow("exaggeration text") << R"({"verticalExaggeration": "2"})"
                                           << "/verticalExaggeration: expected a number, got string";
        QTest::newRow("clamp text") << R"({"heightRule": {"minHeightMeters": "3"}})"
                                    << "/heightRule/minHeightMeters: expected a number, got string";
    }
    void wrongTypesNamePath() {
        QFETCH(QString, json);
        QFETCH(QString, message);
        auto parsed = layerSpecFromJson(json.toStdString());
        QVERIFY(!parsed.ok());
        const QString error = QString::fromStdString(parsed.firstError());
        QVERIFY2(error.contains(message), qPrintable(error));
        QVERIFY(error.startsWith("layer spec: "));
    }
};

int runLayerSpecJsonTests(int argc, char** argv) {
    TestLayerSpecJson t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_data_LayerSpecJson.moc"
