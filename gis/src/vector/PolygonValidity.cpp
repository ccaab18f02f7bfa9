// footprintCertainlyValid: exact orientation signs (Shewchuk's error bound),
// simple rings, holes inside the shell and apart.
#include "vector/PolygonValidity.h"

#include <array>
#include <cmath>
#include <cstddef>

namespace citytwin::gis {

namespace {

// ---- Fast validity: one small polygon, decided exactly or not at all -------
//
// GEOS decides validity with exact predicates; so do we, for the inputs where
// double precision gives a certain answer. Every test below answers "certainly
// valid" or "don't know"; anything touching, collinear, degenerate, big or
// near the limits of double precision goes to GEOS unchanged.

constexpr size_t kFastMaxRingPoints = 64;
constexpr size_t kFastMaxRings = 8;
// Shewchuk's error bound of the plain 2D orientation determinant
// (ccwerrboundA, "Adaptive Precision Floating-Point Arithmetic", 1997).
constexpr double kEpsilon = 0x1p-53;
constexpr double kOrientationErrorBound = (3.0 + 16.0 * kEpsilon) * kEpsilon;

/// +1 when c lies left of a->b, -1 right, 0 collinear or too close to tell.
/// The sign is exact whenever it is not 0 (no overflow or underflow: see
/// magnitudesSafe).
int orientation(const DVec2& a, const DVec2& b, const DVec2& c)
{
    const double detLeft = (a.x - c.x) * (b.y - c.y);
    const double detRight = (a.y - c.y) * (b.x - c.x);
    const double det = detLeft - detRight;
    double detSum = 0;
    if (detLeft > 0) {
        if (detRight <= 0) return det > 0 ? 1 : det < 0 ? -1 : 0;
        detSum = detLeft + detRight;
    } else if (detLeft < 0) {
        if (detRight >= 0) return det > 0 ? 1 : det < 0 ? -1 : 0;
        detSum = -detLeft - detRight;
    } else {
        return det > 0 ? 1 : det < 0 ? -1 : 0;
    }
    const double bound = kOrientationErrorBound * detSum;
    if (det > bound) return 1;
    if (-det > bound) return -1;
    return 0;
}

// Keeps products of coordinate differences far from overflow and underflow,
// where the error bound above would not hold.
bool magnitudesSafe(const Ring& ring)
{
    for (const DVec2& p : ring) {
        const double ax = std::abs(p.x), ay = std::abs(p.y);
        if (ax > 1e12 || ay > 1e12 || (ax != 0 && ax < 1e-100) || (ay != 0 && ay < 1e-100)) return false;
    }
    return true;
}

bool boxesApart(const Extent2& a, const Extent2& b)
{
    return a.maxX < b.minX || b.maxX < a.minX || a.maxY < b.minY || b.maxY < a.minY;
}

/// Segments p1p2 and q1q2 certainly have no point in common.
bool segmentsApart(const DVec2& p1, const DVec2& p2, const DVec2& q1, const DVec2& q2)
{
    if (std::max(p1.x, p2.x) < std::min(q1.x, q2.x) || std::max(q1.x, q2.x) < std::min(p1.x, p2.x)
        || std::max(p1.y, p2.y) < std::min(q1.y, q2.y) || std::max(q1.y, q2.y) < std::min(p1.y, p2.y))
        return true;
    // One segment strictly on one side of the other's line.
    const int o1 = orientation(p1, p2, q1);
    if (o1 != 0 && o1 == orientation(p1, p2, q2)) return true;
    const int o3 = orientation(q1, q2, p1);
    return o3 != 0 && o3 == orientation(q1, q2, p2);
}

/// A ring that is certainly simple: every corner turns (so no repeated
/// point, spike or straight corner: those go to GEOS) and no two
/// non-adjacent edges meet.
bool certainlySimple(const Ring& r)
{
    const size_t n = r.size();
    if (n < 3 || n > kFastMaxRingPoints) return false;
    for (size_t i = 0; i < n; ++i)
        if (orientation(r[i == 0 ? n - 1 : i - 1], r[i], r[i + 1 == n ? 0 : i + 1]) == 0) return false;
    for (size_t i = 0; i + 2 < n; ++i)
        for (size_t j = i + 2; j < n; ++j) {
            if (i == 0 && j == n - 1) continue; // adjacent through the closing point
            if (!segmentsApart(r[i], r[i + 1], r[j], r[j + 1 == n ? 0 : j + 1])) return false;
        }
    return true;
}

/// No edge of `a` meets an edge of `b`.
bool ringsApart(const Ring& a, const Extent2& boxA, const Ring& b, const Extent2& boxB)
{
    if (boxesApart(boxA, boxB)) return true;
    for (size_t i = 0; i < a.size(); ++i) {
        const DVec2& a1 = a[i];
        const DVec2& a2 = a[i + 1 == a.size() ? 0 : i + 1];
        for (size_t j = 0; j < b.size(); ++j)
            if (!segmentsApart(a1, a2, b[j], b[j + 1 == b.size() ? 0 : j + 1])) return false;
    }
    return true;
}

enum class Location { Inside, Outside, Unknown };

/// Winding number of p for a ring it is known not to touch; Unknown when p
/// is collinear with an edge it might cross.
Location locate(const DVec2& p, const Ring& ring)
{
    int winding = 0;
    for (size_t i = 0; i < ring.size(); ++i) {
        const DVec2& a = ring[i];
        const DVec2& b = ring[i + 1 == ring.size() ? 0 : i + 1];
        if (a.y <= p.y) {
            if (b.y > p.y) {
                const int o = orientation(a, b, p);
                if (o == 0) return Location::Unknown;
                if (o > 0) ++winding;
            }
        } else if (b.y <= p.y) {
            const int o = orientation(a, b, p);
            if (o == 0) return Location::Unknown;
            if (o < 0) --winding;
        }
    }
    return winding != 0 ? Location::Inside : Location::Outside;
}

/// What GEOS IsValid would say of this polygon when the answer is certain
/// here: simple rings of non-zero area that do not meet, every hole inside
/// the shell and outside every other hole. False means "ask GEOS".
bool certainlyValid(const Polygon& poly)
{
    const size_t count = poly.rings.size();
    if (count == 0 || count > kFastMaxRings) return false;
    std::array<Extent2, kFastMaxRings> boxes{};
    for (size_t r = 0; r < count; ++r) {
        const Ring& ring = poly.rings[r];
        if (!magnitudesSafe(ring) || !certainlySimple(ring) || signedArea(ring) == 0) return false;
        boxes[r] = ringExtent(ring);
    }
    const Ring& shell = poly.rings[0];
    for (size_t h = 1; h < count; ++h) {
        const Ring& hole = poly.rings[h];
        if (!ringsApart(shell, boxes[0], hole, boxes[h])) return false;
        if (locate(hole[0], shell) != Location::Inside) return false;
        for (size_t g = 1; g < h; ++g) {
            const Ring& other = poly.rings[g];
            if (!ringsApart(other, boxes[g], hole, boxes[h])) return false;
            if (boxesApart(boxes[g], boxes[h])) continue;
            if (locate(hole[0], other) != Location::Outside || locate(other[0], hole) != Location::Outside)
                return false;
        }
    }
    return true;
}

} // namespace

bool footprintCertainlyValid(const Polygon& polygon) { return certainlyValid(polygon); }

} // namespace citytwin::gis
