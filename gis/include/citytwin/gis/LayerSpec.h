#pragma once
// What the user asked to open: a plain copyable value, safe to hand to workers.

#include "citytwin/gis/HeightRule.h"

#include <string>
#include <vector>

namespace citytwin::gis {

/// A layer of building footprints from one or more GDAL/OGR sources.
struct LayerSpec {
    std::string name;                 ///< shown in the layer list
    std::vector<std::string> sources; ///< paths, /vsizip/ paths or GDAL connection strings; all read into this layer
    std::string sourceLayer;          ///< OGR layer name inside each source; empty = pick the polygon layer
    std::string crsOverride;          ///< EPSG:xxxx or WKT; when set it replaces every source's declared CRS; empty = as declared (no CRS = error)
    HeightRule heightRule = HeightRule::defaults();

    bool operator==(const LayerSpec&) const = default;
};

} // namespace citytwin::gis
