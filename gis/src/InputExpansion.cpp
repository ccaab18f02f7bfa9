#include "citytwin/gis/InputExpansion.h"

#include <cpl_string.h>
#include <cpl_vsi.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace citytwin::gis {
namespace {

std::string lowerExtension(const std::string& path)
{
    const auto dot = path.find_last_of('.');
    const auto slash = path.find_last_of('/');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return {};
    std::string ext = path.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

bool isVectorFile(const std::string& path)
{
    static const std::array<const char*, 9> exts = {"json", "geojson", "shp", "gpkg", "fgb",
                                                     "sqlite", "kml", "gml", "pbf"};
    const std::string ext = lowerExtension(path);
    return std::find(exts.begin(), exts.end(), ext) != exts.end();
}

} // namespace

std::vector<std::string> expandInput(const std::string& input)
{
    if (lowerExtension(input) != "zip" || input.starts_with("/vsi")) return {input};
    const std::string root = "/vsizip/" + input;
    char** entries = VSIReadDirRecursive(root.c_str());
    std::vector<std::string> files;
    for (int i = 0; entries && entries[i]; ++i) {
        const std::string entry = entries[i];
        if (isVectorFile(entry)) files.push_back(entry);
    }
    CSLDestroy(entries);
    std::sort(files.begin(), files.end());
    // A zipped shapefile or single dataset: let GDAL open the archive itself.
    if (files.size() <= 1) return {files.empty() ? input : root + "/" + files.front()};
    std::vector<std::string> sources;
    sources.reserve(files.size());
    for (const auto& f : files) sources.push_back(root + "/" + f);
    return sources;
}

} // namespace citytwin::gis
