#include "sensors/SimulatorProfiles.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace citytwin::data::detail {

namespace {

constexpr int64_t kDayMs = 86'400'000;
constexpr double kAmHour = 8.0, kAmSigma = 1.2;
constexpr double kPmHour = 17.5, kPmSigma = 1.5;
constexpr double kWeekendShare = 0.8; // a weekend day carries 80 % of a weekday

double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double bump(double h, double centre, double sigma) {
    const double d = (h - centre) / sigma;
    return std::exp(-0.5 * d * d);
}
/// Daytime traffic: low at night, rising from 06:00, falling after 21:00.
double dayPlateau(double h) { return 0.06 + 0.94 * logistic((h - 6.3) / 0.7) * logistic((21.5 - h) / 1.2); }
double weekendShape(double h) { return 0.08 + dayPlateau(h - 1.5) + 0.6 * bump(h, 13.5, 3.0); }

/// ∫0..24 f(h) dh by the midpoint rule at one-minute steps.
template <typename F>
double integrate(F f) {
    double sum = 0;
    for (int m = 0; m < 1440; ++m) sum += f((m + 0.5) / 60.0);
    return sum / 60.0;
}

struct Integrals {
    double plateau = integrate(dayPlateau);
    double am = integrate([](double h) { return bump(h, kAmHour, kAmSigma); });
    double pm = integrate([](double h) { return bump(h, kPmHour, kPmSigma); });
    double weekend = integrate(weekendShape);
};
const Integrals& integrals() {
    static const Integrals i;
    return i;
}

double det3(const std::array<std::array<double, 3>, 3>& m) {
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
           m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
}

} // namespace

LocalTime localTime(int64_t timeMs, int utcOffsetMinutes) {
    const int64_t local = timeMs + static_cast<int64_t>(utcOffsetMinutes) * 60'000;
    const int64_t day = local >= 0 ? local / kDayMs : (local - kDayMs + 1) / kDayMs;
    LocalTime t;
    t.day = day;
    t.hour = static_cast<double>(local - day * kDayMs) / 3'600'000.0;
    t.weekday = static_cast<int>(((day + 3) % 7 + 7) % 7); // 1970-01-01 was a Thursday
    return t;
}

TrafficModel TrafficModel::fit(double adt, double amPeak, double pmPeak) {
    TrafficModel m;
    m.adt = std::max(adt, 1.0);
    // Peaks far from the daily volume (Cambridge has a few: 2 % or 81 % of
    // it) cannot both hold; keep them within shares a real street shows.
    auto plausible = [&](double peak, double typical) {
        return peak > 0 ? std::clamp(peak, 0.03 * m.adt, 0.20 * m.adt) : typical * m.adt;
    };
    const double am = plausible(amPeak, kAmPeakShare);
    const double pm = plausible(pmPeak, kPmPeakShare);
    const Integrals& I = integrals();
    // Unknowns (plateau, amBump, pmBump): flow(8:00) = am, flow(17:30) = pm, ∫ = adt.
    const std::array<std::array<double, 3>, 3> a{{
        {dayPlateau(kAmHour), 1.0, bump(kAmHour, kPmHour, kPmSigma)},
        {dayPlateau(kPmHour), bump(kPmHour, kAmHour, kAmSigma), 1.0},
        {I.plateau, I.am, I.pm},
    }};
    const std::array<double, 3> rhs{am, pm, m.adt};
    const double d = det3(a);
    std::array<double, 3> x{};
    for (int c = 0; c < 3; ++c) {
        auto mc = a;
        for (int r = 0; r < 3; ++r) mc[r][c] = rhs[r];
        x[c] = det3(mc) / d;
    }
    // Peaks smaller than the plateau cannot be fitted exactly: keep the shape
    // sensible (no negative terms) and the daily total right.
    m.plateau = std::max(x[0], 0.2 * m.adt / I.plateau);
    m.amBump = std::max(x[1], 0.0);
    m.pmBump = std::max(x[2], 0.0);
    const double total = m.plateau * I.plateau + m.amBump * I.am + m.pmBump * I.pm;
    const double scale = m.adt / total;
    m.plateau *= scale;
    m.amBump *= scale;
    m.pmBump *= scale;
    m.peakFlow = 1;
    for (int minute = 0; minute < 1440; minute += 5) m.peakFlow = std::max(m.peakFlow, m.weekdayFlow(minute / 60.0));
    return m;
}

double TrafficModel::weekdayFlow(double h) const {
    return plateau * dayPlateau(h) + amBump * bump(h, kAmHour, kAmSigma) + pmBump * bump(h, kPmHour, kPmSigma);
}

double TrafficModel::flow(const LocalTime& t) const {
    if (!t.weekend()) return weekdayFlow(t.hour);
    return kWeekendShare * adt * weekendShape(t.hour) / integrals().weekend;
}

double parkingShape(const LocalTime& t) {
    const double h = t.hour;
    if (t.weekend()) return 0.12 + 0.6 * logistic((h - 10.0) / 1.0) * logistic((20.0 - h) / 1.2);
    // Fills from 07:00, full through the working day, partly refills in the evening.
    const double work = logistic((h - 8.0) / 0.8) * logistic((18.0 - h) / 0.9);
    const double evening = 0.35 * bump(h, 20.0, 1.5);
    return std::clamp(0.1 + 0.82 * work + evening, 0.0, 1.0);
}

double energyShape(const LocalTime& t) {
    const double h = t.hour;
    const double occupied = logistic((h - 7.0) / 0.8) * logistic((19.0 - h) / 1.0);
    const double evening = bump(h, 19.5, 1.8);
    if (t.weekend()) return 0.55 + 0.15 * occupied + 0.2 * evening;
    return 0.5 + 0.45 * occupied + 0.15 * evening;
}

double mixingFactor(double hour) {
    // A shallow morning boundary layer concentrates pollutants; afternoon mixing dilutes them.
    return 1.0 + 0.2 * std::cos(2.0 * std::numbers::pi * (hour - 7.0) / 24.0);
}

} // namespace citytwin::data::detail
