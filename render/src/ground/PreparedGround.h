#pragma once
// Detached ground nodes and textures, built on a worker thread by
// prepareTerrain() / prepareImagery(), then handed to GroundNode.

#include "citytwin/gis/Geometry.h"
#include "citytwin/gis/MeshChunk.h"

#include <osg/MatrixTransform>
#include <osg/Texture2D>
#include <osg/ref_ptr>

#include <map>
#include <vector>

namespace citytwin::render {

/// Immutable once handed to the GUI thread, except the tiles' state sets,
/// which GroundNode then owns (it sets the draped textures on them).
class PreparedTerrain {
public:
    struct Tile {
        gis::TileKey key;
        osg::ref_ptr<osg::MatrixTransform> node; ///< translate(origin) → LOD(full, half, quarter)
    };
    std::vector<Tile> tiles;
    osg::ref_ptr<osg::Group> root;               ///< all tile nodes
    gis::Extent2 extent;
    double tileSizeMeters = 500;
    double minHeightMeters = 0, maxHeightMeters = 0;
    bool cancelled = false;
};

/// One texture per image tile; texel centres of the edge texels lie on the
/// tile edges (see gis::ImageTile), so the shader maps the tile's [0, 1]
/// square to [0.5/n, 1 - 0.5/n] and neighbours filter seamlessly.
class PreparedImagery {
public:
    std::map<gis::TileKey, osg::ref_ptr<osg::Texture2D>> textures;
    int texelsPerEdge = 2;
    gis::Extent2 extent;
    double tileSizeMeters = 500;
    bool cancelled = false;
};

} // namespace citytwin::render
