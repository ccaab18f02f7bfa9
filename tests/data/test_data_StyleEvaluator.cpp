// evaluateStyle: the colour, visibility and label each feature gets, the
// legend, and how long a million features take.
#include "citytwin/data/ColorRamp.h"
#include "citytwin/data/StyleBuilder.h"
#include "citytwin/data/StyleEvaluator.h"

#include "test_data_StyleSamples.h"
#include "test_data_Suites.h"

#include <QElapsedTimer>
#include <QtTest>

using namespace citytwin::data;
using citytwin::gis::FeatureRecord;
using citytwin::test::bostonLikeBuildings;
using citytwin::test::feature;
using citytwin::test::numberedFeatures;

namespace {

/// Indices (1-based, like the names B1..B12) of the visible features.
QList<int> shown(const StyleResult& r) {
    QList<int> out;
    for (size_t i = 0; i < r.visible.size(); ++i)
        if (r.visible[i]) out.push_back(int(i) + 1);
    return out;
}

} // namespace

class TestStyleEvaluator : public QObject {
    Q_OBJECT

private slots:
    void filterShowsOnlyMatches_data() {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QList<int>>("visible");
        QTest::newRow("none") << "" << QList<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        QTest::newRow("tall offices") << "stories >= 10 and bra_use = 'Office'" << QList<int>{2, 5};
        QTest::newRow("everything else") << "not (stories >= 10 and bra_use = 'Office')"
                                         << QList<int>{1, 3, 4, 6, 7, 8, 9, 10, 11, 12}; // B12: false and null = false
        QTest::newRow("shops or industry") << "bra_use in ('Retail', 'Industrial')" << QList<int>{4, 7, 9};
        QTest::newRow("no land use") << "bra_use is null" << QList<int>{12};
        QTest::newRow("names") << "name like 'B1%'" << QList<int>{1, 10, 11, 12};
    }
    void filterShowsOnlyMatches() {
        QFETCH(QString, filter);
        QFETCH(QList<int>, visible);
        LayerStyle style;
        style.filter = filter.toStdString();
        const StyleResult r = evaluateStyle(style, bostonLikeBuildings());
        QVERIFY(r.diagnostics.empty());
        QCOMPARE(shown(r), visible);
        QCOMPARE(r.visibleCount, size_t(visible.size()));
        for (const Rgb& c : r.colors) QCOMPARE(c, style.color); // hiding never recolours
    }

    void categorisedColoursAndLegend() {
        const auto features = bostonLikeBuildings();
        const LayerStyle style = categorise(LayerStyle{}, "bra_use", features);
        const StyleResult r = evaluateStyle(style, features);
        QCOMPARE(r.colors.size(), features.size());
        QCOMPARE(r.colors[0], paletteColor(0)); // Residential
        QCOMPARE(r.colors[1], paletteColor(1)); // Office
        QCOMPARE(r.colors[3], paletteColor(2)); // Retail
        QCOMPARE(r.colors[6], paletteColor(3)); // Industrial
        QCOMPARE(r.colors[11], style.otherColor); // no bra_use
        QCOMPARE(r.visibleCount, features.size());
        const std::vector<LegendItem> legend{{"bra_use", {}, true},
                                             {"Residential", paletteColor(0), false},
                                             {"Office", paletteColor(1), false},
                                             {"Retail", paletteColor(2), false},
                                             {"Industrial", paletteColor(3), false},
                                             {"Other", style.otherColor, false}};
        QCOMPARE(r.legend, legend);
        QVERIFY(r.labels.empty());
    }

    void hiddenCategoriesHideTheirFeatures() {
        const auto features = bostonLikeBuildings();
        LayerStyle style = categorise(LayerStyle{}, "bra_use", features);
        style.categories[0].visible = false; // Residential
        style.otherVisible = false;
        const StyleResult r = evaluateStyle(style, features);
        QCOMPARE(shown(r), (QList<int>{2, 4, 5, 7, 9, 10}));
        QCOMPARE(r.legend.size(), size_t(4)); // header + Office, Retail, Industrial; no Other
        QCOMPARE(r.legend[1].label, std::string("Office"));
        // A filter and a hidden category both hide.
        style.filter = "stories > 5";
        QCOMPARE(shown(evaluateStyle(style, features)), (QList<int>{2, 5, 10}));
    }

    void graduatedQuantilesHoldEqualCounts() {
        const auto features = numberedFeatures("stories", 100);
        const LayerStyle style = classify(LayerStyle{}, "stories", ClassMethod::Quantile, 4, "greens", features);
        const StyleResult r = evaluateStyle(style, features);
        for (size_t c = 0; c < 4; ++c) {
            const auto n = std::count(r.colors.begin(), r.colors.end(), style.classes[c].color);
            QCOMPARE(int(n), 25);
        }
        QCOMPARE(r.colors[24], style.classes[0].color); // 25 sits on a break: the lower class
        QCOMPARE(r.colors[25], style.classes[1].color);
        QCOMPARE(r.legend.size(), size_t(5));
        QCOMPARE(r.legend[1].label, std::string("1 \u2013 25"));
    }

