#pragma once
// Reads a LayerSpec's sources, reprojects, repairs, extrudes and tiles them.

#include "citytwin/gis/LayerSpec.h"
#include "citytwin/gis/MeshChunk.h"
#include "citytwin/gis/Progress.h"
#include "citytwin/gis/Result.h"
#include "citytwin/gis/SceneFrame.h"
#include "citytwin/gis/ElevationModel.h"
#include "citytwin/gis/HeightRule.h"

#include <cstdint>
#include <string>
#include <vector>

namespace citytwin::gis {

/// What a built feature keeps for picking and the attributes panel.
struct FeatureRecord {
    int64_t sourceFid = -1;       ///< OGR FID in its source
    uint32_t sourceIndex = 0;     ///< index into LayerSpec::sources
    double heightMeters = 0;
    double baseMeters = 0;
    DVec2 centroid;               ///< scene CRS; for Points layers the point itself
    AttributeList attributes;
    bool operator==(const FeatureRecord&) const = default;
};

struct ImportStats {
    int64_t featuresRead = 0;     ///< features seen in the sources
    int64_t featuresBuilt = 0;    ///< features that became geometry
    int64_t featuresSkipped = 0;  ///< featuresRead - featuresBuilt
    int64_t featuresRepaired = 0; ///< invalid geometry fixed by MakeValid / ring closing
    int64_t triangles = 0;
    bool cancelled = false;
};

/// A built layer. features[i] is the feature with dense index i, the index
/// stored per vertex in the chunks.
struct ImportedLayer {
    LayerSpec spec;
    LayerKind kind = LayerKind::Buildings; ///< resolved (never Auto)
    SceneFrame frame;
    std::string sourceCrsName;     ///< CRS of the first source, for display
    std::vector<FeatureRecord> features;
    /// One per non-empty tile: extruded buildings, ribbons (Lines) or flat
    /// polygons (Areas), draped on the elevation model. Points layers have
    /// no chunks: features[i].centroid / baseMeters place each point.
    std::vector<MeshChunk> chunks;
    Extent2 extent;                ///< scene CRS, of built features
    double maxHeightMeters = 0;
    ImportStats stats;
};

struct ImportOptions {
    int threads = 0;               ///< builder threads; 0 = one per core
    /// Ground under buildings (base = lowest sample under the footprint) and
    /// under draped lines and areas; none = flat ground at z = 0.
    ElevationModelPtr elevation;
    /// With `elevation`: longest ribbon segment / area grid cell between
    /// height samples (about the DEM's sample spacing; finer only costs triangles).
    double drapeSpacingMeters = 20.0;
};

/// Imports a vector layer. spec.kind Auto resolves from the first source's
/// layer geometry (polygons → Buildings, lines → Lines, points → Points); an
/// empty sourceLayer picks the layer that suits the kind. Buildings stand on
/// options.elevation (base = lowest ground under the footprint; OSM
/// `min_height` lifts the bottom), Lines become ribbons and Areas flat
/// polygons draped on it, Points are features without chunks (first point
/// of a multipoint). Terrain / Imagery kinds are refused (see RasterImport.h).
/// Runs on the calling (worker) thread and spawns helpers of
/// its own (one reader thread, `threads` builder threads, each with its own
/// PROJ transformer); never call it on the GUI thread. Output order is the
/// read order whatever the thread count (deterministic).
/// Per-feature problems become warnings (source path + FID) and the feature is
/// skipped; at most 1000 per-feature diagnostics are kept, then one Info line
/// "N more ..." and one Info line per skip reason with its exact count. A
/// source that cannot be opened, has no CRS (and no override) or cannot be
/// read is an error naming it; the Result has no value only if no source
/// could be opened. An empty layer is a warning.
/// `progress` is called from the import's reader thread; `cancel` is polled
/// per feature. On cancel the Result still has a value holding what was
/// built so far, with stats.cancelled = true and a warning: callers should
/// discard it.
Result<ImportedLayer> importLayer(const LayerSpec& spec, const SceneFrame& frame,
                                  const ImportOptions& options = {},
                                  const ProgressFn& progress = {},
                                  const CancelToken* cancel = nullptr);

} // namespace citytwin::gis
