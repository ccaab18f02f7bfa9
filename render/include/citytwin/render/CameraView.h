#pragma once
// A look-at camera in the scene CRS, as a plain value.

#include "citytwin/gis/Geometry.h"
#include "citytwin/gis/Result.h"
#include "citytwin/gis/SceneFrame.h"

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

} // namespace citytwin::render
