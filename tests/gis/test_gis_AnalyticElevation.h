#pragma once
// Shared by the vector-kind tests: an analytic ElevationModel and mesh measures.

#include "citytwin/gis/ElevationModel.h"
#include "citytwin/gis/MeshChunk.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace citytwin::test {

/// Ground given by a formula over a box; lowestUnder takes the minimum over
/// the footprint's vertices (exact for a plane).
class AnalyticElevation : public gis::ElevationModel {
public:
    AnalyticElevation(std::function<double(double, double)> f, gis::Extent2 box) : m_f(std::move(f)), m_box(box) {}

    static std::shared_ptr<AnalyticElevation> plane(double a, double b, double c, double x0, double y0,
                                                    gis::Extent2 box)
    {
        return std::make_shared<AnalyticElevation>(
            [=](double x, double y) { return a * (x - x0) + b * (y - y0) + c; }, box);
    }

    double at(double x, double y) const { return m_f(x, y); }

    std::optional<double> heightAt(double x, double y) const override
    {
        if (x < m_box.minX || x > m_box.maxX || y < m_box.minY || y > m_box.maxY) return std::nullopt;
        return m_f(x, y);
    }

    std::optional<double> lowestUnder(const gis::MultiPolygon& fp) const override
    {
        double low = std::numeric_limits<double>::max();
        for (const auto& p : fp.polygons)
            for (const auto& r : p.rings)
                for (const auto& v : r)
                    if (auto h = heightAt(v.x, v.y)) low = std::min(low, *h);
        if (low == std::numeric_limits<double>::max()) return std::nullopt;
        return low;
    }

    gis::Extent2 extent() const override { return m_box; }

private:
    std::function<double(double, double)> m_f;
    gis::Extent2 m_box;
};

inline gis::DVec3 vertexOf(const gis::MeshChunk& c, uint32_t i)
{
    return {c.origin.x + c.positions[3 * i], c.origin.y + c.positions[3 * i + 1], c.origin.z + c.positions[3 * i + 2]};
}

/// Signed plan (xy) area of triangle t (positive = counter-clockwise from +z).
inline double trianglePlanArea(const gis::MeshChunk& c, size_t t)
{
    const auto a = vertexOf(c, c.indices[3 * t]), b = vertexOf(c, c.indices[3 * t + 1]),
               d = vertexOf(c, c.indices[3 * t + 2]);
    return ((b.x - a.x) * (d.y - a.y) - (d.x - a.x) * (b.y - a.y)) / 2;
}

inline double planArea(const gis::MeshChunk& c)
{
    double a = 0;
    for (size_t t = 0; t < c.triangleCount(); ++t) a += trianglePlanArea(c, t);
    return a;
}

} // namespace citytwin::test
