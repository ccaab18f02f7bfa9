#include "lod/LodBuilder.h"

#include "FeatureGeometry.h"
#include "lod/ParallelFor.h"

#include "citytwin/gis/FlatNormals.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>

namespace citytwin::render {

namespace {

/// Coarse mesh arrays, relative to `origin`, in the chunk they end up in.
struct CoarseMesh {
    gis::MeshChunk chunk;

    osg::Vec3 local(double x, double y, double z) const {
        const gis::DVec3& o = chunk.origin;
        return osg::Vec3(float(x - o.x), float(y - o.y), float(z - o.z));
    }
    void vertex(const osg::Vec3& p, uint32_t feature) {
        chunk.positions.insert(chunk.positions.end(), {p.x(), p.y(), p.z()});
        chunk.featureIds.push_back(feature);
    }
    /// Walls share their corners and draw flat-shaded, as the fine meshes
    /// (gis::extrudeFootprint): both triangles of a wall end on the top of
    /// the corner where the wall ends. Normals: buildCoarseMesh derives them.
    void box(const FeatureProxy& f) {
        const auto& c = f.corners;
        const auto first = static_cast<uint32_t>(chunk.vertexCount());
        for (uint32_t i = 0; i < 4; ++i) {
            const gis::DVec2& b = c[i];
            vertex(local(b.x, b.y, f.zMinMeters), f.feature);
            vertex(local(b.x, b.y, f.zMaxMeters), f.feature);
            const uint32_t from = first + 2 * ((i + 3) % 4), to = first + 2 * i;
            chunk.indices.insert(chunk.indices.end(), {from, to, to + 1, from + 1, from, to + 1});
        }
        roof(f);
    }
    void roof(const FeatureProxy& f) {
        const auto& c = f.corners;
        const auto base = static_cast<uint32_t>(chunk.vertexCount());
        for (const gis::DVec2& p : c) vertex(local(p.x, p.y, f.zMaxMeters), f.feature);
        for (uint32_t i : {0u, 1u, 2u, 0u, 2u, 3u}) chunk.indices.push_back(base + i);
    }
    /// The feature's own triangles, each of its vertices once.
    void exact(const FeatureProxy& f, const gis::MeshChunk& c) {
        const osg::Vec3 shift = local(c.origin.x, c.origin.y, c.origin.z);
        uint32_t lo = UINT32_MAX, hi = 0;
        for (uint32_t t : f.triangles)
            for (int k = 0; k < 3; ++k) {
                lo = std::min(lo, c.indices[t + k]);
                hi = std::max(hi, c.indices[t + k]);
            }
        if (f.triangles.empty()) return;
        remap.assign(size_t(hi - lo) + 1, UINT32_MAX);
        for (uint32_t t : f.triangles) {
            for (int k = 0; k < 3; ++k) {
                const uint32_t source = c.indices[t + k];
                uint32_t& to = remap[source - lo];
                if (to == UINT32_MAX) {
                    to = static_cast<uint32_t>(chunk.vertexCount());
                    const size_t v = size_t(source) * 3;
                    vertex(osg::Vec3(c.positions[v], c.positions[v + 1], c.positions[v + 2]) + shift, f.feature);
                }
                chunk.indices.push_back(to);
            }
        }
    }
    std::vector<uint32_t> remap; ///< exact()'s scratch: source vertex - lowest → coarse vertex
};

int64_t floorShift(int64_t v) { return v >> 1; } // arithmetic: floor division by 2

/// The buildings too small for a level, gathered per square of
/// kBlockSquareErrors x the level's error: each square that holds any becomes one block (a box) with their
/// footprint area, at their area-weighted centre and mean roof height, from
/// their lowest base, coloured as the one that shows most. So a district of
/// small houses seen from far keeps its mass and density instead of
/// vanishing, at no more than one box per square.
class BlockGrid {
public:
    BlockGrid(const osg::BoundingBoxd& box, double texelMeters)
        : m_x0(box.xMin()), m_y0(box.yMin()), m_texel(std::max(texelMeters, 1e-3)),
          m_columns(std::max(1, int(std::ceil((box.xMax() - box.xMin()) / m_texel)))),
          m_rows(std::max(1, int(std::ceil((box.yMax() - box.yMin()) / m_texel)))) {}

