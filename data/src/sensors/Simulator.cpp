#include "citytwin/data/sensors/Simulator.h"

#include "citytwin/data/Fnv1a64.h"
#include "sensors/SimulatorProfiles.h"
#include "sensors/SimulatorRandom.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

namespace citytwin::data {

namespace {

using detail::gaussian;
using detail::hashKeys;
using detail::LocalTime;
using detail::smoothNoise;
using detail::uniform01;

constexpr int64_t kHourMs = 3'600'000;
constexpr int64_t kDayMs = 24 * kHourMs;
constexpr int64_t kWeekMs = 7 * kDayMs;
constexpr int64_t kThursdayOffsetMs = 0; // the epoch (1970-01-01 00:00 UTC) was a Thursday

/// Independent random streams of the simulator.
enum Stream : uint64_t {
    kNoise = 1, kDayFactor, kWeather, kWeatherSlow, kDropStart, kDropOffset, kDropLength,
    kIncident, kCamera, kParam, kTide,
};

int64_t floorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
int64_t floorMod(int64_t a, int64_t b) { return a - floorDiv(a, b) * b; }

double attribute(const Sensor& s, const char* name) {
    const auto it = s.attributes.find(name);
    if (it == s.attributes.end()) return 0;
    try {
        return std::max(0.0, std::stod(it->second));
    } catch (...) { // a hand-edited attribute that is not a number: treat as unknown
        return 0;
    }
}

double metresBetween(const gis::DVec2& a, const gis::DVec2& b) {
    const double lat = (a.y + b.y) / 2 * std::numbers::pi / 180;
    const double dx = (a.x - b.x) * 111'320.0 * std::cos(lat);
    const double dy = (a.y - b.y) * 110'540.0;
    return std::hypot(dx, dy);
}

} // namespace

struct Simulator::Impl {
    struct Model {
        uint64_t key = 0;                 ///< hash of the sensor id: streams survive reordering
        int64_t periodMs = 60'000;
        int64_t phaseMs = 0;
        detail::TrafficModel traffic;
        double freeSpeedKmh = 50;
        double noiseOffsetDb = 0;
        double parkingBias = 1;
        double energyBaseKw = 300;
        double tidePhase = 0;
        bool dropouts = true;
        int64_t dropoutMinMs = 0, dropoutMaxMs = 0;
        std::vector<int64_t> crashes;     ///< times within the crash catalogue window, sorted
    };

    std::vector<Sensor> sensors;
    uint64_t seed = 0;
    SimulatorOptions options;
    int offsetMinutes = 0;
    std::vector<Model> models;
    int64_t crashSpanMs = 0;              ///< catalogue window replayed week-aligned; 0 = none

