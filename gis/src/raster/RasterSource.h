#pragma once
// Opening a raster read-only, checking its georeferencing and CRS, and warping
// it onto the scene's tile grid (GDAL warp into an in-memory dataset).

#include "citytwin/gis/LayerSpec.h"
#include "citytwin/gis/Progress.h"
#include "citytwin/gis/Result.h"
#include "citytwin/gis/SceneFrame.h"
#include "vector/GdalHandles.h"

#include <cstdint>
#include <string>
#include <vector>

namespace citytwin::gis::raster {

/// A source raster that has a usable georeference and CRS.
struct OpenedRaster {
    GdalDatasetPtr dataset;
    std::string path;
    std::string sourceWkt;        ///< source CRS (the override when set)
    std::string sourceCrsName;
    std::string sceneWkt;
    Extent2 sceneExtent;          ///< footprint of the raster in the scene CRS
    double sceneResolution = 0;   ///< metres per source pixel in the scene CRS
};

/// Opens `path` read-only and checks that it can be placed in the scene: a
/// geotransform (or GCPs), a CRS (declared or `crsOverride`), and a PROJ
/// transformation from it to the scene CRS. Errors name the file. Worker thread.
Result<OpenedRaster> openRaster(const std::string& path, const std::string& crsOverride,
                                const SceneFrame& frame);

/// A regular grid of samples on the scene tile grid: sample (gx, gy) lies at
/// (gx * spacing, gy * spacing); tile (ix, iy) holds samples
/// ix*(n-1) .. (ix+1)*(n-1), so neighbouring tiles share their edge samples.
struct SceneGrid {
    double tileSize = 500;
    int samplesPerTile = 2;       ///< n: samples along a tile edge, edge to edge
    double spacing = 500;         ///< tileSize / (n - 1)
    int ix0 = 0, iy0 = 0;         ///< first tile
    int tilesX = 0, tilesY = 0;
    int64_t gx0 = 0, gy0 = 0;     ///< first sample (south-west)
    int width = 0, height = 0;    ///< samples

    /// Grid of the tiles touching `extent` with about `targetSpacing` metres,
    /// n clamped to [minSamples, maxSamples] and the grid to maxTotal samples.
    /// With multipleOf > 1, n - 1 is a multiple of it (so halved levels stay on samples).
    static SceneGrid around(const Extent2& extent, double tileSize, double targetSpacing,
                            int minSamples, int maxSamples, int64_t maxTotal, int multipleOf = 1);
};

/// Which bands to warp: colour bands (1-based, may repeat) and an alpha band (0 = none).
struct BandSelection {
    std::vector<int> bands;
    int alphaBand = 0;
};

/// Warps `source` bilinearly onto `grid` (pixel centres on the samples) into a
/// MEM dataset with bands.size() bands of `type` (plus an alpha band when
/// `withAlpha`), row 0 = north. Nodata (source nodata, outside the source)
/// becomes `dstNoData` when withAlpha is false, alpha 0 otherwise.
/// Returns nothing when cancelled. Worker thread.
Result<GdalDatasetPtr> warpToGrid(const OpenedRaster& source, GDALDataset* bandSource,
                                  const BandSelection& selection, GDALDataType type, bool withAlpha,
                                  double dstNoData, const SceneGrid& grid, const ProgressFn& progress,
                                  double progressFrom, double progressTo, const CancelToken* cancel);

/// "message (GDAL: first error)" when GDAL said something.
std::string withGdalErrors(const std::string& message, const GdalErrorCapture& capture);

} // namespace citytwin::gis::raster
