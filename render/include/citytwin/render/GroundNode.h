#pragma once
// The ground of the city: terrain tiles from a DEM (or a flat plane where there
// is none) with image layers draped on it in layer order.

#include "citytwin/gis/Geometry.h"
#include "citytwin/gis/Progress.h"
#include "citytwin/gis/RasterImport.h"

#include <osg/Node>
#include <osg/ref_ptr>

#include <memory>
#include <vector>

namespace citytwin::render {

class PreparedTerrain; // terrain tile nodes built off the GUI thread
class PreparedImagery; // image tile textures built off the GUI thread

/// How terrain is meshed. The defaults are what the app uses.
struct TerrainMeshOptions {
    bool skirts = true;          ///< curtains under patch edges that hide cracks between levels
    double lodRangeScale = 1.0;  ///< multiplies the level switch distances (2 block edges)
    /// Testing: no quadtree; tiles alternate between full and quarter
    /// resolution, so every tile edge is a boundary between levels.
    bool checkerboardLevels = false;
};

/// Worker thread; touch no live scene graph. The terrain is a quadtree over
/// the scene's tile grid: 500 m tiles at full resolution (level 0), blocks of
/// 2^L x 2^L tiles above, each one merged grid mesh of at most 32 x 32 cells
/// with normals and skirts (no cracks). A block shows its four children
/// within 2 of its edges of the eye, so far terrain is a few large meshes.
/// The coarse levels are built here; finer ones are built from the kept
/// heights in GroundNode's update traversal when a cull first needs them,
/// and dropped again when long unused.
std::shared_ptr<PreparedTerrain> prepareTerrain(const gis::TerrainLayer& terrain,
                                                const gis::CancelToken* cancel = nullptr);
std::shared_ptr<PreparedTerrain> prepareTerrain(const gis::TerrainLayer& terrain, const gis::CancelToken* cancel,
                                                const TerrainMeshOptions& options);
std::shared_ptr<PreparedImagery> prepareImagery(const gis::ImageryLayer& imagery,
                                                const gis::CancelToken* cancel = nullptr);

/// Owned by CityScene; GUI thread only. Ids are the caller's (CityScene's
/// LayerId), so one id space covers all layers.
class GroundNode {
public:
    GroundNode();
    ~GroundNode();

    /// The subtree to hang under the scene root (drawn first, under everything).
    osg::Node* node() const;

    /// Flat ground covering `extent` (plus a margin) where no terrain is set.
    void setFlatExtent(const gis::Extent2& extent);
    void setFlatVisible(bool visible);

    void setTerrain(int id, std::shared_ptr<PreparedTerrain> terrain);
    void removeTerrain(int id);
    void setTerrainVisible(int id, bool visible);

    /// Image layers stack in `order` (first = bottom). Opacity in [0, 1].
    void addImagery(int id, std::shared_ptr<PreparedImagery> imagery);
    void removeImagery(int id);
    void setImageryVisible(int id, bool visible);
    void setImageryOpacity(int id, float opacity);
    void setImageryOrder(const std::vector<int>& bottomToTop);

    /// Scene extent of terrain and imagery (for fitting the camera).
    gis::Extent2 extent() const;
    double maxHeightMeters() const;

    /// True when something changed since the last frame, or terrain levels
    /// the last cull asked for are not built yet.
    bool needsRedraw() const;
    /// Terrain blocks requested by the last cull and not yet attached (they
    /// are built in the next update traversals).
    int pendingWork() const;
    /// Called by CityScene after each frame's update traversal.
    void clearRedraw();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// pendingWork() of the GroundNodes whose node() is `sceneRoot` or one of its
/// children (renderers that hold only the scene graph). GUI thread.
int pendingGroundWork(const osg::Node* sceneRoot);

} // namespace citytwin::render
