#pragma once
// The scene graph of the city: layers of tiles, feature-state textures, the
// merge queue that attaches worker-built tiles a few per frame.

#include "citytwin/gis/LayerImporter.h"
#include "citytwin/render/GroundNode.h"

#include <osg/Camera>
#include <osg/Group>
#include <osg/Vec4>
#include <osg/ref_ptr>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace citytwin::render {

using LayerId = int;

/// An 8-bit sRGB colour of a feature (alpha is not blended).
struct FeatureColor {
    uint8_t r = 0, g = 0, b = 0;
    bool operator==(const FeatureColor&) const = default;
};

/// Default building colour: light grey-beige.
inline constexpr FeatureColor kDefaultBuildingColor{218, 210, 196};
/// Default colours of the other vector kinds (see defaultLayerColor()).
inline constexpr FeatureColor kDefaultLineColor{78, 78, 84};         ///< roads: dark grey
inline constexpr FeatureColor kDefaultWaterLineColor{84, 140, 204};  ///< rivers, canals
inline constexpr FeatureColor kDefaultAreaColor{162, 200, 138};      ///< parks: green
inline constexpr FeatureColor kDefaultWaterAreaColor{150, 188, 226}; ///< water: blue
inline constexpr FeatureColor kDefaultPointColor{214, 72, 48};       ///< POIs: red-orange

/// The colour a new layer's features start with: by kind, and for lines and
/// areas by words in the layer name (water, river, park, forest, rail, ...);
/// other area layers take a palette colour fixed by their name. Any thread.
FeatureColor defaultLayerColor(gis::LayerKind kind, const std::string& layerName);

/// One row of the legend drawn in the 3D view: a header (a layer or style
/// title, no swatch) or a swatch with its label.
struct LegendEntry {
    std::string label;
    FeatureColor color;
    bool isHeader = false;
    bool operator==(const LegendEntry&) const = default;
};

class PreparedLayer; // built off the GUI thread, see prepareLayer()
class SensorOverlay; // citytwin/render/SensorOverlay.h

/// A feature under the cursor (CityScene::pick).
struct PickResult {
    LayerId layer = -1;
    uint32_t featureIndex = 0;
    gis::DVec3 point; ///< where the pixel's ray meets it (scene CRS); an icon's anchor for points
    bool operator==(const PickResult&) const = default;
};

/// Builds a layer's tile nodes (osg::Geometry with VBOs under double-precision
/// MatrixTransforms at each tile origin) and its feature-state texture.
/// Called on a worker thread; touches no live scene graph.
std::shared_ptr<PreparedLayer> prepareLayer(const gis::ImportedLayer& layer,
                                            const gis::CancelToken* cancel = nullptr);

/// Tiles and features of a prepared layer (any thread).
int preparedTileCount(const PreparedLayer& layer);
uint32_t preparedFeatureCount(const PreparedLayer& layer);

/// The level-of-detail hierarchy prepareLayer() built over a building layer
/// of at least 32 tiles: quadtree cells of 2x2, 4x4, ... tiles, each with
/// one coarse mesh of the buildings below it (oriented boxes; small
/// buildings left out; see CityScene::setLevelOfDetail).
struct PreparedLodInfo {
    int levels = 0;              ///< cell levels above the tiles (0: no hierarchy)
    int cells = 0;
    int64_t coarseTriangles = 0; ///< all cells together
    int64_t coarseBytes = 0;     ///< vertex + index bytes of all coarse meshes
    int64_t fullTriangles = 0;   ///< the tiles
    int64_t fullBytes = 0;       ///< vertex + index bytes of all tiles
};
/// Any thread.
PreparedLodInfo preparedLodInfo(const PreparedLayer& layer);

/// Upload bookkeeping of a layer's feature-state texture (one RGBA8 texel
/// per feature, rows of at most 4096).
struct FeatureStateStats {
    int width = 0;             ///< texels per row
    int rows = 0;
    int pendingRows = 0;       ///< rows written since the last upload
    int64_t fullUploads = 0;   ///< whole-texture uploads (once per GL context)
    int64_t subUploads = 0;    ///< glTexSubImage2D calls since (one per run of dirty rows)
    int64_t rowsUploaded = 0;  ///< rows those calls sent
    /// A building layer whose features all had one state at the last update
    /// draws without reading the texture (the state is a uniform): on a
    /// software rasteriser the per-vertex read is the costliest part of its
    /// shader.
    bool sharedState = false;
};

