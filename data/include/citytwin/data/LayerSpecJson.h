#pragma once
// gis::LayerSpec (with its HeightRule) to and from JSON text, as stored in
// the project file and the tile cache.

#include "citytwin/gis/LayerSpec.h"
#include "citytwin/gis/Result.h"

#include <string>
#include <string_view>

namespace citytwin::data {

/// Canonical JSON of a spec: members sorted by name, no whitespace, numbers
/// in shortest round-trip form, so equal specs give equal text (the
/// fingerprint hashes it). Pure; any thread.
///
/// {"crsOverride":"","heightRule":{"candidates":[{"attribute":"height",
///  "unit":"meters"}],"defaultHeightMeters":10.0,"maxHeightMeters":1000.0,
///  "minHeightMeters":3.5,"storeyHeightMeters":3.5},"kind":"auto",
///  "attributeFilter":"","lineWidth":{"categoryAttribute":"highway",
///  "categoryWidths":[{"value":"motorway","widthMeters":16.0},...],
///  "defaultWidthMeters":6.0,"widthAttribute":"width"},"name":"...",
///  "sourceLayer":"","sources":["..."],"verticalExaggeration":1.0}
std::string layerSpecToJson(const gis::LayerSpec& spec);

/// Parses what layerSpecToJson writes. Missing members take the defaults of
/// gis::LayerSpec (a missing heightRule is HeightRule::defaults()); unknown
/// members are ignored; an unknown "kind" name, invalid JSON or a member of the wrong type fails with
/// an error naming its JSON path ("/heightRule/candidates/1/unit: ...").
/// Pure; any thread.
gis::Result<gis::LayerSpec> layerSpecFromJson(std::string_view json);

} // namespace citytwin::data
