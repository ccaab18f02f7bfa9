#pragma once
// The one loading path shared by the window and the headless commands:
// input → LayerSpec(s) → scene frame → import (gis) → prepared nodes (render).

#include "citytwin/gis/ElevationModel.h"
#include "citytwin/gis/LayerImporter.h"
#include "citytwin/gis/Progress.h"
#include "citytwin/gis/RasterImport.h"
#include "citytwin/gis/Result.h"
#include "citytwin/gis/SceneFrame.h"
#include "citytwin/render/CityScene.h"
#include "citytwin/render/GroundNode.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace citytwin::app {

struct CachedMeshIndex;

/// A layer ready to hand to the scene on the GUI thread. Exactly one of
/// vector / terrain / imagery is set, with its prepared nodes.
struct LoadedLayer {
    gis::LayerSpec spec;
    gis::LayerKind kind = gis::LayerKind::Buildings;
    gis::SceneFrame frame;
    std::shared_ptr<const gis::ImportedLayer> vector;
    std::shared_ptr<const gis::TerrainLayer> terrain;
    std::shared_ptr<const gis::ImageryLayer> imagery;
    std::shared_ptr<render::PreparedLayer> prepared;
    /// Set for a paged building layer (reopened from the tile cache with its
    /// level-of-detail hierarchy, or imported and stored there, see
    /// render::prepareLayerPaged): its
    /// full-detail meshes stay in the cache and vector->chunks is empty.
    /// Read them through LayerMeshes (core/LayerMeshes.h).
    std::shared_ptr<const CachedMeshIndex> pagedMeshes;
    std::shared_ptr<render::PreparedTerrain> preparedTerrain;
    std::shared_ptr<render::PreparedImagery> preparedImagery;
    std::string sourceCrsName;
    gis::ImportStats stats;       ///< vector layers; empty for rasters
    gis::Extent2 extent;          ///< scene CRS
    double importSeconds = 0;     ///< the whole load: import (or cache read) + nodes
    /// A vector layer's miss path, step by step (0 on a cache hit): reading and
    /// building the features, the nodes (or the paged index and coarse meshes),
    /// the tile cache store.
    double buildSeconds = 0;
    double prepareSeconds = 0;
    double storeSeconds = 0;
    bool onTerrain = false;       ///< built with an elevation model (buildings stand on it)
    bool fromCache = false;       ///< vector build read from the tile cache, source not read
    /// Identity of this build: the tile cache key of a vector layer, the
    /// terrainBuildKey of a terrain (pass it as LoadContext::elevationIdentity
    /// to the layers standing on it). Empty for imagery.
    std::string buildKey;
};

/// What the project already has when a layer loads.
struct LoadContext {
    std::optional<gis::SceneFrame> frame; ///< chosen from this layer when empty
    gis::ElevationModelPtr elevation;     ///< terrain to stand buildings on
    /// LoadedLayer::buildKey of the terrain `elevation` comes from. With
    /// `elevation` set and this empty the cache is not used (the ground
    /// would not be part of the key).
    std::string elevationIdentity;
    /// Tile cache file (data::TileCache); empty = no cache. Vector layers
    /// are read from it when their build key is there, else imported and
    /// stored in it (tileCachePathFor() says where the window keeps it).
    std::string cachePath;
    /// The layer the build is stored for (the project's layer id): storing
    /// replaces the slot's previous build. Empty = defaultCacheSlot(spec).
    std::string cacheSlot;
};

/// One user input (a file, a zip of files, a connection string) → layer
/// specs: an OSM extract gives one per theme, a raster is Terrain or Imagery,
/// anything else one vector layer. Any thread (opens the source cheaply).
std::vector<gis::LayerSpec> specsForInput(const std::string& input);

/// Chooses the scene frame for a first layer: the UTM zone of its centre.
/// Worker thread (reads the source's extent).
gis::Result<gis::SceneFrame> chooseSceneFrame(const gis::LayerSpec& spec);

/// Imports and prepares one layer. Worker thread; never the GUI thread.
/// Progress goes 0..0.9 for the import and 0.9..1 for preparing nodes.
/// With context.cachePath a vector layer whose build key is cached skips
/// reading, reprojecting and triangulating its source (fromCache = true): a
/// building layer stored with a level-of-detail hierarchy opens paged
/// (features, tile index and coarse meshes read; full-detail tiles read from
/// the cache as they are drawn; see pagedMeshes), any other whole. Otherwise
/// it is imported and stored there with its hierarchy's coarse meshes, on
/// this worker thread; a building layer with a hierarchy then opens paged
/// as above (its full meshes leave memory; no full-detail node is built),
/// any other layer, or one whose store failed, keeps its nodes in memory.
/// Cache problems (unreadable file, damaged entry, failed store) are
/// warnings in the Result, never a failed load.
gis::Result<LoadedLayer> loadLayer(const gis::LayerSpec& spec, const LoadContext& context,
                                   const gis::ProgressFn& progress = {},
                                   const gis::CancelToken* cancel = nullptr);

/// Adds a loaded layer's prepared nodes to the scene. GUI thread.
render::LayerId addToScene(render::CityScene& scene, const LoadedLayer& layer);

} // namespace citytwin::app
