#include "core/LayerMeshes.h"

#include "core/TileCacheAccess.h"

#include "citytwin/data/TileCache.h"

#include <algorithm>

namespace citytwin::app {
namespace {

/// Scene CRS bounds of an in-memory mesh (as the cache stores them).
std::pair<gis::DVec3, gis::DVec3> boundsOf(const gis::MeshChunk& c)
{
    gis::DVec3 lo = c.origin, hi = c.origin;
    for (size_t i = 0; i + 2 < c.positions.size(); i += 3) {
        const gis::DVec3 p{c.origin.x + c.positions[i], c.origin.y + c.positions[i + 1], c.origin.z + c.positions[i + 2]};
        if (i == 0) lo = hi = p;
        lo = {std::min(lo.x, p.x), std::min(lo.y, p.y), std::min(lo.z, p.z)};
        hi = {std::max(hi.x, p.x), std::max(hi.y, p.y), std::max(hi.z, p.z)};
    }
    return {lo, hi};
}

} // namespace

LayerMeshes::LayerMeshes(const gis::ImportedLayer& layer) : m_layer(&layer) {}

LayerMeshes::LayerMeshes(const LoadedLayer& layer) : m_layer(layer.vector.get()), m_cached(layer.pagedMeshes) {}

LayerMeshes::Totals LayerMeshes::totals() const
{
    Totals t;
    if (m_cached) {
        for (const data::TileEntry& e : m_cached->tiles) {
            ++t.meshes;
            t.vertices += e.vertexCount;
            t.triangles += e.triangleCount;
        }
        return t;
    }
    for (const gis::MeshChunk& c : m_layer->chunks) {
        ++t.meshes;
        t.vertices += int64_t(c.vertexCount());
        t.triangles += int64_t(c.triangleCount());
    }
    return t;
}

gis::Result<int64_t> LayerMeshes::forEach(const std::function<void(const gis::MeshChunk&)>& visit,
                                          const BoundsFilter& wanted) const
{
    using R = gis::Result<int64_t>;
    int64_t visited = 0;
    if (!m_cached) {
        for (const gis::MeshChunk& c : m_layer->chunks) {
            if (wanted) {
                const auto [lo, hi] = boundsOf(c);
                if (!wanted(lo, hi)) continue;
            }
            visit(c);
            ++visited;
        }
        return visited;
    }
    std::optional<data::TileCache> cache; // opened when a mesh is wanted
    for (const data::TileEntry& e : m_cached->tiles) {
        if (wanted && !wanted(e.boxMin, e.boxMax)) continue;
        if (!cache) {
            auto opened = data::TileCache::open(m_cached->cachePath);
            if (!opened.ok()) return R::failure(opened.diagnostics());
            cache.emplace(opened.takeValue());
        }
        auto mesh = cache->loadTile(m_cached->key, e.tile, e.part);
        if (!mesh.ok()) return R::failure(mesh.diagnostics());
        if (!mesh->has_value())
            return R::failure("the meshes of " + m_layer->spec.name + " are no longer in the tile cache " +
                                  m_cached->cachePath + " (reload the layer)",
                              m_cached->cachePath);
        visit(**mesh);
        ++visited;
    }
    return visited;
}

} // namespace citytwin::app
