#pragma once
// How the one loading path uses the tile cache (data::TileCache): the key of
// a vector layer's build, reading a cached build and storing a new one.

#include "citytwin/gis/LayerImporter.h"
#include "citytwin/gis/Result.h"
#include "citytwin/gis/SceneFrame.h"

#include <optional>
#include <string>

namespace citytwin::app {

/// The cache key of a vector layer built in `frame`: data::layerFingerprint
/// (spec without its name, frame, each source's size and mtime) plus the
/// importer's version tag and `elevationIdentity`, the build key of the
/// terrain the layer stands on ("" = flat ground). A changed source, option
/// (height rule, CRS override, kind, exaggeration) or terrain thus gives a
/// new key. Reads file metadata only; any thread.
std::string vectorBuildKey(const gis::LayerSpec& spec, const gis::SceneFrame& frame,
                           const std::string& elevationIdentity);

/// The identity of a terrain layer's build, passed to the layers standing on
/// it as their elevationIdentity. Any thread.
std::string terrainBuildKey(const gis::LayerSpec& spec, const gis::SceneFrame& frame);

/// The slot a layer's builds are stored under when the caller gives none:
/// its sources, sub-layer, filter and kind. (The window passes the project's
/// layer id instead; see data::TileCache on slots.) Any thread.
std::string defaultCacheSlot(const gis::LayerSpec& spec);

/// The build stored under `key` in the cache file at `cachePath`, or nothing.
/// A miss adds nothing to `diagnostics`; an unreadable file or a damaged
/// entry adds a warning (and a damaged entry is removed so the next store
/// replaces it). Never fails the load. Worker thread (opens its own connection).
std::optional<gis::ImportedLayer> loadCachedBuild(const std::string& cachePath,
                                                  const std::string& key,
                                                  gis::Diagnostics& diagnostics);

/// Stores `layer` under `key` and `slot` (replacing the slot's older builds).
/// A failure adds a warning to `diagnostics`; it never fails the load.
/// Worker thread (opens its own connection; WAL, so other readers go on).
void storeBuild(const std::string& cachePath, const std::string& key, const std::string& slot,
                const gis::ImportedLayer& layer, gis::Diagnostics& diagnostics);

} // namespace citytwin::app
