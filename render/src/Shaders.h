#pragma once
// The building program, built from the GLSL compiled into the binary.

#include "citytwin/gis/Result.h"

#include <osg/Program>
#include <osg/ref_ptr>

#include <string>

namespace citytwin::render {

/// Generic vertex attribute that carries the per-vertex feature index (a
/// float: exact up to 2^24 features per layer). 6 is free of the
/// fixed-function aliases (0 vertex, 2 normal, 3 colour, 8+ texcoords).
inline constexpr unsigned int kFeatureIdAttribute = 6;

/// Text of a shader in the Qt resources (":/citytwin/shaders/<name>").
gis::Result<std::string> loadShaderSource(const std::string& name);

/// The program of building.vert + building.frag, or the reason it failed.
gis::Result<osg::ref_ptr<osg::Program>> buildingProgram();

/// building.vert compiled with SHARED_STATE: every feature's state from the
/// uniforms u_sharedColor (vec3) and u_sharedSelected (float, 0 or 1)
/// instead of the feature-state texture, for a layer whose features are all
/// visible and look the same.
gis::Result<osg::ref_ptr<osg::Program>> buildingSharedStateProgram();

/// The program of ground.vert + ground.frag, or the reason it failed.
gis::Result<osg::ref_ptr<osg::Program>> groundProgram();

/// Draped line ribbons and area polygons (drape.vert + drape.frag): flat,
/// up-lit colour from the feature-state texture, no wall-foot darkening.
gis::Result<osg::ref_ptr<osg::Program>> drapeProgram();

/// Point icons (point.vert + point.frag): GL_POINTS sprites of a constant
/// pixel size (uniform u_pointSize), coloured from the feature-state texture.
gis::Result<osg::ref_ptr<osg::Program>> pointProgram();

/// Sensor markers (sensor_marker.vert + .frag): point sprites of
/// u_markerSize pixels, shape from u_shape, colour and staleness from gl_Color.
gis::Result<osg::ref_ptr<osg::Program>> sensorMarkerProgram();

/// Alert badges (sensor_badge.vert + .frag): pulsing rings driven by u_time.
gis::Result<osg::ref_ptr<osg::Program>> sensorBadgeProgram();

/// Heat map mesh (heat.vert + heat.frag): vertex colour and alpha, hazed.
gis::Result<osg::ref_ptr<osg::Program>> heatProgram();

} // namespace citytwin::render
