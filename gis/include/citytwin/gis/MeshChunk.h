#pragma once
// The renderable output of the builder: plain arrays, no scene graph types.

#include "citytwin/gis/Geometry.h"

#include <cstdint>
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

} // namespace citytwin::gis
