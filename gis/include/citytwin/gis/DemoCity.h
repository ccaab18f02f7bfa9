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
    std::string driverName = "GPKG"; ///< GDAL vector driver; "ESRI Shapefile" also works (used by tests)
};

/// The files written. Coordinates are in the local UTM zone (EPSG:326xx/327xx).
/// Building attributes: id, use, levels, height (metres), shape
/// (rectangle, L, U, courtyard — courtyards have a hole).
struct DemoCityFiles {
    std::string buildingsPath;     ///< outDir/buildings.gpkg, layer "buildings" (polygons, local UTM)
    std::string streetsPath;       ///< outDir/streets.gpkg, layer "streets" (line strings: id, name, kind)
    int64_t buildingCount = 0;
};

/// Writes the demo city through GDAL, replacing earlier files of the same
/// name, each layer in one transaction. Any thread; honours cancel (then
/// fails and removes the partial files). Progress is called on the calling thread.
Result<DemoCityFiles> generateDemoCity(const DemoCityOptions& options,
                                       const ProgressFn& progress = {},
                                       const CancelToken* cancel = nullptr);

} // namespace citytwin::gis
