#pragma once
// Turns what a user names (a file, a zip, a folder, a connection string) into
// the GDAL source strings of one layer.

#include <string>
#include <vector>

namespace citytwin::gis {

/// - "x.zip" holding one vector dataset (e.g. a shapefile) → "/vsizip/x.zip";
///   holding many vector files (e.g. 125 GeoJSON tiles) → each of them as
///   "/vsizip/x.zip/path/in/zip.json", sorted, all sources of one layer;
/// - anything else is returned as is (paths, /vsi paths, "PG:..." strings).
/// Any thread.
std::vector<std::string> expandInput(const std::string& input);

} // namespace citytwin::gis
