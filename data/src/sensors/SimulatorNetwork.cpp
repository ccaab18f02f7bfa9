// The demo city's sensor network.
#include "citytwin/data/sensors/Simulator.h"

#include "sensors/SimulatorProfiles.h"
#include "sensors/SimulatorRandom.h"

#include <array>
#include <cmath>
#include <cstdio>

namespace citytwin::data {

namespace {

/// The mix of kinds, one entry per sensor in a cycle of 20: traffic counts
/// dominate as in a real city network, then parking, air, noise, speed, energy.
constexpr std::array<SensorKind, 20> kCycle = {
    SensorKind::TrafficFlow, SensorKind::Parking,      SensorKind::TrafficFlow, SensorKind::AirPm25,
    SensorKind::Noise,       SensorKind::TrafficFlow,  SensorKind::AverageSpeed, SensorKind::Energy,
    SensorKind::Parking,     SensorKind::TrafficFlow,  SensorKind::AirNo2,      SensorKind::Incident,
    SensorKind::TrafficFlow, SensorKind::Parking,      SensorKind::Noise,       SensorKind::AverageSpeed,
    SensorKind::Energy,      SensorKind::WaterLevel,   SensorKind::AirPm25,     SensorKind::CameraStatus,
};

const char* displayName(SensorKind kind) {
    switch (kind) {
    case SensorKind::TrafficFlow: return "Traffic count";
    case SensorKind::AverageSpeed: return "Traffic speed";
    case SensorKind::AirPm25: return "Air quality PM2.5";
    case SensorKind::AirNo2: return "Air quality NO2";
    case SensorKind::Noise: return "Noise";
    case SensorKind::Parking: return "Parking";
    case SensorKind::Energy: return "Energy meter";
    case SensorKind::WaterLevel: return "Water level";
    case SensorKind::CameraStatus: return "Camera";
    case SensorKind::Incident: return "Incidents";
    case SensorKind::Custom: break;
    }
    return "Sensor";
}

} // namespace

std::vector<Sensor> demoSensorNetwork(const gis::Extent2& lonLatExtent, int count, uint64_t seed) {
    std::vector<Sensor> out;
    if (count <= 0 || lonLatExtent.empty()) return out;
    std::array<int, 11> perKind{};
    out.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        const SensorKind kind = kCycle[static_cast<size_t>(i) % kCycle.size()];
        const int n = ++perKind[static_cast<size_t>(kind)];
        Sensor s = sensorDefaults(kind);
        char id[64];
        std::snprintf(id, sizeof id, "demo-%s-%03d", sensorKindName(kind), n);
        s.id = id;
        s.name = std::string(displayName(kind)) + " " + std::to_string(n);
        const auto u = static_cast<uint64_t>(i);
        s.lonLat = gis::DVec2{lonLatExtent.minX + lonLatExtent.width() * detail::uniform01(seed, u, 1),
                              lonLatExtent.minY + lonLatExtent.height() * detail::uniform01(seed, u, 2)};
        if (kind == SensorKind::TrafficFlow) {
            // Daily volumes spread like Cambridge's stations (a few arterials, many side streets).
            const double adt = std::round(2500 + 30000 * std::pow(detail::uniform01(seed, u, 3), 2.2));
            const double am = std::round(adt * detail::kAmPeakShare * (0.85 + 0.3 * detail::uniform01(seed, u, 4)));
            const double pm = std::round(adt * detail::kPmPeakShare * (0.85 + 0.3 * detail::uniform01(seed, u, 5)));
            s.attributes["adt"] = std::to_string(static_cast<int64_t>(adt));
            s.attributes["am_peak"] = std::to_string(static_cast<int64_t>(am));
            s.attributes["pm_peak"] = std::to_string(static_cast<int64_t>(pm));
            const double peak = std::max(am, pm);
            s.warning = std::round(peak * 1.05);
            s.critical = std::round(peak * 1.3);
        }
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace citytwin::data
