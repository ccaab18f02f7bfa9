#pragma once
// The level-of-detail quadtree of a building layer: cells of 2x2, 4x4, ...
// tiles, each with one coarse mesh of the buildings below it. Worker thread.

#include "PreparedLayer.h"

#include "citytwin/gis/LayerImporter.h"

#include <vector>

namespace citytwin::render {

/// A cell of size S (the larger side of its buildings' extent) has the
/// geometric error S / kLodErrorDivisor: buildings smaller than that
/// (see FeatureProxy::sizeMeters) keep only their roof rectangle (2
/// triangles) down to a quarter of it, smaller ones are left out; the others become their oriented
/// bounding box (10 triangles) unless their own mesh is as cheap or the box
/// would be off by more than the error, then they keep their triangles.
inline constexpr double kLodErrorDivisor = 32.0;
inline constexpr double kRoofOnlyFraction = 4.0;

/// Fills prepared.lodCells over prepared.tiles; tileChunks[i] is the chunk
/// of tiles[i]. Does nothing for fewer than kMinTilesForLod tiles. Stops
/// (leaving no cells) when cancelled.
void buildLod(PreparedLayer& prepared, const std::vector<const gis::MeshChunk*>& tileChunks,
              const gis::CancelToken* cancel);

} // namespace citytwin::render
