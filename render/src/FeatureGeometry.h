#pragma once
// A static triangle mesh carrying a feature id per vertex, and its plain
// MeshChunk form. Private to citytwin_render.

#include "citytwin/gis/MeshChunk.h"

#include <osg/Array>
#include <osg/Geometry>
#include <osg/MatrixTransform>
#include <osg/PrimitiveSet>
#include <osg/ref_ptr>

#include <cstdint>
#include <string>

namespace citytwin::render {

/// One VBO drawable of `triangles` over per-vertex positions, normals and
/// feature ids (at kFeatureIdAttribute), its bound computed now: called on a
/// worker thread so that the first cull has nothing left to compute.
osg::ref_ptr<osg::Geometry> featureMeshGeometry(const char* name, osg::Vec3Array* positions,
                                                osg::Vec3Array* normals, osg::FloatArray* ids,
                                                osg::DrawElementsUInt* triangles);

/// Consistent arrays (a normal and a feature id per vertex, whole triangles,
/// indices in range) and at least one triangle.
bool meshChunkIsValid(const gis::MeshChunk& chunk);

/// Vertex + index bytes of a mesh as drawn: position, normal, feature id per
/// vertex (12 + 12 + 4) and 4 per index.
inline int64_t meshBytes(int64_t vertices, int64_t indices) { return vertices * (12 + 12 + 4) + indices * 4; }

/// The drawable of a (valid) chunk, named `geometryName`, under a
/// double-precision translate(origin) named `nodeName`. Any thread; touches
/// no live scene graph.
osg::ref_ptr<osg::MatrixTransform> meshChunkNode(const gis::MeshChunk& chunk, const char* geometryName,
                                                 const std::string& nodeName);

/// The full-detail tile node of a chunk ("tile x,y"), as prepareLayer() and
/// the tile pager build it. Any thread.
osg::ref_ptr<osg::MatrixTransform> tileNode(const gis::MeshChunk& chunk);

/// The arrays of a meshChunkNode() read back (origin from its translation);
/// `key` is stored as the chunk's tile. Empty when the node holds no such mesh.
gis::MeshChunk meshChunkOf(const osg::MatrixTransform& node, const gis::TileKey& key);

} // namespace citytwin::render
