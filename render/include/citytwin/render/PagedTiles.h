#pragma once
// Building layers whose full-detail tiles stay on disk (the tile cache) until
// the camera needs them: the layer opens with its feature records, its tile
// index and its coarse level-of-detail meshes only.

#include "citytwin/gis/LayerImporter.h"
#include "citytwin/gis/MeshChunk.h"
#include "citytwin/gis/Result.h"

#include <memory>
#include <vector>

namespace citytwin::render {

class PreparedLayer;

/// Names the level-of-detail build (how coarse meshes are made); changed
/// whenever their content changes, so a tile cache keyed with it never
/// serves coarse meshes of an older build.
inline constexpr const char* kLodBuildTag = "lod=4";

/// Coarse meshes of levels 1 .. kPagedCoarseMaxLevel hold most of a large
/// layer's coarse bytes (one roof or box per building); a paged layer may
/// leave them in its source until the level of detail asks for them (see
/// prepareLayerPaged()). The coarser levels are few and small, and they are
/// what a view shows first, so they open with the layer.
inline constexpr int kPagedCoarseMaxLevel = 2;

/// Whether a paged layer leaves the coarse mesh of cell `key` in its source
/// (levels 1 .. kPagedCoarseMaxLevel) rather than holding it: the one rule
/// the import, the reopen and the tile cache read follow.
inline bool coarseLeftInSource(const gis::TileKey& key)
{
    return key.level >= 1 && key.level <= kPagedCoarseMaxLevel;
}

/// A full-detail tile known by its index entry only (level 0 key).
struct PagedTileInfo {
    gis::TileKey key;
    int32_t part = 0;
    gis::DVec3 boxMin, boxMax; ///< scene CRS bounds of its mesh
    int64_t vertexCount = 0;
    int64_t triangleCount = 0;
};

/// Where a paged layer's tiles come from. load() is called on the scene's
/// tile loader thread and, for picking, on the GUI thread: implementations
/// serialise their own access (e.g. a mutex around one cache connection).
class TileSource {
public:
    virtual ~TileSource() = default;
    /// The mesh stored for (key, part); a failure names what is wrong.
    virtual gis::Result<gis::MeshChunk> load(const gis::TileKey& key, int32_t part) = 0;
};

/// The coarse level-of-detail meshes prepareLayer() built over a building
/// layer (keys of level >= 1, one per cell with a mesh), to store beside the
/// full tiles so that prepareLayerPaged() need not rebuild them. Empty for
/// layers without a hierarchy. Any thread.
std::vector<gis::MeshChunk> lodCoarseChunks(const PreparedLayer& layer);

/// What a freshly built building layer needs to be paged: the index of its
/// full tiles (one entry per chunk, parts numbered per key in chunk order as
/// the tile cache numbers them, bounds as the cache computes them) and the
/// coarse level-of-detail meshes prepareLayer() would build over them (the
/// same meshes lodCoarseChunks() gives), computed from the chunks without
/// building a scene node. `hierarchy` is false when the layer gets none
/// (not buildings, or fewer tiles than a hierarchy needs): such a layer is
/// better held whole (prepareLayer()). Worker thread.
struct PagedIndex {
    std::vector<PagedTileInfo> tiles;
    std::vector<gis::MeshChunk> coarse;
    bool hierarchy = false;
    bool cancelled = false;
};
PagedIndex buildPagedIndex(const gis::ImportedLayer& layer, const gis::CancelToken* cancel = nullptr);

/// A building layer whose full-detail tiles are read from `source` when the
/// level of detail (or a pick) needs them, and dropped from memory when the
/// scene's memory budget sends them away. `layer` gives the feature records,
/// spec, extent and height (its chunks are ignored); `tiles` the index of the
/// source's meshes: level 0 entries are the full tiles, entries of a higher
/// level name coarse meshes left in the source; `coarse` the coarse chunks
/// held in memory (of those lodCoarseChunks() gave when the layer was built).
/// The hierarchy is rebuilt from the full tiles' keys and boxes exactly as
/// prepareLayer() builds it, and each cell takes its coarse mesh by key: the
/// chunk in `coarse` when there is one, else the indexed one, read from the
/// source when the level of detail asks for it (the root's is read here);
/// a cell with neither has no coarse mesh. No full tile is read here, and
/// the layer never holds one: the scene's tile pager reads them on its
/// loader thread (and picking on the GUI thread), keeps those the level of
/// detail asks for within CityScene's memory budget, and drops the others.
/// A layer too small for a hierarchy (fewer than 32 tiles) or not of
/// buildings has no coarse mesh to fall back on: its tiles are read here,
/// and it behaves as prepareLayer() made it. Entries without triangles are
/// skipped, as prepareLayer() skips empty meshes. Worker thread; touches no
/// live scene graph.
std::shared_ptr<PreparedLayer> prepareLayerPaged(const gis::ImportedLayer& layer,
                                                 std::vector<PagedTileInfo> tiles,
                                                 std::vector<gis::MeshChunk> coarse,
                                                 std::shared_ptr<TileSource> source,
                                                 const gis::CancelToken* cancel = nullptr);

} // namespace citytwin::render