/// Full-detail tiles of paged building layers allowed attached when
/// CityScene::setMemoryBudget() was not given one: 1 GiB.
inline constexpr int64_t kDefaultPagedMemoryBudget = int64_t(1) << 30;

/// Tile traffic of paged building layers (prepareLayerPaged()).
struct PagedTileStats {
    int64_t loads = 0; ///< tiles read from their source (loader thread and picking)
    int failures = 0;  ///< loads that failed (reported once each, never retried)
};

/// Owns the root node. All methods: GUI thread (the thread that runs frames),
/// except where noted. Paged building layers (prepareLayerPaged()) read
/// their full-detail tiles on one loader thread the scene owns (started
/// with the first load, joined when the last paged layer is removed and in
/// the destructor; removeLayer() waits for that layer's load in flight);
/// finished tiles are attached in the update traversal.
///
/// Styling goes through the layer's feature-state texture (one RGBA8 texel per
/// feature: rgb = colour, a = flags). Restyling writes texels only; geometry is
/// never rebuilt or re-uploaded.
///
/// Layers of every kind share one id space: vector layers (addLayer: kind
/// from the prepared layer) and ground layers (addTerrain, addImagery, drawn
/// by the owned GroundNode). Drawing order, bottom to top: ground, areas,
/// lines, buildings, points, labels, legend; within a kind, setLayerOrder().
/// Draped areas and lines are separated by polygon offset, so overlapping
/// ones never z-fight. Under the root, in this order: the ground's node,
/// layer groups, the label overlay, the legend HUD camera.
class CityScene {
public:
    CityScene();
    ~CityScene();

    osg::Group* root() const;

    /// Registers a prepared layer; its tiles are attached in later update
    /// traversals, at most tilesPerFrame() per frame. A paged layer's
    /// (prepareLayerPaged()) full tiles are read on the scene's loader
    /// thread when the level of detail asks for them (see pendingTiles(),
    /// setMemoryBudget()).
    LayerId addLayer(std::shared_ptr<PreparedLayer> layer);
    /// Terrain and imagery layers, drawn by the ground; same id space.
    /// -1 for a null pointer.
    LayerId addTerrain(std::shared_ptr<PreparedTerrain> terrain);
    LayerId addImagery(std::shared_ptr<PreparedImagery> imagery);
    /// Works for every kind of layer.
    void removeLayer(LayerId id);
    void setLayerVisible(LayerId id, bool visible);
    /// Kind of a layer: Buildings, Lines, Areas, Points, Terrain or Imagery;
    /// Auto for an unknown id.
    gis::LayerKind layerKind(LayerId id) const;
    /// Every layer id, bottom to top (the order setLayerOrder() set; new
    /// layers go on top).
    std::vector<LayerId> layerOrder() const;
    /// Reorders layers: the listed (known) ids in this order, bottom first;
    /// unlisted layers keep their relative order above them. The order acts
    /// within a kind (an area never draws over a line); imagery stacks in it.
    void setLayerOrder(const std::vector<LayerId>& bottomToTop);
    /// Layer opacity in [0, 1] (clamped). Below 1 the layer blends in a
    /// depth-sorted bin without writing depth; 0 hides it (and its labels).
    /// Terrain keeps the value but draws opaque. 1 for an unknown id.
    void setLayerOpacity(LayerId id, float opacity);
    float layerOpacity(LayerId id) const;
    /// Icon diameter of a Points layer in pixels (default 14).
    void setPointSize(LayerId id, float pixels);
    float pointSize(LayerId id) const;
    /// Swaps a layer's content (e.g. after a re-import), keeping its id and
    /// visibility; feature styles restart from the default. Tiles of the old
    /// revision still queued are dropped. False when the id is unknown.
    bool replaceLayer(LayerId id, std::shared_ptr<PreparedLayer> layer);

