#include "citytwin/data/StyleEvaluator.h"

#include "citytwin/data/FilterExpression.h"
#include "citytwin/data/StyleBuilder.h"
#include "style/AttributeLookup.h"
#include "common/TransparentStringMap.h"

namespace citytwin::data {

namespace {

using Features = std::vector<gis::FeatureRecord>;

int hintFor(const Features& features, const std::string& attribute) {
    return features.empty() ? -1
                            : detail::fieldIndex(detail::namesOf(features.front().attributes), attribute);
}

/// The filter, parsed and resolved; an invalid one is reported and ignored.
FilterExpression prepareFilter(const LayerStyle& style, const Features& features,
                               gis::Diagnostics& diagnostics) {
    if (style.filter.empty()) return {};
    auto parsed = FilterExpression::parse(style.filter, layerFieldNames(features));
    for (auto d : parsed.diagnostics()) {
        if (d.severity == gis::Severity::Error) d.message += " (the filter is ignored)";
        diagnostics.push_back(std::move(d));
    }
    if (!parsed) return {};
    FilterExpression filter = parsed.takeValue();
    if (!features.empty()) filter.resolve(features.front().attributes);
    return filter;
}

/// Colours by category; returns how many features fell to "other".
size_t colourCategorised(const LayerStyle& style, const Features& features, StyleResult& r) {
    detail::TransparentStringMap<uint32_t> index;
    for (size_t i = 0; i < style.categories.size(); ++i)
        index.emplace(style.categories[i].value, static_cast<uint32_t>(i)); // first wins
    const int hint = hintFor(features, style.attribute);
    std::string scratch;
    size_t other = 0;
    for (size_t i = 0; i < features.size(); ++i) {
        const auto text = detail::findAttribute(features[i].attributes, style.attribute, hint, scratch);
        const auto it = text ? index.find(*text) : index.end();
        if (it == index.end()) {
            r.colors[i] = style.otherColor;
            r.visible[i] = r.visible[i] && style.otherVisible;
            other += r.visible[i];
            continue;
        }
        const StyleCategory& c = style.categories[it->second];
        r.colors[i] = c.color;
        r.visible[i] = r.visible[i] && c.visible;
    }
    return other;
}

size_t colourGraduated(const LayerStyle& style, const Features& features, StyleResult& r) {
    const int hint = hintFor(features, style.attribute);
    std::string scratch;
    size_t other = 0;
    for (size_t i = 0; i < features.size(); ++i) {
        const auto found = detail::findAttribute(features[i].attributes, style.attribute, hint, scratch);
        const StyleClass* cls = nullptr;
        if (found) {
            if (const auto v = gis::parseNumberInText(*found))
                for (const auto& c : style.classes)
                    if (*v >= c.lower && *v <= c.upper) {
                        cls = &c;
                        break;
                    }
        }
        r.colors[i] = cls ? cls->color : style.otherColor;
        if (!cls) {
            r.visible[i] = r.visible[i] && style.otherVisible;
            other += r.visible[i];
        }
    }
    return other;
}

void buildLegend(const LayerStyle& style, size_t otherCount, StyleResult& r) {
    if (style.mode == StyleMode::Single) {
        r.legend.push_back({"", style.color, false});
        return;
    }
    r.legend.push_back({style.attribute, {}, true});
    if (style.mode == StyleMode::Categorised) {
        for (const auto& c : style.categories)
            if (c.visible) r.legend.push_back({c.label.empty() ? c.value : c.label, c.color, false});
    } else {
        for (const auto& c : style.classes)
            r.legend.push_back({c.label.empty() ? classRangeLabel(c.lower, c.upper) : c.label, c.color, false});
    }
    if (otherCount > 0) r.legend.push_back({"Other", style.otherColor, false});
}

void readLabels(const LayerStyle& style, const Features& features, StyleResult& r) {
    if (style.labelAttribute.empty()) return;
    r.labels.resize(features.size());
    const int hint = hintFor(features, style.labelAttribute);
    std::string scratch;
    for (size_t i = 0; i < features.size(); ++i)
        if (const auto text = detail::findAttribute(features[i].attributes, style.labelAttribute, hint, scratch))
            r.labels[i].assign(text->data(), text->size());
}

} // namespace

StyleResult evaluateStyle(const LayerStyle& style, const Features& features) {
    StyleResult r;
    const size_t n = features.size();
    r.colors.assign(n, style.color);
    r.visible.assign(n, 1);
    const FilterExpression filter = prepareFilter(style, features, r.diagnostics);
    if (!filter.isEmpty())
        for (size_t i = 0; i < n; ++i) r.visible[i] = filter.matches(features[i].attributes) ? 1 : 0;

    size_t other = 0;
    if (style.mode == StyleMode::Categorised) other = colourCategorised(style, features, r);
    else if (style.mode == StyleMode::Graduated) other = colourGraduated(style, features, r);
    buildLegend(style, other, r);
    readLabels(style, features, r);
    for (uint8_t v : r.visible) r.visibleCount += v;
    return r;
}

} // namespace citytwin::data
