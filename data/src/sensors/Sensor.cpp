#include "citytwin/data/sensors/Sensor.h"

#include <array>
#include <utility>

namespace citytwin::data {
namespace {

constexpr std::array<std::pair<SensorKind, const char*>, 11> kKindNames = {{
    {SensorKind::TrafficFlow, "traffic_flow"},
    {SensorKind::AverageSpeed, "average_speed"},
    {SensorKind::AirPm25, "pm25"},
    {SensorKind::AirNo2, "no2"},
    {SensorKind::Noise, "noise"},
    {SensorKind::Parking, "parking"},
    {SensorKind::Energy, "energy"},
    {SensorKind::WaterLevel, "water_level"},
    {SensorKind::CameraStatus, "camera_status"},
    {SensorKind::Incident, "incident"},
    {SensorKind::Custom, "custom"},
}};

} // namespace

const char* sensorKindName(SensorKind kind)
{
    for (const auto& [k, name] : kKindNames)
        if (k == kind) return name;
    return "custom";
}

bool parseSensorKind(const std::string& name, SensorKind& kind)
{
    for (const auto& [k, n] : kKindNames)
        if (name == n) {
            kind = k;
            return true;
        }
    return false;
}

const char* sensorStatusName(SensorStatus status)
{
    switch (status) {
    case SensorStatus::Ok: return "ok";
    case SensorStatus::Warning: return "warning";
    case SensorStatus::Critical: return "critical";
    case SensorStatus::Stale: return "stale";
    case SensorStatus::Offline: return "offline";
    }
    return "ok";
}

Sensor sensorDefaults(SensorKind kind)
{
    Sensor s;
    s.kind = kind;
    // std::string by value: GCC 12 warns falsely (-Wrestrict) on assigning a literal here.
    auto set = [&](std::string unit, double warning, double critical, ThresholdDirection dir, double period) {
        s.unit = std::move(unit);
        s.warning = warning;
        s.critical = critical;
        s.direction = dir;
        s.periodSeconds = period;
    };
    using D = ThresholdDirection;
    switch (kind) {
    case SensorKind::TrafficFlow: set("veh/h", 1500, 2200, D::Above, 60); break;
    case SensorKind::AverageSpeed: set("km/h", 25, 10, D::Below, 60); break;
    case SensorKind::AirPm25: set("µg/m³", 25, 50, D::Above, 300); break; // WHO 24 h guideline / twice it
    case SensorKind::AirNo2: set("µg/m³", 40, 200, D::Above, 300); break;
    case SensorKind::Noise: set("dB(A)", 65, 75, D::Above, 60); break;
    case SensorKind::Parking: set("%", 85, 95, D::Above, 300); break;
    case SensorKind::Energy: set("kW", 500, 800, D::Above, 900); break;
    case SensorKind::WaterLevel: set("m", 2.0, 3.0, D::Above, 300); break;
    case SensorKind::CameraStatus: set("", 0.5, 0.5, D::Below, 60); break;
    case SensorKind::Incident: set("", 1, 3, D::Above, 3600); break;
    case SensorKind::Custom: set("", 0, 0, D::Above, 60); break;
    }
    return s;
}

SensorStatus statusForValue(const Sensor& sensor, double value)
{
    if (sensor.warning == 0 && sensor.critical == 0 && sensor.kind == SensorKind::Custom) return SensorStatus::Ok;
    if (sensor.direction == ThresholdDirection::Above) {
        if (value >= sensor.critical) return SensorStatus::Critical;
        if (value >= sensor.warning) return SensorStatus::Warning;
    } else {
        if (value <= sensor.critical) return SensorStatus::Critical;
        if (value <= sensor.warning) return SensorStatus::Warning;
    }
    return SensorStatus::Ok;
}

} // namespace citytwin::data