    bool hasLayer(LayerId id) const;
    bool isLayerVisible(LayerId id) const;
    /// Features in the layer's state texture (0 for an unknown id).
    uint32_t featureCount(LayerId id) const;

    /// Feature styling (texel writes). Unknown ids / indices are ignored.
    void setFeatureColor(LayerId id, uint32_t featureIndex, FeatureColor color);
    void setLayerColor(LayerId id, FeatureColor color);
    void setFeatureVisible(LayerId id, uint32_t featureIndex, bool visible);
    void setFeatureSelected(LayerId id, uint32_t featureIndex, bool selected);
    /// Whole-layer restyle in one pass over the state texture (one upload):
    /// colour of feature i from colors[i], visibility from visible[i]
    /// (non-zero = shown). Features past a vector's end keep that part of
    /// their state; an empty vector changes nothing of that part.
    void setFeatureColors(LayerId id, const std::vector<FeatureColor>& colors,
                          const std::vector<uint8_t>& visible);
    FeatureColor featureColor(LayerId id, uint32_t featureIndex) const;
    bool isFeatureVisible(LayerId id, uint32_t featureIndex) const;
    /// The layer's state texture and what was uploaded of it (an edit of one
    /// feature uploads its row only; a whole-layer restyle one run of rows).
    /// Zeros for an unknown id.
    FeatureStateStats featureStateStats(LayerId id) const;

    /// Labels of a layer's features (any vector kind): textPerFeature[i] for
    /// feature i, an empty string for none; an empty vector removes them.
    /// Screen-aligned, fixed pixel size, decluttered every frame: labels are
    /// placed greedily (upper layers first, then feature order) and one that
    /// would overlap a placed label on screen is not drawn.
    void setLayerLabels(LayerId id, std::vector<std::string> textPerFeature);
    /// Labels drawn in the last culled frame, in all layers / in one layer.
    int placedLabelCount() const;
    int placedLabelCount(LayerId id) const;

    /// The legend drawn in a corner of the 3D view (bottom right), in every
    /// view of root(): a translucent panel, a row per entry. Empty = none.
    void setLegend(std::vector<LegendEntry> entries);
    const std::vector<LegendEntry>& legend() const;

    /// The ground (terrain, imagery, flat plane), owned by the scene.
    GroundNode& ground();

    /// Sensor markers, labels, badges and heat map, owned by the scene and
    /// drawn above the layers; needsRedraw() includes them (and stays true
    /// while badges animate).
    SensorOverlay& sensors();

    /// The feature under window pixel (windowX, windowY) of `camera` (pixels
    /// of its viewport, origin bottom-left, y up, as OSG has them; a Qt
    /// widget's y is height - y): the nearest shown feature of a shown vector
    /// layer along the pixel's ray (buildings, lines, areas), or a point icon
    /// within its radius (icons win, as they draw on top). Hidden layers
    /// (invisible or opacity 0) and hidden features are not pickable, nor a
    /// layer before the frame that attaches it; the ground, terrain and
    /// imagery are never returned, so a click on empty ground gives nullopt.
    /// Sensor markers: see SensorOverlay::pickMarker.
    ///
    /// Exact at every level of detail: full-detail tiles under the ray that
    /// are not attached (paged out or never read) are attached first, with
    /// the other tiles of their cell, nearest first, until none can lie
    /// nearer than the hit; a paged layer's are read from its TileSource on
    /// this thread (a few milliseconds per cell). They stay until the
    /// memory budget sends them away. A tile that fails to load leaves its
    /// cell's coarse mesh to be picked.
    std::optional<PickResult> pick(const osg::Camera& camera, double windowX, double windowY) const;

    /// Union of the visible layers' extents (scene CRS) and their tallest
    /// building, for fitting the camera. Empty extent when there is nothing.
    gis::Extent2 extent() const;
    double maxHeightMeters() const;

