// prepareLayerPaged / lodCoarseChunks: building layers whose full tiles stay
// in the tile cache. Worker thread.
#include "citytwin/render/PagedTiles.h"

#include "FeatureGeometry.h"
#include "PreparedLayer.h"
#include "lod/LodBuilder.h"

#include <QDebug>

#include <algorithm>
#include <map>

namespace citytwin::render {

std::vector<gis::MeshChunk> lodCoarseChunks(const PreparedLayer& layer) {
    std::vector<gis::MeshChunk> chunks;
    for (const PreparedLayer::LodCell& cell : layer.lodCells) {
        if (!cell.coarse) continue;
        gis::MeshChunk c = meshChunkOf(*cell.coarse, cell.key);
        if (!c.indices.empty()) chunks.push_back(std::move(c));
    }
    return chunks;
}

namespace {

PreparedLayer::Tile tileOf(const PagedTileInfo& info) {
    PreparedLayer::Tile t;
    t.key = info.key;
    t.part = info.part;
    t.vertexCount = info.vertexCount;
    t.triangleCount = info.triangleCount;
    t.bytes = meshBytes(info.vertexCount, info.triangleCount * 3);
    t.box = osg::BoundingBoxd(info.boxMin.x, info.boxMin.y, info.boxMin.z, info.boxMax.x, info.boxMax.y,
                              info.boxMax.z);
    return t;
}

/// A layer too small for a hierarchy (or not of buildings) has no coarse
/// mesh to fall back on: its tiles are read now, as prepareLayer() holds them.
void loadEveryTile(PreparedLayer& prepared, TileSource& source, const gis::CancelToken* cancel) {
    std::vector<PreparedLayer::Tile> loaded;
    for (PreparedLayer::Tile& t : prepared.tiles) {
        if (cancel && cancel->isCancelled()) {
            prepared.cancelled = true;
            break;
        }
        gis::Result<gis::MeshChunk> chunk = source.load(t.key, t.part);
        if (!chunk || !meshChunkIsValid(*chunk)) {
            qWarning("citytwin render: layer \"%s\": tile %d,%d part %d not loaded: %s", prepared.name.c_str(),
                     t.key.x, t.key.y, t.part, chunk ? "malformed mesh" : chunk.firstError().c_str());
            continue;
        }
        t.node = tileNode(*chunk);
        t.vertexCount = int64_t(chunk->vertexCount());
        t.triangleCount = int64_t(chunk->triangleCount());
        t.bytes = meshBytes(t.vertexCount, int64_t(chunk->indices.size()));
        loaded.push_back(std::move(t));
    }
    prepared.tiles = std::move(loaded);
    prepared.triangles = 0;
    for (const PreparedLayer::Tile& t : prepared.tiles) prepared.triangles += t.triangleCount;
}

} // namespace

std::shared_ptr<PreparedLayer> prepareLayerPaged(const gis::ImportedLayer& layer,
                                                 std::vector<PagedTileInfo> tiles,
                                                 std::vector<gis::MeshChunk> coarse,
                                                 std::shared_ptr<TileSource> source,
                                                 const gis::CancelToken* cancel) {
    auto prepared = std::make_shared<PreparedLayer>();
    uint32_t featureCount = static_cast<uint32_t>(layer.features.size());
    for (const gis::MeshChunk& c : coarse)
        for (uint32_t id : c.featureIds) featureCount = std::max(featureCount, id + 1);
    prepareLayerBasics(layer, featureCount, *prepared);
    if (!source) {
        qWarning("citytwin render: layer \"%s\": no tile source", layer.spec.name.c_str());
        return prepared;
    }
    prepared->tiles.reserve(tiles.size());
    std::map<gis::TileKey, PagedTileInfo> coarseIndex; // level >= 1: coarse meshes left in the source
    for (const PagedTileInfo& info : tiles) {
        if (info.vertexCount <= 0 || info.triangleCount <= 0) continue; // prepareLayer() skips empty meshes
        if (info.key.level > 0) {
            if (info.part == 0) coarseIndex.emplace(info.key, info);
            continue;
        }
        prepared->tiles.push_back(tileOf(info));
        prepared->triangles += info.triangleCount;
    }
    tiles = {};
    const bool extentGiven = !layer.extent.empty();
    for (const PreparedLayer::Tile& t : prepared->tiles) {
        if (!extentGiven) {
            prepared->extent.add(t.box.xMin(), t.box.yMin());
            prepared->extent.add(t.box.xMax(), t.box.yMax());
        }
        if (layer.maxHeightMeters <= 0) prepared->maxHeightMeters = std::max(prepared->maxHeightMeters, t.box.zMax());
    }

    if (prepared->kind != gis::LayerKind::Buildings || int(prepared->tiles.size()) < kMinTilesForLod) {
        loadEveryTile(*prepared, *source, cancel);
        return prepared;
    }
    prepared->lodCells = buildLodSkeleton(prepared->tiles, cancel);
    if (cancel && cancel->isCancelled()) {
        prepared->cancelled = true;
        prepared->lodCells.clear();
        return prepared;
    }
    std::map<gis::TileKey, size_t> byKey;
    for (size_t i = 0; i < coarse.size(); ++i) byKey.emplace(coarse[i].tile, i);
    int malformed = 0;
    const size_t root = prepared->lodCells.size() - 1;
    for (size_t i = 0; i < prepared->lodCells.size(); ++i) {
        PreparedLayer::LodCell& cell = prepared->lodCells[i];
        auto it = byKey.find(cell.key);
        gis::MeshChunk rootMesh;
        if (it == byKey.end()) {
            const auto indexed = coarseIndex.find(cell.key);
            if (indexed == coarseIndex.end()) continue; // nothing survived the simplification there
            if (i != root) {
                cell.pagedCoarse = int(prepared->coarseTiles.size());
                cell.triangles = indexed->second.triangleCount;
                prepared->coarseTiles.push_back(tileOf(indexed->second));
                continue;
            }
            // The root draws before anything is loaded: read it now.
            gis::Result<gis::MeshChunk> read = source->load(cell.key, 0);
            if (!read) {
                qWarning("citytwin render: layer \"%s\": coarse mesh of the whole layer not loaded: %s",
                         layer.spec.name.c_str(), read.firstError().c_str());
                continue;
            }
            rootMesh = read.takeValue();
        }
        gis::MeshChunk& c = it == byKey.end() ? rootMesh : coarse[it->second];
        if (!meshChunkIsValid(c)) {
            ++malformed;
            continue;
        }
        setCoarseMesh(cell, c);
        c = {}; // the node holds the arrays now
    }
    if (malformed > 0)
        qWarning("citytwin render: layer \"%s\": %d malformed coarse mesh(es) skipped", layer.spec.name.c_str(),
                 malformed);
    prepared->source = std::move(source);
    return prepared;
}

} // namespace citytwin::render
