#pragma once
// An unordered_map keyed by std::string that finds by std::string_view
// without allocating. Private to citytwin_data.

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace citytwin::data::detail {

struct TransparentStringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

template <typename V>
using TransparentStringMap =
    std::unordered_map<std::string, V, TransparentStringHash, std::equal_to<>>;

} // namespace citytwin::data::detail
