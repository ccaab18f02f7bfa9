#pragma once
// The scene graph of the city: layers of tiles, feature-state textures, the
// merge queue that attaches worker-built tiles a few per frame.

#include "citytwin/gis/LayerImporter.h"

#include <osg/Group>
#include <osg/ref_ptr>

#include <cstdint>
#include <memory>

namespace citytwin::render {

using LayerId = int;

class PreparedLayer; // built off the GUI thread, see prepareLayer()

/// Builds a layer's tile nodes (osg::Geometry with VBOs under double-precision
/// MatrixTransforms at each tile origin) and its feature-state texture.
/// Called on a worker thread; touches no live scene graph.
std::shared_ptr<PreparedLayer> prepareLayer(const gis::ImportedLayer& layer,
                                            const gis::CancelToken* cancel = nullptr);

/// Owns the root node. All methods: GUI thread (the thread that runs frames),
/// except where noted.
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

    /// Number of tiles waiting in the merge queue (0 = everything attached).
    int pendingTiles() const;
    int tilesPerFrame() const;
    void setTilesPerFrame(int n);

    /// True when something changed since the last frame (render on demand).
    bool needsRedraw() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace citytwin::render
