#include "ground/TerrainBlock.h"

#include "ground/TerrainTree.h"

#include <osg/FrameStamp>
#include <osg/NodeVisitor>

namespace citytwin::render {

TerrainBlock::TerrainBlock(TerrainTree* tree, const gis::TileKey& key, osg::MatrixTransform* mesh, float rangeMeters)
    : m_tree(tree), m_key(key), m_mesh(mesh), m_range(rangeMeters)
{
    setName(key.level == 0 ? "terrain tile" : "terrain block");
    addChild(mesh);
    m_centre = osg::Vec3(mesh->getBound().center());
}

void TerrainBlock::setChildBlocks(osg::Group* children, unsigned frameNumber)
{
    m_lastUsed = frameNumber;
    if (getNumChildren() > 1) removeChildren(1, getNumChildren() - 1);
    if (children) addChild(children);
}

osg::Group* TerrainBlock::childBlocks() const
{
    return getNumChildren() > 1 ? const_cast<osg::Group*>(getChild(1)->asGroup()) : nullptr;
}

void TerrainBlock::traverse(osg::NodeVisitor& nv)
{
    if (nv.getTraversalMode() == osg::NodeVisitor::TRAVERSE_ALL_CHILDREN) {
        osg::Group::traverse(nv);
        return;
    }
    if (nv.getTraversalMode() != osg::NodeVisitor::TRAVERSE_ACTIVE_CHILDREN) return;
    const bool cull = nv.getVisitorType() == osg::NodeVisitor::CULL_VISITOR;
    // Non-cull visitors (picking) report distance 0: the finest nodes built.
    const bool near = m_range > 0 && nv.getDistanceToViewPoint(m_centre, true) < m_range;
    if (near && getNumChildren() > 1) {
        if (cull && nv.getFrameStamp()) m_lastUsed = nv.getFrameStamp()->getFrameNumber();
        _children[1]->accept(nv);
        return;
    }
    if (near && cull && !m_queued.exchange(true)) m_tree->request(this);
    _children[0]->accept(nv);
}

} // namespace citytwin::render
