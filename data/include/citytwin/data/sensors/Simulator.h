#pragma once
// The built-in sensor simulator: realistic, reproducible streams for the
// demo (in-process, no broker) and for `citytwin simulate --broker`.

#include "citytwin/data/sensors/Sensor.h"
#include "citytwin/data/sensors/SensorImport.h"
#include "citytwin/gis/Geometry.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace citytwin::data {

struct SimulatorOptions {
    /// Local time of the daily profiles (minutes east of UTC); default: the
    /// sensors' mean longitude / 15° in whole hours (Cambridge, MA → −300).
    std::optional<int> utcOffsetMinutes;
    double dropoutsPerSensorDay = 0.3;     ///< mean dropouts (silent spells) per sensor and day
    double dropoutMinMinutes = 20;         ///< a dropout lasts at least this and 4 periods
    double dropoutMaxMinutes = 120;
    double incidentsPerSensorDay = 0.5;    ///< Poisson mean of an incident sensor without real crashes
    /// Real incidents (importCrashEvents): each one with coordinates goes to
    /// the nearest Incident sensor within crashRadiusMeters, which then
    /// replays them week by week at their real weekday and time of day.
    std::vector<IncidentEvent> crashes;
    double crashRadiusMeters = 400;
};

/// Generates samples for a set of sensors over simulated time. Per kind:
/// traffic flow with morning (08:00) and evening (17:30) peaks scaled per
/// station to its real daily volume and AM/PM peak hours when the sensor has
/// the attributes "adt", "am_peak", "pm_peak" (importTrafficCounts), lower
/// at weekends; average speed falling as flow rises; PM2.5 and NO2 following
/// traffic times a city-wide weather factor (a slow random walk) and a
/// diurnal mixing-height cycle; noise in dB(A) following traffic; parking
/// filling by day and emptying at night; energy with daily and weekly
/// profiles; water level with tide and rain; camera faults; incidents as
/// Poisson counts (or real crashes replayed); and dropouts, spells during
/// which a sensor sends nothing (so it turns stale).
///
/// Pure: a sample is a function of the seed, the sensor id and its time slot
/// alone, so the same seed gives the same streams however the time is cut
/// into step() calls, in the app and in the CLI publisher alike.
///
/// Threads: const methods may be called from any number of threads at once.
class Simulator {
public:
    Simulator(std::vector<Sensor> sensors, uint64_t seed, SimulatorOptions options = {});
    ~Simulator();
    Simulator(Simulator&&) noexcept;
    Simulator& operator=(Simulator&&) noexcept;

    const std::vector<Sensor>& sensors() const;
    uint64_t seed() const;
    int utcOffsetMinutes() const;

    /// Samples due in [fromMs, toMs): each sensor reports at its period
    /// (slots at a fixed per-sensor phase), seq = slot number. Sorted by
    /// time, then by sensor order. Samples inside a dropout are left out.
    std::vector<SensorSample> step(int64_t fromMs, int64_t toMs) const;

    /// The value sensor `index` would report in the slot holding timeMs
    /// (ignores dropouts); NaN for an index out of range.
    double valueAt(size_t index, int64_t timeMs) const;
    /// Whether sensor `index` is silent at timeMs.
    bool inDropout(size_t index, int64_t timeMs) const;

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

/// A plausible sensor network for the demo city: `count` sensors placed in
/// `lonLatExtent` (degrees), a mix of kinds (mostly traffic, then parking,
/// air quality, noise, speed, energy, a few water level, camera and incident
/// sensors), traffic stations with daily volumes and peaks like Cambridge's.
/// Ids "demo-<kind>-<n>". Deterministic in the seed.
std::vector<Sensor> demoSensorNetwork(const gis::Extent2& lonLatExtent, int count, uint64_t seed);

} // namespace citytwin::data
