#include "citytwin/data/ColorRamp.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <utility>

namespace citytwin::data {

namespace {

struct Ramp {
    const char* name;
    std::vector<Rgb> stops; ///< evenly spaced from t = 0 to t = 1
};

/// Stops sampled from matplotlib's perceptual maps and ColorBrewer's
/// sequential / diverging schemes (low values first).
const std::vector<Ramp>& ramps() {
    static const std::vector<Ramp> kRamps = {
        {"viridis", {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}}},
        {"magma", {{0, 0, 4}, {81, 18, 124}, {183, 55, 121}, {252, 137, 97}, {252, 253, 191}}},
        {"reds", {{254, 229, 217}, {252, 174, 145}, {251, 106, 74}, {222, 45, 38}, {165, 15, 21}}},
        {"blues", {{239, 243, 255}, {189, 215, 231}, {107, 174, 214}, {49, 130, 189}, {8, 81, 156}}},
        {"greens", {{237, 248, 233}, {186, 228, 179}, {116, 196, 118}, {49, 163, 84}, {0, 109, 44}}},
        {"oranges", {{254, 237, 222}, {253, 190, 133}, {253, 141, 60}, {230, 85, 13}, {166, 54, 3}}},
        {"greys", {{247, 247, 247}, {204, 204, 204}, {150, 150, 150}, {99, 99, 99}, {37, 37, 37}}},
        {"spectral", {{215, 25, 28}, {253, 174, 97}, {255, 255, 191}, {171, 221, 164}, {43, 131, 186}}},
        {"rdylgn", {{215, 25, 28}, {253, 174, 97}, {255, 255, 191}, {166, 217, 106}, {26, 150, 65}}},
    };
    return kRamps;
}

const Ramp& findRamp(const std::string& name) {
    for (const auto& r : ramps())
        if (name == r.name) return r;
    return ramps().front();
}

uint8_t mix(uint8_t a, uint8_t b, double f) {
    return static_cast<uint8_t>(std::lround(a + (b - a) * f));
}

int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

} // namespace

std::string rgbToHex(Rgb color) {
    char text[8];
    std::snprintf(text, sizeof text, "#%02x%02x%02x", color.r, color.g, color.b);
    return text;
}

bool parseRgbHex(std::string_view text, Rgb& out) {
    if (text.empty() || text[0] != '#' || (text.size() != 7 && text.size() != 4)) return false;
    int digits[6];
    const size_t n = text.size() - 1;
    for (size_t i = 0; i < n; ++i)
        if ((digits[i] = hexDigit(text[i + 1])) < 0) return false;
    if (n == 3) {
        out = {static_cast<uint8_t>(digits[0] * 17), static_cast<uint8_t>(digits[1] * 17),
               static_cast<uint8_t>(digits[2] * 17)};
    } else {
        out = {static_cast<uint8_t>(digits[0] * 16 + digits[1]),
               static_cast<uint8_t>(digits[2] * 16 + digits[3]),
               static_cast<uint8_t>(digits[4] * 16 + digits[5])};
    }
    return true;
}

const std::vector<std::string>& colorRampNames() {
    static const std::vector<std::string> kNames = [] {
        std::vector<std::string> names;
        for (const auto& r : ramps()) names.emplace_back(r.name);
        return names;
    }();
    return kNames;
}

bool isColorRamp(const std::string& name) {
    const auto& names = colorRampNames();
    return std::find(names.begin(), names.end(), name) != names.end();
}

Rgb rampColor(const std::string& ramp, double t) {
    const auto& stops = findRamp(ramp).stops;
    if (!(t > 0)) return stops.front(); // also NaN
    if (t >= 1) return stops.back();
    const double pos = t * static_cast<double>(stops.size() - 1);
    const size_t i = static_cast<size_t>(pos);
    const double f = pos - static_cast<double>(i);
    const Rgb a = stops[i];
    const Rgb b = stops[std::min(i + 1, stops.size() - 1)];
    return {mix(a.r, b.r, f), mix(a.g, b.g, f), mix(a.b, b.b, f)};
}

std::vector<Rgb> rampColors(const std::string& ramp, size_t count) {
    std::vector<Rgb> colors;
    colors.reserve(count);
    for (size_t i = 0; i < count; ++i)
        colors.push_back(rampColor(ramp, count == 1 ? 0.5 : double(i) / double(count - 1)));
    return colors;
}

Rgb paletteColor(size_t index) {
    // Tableau 20: distinct hues, then their light variants.
    static constexpr std::array<Rgb, 20> kPalette = {{
        {31, 119, 180}, {255, 127, 14}, {44, 160, 44}, {214, 39, 40}, {148, 103, 189},
        {140, 86, 75}, {227, 119, 194}, {127, 127, 127}, {188, 189, 34}, {23, 190, 207},
        {174, 199, 232}, {255, 187, 120}, {152, 223, 138}, {255, 152, 150}, {197, 176, 213},
        {196, 156, 148}, {247, 182, 210}, {199, 199, 199}, {219, 219, 141}, {158, 218, 229},
    }};
    return kPalette[index % kPalette.size()];
}

} // namespace citytwin::data
