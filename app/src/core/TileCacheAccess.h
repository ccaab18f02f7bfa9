#pragma once
// How the one loading path uses the tile cache (data::TileCache): the key of
// a vector layer's build, reading a cached build and storing a new one.

#include "citytwin/data/TileCache.h"
#include "citytwin/gis/LayerImporter.h"
#include "citytwin/gis/Result.h"
#include "citytwin/gis/SceneFrame.h"

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

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

/// Where a paged layer's full-detail meshes stay: one entry of a tile cache file.
struct CachedMeshIndex {
    std::string cachePath;
    std::string key;                     ///< the build key (fingerprint) of the entry
    std::vector<data::TileEntry> tiles;  ///< its full-detail (level 0) meshes, stored order, with bounds
};

/// How loadCachedBuild() reads a hit.
enum class CacheRead {
    /// A building layer stored with level-of-detail meshes comes back paged:
    /// features, index and coarse meshes only, its full meshes left in the cache.
    PagedWhenPossible,
    Whole, ///< every full mesh in memory
};

/// A tile cache hit.
struct CachedBuild {
    /// Features, spec, frame, extent, stats. chunks: the full-detail meshes
    /// (level 0), none when `paged`; never the coarse ones.
    gis::ImportedLayer layer;
    /// Paged: the coarse meshes read with it (levels above
    /// render::kPagedCoarseMaxLevel), and the index of those left in the
    /// cache (levels 1 .. kPagedCoarseMaxLevel), read when drawn.
    std::vector<gis::MeshChunk> coarse;
    std::vector<data::TileEntry> coarseIndex;
    std::shared_ptr<const CachedMeshIndex> paged;  ///< set when the full meshes stayed in the cache
};

/// The build stored under `key` in the cache file at `cachePath`, or nothing.
/// A miss adds nothing to `diagnostics`; an unreadable file or a damaged
/// entry adds a warning (and a damaged entry is removed so the next store
/// replaces it). Never fails the load. Paged: a damaged full mesh is only
/// found when it is drawn (the renderer reports it). Worker thread (opens its
/// own connection).
std::optional<CachedBuild> loadCachedBuild(const std::string& cachePath, const std::string& key,
                                           gis::Diagnostics& diagnostics,
                                           CacheRead mode = CacheRead::PagedWhenPossible);

/// Stores `layer` and `coarse` (its level-of-detail meshes, keys of level
/// >= 1: render::lodCoarseChunks) under `key` and `slot` (replacing the
/// slot's older builds); true when stored. A failure adds a warning to
/// `diagnostics`; it never fails the load. Worker thread (opens its own
/// connection; WAL, so other readers go on).
bool storeBuild(const std::string& cachePath, const std::string& key, const std::string& slot,
                const gis::ImportedLayer& layer, std::span<const gis::MeshChunk> coarse,
                gis::Diagnostics& diagnostics);

} // namespace citytwin::app
