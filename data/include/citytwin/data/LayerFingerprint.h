#pragma once
// The tile cache key of a built layer: build options + source identity.

#include "citytwin/gis/LayerSpec.h"
#include "citytwin/gis/SceneFrame.h"

#include <string>
#include <string_view>

namespace citytwin::data {

/// A 16-hex-digit FNV-1a/64 over everything that decides a built layer:
///  - the spec's canonical JSON (layerSpecToJson) without its display `name`
///    (renaming a layer must not rebuild it),
///  - the scene frame's CRS definition and tile size,
///  - `builderVersion` (the importer passes a tag that it bumps whenever its
///    output changes for the same input),
///  - for each source, its identity: a local file's path, size and mtime
///    (nanoseconds); a Shapefile's sidecars (.dbf .shx .prj .cpg) and a
///    SQLite/GeoPackage's -wal file too; a local folder's entries (name,
///    size, mtime, not recursive); for /vsizip/, /vsitar/, /vsigzip/ and
///    /vsi7z/ paths the archive file on disk plus the full string; other
///    /vsi paths and connection strings ("PG:...") by the string alone, as
///    is a path that does not exist (marked missing, so creating it later
///    changes the fingerprint).
/// A changed source or option thus gives a different key and a cached build
/// is never returned for it. Only reads file metadata; any thread.
std::string layerFingerprint(const gis::LayerSpec& spec, const gis::SceneFrame& frame,
                             std::string_view builderVersion = {});

} // namespace citytwin::data
