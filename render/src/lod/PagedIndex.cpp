// buildPagedIndex: a freshly built building layer's tile index and coarse
// meshes, straight from its chunks (no scene nodes). Worker thread.
#include "citytwin/render/PagedTiles.h"

#include "FeatureGeometry.h"
#include "PreparedLayer.h"
#include "lod/LodBuilder.h"
#include "lod/ParallelFor.h"

#include <map>
#include <tuple>

namespace citytwin::render {

PagedIndex buildPagedIndex(const gis::ImportedLayer& layer, const gis::CancelToken* cancel) {
    PagedIndex index;
    std::map<gis::TileKey, int32_t> parts;
    std::vector<PreparedLayer::Tile> tiles;       // the valid chunks, as prepareLayer() keeps them
    std::vector<const gis::MeshChunk*> tileChunks;
    for (const gis::MeshChunk& c : layer.chunks) {
        const int32_t part = parts[c.tile]++;
        if (!meshChunkIsValid(c)) continue;
        PagedTileInfo info;
        info.key = c.tile;
        info.part = part;
        std::tie(info.boxMin, info.boxMax) = gis::meshBounds(c);
        info.vertexCount = int64_t(c.vertexCount());
        info.triangleCount = int64_t(c.triangleCount());
        PreparedLayer::Tile t;
        t.key = c.tile;
        t.part = part;
        t.box = osg::BoundingBoxd(info.boxMin.x, info.boxMin.y, info.boxMin.z, info.boxMax.x, info.boxMax.y,
                                  info.boxMax.z);
        tiles.push_back(std::move(t));
        tileChunks.push_back(&c);
        index.tiles.push_back(info);
    }
    const bool buildings = layer.kind != gis::LayerKind::Lines && layer.kind != gis::LayerKind::Areas &&
                           layer.kind != gis::LayerKind::Points; // as prepareLayer() decides
    if (!buildings || int(tiles.size()) < kMinTilesForLod) return index;

    auto stopped = [cancel] { return cancel && cancel->isCancelled(); };
    std::vector<std::vector<FeatureProxy>> proxies(tiles.size());
    parallelFor(tiles.size(), [&](size_t i) { proxies[i] = featureProxies(*tileChunks[i], int(i)); }, stopped);
    std::vector<std::vector<int>> tilesBelow;
    std::vector<PreparedLayer::LodCell> cells;
    if (!stopped()) cells = buildLodSkeleton(tiles, cancel, &tilesBelow);
    std::vector<gis::MeshChunk> meshes(cells.size());
    parallelFor(cells.size(), [&](size_t i) { meshes[i] = buildCoarseMesh(cells[i], tilesBelow[i], tileChunks, proxies); },
                stopped);
    if (stopped()) {
        index.cancelled = true;
        return index;
    }
    for (gis::MeshChunk& mesh : meshes)
        if (!mesh.indices.empty()) index.coarse.push_back(std::move(mesh));
    index.hierarchy = !cells.empty();
    return index;
}

} // namespace citytwin::render
