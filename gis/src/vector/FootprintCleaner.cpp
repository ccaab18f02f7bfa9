#include "vector/FootprintCleaner.h"

#include "vector/GdalHandles.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace citytwin::gis {

namespace {

struct SourcePolygon {
    std::vector<Ring> rings; // source CRS, unclosed
};

void collectPolygons(const OGRGeometry* g, std::vector<const OGRPolygon*>& out,
                     std::vector<OgrGeometryPtr>& keepAlive)
{
    if (!g || g->IsEmpty()) return;
    if (g->hasCurveGeometry() || wkbFlatten(g->getGeometryType()) == wkbCurvePolygon) {
        OgrGeometryPtr linear(g->getLinearGeometry());
        const OGRGeometry* raw = linear.get();
        keepAlive.push_back(std::move(linear));
        collectPolygons(raw, out, keepAlive);
        return;
    }
    switch (wkbFlatten(g->getGeometryType())) {
    case wkbPolygon:
    case wkbTriangle:
        out.push_back(g->toPolygon());
        break;
    case wkbMultiPolygon:
    case wkbGeometryCollection:
    case wkbPolyhedralSurface:
    case wkbTIN:
    case wkbMultiSurface: {
        const auto* coll = dynamic_cast<const OGRGeometryCollection*>(g);
        if (coll) {
            for (const OGRGeometry* part : *coll) collectPolygons(part, out, keepAlive);
        } else if (const auto* ps = dynamic_cast<const OGRPolyhedralSurface*>(g)) {
            for (const OGRPolygon* part : *ps) collectPolygons(part, out, keepAlive);
        }
        break;
    }
    default:
        break;
    }
}

// A ring's points as stored (closing point included).
Ring rawRing(const OGRLinearRing& r)
{
    Ring ring(static_cast<size_t>(std::max(r.getNumPoints(), 0)));
    for (size_t i = 0; i < ring.size(); ++i) ring[i] = {r.getX(int(i)), r.getY(int(i))};
    return ring;
}

// Drops repeated points and the closing point, in place; `unclosed` set when
// the source left the ring open.
void tidyRing(Ring& ring, bool& unclosed)
{
    const size_t n = ring.size();
    size_t kept = 0;
    for (size_t i = 0; i < n; ++i)
        if (kept == 0 || !(ring[kept - 1] == ring[i])) ring[kept++] = ring[i];
    ring.resize(kept);
    if (ring.size() > 1 && ring.front() == ring.back()) ring.pop_back();
    else if (n > 1) unclosed = true;
}

// Reads a ring without the closing point; `unclosed` set when the source left it open.
Ring readRing(const OGRLinearRing& r, bool& unclosed)
{
    Ring ring = rawRing(r);
    tidyRing(ring, unclosed);
    return ring;
}

bool plausible(const Ring& ring, bool geographic)
{
    for (const DVec2& p : ring) {
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) return false;
        if (geographic && (std::abs(p.x) > 540.0 || std::abs(p.y) > 90.0)) return false;
    }
    return true;
}

// A hole must overlap its shell's box (grown by half its size); anything
// farther off is a ring in another CRS or a data error, never a courtyard.
bool holeNearShell(const Extent2& shell, const Extent2& hole)
{
    const double grow = 0.5 * std::max(shell.width(), shell.height());
    return hole.minX <= shell.maxX + grow && hole.maxX >= shell.minX - grow
        && hole.minY <= shell.maxY + grow && hole.maxY >= shell.minY - grow;
}

bool transformRing(Ring& ring, const CrsTransformer& tr, CleanPath path)
{
    if (path == CleanPath::Reference) {
        for (DVec2& p : ring)
            if (!tr.transform(p.x, p.y)) return false;
        return true;
    }
    return ring.empty() || tr.transformMany(&ring[0].x, &ring[0].y, ring.size(), sizeof(DVec2));
}

