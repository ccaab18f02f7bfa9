#include "citytwin/gis/LayerSpec.h"

namespace citytwin::gis {

namespace {

/// A column of that name, else the OSM other_tags entry of that name.
std::optional<std::string> lookup(const AttributeList& attributes, const std::string& name)
{
    if (name.empty()) return std::nullopt;
    std::optional<std::string_view> otherTags; // the last other_tags column
    for (const auto& [key, value] : attributes) {
        if (key == name && !value.empty()) return std::string(value);
        if (key == "other_tags") otherTags = value;
    }
    if (otherTags) return otherTagsValue(*otherTags, name);
    return std::nullopt;
}

} // namespace

double evaluateLineWidth(const LineWidthRule& rule, const AttributeList& attributes)
{
    if (const auto text = lookup(attributes, rule.widthAttribute)) {
        const auto width = parseNumberInText(*text);
        if (width && *width > 0 && *width < 1000) return *width;
    }
    if (const auto category = lookup(attributes, rule.categoryAttribute))
        for (const auto& [value, width] : rule.categoryWidths)
            if (value == *category) return width;
    return rule.defaultWidthMeters;
}

} // namespace citytwin::gis
