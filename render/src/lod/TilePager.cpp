#include "lod/TilePager.h"

#include <QDebug>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <unordered_set>

namespace citytwin::render {

namespace {

double distanceTo(const osg::Vec3d& eye, const osg::BoundingBoxd& b) {
    auto gap = [](double v, double lo, double hi) { return std::max({lo - v, 0.0, v - hi}); };
    const double dx = gap(eye.x(), b.xMin(), b.xMax()), dy = gap(eye.y(), b.yMin(), b.yMax()),
                 dz = gap(eye.z(), b.zMin(), b.zMax());
    return std::sqrt(dx * dx + dy * dy + dz * dz);
}

/// Where the ray start + t * direction (t >= 0) enters `box`; nullopt when it misses.
std::optional<double> rayEntry(const osg::Vec3d& start, const osg::Vec3d& direction, const osg::BoundingBoxd& box) {
    double t0 = 0, t1 = std::numeric_limits<double>::max();
    for (int a = 0; a < 3; ++a) {
        const double lo = box._min[a], hi = box._max[a];
        if (std::abs(direction[a]) < 1e-12) {
            if (start[a] < lo || start[a] > hi) return std::nullopt;
            continue;
        }
        double ta = (lo - start[a]) / direction[a], tb = (hi - start[a]) / direction[a];
        if (ta > tb) std::swap(ta, tb);
        t0 = std::max(t0, ta);
        t1 = std::min(t1, tb);
        if (t0 > t1) return std::nullopt;
    }
    return t0;
}

constexpr int kGroupHidden = 5;
constexpr int kGroupFailed = 6;

} // namespace

TilePager::TilePager(std::function<bool(int)> layerShown, LodSettings* settings)
    : m_layerShown(std::move(layerShown)), m_settings(settings) {}

TilePager::~TilePager() { m_loader.stop(); }

void TilePager::addLayer(int layer, std::shared_ptr<const PreparedLayer> prepared,
                         const std::vector<osg::ref_ptr<TileSlot>>& tileSlots,
                         const std::vector<osg::ref_ptr<TileSlot>>& coarseSlots) {
    const LodSettings::View view = m_settings->view();
    auto add = [&](const std::vector<osg::ref_ptr<TileSlot>>& holders, const std::vector<PreparedLayer::Tile>& tiles,
                   bool coarse) {
        for (size_t i = 0; i < holders.size() && i < tiles.size(); ++i) {
            if (!holders[i]) continue;
            const auto* cell =
                holders[i]->getNumParents() > 0 ? dynamic_cast<const LodNode*>(holders[i]->getParent(0)) : nullptr;
            Entry e{layer, m_nextTicket++, holders[i], cell, &tiles[i], prepared, tiles[i].node};
            e.addedAtFrame = view.valid ? view.frame : ~0u;
            e.coarse = coarse;
            m_entries.push_back(std::move(e));
        }
    };
    add(tileSlots, prepared->tiles, false);
    if (prepared->paged()) add(coarseSlots, prepared->coarseTiles, true);
    reindex();
    countInMemoryPending();
    ++m_change;
}

void TilePager::removeLayer(int layer) {
    m_loader.cancelLayer(layer); // before the layer's source can go
    for (Entry& e : m_entries)
        if (e.layer == layer && e.slot->ready()) {
            // The layer's nodes leave the graph with it: only the books change.
            m_attachedBytes -= e.tile->bytes;
            if (e.paged()) m_attachedPagedBytes -= e.tile->bytes;
            --m_attachedCount;
        }
    std::erase_if(m_entries, [layer](const Entry& e) { return e.layer == layer; });
    if (std::none_of(m_entries.begin(), m_entries.end(), [](const Entry& e) { return e.paged(); })) m_loader.stop();
    reindex();
    countInMemoryPending();
    ++m_change;
}

void TilePager::reindex() {
    m_byTicket.clear();
    for (size_t i = 0; i < m_entries.size(); ++i) m_byTicket[m_entries[i].ticket] = i;
}

bool TilePager::fits(const Entry& e) const {
    const int64_t b = e.tile->bytes;
    if (m_budget > 0 && m_attachedBytes + b > m_budget) return false;
    const int64_t paged = pagedBudget();
    return !e.paged() || paged <= 0 || m_attachedPagedBytes + b <= paged;
}

void TilePager::attach(Entry& e) {
    e.slot->addChild(e.node.get());
    m_attachedBytes += e.tile->bytes;
    if (e.paged()) m_attachedPagedBytes += e.tile->bytes;
    ++m_attachedCount;
    ++m_change;
}

void TilePager::detach(Entry& e) {
    e.node->releaseGLObjects(nullptr); // every context; deleted in its next draw
    e.slot->removeChildren(0, e.slot->getNumChildren());
    m_attachedBytes -= e.tile->bytes;
    --m_attachedCount;
    if (e.paged()) {
        m_attachedPagedBytes -= e.tile->bytes;
        e.node = nullptr; // read again from the source when wanted again
        e.state = State::Idle;
    }
    ++m_change;
}

void TilePager::accept(Entry& e, TileLoader::Loaded& loaded) {
    ++m_change;
    if (!loaded.node) {
        e.state = State::Failed;
        ++m_failures;
        qWarning("citytwin render: layer \"%s\": %s %d,%d level %d part %d not loaded (%s): %s", e.owner->name.c_str(),
                 e.coarse ? "coarse mesh" : "tile", e.tile->key.x, e.tile->key.y, e.tile->key.level, e.tile->part,
                 e.coarse ? "its cell draws its parent's" : "its coarse mesh stays", loaded.error.c_str());
        return;
    }
    ++m_loads;
    e.node = std::move(loaded.node);
    e.state = State::Loaded;
}

void TilePager::takeLoaded() {
    for (TileLoader::Loaded& l : m_loader.takeLoaded()) {
        auto it = m_byTicket.find(l.ticket);
        if (it == m_byTicket.end()) continue; // its layer went
        Entry& e = m_entries[it->second];
        if (e.slot->ready() || e.state == State::Loaded || e.state == State::Failed) continue; // a pick read it
        accept(e, l);
    }
}

void TilePager::countInMemoryPending() {
    // Without a ranking yet: every tile that fits (all without a budget).
    int64_t bytes = 0;
    m_inMemoryPending = 0;
    for (const Entry& e : m_entries) {
        if (e.paged()) continue;
        bytes += e.tile->bytes;
        if (m_budget > 0 && bytes > m_budget) break;
        m_inMemoryPending += e.slot->ready() ? 0 : 1;
    }
}

std::vector<TilePager::Rank> TilePager::rank(const LodSettings::View& view) const {
    const size_t n = m_entries.size();
    std::vector<Rank> ranks(n);
    osg::Polytope frustum = view.frustum;
    std::unordered_map<int, bool> shown;
    for (size_t i = 0; i < n; ++i) {
        const Entry& e = m_entries[i];
        if (e.state == State::Failed) {
            ranks[i] = {kGroupFailed, 0};
            continue;
        }
        auto s = shown.find(e.layer);
        if (s == shown.end()) s = shown.emplace(e.layer, m_layerShown(e.layer)).first;
        if (!s->second) {
            ranks[i] = {kGroupHidden, 0};
            continue;
        }
        if (!view.valid) {
            ranks[i] = {4, 0};
            continue;
        }
        // Tiles the level of detail asked for come by cell (a cell draws its
        // tiles only once all four are in): the cell's distance ranks them.
        const osg::BoundingBoxd& b = e.tile->box;
        const bool asked = e.slot->requestedFrame() == view.frame && view.frame != 0;
        const osg::BoundingBoxd& box = asked && e.cell ? e.cell->box() : b;
        frustum.setupMask();
        const bool inView = frustum.contains(osg::BoundingBox(osg::Vec3(box._min), osg::Vec3(box._max)));
        const int group = asked ? (inView ? 0 : 1) : (inView ? 2 : 3);
        ranks[i] = {group, distanceTo(view.eye, box) + 1e-3 * distanceTo(view.eye, b)};
    }
    return ranks;
}

std::vector<size_t> TilePager::sorted(const std::vector<Rank>& ranks) const {
    std::vector<size_t> order(ranks.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(), [&ranks](size_t a, size_t b) {
        return ranks[a].group != ranks[b].group ? ranks[a].group < ranks[b].group
                                                : ranks[a].distance < ranks[b].distance;
    });
    return order;
}

std::vector<char> TilePager::wanted(const std::vector<size_t>& order, const std::vector<Rank>& ranks,
                                    const LodSettings::View& view) const {
    std::vector<char> want(m_entries.size(), 0);
    const int64_t pagedLimit = pagedBudget();
    const bool lodOn = m_settings->enabled.load();
    const double prefetchPixels = m_settings->effectiveErrorPixels() * kPrefetchErrorFraction;
    int64_t total = 0, paged = 0;
    bool totalFull = false, pagedFull = false;
    for (size_t i : order) {
        const Entry& e = m_entries[i];
        const int group = ranks[i].group;
        if (group >= kGroupFailed || totalFull) continue;
        const int64_t b = e.tile->bytes;
        if (e.paged()) {
            if (pagedFull) continue;
            const bool prefetch = group == 2 && !e.coarse && (!lodOn || (e.cell && view.pixelsPerMeter > 0 &&
                                                            view.errorPixels(e.cell->errorMeters(), e.cell->box()) >
                                                                prefetchPixels));
            if (group > 1 && !prefetch) continue;
            if (pagedLimit > 0 && paged + b > pagedLimit) {
                pagedFull = true;
                continue;
            }
        }
        if (m_budget > 0 && total + b > m_budget) {
            totalFull = true;
            continue;
        }
        total += b;
        if (e.paged()) paged += b;
        want[i] = 1;
    }
    return want;
}

void TilePager::requestLoads(const std::vector<size_t>& order, const std::vector<char>& want) {
    std::vector<TileLoader::Request> requests;
    for (Entry& e : m_entries)
        if (e.state == State::Requested) e.state = State::Idle;
    for (size_t i : order) {
        Entry& e = m_entries[i];
        if (!want[i] || !e.paged() || e.state != State::Idle || e.slot->ready()) continue;
        e.state = State::Requested;
        requests.push_back({e.ticket, e.layer, e.owner->source, e.tile->key, e.tile->part});
    }
    if (!requests.empty() || m_loader.busy()) m_loader.setRequests(std::move(requests));
}

int TilePager::update(int maxAttach, const LodSettings::View& view) {
    takeLoaded();
    const size_t n = m_entries.size();
    if (n == 0) {
        m_inMemoryPending = 0;
        return 0;
    }
    const std::vector<Rank> ranks = rank(view);
    const std::vector<size_t> order = sorted(ranks);
    const std::vector<char> want = wanted(order, ranks, view);
    requestLoads(order, want);

    int attached = 0;
    size_t victim = n; // scans `order` from the back for detachable tiles
    for (size_t k = 0; k < n && attached < maxAttach; ++k) {
        Entry& e = m_entries[order[k]];
        if (!want[order[k]] || e.slot->ready() || !e.node) continue;
        while (!fits(e) && victim > 0) {
            const size_t v = order[--victim];
            Entry& out = m_entries[v];
            // Without an overall budget only paged tiles make room for paged ones.
            if (!want[v] && out.slot->ready() && (m_budget > 0 || out.paged())) detach(out);
        }
        if (!fits(e)) continue;
        attach(e);
        ++attached;
    }
    // Still over (a pick read tiles in, or the budget shrank): the farthest unwanted go.
    const int64_t pagedLimit = pagedBudget();
    auto over = [&] {
        return (m_budget > 0 && m_attachedBytes > m_budget) || (pagedLimit > 0 && m_attachedPagedBytes > pagedLimit);
    };
    for (size_t k = n; k-- > 0 && over();) {
        Entry& out = m_entries[order[k]];
        if (!want[order[k]] && out.slot->ready() && (m_budget > 0 || out.paged())) detach(out);
    }
    m_inMemoryPending = 0;
    for (size_t i = 0; i < n; ++i) {
        Entry& e = m_entries[i];
        if (!e.paged()) {
            m_inMemoryPending += want[i] && !e.slot->ready() ? 1 : 0;
        } else if (e.state == State::Loaded && !e.slot->ready() && !want[i]) {
            e.node = nullptr; // loaded for a view that has moved on
            e.state = State::Idle;
            ++m_change;
        }
    }
    return attached;
}

TilePager::PagedPending TilePager::pagedPending() const {
    const LodSettings::View view = m_settings->view();
    if (m_pagedCache.frame == view.frame && m_pagedCache.change == m_change && m_pagedCache.valid == view.valid)
        return m_pagedCache.counts;
    PagedPending counts;
    const bool anyPaged = std::any_of(m_entries.begin(), m_entries.end(), [](const Entry& e) { return e.paged(); });
    if (anyPaged) {
        const std::vector<Rank> ranks = rank(view);
        const std::vector<char> want = view.valid ? wanted(sorted(ranks), ranks, view) : std::vector<char>{};
        for (size_t i = 0; i < m_entries.size(); ++i) {
            const Entry& e = m_entries[i];
            if (!e.paged() || e.slot->ready() || e.state == State::Failed || ranks[i].group == kGroupHidden) continue;
            // Before a cull has seen the layer every tile of it may be wanted:
            // a complete frame must not stop at the coarse meshes.
            const bool unseen = !view.valid || view.frame == e.addedAtFrame;
            if (!unseen && !(want[i] && ranks[i].group <= 1)) continue;
            ++counts.pending;
            if (e.state != State::Requested) ++counts.actionable;
        }
    }
    m_pagedCache = {view.frame, m_change, view.valid, counts};
    return counts;
}

int TilePager::pending() const { return m_inMemoryPending + pagedPending().pending; }

bool TilePager::needsUpdate() const {
    return m_inMemoryPending > 0 || m_loader.hasLoaded() || pagedPending().actionable > 0;
}

bool TilePager::waitForLoads(int timeoutMs, int enough) {
    if (!m_loader.busy()) return m_loader.hasLoaded();
    return m_loader.waitForLoaded(timeoutMs, size_t(std::max(enough, 1)));
}

std::vector<TilePager::CellOnRay> TilePager::unreadyCellsOnRay(const osg::Vec3d& start,
                                                               const osg::Vec3d& direction) const {
    std::vector<CellOnRay> cells;
    std::unordered_set<const LodNode*> seen;
    std::unordered_map<int, bool> shown;
    for (const Entry& e : m_entries) {
        if (!e.cell || e.coarse || e.slot->ready() || e.state == State::Failed || seen.count(e.cell)) continue;
        auto s = shown.find(e.layer);
        if (s == shown.end()) s = shown.emplace(e.layer, m_layerShown(e.layer)).first;
        if (!s->second) continue;
        seen.insert(e.cell);
        osg::BoundingBoxd box = e.cell->pickBox();
        box.expandBy(box._min - osg::Vec3d(1, 1, 1)); // the jittered rays of a pick run beside this one
        box.expandBy(box._max + osg::Vec3d(1, 1, 1));
        if (const std::optional<double> t = rayEntry(start, direction, box)) cells.push_back({e.cell, *t});
    }
    std::sort(cells.begin(), cells.end(),
              [](const CellOnRay& a, const CellOnRay& b) { return a.entryDistance < b.entryDistance; });
    return cells;
}

bool TilePager::attachCellNow(const LodNode* cell) {
    bool all = true;
    for (Entry& e : m_entries) {
        if (e.cell != cell || e.coarse || e.slot->ready()) continue;
        if (e.paged() && e.state != State::Loaded && e.state != State::Failed) {
            TileLoader::Loaded loaded =
                TileLoader::load({e.ticket, e.layer, e.owner->source, e.tile->key, e.tile->part});
            accept(e, loaded);
        }
        if (!e.node || e.state == State::Failed) {
            all = false;
            continue;
        }
        attach(e);
    }
    return all;
}

} // namespace citytwin::render
