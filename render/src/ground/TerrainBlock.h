#pragma once
// One node of the terrain quadtree: a tile (level 0) or a block of
// 2^level x 2^level tiles drawn as one coarse mesh, switching to its four
// children when the eye comes within its range.

#include "citytwin/gis/MeshChunk.h"

#include <osg/Group>
#include <osg/MatrixTransform>
#include <osg/observer_ptr>
#include <osg/ref_ptr>

#include <atomic>

namespace citytwin::render {

class TerrainTree;

/// Children of the node: [0] the block's own mesh (a MatrixTransform at the
/// block centre holding the geometry), [1] once built, a group of the child
/// blocks. The cull traversal draws the children within range when they
/// exist, else the mesh, and then asks the tree to build them (they appear
/// a frame later). Other visitors see the finest nodes built so far.
class TerrainBlock : public osg::Group {
public:
    TerrainBlock(TerrainTree* tree, const gis::TileKey& key, osg::MatrixTransform* mesh, float rangeMeters);

    const gis::TileKey& key() const { return m_key; }
    osg::MatrixTransform* mesh() const { return m_mesh.get(); }
    /// Update traversal: attach (or with nullptr, drop) the child blocks.
    void setChildBlocks(osg::Group* children, unsigned frameNumber);
    osg::Group* childBlocks() const;
    /// Frame number of the last cull that drew the children.
    unsigned lastUsedFrame() const { return m_lastUsed.load(); }
    /// The tree served (or dropped) this block's request; it may ask again.
    void clearQueued() { m_queued = false; }

    void traverse(osg::NodeVisitor& nv) override;

private:
    osg::ref_ptr<TerrainTree> m_tree; ///< heights and the build queue, shared by all blocks
    gis::TileKey m_key;
    osg::ref_ptr<osg::MatrixTransform> m_mesh;
    osg::Vec3 m_centre;  ///< world; distances for the level switch
    float m_range;       ///< children within this distance (0: leaf)
    std::atomic<unsigned> m_lastUsed{0};
    std::atomic<bool> m_queued{false};
};

} // namespace citytwin::render
