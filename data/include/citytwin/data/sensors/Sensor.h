#pragma once
// Sensors and their samples: plain values shared by feeds, the hub, the
// history store, the simulator and the UI.

#include "citytwin/gis/Geometry.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace citytwin::data {

enum class SensorKind {
    TrafficFlow,   ///< vehicles per hour
    AverageSpeed,  ///< km/h
    AirPm25,       ///< µg/m³
    AirNo2,        ///< µg/m³
    Noise,         ///< dB(A)
    Parking,       ///< occupancy %
    Energy,        ///< kW
    WaterLevel,    ///< m
    CameraStatus,  ///< 1 = ok, 0 = fault
    Incident,      ///< count / severity
    Custom,
};

const char* sensorKindName(SensorKind kind);          ///< "traffic_flow", "pm25", ...
bool parseSensorKind(const std::string& name, SensorKind& kind);

/// Which way a threshold is crossed.
enum class ThresholdDirection { Above, Below };

enum class SensorStatus { Ok, Warning, Critical, Stale, Offline };
const char* sensorStatusName(SensorStatus status);

/// Where a sensor is: a WGS 84 point, or bound to a city object.
struct SensorBinding {
    std::string layerId;      ///< project layer id; empty = not bound
    std::string featureKey;   ///< attribute value identifying the feature (e.g. parcel_id)
    std::string keyAttribute; ///< attribute holding featureKey
    bool operator==(const SensorBinding&) const = default;
};

struct Sensor {
    std::string id;                       ///< unique, e.g. "traffic-0042"; topic citytwin/<id>
    std::string name;
    SensorKind kind = SensorKind::Custom;
    std::string unit;
    std::optional<gis::DVec2> lonLat;     ///< degrees (x = lon, y = lat)
    SensorBinding binding;
    double warning = 0;                   ///< threshold
    double critical = 0;                  ///< threshold
    ThresholdDirection direction = ThresholdDirection::Above;
    double periodSeconds = 60;            ///< expected reporting period; stale after 3x
    std::string datastreamId;             ///< OGC SensorThings Datastream id mapped to this sensor
    /// Extra facts from the import, by name (e.g. the Cambridge traffic
    /// counts: "adt", "am_peak", "pm_peak", "count_year"; read by the simulator).
    std::map<std::string, std::string> attributes;
    bool operator==(const Sensor&) const = default;
};

/// Defaults per kind: unit, thresholds, direction, period (editable per sensor).
Sensor sensorDefaults(SensorKind kind);

/// One measurement. Time in milliseconds since the Unix epoch (UTC).
struct SensorSample {
    std::string sensorId;
    int64_t timeMs = 0;
    double value = 0;
    int64_t seq = -1;                     ///< -1 = none; used to drop duplicates
    bool operator==(const SensorSample&) const = default;
};

/// Status of a value against a sensor's thresholds (not staleness).
SensorStatus statusForValue(const Sensor& sensor, double value);

} // namespace citytwin::data
