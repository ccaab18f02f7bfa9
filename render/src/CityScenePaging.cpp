// CityScene: level of detail, the tile pager and its memory budget, what is
// pending, and picking (which reads paged tiles under the cursor in).
#include "CitySceneImpl.h"

#include "picking/FeaturePick.h"
#include "picking/WindowProjection.h"

#include <algorithm>
#include <cmath>

namespace citytwin::render {

std::optional<PickResult> CityScene::pick(const osg::Camera& camera, double windowX, double windowY) const {
    std::vector<PickTarget> targets;
    for (const auto& [id, layer] : m_impl->layers) {
        if (!layer.visible || layer.opacity <= 0.0f || !layer.attached) continue;
        targets.push_back({id, layer.prepared->kind, layer.group.get(), layer.prepared->state.get(),
                           &layer.prepared->anchors, layer.pointPixels});
    }
    std::optional<PickResult> best = pickFeature(targets, camera, windowX, windowY);
    const std::optional<WindowRay> ray = windowRay(camera, windowX, windowY);
    if (!ray) return best;
    // Full tiles under the ray that are not attached (paged out, never read,
    // or beyond the budget) come in now, nearest cell first (a cell shows its
    // tiles only all together), until nothing still coarse can lie nearer
    // than the hit: the answer is the one the full tiles give.
    for (const TilePager::CellOnRay& cell : m_impl->pager.unreadyCellsOnRay(ray->start, ray->direction)) {
        if (best) {
            const Impl::Layer* layer = m_impl->find(best->layer);
            if (layer && layer->prepared->kind == gis::LayerKind::Points) break; // icons win anyway
            const osg::Vec3d p(best->point.x, best->point.y, best->point.z);
            if ((p - ray->start).length() < cell.entryDistance) break;
        }
        m_impl->pager.attachCellNow(cell.cell); // a failed tile leaves its cell coarse
        m_impl->dirty = true;
        best = pickFeature(targets, camera, windowX, windowY);
    }
    return best;
}

int CityScene::pendingTiles() const {
    return static_cast<int>(m_impl->queue.size()) + m_impl->pager.pending();
}

bool CityScene::waitForTileLoads(int timeoutMs) const {
    return m_impl->pager.waitForLoads(timeoutMs, m_impl->tilesPerFrame);
}

int CityScene::tilesPerFrame() const { return m_impl->tilesPerFrame; }

void CityScene::setTilesPerFrame(int n) { m_impl->tilesPerFrame = std::max(1, n); }

bool CityScene::needsRedraw() const {
    return m_impl->dirty || m_impl->lodAdapting || !m_impl->queue.empty() || m_impl->pager.needsUpdate() || m_impl->ground.needsRedraw() ||
           m_impl->sensors.needsRedraw() || m_impl->sensors.animating();
}

void CityScene::setLevelOfDetail(bool on) {
    if (m_impl->lod->enabled.exchange(on) != on) m_impl->dirty = true;
}

bool CityScene::levelOfDetail() const { return m_impl->lod->enabled.load(); }

void CityScene::setMaxScreenErrorPixels(double pixels) {
    if (!(pixels > 0)) return;
    if (m_impl->lod->maxErrorPixels.exchange(pixels) != pixels) m_impl->dirty = true;
}

double CityScene::maxScreenErrorPixels() const { return m_impl->lod->maxErrorPixels.load(); }

void CityScene::setMemoryBudget(int64_t bytes) {
    m_impl->pager.setBudget(std::max<int64_t>(bytes, 0));
    m_impl->dirty = true;
}

int64_t CityScene::memoryBudget() const { return m_impl->pager.budget(); }

int64_t CityScene::pagedMemoryBudget() const { return m_impl->pager.pagedBudget(); }

int64_t CityScene::attachedGeometryBytes() const {
    int64_t bytes = m_impl->pager.attachedBytes();
    for (const auto& [id, layer] : m_impl->layers) bytes += layer.queuedBytes;
    return bytes;
}

int64_t CityScene::coarseGeometryBytes() const {
    int64_t bytes = 0;
    for (const auto& [id, layer] : m_impl->layers) bytes += preparedLodInfo(*layer.prepared).coarseBytes;
    return bytes;
}

PagedTileStats CityScene::pagedTileStats() const {
    return {m_impl->pager.loads(), m_impl->pager.failures()};
}

void CityScene::Impl::adaptToTriangleBudget() {
    const double before = lod->errorScale.load();
    double scale = before;
    if (triangleBudget <= 0 || !lod->enabled.load()) {
        scale = 1.0;
    } else if (const auto [frame, triangles] = lod->drawnTriangles(); frame != lastAdaptFrame) {
        lastAdaptFrame = frame;
        const double load = double(triangles) / double(triangleBudget);
        // Triangles fall about with the square of the error: over budget,
        // coarsen by the square root of the excess (at most 2x a frame);
        // well under it, refine back in small steps (the band between
        // keeps a still camera from oscillating).
        if (load > 1.0) scale = std::min(kMaxLodErrorScale, scale * std::clamp(std::sqrt(load), 1.05, 2.0));
        else if (load < 0.6 && scale > 1.0) scale = std::max(1.0, scale * 0.9);
    }
    lodAdapting = scale != before;
    if (lodAdapting) lod->errorScale.store(scale);
}

void CityScene::setFrameTriangleBudget(int64_t triangles) {
    m_impl->triangleBudget = std::max<int64_t>(0, triangles);
    m_impl->dirty = true;
}

int64_t CityScene::frameTriangleBudget() const { return m_impl->triangleBudget; }

double CityScene::lodErrorScale() const { return m_impl->lod->errorScale.load(); }

} // namespace citytwin::render
