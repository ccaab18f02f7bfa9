#pragma once
// Turns a source geometry into a valid footprint in the scene CRS, or says why not.

#include "citytwin/gis/CrsTransformer.h"
#include "citytwin/gis/Geometry.h"
#include "vector/PolygonValidity.h"

#include <ogr_geometry.h>

#include <optional>
#include <string>
#include <vector>

namespace citytwin::gis {

struct CleanedFootprint {
    std::optional<MultiPolygon> footprint; ///< scene CRS; outer rings CCW, holes CW
    std::string skipReason;                ///< why there is no footprint
    std::vector<std::string> warnings;     ///< repairs that changed the shape (dropped rings)
    bool repaired = false;                 ///< rings closed, rings dropped or MakeValid applied
};

/// How cleanFootprint decides validity; both give the same footprint.
enum class CleanPath {
    Fast,     ///< one small polygon checked here, exactly; anything in doubt goes to GEOS
    Reference ///< always GEOS (IsValid, MakeValid), one PROJ call per point; for tests
};

/// Stateless apart from the transformer; call it on a worker thread with that
/// thread's own CrsTransformer. Steps: collect polygons (curves linearised),
/// close rings, drop rings whose coordinates are implausible for the source
/// CRS or lie far outside their outer ring (mixed-CRS rings in the Boston
/// tiles), reproject, then validate and repair with OGR MakeValid (GEOS).
/// The fast path accepts only a single polygon whose rings certainly neither
/// cross nor touch (exact orientation signs) and returns what GEOS would.
CleanedFootprint cleanFootprint(const OGRGeometry* geometry, const CrsTransformer& toScene,
                                bool sourceIsGeographic, CleanPath path = CleanPath::Fast);

/// The same from polygons already read (see parseWkbPolygons): each a shell
/// then its holes, source CRS, points as stored. Consumes `polygons`.
CleanedFootprint cleanFootprint(std::vector<std::vector<Ring>>& polygons, const CrsTransformer& toScene,
                                bool sourceIsGeographic, CleanPath path = CleanPath::Fast);

/// Area-weighted centroid of a footprint (falls back to the vertex mean).
DVec2 footprintCentroid(const MultiPolygon& footprint);

} // namespace citytwin::gis
