#include "FeaturePick.h"

#include "../FeatureStateTexture.h"
#include "../Shaders.h"
#include "WindowProjection.h"

#include <osg/Geometry>
#include <osgUtil/IntersectionVisitor>
#include <osgUtil/LineSegmentIntersector>

#include <cmath>
#include <limits>

namespace citytwin::render {

namespace {

/// Feature index of an intersection: the feature-id attribute of the hit
/// primitive's first vertex.
std::optional<uint32_t> featureOf(const osgUtil::LineSegmentIntersector::Intersection& hit) {
    const auto* geom = hit.drawable.valid() ? hit.drawable->asGeometry() : nullptr;
    if (!geom || hit.indexList.empty()) return std::nullopt;
    const auto* ids = dynamic_cast<const osg::FloatArray*>(geom->getVertexAttribArray(kFeatureIdAttribute));
    const unsigned vertex = hit.indexList.front();
    if (!ids || vertex >= ids->size()) return std::nullopt;
    return static_cast<uint32_t>(std::lround((*ids)[vertex]));
}

bool featureShown(const PickTarget& t, uint32_t feature) {
    return !t.state || t.state->flag(feature, FeatureStateTexture::kVisible);
}

struct Candidate {
    PickResult result;
    double distance = std::numeric_limits<double>::max(); ///< along the ray, or pixels for icons
};

void pickSurface(const PickTarget& t, const WindowRay& ray, double length, Candidate& best) {
    osg::ref_ptr<osgUtil::LineSegmentIntersector> intersector =
        new osgUtil::LineSegmentIntersector(ray.start, ray.start + ray.direction * length);
    osgUtil::IntersectionVisitor visitor(intersector.get());
    t.node->accept(visitor);
    // Sorted nearest first: the first hit on a shown feature is this layer's.
    for (const auto& hit : intersector->getIntersections()) {
        const std::optional<uint32_t> feature = featureOf(hit);
        if (!feature || !featureShown(t, *feature)) continue;
        const osg::Vec3d p = hit.getWorldIntersectPoint();
        const double d = (p - ray.start).length();
        if (d < best.distance) best = {{t.id, *feature, {p.x(), p.y(), p.z()}}, d};
        return;
    }
}

void pickIcons(const PickTarget& t, const osg::Matrixd& toWindow, double x, double y, Candidate& best) {
    if (!t.anchors) return;
    const double radius = 0.5 * t.pointPixels + 1.0;
    for (size_t i = 0; i < t.anchors->size(); ++i) {
        const gis::DVec3& a = (*t.anchors)[i];
        if (!featureShown(t, uint32_t(i))) continue;
        const auto w = projectToWindow(toWindow, {a.x, a.y, a.z});
        if (!w) continue;
        const double d = std::hypot(w->x() - x, w->y() - y);
        if (d <= radius && d < best.distance) best = {{t.id, uint32_t(i), a}, d};
    }
}

} // namespace

std::optional<PickResult> pickFeature(const std::vector<PickTarget>& targets, const osg::Camera& camera,
                                      double windowX, double windowY) {
    const auto toWindow = worldToWindowMatrix(camera);
    if (!toWindow) return std::nullopt;

    Candidate icon;
    for (const PickTarget& t : targets)
        if (t.node && t.kind == gis::LayerKind::Points) pickIcons(t, *toWindow, windowX, windowY, icon);
    if (icon.result.layer >= 0) return icon.result;

    // A ray exactly on the shared edge of two triangles (a click on a roof's
    // diagonal) can slip between them and hit what lies behind: two more
    // rays a small fraction of a pixel off the click, in directions no edge
    // shares with the first, and the nearest hit of the three wins.
    static constexpr double kJitter[][2] = {{0.0, 0.0}, {0.05, 0.03}, {-0.04, -0.06}};
    Candidate surface;
    for (const auto& offset : kJitter) {
        const auto ray = windowRay(camera, windowX + offset[0], windowY + offset[1]);
        if (!ray) return std::nullopt;
        for (const PickTarget& t : targets) {
            if (!t.node || t.kind == gis::LayerKind::Points) continue;
            // Long enough to cross the layer whatever the camera's far plane.
            const osg::BoundingSphere& b = t.node->getBound();
            if (!b.valid()) continue;
            const double length = (b.center() - ray->start).length() + 2.0 * b.radius() + 1.0;
            pickSurface(t, *ray, length, surface);
        }
    }
    if (surface.result.layer >= 0) return surface.result;
    return std::nullopt;
}

} // namespace citytwin::render
