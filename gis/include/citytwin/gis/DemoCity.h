#pragma once
// Deterministic generator of the built-in demo city, written as real GIS files.

#include "citytwin/gis/Progress.h"
#include "citytwin/gis/Result.h"

#include <cstdint>
#include <string>

namespace citytwin::gis {

struct DemoCityOptions {
    std::string outDir;            ///< created if missing
    int64_t buildings = 20000;     ///< number of building footprints
    uint64_t seed = 1;             ///< same seed + count = byte-identical features
    double centreLonDeg = 4.3571;  ///< where the city stands (WGS 84)
    double centreLatDeg = 52.0116;
};

struct DemoCityFiles {
    std::string buildingsPath;     ///< GeoPackage, layer "buildings" (polygons, EPSG:4326 or UTM)
    std::string streetsPath;       ///< GeoPackage, layer "streets" (line strings)
    int64_t buildingCount = 0;
};

/// Writes the demo city through GDAL. Any thread; honours cancel.
Result<DemoCityFiles> generateDemoCity(const DemoCityOptions& options,
                                       const ProgressFn& progress = {},
                                       const CancelToken* cancel = nullptr);

} // namespace citytwin::gis
