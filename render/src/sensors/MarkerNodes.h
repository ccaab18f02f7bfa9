#pragma once
// Scene nodes of the sensor overlay: marker sprites, badge rings, their
// render state. GUI thread (they go straight into the live graph).

#include "citytwin/render/SensorOverlay.h"

#include <osg/Geometry>
#include <osg/MatrixTransform>
#include <osg/Program>

#include <string>
#include <vector>

namespace citytwin::render {

/// The label-overlay layer id of sensor labels (scene layer ids start at 1).
inline constexpr int kSensorLabelLayerId = -2;

/// Render bins: the heat map after every opaque layer (buildings and points
/// included) but before blended ones; badges, then markers, after every
/// layer and before the labels (LayerDrawState.h has the layers' bins).
namespace sensorBins {
inline constexpr int kHeatMap = 5000;
inline constexpr int kBadges = 25000;
inline constexpr int kMarkers = 25001;
} // namespace sensorBins

/// Colour array value of a marker: rgb, alpha 0 = stale (the shader's flag).
osg::Vec4 markerColorValue(FeatureColor color, bool stale);

/// One GL_POINTS geometry of the given markers (vertex i = markers[indices[i]]),
/// vertices relative to `origin` and lifted kMarkerLiftMeters, a colour
/// array per vertex, its shape uniform. Named "sensor markers <group>".
osg::ref_ptr<osg::Geometry> makeMarkerGeometry(const std::vector<SensorMarker>& markers,
                                               const std::vector<unsigned>& indices, int group,
                                               const osg::Vec3d& origin);

/// One GL_POINTS geometry of ring sprites at `positions` (scene CRS,
/// already lifted), relative to `origin`. Named "sensor badges".
osg::ref_ptr<osg::Geometry> makeBadgeGeometry(const std::vector<osg::Vec3d>& positions,
                                              const osg::Vec3d& origin);

/// State of the markers' transform: program, size, sprites, no depth test, bin.
void applyMarkerState(osg::StateSet& ss, osg::Program* program, osg::Uniform* markerSize);
/// State of the badges' transform: program, time, blending, no depth test, bin.
void applyBadgeState(osg::StateSet& ss, osg::Program* program, osg::Uniform* time);
/// State of the heat map's transform: program, blending, no depth write,
/// polygon offset, bin.
void applyHeatState(osg::StateSet& ss, osg::Program* program);

} // namespace citytwin::render
