#pragma once
// A layer's detached scene nodes, built on a worker thread.

#include "FeatureStateTexture.h"

#include "citytwin/gis/Geometry.h"
#include "citytwin/gis/LayerSpec.h"
#include "citytwin/gis/MeshChunk.h"

#include <osg/BoundingBox>
#include <osg/MatrixTransform>
#include <osg/ref_ptr>

#include <memory>
#include <string>
#include <vector>

namespace citytwin::gis {
struct ImportedLayer;
}

namespace citytwin::render {

class TileSource; // citytwin/render/PagedTiles.h

/// Output of prepareLayer(): immutable once handed to the GUI thread, except
/// for the state texture, which the GUI thread then owns.
class PreparedLayer {
public:
    struct Tile {
        gis::TileKey key;
        /// translate(origin) → Geometry. Null for a paged layer's tile: the
        /// tile pager loads it from `source` and keeps it, not this record.
        osg::ref_ptr<osg::MatrixTransform> node;
        int64_t bytes = 0;      ///< vertex + index bytes of its geometry
        osg::BoundingBoxd box;  ///< scene CRS
        int32_t part = 0;       ///< which mesh of its key (TileSource::load)
        int64_t vertexCount = 0;
        int64_t triangleCount = 0;
    };
    /// A node of the building level-of-detail quadtree above the tiles
    /// (see lod/LodBuilder.h). Level >= 1; it covers 2^level x 2^level tiles.
    struct LodCell {
        gis::TileKey key;        ///< x, y = tile x, y >> level
        double errorMeters = 0;  ///< geometric error of the coarse mesh
        osg::BoundingBoxd box;   ///< scene CRS, of the full buildings below
        /// Coarse mesh of every building below (null when none survives the
        /// simplification); feature ids per vertex as in the tiles.
        osg::ref_ptr<osg::MatrixTransform> coarse;
        std::vector<int> children; ///< level 1: indices into tiles; else into lodCells
        int64_t triangles = 0;
        int64_t bytes = 0;       ///< of `coarse`, held in memory (0 when paged)
        /// Paged layers: index into coarseTiles when the coarse mesh stays in
        /// the source until the level of detail asks for it (the tile pager
        /// loads and drops it like a full tile); -1 otherwise.
        int pagedCoarse = -1;
    };

    std::string name;
    gis::LayerKind kind = gis::LayerKind::Buildings; ///< Buildings, Lines, Areas or Points
    /// Buildings / Lines / Areas: one per non-empty tile. Points: one "tile"
    /// holding a single GL_POINTS drawable for the whole layer.
    std::vector<Tile> tiles;
    std::unique_ptr<FeatureStateTexture> state;
    /// Level-of-detail quadtree (building layers of kMinTilesForLod tiles or
    /// more; empty otherwise): cells bottom-up, the root last.
    std::vector<LodCell> lodCells;
    /// Paged layers: the coarse meshes read when drawn (LodCell::pagedCoarse;
    /// key level >= 1, node always null).
    std::vector<Tile> coarseTiles;
    /// Label anchor of feature i (scene CRS): the top of a building, the
    /// centroid of a line or area on its base, a point's icon.
    std::vector<gis::DVec3> anchors;
    gis::Extent2 extent;
    double maxHeightMeters = 0;
    int64_t triangles = 0;
    bool cancelled = false;
    /// Paged layers (prepareLayerPaged()): where tiles without a node come
    /// from. Null for layers whose tiles are all in memory.
    std::shared_ptr<TileSource> source;
    bool paged() const { return source != nullptr; }
};

/// Building layers with fewer tiles draw all their tiles (no hierarchy):
/// they cost at most this many draw calls anyway.
inline constexpr int kMinTilesForLod = 32;

/// What every prepared vector layer takes from its import: name, kind,
/// extent and tallest height as given, a state texture of `featureCount`
/// texels in the kind's default colour, a label anchor per feature.
/// Worker thread.
void prepareLayerBasics(const gis::ImportedLayer& layer, uint32_t featureCount, PreparedLayer& prepared);

/// Height of a point icon above its feature's base (metres).
inline constexpr double kPointIconLiftMeters = 3.0;

} // namespace citytwin::render
