#pragma once
// `citytwin bench city`: the scene side (first frame, draw calls, frame
// times against a merged mesh and one node per building, restyle, picking,
// memory). Main thread, which owns the renderer's GL context.

#include "cli/BenchCityReport.h"
#include "core/LayerLoader.h"

#include "citytwin/gis/Result.h"
#include "citytwin/render/OffscreenRenderer.h"

#include <cstdint>

namespace citytwin::app {

struct BenchCitySceneOptions {
    int width = 640;                ///< frame size in pixels
    int height = 360;
    int pathFrames = 60;            ///< frames of the camera path (one per view)
    int naiveFrames = 10;           ///< views of the same path drawn by the naive scene
    int64_t naiveMaxBuildings = 0;  ///< naive scene size cap; 0 = every building
    int pickClicks = 1000;
};

/// Measures a reopened city: adds it to a fresh CityScene, draws the first
/// complete frame (first_frame_s = reopenSeconds + that), then the rest.
/// `sourcePath` is the GeoPackage the layer was built from (picking ground
/// truth: footprints by FID). Fills the scene figures of `result`.
gis::Result<bool> measureCityScene(const LoadedLayer& layer, const std::string& sourcePath,
                                   render::OffscreenRenderer& renderer,
                                   const BenchCitySceneOptions& options, BenchCityResult& result);

} // namespace citytwin::app
