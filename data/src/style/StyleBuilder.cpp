#include "citytwin/data/StyleBuilder.h"

#include "citytwin/data/ColorRamp.h"
#include "style/AttributeLookup.h"
#include "common/TransparentStringMap.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace citytwin::data {

namespace {

/// Where `attribute` sits in the first feature's list, as a lookup hint.
int hintFor(const std::vector<gis::FeatureRecord>& features, const std::string& attribute) {
    return features.empty() ? -1 : detail::fieldIndex(detail::namesOf(features.front().attributes), attribute);
}

std::string formatNumber(double v) {
    char text[64];
    if (std::abs(v) < 1e15 && v == std::floor(v))
        std::snprintf(text, sizeof text, "%.0f", v);
    else
        std::snprintf(text, sizeof text, "%.6g", v);
    return text;
}

std::vector<double> numbersOf(const std::vector<gis::FeatureRecord>& features,
                              const std::string& attribute) {
    std::vector<double> values;
    values.reserve(features.size());
    const int hint = hintFor(features, attribute);
    std::string scratch;
    for (const auto& f : features) {
        const auto text = detail::findAttribute(f.attributes, attribute, hint, scratch);
        if (!text) continue;
        if (auto v = gis::parseNumberInText(*text)) values.push_back(*v);
    }
    return values;
}

/// Upper breaks of the classes, ascending, last = max.
std::vector<double> upperBreaks(std::vector<double>& values, ClassMethod method, int classCount) {
    std::sort(values.begin(), values.end());
    const double lo = values.front();
    const double hi = values.back();
    const size_t n = static_cast<size_t>(std::max(classCount, 1));
    std::vector<double> uppers;
    for (size_t k = 1; k <= n; ++k) {
        double upper = hi;
        if (k < n && method == ClassMethod::EqualInterval) {
            upper = lo + (hi - lo) * static_cast<double>(k) / static_cast<double>(n);
        } else if (k < n) {
            const size_t rank = (k * values.size() + n - 1) / n; // ceil(k·N/n), 1-based
            upper = values[std::max<size_t>(rank, 1) - 1];
        }
        if (uppers.empty() || upper > uppers.back()) uppers.push_back(upper);
    }
    return uppers;
}

} // namespace

std::vector<std::string> layerFieldNames(const std::vector<gis::FeatureRecord>& features) {
    std::vector<std::string> names;
    std::vector<std::string> previous; // most features repeat the last feature's list
    for (const auto& f : features) {
        const bool same = f.attributes.size() == previous.size() &&
                          std::equal(previous.begin(), previous.end(), f.attributes.begin(),
                                     [](const std::string& name, const auto& kv) { return name == kv.first; });
        if (same) continue;
        previous = detail::namesOf(f.attributes);
        for (const auto& name : previous)
            if (detail::fieldIndex(names, name) < 0) names.push_back(name);
    }
    return names;
}

LayerStyle categorise(LayerStyle style, const std::string& attribute,
                      const std::vector<gis::FeatureRecord>& features, size_t maxCategories) {
    detail::TransparentStringMap<size_t> counts;
    const int hint = hintFor(features, attribute);
    std::string scratch;
    for (const auto& f : features) {
        const auto text = detail::findAttribute(f.attributes, attribute, hint, scratch);
        if (!text) continue;
        const auto it = counts.find(*text);
        if (it != counts.end()) ++it->second;
        else counts.emplace(std::string(*text), 1);
    }
    std::vector<std::pair<std::string, size_t>> ranked(counts.begin(), counts.end());
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (ranked.size() > maxCategories) ranked.resize(maxCategories);

    const bool keepEdits = style.mode == StyleMode::Categorised && style.attribute == attribute;
    std::vector<StyleCategory> categories;
    for (size_t i = 0; i < ranked.size(); ++i) {
        StyleCategory c{ranked[i].first, paletteColor(i), ranked[i].first.empty() ? "(empty)" : ranked[i].first, true};
        if (keepEdits) {
            const auto old = std::find_if(style.categories.begin(), style.categories.end(),
                                          [&](const StyleCategory& o) { return o.value == c.value; });
            if (old != style.categories.end()) c = *old;
        }
        categories.push_back(std::move(c));
    }
    style.mode = StyleMode::Categorised;
    style.attribute = attribute;
    style.categories = std::move(categories);
    return style;
}

LayerStyle classify(LayerStyle style, const std::string& attribute, ClassMethod method,
                    int classCount, const std::string& ramp,
                    const std::vector<gis::FeatureRecord>& features) {
    style.mode = StyleMode::Graduated;
    style.attribute = attribute;
    style.method = method;
    style.classCount = std::clamp(classCount, 1, 100);
    style.ramp = ramp;
    style.classes.clear();
    std::vector<double> values = numbersOf(features, attribute);
    if (values.empty()) return style;
    const std::vector<double> uppers = upperBreaks(values, method, style.classCount);
    const std::vector<Rgb> colors = rampColors(ramp, uppers.size());
    double lower = values.front();
    for (size_t i = 0; i < uppers.size(); ++i) {
        style.classes.push_back({lower, uppers[i], colors[i], classRangeLabel(lower, uppers[i])});
        lower = uppers[i];
    }
    return style;
}

std::string classRangeLabel(double lower, double upper) {
    return formatNumber(lower) + " \u2013 " + formatNumber(upper);
}

} // namespace citytwin::data
