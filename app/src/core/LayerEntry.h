#pragma once
// One layer of the open project as the app holds it.

#include "core/LayerLoader.h"

#include "citytwin/data/LayerStyle.h"
#include "citytwin/gis/LayerSpec.h"
#include "citytwin/gis/Result.h"
#include "citytwin/render/CityScene.h"

#include <memory>
#include <string>
#include <vector>

namespace citytwin::app {

/// What the user edits on a layer (each change is one undoable command).
struct LayerState {
    std::string name;
    bool visible = true;
    float opacity = 1.0f;
    data::LayerStyle style;
    bool operator==(const LayerState&) const = default;
};

struct LayerEntry {
    std::string id;                              ///< stable within the project
    gis::LayerSpec spec;                         ///< how it is read and built
    LayerState state;
    render::LayerId sceneId = -1;                ///< -1 while loading or after a failure
    std::shared_ptr<const LoadedLayer> loaded;   ///< null while loading or after a failure
    gis::Diagnostics diagnostics;                 ///< of the last load
    gis::Diagnostics styleDiagnostics;            ///< of the current style (filter errors)
    std::vector<render::LegendEntry> legend;      ///< of the current style; empty for one colour
    bool failed = false;
};

} // namespace citytwin::app
