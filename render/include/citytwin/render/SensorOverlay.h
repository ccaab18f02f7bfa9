#pragma once
// Live sensors in the 3D view: markers, their labels, pulsing alert badges
// and a heat map. Owned by CityScene (CityScene::sensors()).

#include "citytwin/gis/Geometry.h"
#include "citytwin/render/CityScene.h"
#include "citytwin/render/HeatMap.h"

#include <osg/Camera>
#include <osg/Node>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace citytwin::render {

class LabelOverlay; // render/src/overlay: the scene's decluttered labels

/// One positioned sensor as drawn.
struct SensorMarker {
    std::string id;          ///< sensor id (badges refer to it)
    gis::DVec3 position;     ///< scene CRS; z = ground height (the icon floats kMarkerLiftMeters above)
    int group = 0;           ///< marker kind 0..N-1: one drawable and one shape per group
    FeatureColor color;      ///< fill colour (status colour)
    bool stale = false;      ///< drawn grey and smaller
    bool operator==(const SensorMarker&) const = default;
};

/// Height of a marker icon above its position (metres), like point icons.
inline constexpr double kMarkerLiftMeters = 3.0;
/// Number of distinct marker shapes; groups beyond it repeat them.
inline constexpr int kMarkerShapeCount = 5;

/// Sensor markers, labels, alert badges and a heat map under one node that
/// CityScene puts above the layers (its root's child, after the vector
/// layers; CityScene::needsRedraw() includes this overlay).
///
/// Markers: constant-pixel-size icons (point sprites), one osg::Geometry and
/// one draw call per non-empty group, shape by group (circle, square,
/// diamond, triangle, hexagon; then again) with a white ring and a dark rim;
/// stale ones grey and smaller. They are drawn over everything (no depth
/// test) in a bin after every layer, so an alert is never hidden behind a
/// building; labels go above them. Every geometry hangs under a
/// double-precision MatrixTransform at a local origin (float vertices
/// relative to it), as the layer tiles do.
///
/// Window coordinates (pickMarker, CityScene::pick): pixels in the camera's
/// viewport, origin at the bottom-left, y up (OSG's convention; a Qt widget's
/// y is height - y).
///
/// GUI thread only (the thread that runs frames), every method.
class SensorOverlay {
public:
    /// A stand-alone overlay with its own labels. CityScene builds its own
    /// with the scene's label overlay, so sensor labels declutter with the
    /// layers' labels (sensor labels are placed first).
    SensorOverlay();
    explicit SensorOverlay(LabelOverlay* sharedLabels);
    ~SensorOverlay();
    SensorOverlay(const SensorOverlay&) = delete;
    SensorOverlay& operator=(const SensorOverlay&) = delete;

    osg::Node* node() const;

    /// Replaces every marker (rebuilds their geometry; badges by id follow).
    void setMarkers(std::vector<SensorMarker> markers);
    const std::vector<SensorMarker>& markers() const;
    /// Colours and staleness only, by marker index (short vectors leave the
    /// rest; stale[i] non-zero = stale): writes the colour arrays, never the
    /// vertices or primitives.
    void setMarkerColors(const std::vector<FeatureColor>& colors, const std::vector<uint8_t>& stale);
    /// Icon diameter of a fresh marker in pixels (default 18; stale: 70 %).
    void setMarkerSize(float pixels);

    /// Label text of marker i (e.g. "42 km/h"), "" for none; shown beside the
    /// icon while labels are visible (off by default), decluttered.
    void setMarkerLabels(std::vector<std::string> textPerMarker);
    void setLabelsVisible(bool visible);
    bool labelsVisible() const;

    /// Pulsing rings (size and alpha over ~1 s) around the markers with these
    /// ids (unknown ids are ignored) and at these extra positions (scene CRS,
    /// z = ground height), e.g. sensors bound to a feature rather than placed.
    void setBadges(std::vector<std::string> sensorIds);
    void setBadgePositions(std::vector<gis::DVec3> positions);
    /// Rings drawn now (badged markers found + extra positions).
    int badgeCount() const;
    /// True while any badge is shown: the app keeps drawing frames.
    bool animating() const;
    /// The time the pulse is drawn at: nullopt (default) = the viewer's frame
    /// time; a value freezes the animation there (deterministic images).
    void setFixedAnimationTime(std::optional<double> seconds);

    /// A heat map of the input (replaces any); an input without a sensor
    /// value clears it. clearHeatMap removes it.
    void setHeatMap(const HeatMapInput& input);
    void clearHeatMap();
    bool hasHeatMap() const;
    /// New values for the same positions (same size as the last input's):
    /// recomputes the grid values and the colour array only; the mesh stays.
    /// False (and nothing changes) without a heat map or on a size mismatch.
    bool setHeatValues(const std::vector<double>& values);
    /// The grid of the heat map drawn now (empty grid when none).
    const HeatGrid& heatGrid() const;

    /// The nearest marker whose icon centre projects within radiusPixels of
    /// (windowX, windowY) (see window coordinates above); markers behind the
    /// camera are skipped. Uses the camera's view, projection and viewport.
    std::optional<size_t> pickMarker(const osg::Camera& camera, double windowX, double windowY,
                                     double radiusPixels) const;

    /// Something changed since the last update traversal (render on demand).
    bool needsRedraw() const;

    struct Impl; ///< implementation detail (shared with its callbacks)

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace citytwin::render
