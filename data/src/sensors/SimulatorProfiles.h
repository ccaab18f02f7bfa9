#pragma once
// Daily and weekly shapes of the simulated city. Private to citytwin_data.

#include <cstdint>

namespace citytwin::data::detail {

/// A time of the simulated city in its local time.
struct LocalTime {
    int64_t day = 0;     ///< days since 1970-01-01 (local)
    double hour = 0;     ///< 0..24
    int weekday = 0;     ///< 0 = Monday .. 6 = Sunday
    bool weekend() const { return weekday >= 5; }
};

LocalTime localTime(int64_t timeMs, int utcOffsetMinutes);

/// Traffic flow of one station in vehicles per hour: a day plateau plus a
/// morning bump at 08:00 and an evening bump at 17:30, fitted so that the
/// flow at 08:00 and 17:30 equals the station's AM and PM peak hours and a
/// weekday sums to its average daily traffic; weekends carry less traffic,
/// later and without commuter peaks.
struct TrafficModel {
    double adt = 0;        ///< vehicles per weekday
    double plateau = 0;    ///< amplitudes of the three weekday terms
    double amBump = 0;
    double pmBump = 0;
    double peakFlow = 1;   ///< highest weekday flow (veh/h)

    /// Fits the model; peaks of 0 mean unknown (typical shares of the ADT).
    static TrafficModel fit(double adt, double amPeak, double pmPeak);
    double flow(const LocalTime& t) const;
    double weekdayFlow(double hour) const;
};

/// Typical peak-hour shares of the daily volume (Cambridge medians, rounded).
constexpr double kAmPeakShare = 0.068;
constexpr double kPmPeakShare = 0.080;

/// Parking occupancy shape, 0..1 (full at midday on weekdays, low at night).
double parkingShape(const LocalTime& t);
/// Energy use relative to the base load (daily and weekly profile).
double energyShape(const LocalTime& t);
/// Pollutant concentration factor of the mixing layer (high in the morning).
double mixingFactor(double hour);

} // namespace citytwin::data::detail
