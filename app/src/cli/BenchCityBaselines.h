#pragma once
// Baseline scenes of `citytwin bench city`, built from a layer's full-detail
// meshes (LayerMeshes: in memory, or read from the tile cache when the layer
// is paged): one pre-merged mesh of all triangles, and one scene node per
// building. Both draw with the fixed-function pipeline (no feature state).
// The merged mesh of what one frame drew can also draw exactly as the scene
// does (its program, feature-state texture and uniforms).
// Any thread (touches no live scene graph).

#include "core/LayerMeshes.h"

#include "citytwin/gis/Result.h"
#include "citytwin/render/EmbeddedViewer.h"

#include <osg/Node>
#include <osg/ref_ptr>

#include <cstdint>
#include <vector>

namespace citytwin::app {

/// One osg::Geometry (VBO) of every triangle of every mesh, under one
/// transform at the first mesh's origin. Fails when a paged layer's meshes
/// cannot be read.
gis::Result<osg::ref_ptr<osg::Node>> buildMergedMesh(const LayerMeshes& meshes);

/// How a baseline mesh is shaded.
enum class BaselineShading {
    FixedFunction, ///< no program: lighting of the fixed pipeline, no feature state
    AsDrawn,       ///< the first drawn mesh's state sets and its feature ids
};

/// One osg::Geometry (VBO) of exactly the triangles of `drawn` (what one
/// frame drew: full tiles and coarse meshes), positions moved by each mesh's
/// model matrix, under one transform at the first mesh's origin.
osg::ref_ptr<osg::Node> buildMergedOfDrawn(const std::vector<render::DrawnMesh>& drawn,
                                           BaselineShading shading = BaselineShading::FixedFunction);

/// One osg::Geometry per building (its own arrays) under one transform per
/// tile, for the buildings with index < maxBuildings (0 = all).
/// `buildings` returns how many were built.
gis::Result<osg::ref_ptr<osg::Node>> buildNodePerBuilding(const LayerMeshes& meshes, int64_t maxBuildings,
                                                          int64_t& buildings);

} // namespace citytwin::app
