#pragma once
// Keeps the 3D view in step with the sensor session: markers coloured by
// status, value labels, pulsing badges of unacknowledged alerts, the heat map
// of one kind, and bound city objects coloured live through the layers'
// feature-state textures (never their geometry).

#include "core/sensors/SensorBinder.h"

#include "citytwin/data/sensors/Sensor.h"
#include "citytwin/gis/SceneFrame.h"
#include "citytwin/render/CityScene.h"

#include <QObject>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace citytwin::app {

class LayerStack;
class SensorSession;

/// GUI thread only.
class SensorSceneSync : public QObject {
    Q_OBJECT
public:
    SensorSceneSync(SensorSession& session, LayerStack& layers, QObject* parent = nullptr);
    ~SensorSceneSync() override;

    void setSceneFrame(std::optional<gis::SceneFrame> frame);
    /// Value + unit beside every marker.
    void setLabelsVisible(bool visible);
    bool labelsVisible() const { return m_labels; }
    /// The kind drawn as a heat map (air quality, noise, ...); none = off.
    void setHeatKind(std::optional<data::SensorKind> kind);
    std::optional<data::SensorKind> heatKind() const { return m_heatKind; }

    /// Sensors, bindings or layers changed: markers and bindings are rebuilt
    /// at the next update().
    void invalidate();
    /// Applies the session's last frame to the scene. Called on frameReady.
    void update();

    /// Marker i's sensor id (the order of SensorOverlay's markers).
    const std::vector<std::string>& markerSensors() const { return m_markerIds; }
    /// Where a sensor is drawn (scene CRS; z = ground or the bound feature's top).
    std::optional<gis::DVec3> sensorPosition(const std::string& sensorId) const;
    /// Sensors bound to one feature of a layer.
    std::vector<std::string> sensorsOnFeature(const std::string& layerId, uint32_t featureIndex) const;
    const ResolvedBindings& bindings() const { return m_bindings; }
    /// Features currently coloured by sensors, per layer id.
    size_t colouredFeatureCount() const;

signals:
    void redrawNeeded();

private:
    void rebuild();
    void applyMarkers();
    void applyBoundColors();
    void applyHeatMap();
    double groundHeight(double x, double y) const;

    SensorSession& m_session;
    LayerStack& m_layers;
    SensorBinder m_binder;
    std::optional<gis::SceneFrame> m_frame;
    bool m_dirty = true;
    bool m_labels = false;
    std::optional<data::SensorKind> m_heatKind;
    uint64_t m_heatInputs = 0;             ///< marker set the heat map was built for
    ResolvedBindings m_bindings;
    std::vector<std::string> m_markerIds;
    std::map<std::string, gis::DVec3> m_positions;
    std::map<std::string, std::map<uint32_t, data::Rgb>> m_applied; ///< layer id → feature → colour written
    uint64_t m_rebuilds = 0;
    // What the overlay shows now (so unchanged frames write nothing).
    std::vector<render::FeatureColor> m_lastColors;
    std::vector<uint8_t> m_lastStale;
    std::vector<std::string> m_lastLabels;
    std::vector<std::string> m_lastBadges;
    std::vector<gis::DVec3> m_lastBadgePositions;
    std::vector<double> m_lastHeatValues;
};

} // namespace citytwin::app
