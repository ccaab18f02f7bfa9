#pragma once
// Turns a source geometry into line strings or a point in the scene CRS.

#include "citytwin/gis/CrsTransformer.h"
#include "citytwin/gis/Draping.h"

#include <ogr_geometry.h>

#include <optional>
#include <string>
#include <vector>

namespace citytwin::gis {

struct CleanedLines {
    std::vector<LineString> lines; ///< scene CRS, each with >= 2 distinct points
    std::string skipReason;        ///< why there are none
    int partsDropped = 0;          ///< parts with too few points or not reprojectable
};

/// Line strings, multi line strings and curves (linearised); polygon rings
/// become closed lines (outlines). Call on a worker thread with that
/// thread's own transformer.
CleanedLines cleanLines(const OGRGeometry* geometry, const CrsTransformer& toScene, bool sourceIsGeographic);

struct CleanedPoint {
    std::optional<DVec2> point;    ///< scene CRS
    std::string skipReason;
    int pointsIgnored = 0;         ///< further points of a multipoint (only the first is kept)
};

/// A point, or the first point of a multipoint (one feature keeps one dense
/// index, so one place to stand its icon); any other geometry gives a point
/// on its surface. Worker thread, own transformer.
CleanedPoint cleanPoint(const OGRGeometry* geometry, const CrsTransformer& toScene, bool sourceIsGeographic);

} // namespace citytwin::gis
