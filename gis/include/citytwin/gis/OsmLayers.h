#pragma once
// An OSM extract (.osm.pbf / .osm) as a one-drop city: one layer spec per theme.

#include "citytwin/gis/LayerSpec.h"

#include <string>
#include <vector>

namespace citytwin::gis {

/// True for .osm.pbf / .osm sources (by name; any thread).
bool isOsmSource(const std::string& source);

/// Buildings (multipolygons with `building`, heights from height /
/// building:levels / min_height in other_tags), highways by class (lines,
/// widths from `highway`), water (areas), parks and green (areas), amenities
/// (points with `amenity` in other_tags or a name) — each its own LayerSpec on
/// the same source with sourceLayer + attributeFilter set. Names are
/// "<file> buildings", "<file> roads", ...
std::vector<LayerSpec> osmLayerSpecs(const std::string& source);

} // namespace citytwin::gis
