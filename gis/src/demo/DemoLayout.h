#pragma once
// Geometry of the demo city: blocks on a grid, lots in blocks, building shapes.

#include "citytwin/gis/Geometry.h"
#include "demo/SplitMix64.h"

#include <cstdint>
#include <string>
#include <vector>

namespace citytwin::gis {

struct DemoBuilding {
    Polygon footprint;     ///< local metres around the city centre
    std::string shape;     ///< rectangle, L, U, courtyard
    std::string use;
    int levels = 1;
    double heightMeters = 3;
};

struct DemoStreet {
    DVec2 from, to;        ///< local metres
    std::string name;
    std::string kind;
};

/// Lays out `buildings` lots in blocks ordered outward from the centre, so any
/// count gives a compact, round city. Deterministic for (buildings, seed).
class DemoLayout {
public:
    static constexpr double kBlockPitch = 90.0;  ///< block + street, metres
    static constexpr double kStreetWidth = 15.0;
    static constexpr int kLotsPerSide = 3;

    explicit DemoLayout(int64_t buildings);

    int64_t buildingCount() const { return m_buildings; }
    /// Building i (0-based, i < buildingCount), drawing from `rng` in order.
    DemoBuilding building(int64_t i, SplitMix64& rng) const;
    std::vector<DemoStreet> streets() const;

private:
    int64_t m_buildings;
    double m_radius = 0;
    std::vector<std::pair<int32_t, int32_t>> m_blocks;
};

} // namespace citytwin::gis
