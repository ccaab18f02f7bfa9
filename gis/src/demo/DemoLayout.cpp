#include "demo/DemoLayout.h"

#include <algorithm>
#include <cmath>

namespace citytwin::gis {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kLot = (DemoLayout::kBlockPitch - DemoLayout::kStreetWidth) / DemoLayout::kLotsPerSide;

Ring rect(double x, double y, double w, double h)
{
    return {{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}};
}

} // namespace

DemoLayout::DemoLayout(int64_t buildings) : m_buildings(std::max<int64_t>(0, buildings))
{
    const int64_t lotsPerBlock = kLotsPerSide * kLotsPerSide;
    const int64_t blocks = (m_buildings + lotsPerBlock - 1) / lotsPerBlock;
    const int32_t side = static_cast<int32_t>(std::ceil(std::sqrt(blocks * 4.0 / kPi))) + 2;
    const int32_t half = side / 2 + 1;
    std::vector<std::pair<int32_t, int32_t>> all;
    all.reserve(static_cast<size_t>(4) * half * half);
    for (int32_t by = -half; by < half; ++by)
        for (int32_t bx = -half; bx < half; ++bx) all.emplace_back(bx, by);
    // Integer keys: block centres at (2b+1)/2, nearest first, ties by row then column.
    auto key = [](const std::pair<int32_t, int32_t>& b) {
        const int64_t x = 2 * int64_t(b.first) + 1, y = 2 * int64_t(b.second) + 1;
        return x * x + y * y;
    };
    std::stable_sort(all.begin(), all.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
    all.resize(static_cast<size_t>(std::min<int64_t>(blocks, static_cast<int64_t>(all.size()))));
    m_blocks = std::move(all);
    m_radius = std::max(kBlockPitch, std::sqrt(static_cast<double>(blocks) / kPi) * kBlockPitch);
}

DemoBuilding DemoLayout::building(int64_t i, SplitMix64& rng) const
{
    const int64_t lotsPerBlock = kLotsPerSide * kLotsPerSide;
    const auto [bx, by] = m_blocks[static_cast<size_t>(i / lotsPerBlock)];
    const int lot = static_cast<int>(i % lotsPerBlock);
    const double lotX = bx * kBlockPitch + kStreetWidth / 2 + (lot % kLotsPerSide) * kLot;
    const double lotY = by * kBlockPitch + kStreetWidth / 2 + (lot / kLotsPerSide) * kLot;
    const double r = std::hypot(lotX + kLot / 2, lotY + kLot / 2) / m_radius;

    const double margin = rng.uniform(1.0, 3.0);
    const double avail = kLot - 2 * margin;
    const double w = avail * rng.uniform(0.6, 1.0), h = avail * rng.uniform(0.6, 1.0);
    const double x = lotX + margin + rng.uniform(0, avail - w);
    const double y = lotY + margin + rng.uniform(0, avail - h);
    const double kind = rng.uniform();
    const double a = rng.uniform(0.3, 0.5), b = rng.uniform(0.35, 0.6);

    DemoBuilding out;
    if (kind < 0.5) {
        out.shape = "rectangle";
        out.footprint.rings = {rect(x, y, w, h)};
    } else if (kind < 0.7) {
        out.shape = "L";
        const double cw = w * a, ch = h * b;
        out.footprint.rings = {{{x, y}, {x + w, y}, {x + w, y + h - ch}, {x + w - cw, y + h - ch},
                                {x + w - cw, y + h}, {x, y + h}}};
    } else if (kind < 0.85) {
        out.shape = "U";
        const double nw = w * a, nh = h * b, nx = x + (w - nw) / 2;
        out.footprint.rings = {{{x, y}, {x + w, y}, {x + w, y + h}, {nx + nw, y + h}, {nx + nw, y + h - nh},
                                {nx, y + h - nh}, {nx, y + h}, {x, y + h}}};
    } else {
        out.shape = "courtyard";
        const double hw = w * a, hh = h * a;
        Ring hole = rect(x + (w - hw) / 2, y + (h - hh) / 2, hw, hh);
        std::reverse(hole.begin(), hole.end());
        out.footprint.rings = {rect(x, y, w, h), hole};
    }

    // Dense, tall centre; low outskirts.
    const double tall = 2.0 + 38.0 * std::exp(-(r / 0.3) * (r / 0.3));
    out.levels = std::max(1, static_cast<int>(std::lround(tall * rng.uniform(0.5, 1.3))));
    out.heightMeters = std::round((out.levels * 3.2 + rng.uniform(0.5, 2.0)) * 10.0) / 10.0;
    const double u = rng.uniform();
    if (r < 0.3) out.use = u < 0.5 ? "office" : (u < 0.8 ? "commercial" : "residential");
    else if (r < 0.8) out.use = u < 0.75 ? "residential" : "commercial";
    else out.use = u < 0.8 ? "residential" : "industrial";
    return out;
}

std::vector<DemoStreet> DemoLayout::streets() const
{
    std::vector<DemoStreet> out;
    const double reach = m_radius + kBlockPitch;
    const int32_t n = static_cast<int32_t>(std::ceil(reach / kBlockPitch));
    for (int32_t k = -n; k <= n; ++k) {
        const double c = k * kBlockPitch;
        const double halfChord = std::sqrt(std::max(0.0, reach * reach - c * c));
        if (halfChord <= 0) continue;
        const std::string kind = k % 5 == 0 ? "primary" : "residential";
        out.push_back({{-halfChord, c}, {halfChord, c}, "Street " + std::to_string(k), kind});
        out.push_back({{c, -halfChord}, {c, halfChord}, "Avenue " + std::to_string(k), kind});
    }
    return out;
}

} // namespace citytwin::gis