    Model makeModel(const Sensor& s) const {
        Model m;
        Fnv1a64 h;
        h.addString(s.id);
        m.key = h.value();
        m.periodMs = std::max<int64_t>(1000, static_cast<int64_t>(std::llround(s.periodSeconds * 1000)));
        m.phaseMs = static_cast<int64_t>(uniform01(seed, m.key, kParam, 0) * static_cast<double>(m.periodMs));
        double adt = attribute(s, "adt");
        if (adt <= 0) adt = 4000 + 22000 * std::pow(uniform01(seed, m.key, kParam, 1), 2);
        m.traffic = detail::TrafficModel::fit(adt, attribute(s, "am_peak"), attribute(s, "pm_peak"));
        m.freeSpeedKmh = 35 + 25 * uniform01(seed, m.key, kParam, 2);
        m.noiseOffsetDb = 8 * uniform01(seed, m.key, kParam, 3);
        m.parkingBias = 0.85 + 0.25 * uniform01(seed, m.key, kParam, 4);
        m.energyBaseKw = 150 + 400 * uniform01(seed, m.key, kParam, 5);
        m.tidePhase = 2 * std::numbers::pi * uniform01(seed, m.key, kParam, 6);
        m.dropouts = s.kind != SensorKind::Incident && options.dropoutsPerSensorDay > 0;
        m.dropoutMinMs = std::max<int64_t>(static_cast<int64_t>(options.dropoutMinMinutes * 60'000), 4 * m.periodMs);
        m.dropoutMaxMs = std::max<int64_t>(static_cast<int64_t>(options.dropoutMaxMinutes * 60'000), m.dropoutMinMs);
        return m;
    }

    /// Gives each real crash with coordinates to the nearest incident sensor.
    void assignCrashes() {
        int64_t first = INT64_MAX, last = INT64_MIN;
        for (const auto& e : options.crashes)
            if (e.lonLat) first = std::min(first, e.timeMs), last = std::max(last, e.timeMs);
        if (first > last) return;
        const int64_t start = floorDiv(first - kThursdayOffsetMs, kWeekMs) * kWeekMs + kThursdayOffsetMs;
        crashSpanMs = (floorDiv(last - start, kWeekMs) + 1) * kWeekMs;
        for (const auto& e : options.crashes) {
            if (!e.lonLat) continue;
            size_t best = sensors.size();
            double bestMetres = options.crashRadiusMeters;
            for (size_t i = 0; i < sensors.size(); ++i) {
                if (sensors[i].kind != SensorKind::Incident || !sensors[i].lonLat) continue;
                const double d = metresBetween(*sensors[i].lonLat, *e.lonLat);
                if (d <= bestMetres) bestMetres = d, best = i;
            }
            if (best < sensors.size()) models[best].crashes.push_back(e.timeMs - start);
        }
        for (auto& m : models) std::sort(m.crashes.begin(), m.crashes.end());
    }

    /// City-wide weather factor (about 0.6 .. 1.6): one slow random walk for all.
    double weather(int64_t t) const {
        const double n = 0.7 * smoothNoise(hashKeys(seed, kWeather), t, 6 * kHourMs) +
                         0.3 * smoothNoise(hashKeys(seed, kWeatherSlow), t, 36 * kHourMs);
        return std::exp(0.45 * n);
    }

    int incidents(const Model& m, int64_t slotStart, int64_t slot, const LocalTime& lt) const {
        if (crashSpanMs > 0) { // real crashes given: replay them, none elsewhere
            const int64_t c0 = floorMod(slotStart, crashSpanMs);
            auto count = [&](int64_t from, int64_t to) {
                return static_cast<int>(std::lower_bound(m.crashes.begin(), m.crashes.end(), to) -
                                        std::lower_bound(m.crashes.begin(), m.crashes.end(), from));
            };
            int n = count(c0, std::min(c0 + m.periodMs, crashSpanMs));
            if (c0 + m.periodMs > crashSpanMs) n += count(0, c0 + m.periodMs - crashSpanMs);
            return n;
        }
        const double perHourMean = m.traffic.flow(lt) / (m.traffic.adt / 24.0); // 1 on average
        const double lambda = options.incidentsPerSensorDay * static_cast<double>(m.periodMs) /
                              static_cast<double>(kDayMs) * perHourMean;
        return detail::poisson(lambda, seed, m.key, kIncident, slot);
    }

    double value(size_t index, int64_t slot) const {
        const Sensor& s = sensors[index];
        const Model& m = models[index];
        const int64_t t = m.phaseMs + slot * m.periodMs;
        const LocalTime lt = detail::localTime(t, offsetMinutes);
        const double eps = gaussian(seed, m.key, kNoise, slot);
        const double dayFactor = std::exp(0.07 * smoothNoise(hashKeys(seed, m.key, kDayFactor), t, kDayMs));
        const double flow = m.traffic.flow(lt) * dayFactor;
        const double r = flow / m.traffic.peakFlow; // 0 .. ~1.1
        switch (s.kind) {
        case SensorKind::TrafficFlow: return std::max(0.0, std::round(flow * (1 + 0.06 * eps)));
        case SensorKind::AverageSpeed: {
            const double load = std::min(r / 1.1, 1.0);
            return std::max(3.0, m.freeSpeedKmh * (1 - 0.55 * std::pow(load, 2.5)) * (1 + 0.04 * eps));
        }
        case SensorKind::AirPm25:
            return std::max(1.0, weather(t) * detail::mixingFactor(lt.hour) * (5 + 14 * r) + 0.8 * eps);
        case SensorKind::AirNo2:
            return std::max(2.0, weather(t) * detail::mixingFactor(lt.hour) * (8 + 42 * r) + 2.5 * eps);
        case SensorKind::Noise: return 42 + m.noiseOffsetDb + 13 * std::log10(1 + 25 * r) + 1.2 * eps;
        case SensorKind::Parking:
            return 100 * std::clamp(detail::parkingShape(lt) * m.parkingBias + 0.04 * eps, 0.0, 1.0);
        case SensorKind::Energy: {
            const double heating = 1 + 0.1 * (weather(t) - 1);
            return std::max(0.0, m.energyBaseKw * detail::energyShape(lt) * heating * (1 + 0.03 * eps));
        }
        case SensorKind::WaterLevel: {
            const double tide = std::sin(2 * std::numbers::pi * static_cast<double>(t) / (12.42 * kHourMs) + m.tidePhase);
            return 1.0 + 0.35 * tide + 0.6 * std::max(0.0, weather(t) - 1) + 0.02 * eps;
        }
        case SensorKind::CameraStatus:
            return uniform01(seed, m.key, kCamera, floorDiv(t, kHourMs)) < 0.01 ? 0.0 : 1.0;
        case SensorKind::Incident: return incidents(m, t, slot, lt);
        case SensorKind::Custom: break;
        }
        return 50 + 20 * std::sin(2 * std::numbers::pi * lt.hour / 24) + 2 * eps;
    }

    bool dropout(size_t index, int64_t t) const {
        const Model& m = models[index];
        if (!m.dropouts) return false;
        const double p = options.dropoutsPerSensorDay / 24.0; // chance that a dropout starts in an hour
        const int64_t hour = floorDiv(t, kHourMs);
        const int64_t lookBack = (m.dropoutMaxMs + kHourMs - 1) / kHourMs;
        for (int64_t j = hour - lookBack; j <= hour; ++j) {
            if (uniform01(seed, m.key, kDropStart, j) >= p) continue;
            const int64_t start = j * kHourMs + static_cast<int64_t>(uniform01(seed, m.key, kDropOffset, j) * kHourMs);
            const int64_t length = m.dropoutMinMs + static_cast<int64_t>(uniform01(seed, m.key, kDropLength, j) *
                                                                         static_cast<double>(m.dropoutMaxMs - m.dropoutMinMs));
            if (t >= start && t < start + length) return true;
        }
        return false;
    }
};

Simulator::Simulator(std::vector<Sensor> sensors, uint64_t seed, SimulatorOptions options)
    : m_impl(std::make_unique<Impl>()) {
    Impl& d = *m_impl;
    d.sensors = std::move(sensors);
    d.seed = seed;
    d.options = std::move(options);
    if (d.options.utcOffsetMinutes) {
        d.offsetMinutes = *d.options.utcOffsetMinutes;
    } else {
        double lonSum = 0;
        int n = 0;
        for (const auto& s : d.sensors)
            if (s.lonLat) lonSum += s.lonLat->x, ++n;
        d.offsetMinutes = n ? static_cast<int>(std::lround(lonSum / n / 15.0)) * 60 : 0;
    }
    d.models.reserve(d.sensors.size());
    for (const auto& s : d.sensors) d.models.push_back(d.makeModel(s));
    d.assignCrashes();
}

Simulator::~Simulator() = default;
Simulator::Simulator(Simulator&&) noexcept = default;
Simulator& Simulator::operator=(Simulator&&) noexcept = default;

const std::vector<Sensor>& Simulator::sensors() const { return m_impl->sensors; }
uint64_t Simulator::seed() const { return m_impl->seed; }
int Simulator::utcOffsetMinutes() const { return m_impl->offsetMinutes; }

double Simulator::valueAt(size_t index, int64_t timeMs) const {
    if (index >= m_impl->models.size()) return std::nan("");
    const auto& m = m_impl->models[index];
    return m_impl->value(index, floorDiv(timeMs - m.phaseMs, m.periodMs));
}

bool Simulator::inDropout(size_t index, int64_t timeMs) const {
    return index < m_impl->models.size() && m_impl->dropout(index, timeMs);
}

std::vector<SensorSample> Simulator::step(int64_t fromMs, int64_t toMs) const {
    struct Due {
        int64_t timeMs;
        size_t index;
        int64_t slot;
        double value;
    };
    std::vector<Due> due;
    const Impl& d = *m_impl;
    for (size_t i = 0; i < d.models.size(); ++i) {
        const auto& m = d.models[i];
        for (int64_t k = floorDiv(fromMs - m.phaseMs + m.periodMs - 1, m.periodMs);; ++k) {
            const int64_t t = m.phaseMs + k * m.periodMs;
            if (t >= toMs) break;
            if (d.dropout(i, t)) continue;
            due.push_back({t, i, k, d.value(i, k)});
        }
    }
    std::sort(due.begin(), due.end(), [](const Due& a, const Due& b) {
        return a.timeMs != b.timeMs ? a.timeMs < b.timeMs : a.index < b.index;
    });
    std::vector<SensorSample> out;
    out.reserve(due.size());
    for (const auto& x : due) out.push_back({d.sensors[x.index].id, x.timeMs, x.value, x.slot});
    return out;
}

} // namespace citytwin::data
