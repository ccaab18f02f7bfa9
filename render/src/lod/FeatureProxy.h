#pragma once
// What the coarse levels keep of one building: its oriented bounding
// rectangle extruded from its lowest to its highest point, or its own
// triangles when those are as cheap as the box. Worker thread.

#include "citytwin/gis/MeshChunk.h"

#include <array>
#include <cstdint>
#include <vector>

namespace citytwin::render {

/// Triangles of an extruded rectangle without a floor: 4 walls + roof.
inline constexpr int kProxyBoxTriangles = 10;

struct FeatureProxy {
    uint32_t feature = 0;
    int chunk = 0;                       ///< index of the chunk holding it
    std::array<gis::DVec2, 4> corners;   ///< minimum-area rectangle, scene CRS, counter-clockwise
    double zMinMeters = 0, zMaxMeters = 0; ///< scene CRS
    /// max(long side, sqrt(long side x height)): below the error of a level
    /// it is dropped there.
    double sizeMeters = 0;
    /// How far the box departs from the footprint: sqrt(box area - roof area).
    double boxErrorMeters = 0;
    std::vector<uint32_t> triangles;     ///< its triangles in the chunk (first index of each)
};

/// One proxy per feature of the chunk, in order of first appearance.
/// `chunkIndex` is stored in each.
std::vector<FeatureProxy> featureProxies(const gis::MeshChunk& chunk, int chunkIndex);

} // namespace citytwin::render
