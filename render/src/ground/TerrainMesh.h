#pragma once
// Grid meshes of terrain patches (one tile, or a block of 2^L x 2^L tiles at
// a coarser step), with normals that agree across patch edges and skirts
// that hide the seams between patches of different levels.

#include "ground/TerrainGrid.h"

#include <osg/Geometry>
#include <osg/ref_ptr>

namespace citytwin::render {

/// A square patch of the terrain grid: `intervals` grid samples per edge from
/// grid sample (col0, row0), meshed every `step`-th sample (step divides
/// intervals). Samples outside the grid clamp; cells over tiles the layer
/// lacks are left out.
struct TerrainPatch {
    int col0 = 0, row0 = 0;
    int intervals = 0;
    int step = 1;
};

/// The mesh of `patch`, positions relative to the patch centre (z absolute).
/// With `skirts` each edge gets a curtain reaching below any neighbour up to
/// two levels coarser (its own and a 4x coarser edge's deviation from the
/// full-resolution edge, plus a margin).
osg::ref_ptr<osg::Geometry> buildTerrainMesh(const TerrainGrid& grid, const TerrainPatch& patch, bool skirts);

/// A flat rectangle of sizeX x sizeY metres centred on the origin at height
/// z, as cells x cells quads: shaders that haze per vertex need a fine
/// enough grid, or the haze shows the edges of the triangles.
osg::ref_ptr<osg::Geometry> buildFlatQuad(double sizeX, double sizeY, float z, int cells = 1);

} // namespace citytwin::render
