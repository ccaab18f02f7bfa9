#pragma once
// Scene nodes of a building layer's level-of-detail quadtree: a LodNode per
// cell, a TileSlot per full-detail tile, and the settings they share.

#include "PreparedLayer.h"

#include <osg/Group>
#include <osg/Polytope>

#include <atomic>
#include <mutex>
#include <utility>

namespace citytwin::render {

/// Shared by every LodNode of a scene. Written on the GUI thread, read in
/// cull (same thread in CityTwin's viewers; atomics and a mutex keep it safe
/// in threaded ones).
/// Largest factor a frame triangle budget applies to the screen error.
inline constexpr double kMaxLodErrorScale = 16.0;

class LodSettings : public osg::Referenced {
public:
    std::atomic<bool> enabled{true};
    std::atomic<double> maxErrorPixels{4.0};
    /// Multiplies maxErrorPixels while a frame triangle budget holds the
    /// scene's cost down (1 = none; see CityScene::setFrameTriangleBudget).
    std::atomic<double> errorScale{1.0};
    /// The screen error cells refine beyond: maxErrorPixels x errorScale.
    double effectiveErrorPixels() const { return maxErrorPixels.load() * errorScale.load(); }

    /// Cull: `triangles` more selected for drawing in `frame`.
    void countDrawn(unsigned frame, int64_t triangles);
    /// GUI thread (update): the latest culled frame and the triangles it selected.
    std::pair<unsigned, int64_t> drawnTriangles() const;

    /// Where the last cull looked from (scene CRS), for the pager.
    struct View {
        osg::Vec3d eye;
        osg::Polytope frustum;
        unsigned frame = 0;
        bool valid = false;
        double pixelsPerMeter = 0; ///< at unit distance (perspective) or everywhere (orthographic)
        bool perspective = true;
        double lodScale = 1.0;
        /// Pixels `errorMeters` covers at the point of `box` nearest the eye.
        double errorPixels(double errorMeters, const osg::BoundingBoxd& box) const;
    };
    /// Cull: the scene root records the view (see viewRecorder()).
    void setView(const View& view);
    /// GUI thread (update): the last recorded view.
    View view() const;

private:
    mutable std::mutex m_mutex;
    View m_view;
    unsigned m_countFrame = 0;
    int64_t m_countTriangles = 0;
};

/// A cull callback for the scene root (which must have culling off, so it
/// runs whatever the camera looks at): records the view in `settings`.
osg::ref_ptr<osg::Callback> viewRecorder(LodSettings* settings);

/// Pixels that `errorMeters` covers on screen at the point of `box` nearest
/// `eye`; k = pixels per metre at unit distance (perspective) or everywhere.
double screenErrorPixels(double errorMeters, const osg::BoundingBoxd& box, const osg::Vec3d& eye, double k,
                         bool perspective, double lodScale);

/// Holder of one full-detail tile: empty while the tile is detached (not
/// yet attached by the merge queue, or paged out), else the tile's node.
class TileSlot : public osg::Group {
public:
    TileSlot(int tile, int64_t triangles) : m_tile(tile), m_triangles(triangles) { setName("tile slot"); }
    int64_t triangles() const { return m_triangles; }
    int tile() const { return m_tile; }
    bool ready() const { return getNumChildren() > 0; }
    /// Cull: the level of detail wants this tile drawn in `frame`.
    void request(unsigned frame) { m_requested.store(frame); }
    unsigned requestedFrame() const { return m_requested.load(); }

private:
    int m_tile;
    int64_t m_triangles;
    std::atomic<unsigned> m_requested{0};
};

/// One quadtree cell. Child 0 is the cell's coarse mesh (an empty group when
/// none, a TileSlot when it is paged), the others its child cells (LodNode)
/// or tiles (TileSlot). Cull draws either the coarse mesh or the children,
/// never both: the children when the coarse mesh's error would show more
/// than maxErrorPixels on screen (always, with level of detail off) and
/// every child can draw (tile slots filled; a child cell can draw when its
/// coarse mesh is in, or when it would draw its own children and they can),
/// else the coarse mesh. A cell that wants its children asks for their paged
/// coarse meshes, and one that draws its own asks for it (TileSlot::request),
/// so the pager loads what the view needs. Other visitors (picking) see the
/// finest content each part has: a cell's tiles when all are attached, else
/// its coarse mesh; above level 1, the child cells that have content, and
/// the cell's own coarse mesh only when none has (so a coarse block never
/// hides a building; CityScene::pick reads the missing tiles on the ray).
class LodNode : public osg::Group {
public:
    /// `coarseSlot`: holder of the cell's paged coarse mesh (cell.pagedCoarse
    /// >= 0), filled by the tile pager; null otherwise.
    LodNode(const PreparedLayer::LodCell& cell, LodSettings* settings, TileSlot* coarseSlot = nullptr);

    void traverse(osg::NodeVisitor& nv) override;
    /// Scene CRS box of the full buildings below.
    const osg::BoundingBoxd& box() const { return m_box; }
    /// box() and the coarse mesh's box together: what a ray must cross to
    /// hit anything this cell draws at any level.
    const osg::BoundingBoxd& pickBox() const { return m_pickBox; }
    double errorMeters() const { return m_errorMeters; }

private:
    bool childrenReady(osg::NodeVisitor& nv) const;
    /// Leaf parents: every tile attached.
    bool tilesReady() const;
    /// Whether anything (a coarse mesh in memory, or finer content below)
    /// can answer a pick here now.
    bool hasContent() const;
    /// Visitors other than cull (picking): the finest content of each part.
    void traverseFinest(osg::NodeVisitor& nv);
    bool wantsChildren(osg::NodeVisitor& nv) const;
    bool coarseReady() const { return !m_coarseSlot || m_coarseSlot->ready(); }
    /// Whether cull would draw something for this cell now.
    bool canDraw(osg::NodeVisitor& nv) const;

    osg::ref_ptr<LodSettings> m_settings;
    TileSlot* m_coarseSlot = nullptr; ///< child 0 when the coarse mesh is paged
    bool m_hasCoarse = false;         ///< a coarse mesh exists (held or paged)
    osg::BoundingBoxd m_box;
    osg::BoundingBoxd m_pickBox;
    double m_errorMeters;
    int64_t m_coarseTriangles;
    bool m_leafParent; ///< children are TileSlots
};

/// Builds the node tree of a prepared layer's cells (GUI thread); `tileSlots`
/// receives one TileSlot per tile (index = tile index), `coarseSlots` one per
/// paged coarse mesh (index = layer.coarseTiles index). Null when the layer
/// has no cells.
osg::ref_ptr<LodNode> buildLodTree(const PreparedLayer& layer, LodSettings* settings,
                                   std::vector<osg::ref_ptr<TileSlot>>& tileSlots,
                                   std::vector<osg::ref_ptr<TileSlot>>& coarseSlots);

} // namespace citytwin::render
