#pragma once
// Colours of sensor status and values, with fixed colour domains per kind
// (domains never follow the data, so colours stay comparable while replaying).

#include "citytwin/data/Rgb.h"
#include "citytwin/data/sensors/Sensor.h"

#include <string>

namespace citytwin::data {

/// Marker colour of a status: ok green, warning amber, critical red, stale
/// grey, offline dark grey. Pure; any thread.
Rgb statusColor(SensorStatus status);

/// Fixed value domain and ramp of a kind, e.g. traffic flow 0–2,000 veh/h,
/// average speed 0–60 km/h (reversed: slow = red), PM2.5 0–75 µg/m³, NO2
/// 0–200 µg/m³, noise 35–85 dB(A), parking 0–100 %, energy 0–500 kW.
struct ValueDomain {
    double min = 0;
    double max = 1;
    std::string ramp = "rdylgn"; ///< a ColorRamp name
    bool reversed = true;        ///< true: high values at the ramp's start (red for rdylgn)
    bool operator==(const ValueDomain&) const = default;
};
ValueDomain valueDomain(SensorKind kind);

/// Colour of a value in its kind's domain (clamped). Pure; any thread.
Rgb valueColor(SensorKind kind, double value);

} // namespace citytwin::data
