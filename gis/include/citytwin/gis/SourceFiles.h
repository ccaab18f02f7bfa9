#pragma once
// Listing source files inside folders and archives (e.g. tiled GeoJSON in a zip).

#include <string>
#include <vector>

namespace citytwin::gis {

/// Files below `folder` — a directory or a GDAL virtual path such as
/// "/vsizip/tiles.zip/layer" — whose names end with `suffix`
/// (case-insensitive), recursively, sorted, as full paths GDAL can open.
/// Empty when the folder cannot be read. Any thread.
std::vector<std::string> listSourceFiles(const std::string& folder, const std::string& suffix);

} // namespace citytwin::gis
