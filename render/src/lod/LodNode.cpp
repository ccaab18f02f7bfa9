#include "lod/LodNode.h"

#include <osg/FrameStamp>
#include <osgUtil/CullVisitor>

#include <algorithm>
#include <cmath>

namespace citytwin::render {

void LodSettings::setView(const View& view) {
    std::lock_guard lock(m_mutex);
    m_view = view;
}

LodSettings::View LodSettings::view() const {
    std::lock_guard lock(m_mutex);
    return m_view;
}

LodNode::LodNode(const PreparedLayer::LodCell& cell, LodSettings* settings, bool isRoot)
    : m_settings(settings), m_box(cell.box), m_errorMeters(cell.errorMeters),
      m_leafParent(cell.key.level == 1), m_isRoot(isRoot) {
    setName("lod cell");
    if (cell.coarse) addChild(cell.coarse.get());
    else addChild(new osg::Group);
    // The full buildings' extent, also while no tile below is attached.
    const osg::Vec3d c = cell.box.center();
    setInitialBound(osg::BoundingSphere(osg::Vec3(c), float(cell.box.radius())));
}

bool LodNode::childrenReady() const {
    if (!m_leafParent) return true;
    for (unsigned i = 1; i < getNumChildren(); ++i)
        if (!static_cast<const TileSlot*>(getChild(i))->ready()) return false;
    return true;
}

bool LodNode::wantsChildren(osg::NodeVisitor& nv) const {
    if (!m_settings->enabled.load()) return true;
    auto* cv = nv.asCullVisitor();
    if (!cv || !cv->getViewport() || !cv->getProjectionMatrix()) return true;
    const osg::Matrix& p = *cv->getProjectionMatrix();
    const bool perspective = p(3, 3) == 0.0;
    // Pixels per metre at unit distance (perspective) or everywhere (ortho).
    const double k = cv->getViewport()->height() * p(1, 1) / 2.0;
    double distance = 1.0;
    if (perspective) {
        const osg::Vec3d e(cv->getEyeLocal());
        auto gap = [](double v, double lo, double hi) { return std::max({lo - v, 0.0, v - hi}); };
        const double dx = gap(e.x(), m_box.xMin(), m_box.xMax());
        const double dy = gap(e.y(), m_box.yMin(), m_box.yMax());
        const double dz = gap(e.z(), m_box.zMin(), m_box.zMax());
        distance = std::max(1.0, std::sqrt(dx * dx + dy * dy + dz * dz) * cv->getLODScale());
    }
    return m_errorMeters * k / distance > m_settings->maxErrorPixels.load();
}

void LodNode::traverse(osg::NodeVisitor& nv) {
    if (nv.getTraversalMode() == osg::NodeVisitor::TRAVERSE_ALL_CHILDREN) {
        osg::Group::traverse(nv);
        return;
    }
    if (nv.getTraversalMode() != osg::NodeVisitor::TRAVERSE_ACTIVE_CHILDREN) return;
    auto* cv = nv.asCullVisitor();
    const unsigned frame = nv.getFrameStamp() ? nv.getFrameStamp()->getFrameNumber() : 0;
    if (cv && m_isRoot) {
        LodSettings::View view;
        view.eye = osg::Vec3d(cv->getEyeLocal());
        view.frustum = cv->getCurrentCullingSet().getFrustum();
        view.frame = frame;
        view.valid = true;
        m_settings->setView(view);
    }
    const bool refine = getNumChildren() > 1 && (!cv || wantsChildren(nv));
    if (refine && cv && m_leafParent)
        for (unsigned i = 1; i < getNumChildren(); ++i) static_cast<TileSlot*>(_children[i].get())->request(frame);
    if (refine && childrenReady()) {
        for (unsigned i = 1; i < getNumChildren(); ++i) _children[i]->accept(nv);
        return;
    }
    _children[0]->accept(nv);
}

namespace {

osg::ref_ptr<LodNode> buildNode(const PreparedLayer& layer, int cellIndex, LodSettings* settings, bool isRoot,
                                std::vector<osg::ref_ptr<TileSlot>>& tileSlots) {
    const PreparedLayer::LodCell& cell = layer.lodCells[cellIndex];
    osg::ref_ptr<LodNode> node = new LodNode(cell, settings, isRoot);
    for (int child : cell.children) {
        if (cell.key.level == 1) {
            tileSlots[child] = new TileSlot(child);
            node->addChild(tileSlots[child].get());
        } else {
            node->addChild(buildNode(layer, child, settings, false, tileSlots).get());
        }
    }
    return node;
}

} // namespace

osg::ref_ptr<LodNode> buildLodTree(const PreparedLayer& layer, LodSettings* settings,
                                   std::vector<osg::ref_ptr<TileSlot>>& tileSlots) {
    if (layer.lodCells.empty()) return nullptr;
    tileSlots.assign(layer.tiles.size(), nullptr);
    return buildNode(layer, int(layer.lodCells.size()) - 1, settings, true, tileSlots);
}

} // namespace citytwin::render
