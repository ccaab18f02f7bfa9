#include "core/TileCacheAccess.h"

#include "citytwin/data/LayerFingerprint.h"
#include "citytwin/data/TileCache.h"
#include "citytwin/render/PagedTiles.h"

#include <algorithm>

namespace citytwin::app {
namespace {

/// Bumped whenever the importer's output changes for the same input and
/// options (it also carries the import options the loader does not expose).
constexpr const char* kVectorBuilderVersion = "citytwin-import/4;drape=20";

void warn(gis::Diagnostics& diagnostics, const std::string& message, const std::string& source)
{
    diagnostics.push_back({gis::Severity::Warning, message, source, -1});
}

} // namespace

std::string vectorBuildKey(const gis::LayerSpec& spec, const gis::SceneFrame& frame,
                           const std::string& elevationIdentity)
{
    std::string version = kVectorBuilderVersion;
    version += ';';
    version += render::kLodBuildTag;
    version += ";ground=";
    version += elevationIdentity.empty() ? std::string("flat") : elevationIdentity;
    return data::layerFingerprint(spec, frame, version);
}

std::string terrainBuildKey(const gis::LayerSpec& spec, const gis::SceneFrame& frame)
{
    return data::layerFingerprint(spec, frame, "citytwin-terrain/1");
}

std::string defaultCacheSlot(const gis::LayerSpec& spec)
{
    std::string slot = "spec:";
    slot += gis::layerKindName(spec.kind);
    for (const auto& source : spec.sources) {
        slot += '|';
        slot += source;
    }
    slot += '|';
    slot += spec.sourceLayer;
    slot += '|';
    slot += spec.attributeFilter;
    return slot;
}

namespace {

/// Reports a damaged or unreadable entry and removes it (best effort: the
/// next store replaces it anyway).
void dropEntry(data::TileCache& cache, const std::string& key, const gis::Diagnostics& why,
               gis::Diagnostics& diagnostics)
{
    std::string first = "unknown error";
    const auto error = std::find_if(why.begin(), why.end(), [](const gis::Diagnostic& d) { return d.severity == gis::Severity::Error; });
    if (error != why.end()) first = error->message;
    warn(diagnostics, "tile cache entry not used, reading the source: " + first, cache.path());
    cache.invalidate(key);
}

/// Features and coarse meshes of an entry whose full meshes stay in the cache.
/// One read in one snapshot (TileCache::LoadMode::WithCoarseMeshes, which
/// also checks the coarse meshes' feature ids) instead of a query per coarse
/// mesh.
std::optional<CachedBuild> readPaged(data::TileCache& cache, const std::string& key,
                                     std::vector<data::TileEntry> entries, gis::Diagnostics& diagnostics)
{
    // The fine coarse levels stay in the cache: the pager reads them when drawn.
    auto light = cache.load(key, data::TileCache::LoadMode::WithCoarseMeshes, render::kPagedCoarseMaxLevel + 1);
    if (!light.ok()) {
        dropEntry(cache, key, light.diagnostics(), diagnostics);
        return std::nullopt;
    }
    if (!light->has_value() || (*light)->stats.cancelled) return std::nullopt; // replaced meanwhile
    CachedBuild build;
    build.layer = std::move(**light);
    build.coarse = std::move(build.layer.chunks);
    build.layer.chunks.clear();
    const auto coarseCount = std::count_if(entries.begin(), entries.end(), [](const data::TileEntry& e) {
        return e.tile.level > 0 && !render::coarseLeftInSource(e.tile);
    });
    if (static_cast<size_t>(coarseCount) != build.coarse.size()) return std::nullopt; // replaced meanwhile
    auto index = std::make_shared<CachedMeshIndex>();
    index->cachePath = cache.path();
    index->key = key;
    for (data::TileEntry& e : entries) {
        if (e.tile.level == 0) index->tiles.push_back(std::move(e));
        else if (render::coarseLeftInSource(e.tile)) build.coarseIndex.push_back(std::move(e));
    }
    build.paged = std::move(index);
    return build;
}

} // namespace

std::optional<CachedBuild> loadCachedBuild(const std::string& cachePath, const std::string& key,
                                           gis::Diagnostics& diagnostics, CacheRead mode)
{
    auto cache = data::TileCache::open(cachePath);
    if (!cache.ok()) {
        warn(diagnostics, "tile cache not used: " + cache.firstError(), cachePath);
        return std::nullopt;
    }
    if (mode == CacheRead::PagedWhenPossible) {
        auto entries = cache->tilesFor(key);
        if (!entries.ok()) {
            dropEntry(*cache, key, entries.diagnostics(), diagnostics);
            return std::nullopt;
        }
        const bool hierarchy = std::any_of(entries->begin(), entries->end(),
                                           [](const data::TileEntry& e) { return e.tile.level > 0; });
        if (hierarchy) return readPaged(*cache, key, entries.takeValue(), diagnostics);
    }
    auto loaded = cache->load(key);
    if (!loaded.ok()) {
        dropEntry(*cache, key, loaded.diagnostics(), diagnostics);
        return std::nullopt;
    }
    if (!loaded->has_value() || (*loaded)->stats.cancelled) return std::nullopt;
    CachedBuild build;
    build.layer = std::move(**loaded);
    // The coarse meshes are rebuilt with the hierarchy by render::prepareLayer.
    std::erase_if(build.layer.chunks, [](const gis::MeshChunk& c) { return c.tile.level > 0; });
    return build;
}

bool storeBuild(const std::string& cachePath, const std::string& key, const std::string& slot,
                const gis::ImportedLayer& layer, std::span<const gis::MeshChunk> coarse,
                gis::Diagnostics& diagnostics)
{
    auto cache = data::TileCache::open(cachePath);
    if (!cache.ok()) {
        warn(diagnostics, "layer not cached: " + cache.firstError(), cachePath);
        return false;
    }
    auto stored = cache->store(key, layer, slot, coarse);
    if (!stored.ok()) warn(diagnostics, "layer not cached: " + stored.firstError(), cachePath);
    return stored.ok();
}

} // namespace citytwin::app
