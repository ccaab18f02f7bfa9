#pragma once
// Picking of vector-layer features under a window pixel (CityScene::pick).

#include "citytwin/render/CityScene.h"

#include <osg/Camera>
#include <osg/Node>

#include <optional>
#include <vector>

namespace citytwin::render {

class FeatureStateTexture;

/// A shown vector layer as the picker sees it.
struct PickTarget {
    LayerId id = -1;
    gis::LayerKind kind = gis::LayerKind::Buildings;
    osg::Node* node = nullptr;                       ///< the layer's group (tiles below)
    const FeatureStateTexture* state = nullptr;      ///< feature visibility
    const std::vector<gis::DVec3>* anchors = nullptr; ///< point icons (Points layers)
    float pointPixels = 14.0f;                       ///< icon diameter (Points layers)
};

/// Surfaces (buildings, lines, areas) by a line-segment intersection along
/// the pixel's ray, nearest visible feature first; the feature index comes
/// from the hit triangle's first vertex's feature-id attribute. Point icons
/// by screen distance (within their radius): an icon under the cursor wins,
/// as icons draw over what they stand on. GUI thread.
std::optional<PickResult> pickFeature(const std::vector<PickTarget>& targets, const osg::Camera& camera,
                                      double windowX, double windowY);

} // namespace citytwin::render
