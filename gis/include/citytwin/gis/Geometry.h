#pragma once
// Plain double-precision geometry values used between reading and building.

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace citytwin::gis {

struct DVec2 {
    double x = 0, y = 0;
    bool operator==(const DVec2&) const = default;
};

struct DVec3 {
    double x = 0, y = 0, z = 0;
    bool operator==(const DVec3&) const = default;
};

/// Axis-aligned 2D box; empty when min > max.
struct Extent2 {
    double minX = std::numeric_limits<double>::max();
    double minY = std::numeric_limits<double>::max();
    double maxX = std::numeric_limits<double>::lowest();
    double maxY = std::numeric_limits<double>::lowest();

    bool empty() const { return minX > maxX || minY > maxY; }
    void add(double x, double y) {
        minX = std::min(minX, x); minY = std::min(minY, y);
        maxX = std::max(maxX, x); maxY = std::max(maxY, y);
    }
    void add(const Extent2& o) {
        if (o.empty()) return;
        add(o.minX, o.minY); add(o.maxX, o.maxY);
    }
    DVec2 centre() const { return {(minX + maxX) / 2, (minY + maxY) / 2}; }
    double width() const { return maxX - minX; }
    double height() const { return maxY - minY; }
    bool operator==(const Extent2&) const = default;
};

/// A ring of a polygon, not closed (the first point is not repeated at the end).
using Ring = std::vector<DVec2>;

/// Signed area of a ring (positive = counter-clockwise), computed relative to
/// the first point so precision holds at UTM-sized coordinates.
inline double signedArea(const Ring& ring)
{
    const size_t n = ring.size();
    if (n < 3) return 0;
    double a = 0;
    const DVec2 o = ring[0];
    for (size_t i = 1; i + 1 < n; ++i)
        a += (ring[i].x - o.x) * (ring[i + 1].y - o.y) - (ring[i + 1].x - o.x) * (ring[i].y - o.y);
    return a / 2;
}

/// The box around a ring's points.
inline Extent2 ringExtent(const Ring& ring)
{
    Extent2 e;
    for (const DVec2& p : ring) e.add(p.x, p.y);
    return e;
}

/// A polygon: outer ring first (counter-clockwise), then holes (clockwise).
struct Polygon {
    std::vector<Ring> rings;
    bool operator==(const Polygon&) const = default;
};

/// A footprint: one or more polygons in the scene CRS, metres.
struct MultiPolygon {
    std::vector<Polygon> polygons;
    bool operator==(const MultiPolygon&) const = default;
};

} // namespace citytwin::gis
