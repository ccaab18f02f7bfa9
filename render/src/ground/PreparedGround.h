#pragma once
// Detached ground nodes and textures, built on a worker thread by
// prepareTerrain() / prepareImagery(), then handed to GroundNode.

#include "citytwin/gis/Geometry.h"
#include "citytwin/gis/MeshChunk.h"
#include "ground/TerrainTree.h"

#include <osg/Group>
#include <osg/Texture2D>
#include <osg/ref_ptr>

#include <map>
#include <vector>

namespace citytwin::render {

/// Immutable once handed to the GUI thread, except the blocks' state sets
/// (GroundNode sets the draped textures on them) and the lazily built finer
/// levels (the tree attaches them in GroundNode's update traversal).
class PreparedTerrain {
public:
    osg::ref_ptr<TerrainTree> tree;   ///< heights, levels, build queue
    osg::ref_ptr<osg::Group> root;    ///< the top blocks of the quadtree
    gis::Extent2 extent;
    double tileSizeMeters = 500;
    double minHeightMeters = 0, maxHeightMeters = 0;
    bool cancelled = false;
};

/// One texture per image tile; texel centres of the edge texels lie on the
/// tile edges (see gis::ImageTile), so the shader maps the tile's [0, 1]
/// square to [0.5/n, 1 - 0.5/n] and neighbours filter seamlessly. Mosaics
/// cover the terrain's coarser blocks (key.level = L: 2^L x 2^L tiles) with
/// the same texel count and convention, each level filtered from the one below.
class PreparedImagery {
public:
    std::map<gis::TileKey, osg::ref_ptr<osg::Texture2D>> textures; ///< level 0
    std::map<gis::TileKey, osg::ref_ptr<osg::Texture2D>> mosaics;  ///< levels >= 1
    int texelsPerEdge = 2;
    gis::Extent2 extent;
    double tileSizeMeters = 500;
    bool cancelled = false;
};

} // namespace citytwin::render
