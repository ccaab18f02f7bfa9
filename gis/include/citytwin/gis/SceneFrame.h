#pragma once
// The project's scene coordinate reference system and tile grid.

#include "citytwin/gis/Geometry.h"
#include "citytwin/gis/Result.h"

#include <string>

namespace citytwin::gis {

/// One projected, metric CRS for the whole scene, and the tile grid laid over
/// it. Tile (ix, iy) covers [ix*size, (ix+1)*size) x [iy*size, (iy+1)*size) in
/// scene coordinates, so tile keys are stable whatever layers are added.
struct SceneFrame {
    std::string crsDefinition;     ///< "EPSG:32619" or WKT, understood by PROJ
    std::string crsName;           ///< human readable, e.g. "WGS 84 / UTM zone 19N"
    double tileSizeMeters = 500.0; ///< edge of a leaf tile

    /// The UTM zone (north or south) holding lon/lat in degrees.
    static SceneFrame utmFor(double lonDeg, double latDeg);

    bool operator==(const SceneFrame&) const = default;
};

/// Extent of the sources of a layer in WGS 84 lon/lat degrees (from layer
/// extents, no full read). Used to choose the scene CRS. Any thread.
Result<Extent2> probeExtentLonLat(const std::vector<std::string>& sources,
                                  const std::string& sourceLayer = {},
                                  const std::string& crsOverride = {});

} // namespace citytwin::gis
