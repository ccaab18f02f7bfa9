#pragma once
// Baseline scenes of `citytwin bench city`, built from a layer's chunks:
// one pre-merged mesh of all triangles, and one scene node per building.
// Both draw with the fixed-function pipeline (no feature state). Any thread
// (touches no live scene graph).

#include "citytwin/gis/LayerImporter.h"

#include <osg/Node>
#include <osg/ref_ptr>

#include <cstdint>

namespace citytwin::app {

/// One osg::Geometry (VBO) of every triangle of every chunk, under one
/// transform at the first chunk's origin.
osg::ref_ptr<osg::Node> buildMergedMesh(const gis::ImportedLayer& layer);

/// One osg::Geometry per building (its own arrays) under one transform per
/// tile, for the buildings with index < maxBuildings (0 = all).
/// `buildings` returns how many were built.
osg::ref_ptr<osg::Node> buildNodePerBuilding(const gis::ImportedLayer& layer, int64_t maxBuildings,
                                             int64_t& buildings);

} // namespace citytwin::app
