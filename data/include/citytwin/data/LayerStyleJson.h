#pragma once
// LayerStyle to and from JSON text, as stored in the project file.

#include "citytwin/data/LayerStyle.h"
#include "citytwin/gis/Result.h"

#include <string>
#include <string_view>

namespace citytwin::data {

/// Compact JSON with members sorted by name; colours as "#rrggbb", modes
/// and methods by name ("categorised", "quantile"). Pure; any thread.
///
/// {"attribute":"bra_use","categories":[{"color":"#1f77b4","label":"Office",
///  "value":"Office","visible":true}],"classCount":5,"classes":[],
///  "color":"#cdc8be","filter":"","labelAttribute":"","method":"equalInterval",
///  "mode":"categorised","otherColor":"#a0a0a0","otherVisible":true,"ramp":"viridis"}
std::string layerStyleToJson(const LayerStyle& style);

/// Parses what layerStyleToJson writes. Missing members keep LayerStyle's
/// defaults, unknown members are ignored (styles from newer versions load);
/// invalid JSON, a member of the wrong type, a bad colour or an unknown mode
/// fails with an error naming its JSON path ("/categories/2/color: ...").
/// Pure; any thread.
gis::Result<LayerStyle> layerStyleFromJson(std::string_view json);

} // namespace citytwin::data
