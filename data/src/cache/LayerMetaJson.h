#pragma once
// JSON of an ImportedLayer's small parts (spec, frame, extent, stats), as the
// tile cache stores them beside the binary features and meshes.
// Private to citytwin_data.

#include "citytwin/gis/LayerImporter.h"
#include "citytwin/gis/Result.h"

#include <string>

namespace citytwin::data::detail {

/// Everything of `layer` except features and chunks. Pure; any thread.
std::string layerMetaToJson(const gis::ImportedLayer& layer);

/// Fills the same parts of `layer` from layerMetaToJson's text; errors are
/// appended. Pure; any thread.
void readLayerMeta(const std::string& json, gis::ImportedLayer& layer, gis::Diagnostics& errors);

} // namespace citytwin::data::detail
