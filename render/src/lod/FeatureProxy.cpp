#include "lod/FeatureProxy.h"

#include <algorithm>
#include <cstdint>
#include <cmath>
#include <unordered_map>

namespace citytwin::render {

namespace {

double cross(const gis::DVec2& o, const gis::DVec2& a, const gis::DVec2& b) {
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

/// Buffers summarise() reuses from one feature to the next.
struct Scratch {
    std::vector<char> seen;
    std::vector<gis::DVec2> points;
    std::vector<gis::DVec2> hull;
};

/// Andrew's monotone chain into `h`; counter-clockwise, no repeated point.
/// Sorts `p` in place.
void convexHull(std::vector<gis::DVec2>& p, std::vector<gis::DVec2>& h) {
    std::sort(p.begin(), p.end(), [](const gis::DVec2& a, const gis::DVec2& b) {
        return a.x < b.x || (a.x == b.x && a.y < b.y);
    });
    p.erase(std::unique(p.begin(), p.end(),
                        [](const gis::DVec2& a, const gis::DVec2& b) { return a.x == b.x && a.y == b.y; }),
            p.end());
    if (p.size() < 3) {
        h = p;
        return;
    }
    h.resize(2 * p.size());
    size_t k = 0;
    for (size_t i = 0; i < p.size(); ++i) {
        while (k >= 2 && cross(h[k - 2], h[k - 1], p[i]) <= 0) --k;
        h[k++] = p[i];
    }
    for (size_t i = p.size() - 1, t = k + 1; i-- > 0;) {
        while (k >= t && cross(h[k - 2], h[k - 1], p[i]) <= 0) --k;
        h[k++] = p[i];
    }
    h.resize(k - 1);
}

/// Minimum-area rectangle: one side lies on a hull edge (rotating calipers,
/// brute force: footprints have few hull points). Returns its area.
double minAreaRectangle(const std::vector<gis::DVec2>& hull, std::array<gis::DVec2, 4>& corners) {
    double best = -1;
    const size_t n = hull.size();
    for (size_t i = 0; i < n; ++i) {
        const gis::DVec2& a = hull[i];
        const gis::DVec2& b = hull[(i + 1) % n];
        const double len = std::hypot(b.x - a.x, b.y - a.y);
        if (len <= 1e-9) continue;
        const gis::DVec2 u{(b.x - a.x) / len, (b.y - a.y) / len}, v{-u.y, u.x};
        double u0 = 1e300, u1 = -1e300, v0 = 1e300, v1 = -1e300;
        for (const gis::DVec2& p : hull) {
            const double pu = p.x * u.x + p.y * u.y, pv = p.x * v.x + p.y * v.y;
            u0 = std::min(u0, pu); u1 = std::max(u1, pu);
            v0 = std::min(v0, pv); v1 = std::max(v1, pv);
        }
        const double area = (u1 - u0) * (v1 - v0);
        if (best >= 0 && area >= best) continue;
        best = area;
        auto at = [&](double pu, double pv) { return gis::DVec2{u.x * pu + v.x * pv, u.y * pu + v.y * pv}; };
        corners = {at(u0, v0), at(u1, v0), at(u1, v1), at(u0, v1)};
    }
    return std::max(best, 0.0);
}

void summarise(const gis::MeshChunk& c, FeatureProxy& f, Scratch& scratch) {
    // Each vertex once (a building's vertices are contiguous, so a bitmap
    // over their index range): the hull of the distinct points is the same,
    // at a third of the sorting.
    uint32_t first = UINT32_MAX, last = 0;
    for (uint32_t t : f.triangles)
        for (int k = 0; k < 3; ++k) {
            first = std::min(first, c.indices[t + k]);
            last = std::max(last, c.indices[t + k]);
        }
    std::vector<char>& seen = scratch.seen;
    seen.assign(f.triangles.empty() ? 0 : size_t(last - first) + 1, 0);
    std::vector<gis::DVec2>& points = scratch.points;
    points.clear();
    double zMin = 1e300, zMax = -1e300, roofArea = 0;
    for (uint32_t t : f.triangles) {
        const float* v[3];
        for (int k = 0; k < 3; ++k) v[k] = &c.positions[size_t(c.indices[t + k]) * 3];
        // Face normal: roofs face up (|n.z| over the triangle's area).
        const double ax = v[1][0] - v[0][0], ay = v[1][1] - v[0][1], az = v[1][2] - v[0][2];
        const double bx = v[2][0] - v[0][0], by = v[2][1] - v[0][1], bz = v[2][2] - v[0][2];
        const double nx = ay * bz - az * by, ny = az * bx - ax * bz, nz = ax * by - ay * bx;
        const double len = std::sqrt(nx * nx + ny * ny + nz * nz);
        const bool roof = len > 0 && nz / len > 0.9;
        if (roof) roofArea += 0.5 * nz;
        for (int k = 0; k < 3; ++k) {
            zMin = std::min(zMin, c.origin.z + v[k][2]);
            zMax = std::max(zMax, c.origin.z + v[k][2]);
            // The hull of an extruded footprint is its roof's: wall corners
            // stand on roof points, and leaving them out sorts a third as
            // many points. Features without a roof take every point below.
            const uint32_t index = c.indices[t + k] - first;
            if (!roof || seen[index]) continue;
            seen[index] = 1;
            points.push_back({c.origin.x + v[k][0], c.origin.y + v[k][1]});
        }
    }
    if (points.empty())
        for (uint32_t t : f.triangles)
            for (int k = 0; k < 3; ++k) {
                const float* v = &c.positions[size_t(c.indices[t + k]) * 3];
                points.push_back({c.origin.x + v[0], c.origin.y + v[1]});
            }
    convexHull(points, scratch.hull);
    const std::vector<gis::DVec2>& hull = scratch.hull;
    double rectArea = 0;
    if (hull.size() >= 3) {
        rectArea = minAreaRectangle(hull, f.corners);
    } else {
        const gis::DVec2 p = hull.empty() ? gis::DVec2{c.origin.x, c.origin.y} : hull.front();
        f.corners = {p, p, p, p};
    }
    f.zMinMeters = zMin;
    f.zMaxMeters = zMax;
    const double side = std::max(std::hypot(f.corners[1].x - f.corners[0].x, f.corners[1].y - f.corners[0].y),
                                 std::hypot(f.corners[2].x - f.corners[1].x, f.corners[2].y - f.corners[1].y));
    // What a viewer misses when it is left out: about its silhouette, so a
    // slim tower counts less than its height and more than its footprint.
    f.sizeMeters = std::max(side, std::sqrt(side * std::max(zMax - zMin, 0.0)));
    f.boxErrorMeters = roofArea > 0 ? std::sqrt(std::max(0.0, rectArea - roofArea)) : f.sizeMeters;
}

} // namespace

std::vector<FeatureProxy> featureProxies(const gis::MeshChunk& chunk, int chunkIndex) {
    std::vector<FeatureProxy> out;
    std::unordered_map<uint32_t, size_t> slot;
    // A built tile holds each feature's triangles in one run: look a feature
    // up once per run, and hand the run over at once.
    const size_t triangles = chunk.indices.size() / 3;
    for (size_t run = 0; run < triangles;) {
        const uint32_t id = chunk.featureIds[chunk.indices[3 * run]];
        size_t end = run + 1;
        while (end < triangles && chunk.featureIds[chunk.indices[3 * end]] == id) ++end;
        auto [it, fresh] = slot.try_emplace(id, out.size());
        if (fresh) {
            out.emplace_back();
            out.back().feature = id;
            out.back().chunk = chunkIndex;
        }
        std::vector<uint32_t>& own = out[it->second].triangles;
        own.reserve(own.size() + (end - run));
        for (size_t t = run; t < end; ++t) own.push_back(uint32_t(3 * t));
        run = end;
    }
    Scratch scratch;
    for (FeatureProxy& f : out) summarise(chunk, f, scratch);
    return out;
}

} // namespace citytwin::render
