#pragma once
// Hand-made features for the style, filter and project tests, and
// QTest::toString for the style types so failed comparisons print them.

#include "citytwin/data/LayerStyle.h"
#include "citytwin/data/StyleEvaluator.h"
#include "citytwin/gis/LayerImporter.h"

#include <QString>
#include <QtTest>

#include <string>
#include <vector>

namespace citytwin::data {

inline char* toString(const Rgb& c) {
    return QTest::toString(QString::fromStdString(rgbToHex(c)));
}

inline char* toString(const LegendItem& item) {
    return QTest::toString(QStringLiteral("LegendItem('%1', %2%3)")
                               .arg(QString::fromStdString(item.label))
                               .arg(QString::fromStdString(rgbToHex(item.color)))
                               .arg(item.header ? ", header" : ""));
}

} // namespace citytwin::data

namespace citytwin::test {

inline gis::FeatureRecord feature(gis::AttributeList attributes) {
    gis::FeatureRecord f;
    f.attributes = std::move(attributes);
    return f;
}

/// Boston-like buildings: bra_use (land use) and stories, as the city's
/// shapefile gives them (text values, some fields missing = null).
///   Residential ×5, Office ×3, Retail ×2, Industrial ×1, and one without bra_use.
inline std::vector<gis::FeatureRecord> bostonLikeBuildings() {
    const std::vector<std::pair<const char*, const char*>> rows = {
        {"Residential", "3"}, {"Office", "12"},  {"Residential", "2"}, {"Retail", "1"},
        {"Office", "25"},     {"Residential", "4"}, {"Industrial", "2"}, {"Residential", "3"},
        {"Retail", "2"},      {"Office", "8"},   {"Residential", "5"}, {nullptr, "1"},
    };
    std::vector<gis::FeatureRecord> features;
    int n = 0;
    for (const auto& [use, stories] : rows) {
        gis::AttributeList a{{"name", std::string("B").append(std::to_string(++n))}};
        if (use) a.emplace_back("bra_use", use);
        a.emplace_back("stories", stories);
        features.push_back(feature(std::move(a)));
    }
    return features;
}

/// Features with `attribute` = 1..count (as text).
inline std::vector<gis::FeatureRecord> numberedFeatures(const std::string& attribute, int count) {
    std::vector<gis::FeatureRecord> features;
    for (int i = 1; i <= count; ++i) features.push_back(feature({{attribute, std::to_string(i)}}));
    return features;
}

} // namespace citytwin::test