    /// Tiles still to attach for the picture to be complete; 0 when a frame
    /// draws what the view calls for. Layers without a hierarchy: tiles
    /// waiting in the merge queue. In-memory layers with a hierarchy: every
    /// tile not attached (with a memory budget, every tile wanted for the
    /// last view). Paged layers: the tiles the level of detail asked for in
    /// the last cull (within the budget) and not attached yet; tiles loaded
    /// ahead (prefetch) and tiles that failed to load do not count. Before
    /// a cull has seen a paged layer (no frame yet since it was added),
    /// all of its shown tiles count, so a complete frame never stops at the
    /// coarse meshes.
    int pendingTiles() const;
    /// Blocks the calling (GUI) thread until the tile loader thread has
    /// finished about a frame's worth of tiles or has nothing left, at most
    /// timeoutMs; false at once when it is idle and nothing waits. For
    /// loops that draw until pendingTiles() is 0 (OffscreenRenderer).
    bool waitForTileLoads(int timeoutMs) const;
    int tilesPerFrame() const;
    void setTilesPerFrame(int n);

    /// Level of detail of building layers with a hierarchy (see
    /// PreparedLodInfo): each frame, a cell draws its coarse mesh where its
    /// geometric error would cover at most maxScreenErrorPixels() pixels,
    /// else its children (down to the full tiles); a cell and its own
    /// children never draw together. Off: full tiles everywhere (a tile not
    /// attached yet still shows its cell's coarse mesh). On by default.
    void setLevelOfDetail(bool on);
    bool levelOfDetail() const;
    /// Default 4 pixels. Larger: fewer draw calls and triangles, coarser far away.
    void setMaxScreenErrorPixels(double pixels);
    double maxScreenErrorPixels() const;
    /// Holds the cost of a frame: when the level of detail selects more than
    /// `triangles` building triangles in a frame, the next frames coarsen its
    /// screen error (up to 16x maxScreenErrorPixels) until it fits, and refine
    /// back when the view gets cheaper (needsRedraw() stays true while it
    /// adjusts). 0 = no budget (the default; the window sets one).
    void setFrameTriangleBudget(int64_t triangles);
    int64_t frameTriangleBudget() const;
    /// The factor the budget applies to maxScreenErrorPixels() now (1 = none).
    double lodErrorScale() const;

    /// Vertex + index bytes of full-detail building tiles allowed attached
    /// at once, all layers together. Over it, tiles farthest from what the
    /// camera looks at are detached (GL objects released; their cell's
    /// coarse mesh draws instead). An in-memory layer's come back from
    /// memory when near again; a paged layer's are dropped from memory and
    /// read again from its TileSource. <= 0 (the default): no limit for
    /// in-memory layers, kDefaultPagedMemoryBudget for the paged ones
    /// (together). Layers without a hierarchy are never detached (they
    /// count in attachedGeometryBytes()).
    void setMemoryBudget(int64_t bytes);
    /// What setMemoryBudget() set (0: none).
    int64_t memoryBudget() const;
    /// The budget paged layers' tiles live in now.
    int64_t pagedMemoryBudget() const;
    /// Tiles read from paged layers' sources so far (loader thread and
    /// picking), and loads that failed (each reported once, never retried).
    PagedTileStats pagedTileStats() const;
    /// Vertex + index bytes of the full-detail tiles attached now (all vector layers).
    int64_t attachedGeometryBytes() const;
    /// Vertex + index bytes of the coarse meshes (always resident).
    int64_t coarseGeometryBytes() const;

    /// True when something changed since the last frame (render on demand).
    /// Stays true while tiles wait to be attached from memory; for paged
    /// layers, true when a tile has finished loading on the loader thread or
    /// tiles the last cull asked for are not requested yet (not while the
    /// loader merely works). Camera motion is the caller's. Cheap: meant to
    /// be polled by a timer.
    bool needsRedraw() const;

    /// Empty when the building shaders compiled into the binary loaded; the
    /// reason otherwise (the scene then draws untextured and unstyled).
    std::string shaderError() const;

    /// The ground's flat plane under all layers (their extent + margin)
    /// where there is no terrain. On by default.
    void setGroundVisible(bool visible);
    bool isGroundVisible() const;

    /// Sky colour: the clear colour and the colour distant buildings haze into.
    static osg::Vec4 skyColor();
    static osg::Vec4 groundColor();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace citytwin::render
