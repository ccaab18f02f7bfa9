#include "lod/TilePager.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace citytwin::render {

namespace {
double distanceTo(const osg::Vec3d& eye, const osg::BoundingBoxd& b) {
    auto gap = [](double v, double lo, double hi) { return std::max({lo - v, 0.0, v - hi}); };
    const double dx = gap(eye.x(), b.xMin(), b.xMax()), dy = gap(eye.y(), b.yMin(), b.yMax()),
                 dz = gap(eye.z(), b.zMin(), b.zMax());
    return std::sqrt(dx * dx + dy * dy + dz * dz);
}
} // namespace

void TilePager::addLayer(int layer, std::shared_ptr<const PreparedLayer> prepared,
                         const std::vector<osg::ref_ptr<TileSlot>>& tileSlots) {
    for (size_t i = 0; i < tileSlots.size() && i < prepared->tiles.size(); ++i)
        if (tileSlots[i]) m_entries.push_back({layer, tileSlots[i], &prepared->tiles[i], prepared});
    countPending();
}

void TilePager::removeLayer(int layer) {
    for (Entry& e : m_entries)
        if (e.layer == layer && e.slot->ready()) {
            // The layer's nodes leave the graph with it: only the books change.
            m_attachedBytes -= e.tile->bytes;
            --m_attachedCount;
        }
    std::erase_if(m_entries, [layer](const Entry& e) { return e.layer == layer; });
    countPending();
}

void TilePager::attach(Entry& e) {
    e.slot->addChild(e.tile->node.get());
    m_attachedBytes += e.tile->bytes;
    ++m_attachedCount;
}

void TilePager::detach(Entry& e) {
    e.tile->node->releaseGLObjects(nullptr); // every context; deleted in its next draw
    e.slot->removeChildren(0, e.slot->getNumChildren());
    m_attachedBytes -= e.tile->bytes;
    --m_attachedCount;
}

void TilePager::countPending() {
    // Without a ranking yet: every tile that fits (all without a budget).
    int64_t bytes = 0;
    m_pending = 0;
    for (const Entry& e : m_entries) {
        bytes += e.tile->bytes;
        if (m_budget > 0 && bytes > m_budget) break;
        m_pending += e.slot->ready() ? 0 : 1;
    }
}

int TilePager::update(int maxAttach, const LodSettings::View& view, const std::function<bool(int)>& layerShown) {
    const size_t n = m_entries.size();
    if (n == 0) {
        m_pending = 0;
        return 0;
    }
    struct Rank { int group; double distance; };
    std::vector<Rank> rank(n);
    osg::Polytope frustum = view.frustum;
    for (size_t i = 0; i < n; ++i) {
        const Entry& e = m_entries[i];
        const osg::BoundingBoxd& b = e.tile->box;
        if (!layerShown(e.layer)) {
            rank[i] = {5, 0};
            continue;
        }
        if (!view.valid) {
            rank[i] = {4, 0};
            continue;
        }
        // Tiles the level of detail asked for come by cell (a cell draws its
        // tiles only once all four are in): the cell's distance ranks them.
        const bool asked = e.slot->requestedFrame() == view.frame && view.frame != 0;
        const auto* cell = e.slot->getNumParents() > 0 ? dynamic_cast<const LodNode*>(e.slot->getParent(0)) : nullptr;
        const osg::BoundingBoxd& box = asked && cell ? cell->box() : b;
        frustum.setupMask();
        const bool inView = frustum.contains(osg::BoundingBox(osg::Vec3(box._min), osg::Vec3(box._max)));
        const int group = asked ? (inView ? 0 : 1) : (inView ? 2 : 3);
        rank[i] = {group, distanceTo(view.eye, box) + 1e-3 * distanceTo(view.eye, b)};
    }
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(), [&rank](size_t a, size_t b) {
        return rank[a].group != rank[b].group ? rank[a].group < rank[b].group : rank[a].distance < rank[b].distance;
    });
    std::vector<char> wanted(n, 0);
    int64_t bytes = 0;
    for (size_t i : order) {
        bytes += m_entries[i].tile->bytes;
        if (m_budget > 0 && bytes > m_budget) break;
        wanted[i] = 1;
    }
    int attached = 0;
    size_t victim = n; // scans `order` from the back for detachable tiles
    for (size_t k = 0; k < n && attached < maxAttach; ++k) {
        Entry& e = m_entries[order[k]];
        if (!wanted[order[k]] || e.slot->ready()) continue;
        while (m_budget > 0 && m_attachedBytes + e.tile->bytes > m_budget && victim > 0) {
            Entry& v = m_entries[order[--victim]];
            if (!wanted[order[victim]] && v.slot->ready()) detach(v);
        }
        if (m_budget > 0 && m_attachedBytes + e.tile->bytes > m_budget) break;
        attach(e);
        ++attached;
    }
    m_pending = 0;
    for (size_t i = 0; i < n; ++i) m_pending += wanted[i] && !m_entries[i].slot->ready() ? 1 : 0;
    return attached;
}

} // namespace citytwin::render
