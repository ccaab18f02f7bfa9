#pragma once
// Sensors and feed settings as the project file stores them (one JSON
// object each). Private to citytwin_data.

#include "citytwin/data/Project.h"
#include "citytwin/gis/Result.h"

#include <string>

namespace citytwin::data::detail {

/// Every Sensor field: id, name, kind, unit, lonLat, binding, thresholds,
/// direction, period, datastreamId, attributes. Pure; any thread.
std::string sensorToJson(const Sensor& sensor);
/// Missing members keep Sensor's defaults; wrong types and unknown kinds
/// are errors naming the member. Pure; any thread.
gis::Result<Sensor> sensorFromJson(const std::string& text);

/// The feed settings (no password: there is no such field, and none is
/// written). Pure; any thread.
std::string feedSettingsToJson(const ProjectFeedSettings& settings);
gis::Result<ProjectFeedSettings> feedSettingsFromJson(const std::string& text);

} // namespace citytwin::data::detail
