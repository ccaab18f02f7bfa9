#pragma once
// The level-of-detail quadtree of a building layer: cells of 2x2, 4x4, ...
// tiles, each with one coarse mesh of the buildings below it. Worker thread.
//
// Two steps: the skeleton of cells depends only on the tiles' keys and boxes
// (so a paged layer rebuilds it from its tile index alone), the coarse mesh
// of each cell on the tiles' meshes (built once, then stored as chunks, see
// lodCoarseChunks()).

#include "PreparedLayer.h"
#include "lod/FeatureProxy.h"

#include "citytwin/gis/LayerImporter.h"

#include <vector>

namespace citytwin::render {

/// A cell of size S (the larger side of its buildings' extent) has the
/// geometric error S / kLodErrorDivisor: buildings smaller than that
/// (see FeatureProxy::sizeMeters) keep only their roof rectangle (2
/// triangles) down to a quarter of it; smaller ones are merged per square
/// of kBlockSquareErrors errors into blocks (one box per occupied square with their total
/// footprint area and mean height), so far districts keep their mass; the
/// others become their oriented bounding box (10 triangles) unless their
/// own mesh is as cheap or the box would be off by more than the error,
/// then they keep their triangles.
inline constexpr double kLodErrorDivisor = 32.0;
inline constexpr double kRoofOnlyFraction = 4.0;
/// Side of a block square in errors: a block stands for its square's
/// buildings within about one error of where they are.
inline constexpr double kBlockSquareErrors = 2.0;

/// The cells over `tiles` (their key and box only), bottom-up, the root
/// last, without coarse meshes (key, box, error, children set); empty for
/// fewer than kMinTilesForLod tiles or when cancelled. tilesBelow[i] lists
/// the tiles under cell i, when asked for.
std::vector<PreparedLayer::LodCell> buildLodSkeleton(const std::vector<PreparedLayer::Tile>& tiles,
                                                     const gis::CancelToken* cancel,
                                                     std::vector<std::vector<int>>* tilesBelow = nullptr);

/// The coarse mesh of a cell (key, box and error set) over the tiles below
/// it (tileChunks[t] is the chunk of tile t); no triangles when nothing
/// survives the simplification.
gis::MeshChunk buildCoarseMesh(const PreparedLayer::LodCell& cell, const std::vector<int>& tilesBelow,
                               const std::vector<const gis::MeshChunk*>& tileChunks,
                               const std::vector<std::vector<FeatureProxy>>& proxies);

/// Gives `cell` the node of `mesh` (none when it has no triangles), its
/// triangle and byte counts.
void setCoarseMesh(PreparedLayer::LodCell& cell, const gis::MeshChunk& mesh);

/// Fills prepared.lodCells over prepared.tiles; tileChunks[i] is the chunk
/// of tiles[i]. Does nothing for fewer than kMinTilesForLod tiles. Stops
/// (leaving no cells) when cancelled.
void buildLod(PreparedLayer& prepared, const std::vector<const gis::MeshChunk*>& tileChunks,
              const gis::CancelToken* cancel);

} // namespace citytwin::render
