#include "citytwin/gis/Draping.h"

#include "mesh/MeshWriter.h"

#include <cmath>
#include <utility>

namespace citytwin::gis {

namespace {

LineString distinctPoints(const LineString& line)
{
    LineString pts;
    pts.reserve(line.size());
    for (const DVec2& p : line)
        if (std::isfinite(p.x) && std::isfinite(p.y) && (pts.empty() || !(pts.back() == p))) pts.push_back(p);
    return pts;
}

/// Splits every segment longer than `spacing` into equal pieces.
LineString densify(const LineString& pts, double spacing, bool closed)
{
    if (!(spacing > 0)) return pts;
    LineString out;
    out.reserve(pts.size());
    const size_t segments = closed ? pts.size() : pts.size() - 1;
    for (size_t i = 0; i < pts.size(); ++i) {
        out.push_back(pts[i]);
        if (i >= segments) break;
        const DVec2& a = pts[i];
        const DVec2& b = pts[(i + 1) % pts.size()];
        const double len = std::hypot(b.x - a.x, b.y - a.y);
        const int pieces = static_cast<int>(std::ceil(len / spacing));
        for (int k = 1; k < pieces && pieces < 100000; ++k) {
            const double t = double(k) / pieces;
            out.push_back({a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t});
        }
    }
    return out;
}

DVec2 leftNormal(const DVec2& a, const DVec2& b)
{
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len = std::hypot(dx, dy);
    return {-dy / len, dx / len};
}

} // namespace

double groundHeight(const ElevationModel* elevation, double x, double y, double fallback)
{
    if (!elevation) return fallback;
    const auto h = elevation->drawnHeightAt(x, y); // on the visible terrain surface
    return h && std::isfinite(*h) ? *h : fallback;
}

DVec2 lineMidpoint(const std::vector<LineString>& lines)
{
    double total = 0;
    for (const LineString& l : lines)
        for (size_t i = 1; i < l.size(); ++i) total += std::hypot(l[i].x - l[i - 1].x, l[i].y - l[i - 1].y);
    double left = total / 2;
    for (const LineString& l : lines)
        for (size_t i = 1; i < l.size(); ++i) {
            const double len = std::hypot(l[i].x - l[i - 1].x, l[i].y - l[i - 1].y);
            if (len > 0 && left <= len) {
                const double t = left / len;
                return {l[i - 1].x + (l[i].x - l[i - 1].x) * t, l[i - 1].y + (l[i].y - l[i - 1].y) * t};
            }
            left -= len;
        }
    for (const LineString& l : lines)
        if (!l.empty()) return l.front();
    return {};
}

size_t appendRibbon(const LineString& line, double widthMeters, const ElevationModel* elevation,
                    const DrapeOptions& options, uint32_t featureId, MeshChunk& chunk)
{
    LineString pts = distinctPoints(line);
    const bool closed = pts.size() >= 4 && pts.front() == pts.back();
    if (closed) pts.pop_back();
    if (pts.size() < 2 || !(widthMeters > 0)) return 0;
    if (elevation) pts = densify(pts, options.sampleSpacingMeters, closed);
    const size_t n = pts.size();
    const size_t segments = closed ? n : n - 1;
    std::vector<DVec2> normals(segments);
    for (size_t s = 0; s < segments; ++s) normals[s] = leftNormal(pts[s], pts[(s + 1) % n]);

    const double half = widthMeters / 2;
    const double fallback = groundHeight(elevation, pts[n / 2].x, pts[n / 2].y);
    MeshWriter out(chunk, featureId);
    const uint32_t first = out.nextIndex();
    for (size_t i = 0; i < n; ++i) {
        const bool hasPrev = i > 0 || closed;
        const bool hasNext = i + 1 < n || closed;
        const DVec2 np = hasPrev ? normals[(i + segments - 1) % segments] : normals[i];
        const DVec2 nn = hasNext ? normals[i % segments] : np;
        DVec2 m{np.x + nn.x, np.y + nn.y};
        double scale = half;
        const double len = std::hypot(m.x, m.y);
        if (len < 1e-9) {
            m = np; // a full U-turn: no bisector
        } else {
            m = {m.x / len, m.y / len};
            // Mitre: keeps both sides parallel to their segments; limited at sharp turns.
            scale = half / std::max(m.x * np.x + m.y * np.y, 0.5);
        }
        for (const double side : {1.0, -1.0}) {
            const double x = pts[i].x + side * m.x * scale, y = pts[i].y + side * m.y * scale;
            out.vertex(x, y, groundHeight(elevation, x, y, fallback) + options.liftMeters, 0, 0, 1);
        }
    }
    // Where a curve is tighter than the half width the inner edge folds over;
    // its triangles then come out clockwise. They cover ground the ribbon
    // covers anyway, so they are turned to face up rather than culled away.
    auto plan = [&](uint32_t a, uint32_t b, uint32_t c) {
        const float* p = chunk.positions.data();
        return (p[3 * b] - p[3 * a]) * (p[3 * c + 1] - p[3 * a + 1]) - (p[3 * c] - p[3 * a]) * (p[3 * b + 1] - p[3 * a + 1]);
    };
    auto facingUp = [&](uint32_t a, uint32_t b, uint32_t c) {
        if (plan(a, b, c) < 0) std::swap(b, c);
        out.triangle(a, b, c);
    };
    for (size_t s = 0; s < segments; ++s) {
        const uint32_t li = first + 2 * uint32_t(s), ri = li + 1;
        const uint32_t lj = first + 2 * uint32_t((s + 1) % n), rj = lj + 1;
        facingUp(ri, rj, lj);
        facingUp(ri, lj, li);
    }
    return 2 * segments;
}

} // namespace citytwin::gis
