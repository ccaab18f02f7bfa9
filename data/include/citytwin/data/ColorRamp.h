#pragma once
// Named colour ramps for graduated styles and the palette for categories.

#include "citytwin/data/Rgb.h"

#include <cstddef>
#include <string>
#include <vector>

namespace citytwin::data {

/// The ramp names, in menu order: viridis, magma, reds, blues, greens,
/// oranges, greys, spectral, rdylgn. Pure; any thread.
const std::vector<std::string>& colorRampNames();

bool isColorRamp(const std::string& name);

/// The ramp's colour at t in [0, 1] (clamped), linear between its stops;
/// an unknown name gives viridis. Pure; any thread.
Rgb rampColor(const std::string& ramp, double t);

/// `count` colours spread over the whole ramp (one: its middle).
std::vector<Rgb> rampColors(const std::string& ramp, size_t count);

/// Colour i of a qualitative palette of distinct colours (20, repeating),
/// for categories. Pure; any thread.
Rgb paletteColor(size_t index);

} // namespace citytwin::data
