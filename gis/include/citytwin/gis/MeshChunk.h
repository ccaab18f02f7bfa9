#pragma once
// The renderable output of the builder: plain arrays, no scene graph types.

#include "citytwin/gis/Geometry.h"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace citytwin::gis {

/// Leaf tile of the scene grid (see SceneFrame). Level 0 = leaf.
struct TileKey {
    int32_t x = 0;
    int32_t y = 0;
    int32_t level = 0;
    bool operator==(const TileKey&) const = default;
    auto operator<=>(const TileKey&) const = default;
};

/// One mesh for one (tile, layer, material). Positions are float32 relative to
/// `origin` (double, scene CRS): never absolute, so precision holds at
/// UTM northings. `featureIds[v]` is the layer-local dense feature index of
/// vertex v, used to look up the feature-state texture and for picking.
struct MeshChunk {
    TileKey tile;
    DVec3 origin;                   ///< scene CRS, metres
    std::vector<float> positions;   ///< xyz per vertex, relative to origin
    std::vector<float> normals;     ///< xyz per vertex, unit length
    std::vector<uint32_t> featureIds; ///< one per vertex
    std::vector<uint32_t> indices;  ///< triangles

    size_t vertexCount() const { return featureIds.size(); }
    size_t triangleCount() const { return indices.size() / 3; }
    bool operator==(const MeshChunk&) const = default;
};

/// Scene CRS bounds of a mesh: its origin plus the least and greatest float
/// position per axis (summed in double); the origin alone for a mesh
/// without vertices. Any thread.
inline std::pair<DVec3, DVec3> meshBounds(const MeshChunk& chunk)
{
    const size_t n = chunk.positions.size() / 3;
    if (n == 0) return {chunk.origin, chunk.origin};
    float lo[3] = {chunk.positions[0], chunk.positions[1], chunk.positions[2]};
    float hi[3] = {lo[0], lo[1], lo[2]};
    for (size_t v = 1; v < n; ++v)
        for (size_t a = 0; a < 3; ++a) {
            const float p = chunk.positions[3 * v + a];
            lo[a] = std::min(lo[a], p);
            hi[a] = std::max(hi[a], p);
        }
    const DVec3& o = chunk.origin;
    return {{o.x + lo[0], o.y + lo[1], o.z + lo[2]}, {o.x + hi[0], o.y + hi[1], o.z + hi[2]}};
}

} // namespace citytwin::gis
