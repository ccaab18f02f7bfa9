// Heat map maths: IDW on a grid, fixed-domain colours, legend rows. Any thread.
#include "citytwin/render/HeatMap.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <unordered_map>

namespace citytwin::render {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Sample {
    double x, y, value;
};

std::vector<Sample> samplesOf(const HeatMapInput& input) {
    std::vector<Sample> out;
    const size_t n = std::min(input.positions.size(), input.values.size());
    out.reserve(n);
    for (size_t i = 0; i < n; ++i)
        if (std::isfinite(input.values[i]))
            out.push_back({input.positions[i].x, input.positions[i].y, input.values[i]});
    return out;
}

/// Samples bucketed on a grid of maxDistance cells: a query reads the 3 x 3
/// buckets around it. Without a distance limit every sample is one bucket.
class SampleIndex {
public:
    SampleIndex(std::vector<Sample> samples, double maxDistance)
        : m_samples(std::move(samples)), m_cell(maxDistance > 0 ? maxDistance : 0) {
        for (uint32_t i = 0; i < m_samples.size(); ++i) m_buckets[keyOf(m_samples[i].x, m_samples[i].y)].push_back(i);
    }

    double valueAt(double x, double y) const {
        double weighted = 0, weights = 0;
        const double maxSq = m_cell > 0 ? m_cell * m_cell : std::numeric_limits<double>::infinity();
        bool any = false;
        const auto [bx, by] = bucketOf(x, y);
        const int reach = m_cell > 0 ? 1 : 0;
        for (int dy = -reach; dy <= reach; ++dy)
            for (int dx = -reach; dx <= reach; ++dx) {
                auto it = m_buckets.find(key(bx + dx, by + dy));
                if (it == m_buckets.end()) continue;
                for (uint32_t i : it->second) {
                    const Sample& s = m_samples[i];
                    const double dSq = (s.x - x) * (s.x - x) + (s.y - y) * (s.y - y);
                    if (dSq > maxSq) continue;
                    if (dSq < 1e-12) return s.value; // on the sensor: its own value
                    weighted += s.value / dSq;
                    weights += 1.0 / dSq;
                    any = true;
                }
            }
        return any ? weighted / weights : kNaN;
    }

private:
    std::pair<int64_t, int64_t> bucketOf(double x, double y) const {
        if (m_cell <= 0) return {0, 0};
        return {int64_t(std::floor(x / m_cell)), int64_t(std::floor(y / m_cell))};
    }
    static int64_t key(int64_t bx, int64_t by) { return (by << 32) ^ (bx & 0xffffffff); }
    int64_t keyOf(double x, double y) const {
        const auto [bx, by] = bucketOf(x, y);
        return key(bx, by);
    }

    std::vector<Sample> m_samples;
    double m_cell;
    std::unordered_map<int64_t, std::vector<uint32_t>> m_buckets;
};

gis::Extent2 gridExtent(const HeatMapInput& input) {
    if (!input.extent.empty()) return input.extent;
    gis::Extent2 e;
    for (const gis::DVec2& p : input.positions) e.add(p.x, p.y);
    return e;
}

} // namespace

double interpolateHeatAt(const HeatMapInput& input, double x, double y) {
    return SampleIndex(samplesOf(input), input.maxDistanceMeters).valueAt(x, y);
}

HeatGrid interpolateHeat(const HeatMapInput& input) {
    HeatGrid grid;
    const gis::Extent2 e = gridExtent(input);
    if (e.empty()) return grid;
    const double w = e.maxX - e.minX, h = e.maxY - e.minY;
    double cell = std::isfinite(input.cellMeters) && input.cellMeters > 0 ? input.cellMeters : 25.0;
    cell = std::max({cell, w / kMaxHeatCells, h / kMaxHeatCells, 1e-3});
    grid.originX = e.minX;
    grid.originY = e.minY;
    grid.cellMeters = cell;
    // Nodes cover the extent; the 1e-9 keeps an exact multiple from adding a cell.
    grid.cols = std::min(kMaxHeatCells, int(std::ceil(w / cell - 1e-9))) + 1;
    grid.rows = std::min(kMaxHeatCells, int(std::ceil(h / cell - 1e-9))) + 1;
    const SampleIndex index(samplesOf(input), input.maxDistanceMeters);
    grid.values.resize(size_t(grid.cols) * grid.rows);
    for (int r = 0; r < grid.rows; ++r)
        for (int c = 0; c < grid.cols; ++c) {
            const gis::DVec2 p = grid.nodePosition(c, r);
            grid.values[size_t(r) * grid.cols + c] = index.valueAt(p.x, p.y);
        }
    return grid;
}

std::vector<FeatureColor> defaultHeatRamp() {
    return {{44, 123, 182}, {171, 217, 233}, {253, 174, 97}, {215, 25, 28}};
}

FeatureColor heatColor(double value, double domainMin, double domainMax,
                       const std::vector<FeatureColor>& ramp) {
    const std::vector<FeatureColor>& stops = ramp.empty() ? defaultHeatRamp() : ramp;
    if (stops.size() == 1) return stops.front();
    const double span = domainMax - domainMin;
    double t = std::isfinite(value) && span > 0 ? (value - domainMin) / span
                                                : (std::isfinite(value) && value > domainMin ? 1.0 : 0.0);
    t = std::clamp(t, 0.0, 1.0);
    const double pos = t * double(stops.size() - 1);
    const size_t i = std::min(size_t(pos), stops.size() - 2);
    const double f = pos - double(i);
    auto mix = [f](uint8_t a, uint8_t b) { return uint8_t(std::lround(a + (double(b) - a) * f)); };
    const FeatureColor& a = stops[i];
    const FeatureColor& b = stops[i + 1];
    return {mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b)};
}

std::vector<LegendEntry> heatLegend(const HeatMapInput& input, const std::string& title,
                                    const std::string& unit, int steps) {
    std::vector<LegendEntry> out;
    out.push_back({title, {}, true});
    steps = std::max(steps, 2);
    for (int i = 0; i < steps; ++i) {
        const double t = 1.0 - double(i) / (steps - 1);
        const double v = input.domainMin + t * (input.domainMax - input.domainMin);
        char number[64];
        std::snprintf(number, sizeof number, "%g", v);
        std::string label = i == 0 ? "\u2265 " : (i == steps - 1 ? "\u2264 " : "");
        label += number;
        if (!unit.empty()) {
            label += ' ';
            label += unit;
        }
        out.push_back({label, heatColor(v, input.domainMin, input.domainMax, input.ramp), false});
    }
    return out;
}

} // namespace citytwin::render
