// categorise / classify: the categories and class breaks an analyst gets
// when choosing an attribute.
#include "citytwin/data/ColorRamp.h"
#include "citytwin/data/StyleBuilder.h"

#include "test_data_StyleSamples.h"
#include "test_data_Suites.h"

#include <QtTest>

using namespace citytwin::data;
using citytwin::gis::FeatureRecord;
using citytwin::test::bostonLikeBuildings;
using citytwin::test::feature;
using citytwin::test::numberedFeatures;

Q_DECLARE_METATYPE(citytwin::data::ClassMethod)
Q_DECLARE_METATYPE(std::vector<double>)

namespace {

std::vector<std::string> valuesOf(const LayerStyle& s) {
    std::vector<std::string> values;
    for (const auto& c : s.categories) values.push_back(c.value);
    return values;
}

std::vector<FeatureRecord> featuresWith(const std::string& attribute, const std::vector<std::string>& values) {
    std::vector<FeatureRecord> features;
    for (const auto& v : values) features.push_back(feature({{attribute, v}}));
    return features;
}

} // namespace

class TestStyleBuilder : public QObject {
    Q_OBJECT

private slots:
    void categoriseByFrequency() {
        const LayerStyle s = categorise(LayerStyle{}, "bra_use", bostonLikeBuildings());
        QVERIFY(s.mode == StyleMode::Categorised);
        QCOMPARE(s.attribute, std::string("bra_use"));
        // 5 Residential, 3 Office, 2 Retail, 1 Industrial; the building without bra_use is "other".
        QCOMPARE(valuesOf(s), (std::vector<std::string>{"Residential", "Office", "Retail", "Industrial"}));
        for (size_t i = 0; i < s.categories.size(); ++i) {
            QCOMPARE(s.categories[i].color, paletteColor(i));
            QCOMPARE(s.categories[i].label, s.categories[i].value);
            QVERIFY(s.categories[i].visible);
        }
        QVERIFY(s.categories[0].color != s.categories[1].color);
    }

    void categoriseTiesByValueAndCaps() {
        const auto ties = categorise(LayerStyle{}, "k", featuresWith("k", {"b", "c", "a", "b", "a", ""}));
        QCOMPARE(valuesOf(ties), (std::vector<std::string>{"a", "b", "", "c"}));
        QCOMPARE(ties.categories[2].label, std::string("(empty)"));

        std::vector<std::string> many;
        for (int i = 0; i < 60; ++i)
            for (int n = 0; n <= i; ++n) many.push_back(std::string("v").append(std::to_string(100 + i))); // v159 most frequent
        const auto capped = categorise(LayerStyle{}, "k", featuresWith("k", many));
        QCOMPARE(capped.categories.size(), size_t(50));
        QCOMPARE(capped.categories.front().value, std::string("v159"));
        QCOMPARE(capped.categories.back().value, std::string("v110"));
        QCOMPARE(categorise(LayerStyle{}, "k", featuresWith("k", many), 5).categories.size(), size_t(5));
    }

    void recategoriseKeepsEdits() {
        LayerStyle s = categorise(LayerStyle{}, "bra_use", bostonLikeBuildings());
        s.categories[1].color = {1, 2, 3}; // Office
        s.categories[1].visible = false;
        s.categories[1].label = "Offices";
        auto more = bostonLikeBuildings();
        more.push_back(feature({{"bra_use", "Institutional"}}));
        const LayerStyle again = categorise(s, "bra_use", more);
        QCOMPARE(again.categories.size(), size_t(5));
        QCOMPARE(again.categories[1], (StyleCategory{"Office", {1, 2, 3}, "Offices", false}));
        // By another attribute: a fresh palette.
        const LayerStyle other = categorise(s, "stories", more);
        QCOMPARE(other.categories[0].color, paletteColor(0));
    }

