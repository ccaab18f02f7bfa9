#pragma once
// The quadtree of a terrain layer: tiles at level 0, blocks of 2^L x 2^L
// tiles above, aligned to the scene's absolute tile grid (so image mosaics
// of the same key cover the same ground). Coarse levels are built up front;
// finer ones when a cull first needs them, and dropped again when unused.

#include "citytwin/gis/Progress.h"
#include "citytwin/render/GroundNode.h"
#include "ground/TerrainBlock.h"
#include "ground/TerrainGrid.h"

#include <osg/Referenced>
#include <osg/StateSet>

#include <functional>
#include <mutex>
#include <vector>

namespace citytwin::render {

/// Shared by the blocks of one layer. request() is called from the cull
/// traversal, everything else from the update traversal (GUI thread) or, for
/// buildRoots(), from the worker that prepares the layer.
class TerrainTree : public osg::Referenced {
public:
    /// The draped state of one node (key.level = the node's level).
    using StateFor = std::function<osg::ref_ptr<osg::StateSet>(const gis::TileKey&)>;

    TerrainTree(TerrainGrid grid, const TerrainMeshOptions& options);

    /// Worker thread: the top blocks, built down to the eager level, under
    /// `root`. False when cancelled.
    bool buildRoots(osg::Group& root, const gis::CancelToken* cancel);

    /// Cull: `block` is within range and has no children yet.
    void request(TerrainBlock* block);
    /// Requests not yet served.
    int pending() const;
    /// Update: builds the children of requested blocks for up to `budgetMs`
    /// (at least one), then drops long-unused lazily built children when more
    /// than the cap are resident. Returns the number of blocks served.
    int process(const StateFor& stateFor, double budgetMs, unsigned frameNumber);

    /// Every block built so far under `root` (to restyle them).
    static void forEachBlock(osg::Group& root, const std::function<void(TerrainBlock&)>& fn);

    const TerrainGrid& grid() const { return m_grid; }
    int topLevel() const { return m_topLevel; }
    /// Distance within which a block of `level` shows its children.
    float rangeMeters(int level) const;
    /// Lazily built child sets resident now.
    int residentLazySets() const;

private:
    osg::ref_ptr<TerrainBlock> makeBlock(const gis::TileKey& key, const StateFor* stateFor);
    osg::ref_ptr<osg::Group> makeChildren(const TerrainBlock& parent, const StateFor* stateFor);
    bool hasData(const gis::TileKey& key) const;
    void expire(unsigned frameNumber);

    TerrainGrid m_grid;
    TerrainMeshOptions m_options;
    int m_topLevel = 0;
    int m_eagerLevel = 0;    ///< levels >= this one are built up front
    mutable std::mutex m_mutex;
    std::vector<osg::observer_ptr<TerrainBlock>> m_requests;
    std::vector<osg::observer_ptr<TerrainBlock>> m_lazy; ///< blocks whose children were built on demand
    unsigned m_lastExpiry = 0;
};

} // namespace citytwin::render
