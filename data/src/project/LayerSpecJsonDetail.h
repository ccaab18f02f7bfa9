#pragma once
// nlohmann::json forms of LayerSpec, shared by LayerSpecJson and the tile
// cache's metadata. Private to citytwin_data.

#include "citytwin/gis/LayerSpec.h"
#include "citytwin/gis/Result.h"

#include <nlohmann/json.hpp>

#include <string>

namespace citytwin::data::detail {

nlohmann::json layerSpecJson(const gis::LayerSpec& spec);

/// Reads `object` (already known to be a JSON object) into `spec`; errors are
/// appended with paths under `path`.
void readLayerSpec(const nlohmann::json& object, const std::string& path, gis::LayerSpec& spec,
                   gis::Diagnostics& errors);

} // namespace citytwin::data::detail
