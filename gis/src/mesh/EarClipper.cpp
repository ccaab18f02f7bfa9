#include "citytwin/gis/Triangulation.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace citytwin::gis {

namespace {

struct Node {
    double x = 0, y = 0;
    uint32_t index = 0; // into the concatenated rings
    int prev = -1, next = -1;
};

double cross(const Node& o, const Node& a, const Node& b)
{
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

bool samePoint(const Node& a, const Node& b) { return a.x == b.x && a.y == b.y; }

// Inclusive: a point on an edge of the triangle counts as inside.
bool inTriangle(const Node& a, const Node& b, const Node& c, const Node& p)
{
    return cross(a, b, p) >= 0 && cross(b, c, p) >= 0 && cross(c, a, p) >= 0;
}

/// Ear clipping over a circular doubly linked list of nodes (one vector,
/// indices as links). The outer ring runs counter-clockwise, holes clockwise;
/// holes are bridged into the outer ring before clipping (Eberly's method).
class EarClipper {
public:
    explicit EarClipper(size_t nodes) { m_nodes.reserve(nodes); }

    int addRing(const Ring& ring, uint32_t base, bool counterClockwise)
    {
        const bool isCcw = signedArea(ring) > 0;
        const size_t n = ring.size();
        int first = -1, last = -1;
        for (size_t k = 0; k < n; ++k) {
            const size_t i = (isCcw == counterClockwise) ? k : n - 1 - k;
            const int id = static_cast<int>(m_nodes.size());
            m_nodes.push_back({ring[i].x, ring[i].y, base + static_cast<uint32_t>(i), last, -1});
            if (last >= 0) m_nodes[last].next = id;
            if (first < 0) first = id;
            last = id;
        }
        m_nodes[first].prev = last;
        m_nodes[last].next = first;
        return first;
    }

    double x(int n) const { return m_nodes[n].x; }

    int rightmost(int start) const
    {
        int best = start;
        for (int n = m_nodes[start].next; n != start; n = m_nodes[n].next)
            if (m_nodes[n].x > m_nodes[best].x
                || (m_nodes[n].x == m_nodes[best].x && m_nodes[n].y < m_nodes[best].y))
                best = n;
        return best;
    }

    // Segment a->b lies inside the polygon near a.
    bool locallyInside(int ai, const Node& b) const
    {
        const Node& a = m_nodes[ai];
        const Node& p = m_nodes[a.prev];
        const Node& n = m_nodes[a.next];
        if (cross(p, a, n) >= 0) return cross(a, n, b) >= 0 && cross(a, b, p) >= 0;
        return cross(a, p, b) < 0 || cross(a, b, n) < 0;
    }

    int findBridge(int mi, int outer) const
    {
        const Node& m = m_nodes[mi];
        double bestX = std::numeric_limits<double>::infinity();
        int candidate = -1;
        int n = outer;
        do {
            const Node& a = m_nodes[n];
            const Node& b = m_nodes[a.next];
            if (a.y <= m.y && b.y >= m.y && a.y < b.y) {
                const double x = a.x + (m.y - a.y) / (b.y - a.y) * (b.x - a.x);
                if (x >= m.x && x < bestX) {
                    bestX = x;
                    candidate = a.x > b.x ? n : a.next;
                    if (x == a.x && m.y == a.y) candidate = n;
                    else if (x == b.x && m.y == b.y) candidate = a.next;
                }
            }
            n = a.next;
        } while (n != outer);
        if (candidate < 0) return -1;
        const Node i{bestX, m.y};
        const Node& p = m_nodes[candidate];
        // A vertex inside triangle (m, i, p) may hide p; take the one closest in angle.
        int best = candidate;
        double bestTan = std::numeric_limits<double>::infinity();
        n = outer;
        do {
            const Node& q = m_nodes[n];
            if (n != candidate && q.x >= m.x && !samePoint(q, m)
                && (inTriangle(m, i, p, q) || inTriangle(m, p, i, q))) {
                const double t = std::abs(q.y - m.y) / std::max(q.x - m.x, 1e-300);
                if (locallyInside(n, m) && (t < bestTan || (t == bestTan && q.x < m_nodes[best].x))) {
                    best = n;
                    bestTan = t;
                }
            }
            n = q.next;
        } while (n != outer);
        return best;
    }

    void bridge(int pi, int mi)
    {
        const int p2 = static_cast<int>(m_nodes.size());
        m_nodes.push_back(m_nodes[pi]);
        const int m2 = static_cast<int>(m_nodes.size());
        m_nodes.push_back(m_nodes[mi]);
        const int pn = m_nodes[pi].next;
        const int mp = m_nodes[mi].prev;
        m_nodes[pi].next = mi;  m_nodes[mi].prev = pi;
        m_nodes[mp].next = m2;  m_nodes[m2].prev = mp;
        m_nodes[m2].next = p2;  m_nodes[p2].prev = m2;
        m_nodes[p2].next = pn;  m_nodes[pn].prev = p2;
    }

    bool isEar(int ei) const
    {
        const Node& e = m_nodes[ei];
        const Node& a = m_nodes[e.prev];
        const Node& c = m_nodes[e.next];
        if (cross(a, e, c) <= 0) return false;
        for (int n = c.next; n != e.prev; n = m_nodes[n].next) {
            const Node& p = m_nodes[n];
            if (samePoint(p, a) || samePoint(p, e) || samePoint(p, c)) continue;
            if (inTriangle(a, e, c, p)) return false;
        }
        return true;
    }

    size_t clip(int start, size_t count, std::vector<uint32_t>& out)
    {
        size_t triangles = 0;
        int ear = start, stop = start;
        bool forced = false;
        while (count > 3) {
            const int prev = m_nodes[ear].prev, next = m_nodes[ear].next;
            const bool convex = cross(m_nodes[prev], m_nodes[ear], m_nodes[next]) >= 0;
            if (isEar(ear) || (forced && convex)) {
                emit(prev, ear, next, out);
                ++triangles;
                m_nodes[prev].next = next;
                m_nodes[next].prev = prev;
                --count;
                ear = next;
                stop = next;
                forced = false;
                continue;
            }
            ear = next;
            if (ear == stop) {
                // A whole pass without an ear: the input is degenerate. First
                // accept any convex corner, then anything, so we always finish.
                if (forced) {
                    emit(m_nodes[ear].prev, ear, m_nodes[ear].next, out);
                    ++triangles;
                    const int p = m_nodes[ear].prev, n = m_nodes[ear].next;
                    m_nodes[p].next = n;
                    m_nodes[n].prev = p;
                    --count;
                    ear = stop = n;
                    forced = false;
                } else {
                    forced = true;
                }
            }
        }
        if (count == 3) {
            emit(m_nodes[ear].prev, ear, m_nodes[ear].next, out);
            ++triangles;
        }
        return triangles;
    }

private:
    void emit(int a, int b, int c, std::vector<uint32_t>& out) const
    {
        out.push_back(m_nodes[a].index);
        out.push_back(m_nodes[b].index);
        out.push_back(m_nodes[c].index);
    }

    std::vector<Node> m_nodes;
};

} // namespace

size_t triangulatePolygon(const Polygon& polygon, std::vector<uint32_t>& indices)
{
    if (polygon.rings.empty() || polygon.rings[0].size() < 3) return 0;
    // Every point once, plus two copies per hole bridge.
    size_t nodes = 0;
    for (const Ring& ring : polygon.rings) nodes += ring.size() + 2;
    EarClipper clipper(nodes);
    uint32_t base = 0;
    const int outer = clipper.addRing(polygon.rings[0], base, true);
    size_t count = polygon.rings[0].size();
    base += static_cast<uint32_t>(polygon.rings[0].size());
    struct Hole { double maxX; int node; size_t size; };
    std::vector<Hole> holes;
    for (size_t r = 1; r < polygon.rings.size(); ++r) {
        const Ring& ring = polygon.rings[r];
        if (ring.size() >= 3) {
            const int h = clipper.addRing(ring, base, false);
            const int m = clipper.rightmost(h);
            holes.push_back({clipper.x(m), m, ring.size()});
        }
        base += static_cast<uint32_t>(ring.size());
    }
    // Rightmost holes first, so a ray to +x never crosses a hole not yet merged.
    std::stable_sort(holes.begin(), holes.end(), [](const Hole& a, const Hole& b) { return a.maxX > b.maxX; });
    for (const Hole& h : holes) {
        const int p = clipper.findBridge(h.node, outer);
        if (p < 0) continue; // a hole outside its shell: leave it out of the roof
        clipper.bridge(p, h.node);
        count += h.size + 2;
    }
    return clipper.clip(outer, count, indices);
}

} // namespace citytwin::gis
