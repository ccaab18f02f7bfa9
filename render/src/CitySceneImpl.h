#pragma once
// CityScene's state, shared by CityScene.cpp (layers, styling) and
// CityScenePaging.cpp (level of detail, paging, picking). GUI thread.

#include "citytwin/render/CityScene.h"

#include "LayerDrawState.h"
#include "PreparedLayer.h"
#include "lod/LodNode.h"
#include "lod/TilePager.h"
#include "overlay/LabelOverlay.h"
#include "overlay/LegendOverlay.h"

#include "citytwin/render/SensorOverlay.h"

#include <osg/Group>
#include <osg/NodeCallback>
#include <osg/Program>

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace citytwin::render {

inline constexpr int kDefaultTilesPerFrame = 8;
inline constexpr float kDefaultPointPixels = 14.0f;

struct CityScene::Impl {
    struct Layer {
        std::shared_ptr<PreparedLayer> prepared;
        osg::ref_ptr<osg::Group> group;
        uint64_t revision = 0;
        bool attached = false;
        bool visible = true;
        float opacity = 1.0f;
        float pointPixels = kDefaultPointPixels;
        LayerDrawState draw;
        int64_t queuedBytes = 0; ///< tiles attached through the queue (no hierarchy)
        /// The feature-state revision its building program was chosen for.
        uint64_t stateRevisionSeen = UINT64_MAX;
        bool sharedState = false; ///< drawn with buildingSharedStateProgram
    };
    /// Terrain and imagery: drawn by the ground, listed here for the id space.
    struct GroundLayer {
        gis::LayerKind kind;
        bool visible = true;
        float opacity = 1.0f;
    };
    struct Pending {
        LayerId layer;
        uint64_t revision;
        osg::ref_ptr<osg::Node> node;
    };

    osg::ref_ptr<osg::Group> root;
    osg::ref_ptr<osg::NodeCallback> updateCallback;
    std::map<LayerId, Layer> layers;
    std::map<LayerId, GroundLayer> groundLayers;
    std::vector<LayerId> order; ///< every id, bottom to top
    std::deque<Pending> queue;
    osg::ref_ptr<LodSettings> lod = new LodSettings;
    TilePager pager{[this](LayerId id) { return layerShown(id); }, lod.get()};
    std::vector<osg::ref_ptr<osg::Group>> toDetach;
    LayerId nextId = 1;
    uint64_t nextRevision = 1;
    int tilesPerFrame = kDefaultTilesPerFrame;
    int64_t triangleBudget = 0;   ///< setFrameTriangleBudget; 0 = none
    unsigned lastAdaptFrame = 0;  ///< the culled frame the budget last looked at
    bool lodAdapting = false;     ///< the last update changed the error scale
    bool dirty = true;
    std::string shaderError;
    osg::ref_ptr<osg::Program> drapeProgram;
    osg::ref_ptr<osg::Program> pointProgram;
    /// Building layers whose features all have one state (unstyled, nothing
    /// selected or hidden) draw with this instead of the root's program.
    osg::ref_ptr<osg::Program> sharedStateProgram;
    GroundNode ground;
    bool groundVisible = true;
    bool groundExtentDirty = true;
    LabelOverlay labels;
    LegendOverlay legend;
    SensorOverlay sensors{&labels};

    Layer* find(LayerId id) {
        auto it = layers.find(id);
        return it == layers.end() ? nullptr : &it->second;
    }
    const Layer* find(LayerId id) const {
        auto it = layers.find(id);
        return it == layers.end() ? nullptr : &it->second;
    }
    FeatureStateTexture* state(LayerId id) const {
        const Layer* l = find(id);
        return l && l->prepared ? l->prepared->state.get() : nullptr;
    }
    GroundLayer* findGround(LayerId id) {
        auto it = groundLayers.find(id);
        return it == groundLayers.end() ? nullptr : &it->second;
    }

    void purgeQueue(LayerId id) {
        std::erase_if(queue, [id](const Pending& p) { return p.layer == id; });
    }

    osg::Program* programOf(gis::LayerKind kind) const {
        switch (kind) {
        case gis::LayerKind::Lines:
        case gis::LayerKind::Areas: return drapeProgram.get();
        case gis::LayerKind::Points: return pointProgram.get();
        default: return nullptr; // buildings: the root's program
        }
    }

    bool layerShown(LayerId id) const {
        const Layer* l = find(id);
        return l && l->visible && l->opacity > 0.0f;
    }

    void applyVisibility(LayerId id, Layer& layer) {
        const bool shown = layer.visible && layer.opacity > 0.0f;
        layer.group->setNodeMask(shown ? ~0u : 0u);
        labels.setLayerShown(id, shown);
        pager.layersChanged();
    }

    void install(LayerId id, Layer& layer, std::shared_ptr<PreparedLayer> prepared);

    /// Ranks every layer within its kind from `order`, then writes each
    /// vector layer's draw state, the label priority (top layer first) and
    /// the imagery stack. Cheap: a few state attributes per layer.
    void restack();

    /// Where the flat ground goes: under every vector layer, and under
    /// imagery that has no terrain to drape on.
    gis::Extent2 flatExtent() const;

    static int64_t tileBytes(const Layer& layer, const osg::Node* node);

    /// Update traversal (GUI thread): the only place the live graph changes
    /// (besides a pick reading tiles in, between frames).
    void update();
    /// Picks a building layer's program after its feature states changed:
    /// the shared-state one while every feature looks the same, else the
    /// root's (which reads the feature-state texture per vertex).
    void chooseStateProgram(Layer& layer);
    /// Update: moves the level of detail's error scale towards the frame
    /// triangle budget from what the last cull selected.
    void adaptToTriangleBudget();

    void buildRootState();
};

} // namespace citytwin::render
