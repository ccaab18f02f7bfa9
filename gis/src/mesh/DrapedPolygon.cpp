#include "citytwin/gis/Draping.h"
#include "citytwin/gis/Triangulation.h"

#include "mesh/MeshWriter.h"

#include <cmath>
#include <map>
#include <utility>

namespace citytwin::gis {

namespace {

using Points = std::vector<DVec2>;

/// Sutherland-Hodgman against one axis-aligned half plane: keeps the side
/// where (x or y) >= value (keepAbove) or <= value.
Points clipAxis(const Points& in, bool alongX, double value, bool keepAbove)
{
    Points out;
    const size_t n = in.size();
    if (n == 0) return out;
    out.reserve(n + 2);
    auto coord = [&](const DVec2& p) { return alongX ? p.x : p.y; };
    auto inside = [&](const DVec2& p) { return keepAbove ? coord(p) >= value : coord(p) <= value; };
    for (size_t i = 0; i < n; ++i) {
        const DVec2& a = in[i];
        const DVec2& b = in[(i + 1) % n];
        const bool ia = inside(a), ib = inside(b);
        if (ia) out.push_back(a);
        if (ia != ib) {
            const double t = (value - coord(a)) / (coord(b) - coord(a));
            DVec2 p{a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
            (alongX ? p.x : p.y) = value; // exactly on the grid line, so neighbours agree
            out.push_back(p);
        }
    }
    return out;
}

double polygonArea(const Points& p)
{
    double a = 0;
    for (size_t i = 0; i < p.size(); ++i) {
        const DVec2& u = p[i];
        const DVec2& v = p[(i + 1) % p.size()];
        a += (u.x - p[0].x) * (v.y - p[0].y) - (v.x - p[0].x) * (u.y - p[0].y);
    }
    return a / 2;
}

/// Emits draped vertices once per distinct plan position of one feature.
class DrapedWriter {
public:
    DrapedWriter(MeshChunk& chunk, uint32_t featureId, const ElevationModel* elevation, double lift,
                 double fallback)
        : m_out(chunk, featureId), m_elevation(elevation), m_lift(lift), m_fallback(fallback) {}

    uint32_t vertex(const DVec2& p)
    {
        auto [it, inserted] = m_index.try_emplace(std::make_pair(p.x, p.y), 0u);
        if (inserted)
            it->second = m_out.vertex(p.x, p.y, groundHeight(m_elevation, p.x, p.y, m_fallback) + m_lift, 0, 0, 1);
        return it->second;
    }

    /// A convex counter-clockwise polygon as a fan; drops slivers.
    size_t convex(const Points& p)
    {
        if (p.size() < 3 || polygonArea(p) <= 1e-9) return 0;
        size_t added = 0;
        const uint32_t a = vertex(p[0]);
        for (size_t i = 1; i + 1 < p.size(); ++i) {
            Points tri{p[0], p[i], p[i + 1]};
            if (polygonArea(tri) <= 1e-12) continue;
            m_out.triangle(a, vertex(p[i]), vertex(p[i + 1]));
            ++added;
        }
        return added;
    }

private:
    MeshWriter m_out;
    const ElevationModel* m_elevation;
    double m_lift, m_fallback;
    std::map<std::pair<double, double>, uint32_t> m_index;
};

/// Cuts a counter-clockwise triangle along the grid lines x, y = k × spacing
/// (row strips first, then the cells the strip touches) and emits the pieces.
size_t emitGridCut(const Points& tri, double spacing, DrapedWriter& out)
{
    double minY = tri[0].y, maxY = tri[0].y;
    for (const DVec2& p : tri) { minY = std::min(minY, p.y); maxY = std::max(maxY, p.y); }
    size_t added = 0;
    const auto row0 = static_cast<int64_t>(std::floor(minY / spacing));
    const auto row1 = static_cast<int64_t>(std::floor(maxY / spacing));
    for (int64_t row = row0; row <= row1; ++row) {
        Points strip = row0 == row1 ? tri : clipAxis(clipAxis(tri, false, row * spacing, true), false, (row + 1) * spacing, false);
        if (strip.size() < 3) continue;
        double minX = strip[0].x, maxX = strip[0].x;
        for (const DVec2& p : strip) { minX = std::min(minX, p.x); maxX = std::max(maxX, p.x); }
        const auto col0 = static_cast<int64_t>(std::floor(minX / spacing));
        const auto col1 = static_cast<int64_t>(std::floor(maxX / spacing));
        for (int64_t col = col0; col <= col1; ++col) {
            const Points cell = col0 == col1 ? strip
                : clipAxis(clipAxis(strip, true, col * spacing, true), true, (col + 1) * spacing, false);
            added += out.convex(cell);
        }
    }
    return added;
}

} // namespace

size_t appendDrapedPolygon(const Polygon& input, const ElevationModel* elevation, const DrapeOptions& options,
                           uint32_t featureId, MeshChunk& chunk)
{
    Polygon polygon;
    for (const Ring& ring : input.rings) {
        Ring r;
        for (const DVec2& p : ring)
            if (r.empty() || !(r.back() == p)) r.push_back(p);
        if (r.size() > 1 && r.front() == r.back()) r.pop_back();
        if (r.size() >= 3 && signedArea(r) != 0) polygon.rings.push_back(std::move(r));
        else if (polygon.rings.empty()) return 0; // no outer ring
    }
    if (polygon.rings.empty()) return 0;
    std::vector<uint32_t> indices;
    if (triangulatePolygon(polygon, indices) == 0) return 0;
    Points all;
    for (const Ring& r : polygon.rings) all.insert(all.end(), r.begin(), r.end());

    Extent2 box;
    for (const DVec2& p : polygon.rings[0]) box.add(p.x, p.y);
    const DVec2 c = box.centre();
    const double fallback = groundHeight(elevation, c.x, c.y);
    DrapedWriter out(chunk, featureId, elevation, options.liftMeters, fallback);
    const bool cut = elevation && options.sampleSpacingMeters > 0;
    size_t added = 0;
    for (size_t t = 0; t + 2 < indices.size(); t += 3) {
        const Points tri{all[indices[t]], all[indices[t + 1]], all[indices[t + 2]]};
        added += cut ? emitGridCut(tri, options.sampleSpacingMeters, out) : out.convex(tri);
    }
    return added;
}

} // namespace citytwin::gis
