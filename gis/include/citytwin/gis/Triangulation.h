#pragma once
// Polygon triangulation for flat roofs: ear clipping with hole bridging.

#include "citytwin/gis/Geometry.h"

#include <cstdint>
#include <vector>

namespace citytwin::gis {

/// Triangulates `polygon` (outer ring then holes, any orientation) without
/// adding points. Appends triangle indices into the concatenation of its rings
/// (ring 0's points first, then ring 1's, ...), each triangle counter-clockwise
/// seen from +z. A simple polygon with n points in all and h holes gives
/// exactly n + 2h - 2 triangles. Degenerate input (self-touching, collinear)
/// still terminates with a best-effort result. Pure; any thread.
/// Returns the number of triangles appended.
size_t triangulatePolygon(const Polygon& polygon, std::vector<uint32_t>& indices);

} // namespace citytwin::gis
