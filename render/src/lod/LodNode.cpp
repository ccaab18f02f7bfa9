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

double screenErrorPixels(double errorMeters, const osg::BoundingBoxd& box, const osg::Vec3d& eye, double k,
                         bool perspective, double lodScale) {
    double distance = 1.0;
    if (perspective) {
        auto gap = [](double v, double lo, double hi) { return std::max({lo - v, 0.0, v - hi}); };
        const double dx = gap(eye.x(), box.xMin(), box.xMax());
        const double dy = gap(eye.y(), box.yMin(), box.yMax());
        const double dz = gap(eye.z(), box.zMin(), box.zMax());
        distance = std::max(1.0, std::sqrt(dx * dx + dy * dy + dz * dz) * lodScale);
    }
    return errorMeters * k / distance;
}

double LodSettings::View::errorPixels(double errorMeters, const osg::BoundingBoxd& box) const {
    return screenErrorPixels(errorMeters, box, eye, pixelsPerMeter, perspective, lodScale);
}

namespace {

/// Records the view of each cull of the scene root.
class ViewRecorder : public osg::NodeCallback {
public:
    explicit ViewRecorder(LodSettings* settings) : m_settings(settings) {}
    void operator()(osg::Node* node, osg::NodeVisitor* nv) override {
        if (auto* cv = nv ? nv->asCullVisitor() : nullptr) {
            LodSettings::View view;
            view.eye = osg::Vec3d(cv->getEyeLocal());
            view.frustum = cv->getCurrentCullingSet().getFrustum();
            view.frame = nv->getFrameStamp() ? nv->getFrameStamp()->getFrameNumber() : 0;
            view.valid = true;
            view.lodScale = cv->getLODScale();
            if (cv->getViewport() && cv->getProjectionMatrix()) {
                const osg::Matrix& p = *cv->getProjectionMatrix();
                view.perspective = p(3, 3) == 0.0;
                view.pixelsPerMeter = cv->getViewport()->height() * p(1, 1) / 2.0;
            }
            m_settings->setView(view);
        }
        traverse(node, nv);
    }

private:
    osg::ref_ptr<LodSettings> m_settings;
};

/// World box of a coarse mesh node: translate(origin) over one drawable.
osg::BoundingBoxd coarseBox(const osg::MatrixTransform& coarse) {
    osg::BoundingBoxd box;
    const osg::Vec3d o = coarse.getMatrix().getTrans();
    for (unsigned i = 0; i < coarse.getNumChildren(); ++i)
        if (const osg::Drawable* d = coarse.getChild(i)->asDrawable()) {
            const osg::BoundingBox& b = d->getBoundingBox();
            if (b.valid()) box.expandBy(osg::BoundingBoxd(o + osg::Vec3d(b._min), o + osg::Vec3d(b._max)));
        }
    return box;
}

} // namespace

osg::ref_ptr<osg::Callback> viewRecorder(LodSettings* settings) { return new ViewRecorder(settings); }

void LodSettings::countDrawn(unsigned frame, int64_t triangles) {
    std::lock_guard lock(m_mutex);
    if (frame != m_countFrame) {
        m_countFrame = frame;
        m_countTriangles = 0;
    }
    m_countTriangles += triangles;
}

std::pair<unsigned, int64_t> LodSettings::drawnTriangles() const {
    std::lock_guard lock(m_mutex);
    return {m_countFrame, m_countTriangles};
}

LodNode::LodNode(const PreparedLayer::LodCell& cell, LodSettings* settings, TileSlot* coarseSlot)
    : m_settings(settings), m_coarseSlot(coarseSlot), m_box(cell.box), m_pickBox(cell.box),
      m_errorMeters(cell.errorMeters), m_coarseTriangles(cell.triangles), m_leafParent(cell.key.level == 1) {
    setName("lod cell");
    m_hasCoarse = cell.coarse || (m_coarseSlot && cell.triangles > 0);
    if (cell.coarse) {
        m_coarseSlot = nullptr;
        addChild(cell.coarse.get());
        m_pickBox.expandBy(coarseBox(*cell.coarse));
    } else if (m_coarseSlot) {
        addChild(m_coarseSlot);
    } else {
        addChild(new osg::Group);
    }
    // The full buildings' extent, also while no tile below is attached.
    const osg::Vec3d c = cell.box.center();
    setInitialBound(osg::BoundingSphere(osg::Vec3(c), float(cell.box.radius())));
}

bool LodNode::childrenReady(osg::NodeVisitor& nv) const {
    if (m_leafParent) return tilesReady();
    for (unsigned i = 1; i < getNumChildren(); ++i)
        if (!static_cast<const LodNode*>(getChild(i))->canDraw(nv)) return false;
    return true;
}

bool LodNode::tilesReady() const {
    for (unsigned i = 1; i < getNumChildren(); ++i)
        if (!static_cast<const TileSlot*>(getChild(i))->ready()) return false;
    return getNumChildren() > 1;
}

bool LodNode::hasContent() const {
    if (m_hasCoarse && coarseReady()) return true;
    if (m_leafParent) return tilesReady();
    for (unsigned i = 1; i < getNumChildren(); ++i)
        if (static_cast<const LodNode*>(getChild(i))->hasContent()) return true;
    return false;
}

