#pragma once
// Figures of `citytwin bench city`, one object per city, printed as a table
// and written as a JSON array. Main thread.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace citytwin::app {

struct BenchCityResult {
    std::string input;              ///< the GeoPackage measured
    int64_t buildings = 0;          ///< features built
    int64_t tiles = 0;              ///< tile meshes of the layer
    // Import and cache.
    double rawReadSeconds = 0;      ///< plain OGR loop: every feature + its geometry as WKB
    double importSeconds = 0;       ///< first open: read, repair, reproject, extrude, prepare, store
    double importOnlySeconds = 0;   ///< of which gis::importLayer
    double prepareSeconds = 0;      ///< of which building scene nodes (and the hierarchy)
    double cacheStoreSeconds = 0;   ///< of which writing the tile cache (coarse meshes included)
    double reopenSeconds = 0;       ///< loadLayer from the tile cache (nodes included)
    bool reopenFromCache = false;
    bool reopenPaged = false;       ///< the reopened layer's full tiles stayed in the cache
    int64_t cacheFileBytes = 0;
    double firstFrameSeconds = 0;   ///< reopen → first complete frame (all tiles attached)
    // Frames.
    int64_t drawCalls = 0;          ///< whole city in view
    int64_t trianglesDrawn = 0;
    int pathFrames = 0;
    /// Median over the camera path, each view settled (one frame there,
    /// then the median of two), measured as every baseline is.
    double frameMs = 0;
    /// Median over the path flown: each view drawn once as the camera moves
    /// (level-of-detail changes and tile loads included).
    double flyingFrameMs = 0;
    /// Same path, per view one pre-merged mesh of exactly the triangles the
    /// settled frame drew, shaded as the scene shades them (its program,
    /// feature-state texture and uniforms); the same mesh fixed-function.
    double mergedFrameMs = 0;
    double mergedFixedFrameMs = 0;
    double mergedAllFrameMs = 0;    ///< same path, one pre-merged mesh of all full-detail triangles
    double naiveFrameMs = 0;        ///< same path (fewer frames), one node per building
    int64_t naiveBuildings = 0;     ///< buildings in the naive scene
    int naiveFrames = 0;
    // Restyle and pick.
    double restyleMs = 0;           ///< setFeatureColors of every feature
    double restyleFrameMs = 0;      ///< the frame after it (texture upload included)
    int64_t restyleVertexUploads = 0;
    int pickClicks = 0;
    double pickMs = 0;              ///< median of one CityScene::pick
    double pickMaxMs = 0;
    double pickCorrectPct = 0;
    double pickTargetPct = 0;       ///< clicks returning the very building aimed at
    // Memory.
    int64_t rssBytes = 0;           ///< VmRSS with the city loaded and drawn
    int64_t peakRssBytes = 0;       ///< VmHWM of the process so far
    /// VmRSS just before the reopen (GL context made; the first import ran
    /// in a child process), so rssBytes - this is what the city costs.
    int64_t rssBeforeReopenBytes = 0;
    int64_t vertexIndexBytes = 0;   ///< vertex + index arrays of the attached tiles
    std::vector<std::string> notes;
};

/// Prints one column per city: the figures, the ratios against the baselines
/// and whether each of the targets is met. Draw calls are compared
/// with the city of 10,000 buildings of the same run, when there is one.
void printBenchCityTable(const std::vector<BenchCityResult>& results);
/// Writes a JSON array, one object per city: the figures, the ratios and a
/// `targets` object of met flags. False (and `error`) when it cannot write.
bool writeBenchCityJson(const std::vector<BenchCityResult>& results, const std::string& path,
                        std::string& error);

} // namespace citytwin::app
