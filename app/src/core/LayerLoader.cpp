#include "core/LayerLoader.h"

#include "core/CacheTileSource.h"
#include "core/TileCacheAccess.h"

#include "citytwin/gis/InputExpansion.h"
#include "citytwin/gis/OsmLayers.h"
#include "citytwin/gis/SourceKind.h"
#include "citytwin/render/PagedTiles.h"

#include <chrono>
#include <filesystem>

namespace citytwin::app {
namespace {

std::string displayName(const std::string& input)
{
    std::filesystem::path p(input);
    // Files and GDAL virtual paths (/vsizip/.../N43E007.hgt) are named after
    // the file; connection strings stay whole.
    if (!std::filesystem::exists(p) && !input.starts_with("/vsi")) return input;
    std::string name = p.stem().string();
    if (name.ends_with(".osm")) name.resize(name.size() - 4);
    return name.empty() ? input : name;
}

bool isRaster(gis::LayerKind kind)
{
    return kind == gis::LayerKind::Terrain || kind == gis::LayerKind::Imagery;
}

gis::Result<LoadedLayer> loadRaster(const gis::LayerSpec& spec, const gis::SceneFrame& frame,
                                    const gis::ProgressFn& progress, const gis::CancelToken* cancel)
{
    LoadedLayer loaded;
    loaded.spec = spec;
    loaded.kind = spec.kind;
    loaded.frame = frame;
    if (spec.kind == gis::LayerKind::Terrain) {
        auto terrain = gis::importTerrain(spec, frame, progress, cancel);
        if (!terrain.ok()) return gis::Result<LoadedLayer>::failure(terrain.diagnostics());
        auto shared = std::make_shared<const gis::TerrainLayer>(terrain.takeValue());
        loaded.terrain = shared;
        loaded.buildKey = terrainBuildKey(spec, frame);
        loaded.sourceCrsName = shared->sourceCrsName;
        loaded.extent = shared->extent;
        loaded.preparedTerrain = render::prepareTerrain(*shared, cancel);
        return gis::Result<LoadedLayer>(std::move(loaded), terrain.diagnostics());
    }
    auto imagery = gis::importImagery(spec, frame, progress, cancel);
    if (!imagery.ok()) return gis::Result<LoadedLayer>::failure(imagery.diagnostics());
    auto shared = std::make_shared<const gis::ImageryLayer>(imagery.takeValue());
    loaded.imagery = shared;
    loaded.sourceCrsName = shared->sourceCrsName;
    loaded.extent = shared->extent;
    loaded.preparedImagery = render::prepareImagery(*shared, cancel);
    return gis::Result<LoadedLayer>(std::move(loaded), imagery.diagnostics());
}


/// The loaded layer around a built vector layer, without its nodes.
LoadedLayer vectorLayer(const gis::LayerSpec& spec, const gis::SceneFrame& frame, const LoadContext& context,
                        std::shared_ptr<const gis::ImportedLayer> built, const std::string& key, bool fromCache)
{
    LoadedLayer loaded;
    loaded.spec = spec;
    loaded.kind = built->kind;
    loaded.frame = frame;
    loaded.sourceCrsName = built->sourceCrsName;
    loaded.stats = built->stats;
    loaded.extent = built->extent;
    loaded.onTerrain = context.elevation != nullptr;
    loaded.fromCache = fromCache;
    loaded.buildKey = key;
    loaded.vector = std::move(built);
    return loaded;
}

/// A building layer paged from the cache entry `meshes` names (its full
/// tiles `tiles`, its coarse meshes `coarse`); no prepared nodes when the
/// renderer does not take it.
LoadedLayer pagedLayer(const gis::LayerSpec& spec, const gis::SceneFrame& frame, const LoadContext& context,
                       std::shared_ptr<const gis::ImportedLayer> built, std::vector<render::PagedTileInfo> tiles,
                       std::vector<gis::MeshChunk> coarse, std::shared_ptr<const CachedMeshIndex> meshes,
                       bool fromCache, const gis::CancelToken* cancel)
{
    auto source = std::make_shared<CacheTileSource>(meshes->cachePath, meshes->key, built->features.size());
    auto prepared = render::prepareLayerPaged(*built, std::move(tiles), std::move(coarse), std::move(source), cancel);
    LoadedLayer loaded = vectorLayer(spec, frame, context, std::move(built), meshes->key, fromCache);
    loaded.prepared = std::move(prepared);
    loaded.pagedMeshes = std::move(meshes);
    return loaded;
}

/// A paged building layer over the cache entry `cached` names: nothing when
/// the renderer does not take it (then the caller loads the entry whole).
std::optional<LoadedLayer> openPaged(const gis::LayerSpec& spec, const gis::SceneFrame& frame,
                                     const LoadContext& context, CachedBuild& cached, const gis::CancelToken* cancel)
{
    auto built = std::make_shared<gis::ImportedLayer>(std::move(cached.layer));
    built->spec.name = spec.name; // the name is not part of the key
    std::vector<render::PagedTileInfo> tiles;
    tiles.reserve(cached.paged->tiles.size() + cached.coarseIndex.size());
    const std::vector<data::TileEntry>* lists[] = {&cached.paged->tiles, &cached.coarseIndex};
    for (const std::vector<data::TileEntry>* entries : lists)
        for (const data::TileEntry& e : *entries)
            tiles.push_back({e.tile, e.part, e.boxMin, e.boxMax, e.vertexCount, e.triangleCount});
    LoadedLayer loaded =
        pagedLayer(spec, frame, context, std::move(built), std::move(tiles), std::move(cached.coarse), cached.paged, true, cancel);
    if (!loaded.prepared) return std::nullopt;
    return loaded;
}

/// The build stored under `key`, paged when it has a level-of-detail
/// hierarchy (and the renderer takes it), else whole; nothing on a miss.
std::optional<LoadedLayer> loadFromCache(const gis::LayerSpec& spec, const gis::SceneFrame& frame,
                                         const LoadContext& context, const std::string& key,
                                         gis::Diagnostics& notes, const gis::CancelToken* cancel)
{
    auto cached = loadCachedBuild(context.cachePath, key, notes);
    if (cached && cached->paged) {
        if (auto paged = openPaged(spec, frame, context, *cached, cancel)) {
            notes.push_back({gis::Severity::Info, "read from the tile cache; full-detail tiles are read as they are drawn",
                             context.cachePath, -1});
            return paged;
        }
        if (cancel && cancel->isCancelled()) return std::nullopt;
        cached = loadCachedBuild(context.cachePath, key, notes, CacheRead::Whole);
    }
    if (!cached) return std::nullopt;
    cached->layer.spec.name = spec.name;
    LoadedLayer loaded = vectorLayer(spec, frame, context, std::make_shared<const gis::ImportedLayer>(std::move(cached->layer)),
                                     key, true);
    loaded.prepared = render::prepareLayer(*loaded.vector, cancel);
    notes.push_back({gis::Severity::Info, "read from the tile cache", context.cachePath, -1});
    return loaded;
}

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

bool cancelled(const gis::CancelToken* cancel) { return cancel && cancel->isCancelled(); }

std::string slotOf(const gis::LayerSpec& spec, const LoadContext& context)
{
    return context.cacheSlot.empty() ? defaultCacheSlot(spec) : context.cacheSlot;
}

/// A freshly imported building layer with a hierarchy, stored in the cache
/// and opened paged from it: its full meshes leave memory, and no node is
/// built for them until the camera needs them. Nothing (and `layer` left
/// whole) when the layer gets no hierarchy or the store fails; the caller
/// then keeps the layer in memory.
std::optional<LoadedLayer> importPaged(const gis::LayerSpec& spec, const gis::SceneFrame& frame,
                                       const LoadContext& context, const std::string& key,
                                       gis::ImportedLayer& layer, gis::Diagnostics& diagnostics,
                                       bool& storeTried, const gis::ProgressFn& progress,
                                       const gis::CancelToken* cancel)
{
    auto clock = Clock::now();
    render::PagedIndex index = render::buildPagedIndex(layer, cancel);
    const double indexSeconds = secondsSince(clock);
    if (!index.hierarchy || index.cancelled || cancelled(cancel)) return std::nullopt;
    if (progress) progress(0.88);
    clock = Clock::now();
    storeTried = true;
    if (!storeBuild(context.cachePath, key, slotOf(spec, context), layer, index.coarse, diagnostics))
        return std::nullopt;
    const double storeSeconds = secondsSince(clock);
    if (progress) progress(0.97);
    auto meshes = std::make_shared<CachedMeshIndex>();
    meshes->cachePath = context.cachePath;
    meshes->key = key;
    meshes->tiles.reserve(index.tiles.size());
    for (const render::PagedTileInfo& t : index.tiles)
        meshes->tiles.push_back({t.key, t.part, t.vertexCount, t.triangleCount, 0, t.boxMin, t.boxMax});
    layer.chunks = {}; // stored: the pager reads them back as they are drawn
    // So do the fine coarse levels, as when the layer is reopened.
    std::vector<gis::MeshChunk> coarse;
    for (gis::MeshChunk& c : index.coarse) {
        if (!render::coarseLeftInSource(c.tile)) {
            coarse.push_back(std::move(c));
            continue;
        }
        const auto [lo, hi] = gis::meshBounds(c);
        index.tiles.push_back({c.tile, 0, lo, hi, int64_t(c.vertexCount()), int64_t(c.triangleCount())});
    }
    index.coarse = {};
    clock = Clock::now();
    LoadedLayer loaded = pagedLayer(spec, frame, context, std::make_shared<const gis::ImportedLayer>(std::move(layer)),
                                    std::move(index.tiles), std::move(coarse), std::move(meshes), false, cancel);
    loaded.prepareSeconds = indexSeconds + secondsSince(clock);
    loaded.storeSeconds = storeSeconds;
    return loaded;
}

gis::Result<LoadedLayer> loadVector(const gis::LayerSpec& spec, const gis::SceneFrame& frame,
                                    const LoadContext& context, const gis::ProgressFn& progress,
                                    const gis::CancelToken* cancel)
{
    using R = gis::Result<LoadedLayer>;
    // Without an identity for the ground under it, a build cannot be keyed.
    const bool cacheable = !context.cachePath.empty() &&
                           (!context.elevation || !context.elevationIdentity.empty());
    const std::string key =
        cacheable ? vectorBuildKey(spec, frame, context.elevation ? context.elevationIdentity : std::string())
                  : std::string();
    gis::Diagnostics cacheNotes;
    if (!key.empty()) {
        if (auto cached = loadFromCache(spec, frame, context, key, cacheNotes, cancel)) {
            if (progress) progress(1.0);
            return R(std::move(*cached), std::move(cacheNotes));
        }
    }
    // A miss: import, then store the build with its hierarchy's coarse meshes.
    gis::ImportOptions options;
    options.elevation = context.elevation;
    auto clock = Clock::now();
    // Reading and building take most of a miss; the level of detail and the
    // cache store the rest (importPaged reports them).
    const auto importProgress = [&progress](double f) { if (progress) progress(0.8 * f); };
    auto imported = gis::importLayer(spec, frame, options, importProgress, cancel);
    gis::Diagnostics diagnostics = imported.diagnostics();
    diagnostics.insert(diagnostics.end(), cacheNotes.begin(), cacheNotes.end());
    if (!imported.ok()) return R::failure(std::move(diagnostics));
    gis::ImportedLayer layer = imported.takeValue();
    const double buildSeconds = secondsSince(clock);
    if (layer.stats.cancelled) {
        LoadedLayer loaded = vectorLayer(spec, frame, context, std::make_shared<const gis::ImportedLayer>(std::move(layer)),
                                         key, false);
        return R(std::move(loaded), std::move(diagnostics));
    }
    std::optional<LoadedLayer> loaded;
    bool storeTried = false;
    if (!key.empty())
        loaded = importPaged(spec, frame, context, key, layer, diagnostics, storeTried, progress, cancel);
    if (!loaded) {
        clock = Clock::now();
        auto built = std::make_shared<const gis::ImportedLayer>(std::move(layer));
        loaded = vectorLayer(spec, frame, context, built, key, false);
        loaded->prepared = render::prepareLayer(*built, cancel);
        loaded->prepareSeconds = secondsSince(clock);
        if (!key.empty() && !storeTried && loaded->prepared && !cancelled(cancel)) {
            clock = Clock::now();
            storeBuild(context.cachePath, key, slotOf(spec, context), *built, render::lodCoarseChunks(*loaded->prepared),
                       diagnostics);
            loaded->storeSeconds = secondsSince(clock);
        }
    }
    loaded->buildSeconds = buildSeconds;
    return R(std::move(*loaded), std::move(diagnostics));
}

} // namespace

std::vector<gis::LayerSpec> specsForInput(const std::string& input)
{
    if (gis::isOsmSource(input)) return gis::osmLayerSpecs(input);
    gis::LayerSpec spec;
    spec.sources = gis::expandInput(input);
    spec.name = displayName(input);
    if (spec.sources.size() == 1) spec.kind = gis::detectSourceKind(spec.sources.front());
    return {spec};
}

gis::Result<gis::SceneFrame> chooseSceneFrame(const gis::LayerSpec& spec)
{
    auto extent = isRaster(spec.kind) && !spec.sources.empty()
                      ? gis::probeRasterExtentLonLat(spec.sources.front())
                      : gis::probeExtentLonLat(spec.sources, spec.sourceLayer, spec.crsOverride);
    if (!extent.ok()) return gis::Result<gis::SceneFrame>::failure(extent.diagnostics());
    const gis::DVec2 c = extent->centre();
    return gis::Result<gis::SceneFrame>(gis::SceneFrame::utmFor(c.x, c.y), extent.diagnostics());
}

gis::Result<LoadedLayer> loadLayer(const gis::LayerSpec& spec, const LoadContext& context,
                                   const gis::ProgressFn& progress, const gis::CancelToken* cancel)
{
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();

    gis::SceneFrame frame;
    if (context.frame) {
        frame = *context.frame;
    } else {
        auto chosen = chooseSceneFrame(spec);
        if (!chosen.ok()) return gis::Result<LoadedLayer>::failure(chosen.diagnostics());
        frame = chosen.value();
    }
    auto importProgress = [&](double f) { if (progress) progress(0.9 * f); };

    gis::Result<LoadedLayer> result;
    if (isRaster(spec.kind)) {
        result = loadRaster(spec, frame, importProgress, cancel);
    } else {
        result = loadVector(spec, frame, context, importProgress, cancel);
    }
    if (cancel && cancel->isCancelled())
        return gis::Result<LoadedLayer>::failure("cancelled", spec.name);
    if (result.ok()) {
        result->importSeconds = std::chrono::duration<double>(Clock::now() - start).count();
        if (progress) progress(1.0);
    }
    return result;
}

render::LayerId addToScene(render::CityScene& scene, const LoadedLayer& layer)
{
    if (layer.preparedTerrain) return scene.addTerrain(layer.preparedTerrain);
    if (layer.preparedImagery) return scene.addImagery(layer.preparedImagery);
    return scene.addLayer(layer.prepared);
}

} // namespace citytwin::app
