#include "WindowProjection.h"

#include <osg/Viewport>

namespace citytwin::render {

std::optional<osg::Matrixd> worldToWindowMatrix(const osg::Camera& camera) {
    const osg::Viewport* vp = camera.getViewport();
    if (!vp || vp->width() <= 0 || vp->height() <= 0) return std::nullopt;
    return camera.getViewMatrix() * camera.getProjectionMatrix() * vp->computeWindowMatrix();
}

std::optional<osg::Vec3d> projectToWindow(const osg::Matrixd& m, const osg::Vec3d& world) {
    const osg::Vec4d clip = osg::Vec4d(world, 1.0) * m;
    if (clip.w() <= 1e-9) return std::nullopt;
    return osg::Vec3d(clip.x() / clip.w(), clip.y() / clip.w(), clip.z() / clip.w());
}

std::optional<WindowRay> windowRay(const osg::Camera& camera, double windowX, double windowY) {
    const auto m = worldToWindowMatrix(camera);
    if (!m) return std::nullopt;
    osg::Matrixd inverse;
    if (!inverse.invert(*m)) return std::nullopt;
    const osg::Vec3d nearPoint = osg::Vec3d(windowX, windowY, 0.0) * inverse;
    const osg::Vec3d farPoint = osg::Vec3d(windowX, windowY, 1.0) * inverse;
    osg::Vec3d dir = farPoint - nearPoint;
    if (dir.normalize() <= 0) return std::nullopt;
    return WindowRay{nearPoint, dir};
}

} // namespace citytwin::render
