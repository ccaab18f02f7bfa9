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

/// The program of ground.vert + ground.frag, or the reason it failed.
gis::Result<osg::ref_ptr<osg::Program>> groundProgram();

} // namespace citytwin::render
