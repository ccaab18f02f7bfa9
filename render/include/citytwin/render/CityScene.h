#pragma once
// The scene graph of the city: layers of tiles, feature-state textures, the
// merge queue that attaches worker-built tiles a few per frame.

#include "citytwin/gis/LayerImporter.h"

#include <osg/Group>
#include <osg/Vec4>
#include <osg/ref_ptr>

#include <cstdint>
#include <memory>
#include <string>

namespace citytwin::render {

using LayerId = int;

/// An 8-bit sRGB colour of a feature (alpha is not blended).
struct FeatureColor {
    uint8_t r = 0, g = 0, b = 0;
    bool operator==(const FeatureColor&) const = default;
};

/// Default building colour: light grey-beige.
inline constexpr FeatureColor kDefaultBuildingColor{218, 210, 196};

class PreparedLayer; // built off the GUI thread, see prepareLayer()

/// Builds a layer's tile nodes (osg::Geometry with VBOs under double-precision
/// MatrixTransforms at each tile origin) and its feature-state texture.
/// Called on a worker thread; touches no live scene graph.
std::shared_ptr<PreparedLayer> prepareLayer(const gis::ImportedLayer& layer,
                                            const gis::CancelToken* cancel = nullptr);

/// Tiles and features of a prepared layer (any thread).
int preparedTileCount(const PreparedLayer& layer);
uint32_t preparedFeatureCount(const PreparedLayer& layer);

/// Owns the root node. All methods: GUI thread (the thread that runs frames),
/// except where noted.
///
/// Styling goes through the layer's feature-state texture (one RGBA8 texel per
/// feature: rgb = colour, a = flags). Restyling writes texels only; geometry is
/// never rebuilt or re-uploaded.
class CityScene {
public:
    CityScene();
    ~CityScene();

    osg::Group* root() const;

    /// Registers a prepared layer; its tiles are attached in later update
    /// traversals, at most tilesPerFrame() per frame.
    LayerId addLayer(std::shared_ptr<PreparedLayer> layer);
    void removeLayer(LayerId id);
    void setLayerVisible(LayerId id, bool visible);
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
    FeatureColor featureColor(LayerId id, uint32_t featureIndex) const;
    bool isFeatureVisible(LayerId id, uint32_t featureIndex) const;

    /// Union of the visible layers' extents (scene CRS) and their tallest
    /// building, for fitting the camera. Empty extent when there is nothing.
    gis::Extent2 extent() const;
    double maxHeightMeters() const;

    /// Number of tiles waiting in the merge queue (0 = everything attached).
    int pendingTiles() const;
    int tilesPerFrame() const;
    void setTilesPerFrame(int n);

    /// True when something changed since the last frame (render on demand).
    /// Stays true while tiles are pending. Camera motion is the caller's.
    bool needsRedraw() const;

    /// Empty when the building shaders compiled into the binary loaded; the
    /// reason otherwise (the scene then draws untextured and unstyled).
    std::string shaderError() const;

    /// A flat ground plane under all layers (extent + margin, just below
    /// z = 0). On by default; it is one extra draw call.
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
