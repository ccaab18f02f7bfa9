#include "citytwin/data/sensors/SensorPalette.h"

#include "citytwin/data/ColorRamp.h"

#include <algorithm>
#include <cmath>

namespace citytwin::data {

Rgb statusColor(SensorStatus status) {
    switch (status) {
    case SensorStatus::Ok: return {26, 150, 65};
    case SensorStatus::Warning: return {255, 176, 0};
    case SensorStatus::Critical: return {215, 25, 28};
    case SensorStatus::Stale: return {150, 150, 150};
    case SensorStatus::Offline: return {70, 70, 70};
    }
    return {70, 70, 70};
}

ValueDomain valueDomain(SensorKind kind) {
    // High is bad for most kinds (red at the high end: reversed rdylgn).
    auto highBad = [](double min, double max) { return ValueDomain{min, max, "rdylgn", true}; };
    auto lowBad = [](double min, double max) { return ValueDomain{min, max, "rdylgn", false}; };
    switch (kind) {
    case SensorKind::TrafficFlow: return highBad(0, 2000);
    case SensorKind::AverageSpeed: return lowBad(0, 60);
    case SensorKind::AirPm25: return highBad(0, 75);
    case SensorKind::AirNo2: return highBad(0, 200);
    case SensorKind::Noise: return highBad(35, 85);
    case SensorKind::Parking: return highBad(0, 100);
    case SensorKind::Energy: return highBad(0, 500);
    case SensorKind::WaterLevel: return highBad(0, 3);
    case SensorKind::CameraStatus: return lowBad(0, 1);
    case SensorKind::Incident: return highBad(0, 5);
    case SensorKind::Custom: return ValueDomain{0, 100, "viridis", false};
    }
    return ValueDomain{0, 100, "viridis", false};
}

Rgb valueColor(SensorKind kind, double value) {
    const ValueDomain d = valueDomain(kind);
    double t = d.max > d.min ? (value - d.min) / (d.max - d.min) : 0.0;
    if (std::isnan(t)) t = 0.0;
    t = std::clamp(t, 0.0, 1.0);
    if (d.reversed) t = 1.0 - t;
    return rampColor(d.ramp, t);
}

} // namespace citytwin::data