    void graduatedWithoutNumberIsOther() {
        std::vector<FeatureRecord> features{feature({{"h", "12 m"}}), feature({{"h", "unknown"}}),
                                            feature({{"x", "1"}}), feature({{"h", "500"}})};
        LayerStyle style = classify(LayerStyle{}, "h", ClassMethod::EqualInterval, 2, "reds", features);
        style.classes.back().upper = 100; // 500 now above every class
        const StyleResult r = evaluateStyle(style, features);
        QCOMPARE(r.colors[0], style.classes[0].color);
        QCOMPARE(r.colors[1], style.otherColor);
        QCOMPARE(r.colors[2], style.otherColor);
        QCOMPARE(r.colors[3], style.otherColor);
        QCOMPARE(r.legend.back().label, std::string("Other"));
    }

    void labelsFromAttribute() {
        LayerStyle style;
        style.labelAttribute = "bra_use";
        const StyleResult r = evaluateStyle(style, bostonLikeBuildings());
        QCOMPARE(r.labels.size(), size_t(12));
        QCOMPARE(r.labels[1], std::string("Office"));
        QCOMPARE(r.labels[11], std::string()); // no value: no label
    }

    void badFilterIsReportedAndIgnored() {
        LayerStyle style;
        style.filter = "stories >= and";
        StyleResult r = evaluateStyle(style, bostonLikeBuildings());
        QCOMPARE(r.visibleCount, size_t(12));
        QCOMPARE(r.diagnostics.size(), size_t(1));
        QVERIFY(r.diagnostics[0].severity == citytwin::gis::Severity::Error);
        QVERIFY2(QString::fromStdString(r.diagnostics[0].message).contains("column 12"),
                 r.diagnostics[0].message.c_str());
        style.filter = "storeys >= 3";
        r = evaluateStyle(style, bostonLikeBuildings());
        QCOMPARE(r.visibleCount, size_t(0)); // storeys is null everywhere
        QCOMPARE(r.diagnostics.size(), size_t(1));
        QVERIFY(r.diagnostics[0].severity == citytwin::gis::Severity::Warning);
        QVERIFY(QString::fromStdString(r.diagnostics[0].message).contains("unknown attribute 'storeys'"));
    }

    void emptyLayer() {
        LayerStyle style = categorise(LayerStyle{}, "bra_use", bostonLikeBuildings());
        style.filter = "stories > 1";
        const StyleResult r = evaluateStyle(style, {});
        QVERIFY(r.colors.empty());
        QVERIFY(r.visible.empty());
    }

    void millionFeatures() {
        const std::vector<std::string> uses{"Residential", "Office", "Retail", "Industrial", "Institutional",
                                            "Mixed", "Exempt", "Parking", "Open space", "Commercial"};
        std::vector<FeatureRecord> features(1'000'000);
        for (size_t i = 0; i < features.size(); ++i) {
            auto& a = features[i].attributes;
            a.reserve(4);
            a.emplace_back("name", std::string("B").append(std::to_string(i)));
            if (i % 97 != 0) a.emplace_back("bra_use", uses[(i * 7) % uses.size()]); // some null
            a.emplace_back("stories", std::to_string(1 + i % 40));
            a.emplace_back("year", std::to_string(1800 + i % 220));
        }
        QElapsedTimer timer;
        timer.start();
        const LayerStyle categorised = categorise(LayerStyle{}, "bra_use", features);
        const qint64 categoriseMs = timer.restart();
        StyleResult r = evaluateStyle(categorised, features);
        const qint64 categorisedMs = timer.restart();
        LayerStyle filtered = categorised;
        filtered.filter = "stories >= 10 and bra_use in ('Office', 'Retail')";
        const StyleResult f = evaluateStyle(filtered, features);
        const qint64 filteredMs = timer.restart();
        const LayerStyle graduated = classify(LayerStyle{}, "stories", ClassMethod::Quantile, 5, "viridis", features);
        const qint64 classifyMs = timer.restart();
        const StyleResult g = evaluateStyle(graduated, features);
        const qint64 graduatedMs = timer.restart();
        qInfo("1M features: categorise %lld ms, evaluate categorised %lld ms, categorised + filter %lld ms, "
              "classify (quantile) %lld ms, evaluate graduated %lld ms",
              categoriseMs, categorisedMs, filteredMs, classifyMs, graduatedMs);
        QCOMPARE(categorised.categories.size(), uses.size());
        QCOMPARE(r.visibleCount, features.size());
        size_t expected = 0;
        for (size_t i = 0; i < features.size(); ++i)
            expected += (i % 97 != 0 && 1 + i % 40 >= 10 &&
                         (uses[(i * 7) % uses.size()] == "Office" || uses[(i * 7) % uses.size()] == "Retail"));
        QCOMPARE(f.visibleCount, expected);
        QCOMPARE(g.colors.size(), features.size());
        // Generous bounds (shared, loaded CI machines); the target is < 1 s.
        QVERIFY2(categorisedMs < 5000, qPrintable(QString::number(categorisedMs)));
        QVERIFY2(filteredMs < 8000, qPrintable(QString::number(filteredMs)));
        QVERIFY2(graduatedMs < 8000, qPrintable(QString::number(graduatedMs)));
    }
};

int runStyleEvaluatorTests(int argc, char** argv) {
    TestStyleEvaluator t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_data_StyleEvaluator.moc"
