#pragma once
// Helpers shared by the sensor importers. Private to citytwin_data.

#include "citytwin/gis/Result.h"

#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>

namespace citytwin::data::detail {

inline std::string_view trimView(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

/// A finite decimal number filling the whole (trimmed) text, or nothing.
/// `thousands` allows "21,770".
inline std::optional<double> parseNumber(std::string_view text, bool thousands = false) {
    text = trimView(text);
    std::string cleaned;
    if (thousands && text.find(',') != std::string_view::npos) {
        for (char c : text)
            if (c != ',') cleaned += c;
        text = cleaned;
    }
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty()) return std::nullopt;
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

inline bool validLonLat(double lon, double lat) {
    return lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90 && !(lon == 0 && lat == 0);
}

inline gis::Diagnostic rowWarning(const std::string& source, int64_t record, std::string message) {
    return {gis::Severity::Warning, "record " + std::to_string(record) + ": " + std::move(message),
            source, record};
}

} // namespace citytwin::data::detail