    void add(const FeatureProxy& f) {
        const auto& c = f.corners;
        const double cx = 0.25 * (c[0].x + c[1].x + c[2].x + c[3].x);
        const double cy = 0.25 * (c[0].y + c[1].y + c[2].y + c[3].y);
        const double area = std::hypot(c[1].x - c[0].x, c[1].y - c[0].y) *
                            std::hypot(c[2].x - c[1].x, c[2].y - c[1].y);
        if (!(area > 0) || !std::isfinite(cx) || !std::isfinite(cy)) return;
        const int col = std::clamp(int((cx - m_x0) / m_texel), 0, m_columns - 1);
        const int row = std::clamp(int((cy - m_y0) / m_texel), 0, m_rows - 1);
        Block& b = m_blocks[int64_t(row) * m_columns + col];
        b.area += area;
        b.sumX += area * cx;
        b.sumY += area * cy;
        b.sumTop += area * f.zMaxMeters;
        b.zMin = std::min(b.zMin, f.zMinMeters);
        const double weight = area * std::max(f.zMaxMeters - f.zMinMeters, 0.0);
        if (weight >= b.bestWeight) {
            b.bestWeight = weight;
            b.feature = f.feature;
        }
    }

    /// One box per occupied square, in square order (deterministic).
    std::vector<FeatureProxy> blocks() const {
        std::vector<FeatureProxy> out;
        out.reserve(m_blocks.size());
        for (const auto& [square, b] : m_blocks) {
            FeatureProxy p;
            p.feature = b.feature;
            const double half = 0.5 * std::min(std::sqrt(b.area), m_texel);
            const double x = b.sumX / b.area, y = b.sumY / b.area;
            p.corners = {gis::DVec2{x - half, y - half}, gis::DVec2{x + half, y - half},
                         gis::DVec2{x + half, y + half}, gis::DVec2{x - half, y + half}};
            p.zMinMeters = b.zMin;
            p.zMaxMeters = std::max(b.sumTop / b.area, b.zMin);
            out.push_back(p);
        }
        return out;
    }

private:
    struct Block {
        double area = 0, sumX = 0, sumY = 0, sumTop = 0;
        double zMin = 1e300;
        double bestWeight = -1;
        uint32_t feature = 0;
    };
    double m_x0, m_y0, m_texel;
    int m_columns, m_rows;
    std::map<int64_t, Block> m_blocks;
};

} // namespace

std::vector<PreparedLayer::LodCell> buildLodSkeleton(const std::vector<PreparedLayer::Tile>& tiles,
                                                     const gis::CancelToken* cancel,
                                                     std::vector<std::vector<int>>* tilesBelow) {
    const int tileCount = static_cast<int>(tiles.size());
    if (tileCount < kMinTilesForLod) return {};
    // Bottom-up: level 1 groups tiles by key >> 1, each later level groups
    // the cells below it, until one cell holds everything.
    std::vector<PreparedLayer::LodCell> cells;
    std::vector<std::vector<int>> below;
    struct Item { gis::TileKey key; osg::BoundingBoxd box; double error; std::vector<int> tiles; };
    std::vector<Item> items;
    for (int i = 0; i < tileCount; ++i) items.push_back({tiles[i].key, tiles[i].box, 0.0, {i}});
    std::vector<int> itemCell(items.size(), -1); // level 0: tiles, no cell
    for (int level = 1; items.size() > 1 && level < 32; ++level) {
        std::map<std::pair<int64_t, int64_t>, std::vector<int>> groups;
        for (int i = 0; i < int(items.size()); ++i)
            groups[{floorShift(items[i].key.x), floorShift(items[i].key.y)}].push_back(i);
        std::vector<Item> next;
        std::vector<int> nextCell;
        for (const auto& [xy, members] : groups) {
            if (cancel && cancel->isCancelled()) return {};
            PreparedLayer::LodCell cell;
            cell.key = {int32_t(xy.first), int32_t(xy.second), level};
            Item up{cell.key, {}, 0.0, {}};
            for (int m : members) {
                up.box.expandBy(items[m].box);
                up.error = std::max(up.error, items[m].error);
                up.tiles.insert(up.tiles.end(), items[m].tiles.begin(), items[m].tiles.end());
                cell.children.push_back(level == 1 ? items[m].tiles.front() : itemCell[m]);
            }
            const double size = std::max(up.box.xMax() - up.box.xMin(), up.box.yMax() - up.box.yMin());
            up.error = std::max(up.error, size / kLodErrorDivisor);
            cell.box = up.box;
            cell.errorMeters = up.error;
            nextCell.push_back(int(cells.size()));
            cells.push_back(std::move(cell));
            if (tilesBelow) below.push_back(up.tiles);
            next.push_back(std::move(up));
        }
        items = std::move(next);
        itemCell = std::move(nextCell);
    }
    if (tilesBelow) *tilesBelow = std::move(below);
    return cells;
}

gis::MeshChunk buildCoarseMesh(const PreparedLayer::LodCell& cell, const std::vector<int>& tilesBelow,
                               const std::vector<const gis::MeshChunk*>& tileChunks,
                               const std::vector<std::vector<FeatureProxy>>& proxies) {
    CoarseMesh mesh;
    mesh.chunk.tile = cell.key;
    mesh.chunk.origin = {cell.box.center().x(), cell.box.center().y(), cell.box.zMin()};
    const double error = cell.errorMeters;
    BlockGrid blocks(cell.box, kBlockSquareErrors * error);
    for (int tile : tilesBelow) {
        for (const FeatureProxy& f : proxies[tile]) {
            if (f.sizeMeters < error / kRoofOnlyFraction) {
                blocks.add(f);
                continue;
            }
            if (f.sizeMeters < error) {
                mesh.roof(f); // a few pixels: its roof keeps the city's texture
                continue;
            }
            const bool boxIsWorse = f.triangles.size() <= size_t(kProxyBoxTriangles) || f.boxErrorMeters > error;
            if (boxIsWorse) mesh.exact(f, *tileChunks[tile]);
            else mesh.box(f);
        }
    }
    for (const FeatureProxy& block : blocks.blocks()) mesh.box(block);
    gis::deriveFlatNormals(mesh.chunk); // so that the tile cache may derive them too
    return std::move(mesh.chunk);
}

void setCoarseMesh(PreparedLayer::LodCell& cell, const gis::MeshChunk& mesh) {
    cell.coarse = nullptr;
    cell.triangles = int64_t(mesh.triangleCount());
    cell.bytes = 0;
    if (mesh.indices.empty()) return;
    const gis::TileKey& k = cell.key;
    cell.coarse = meshChunkNode(mesh, "coarse",
                                "lod " + std::to_string(k.level) + ":" + std::to_string(k.x) + "," + std::to_string(k.y));
    cell.bytes = meshBytes(int64_t(mesh.vertexCount()), int64_t(mesh.indices.size()));
}

void buildLod(PreparedLayer& prepared, const std::vector<const gis::MeshChunk*>& tileChunks,
              const gis::CancelToken* cancel) {
    const int tileCount = static_cast<int>(prepared.tiles.size());
    if (tileCount < kMinTilesForLod || int(tileChunks.size()) != tileCount) return;
    auto stopped = [cancel] { return cancel && cancel->isCancelled(); };
    std::vector<std::vector<FeatureProxy>> proxies(size_t(tileCount), std::vector<FeatureProxy>{});
    parallelFor(size_t(tileCount), [&](size_t i) { proxies[i] = featureProxies(*tileChunks[i], int(i)); }, stopped);
    if (stopped()) return;
    std::vector<std::vector<int>> tilesBelow;
    std::vector<PreparedLayer::LodCell> cells = buildLodSkeleton(prepared.tiles, cancel, &tilesBelow);
    parallelFor(cells.size(), [&](size_t i) {
        setCoarseMesh(cells[i], buildCoarseMesh(cells[i], tilesBelow[i], tileChunks, proxies));
    }, stopped);
    if (stopped()) return;
    prepared.lodCells = std::move(cells);
}

} // namespace citytwin::render
