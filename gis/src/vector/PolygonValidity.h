#pragma once
// Exact validity of one small polygon, decided with certainty or not at all
// (the fast path of cleanFootprint; anything in doubt goes to GEOS).

#include "citytwin/gis/Geometry.h"

namespace citytwin::gis {

/// True when `polygon` (scene CRS, rings unclosed, any orientation) is
/// certainly valid as GEOS sees it and small enough for the fast path: at
/// most 8 rings of at most 64 points, every corner turning, no two edges
/// meeting, holes inside the shell and apart. False means "not sure": the
/// caller asks GEOS. Any thread.
bool footprintCertainlyValid(const Polygon& polygon);

} // namespace citytwin::gis
