#include "core/TileCacheAccess.h"

#include "citytwin/data/LayerFingerprint.h"
#include "citytwin/data/TileCache.h"

namespace citytwin::app {
namespace {

/// Bumped whenever the importer's output changes for the same input and
/// options (it also carries the import options the loader does not expose).
constexpr const char* kVectorBuilderVersion = "citytwin-import/2;drape=20";

void warn(gis::Diagnostics& diagnostics, const std::string& message, const std::string& source)
{
    diagnostics.push_back({gis::Severity::Warning, message, source, -1});
}

} // namespace

std::string vectorBuildKey(const gis::LayerSpec& spec, const gis::SceneFrame& frame,
                           const std::string& elevationIdentity)
{
    std::string version = kVectorBuilderVersion;
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

std::optional<gis::ImportedLayer> loadCachedBuild(const std::string& cachePath,
                                                  const std::string& key,
                                                  gis::Diagnostics& diagnostics)
{
    auto cache = data::TileCache::open(cachePath);
    if (!cache.ok()) {
        warn(diagnostics, "tile cache not used: " + cache.firstError(), cachePath);
        return std::nullopt;
    }
    auto loaded = cache->load(key);
    if (!loaded.ok()) {
        warn(diagnostics, "tile cache entry not used, reading the source: " + loaded.firstError(),
             cachePath);
        cache->invalidate(key); // best effort: the next store replaces it anyway
        return std::nullopt;
    }
    if (!loaded->has_value() || (*loaded)->stats.cancelled) return std::nullopt;
    return std::move(**loaded);
}

void storeBuild(const std::string& cachePath, const std::string& key, const std::string& slot,
                const gis::ImportedLayer& layer, gis::Diagnostics& diagnostics)
{
    auto cache = data::TileCache::open(cachePath);
    if (!cache.ok()) {
        warn(diagnostics, "layer not cached: " + cache.firstError(), cachePath);
        return;
    }
    auto stored = cache->store(key, layer, slot);
    if (!stored.ok()) warn(diagnostics, "layer not cached: " + stored.firstError(), cachePath);
}

} // namespace citytwin::app
