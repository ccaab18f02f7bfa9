#pragma once
// A layer's detached scene nodes, built on a worker thread.

#include "FeatureStateTexture.h"

#include "citytwin/gis/Geometry.h"
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
    std::vector<Tile> tiles;
    std::unique_ptr<FeatureStateTexture> state;
    gis::Extent2 extent;
    double maxHeightMeters = 0;
    int64_t triangles = 0;
    bool cancelled = false;
};

} // namespace citytwin::render
