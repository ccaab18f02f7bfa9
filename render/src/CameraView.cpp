#include "citytwin/render/CameraView.h"

#include <algorithm>
#include <cmath>

namespace citytwin::render {

namespace {
constexpr double kDegToRad = M_PI / 180.0;
constexpr double kRadToDeg = 180.0 / M_PI;
} // namespace

CameraView fitCamera(const gis::Extent2& extent, double maxHeightMeters, double aspect,
                     double headingDeg, double pitchDeg) {
    CameraView view;
    view.headingDeg = headingDeg;
    view.pitchDeg = pitchDeg;
    if (extent.empty()) {
        view.rangeMeters = 1000;
        return view;
    }
    const gis::DVec2 c = extent.centre();
    view.target = {c.x, c.y, 0.0};
    // The smallest range at which every corner of the box (extent x [0, max
    // height]) lies inside the view frustum: for a corner at offset d from the
    // target, screen x = d.right and depth = d.dir + range, so it needs
    // range >= |d.right| / tan(halfFovX) - d.dir (and the same for up).
    const double halfFovY = view.fovYDeg * kDegToRad / 2;
    const double tanY = std::tan(halfFovY);
    const double tanX = tanY * std::max(aspect, 1e-3);
    const osg::Vec3d dir = viewDirection(view);
    const double h = view.headingDeg * kDegToRad;
    const osg::Vec3d right(std::cos(h), -std::sin(h), 0.0);
    osg::Vec3d up = right ^ dir;
    up.normalize();
    double range = 1.0;
    for (double x : {extent.minX, extent.maxX})
        for (double y : {extent.minY, extent.maxY})
            for (double z : {0.0, std::max(0.0, maxHeightMeters)}) {
                const osg::Vec3d d(x - c.x, y - c.y, z);
                range = std::max(range, std::abs(d * right) / tanX - d * dir);
                range = std::max(range, std::abs(d * up) / tanY - d * dir);
            }
    view.rangeMeters = range * 1.05;
    return view;
}

osg::Vec3d viewDirection(const CameraView& view) {
    const double h = view.headingDeg * kDegToRad, p = view.pitchDeg * kDegToRad;
    return {std::sin(h) * std::cos(p), std::cos(h) * std::cos(p), std::sin(p)};
}

osg::Vec3d eyePosition(const CameraView& view) {
    const osg::Vec3d target(view.target.x, view.target.y, view.target.z);
    return target - viewDirection(view) * view.rangeMeters;
}

osg::Matrixd viewMatrix(const CameraView& view) {
    const double h = view.headingDeg * kDegToRad;
    const osg::Vec3d dir = viewDirection(view);
    const osg::Vec3d right(std::cos(h), -std::sin(h), 0.0);
    osg::Vec3d up = right ^ dir;
    up.normalize();
    const osg::Vec3d target(view.target.x, view.target.y, view.target.z);
    return osg::Matrixd::lookAt(target - dir * view.rangeMeters, target, up);
}

osg::Matrixd projectionMatrix(const CameraView& view, double aspect) {
    const double nearM = std::max(0.5, view.rangeMeters * 0.01);
    const double farM = std::max(10000.0, view.rangeMeters * 20.0);
    return osg::Matrixd::perspective(view.fovYDeg, aspect, nearM, farM);
}

CameraView cameraViewFromMatrix(const osg::Matrixd& matrix, const CameraView& like) {
    osg::Vec3d eye, centre, up;
    matrix.getLookAt(eye, centre, up, 1.0);
    osg::Vec3d dir = centre - eye;
    dir.normalize();
    CameraView view = like;
    view.pitchDeg = std::asin(std::clamp(dir.z(), -1.0, 1.0)) * kRadToDeg;
    if (std::abs(dir.x()) + std::abs(dir.y()) > 1e-9)
        view.headingDeg = std::atan2(dir.x(), dir.y()) * kRadToDeg;
    const osg::Vec3d target = eye + dir * view.rangeMeters;
    view.target = {target.x(), target.y(), target.z()};
    return view;
}

} // namespace citytwin::render
