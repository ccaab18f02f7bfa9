#include "ground/TerrainTree.h"

#include "ground/TerrainMesh.h"

#include <algorithm>
#include <chrono>

namespace citytwin::render {

namespace {

constexpr int kBlockIntervals = 32;     // a block mesh has at most this many cells per edge
constexpr double kRangeFactor = 2.0;    // a block shows its children within this many of its edges
constexpr int64_t kEagerBlocks = 256;   // the finest level with at most this many blocks is built up front
constexpr size_t kMaxLazySets = 768;    // lazily built child sets kept when unused
constexpr unsigned kExpiryPeriodFrames = 30;

int floorDiv(int a, int b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

/// Coarsest step of a tile's own levels (checkerboard test mode).
int coarsestTileStep(int n1)
{
    if (n1 % 4 == 0 && n1 >= 8) return 4;
    if (n1 % 2 == 0 && n1 >= 4) return 2;
    return 1;
}

} // namespace

TerrainTree::TerrainTree(TerrainGrid grid, const TerrainMeshOptions& options)
    : m_grid(std::move(grid)), m_options(options)
{
    if (m_grid.empty() || m_options.checkerboardLevels) return; // tiles only
    const int span = std::max(m_grid.tilesX, m_grid.tilesY);
    while ((1 << m_topLevel) < span) ++m_topLevel;
    m_eagerLevel = m_topLevel;
    for (int level = 0; level <= m_topLevel; ++level) {
        const int size = 1 << level;
        const int64_t nx = floorDiv(m_grid.tileX0 + m_grid.tilesX - 1, size) - floorDiv(m_grid.tileX0, size) + 1;
        const int64_t ny = floorDiv(m_grid.tileY0 + m_grid.tilesY - 1, size) - floorDiv(m_grid.tileY0, size) + 1;
        if (nx * ny <= kEagerBlocks) {
            m_eagerLevel = level;
            break;
        }
    }
}

float TerrainTree::rangeMeters(int level) const
{
    if (level <= 0) return 0;
    return float(kRangeFactor * m_options.lodRangeScale * m_grid.tileSizeMeters * double(1 << level));
}

bool TerrainTree::hasData(const gis::TileKey& key) const
{
    const int size = 1 << key.level;
    return m_grid.hasAnyTile(key.x * size, key.y * size, (key.x + 1) * size, (key.y + 1) * size);
}

osg::ref_ptr<TerrainBlock> TerrainTree::makeBlock(const gis::TileKey& key, const StateFor* stateFor)
{
    const int size = 1 << key.level;
    const int n1 = m_grid.intervals;
    TerrainPatch patch;
    patch.col0 = (key.x * size - m_grid.tileX0) * n1;
    patch.row0 = (key.y * size - m_grid.tileY0) * n1;
    patch.intervals = size * n1;
    if (m_options.checkerboardLevels) {
        patch.step = (key.x + key.y) % 2 ? coarsestTileStep(n1) : 1;
    } else {
        while (patch.intervals % (2 * patch.step) == 0 && patch.intervals / (2 * patch.step) >= kBlockIntervals)
            patch.step *= 2;
    }
    const double edge = size * m_grid.tileSizeMeters;
    osg::ref_ptr<osg::MatrixTransform> mesh =
        new osg::MatrixTransform(osg::Matrixd::translate((key.x + 0.5) * edge, (key.y + 0.5) * edge, 0));
    mesh->setName(key.level == 0 ? "terrain tile mesh" : "terrain block mesh");
    mesh->addChild(buildTerrainMesh(m_grid, patch, m_options.skirts).get());
    if (stateFor) mesh->setStateSet((*stateFor)(key).get());
    return new TerrainBlock(this, key, mesh.get(), rangeMeters(key.level));
}

osg::ref_ptr<osg::Group> TerrainTree::makeChildren(const TerrainBlock& parent, const StateFor* stateFor)
{
    osg::ref_ptr<osg::Group> group = new osg::Group;
    group->setName("terrain children");
    const gis::TileKey& k = parent.key();
    for (int j = 0; j < 2; ++j)
        for (int i = 0; i < 2; ++i) {
            const gis::TileKey child{2 * k.x + i, 2 * k.y + j, k.level - 1};
            if (hasData(child)) group->addChild(makeBlock(child, stateFor).get());
        }
    return group;
}

bool TerrainTree::buildRoots(osg::Group& root, const gis::CancelToken* cancel)
{
    if (m_grid.empty()) return true;
    std::function<osg::ref_ptr<TerrainBlock>(const gis::TileKey&)> build = [&](const gis::TileKey& key) {
        osg::ref_ptr<TerrainBlock> block = makeBlock(key, nullptr);
        if (key.level > m_eagerLevel && !(cancel && cancel->isCancelled())) {
            osg::ref_ptr<osg::Group> group = new osg::Group;
            group->setName("terrain children");
            for (int j = 0; j < 2; ++j)
                for (int i = 0; i < 2; ++i) {
                    const gis::TileKey child{2 * key.x + i, 2 * key.y + j, key.level - 1};
                    if (hasData(child)) group->addChild(build(child).get());
                }
            block->setChildBlocks(group.get(), 0);
        }
        return block;
    };
    const int size = 1 << m_topLevel;
    for (int by = floorDiv(m_grid.tileY0, size); by <= floorDiv(m_grid.tileY0 + m_grid.tilesY - 1, size); ++by)
        for (int bx = floorDiv(m_grid.tileX0, size); bx <= floorDiv(m_grid.tileX0 + m_grid.tilesX - 1, size); ++bx) {
            if (cancel && cancel->isCancelled()) return false;
            const gis::TileKey key{bx, by, m_topLevel};
            if (hasData(key)) root.addChild(build(key).get());
        }
    return !(cancel && cancel->isCancelled());
}

void TerrainTree::request(TerrainBlock* block)
{
    std::lock_guard lock(m_mutex);
    m_requests.emplace_back(block);
}

int TerrainTree::pending() const
{
    std::lock_guard lock(m_mutex);
    return int(m_requests.size());
}

int TerrainTree::process(const StateFor& stateFor, double budgetMs, unsigned frameNumber)
{
    std::vector<osg::observer_ptr<TerrainBlock>> todo;
    {
        std::lock_guard lock(m_mutex);
        todo.swap(m_requests);
    }
    const auto start = std::chrono::steady_clock::now();
    int served = 0;
    size_t i = 0;
    for (; i < todo.size(); ++i) {
        if (served > 0 && std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() >
                              budgetMs)
            break;
        osg::ref_ptr<TerrainBlock> block;
        if (!todo[i].lock(block)) continue;
        block->clearQueued();
        if (block->childBlocks() || block->getNumParents() == 0) continue;
        block->setChildBlocks(makeChildren(*block, &stateFor).get(), frameNumber);
        m_lazy.emplace_back(block.get());
        ++served;
    }
    if (i < todo.size()) {
        std::lock_guard lock(m_mutex);
        m_requests.insert(m_requests.begin(), todo.begin() + std::ptrdiff_t(i), todo.end());
    }
    expire(frameNumber);
    return served;
}

void TerrainTree::expire(unsigned frameNumber)
{
    if (frameNumber < m_lastExpiry + kExpiryPeriodFrames && m_lastExpiry != 0) return;
    m_lastExpiry = std::max(frameNumber, 1u);
    std::erase_if(m_lazy, [](const osg::observer_ptr<TerrainBlock>& b) { return !b.valid(); });
    if (m_lazy.size() <= kMaxLazySets) return;
    std::vector<osg::ref_ptr<TerrainBlock>> blocks;
    for (auto& b : m_lazy) {
        osg::ref_ptr<TerrainBlock> r;
        if (b.lock(r)) blocks.push_back(r);
    }
    std::sort(blocks.begin(), blocks.end(),
              [](const auto& a, const auto& b) { return a->lastUsedFrame() < b->lastUsedFrame(); });
    size_t resident = blocks.size();
    for (auto& b : blocks) {
        if (resident <= kMaxLazySets * 3 / 4 || b->lastUsedFrame() + 2 >= frameNumber) break;
        b->setChildBlocks(nullptr, frameNumber);
        --resident;
    }
    m_lazy.clear();
    for (auto& b : blocks)
        if (b->childBlocks()) m_lazy.emplace_back(b.get());
}

int TerrainTree::residentLazySets() const
{
    return int(std::count_if(m_lazy.begin(), m_lazy.end(), [](const auto& b) { return b.valid(); }));
}

void TerrainTree::forEachBlock(osg::Group& root, const std::function<void(TerrainBlock&)>& fn)
{
    for (unsigned i = 0; i < root.getNumChildren(); ++i) {
        auto* block = dynamic_cast<TerrainBlock*>(root.getChild(i));
        if (!block) continue;
        fn(*block);
        if (osg::Group* children = block->childBlocks()) forEachBlock(*children, fn);
    }
}

} // namespace citytwin::render