OGRLinearRing* toOgrRing(const Ring& ring)
{
    auto* r = new OGRLinearRing;
    r->setNumPoints(static_cast<int>(ring.size()) + 1, FALSE);
    for (size_t i = 0; i < ring.size(); ++i) r->setPoint(static_cast<int>(i), ring[i].x, ring[i].y);
    r->setPoint(static_cast<int>(ring.size()), ring[0].x, ring[0].y);
    return r;
}

void appendPolygon(const OGRPolygon& poly, MultiPolygon& out)
{
    Polygon p;
    bool ignored = false;
    for (int i = 0; i <= poly.getNumInteriorRings(); ++i) {
        const OGRLinearRing* r = i == 0 ? poly.getExteriorRing() : poly.getInteriorRing(i - 1);
        if (!r) continue;
        Ring ring = readRing(*r, ignored);
        if (ring.size() < 3) {
            if (i == 0) return;
            continue;
        }
        const double area = signedArea(ring);
        if (area == 0) {
            if (i == 0) return;
            continue;
        }
        if ((i == 0) != (area > 0)) std::reverse(ring.begin(), ring.end());
        p.rings.push_back(std::move(ring));
    }
    if (!p.rings.empty()) out.polygons.push_back(std::move(p));
}

} // namespace

DVec2 footprintCentroid(const MultiPolygon& footprint)
{
    double area = 0, cx = 0, cy = 0, mx = 0, my = 0;
    size_t count = 0;
    for (const Polygon& poly : footprint.polygons) {
        for (const Ring& ring : poly.rings) {
            if (ring.empty()) continue;
            const DVec2 o = ring[0];
            for (size_t i = 1; i + 1 < ring.size(); ++i) {
                const double ax = ring[i].x - o.x, ay = ring[i].y - o.y;
                const double bx = ring[i + 1].x - o.x, by = ring[i + 1].y - o.y;
                const double a = (ax * by - bx * ay) / 2;
                area += a;
                cx += a * (o.x + (ax + bx) / 3);
                cy += a * (o.y + (ay + by) / 3);
            }
            for (const DVec2& p : ring) { mx += p.x; my += p.y; ++count; }
        }
    }
    if (std::abs(area) > 1e-9) return {cx / area, cy / area};
    if (count == 0) return {};
    return {mx / count, my / count};
}

CleanedFootprint cleanFootprint(const OGRGeometry* geometry, const CrsTransformer& toScene,
                                bool sourceIsGeographic, CleanPath path)
{
    std::vector<const OGRPolygon*> polys;
    std::vector<OgrGeometryPtr> keepAlive;
    collectPolygons(geometry, polys, keepAlive);
    if (polys.empty()) {
        CleanedFootprint out;
        out.skipReason = geometry && !geometry->IsEmpty() ? "geometry is not a polygon" : "no geometry";
        return out;
    }
    std::vector<std::vector<Ring>> raw;
    raw.reserve(polys.size());
    for (const OGRPolygon* poly : polys) {
        const OGRLinearRing* ext = poly->getExteriorRing();
        if (!ext) continue;
        std::vector<Ring>& rings = raw.emplace_back();
        rings.reserve(1 + static_cast<size_t>(poly->getNumInteriorRings()));
        rings.push_back(rawRing(*ext));
        for (int h = 0; h < poly->getNumInteriorRings(); ++h) rings.push_back(rawRing(*poly->getInteriorRing(h)));
    }
    return cleanFootprint(raw, toScene, sourceIsGeographic, path);
}

