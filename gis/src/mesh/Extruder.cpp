#include "citytwin/gis/Extrusion.h"
#include "citytwin/gis/FlatNormals.h"
#include "citytwin/gis/Triangulation.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace citytwin::gis {

namespace {

// Normals come after, from the triangles (deriveFlatNormals).
void pushVertex(MeshChunk& c, double x, double y, double z, uint32_t id)
{
    c.positions.push_back(static_cast<float>(x - c.origin.x));
    c.positions.push_back(static_cast<float>(y - c.origin.y));
    c.positions.push_back(static_cast<float>(z - c.origin.z));
    c.featureIds.push_back(id);
}

// Walls of one ring whose solid side is on the left of every edge. Each
// corner has two vertices (foot and top) shared by the two walls meeting
// there; both triangles of a wall end (provoking vertex, GL's default
// last-vertex convention) on the top of the corner where that wall ends, so
// that vertex's normal is the wall's (deriveFlatNormals) and flat shading
// gives every wall its own normal with half the vertices of a quad each.
size_t addWalls(const Ring& ring, double base, double top, uint32_t id, MeshChunk& c)
{
    const size_t n = ring.size();
    const auto first = static_cast<uint32_t>(c.vertexCount());
    size_t triangles = 0;
    for (size_t i = 0; i < n; ++i) {
        const DVec2& p = ring[i];
        const DVec2& prev = ring[(i + n - 1) % n];
        pushVertex(c, p.x, p.y, base, id);
        pushVertex(c, p.x, p.y, top, id);
        if (!(std::hypot(p.x - prev.x, p.y - prev.y) > 0)) continue; // a zero-length wall draws nothing
        // The wall from corner i-1 (foot a, top a + 1) to corner i (foot b, top b + 1).
        const uint32_t a = first + static_cast<uint32_t>(2 * ((i + n - 1) % n));
        const uint32_t b = first + static_cast<uint32_t>(2 * i);
        c.indices.insert(c.indices.end(), {a, b, b + 1, a + 1, a, b + 1});
        triangles += 2;
    }
    return triangles;
}

// Room for `extra` more elements without giving up geometric growth when a
// caller appends many footprints to one chunk.
template <typename T>
void reserveMore(std::vector<T>& v, size_t extra)
{
    const size_t need = v.size() + extra;
    if (need > v.capacity()) v.reserve(std::max(need, 2 * v.capacity()));
}

bool wellOriented(const Polygon& poly)
{
    for (size_t r = 0; r < poly.rings.size(); ++r)
        if ((r == 0) != (signedArea(poly.rings[r]) > 0)) return false;
    return true;
}

} // namespace

size_t extrudeFootprint(const MultiPolygon& footprint, double baseMeters, double topMeters,
                        uint32_t featureId, MeshChunk& chunk)
{
    // Walls take 2 vertices and 6 indices per corner, the roof one vertex per
    // point and about 3 indices per point (plus bridges to holes).
    size_t points = 0, rings = 0;
    for (const Polygon& p : footprint.polygons)
        for (const Ring& ring : p.rings) { points += ring.size(); ++rings; }
    reserveMore(chunk.positions, 9 * points);
    reserveMore(chunk.normals, 9 * points);
    reserveMore(chunk.featureIds, 3 * points);
    reserveMore(chunk.indices, 9 * points + 6 * rings);

    const size_t featureVertex = chunk.vertexCount(), featureIndex = chunk.indices.size();
    size_t triangles = 0;
    Polygon reoriented;
    for (const Polygon& input : footprint.polygons) {
        if (input.rings.empty() || input.rings[0].size() < 3) continue;
        // Normalise: outer counter-clockwise, holes clockwise, so that the
        // solid lies left of every edge and walls face outward. Cleaned
        // footprints already are; copy only when one is not.
        const Polygon* poly = &input;
        if (!wellOriented(input)) {
            reoriented = input;
            for (size_t r = 0; r < reoriented.rings.size(); ++r) {
                const double area = signedArea(reoriented.rings[r]);
                if ((r == 0) != (area > 0)) std::reverse(reoriented.rings[r].begin(), reoriented.rings[r].end());
            }
            poly = &reoriented;
        }
        for (const Ring& ring : poly->rings)
            if (ring.size() >= 3) triangles += addWalls(ring, baseMeters, topMeters, featureId, chunk);

        // The roof triangulates straight into the chunk, then its indices
        // move past the vertices already there.
        const size_t firstIndex = chunk.indices.size();
        triangles += triangulatePolygon(*poly, chunk.indices);
        const uint32_t first = static_cast<uint32_t>(chunk.vertexCount());
        for (const Ring& ring : poly->rings)
            for (const DVec2& p : ring) pushVertex(chunk, p.x, p.y, topMeters, featureId);
        for (size_t i = firstIndex; i < chunk.indices.size(); ++i) chunk.indices[i] += first;
    }
    deriveFlatNormals(chunk, featureVertex, featureIndex);
    return triangles;
}

void appendMesh(const MeshChunk& part, uint32_t featureId, MeshChunk& chunk)
{
    appendMesh(part, {0, part.vertexCount(), 0, part.indices.size()}, featureId, chunk);
}

void appendMesh(const MeshChunk& from, const MeshSpan& span, uint32_t featureId, MeshChunk& chunk)
{
    // Geometric growth: an exact reserve per call would reallocate (and copy)
    // the whole tile chunk for every feature appended to it.
    reserveMore(chunk.indices, span.indices);
    const auto shift = static_cast<uint32_t>(chunk.vertexCount() - span.firstVertex); // wraps as it should
    const auto floats = [&](const std::vector<float>& v) { return v.begin() + std::ptrdiff_t(3 * span.firstVertex); };
    chunk.positions.insert(chunk.positions.end(), floats(from.positions), floats(from.positions) + std::ptrdiff_t(3 * span.vertices));
    if (!from.normals.empty())
        chunk.normals.insert(chunk.normals.end(), floats(from.normals), floats(from.normals) + std::ptrdiff_t(3 * span.vertices));
    chunk.featureIds.insert(chunk.featureIds.end(), span.vertices, featureId);
    const auto first = from.indices.begin() + std::ptrdiff_t(span.firstIndex);
    for (auto i = first; i != first + std::ptrdiff_t(span.indices); ++i) chunk.indices.push_back(*i + shift);
}

} // namespace citytwin::gis
