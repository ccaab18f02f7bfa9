#pragma once
// Picking figures of `citytwin bench city`: clicks on the roofs of random
// buildings seen from top-down cameras, checked against the source footprints.

#include "cli/BenchCityReport.h"

#include "citytwin/gis/LayerImporter.h"
#include "citytwin/gis/Result.h"
#include "citytwin/render/CityScene.h"

#include <string>

namespace citytwin::app {

/// `clicks` clicks, each on the pixel under a random building's roof point
/// (its centroid, or a point on its surface when the centroid is outside it,
/// at base + height) seen from a top-down camera of width × height pixels over
/// the 250 m cell holding it. A click is correct when CityScene::pick returns
/// that building, or a building whose footprint (read by FID from
/// `sourcePath`, reprojected into the scene frame) holds the pixel's ray at
/// its roof height, i.e. a roof really under that pixel. Fills pick_ms,
/// pick_max_ms, pick_correct_pct and pick_target_pct. Main thread (the
/// scene's thread); tiles must be attached.
gis::Result<bool> measurePicking(const render::CityScene& scene, render::LayerId layerId,
                                 const gis::ImportedLayer& layer, const std::string& sourcePath,
                                 int width, int height, int clicks, BenchCityResult& result);

} // namespace citytwin::app
