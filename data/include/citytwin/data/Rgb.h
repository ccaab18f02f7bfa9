#pragma once
// An 8-bit sRGB colour, as styles store it and the feature-state texture takes it.

#include <cstdint>
#include <string>
#include <string_view>

namespace citytwin::data {

/// One opaque colour, 0..255 per channel. Plain value.
struct Rgb {
    uint8_t r = 0;
    uint8_t g = 0;
    uint8_t b = 0;
    bool operator==(const Rgb&) const = default;
};

/// "#rrggbb" (lower case). Pure; any thread.
std::string rgbToHex(Rgb color);

/// Parses "#rrggbb" or "#rgb" (either case); false (and `out` untouched)
/// for anything else. Pure; any thread.
bool parseRgbHex(std::string_view text, Rgb& out);

} // namespace citytwin::data
