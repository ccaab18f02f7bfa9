#pragma once
// A static triangle mesh carrying a feature id per vertex. Private to citytwin_render.

#include <osg/Array>
#include <osg/Geometry>
#include <osg/PrimitiveSet>
#include <osg/ref_ptr>

namespace citytwin::render {

/// One VBO drawable of `triangles` over per-vertex positions, normals and
/// feature ids (at kFeatureIdAttribute), its bound computed now: called on a
/// worker thread so that the first cull has nothing left to compute.
osg::ref_ptr<osg::Geometry> featureMeshGeometry(const char* name, osg::Vec3Array* positions,
                                                osg::Vec3Array* normals, osg::FloatArray* ids,
                                                osg::DrawElementsUInt* triangles);

} // namespace citytwin::render
