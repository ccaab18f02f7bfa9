#pragma once
// The heat map's draped mesh: one vertex per grid node, coloured per vertex.

#include "citytwin/render/HeatMap.h"

#include <osg/Geometry>
#include <osg/Vec3d>

namespace citytwin::render {

/// Triangles over the grid's cells that have a corner within the input's
/// reach of a sensor position (whatever the values; alpha fades out over the
/// last quarter of the reach, kept as the geometry's user data), vertices at
/// groundHeight + kHeatLiftMeters relative to `origin`, colours from
/// colourHeatMesh(). Named "heat map". Any thread (touches no live graph).
osg::ref_ptr<osg::Geometry> makeHeatMesh(const HeatGrid& grid, const HeatMapInput& input,
                                         const osg::Vec3d& origin);

/// Writes the colour array (rgb from heatColor on the fixed domain, alpha =
/// input.opacity, 0 where the grid has no value) and dirties it only.
void colourHeatMesh(osg::Geometry& mesh, const HeatGrid& grid, const HeatMapInput& input);

} // namespace citytwin::render
