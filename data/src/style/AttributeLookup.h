#pragma once
// Finding a named attribute in a feature's AttributeList quickly: at a
// remembered field index when the names line up, else by name, else inside
// OSM other_tags. Private to citytwin_data.

#include "citytwin/gis/HeightRule.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace citytwin::data::detail {

/// Index of `name` in `fieldNames`, or -1.
inline int fieldIndex(const std::vector<std::string>& fieldNames, const std::string& name) {
    for (size_t i = 0; i < fieldNames.size(); ++i)
        if (fieldNames[i] == name) return static_cast<int>(i);
    return -1;
}

inline std::vector<std::string> namesOf(const gis::AttributeList& attributes) {
    std::vector<std::string> names;
    names.reserve(attributes.size());
    for (const auto& kv : attributes) names.emplace_back(kv.first);
    return names;
}

/// The value of `name`, or nothing (null). `hint` is where the name usually
/// sits (-1: unknown). A value found inside other_tags is kept in `scratch`,
/// which must outlive the returned view. Pure.
inline std::optional<std::string_view> findAttribute(const gis::AttributeList& attributes,
                                                     const std::string& name, int hint,
                                                     std::string& scratch) {
    // The list is walked entry by entry, so the hint saves name comparisons,
    // not the walk: stepping to it costs about what comparing on the way does.
    if (hint >= 0 && static_cast<size_t>(hint) < attributes.size()) {
        const auto [key, value] = attributes[static_cast<size_t>(hint)];
        if (key == name) return value;
    }
    std::optional<std::string_view> otherTags; // the last other_tags column
    for (const auto& [key, value] : attributes) {
        if (key == name) return value;
        if (key == "other_tags") otherTags = value;
    }
    if (!otherTags) return std::nullopt;
    auto inner = gis::otherTagsValue(*otherTags, name);
    if (!inner) return std::nullopt;
    scratch = std::move(*inner);
    return std::string_view(scratch);
}

} // namespace citytwin::data::detail