CleanedFootprint cleanFootprint(std::vector<std::vector<Ring>>& polygons, const CrsTransformer& toScene,
                                bool sourceIsGeographic, CleanPath path)
{
    CleanedFootprint out;
    // Empty polygons (no outer ring, or one without points) are no geometry,
    // as OGR's IsEmpty says of them.
    std::erase_if(polygons, [](const std::vector<Ring>& rings) { return rings.empty() || rings[0].empty(); });
    if (polygons.empty()) {
        out.skipReason = "no geometry";
        return out;
    }
    // Rings read, checked and reprojected; validity is decided after.
    std::vector<Polygon> scene;
    scene.reserve(polygons.size());
    bool anyTransformFailure = false;
    bool anyDegenerate = false;
    for (std::vector<Ring>& rings : polygons) {
        bool unclosed = false;
        Ring& shell = rings[0];
        tidyRing(shell, unclosed);
        if (shell.size() < 3) { anyDegenerate = true; continue; }
        if (!plausible(shell, sourceIsGeographic)) {
            out.warnings.push_back("outer ring has coordinates outside the range of the source CRS; polygon dropped");
            out.repaired = true;
            continue;
        }
        const Extent2 shellBox = ringExtent(shell);
        if (!transformRing(shell, toScene, path)) { anyTransformFailure = true; continue; }
        Polygon scenePoly;
        scenePoly.rings.reserve(rings.size());
        scenePoly.rings.push_back(std::move(shell));
        for (size_t h = 1; h < rings.size(); ++h) {
            Ring& hole = rings[h];
            tidyRing(hole, unclosed);
            if (hole.size() < 3) continue;
            if (!plausible(hole, sourceIsGeographic) || !holeNearShell(shellBox, ringExtent(hole))) {
                out.warnings.push_back("inner ring " + std::to_string(h)
                                       + " lies far outside its outer ring (wrong CRS?); ring dropped");
                out.repaired = true;
                continue;
            }
            if (!transformRing(hole, toScene, path)) {
                out.warnings.push_back("inner ring " + std::to_string(h) + " cannot be reprojected; ring dropped");
                out.repaired = true;
                continue;
            }
            scenePoly.rings.push_back(std::move(hole));
        }
        if (unclosed) out.repaired = true;
        scene.push_back(std::move(scenePoly));
    }
    if (scene.empty()) {
        out.skipReason = anyTransformFailure ? "coordinates cannot be reprojected into the scene CRS (CRS problem)"
                         : anyDegenerate    ? "degenerate polygon (fewer than 3 distinct points)"
                                            : "no usable polygon";
        return out;
    }
    if (path == CleanPath::Fast && scene.size() == 1 && footprintCertainlyValid(scene.front())) {
        // What appendPolygon makes of a valid polygon: the rings as they are
        // (no repeated points, certainlySimple saw to that), outer CCW, holes CW.
        Polygon& poly = scene.front();
        for (size_t r = 0; r < poly.rings.size(); ++r)
            if ((r == 0) != (signedArea(poly.rings[r]) > 0)) std::reverse(poly.rings[r].begin(), poly.rings[r].end());
        out.footprint.emplace();
        out.footprint->polygons = std::move(scene);
        return out;
    }
    OGRMultiPolygon ogrScene;
    for (const Polygon& poly : scene) {
        auto* ogrPoly = new OGRPolygon;
        for (const Ring& ring : poly.rings) ogrPoly->addRingDirectly(toOgrRing(ring));
        ogrScene.addGeometryDirectly(ogrPoly);
    }
    MultiPolygon fp;
    if (ogrScene.IsValid()) {
        for (const OGRPolygon* p : ogrScene) appendPolygon(*p, fp);
    } else {
        OgrGeometryPtr valid(ogrScene.MakeValid());
        std::vector<const OGRPolygon*> fixed;
        std::vector<OgrGeometryPtr> keep2;
        collectPolygons(valid.get(), fixed, keep2);
        for (const OGRPolygon* p : fixed) appendPolygon(*p, fp);
        out.repaired = true;
        if (fp.polygons.empty()) {
            out.skipReason = "invalid polygon that MakeValid could not repair";
            return out;
        }
    }
    if (fp.polygons.empty()) {
        out.skipReason = "degenerate polygon (no area)";
        return out;
    }
    out.footprint = std::move(fp);
    return out;
}

} // namespace citytwin::gis
