#pragma once
// How a vector layer's group draws: program, render bin, depth, blending and
// polygon offset, from its kind, its place in the layer order and its opacity.

#include "citytwin/gis/LayerSpec.h"

#include <osg/Program>
#include <osg/StateSet>

namespace citytwin::render {

/// Render bins, drawn in increasing number. The ground draws in the default
/// bins (0, and 10 for blended imagery); opaque layers after it by kind
/// (areas, lines, buildings, points), each kind in layer order; then every
/// blended (opacity < 1) layer in a depth-sorted bin in the same order;
/// then the labels. The legend is a post-render camera.
namespace bins {
inline constexpr int kOpaqueAreas = 1000;
inline constexpr int kOpaqueLines = 2000;
inline constexpr int kOpaqueBuildings = 3000;
inline constexpr int kOpaquePoints = 4000;
inline constexpr int kBlendedOffset = 10000;
inline constexpr int kLabels = 30000;
} // namespace bins

struct LayerDrawState {
    gis::LayerKind kind = gis::LayerKind::Buildings;
    int rank = 0;           ///< place among the layers of its kind, bottom = 0
    int drapeRank = 0;      ///< areas then lines, bottom = 0 (polygon offset step)
    float opacity = 1.0f;   ///< in [0, 1]
    float pointSizePixels = 14.0f;
};

/// Render bin of a layer with this state.
int renderBinOf(const LayerDrawState& state);

/// Writes the state onto a layer group's state set (replacing what an
/// earlier call set): `program` (may be null: inherit), u_opacity,
/// u_pointSize, render bin, depth function and mask, blending, polygon
/// offset for draped kinds, point sprites for points. GUI thread.
void applyLayerDrawState(osg::StateSet& stateSet, const LayerDrawState& state, osg::Program* program);

} // namespace citytwin::render
