#include "LayerDrawState.h"

#include <osg/BlendFunc>
#include <osg/Depth>
#include <osg/PointSprite>
#include <osg/PolygonOffset>
#include <osg/Uniform>

#include <algorithm>

namespace citytwin::render {

namespace {

int opaqueBinOf(gis::LayerKind kind) {
    switch (kind) {
    case gis::LayerKind::Areas: return bins::kOpaqueAreas;
    case gis::LayerKind::Lines: return bins::kOpaqueLines;
    case gis::LayerKind::Points: return bins::kOpaquePoints;
    default: return bins::kOpaqueBuildings;
    }
}

bool isDraped(gis::LayerKind kind) {
    return kind == gis::LayerKind::Areas || kind == gis::LayerKind::Lines;
}

} // namespace

int renderBinOf(const LayerDrawState& state) {
    const int rank = std::clamp(state.rank, 0, 999);
    return opaqueBinOf(state.kind) + rank + (state.opacity < 1.0f ? bins::kBlendedOffset : 0);
}

void applyLayerDrawState(osg::StateSet& ss, const LayerDrawState& state, osg::Program* program) {
    constexpr auto on = osg::StateAttribute::ON;
    constexpr auto off = osg::StateAttribute::OFF;
    if (program) ss.setAttributeAndModes(program, on);
    const bool blended = state.opacity < 1.0f;
    ss.getOrCreateUniform("u_opacity", osg::Uniform::FLOAT)->set(std::clamp(state.opacity, 0.0f, 1.0f));
    ss.setRenderBinDetails(renderBinOf(state), blended ? "DepthSortedBin" : "RenderBin");

    // Draped layers lie a few centimetres above the ground (areas below
    // lines); LEQUAL plus a polygon offset that grows with the drape rank
    // keeps coplanar layers apart (the later, upper one wins) without
    // lifting them far enough to show through walls.
    const bool draped = isDraped(state.kind);
    ss.setAttributeAndModes(new osg::Depth(draped ? osg::Depth::LEQUAL : osg::Depth::LESS, 0.0, 1.0, !blended), on);
    if (draped) {
        const float units = -2.0f * float(std::clamp(state.drapeRank, 0, 200) + 1);
        ss.setAttributeAndModes(new osg::PolygonOffset(-1.0f, units), on);
    }
    if (blended) {
        ss.setAttributeAndModes(new osg::BlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA), on);
    } else {
        ss.removeAttribute(osg::StateAttribute::BLENDFUNC);
        ss.setMode(GL_BLEND, off);
    }
    // Buildings show their front faces only (extruded walls and roofs, and
    // the coarse boxes, are counter-clockwise from outside): a see-through
    // building does not show the inside of its walls, and an opaque one
    // spares the rasteriser its back walls (a software rasteriser is bound
    // by the fragments it fills).
    if (state.kind == gis::LayerKind::Buildings) ss.setMode(GL_CULL_FACE, on);
    if (state.kind == gis::LayerKind::Points) {
        ss.getOrCreateUniform("u_pointSize", osg::Uniform::FLOAT)->set(state.pointSizePixels);
        ss.setMode(GL_VERTEX_PROGRAM_POINT_SIZE, on);
        ss.setTextureAttributeAndModes(0, new osg::PointSprite, on);
    }
}

} // namespace citytwin::render
