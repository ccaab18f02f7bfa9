#pragma once
// Grid meshes of terrain tiles: one level of detail of one tile, with
// normals that agree across tile edges and skirts that hide level seams.

#include "citytwin/gis/RasterImport.h"

#include <osg/Geometry>
#include <osg/ref_ptr>

#include <functional>

namespace citytwin::render {

/// Heights of the whole layer by tile-local sample index; indices one past a
/// tile edge read the neighbour (or clamp when there is none).
using TerrainSampler = std::function<float(const gis::TerrainTile& tile, int col, int row)>;

/// The mesh of `tile` using every `step`-th sample (step divides cols - 1),
/// positions relative to the tile origin. With `skirtMeters` > 0 each edge
/// gets a curtain hanging that far below the edge (plus the level's own
/// deviation from the full-resolution edge).
osg::ref_ptr<osg::Geometry> buildTerrainMesh(const gis::TerrainTile& tile, int step, double tileSizeMeters,
                                             const TerrainSampler& sample, bool skirts);

/// A flat square of `sizeMeters` centred on the origin at height z.
osg::ref_ptr<osg::Geometry> buildFlatQuad(double sizeX, double sizeY, float z);

} // namespace citytwin::render
