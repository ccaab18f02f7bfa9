#pragma once
// A look-at camera in the scene CRS, as a plain value.

#include "citytwin/gis/Geometry.h"
#include "citytwin/gis/Result.h"
#include "citytwin/gis/SceneFrame.h"

#include <osg/Matrixd>
#include <osg/Vec3d>

#include <string>

namespace citytwin::render {

/// The camera looks at `target` from `rangeMeters` away. headingDeg is the
/// compass heading of the view direction (0 = looking north, 90 = east);
/// pitchDeg is the angle below the horizon, negative (-90 = straight down).
/// Vertical field of view is `fovYDeg`.
struct CameraView {
    gis::DVec3 target;
    double rangeMeters = 1000;
    double headingDeg = 0;
    double pitchDeg = -45;
    double fovYDeg = 30;
    bool operator==(const CameraView&) const = default;
};

/// A view that shows the whole extent (scene CRS) with buildings up to maxHeight.
CameraView fitCamera(const gis::Extent2& extent, double maxHeightMeters,
                     double aspect, double headingDeg = 0, double pitchDeg = -45);

/// Parses "LON,LAT,RANGE,HEADING,PITCH" (degrees, metres) and converts the
/// ground point into the scene CRS.
gis::Result<CameraView> parseCameraArgument(const std::string& text, const gis::SceneFrame& frame);

/// Unit view direction (scene CRS, z up) of a view.
osg::Vec3d viewDirection(const CameraView& view);

/// Eye position: target - direction * range.
osg::Vec3d eyePosition(const CameraView& view);

/// World → eye matrix of a view (OSG convention, double precision). The up
/// vector is +Z tilted into the view plane, so it stays defined at pitch -90.
osg::Matrixd viewMatrix(const CameraView& view);

/// Perspective projection of a view for an aspect ratio (width / height).
/// Near/far are a sensible default for the range; the viewer may tighten them.
osg::Matrixd projectionMatrix(const CameraView& view, double aspect);

/// The inverse of viewMatrix(): the view with the given eye matrix, keeping
/// rangeMeters and fovYDeg of `like` (the target is eye + dir * range).
CameraView cameraViewFromMatrix(const osg::Matrixd& viewMatrix, const CameraView& like);

} // namespace citytwin::render
