#pragma once
// Which full-detail building tiles are attached: within a memory budget, in
// the order the user looks at them, a few per frame. GUI thread.

#include "PreparedLayer.h"
#include "lod/LodNode.h"

#include <functional>
#include <memory>
#include <vector>

namespace citytwin::render {

/// Every full-detail tile of the scene's level-of-detail layers, in tileSlots
/// under the layers' LodNodes. Each update ranks them (tiles the level of
/// detail asked for in the last cull, then tiles in the view frustum, then
/// the rest, each by distance from the eye; hidden layers last), wants the
/// longest prefix of that ranking that fits the budget, and attaches up to
/// N wanted tiles. A tile is detached (dropped from the graph, its GL
/// objects released; its arrays stay in the prepared layer) only to make
/// room for a wanted one, farthest first; its LodNode then draws the
/// coarse mesh instead. All methods: GUI thread (update traversal).
class TilePager {
public:
    void addLayer(int layer, std::shared_ptr<const PreparedLayer> prepared,
                  const std::vector<osg::ref_ptr<TileSlot>>& tileSlots);
    void removeLayer(int layer);

    /// Bytes of full-detail tiles allowed attached; <= 0: no limit.
    void setBudget(int64_t bytes) { m_budget = bytes; }
    int64_t budget() const { return m_budget; }

    /// Attaches at most maxAttach tiles; returns how many it attached.
    int update(int maxAttach, const LodSettings::View& view, const std::function<bool(int)>& layerShown);

    /// Wanted tiles not yet attached (as of the last update or change).
    int pending() const { return m_pending; }
    int64_t attachedBytes() const { return m_attachedBytes; }
    int attachedCount() const { return m_attachedCount; }

private:
    struct Entry {
        int layer;
        osg::ref_ptr<TileSlot> slot;
        const PreparedLayer::Tile* tile;
        std::shared_ptr<const PreparedLayer> owner;
    };
    void attach(Entry& e);
    void detach(Entry& e);
    void countPending();

    std::vector<Entry> m_entries;
    int64_t m_budget = 0;
    int64_t m_attachedBytes = 0;
    int m_attachedCount = 0;
    int m_pending = 0;
};

} // namespace citytwin::render
