#pragma once
// Extrudes building footprints into walls and flat roofs.

#include "citytwin/gis/Geometry.h"
#include "citytwin/gis/MeshChunk.h"

#include <cstdint>

namespace citytwin::gis {

/// Appends `footprint` (scene CRS) extruded from `baseMeters` to `topMeters`
/// to `chunk`, positions relative to `chunk.origin`. Walls: one quad (two
/// triangles) per ring edge with a flat normal pointing away from the
/// footprint's interior, whatever the input ring orientation. Walls share
/// their corners: two vertices (foot, top) per ring point, and both
/// triangles of a wall end on the top vertex of the corner where the wall
/// ends, so a wall's normal is its triangles' provoking (last) vertex's:
/// draw walls flat-shaded. Normals are deriveFlatNormals' (FlatNormals.h),
/// so a store may derive them instead of keeping them. Roof: flat, normal +z,
/// triangulated by triangulatePolygon, its own vertices. No bottom faces.
/// All triangles are counter-clockwise seen from outside. Every vertex gets
/// `featureId`. Pure; any thread. Returns triangles added.
size_t extrudeFootprint(const MultiPolygon& footprint, double baseMeters, double topMeters,
                        uint32_t featureId, MeshChunk& chunk);

/// Vertices and indices of one feature inside a larger mesh: its indices
/// point into [firstVertex, firstVertex + vertices).
struct MeshSpan {
    size_t firstVertex = 0;
    size_t vertices = 0;
    size_t firstIndex = 0;
    size_t indices = 0;
};

/// Appends all of `part` to `chunk` (same origin assumed), replacing its
/// feature ids with `featureId`. Used to merge per-feature meshes in order.
void appendMesh(const MeshChunk& part, uint32_t featureId, MeshChunk& chunk);
/// The same for the span `span` of `from`.
void appendMesh(const MeshChunk& from, const MeshSpan& span, uint32_t featureId, MeshChunk& chunk);

} // namespace citytwin::gis
