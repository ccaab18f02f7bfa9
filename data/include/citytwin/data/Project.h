#pragma once
// What a .citytwin project holds: the scene CRS, the layers (spec, style,
// visibility, opacity) from bottom to top, and the camera. Plain values.

#include "citytwin/data/LayerStyle.h"
#include "citytwin/data/sensors/Sensor.h"
#include "citytwin/gis/LayerSpec.h"

#include <optional>
#include <string>
#include <vector>

namespace citytwin::data {

/// The project file format this build writes (ProjectStore::kFormatVersion).
inline constexpr int kProjectFormatVersion = 2; ///< 2: sensors and feed settings

/// Where the camera looks from: an orbit around a target point in the scene
/// CRS. Angles in degrees.
struct ProjectCamera {
    double targetX = 0;
    double targetY = 0;
    double targetZ = 0;
    double range = 1000;   ///< metres from the target
    double heading = 0;    ///< degrees clockwise from north
    double pitch = -45;    ///< degrees, negative looks down
    bool operator==(const ProjectCamera&) const = default;
};

/// One layer of a project.
struct ProjectLayer {
    std::string id;        ///< stable across saves and renames (newLayerId())
    gis::LayerSpec spec;
    LayerStyle style;
    bool visible = true;
    float opacity = 1.0f;  ///< 0..1
    bool operator==(const ProjectLayer&) const = default;
};

/// How the project's sensors get their data. The MQTT password is never
/// stored (settings or environment only).
struct ProjectFeedSettings {
    std::string brokerUrl;           ///< empty = no broker; mqtt://HOST[:PORT] or mqtts://HOST[:PORT]
    std::string caFile;              ///< PEM CA file for mqtts://
    std::string username;            ///< empty = none
    std::string clientId = "citytwin";
    bool simulator = false;          ///< run the built-in simulator over the sensors
    uint64_t simulatorSeed = 1;
    bool autoRegister = false;       ///< unknown sensor ids register themselves
    int retentionDays = 30;          ///< history retention; 0 keeps everything
    bool operator==(const ProjectFeedSettings&) const = default;
};

/// A whole project. `formatVersion` is the version of the file it was loaded
/// from (ProjectStore::kFormatVersion for a new one); save always writes the
/// current version.
struct Project {
    int formatVersion = kProjectFormatVersion;
    std::string sceneCrs;      ///< definition (WKT or EPSG:xxxx); empty = from the first layer
    std::string sceneCrsName;  ///< for display
    double tileSizeMeters = 500;
    std::vector<ProjectLayer> layers; ///< bottom to top
    std::optional<ProjectCamera> camera;
    std::vector<Sensor> sensors;       ///< registered sensors with their bindings
    ProjectFeedSettings feeds;
    bool operator==(const Project&) const = default;
};

/// A new random id, "{8-4-4-4-12 hex}" without braces. Any thread.
std::string newLayerId();

} // namespace citytwin::data
