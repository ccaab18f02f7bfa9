#pragma once
// The heights of a whole terrain layer as one grid of samples over its tile
// range, so meshes of any block of tiles read across tile edges directly.

#include "citytwin/gis/RasterImport.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace citytwin::render {

/// Immutable after build(); read by any thread.
class TerrainGrid {
public:
    /// Copies the layer's tiles (all n x n with the same n). Samples of tiles
    /// the layer lacks are filled from their neighbours so that coarse meshes
    /// over a data edge do not dive. Empty when the layer has no usable tile.
    static TerrainGrid build(const gis::TerrainLayer& layer);

    bool empty() const { return heights.empty(); }
    /// Height at grid sample (c, r), clamped to the grid.
    float at(int c, int r) const
    {
        c = std::clamp(c, 0, width - 1);
        r = std::clamp(r, 0, height - 1);
        return heights[size_t(r) * width + c];
    }
    /// Does the layer hold tile (tx, ty) (absolute tile indices)?
    bool hasTile(int tx, int ty) const
    {
        tx -= tileX0;
        ty -= tileY0;
        return tx >= 0 && ty >= 0 && tx < tilesX && ty < tilesY && present[size_t(ty) * tilesX + tx];
    }
    /// Any tile of the layer in [tx0, tx1) x [ty0, ty1)?
    bool hasAnyTile(int tx0, int ty0, int tx1, int ty1) const;

    int tileX0 = 0, tileY0 = 0;  ///< absolute index of the grid's south-west tile
    int tilesX = 0, tilesY = 0;
    int intervals = 0;           ///< sample intervals per tile edge (cols - 1)
    double tileSizeMeters = 500;
    double spacingMeters = 0;
    int width = 0, height = 0;   ///< samples: tiles * intervals + 1
    std::vector<float> heights;  ///< row 0 = south
    std::vector<uint8_t> present; ///< per tile, row 0 = south
};

} // namespace citytwin::render
