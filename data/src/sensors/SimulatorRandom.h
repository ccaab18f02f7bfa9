#pragma once
// Counter-based randomness for the simulator: every number is a pure
// function of (seed, stream, keys), so a sample depends only on its sensor
// and time — never on how the time span was cut into step() calls.
// Private to citytwin_data.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>

namespace citytwin::data::detail {

/// splitmix64's finaliser: a bijective 64-bit mixer.
constexpr uint64_t splitmix64(uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/// Hashes any number of integer keys into one 64-bit value.
constexpr uint64_t hashKeys(uint64_t a) { return splitmix64(a); }
template <typename... Rest>
constexpr uint64_t hashKeys(uint64_t a, uint64_t b, Rest... rest) {
    return hashKeys(splitmix64(a) ^ (b + 0x632BE59BD9B4E019ULL), static_cast<uint64_t>(rest)...);
}

/// Uniform in [0, 1).
template <typename... Keys>
double uniform01(Keys... keys) {
    return static_cast<double>(hashKeys(static_cast<uint64_t>(keys)...) >> 11) * 0x1.0p-53;
}

/// Standard normal (Box–Muller on two hashed uniforms).
template <typename... Keys>
double gaussian(Keys... keys) {
    const double u1 = 1.0 - uniform01(static_cast<uint64_t>(keys)..., 0x11ULL); // (0, 1]
    const double u2 = uniform01(static_cast<uint64_t>(keys)..., 0x22ULL);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

/// Poisson-distributed count with mean `lambda` (inversion; small lambdas).
template <typename... Keys>
int poisson(double lambda, Keys... keys) {
    if (lambda <= 0) return 0;
    const double u = uniform01(static_cast<uint64_t>(keys)..., 0x33ULL);
    double p = std::exp(-lambda), cumulative = p;
    int k = 0;
    while (u > cumulative && k < 1000) {
        ++k;
        p *= lambda / k;
        cumulative += p;
    }
    return k;
}

/// Smooth noise in about [-1, 1] over time: random knots every `knotMs`
/// joined by cubic (Catmull–Rom) curves — a slow random walk that is still a
/// pure function of time.
inline double smoothNoise(uint64_t stream, int64_t timeMs, int64_t knotMs) {
    const int64_t k = timeMs >= 0 ? timeMs / knotMs : (timeMs - knotMs + 1) / knotMs;
    const double f = static_cast<double>(timeMs - k * knotMs) / static_cast<double>(knotMs);
    auto knot = [&](int64_t i) { return 2.0 * uniform01(stream, static_cast<uint64_t>(i)) - 1.0; };
    const double p0 = knot(k - 1), p1 = knot(k), p2 = knot(k + 1), p3 = knot(k + 2);
    const double v = 0.5 * (2 * p1 + (-p0 + p2) * f + (2 * p0 - 5 * p1 + 4 * p2 - p3) * f * f +
                            (-p0 + 3 * p1 - 3 * p2 + p3) * f * f * f);
    return std::clamp(v, -1.0, 1.0);
}

} // namespace citytwin::data::detail
