#include "citytwin/gis/SceneFrame.h"

#include "citytwin/gis/CrsTransformer.h"
#include "vector/VectorSource.h"

#include <algorithm>
#include <cmath>

namespace citytwin::gis {

SceneFrame SceneFrame::utmFor(double lonDeg, double latDeg)
{
    int zone = static_cast<int>(std::floor((lonDeg + 180.0) / 6.0)) + 1;
    zone = std::clamp(zone, 1, 60);
    const bool north = latDeg >= 0;
    SceneFrame f;
    f.crsDefinition = "EPSG:" + std::to_string((north ? 32600 : 32700) + zone);
    f.crsName = "WGS 84 / UTM zone " + std::to_string(zone) + (north ? "N" : "S");
    return f;
}

namespace {

// Samples the box edges, not just corners: projected boxes bend in lon/lat.
bool addTransformedBox(const Extent2& box, const CrsTransformer& tr, Extent2& out)
{
    bool any = false;
    constexpr int steps = 8;
    for (int i = 0; i <= steps; ++i) {
        const double t = static_cast<double>(i) / steps;
        const double xs[] = {box.minX + t * box.width(), box.minX + t * box.width(), box.minX, box.maxX};
        const double ys[] = {box.minY, box.maxY, box.minY + t * box.height(), box.minY + t * box.height()};
        for (int k = 0; k < 4; ++k) {
            double x = xs[k], y = ys[k];
            if (tr.transform(x, y)) {
                out.add(x, y);
                any = true;
            }
        }
    }
    return any;
}

} // namespace

Result<Extent2> probeExtentLonLat(const std::vector<std::string>& sources,
                                  const std::string& sourceLayer,
                                  const std::string& crsOverride)
{
    Diagnostics diags;
    Extent2 total;
    for (const std::string& path : sources) {
        auto opened = VectorSource::open(path, sourceLayer, crsOverride);
        if (!opened) {
            diags.insert(diags.end(), opened.diagnostics().begin(), opened.diagnostics().end());
            continue;
        }
        const VectorSource& src = **opened;
        const Extent2 box = src.extent();
        if (box.empty()) {
            diags.push_back({Severity::Warning, "the layer has no extent (empty?)", path, -1});
            continue;
        }
        auto tr = CrsTransformer::create(src.crsDefinition(), "EPSG:4326");
        if (!tr) {
            diags.push_back({Severity::Error, tr.firstError(), path, -1});
            continue;
        }
        if (!addTransformedBox(box, *tr, total))
            diags.push_back({Severity::Error, "the layer extent cannot be transformed to WGS 84", path, -1});
    }
    if (total.empty()) {
        if (diags.empty()) diags.push_back({Severity::Error, "no sources given", {}, -1});
        return Result<Extent2>::failure(std::move(diags));
    }
    return Result<Extent2>(total, std::move(diags));
}

} // namespace citytwin::gis