    void classBreaks_data() {
        QTest::addColumn<ClassMethod>("method");
        QTest::addColumn<int>("classes");
        QTest::addColumn<std::vector<double>>("values");
        QTest::addColumn<std::vector<double>>("breaks"); // lower of the first, then each upper
        std::vector<double> oneToHundred;
        for (int i = 1; i <= 100; ++i) oneToHundred.push_back(i);
        QTest::newRow("equal 1..100 ×5") << ClassMethod::EqualInterval << 5 << oneToHundred
                                         << std::vector<double>{1, 20.8, 40.6, 60.4, 80.2, 100};
        QTest::newRow("equal 0..10 ×2") << ClassMethod::EqualInterval << 2 << std::vector<double>{10, 0, 5, 3}
                                        << std::vector<double>{0, 5, 10};
        QTest::newRow("quantile 1..100 ×4") << ClassMethod::Quantile << 4 << oneToHundred
                                            << std::vector<double>{1, 25, 50, 75, 100};
        QTest::newRow("quantile 1..100 ×3") << ClassMethod::Quantile << 3 << oneToHundred
                                            << std::vector<double>{1, 34, 67, 100};
        QTest::newRow("quantile merges repeats") << ClassMethod::Quantile << 4
                                                 << std::vector<double>{1, 1, 1, 1, 1, 1, 1, 1, 2, 3}
                                                 << std::vector<double>{1, 1, 3};
        QTest::newRow("one value") << ClassMethod::EqualInterval << 5 << std::vector<double>{7, 7}
                                   << std::vector<double>{7, 7};
    }
    void classBreaks() {
        QFETCH(ClassMethod, method);
        QFETCH(int, classes);
        QFETCH(std::vector<double>, values);
        QFETCH(std::vector<double>, breaks);
        std::vector<FeatureRecord> features;
        for (double v : values) features.push_back(feature({{"v", QByteArray::number(v).toStdString()}}));
        const LayerStyle s = classify(LayerStyle{}, "v", method, classes, "blues", features);
        QVERIFY(s.mode == StyleMode::Graduated);
        QCOMPARE(s.classCount, classes);
        QCOMPARE(s.ramp, std::string("blues"));
        QCOMPARE(s.classes.size(), breaks.size() - 1);
        for (size_t i = 0; i < s.classes.size(); ++i) {
            QCOMPARE(s.classes[i].lower, breaks[i]);
            QCOMPARE(s.classes[i].upper, breaks[i + 1]);
        }
        QCOMPARE(s.classes.front().color, rampColor("blues", s.classes.size() == 1 ? 0.5 : 0.0));
        QCOMPARE(s.classes.back().color, rampColor("blues", s.classes.size() == 1 ? 0.5 : 1.0));
    }

    void classLabelsAndTextNumbers() {
        const LayerStyle s = classify(LayerStyle{}, "v", ClassMethod::EqualInterval, 5, "viridis",
                                      numberedFeatures("v", 100));
        QCOMPARE(s.classes[0].label, std::string("1 \u2013 20.8"));
        QCOMPARE(s.classes[4].label, std::string("80.2 \u2013 100"));
        // Numbers inside text count, like height rules read them; no number = no class.
        const LayerStyle t = classify(LayerStyle{}, "h", ClassMethod::EqualInterval, 1, "reds",
                                      featuresWith("h", {"12 m", "3,5", "n/a", "7"}));
        QCOMPARE(t.classes.size(), size_t(1));
        QCOMPARE(t.classes[0].lower, 3.5);
        QCOMPARE(t.classes[0].upper, 12.0);
        const LayerStyle none = classify(LayerStyle{}, "h", ClassMethod::Quantile, 4, "reds",
                                         featuresWith("h", {"n/a", ""}));
        QVERIFY(none.classes.empty());
        QVERIFY(none.mode == StyleMode::Graduated);
    }

    void rampsAreNamedAndDistinct() {
        for (const char* name : {"viridis", "reds", "blues", "greens", "spectral", "greys"})
            QVERIFY2(isColorRamp(name), name);
        QVERIFY(!isColorRamp("rainbow"));
        QCOMPARE(rampColor("greys", 0), (Rgb{247, 247, 247}));
        QCOMPARE(rampColor("greys", 1), (Rgb{37, 37, 37}));
        QCOMPARE(rampColor("viridis", 0.5), (Rgb{33, 145, 140}));
        QCOMPARE(rampColor("nonsense", 0), rampColor("viridis", 0));
        const auto five = rampColors("spectral", 5);
        QCOMPARE(five.size(), size_t(5));
        QCOMPARE(five[2], (Rgb{255, 255, 191}));
    }

    void fieldNamesAreTheUnion() {
        std::vector<FeatureRecord> features{feature({{"a", "1"}, {"b", "2"}}), feature({{"b", "2"}}),
                                            feature({{"a", "1"}, {"c", "3"}}), feature({{"a", "1"}, {"b", "2"}})};
        QCOMPARE(layerFieldNames(features), (std::vector<std::string>{"a", "b", "c"}));
    }
};

int runStyleBuilderTests(int argc, char** argv) {
    TestStyleBuilder t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_data_StyleBuilder.moc"
