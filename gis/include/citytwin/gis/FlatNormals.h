#pragma once
// Normals of a flat-shaded mesh as a function of its positions and triangles,
// so that a store can leave them out and derive them again, bit for bit.

#include "citytwin/gis/MeshChunk.h"

#include <cstddef>

namespace citytwin::gis {

/// Sets the normals of vertices [firstVertex, end) from the triangles
/// [firstIndex, end) of `chunk` (indices are whole triangles and those
/// triangles use only those vertices):
///  - a triangle's provoking (last) vertex takes its face normal (the last
///    such triangle's, in index order), so flat shading lights each triangle
///    by its own face;
///  - any other vertex takes the face normal of the first triangle using it;
///  - a vertex of no triangle (or of zero-area ones only) takes +z.
/// Face normals are computed in double from the float positions and rounded
/// to float: the same arrays always give the same bits. Pure; any thread.
void deriveFlatNormals(MeshChunk& chunk, size_t firstVertex = 0, size_t firstIndex = 0);

/// Whether `chunk`'s normals are exactly what deriveFlatNormals gives (false
/// for a chunk without normals). Any thread.
bool hasDerivedFlatNormals(const MeshChunk& chunk);

} // namespace citytwin::gis
