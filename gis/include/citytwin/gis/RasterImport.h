#pragma once
// Rasters: DEMs become terrain tiles and an ElevationModel; images become
// per-tile RGBA textures; both resampled (GDAL warp) into the scene CRS on the
// scene's tile grid.

#include "citytwin/gis/ElevationModel.h"
#include "citytwin/gis/LayerSpec.h"
#include "citytwin/gis/MeshChunk.h"
#include "citytwin/gis/Progress.h"
#include "citytwin/gis/Result.h"
#include "citytwin/gis/SceneFrame.h"

#include <cstdint>
#include <string>
#include <vector>

namespace citytwin::gis {

/// Heights of one scene tile on a regular grid: `cols` x `rows` samples,
/// sample (c, r) at origin + (c * spacing - size/2, r * spacing - size/2),
/// i.e. covering the tile edge to edge (neighbours share their edge samples,
/// so there are no cracks at equal resolution). NoData samples are filled
/// from neighbours; `hasData` is false when the tile had none at all.
struct TerrainTile {
    TileKey tile;
    DVec3 origin;                 ///< tile centre, z = 0
    int cols = 0, rows = 0;
    double spacingMeters = 0;
    std::vector<float> heights;   ///< rows * cols, metres (exaggerated), row 0 = south
    bool hasData = true;
    bool operator==(const TerrainTile&) const = default;
};

struct TerrainLayer {
    LayerSpec spec;
    SceneFrame frame;
    std::string sourceCrsName;
    std::vector<TerrainTile> tiles;
    Extent2 extent;               ///< scene CRS
    double minHeightMeters = 0, maxHeightMeters = 0;
    ElevationModelPtr elevation;  ///< sampling of the same data (any thread)
};

/// RGBA8 image of one scene tile, covering it edge to edge, row 0 = north.
struct ImageTile {
    TileKey tile;
    DVec3 origin;
    int width = 0, height = 0;
    std::vector<uint8_t> rgba;
    bool operator==(const ImageTile&) const = default;
};

struct ImageryLayer {
    LayerSpec spec;
    SceneFrame frame;
    std::string sourceCrsName;
    std::vector<ImageTile> tiles;
    Extent2 extent;
};

/// Opens spec.sources[0] as a DEM and resamples it to terrain tiles in the
/// scene CRS. A raster without georeferencing, or in a CRS PROJ cannot use, is
/// an error naming the file. Worker thread.
Result<TerrainLayer> importTerrain(const LayerSpec& spec, const SceneFrame& frame,
                                   const ProgressFn& progress = {}, const CancelToken* cancel = nullptr);

/// Opens spec.sources[0] as an image (RGB/RGBA/paletted/grey) and resamples it
/// to scene tiles. Worker thread.
Result<ImageryLayer> importImagery(const LayerSpec& spec, const SceneFrame& frame,
                                   const ProgressFn& progress = {}, const CancelToken* cancel = nullptr);

/// Raster or vector? (cheap open). Any thread.
bool isRasterSource(const std::string& source);

} // namespace citytwin::gis
