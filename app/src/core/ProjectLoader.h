#pragma once
// Loads every layer of a project, synchronously (for the headless commands;
// the window uses its load queue instead).

#include "core/LayerStack.h"

#include "citytwin/data/Project.h"
#include "citytwin/gis/Result.h"
#include "citytwin/gis/SceneFrame.h"

#include <optional>
#include <string>

namespace citytwin::app {

/// Loads the project's layers (terrain first, so buildings stand on it) into
/// `stack` in project order with their visibility, opacity and style.
/// `frame` is the project's scene frame (set from the first layer when the
/// project has none). Layers that cannot be read stay in the stack marked
/// failed; their diagnostics are appended. Returns how many failed.
/// `cachePath`: a tile cache file to read builds from and store them in, as
/// the window does (slots by source); empty = none.
/// Calling thread (it runs the loads itself).
int loadProjectLayers(const data::Project& project, LayerStack& stack,
                      std::optional<gis::SceneFrame>& frame, gis::Diagnostics& diagnostics,
                      const std::string& cachePath = {});

/// The project's scene frame, if it names one.
std::optional<gis::SceneFrame> projectFrame(const data::Project& project);

} // namespace citytwin::app
