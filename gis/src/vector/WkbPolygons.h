#pragma once
// GeoPackage geometry blobs read without OGR objects: the blob's header, and
// plain polygons / multipolygons in its WKB turned straight into rings.

#include "citytwin/gis/Geometry.h"

#include <cstddef>
#include <cstdint>
#include <vector>

class OGRGeometry;

namespace citytwin::gis {

/// The WKB inside a GeoPackage geometry blob (after the "GP" header and its
/// envelope). `empty` is set when the header's empty flag is. Returns false
/// for a blob that is not a well-formed GeoPackage geometry (OGR then reads
/// it, and says what is wrong). Pure; any thread.
bool gpkgBlobWkb(const uint8_t* blob, size_t size, const uint8_t*& wkb, size_t& wkbSize, bool& empty);

/// Appends the polygons of a WKB Polygon or MultiPolygon (ISO or extended
/// WKB, 2D, Z, M or ZM; either byte order) to `out`, each ring with every
/// point as stored (closing point included, nothing removed). Returns false,
/// with `out` as it was, for any other type or a malformed or truncated
/// geometry: the caller hands those to OGR. Pure; any thread.
bool parseWkbPolygons(const uint8_t* wkb, size_t size, std::vector<std::vector<Ring>>& out);

/// The same rings from an OGR polygon or multipolygon (what OGR read); false
/// for other types. Any thread.
bool ogrPolygonRings(const OGRGeometry& g, std::vector<std::vector<Ring>>& out);

} // namespace citytwin::gis
