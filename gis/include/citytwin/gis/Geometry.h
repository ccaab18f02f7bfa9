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
