#pragma once
// The full-detail meshes of a loaded vector layer, wherever they are.

#include "core/LayerLoader.h"

#include "citytwin/gis/LayerImporter.h"
#include "citytwin/gis/MeshChunk.h"
#include "citytwin/gis/Result.h"

#include <cstdint>
#include <functional>
#include <memory>

namespace citytwin::app {

/// The full-detail meshes of a vector layer: its chunks in memory or, for a
/// paged building layer (LoadedLayer::pagedMeshes), the tile cache entry it
/// was reopened from, read one mesh at a time through a connection of its
/// own. Whoever needs the triangles themselves (binding sensors to the
/// footprint they stand in, the baselines of bench city) goes through it.
///
/// A view: the layer it was made from must outlive it. Any thread; reading
/// a big paged layer whole takes a second or more (a million buildings):
/// not on the GUI thread unless `wanted` keeps it to a few tiles.
class LayerMeshes {
public:
    /// In memory: `layer.chunks`.
    explicit LayerMeshes(const gis::ImportedLayer& layer);
    /// A loaded vector layer's (`layer.vector` set): in the cache when paged.
    explicit LayerMeshes(const LoadedLayer& layer);

    const gis::ImportedLayer& layer() const { return *m_layer; }
    bool inCache() const { return m_cached != nullptr; }

    struct Totals {
        int64_t meshes = 0;
        int64_t vertices = 0;
        int64_t triangles = 0;
    };
    /// Counts without reading a mesh.
    Totals totals() const;

    /// Accepts a mesh by its scene CRS bounds.
    using BoundsFilter = std::function<bool(const gis::DVec3& boxMin, const gis::DVec3& boxMax)>;
    /// Calls `visit` with each mesh, in stored order, whose bounds `wanted`
    /// accepts (every one when `wanted` is empty); in the cache at most one
    /// is in memory at a time. The value is the number visited. Fails, after
    /// visiting the meshes before it, when a mesh can no longer be read from
    /// the cache (its layer rebuilt since, the file removed or damaged).
    gis::Result<int64_t> forEach(const std::function<void(const gis::MeshChunk&)>& visit,
                                 const BoundsFilter& wanted = {}) const;

private:
    const gis::ImportedLayer* m_layer;
    std::shared_ptr<const CachedMeshIndex> m_cached;
};

} // namespace citytwin::app
