#pragma once
// The one loading path shared by the window and the headless commands:
// paths → LayerSpec → scene frame → import (gis) → prepared tiles (render).

#include "citytwin/gis/LayerImporter.h"
#include "citytwin/gis/Progress.h"
#include "citytwin/gis/Result.h"
#include "citytwin/gis/SceneFrame.h"
#include "citytwin/render/CityScene.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace citytwin::app {

/// A layer ready to hand to CityScene::addLayer on the GUI thread.
struct LoadedLayer {
    gis::ImportedLayer layer;
    std::shared_ptr<render::PreparedLayer> prepared;
    double importSeconds = 0;
};

/// Turns one user input (a file, a zip of files, a connection string) into a
/// layer spec named after it.
gis::LayerSpec specForInput(const std::string& input);

/// Chooses the scene frame for a first layer: the UTM zone of its centre.
/// Worker thread (reads the source's extent).
gis::Result<gis::SceneFrame> chooseSceneFrame(const gis::LayerSpec& spec);

/// Imports and prepares one layer. Worker thread; never the GUI thread.
/// `frame` is the project's frame (chosen from this layer when empty).
/// Progress goes 0..0.9 for the import and 0.9..1 for preparing tiles.
gis::Result<LoadedLayer> loadLayer(const gis::LayerSpec& spec,
                                   const std::optional<gis::SceneFrame>& frame,
                                   const gis::ProgressFn& progress = {},
                                   const gis::CancelToken* cancel = nullptr);

} // namespace citytwin::app
