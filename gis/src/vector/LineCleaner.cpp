#include "vector/LineCleaner.h"

#include "vector/GdalHandles.h"

#include <ogr_api.h>

#include <cmath>

namespace citytwin::gis {

namespace {

bool plausible(double x, double y, bool geographic)
{
    if (!std::isfinite(x) || !std::isfinite(y)) return false;
    return !geographic || (std::abs(x) <= 540.0 && std::abs(y) <= 90.0);
}

void collectCurves(const OGRGeometry* g, std::vector<const OGRSimpleCurve*>& out, std::vector<OgrGeometryPtr>& keep)
{
    if (!g || g->IsEmpty()) return;
    const OGRwkbGeometryType t = wkbFlatten(g->getGeometryType());
    if (g->hasCurveGeometry() && t != wkbLineString && t != wkbLinearRing) {
        OgrGeometryPtr linear(g->getLinearGeometry());
        const OGRGeometry* raw = linear.get();
        keep.push_back(std::move(linear));
        if (raw && !raw->hasCurveGeometry()) collectCurves(raw, out, keep);
        return;
    }
    switch (t) {
    case wkbLineString:
    case wkbLinearRing:
        out.push_back(g->toSimpleCurve());
        break;
    case wkbPolygon:
    case wkbTriangle:
        for (const OGRLinearRing* ring : *g->toPolygon()) out.push_back(ring);
        break;
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection:
        for (const OGRGeometry* part : *g->toGeometryCollection()) collectCurves(part, out, keep);
        break;
    default:
        break;
    }
}

} // namespace

CleanedLines cleanLines(const OGRGeometry* geometry, const CrsTransformer& toScene, bool sourceIsGeographic)
{
    CleanedLines out;
    std::vector<const OGRSimpleCurve*> curves;
    std::vector<OgrGeometryPtr> keep;
    collectCurves(geometry, curves, keep);
    if (curves.empty()) {
        out.skipReason = geometry && !geometry->IsEmpty() ? "geometry is not a line" : "no geometry";
        return out;
    }
    bool transformFailed = false;
    for (const OGRSimpleCurve* c : curves) {
        LineString line;
        line.reserve(c->getNumPoints());
        bool ok = true;
        for (int i = 0; i < c->getNumPoints() && ok; ++i) {
            double x = c->getX(i), y = c->getY(i);
            ok = plausible(x, y, sourceIsGeographic) && toScene.transform(x, y);
            if (ok && (line.empty() || !(line.back() == DVec2{x, y}))) line.push_back({x, y});
        }
        if (!ok) transformFailed = true;
        if (!ok || line.size() < 2) {
            ++out.partsDropped;
            continue;
        }
        out.lines.push_back(std::move(line));
    }
    if (out.lines.empty())
        out.skipReason = transformFailed ? "coordinates cannot be reprojected into the scene CRS (CRS problem)"
                                         : "degenerate line (fewer than 2 distinct points)";
    return out;
}

CleanedPoint cleanPoint(const OGRGeometry* geometry, const CrsTransformer& toScene, bool sourceIsGeographic)
{
    CleanedPoint out;
    if (!geometry || geometry->IsEmpty()) {
        out.skipReason = "no geometry";
        return out;
    }
    const OGRPoint* p = nullptr;
    switch (wkbFlatten(geometry->getGeometryType())) {
    case wkbPoint:
        p = geometry->toPoint();
        break;
    case wkbMultiPoint: {
        const OGRMultiPoint* mp = geometry->toMultiPoint();
        for (const OGRPoint* part : *mp)
            if (!part->IsEmpty()) { p = part; break; }
        out.pointsIgnored = std::max(0, mp->getNumGeometries() - 1);
        break;
    }
    default: {
        // Lines and polygons read as points stand at a point on their surface.
        OgrGeometryPtr inside(OGRGeometry::FromHandle(
            OGR_G_PointOnSurface(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(geometry)))));
        if (!inside || wkbFlatten(inside->getGeometryType()) != wkbPoint || inside->IsEmpty()) {
            out.skipReason = "geometry has no point on its surface";
            return out;
        }
        return cleanPoint(inside.get(), toScene, sourceIsGeographic);
    }
    }
    if (!p) {
        out.skipReason = "no geometry";
        return out;
    }
    double x = p->getX(), y = p->getY();
    if (!plausible(x, y, sourceIsGeographic) || !toScene.transform(x, y)) {
        out.skipReason = "coordinates cannot be reprojected into the scene CRS (CRS problem)";
        return out;
    }
    out.point = DVec2{x, y};
    return out;
}

} // namespace citytwin::gis
