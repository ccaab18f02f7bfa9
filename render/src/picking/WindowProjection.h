#pragma once
// World ↔ window mapping of a camera, for picking. Window coordinates are
// pixels of the camera's viewport, origin bottom-left, y up (OSG's).

#include <osg/Camera>
#include <osg/Matrixd>
#include <osg/Vec3d>

#include <optional>

namespace citytwin::render {

/// view * projection * window matrix of a camera, in double precision.
/// Nullopt without a viewport. GUI thread (reads the camera).
std::optional<osg::Matrixd> worldToWindowMatrix(const osg::Camera& camera);

/// Window position (x, y, depth 0..1) of a world point; nullopt behind the eye.
std::optional<osg::Vec3d> projectToWindow(const osg::Matrixd& worldToWindow, const osg::Vec3d& world);

/// The ray through a window pixel: from the near plane, unit direction away from the eye.
struct WindowRay {
    osg::Vec3d start;
    osg::Vec3d direction;
};
std::optional<WindowRay> windowRay(const osg::Camera& camera, double windowX, double windowY);

} // namespace citytwin::render
