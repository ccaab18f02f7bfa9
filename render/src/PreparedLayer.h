#pragma once
// A layer's detached scene nodes, built on a worker thread.

#include "FeatureStateTexture.h"

#include "citytwin/gis/Geometry.h"
#include "citytwin/gis/LayerSpec.h"
#include "citytwin/gis/MeshChunk.h"

#include <osg/MatrixTransform>
#include <osg/ref_ptr>

#include <memory>
#include <string>
#include <vector>

namespace citytwin::render {

/// Output of prepareLayer(): immutable once handed to the GUI thread, except
/// for the state texture, which the GUI thread then owns.
class PreparedLayer {
public:
    struct Tile {
        gis::TileKey key;
        osg::ref_ptr<osg::MatrixTransform> node; ///< translate(origin) → Geometry
    };

    std::string name;
    gis::LayerKind kind = gis::LayerKind::Buildings; ///< Buildings, Lines, Areas or Points
    /// Buildings / Lines / Areas: one per non-empty tile. Points: one "tile"
    /// holding a single GL_POINTS drawable for the whole layer.
    std::vector<Tile> tiles;
    std::unique_ptr<FeatureStateTexture> state;
    /// Label anchor of feature i (scene CRS): the top of a building, the
    /// centroid of a line or area on its base, a point's icon.
    std::vector<gis::DVec3> anchors;
    gis::Extent2 extent;
    double maxHeightMeters = 0;
    int64_t triangles = 0;
    bool cancelled = false;
};

/// Height of a point icon above its feature's base (metres).
inline constexpr double kPointIconLiftMeters = 3.0;

} // namespace citytwin::render
