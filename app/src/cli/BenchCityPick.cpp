#include "cli/BenchCityPick.h"

#include "citytwin/render/CameraView.h"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <osg/Camera>
#include <osg/Viewport>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <numeric>
#include <random>
#include <type_traits>
#include <unordered_map>

namespace citytwin::app {
namespace {

constexpr double kCellMeters = 250.0;
constexpr double kRangeMeters = 700.0;

struct DatasetCloser { void operator()(void* ds) const { GDALClose(ds); } };
struct GeometryDeleter { void operator()(void* g) const { OGR_G_DestroyGeometry(OGRGeometryH(g)); } };
struct SrsDeleter { void operator()(void* s) const { OSRDestroySpatialReference(OGRSpatialReferenceH(s)); } };
struct TransformDeleter {
    void operator()(void* t) const { OCTDestroyCoordinateTransformation(OGRCoordinateTransformationH(t)); }
};
// The OGR C handles are opaque pointers.
using Geometry = std::unique_ptr<std::remove_pointer_t<OGRGeometryH>, GeometryDeleter>;

/// Footprints of a source layer by FID, in the scene CRS.
class Footprints {
public:
    bool open(const std::string& path, const gis::LayerSpec& spec, const gis::SceneFrame& frame, std::string& error)
    {
        GDALAllRegister(); // idempotent; nothing else may have opened GDAL yet
        m_ds.reset(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
        if (!m_ds) { error = "cannot open " + path; return false; }
        m_layer = spec.sourceLayer.empty() ? GDALDatasetGetLayer(m_ds.get(), 0)
                                           : GDALDatasetGetLayerByName(m_ds.get(), spec.sourceLayer.c_str());
        if (!m_layer) { error = "no layer in " + path; return false; }
        OGRSpatialReferenceH source = OGR_L_GetSpatialRef(m_layer);
        m_target.reset(OSRNewSpatialReference(nullptr));
        OGRSpatialReferenceH target = OGRSpatialReferenceH(m_target.get());
        if (!source || OSRSetFromUserInput(target, frame.crsDefinition.c_str()) != OGRERR_NONE) {
            error = "no CRS to reproject footprints";
            return false;
        }
        m_source.reset(OSRClone(source));
        OSRSetAxisMappingStrategy(OGRSpatialReferenceH(m_source.get()), OAMS_TRADITIONAL_GIS_ORDER);
        OSRSetAxisMappingStrategy(target, OAMS_TRADITIONAL_GIS_ORDER);
        m_transform.reset(OCTNewCoordinateTransformation(OGRSpatialReferenceH(m_source.get()), target));
        if (!m_transform) { error = "cannot reproject footprints"; return false; }
        return true;
    }

    /// The footprint of FID `fid`, or null.
    OGRGeometryH get(int64_t fid)
    {
        auto it = m_cache.find(fid);
        if (it != m_cache.end()) return it->second.get();
        OGRGeometryH g = nullptr;
        if (OGRFeatureH f = OGR_L_GetFeature(m_layer, fid)) {
            if (OGRGeometryH ref = OGR_F_GetGeometryRef(f)) {
                g = OGR_G_Clone(ref);
                if (OGR_G_Transform(g, OGRCoordinateTransformationH(m_transform.get())) != OGRERR_NONE) {
                    OGR_G_DestroyGeometry(g);
                    g = nullptr;
                }
            }
            OGR_F_Destroy(f);
        }
        m_cache.emplace(fid, Geometry(g));
        return g;
    }

private:
    std::unique_ptr<void, DatasetCloser> m_ds;
    OGRLayerH m_layer = nullptr;
    std::unique_ptr<std::remove_pointer_t<OGRSpatialReferenceH>, SrsDeleter> m_source, m_target;
    std::unique_ptr<std::remove_pointer_t<OGRCoordinateTransformationH>, TransformDeleter> m_transform;
    std::unordered_map<int64_t, Geometry> m_cache;
};

bool contains(OGRGeometryH footprint, double x, double y)
{
    Geometry point(OGR_G_CreateGeometry(wkbPoint));
    OGR_G_SetPoint_2D(point.get(), 0, x, y);
    return footprint && OGR_G_Contains(footprint, point.get());
}

/// A point inside the footprint: its centroid when inside, else one on its surface.
bool interiorPoint(OGRGeometryH footprint, const gis::DVec2& centroid, double& x, double& y)
{
    if (contains(footprint, centroid.x, centroid.y)) {
        x = centroid.x;
        y = centroid.y;
        return true;
    }
    Geometry p(OGR_G_PointOnSurface(footprint));
    if (!p || OGR_G_IsEmpty(p.get())) return false;
    x = OGR_G_GetX(p.get(), 0);
    y = OGR_G_GetY(p.get(), 0);
    return true;
}

/// Where the ray through window pixel (px, py) crosses the height z.
/// Whether `p` lies on the walls of a building with this footprint (within
/// 5 cm of its outline, between its base and its top) and above `z`.
bool onWallAbove(OGRGeometryH footprint, const gis::FeatureRecord& building, const gis::DVec3& p, double z)
{
    if (!footprint || p.z < z || p.z < building.baseMeters - 0.05 ||
        p.z > building.baseMeters + building.heightMeters + 0.05)
        return false;
    Geometry point(OGR_G_CreateGeometry(wkbPoint));
    OGR_G_SetPoint_2D(point.get(), 0, p.x, p.y);
    Geometry outline(OGR_G_Boundary(footprint));
    return outline && OGR_G_Distance(outline.get(), point.get()) <= 0.05;
}

gis::DVec2 rayAtHeight(const osg::Matrixd& vpw, double px, double py, double z)
{
    const osg::Matrixd inverse = osg::Matrixd::inverse(vpw);
    const osg::Vec3d nearPoint = osg::Vec3d(px, py, 0) * inverse;
    const osg::Vec3d farPoint = osg::Vec3d(px, py, 1) * inverse;
    const double t = (z - nearPoint.z()) / (farPoint.z() - nearPoint.z());
    const osg::Vec3d p = nearPoint + (farPoint - nearPoint) * t;
    return {p.x(), p.y()};
}

osg::ref_ptr<osg::Camera> topDownCamera(const gis::DVec2& centre, int width, int height)
{
    render::CameraView view;
    view.target = {centre.x, centre.y, 0};
    view.rangeMeters = kRangeMeters;
    view.headingDeg = 0;
    view.pitchDeg = -89.5;
    osg::ref_ptr<osg::Camera> camera = new osg::Camera;
    camera->setViewport(0, 0, width, height);
    camera->setViewMatrix(render::viewMatrix(view));
    camera->setProjectionMatrix(render::projectionMatrix(view, double(width) / height));
    return camera;
}

} // namespace

gis::Result<bool> measurePicking(const render::CityScene& scene, render::LayerId layerId,
                                 const gis::ImportedLayer& layer, const std::string& sourcePath,
                                 int width, int height, int clicks, BenchCityResult& result)
{
    Footprints footprints;
    std::string error;
    if (!footprints.open(sourcePath, layer.spec, layer.frame, error))
        return gis::Result<bool>::failure("bench city: picking: " + error, sourcePath);
    std::vector<uint32_t> order(layer.features.size());
    std::iota(order.begin(), order.end(), 0u);
    std::mt19937_64 rng(7);
    std::shuffle(order.begin(), order.end(), rng);

    std::vector<double> ms;
    int correct = 0, onTarget = 0, unclickable = 0;
    for (uint32_t index : order) {
        if (int(ms.size()) >= clicks) break;
        const gis::FeatureRecord& f = layer.features[index];
        OGRGeometryH footprint = footprints.get(f.sourceFid);
        double x = 0, y = 0;
        if (!footprint || !interiorPoint(footprint, f.centroid, x, y)) continue;
        const gis::DVec2 cell{(std::floor(x / kCellMeters) + 0.5) * kCellMeters,
                              (std::floor(y / kCellMeters) + 0.5) * kCellMeters};
        auto camera = topDownCamera(cell, width, height);
        const osg::Matrixd vpw = camera->getViewMatrix() * camera->getProjectionMatrix() *
                                 camera->getViewport()->computeWindowMatrix();
        const osg::Vec3d roof = osg::Vec3d(x, y, f.baseMeters + f.heightMeters) * vpw;
        const double px = std::floor(roof.x()) + 0.5, py = std::floor(roof.y()) + 0.5;
        if (px < 0 || py < 0 || px >= width || py >= height) continue;
        // Aim only where the pixel's centre really lies over the roof (not
        // just beside a thin arm of it after rounding to the pixel).
        const gis::DVec2 aimed = rayAtHeight(vpw, px, py, f.baseMeters + f.heightMeters);
        if (!contains(footprint, aimed.x, aimed.y)) {
            ++unclickable;
            continue;
        }

        const auto t0 = std::chrono::steady_clock::now();
        const auto hit = scene.pick(*camera, px, py);
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        if (!hit || hit->layer != layerId || hit->featureIndex >= layer.features.size()) continue;
        if (hit->featureIndex == index) {
            ++onTarget;
            ++correct;
            continue;
        }
        // Another building: right if its roof is what lies under the pixel,
        // or its wall (a taller neighbour's wall in front of the aimed roof:
        // the hit lies on its footprint's outline, above the aimed roof).
        const gis::FeatureRecord& other = layer.features[hit->featureIndex];
        const gis::DVec2 under = rayAtHeight(vpw, px, py, other.baseMeters + other.heightMeters);
        OGRGeometryH otherFootprint = footprints.get(other.sourceFid);
        if (contains(otherFootprint, under.x, under.y) ||
            onWallAbove(otherFootprint, other, hit->point, f.baseMeters + f.heightMeters))
            ++correct;
    }
    result.pickClicks = int(ms.size());
    if (unclickable > 0)
        result.notes.push_back("picking: " + std::to_string(unclickable) +
                               " buildings skipped, no pixel centre over their roof point");
    if (ms.empty()) return gis::Result<bool>::failure("bench city: no building could be clicked", sourcePath);
    std::vector<double> sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    result.pickMs = sorted[sorted.size() / 2];
    result.pickMaxMs = sorted.back();
    result.pickCorrectPct = 100.0 * correct / double(ms.size());
    result.pickTargetPct = 100.0 * onTarget / double(ms.size());
    return true;
}

} // namespace citytwin::app
