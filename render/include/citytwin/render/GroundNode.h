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

/// How terrain tiles are meshed. The defaults are what the app uses.
struct TerrainMeshOptions {
    bool skirts = true;          ///< curtains under tile edges that hide cracks between levels
    double lodRangeScale = 1.0;  ///< multiplies the level switch distances (4 and 10 tile sizes)
    /// Testing: tiles alternate between full and quarter resolution at every
    /// distance, so every tile edge is a boundary between levels.
    bool checkerboardLevels = false;
};

/// Worker thread; touch no live scene graph. Terrain tiles are grids with
/// skirts (no cracks), normals, and coarser levels for distant tiles
/// (osg::LOD: full resolution within 4 tile sizes of the eye, half within 10,
/// quarter beyond).
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

    /// True when something changed since the last frame.
    bool needsRedraw() const;
    /// Called by CityScene after each frame's update traversal.
    void clearRedraw();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace citytwin::render
