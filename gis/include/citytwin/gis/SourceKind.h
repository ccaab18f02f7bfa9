#pragma once
// What kind of data a source holds, decided by a cheap open.

#include "citytwin/gis/Geometry.h"
#include "citytwin/gis/LayerSpec.h"
#include "citytwin/gis/Result.h"

#include <string>

namespace citytwin::gis {

/// Terrain for a one-band non-byte raster (a DEM), Imagery for RGB(A),
/// paletted or one-band byte rasters, Auto for vector sources (the importer
/// decides from the geometry type) and for sources that cannot be opened
/// (the importer reports why). Any thread.
LayerKind detectSourceKind(const std::string& source);

/// Extent of a raster in WGS 84 lon/lat degrees (from its georeferencing).
/// No georeferencing or an unusable CRS is an error naming the file. Any thread.
Result<Extent2> probeRasterExtentLonLat(const std::string& source);

} // namespace citytwin::gis
