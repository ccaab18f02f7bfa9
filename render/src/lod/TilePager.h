#pragma once
// Which full-detail building tiles are attached: within a memory budget, in
// the order the user looks at them, a few per frame; a paged layer's tiles
// read on the scene's loader thread. GUI thread.

#include "PreparedLayer.h"
#include "lod/LodNode.h"
#include "lod/TileLoader.h"

#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

namespace citytwin::render {

/// Every full-detail tile of the scene's level-of-detail layers, in tileSlots
/// under the layers' LodNodes. Each update ranks them (tiles the level of
/// detail asked for in the last cull, then tiles in the view frustum, then
/// the rest, each by distance from the eye; hidden layers last) and wants
/// the longest prefix of that ranking that fits the budget.
///
/// In-memory layers (prepareLayer()): every tile is a candidate and attaches
/// from memory, up to N per update. A tile is detached (dropped from the
/// graph, its GL objects released; its arrays stay in the prepared layer)
/// only to make room for a wanted one, farthest first; its LodNode then
/// draws the coarse mesh instead.
///
/// Paged layers (prepareLayerPaged()): only tiles the level of detail asked
/// for and, as prefetch, tiles in the view frustum whose cell is within
/// kPrefetchErrorFraction of refining are candidates (never the whole
/// city). Wanted tiles not in memory are requested from the TileLoader
/// thread (the queue replaced each update, so stale requests drop); loaded
/// ones attach up to N per update. Detaching a paged tile also drops its
/// node, so its memory is freed; a tile whose load fails is reported once
/// (qWarning) and never requested again (its cell keeps its coarse mesh).
///
/// All methods: GUI thread (update traversal, or between frames).
class TilePager {
public:
    /// A paged tile is prefetched when its level-1 cell's error would cover
    /// more than this fraction of the screen-error threshold.
    static constexpr double kPrefetchErrorFraction = 0.5;

    /// `layerShown(id)`: whether a layer is drawn (visible, opacity > 0).
    explicit TilePager(std::function<bool(int)> layerShown, LodSettings* settings);
    ~TilePager();

    /// `coarseSlots`: holders of the layer's paged coarse meshes
    /// (buildLodTree()); they are loaded, ranked and dropped like tiles, but
    /// only when the level of detail asks for them (no prefetch), and never
    /// by picking.
    void addLayer(int layer, std::shared_ptr<const PreparedLayer> prepared,
                  const std::vector<osg::ref_ptr<TileSlot>>& tileSlots,
                  const std::vector<osg::ref_ptr<TileSlot>>& coarseSlots = {});
    /// Forgets the layer's tiles; waits for its tile being loaded, if any,
    /// and stops the loader thread when no paged layer is left.
    void removeLayer(int layer);
    /// A layer was shown or hidden: what is pending changes.
    void layersChanged() { ++m_change; }

    /// Bytes of full-detail tiles allowed attached; <= 0: no limit for
    /// in-memory layers, `pagedDefault` for paged ones.
    void setBudget(int64_t bytes) {
        m_budget = bytes;
        ++m_change;
    }
    int64_t budget() const { return m_budget; }
    void setPagedDefaultBudget(int64_t bytes) {
        m_pagedDefault = bytes;
        ++m_change;
    }
    /// What paged tiles may take now.
    int64_t pagedBudget() const { return m_budget > 0 ? m_budget : m_pagedDefault; }

    /// Takes finished loads, ranks, requests loads, attaches at most
    /// maxAttach tiles; returns how many it attached.
    int update(int maxAttach, const LodSettings::View& view);

    /// In-memory layers: wanted tiles not yet attached (as of the last update
    /// or change). Paged layers: tiles the last cull asked for (within the
    /// budget) not attached yet, and before any cull every tile of a shown
    /// layer; failed tiles never count.
    int pending() const;
    /// Something for the next update to do: finished loads to attach,
    /// in-memory tiles to attach, or asked-for tiles not requested yet.
    bool needsUpdate() const;
    /// Blocks until the loader has finished some tiles (about one update's
    /// worth) or is idle, at most timeoutMs; false at once when it is idle.
    bool waitForLoads(int timeoutMs, int enough);

    /// The level-1 cells of shown layers whose pickBox the ray crosses and
    /// that hold unready (not failed) tiles, nearest entry first.
    struct CellOnRay {
        const LodNode* cell;
        double entryDistance;
    };
    std::vector<CellOnRay> unreadyCellsOnRay(const osg::Vec3d& start, const osg::Vec3d& direction) const;
    /// Attaches every tile under `cell` now (paged ones read on this thread);
    /// true when all of them are attached after.
    bool attachCellNow(const LodNode* cell);

    int64_t attachedBytes() const { return m_attachedBytes; }
    int attachedCount() const { return m_attachedCount; }
    /// Paged tiles read so far (loader thread and picking) and failed loads.
    int64_t loads() const { return m_loads; }
    int failures() const { return m_failures; }

private:
    enum class State { Idle, Requested, Loaded, Failed };
    struct Entry {
        int layer;
        uint64_t ticket;
        osg::ref_ptr<TileSlot> slot;
        const LodNode* cell; ///< the level-1 LodNode holding the slot (coarse: the cell it belongs to)
        const PreparedLayer::Tile* tile;
        std::shared_ptr<const PreparedLayer> owner;
        osg::ref_ptr<osg::MatrixTransform> node; ///< in-memory: tile->node; paged: once loaded
        State state = State::Idle;
        unsigned addedAtFrame = ~0u; ///< the recorded view's frame when added (~0u: none yet)
        bool coarse = false;         ///< a paged coarse mesh, not a full tile
        bool paged() const { return owner->paged(); }
    };
    struct Rank {
        int group;
        double distance;
    };
    struct PagedPending {
        int pending = 0;
        int actionable = 0; ///< of those, not waiting for the loader (the next update has work)
    };
    /// Paged pending tiles for the last recorded view (cached per view and change).
    PagedPending pagedPending() const;

    std::vector<Rank> rank(const LodSettings::View& view) const;
    /// Wanted[i] for the ranking `order`, within the budgets.
    std::vector<char> wanted(const std::vector<size_t>& order, const std::vector<Rank>& ranks,
                             const LodSettings::View& view) const;
    std::vector<size_t> sorted(const std::vector<Rank>& ranks) const;
    void takeLoaded();
    void requestLoads(const std::vector<size_t>& order, const std::vector<char>& want);
    void accept(Entry& e, TileLoader::Loaded& loaded);
    void attach(Entry& e);
    void detach(Entry& e);
    void countInMemoryPending();
    void reindex();
    bool fits(const Entry& e) const;

    std::function<bool(int)> m_layerShown;
    osg::ref_ptr<LodSettings> m_settings;
    std::vector<Entry> m_entries;
    std::unordered_map<uint64_t, size_t> m_byTicket;
    uint64_t m_nextTicket = 1;
    int64_t m_budget = 0;
    int64_t m_pagedDefault = 0;
    int64_t m_attachedBytes = 0;
    int64_t m_attachedPagedBytes = 0;
    int m_attachedCount = 0;
    int m_inMemoryPending = 0;
    int64_t m_loads = 0;
    int m_failures = 0;
    /// pagedPending() of the view and change it was computed for.
    struct PagedCache {
        unsigned frame = ~0u;
        uint64_t change = ~uint64_t(0);
        bool valid = false;
        PagedPending counts;
    };
    mutable PagedCache m_pagedCache;
    uint64_t m_change = 0; ///< bumped by every attach, detach, load and layer change
    TileLoader m_loader;   ///< last: joined before the entries go
};

} // namespace citytwin::render