void LodNode::traverseFinest(osg::NodeVisitor& nv) {
    // Picking: the finest content each part of the cell has, never a coarse
    // mesh over finer content (a coarse block stands where no building is,
    // and the pick reads the missing full tiles in itself).
    if (m_leafParent) {
        if (tilesReady()) {
            for (unsigned i = 1; i < getNumChildren(); ++i) _children[i]->accept(nv);
        } else if (coarseReady()) {
            _children[0]->accept(nv);
        }
        return;
    }
    bool any = false;
    for (unsigned i = 1; i < getNumChildren(); ++i) {
        auto* child = static_cast<LodNode*>(_children[i].get());
        if (!child->hasContent()) continue;
        child->accept(nv);
        any = true;
    }
    if (!any && coarseReady()) _children[0]->accept(nv);
}

bool LodNode::canDraw(osg::NodeVisitor& nv) const {
    if (coarseReady()) return true;
    return getNumChildren() > 1 && wantsChildren(nv) && childrenReady(nv);
}

bool LodNode::wantsChildren(osg::NodeVisitor& nv) const {
    if (!m_settings->enabled.load()) return true;
    auto* cv = nv.asCullVisitor();
    if (!cv || !cv->getViewport() || !cv->getProjectionMatrix()) return true;
    const osg::Matrix& p = *cv->getProjectionMatrix();
    // Pixels per metre at unit distance (perspective) or everywhere (ortho).
    const double k = cv->getViewport()->height() * p(1, 1) / 2.0;
    return screenErrorPixels(m_errorMeters, m_box, osg::Vec3d(cv->getEyeLocal()), k, p(3, 3) == 0.0,
                             cv->getLODScale()) > m_settings->effectiveErrorPixels();
}

void LodNode::traverse(osg::NodeVisitor& nv) {
    if (nv.getTraversalMode() == osg::NodeVisitor::TRAVERSE_ALL_CHILDREN) {
        osg::Group::traverse(nv);
        return;
    }
    if (nv.getTraversalMode() != osg::NodeVisitor::TRAVERSE_ACTIVE_CHILDREN) return;
    auto* cv = nv.asCullVisitor();
    if (!cv) {
        traverseFinest(nv);
        return;
    }
    // Cull from here on.
    const unsigned frame = nv.getFrameStamp() ? nv.getFrameStamp()->getFrameNumber() : 0;
    const bool refine = getNumChildren() > 1 && wantsChildren(nv);
    if (refine) {
        for (unsigned i = 1; i < getNumChildren(); ++i) {
            if (m_leafParent) static_cast<TileSlot*>(_children[i].get())->request(frame);
            else if (TileSlot* slot = static_cast<LodNode*>(_children[i].get())->m_coarseSlot) slot->request(frame);
        }
    }
    if (refine && childrenReady(nv)) {
        for (unsigned i = 1; i < getNumChildren(); ++i) {
            if (m_leafParent) m_settings->countDrawn(frame, static_cast<TileSlot*>(_children[i].get())->triangles());
            _children[i]->accept(nv);
        }
        return;
    }
    if (m_coarseSlot) m_coarseSlot->request(frame);
    if (coarseReady()) m_settings->countDrawn(frame, m_coarseTriangles);
    _children[0]->accept(nv);
}

namespace {

struct TreeSlots {
    std::vector<osg::ref_ptr<TileSlot>>& tiles;
    std::vector<osg::ref_ptr<TileSlot>>& coarse;
};

osg::ref_ptr<LodNode> buildNode(const PreparedLayer& layer, int cellIndex, LodSettings* settings, TreeSlots& holders) {
    const PreparedLayer::LodCell& cell = layer.lodCells[cellIndex];
    TileSlot* coarseSlot = nullptr;
    if (!cell.coarse && cell.pagedCoarse >= 0 && size_t(cell.pagedCoarse) < holders.coarse.size()) {
        holders.coarse[cell.pagedCoarse] = new TileSlot(cell.pagedCoarse, cell.triangles);
        holders.coarse[cell.pagedCoarse]->setName("coarse slot");
        coarseSlot = holders.coarse[cell.pagedCoarse].get();
    }
    osg::ref_ptr<LodNode> node = new LodNode(cell, settings, coarseSlot);
    for (int child : cell.children) {
        if (cell.key.level == 1) {
            holders.tiles[child] = new TileSlot(child, layer.tiles[size_t(child)].triangleCount);
            node->addChild(holders.tiles[child].get());
        } else {
            node->addChild(buildNode(layer, child, settings, holders).get());
        }
    }
    return node;
}

} // namespace

osg::ref_ptr<LodNode> buildLodTree(const PreparedLayer& layer, LodSettings* settings,
                                   std::vector<osg::ref_ptr<TileSlot>>& tileSlots,
                                   std::vector<osg::ref_ptr<TileSlot>>& coarseSlots) {
    if (layer.lodCells.empty()) return nullptr;
    tileSlots.assign(layer.tiles.size(), nullptr);
    coarseSlots.assign(layer.coarseTiles.size(), nullptr);
    TreeSlots holders{tileSlots, coarseSlots};
    return buildNode(layer, int(layer.lodCells.size()) - 1, settings, holders);
}

} // namespace citytwin::render
