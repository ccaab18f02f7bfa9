#include "raster/GridElevationModel.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace citytwin::gis::raster {

namespace {

/// Even-odd rule over all rings of a polygon (holes excluded).
bool insidePolygon(const Polygon& poly, double x, double y)
{
    bool inside = false;
    for (const Ring& ring : poly.rings)
        for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            const DVec2& a = ring[i];
            const DVec2& b = ring[j];
            if ((a.y > y) != (b.y > y) && x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x) inside = !inside;
        }
    return inside;
}

} // namespace

GridElevationModel::GridElevationModel(SceneGrid grid, std::vector<float> heights, std::vector<uint8_t> tileHasData)
    : m_grid(grid), m_heights(std::move(heights)), m_tileHasData(std::move(tileHasData))
{
    const double t = m_grid.tileSize;
    for (int ty = 0; ty < m_grid.tilesY; ++ty)
        for (int tx = 0; tx < m_grid.tilesX; ++tx)
            if (m_tileHasData[size_t(ty) * m_grid.tilesX + tx]) {
                m_extent.add((m_grid.ix0 + tx) * t, (m_grid.iy0 + ty) * t);
                m_extent.add((m_grid.ix0 + tx + 1) * t, (m_grid.iy0 + ty + 1) * t);
            }
}

bool GridElevationModel::covered(double x, double y) const
{
    if (m_extent.empty() || x < m_extent.minX || x > m_extent.maxX || y < m_extent.minY || y > m_extent.maxY)
        return false;
    const double t = m_grid.tileSize;
    // A point on a shared edge belongs to either tile: clamp into the grid.
    const int tx = std::clamp(int(std::floor(x / t)) - m_grid.ix0, 0, m_grid.tilesX - 1);
    const int ty = std::clamp(int(std::floor(y / t)) - m_grid.iy0, 0, m_grid.tilesY - 1);
    return m_tileHasData[size_t(ty) * m_grid.tilesX + tx] != 0;
}

std::optional<double> GridElevationModel::heightAt(double x, double y) const
{
    if (!covered(x, y)) return std::nullopt;
    const double fx = x / m_grid.spacing - double(m_grid.gx0);
    const double fy = y / m_grid.spacing - double(m_grid.gy0);
    const int64_t c0 = std::clamp<int64_t>(int64_t(std::floor(fx)), 0, m_grid.width - 2);
    const int64_t r0 = std::clamp<int64_t>(int64_t(std::floor(fy)), 0, m_grid.height - 2);
    const double u = std::clamp(fx - double(c0), 0.0, 1.0);
    const double v = std::clamp(fy - double(r0), 0.0, 1.0);
    const double h00 = sample(c0, r0), h10 = sample(c0 + 1, r0);
    const double h01 = sample(c0, r0 + 1), h11 = sample(c0 + 1, r0 + 1);
    return (h00 * (1 - u) + h10 * u) * (1 - v) + (h01 * (1 - u) + h11 * u) * v;
}

std::optional<double> GridElevationModel::lowestUnder(const MultiPolygon& footprint) const
{
    double lowest = std::numeric_limits<double>::max();
    bool any = false;
    for (const Polygon& poly : footprint.polygons) {
        if (poly.rings.empty()) continue;
        Extent2 box;
        for (const Ring& ring : poly.rings) // hole vertices are on the footprint's boundary too
            for (const DVec2& p : ring) {
                box.add(p.x, p.y);
                if (auto h = heightAt(p.x, p.y)) {
                    lowest = std::min(lowest, *h);
                    any = true;
                }
            }
        if (box.empty()) continue;
        const double s = m_grid.spacing;
        const int64_t c0 = std::max<int64_t>(0, int64_t(std::ceil(box.minX / s)) - m_grid.gx0);
        const int64_t c1 = std::min<int64_t>(m_grid.width - 1, int64_t(std::floor(box.maxX / s)) - m_grid.gx0);
        const int64_t r0 = std::max<int64_t>(0, int64_t(std::ceil(box.minY / s)) - m_grid.gy0);
        const int64_t r1 = std::min<int64_t>(m_grid.height - 1, int64_t(std::floor(box.maxY / s)) - m_grid.gy0);
        for (int64_t r = r0; r <= r1; ++r)
            for (int64_t c = c0; c <= c1; ++c) {
                const double x = double(c + m_grid.gx0) * s, y = double(r + m_grid.gy0) * s;
                if (!covered(x, y) || !insidePolygon(poly, x, y)) continue;
                lowest = std::min(lowest, double(sample(c, r)));
                any = true;
            }
    }
    if (!any) return std::nullopt;
    return lowest;
}

} // namespace citytwin::gis::raster
