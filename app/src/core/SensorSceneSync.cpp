#include "core/SensorSceneSync.h"

#include "core/LayerStack.h"
#include "core/sensors/SensorSession.h"

#include "citytwin/data/ColorRamp.h"
#include "citytwin/data/sensors/SensorPalette.h"
#include "citytwin/render/HeatMap.h"
#include "citytwin/render/SensorOverlay.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <limits>

namespace citytwin::app {
namespace {

render::FeatureColor toFeatureColor(const data::Rgb& c) { return {c.r, c.g, c.b}; }

bool hasCurrentValue(const data::SensorState& s)
{
    return s.seen && s.status != data::SensorStatus::Stale && s.status != data::SensorStatus::Offline;
}

std::string formatValue(double v)
{
    const int decimals = std::abs(v) >= 100 ? 0 : 1;
    return QLocale().toString(v, 'f', decimals).toStdString();
}

std::string markerLabel(const data::Sensor& sensor, const data::SensorState* state)
{
    if (!state || !state->seen) return sensor.name.empty() ? sensor.id : sensor.name;
    std::string text = formatValue(state->value);
    if (!sensor.unit.empty()) {
        text += ' ';
        text += sensor.unit;
    }
    if (state->status == data::SensorStatus::Stale || state->status == data::SensorStatus::Offline) {
        const QString seen = QDateTime::fromMSecsSinceEpoch(state->timeMs).toLocalTime().toString(QStringLiteral("HH:mm"));
        text += " (last seen ";
        text += seen.toStdString();
        text += ')';
    }
    return text;
}

std::string heatTitle(data::SensorKind kind)
{
    switch (kind) {
    case data::SensorKind::AirPm25: return "Air quality PM2.5";
    case data::SensorKind::AirNo2: return "Air quality NO2";
    case data::SensorKind::Noise: return "Noise";
    default: return std::string("Heat map: ") + data::sensorKindName(kind);
    }
}

} // namespace

SensorSceneSync::SensorSceneSync(SensorSession& session, LayerStack& layers, QObject* parent)
    : QObject(parent), m_session(session), m_layers(layers)
{
    connect(&m_layers, &LayerStack::layersChanged, this, &SensorSceneSync::invalidate);
    connect(&m_layers, &LayerStack::layerChanged, this, [this](const QString& id) {
        // The style was written again: every sensor colour of that layer must be too.
        m_applied.erase(id.toStdString());
        m_dirty = true;
    });
    connect(&m_session, &SensorSession::sensorsChanged, this, &SensorSceneSync::invalidate);
    connect(&m_session, &SensorSession::frameReady, this, &SensorSceneSync::update);
    // Hundreds of sensors over a city: icons smaller than a lone point of interest.
    m_layers.scene().sensors().setMarkerSize(14.0f);
}

SensorSceneSync::~SensorSceneSync()
{
    render::SensorOverlay& overlay = m_layers.scene().sensors();
    overlay.setMarkers({});
    overlay.setBadges({});
    overlay.setBadgePositions({});
    overlay.clearHeatMap();
    m_layers.setExtraLegend({});
    // reapplyStyle() signals layerChanged, which this object listens to: stop listening first.
    disconnect(&m_layers, nullptr, this, nullptr);
    std::vector<std::string> recolour;
    for (const auto& [layerId, features] : m_applied)
        if (!features.empty()) recolour.push_back(layerId);
    m_applied.clear();
    for (const std::string& layerId : recolour) m_layers.reapplyStyle(layerId);
}

void SensorSceneSync::setSceneFrame(std::optional<gis::SceneFrame> frame)
{
    m_frame = std::move(frame);
    invalidate();
}

void SensorSceneSync::setLabelsVisible(bool visible)
{
    m_labels = visible;
    m_lastLabels.clear();
    m_layers.scene().sensors().setLabelsVisible(visible);
    emit redrawNeeded();
}

void SensorSceneSync::setHeatKind(std::optional<data::SensorKind> kind)
{
    m_heatKind = kind;
    m_heatInputs = 0;
    applyHeatMap();
    emit redrawNeeded();
}

void SensorSceneSync::invalidate() { m_dirty = true; }

std::optional<gis::DVec3> SensorSceneSync::sensorPosition(const std::string& sensorId) const
{
    auto it = m_positions.find(sensorId);
    if (it != m_positions.end()) return it->second;
    return std::nullopt;
}

std::vector<std::string> SensorSceneSync::sensorsOnFeature(const std::string& layerId, uint32_t featureIndex) const
{
    std::vector<std::string> ids;
    for (const auto& [sensorId, ref] : m_bindings)
        if (ref.layerId == layerId && ref.featureIndex == featureIndex) ids.push_back(sensorId);
    std::sort(ids.begin(), ids.end());
    return ids;
}

size_t SensorSceneSync::colouredFeatureCount() const
{
    size_t n = 0;
    for (const auto& [layerId, features] : m_applied) n += features.size();
    return n;
}

double SensorSceneSync::groundHeight(double x, double y) const
{
    const gis::ElevationModelPtr elevation = m_layers.elevation();
    if (!elevation) return 0.0;
    return elevation->drawnHeightAt(x, y).value_or(0.0);
}

void SensorSceneSync::rebuild()
{
    m_dirty = false;
    ++m_rebuilds;
    const auto lookup = vectorLayerLookup(m_layers.layers());
    const auto& sensors = m_session.registry().sensors();
    m_bindings = m_binder.resolve(sensors, lookup);
    m_positions.clear();
    m_markerIds.clear();
    std::vector<render::SensorMarker> markers;
    if (m_frame) {
        auto positions = sensorPositions(sensors, *m_frame, m_bindings, lookup);
        if (positions.ok()) {
            for (const SensorPosition& p : positions.value()) {
                gis::DVec3 at = p.position;
                if (!p.onFeature) at.z = groundHeight(at.x, at.y);
                m_positions[p.sensorId] = at;
                const data::Sensor* sensor = m_session.registry().find(p.sensorId);
                render::SensorMarker marker;
                marker.id = p.sensorId;
                marker.position = at;
                marker.group = sensor ? int(sensor->kind) : 0;
                marker.color = toFeatureColor(data::statusColor(data::SensorStatus::Offline));
                marker.stale = true;
                markers.push_back(std::move(marker));
                m_markerIds.push_back(p.sensorId);
            }
        }
    }
    m_layers.scene().sensors().setMarkers(std::move(markers));
    m_lastColors.clear();
    m_lastStale.clear();
    m_lastLabels.clear();
    m_lastBadges.clear();
    m_lastBadgePositions.clear();
    // Features no longer bound get their style back.
    std::set<std::string> stillBound;
    for (const auto& [sensorId, ref] : m_bindings) stillBound.insert(ref.layerId);
    for (auto it = m_applied.begin(); it != m_applied.end();) {
        if (!it->second.empty()) {
            const std::string layerId = it->first;
            it = m_applied.erase(it);
            m_layers.reapplyStyle(layerId); // re-entrant: erases m_applied[layerId] again (no-op)
        } else {
            ++it;
        }
    }
    m_heatInputs = 0;
}

void SensorSceneSync::update()
{
    if (m_dirty) rebuild();
    applyMarkers();
    applyBoundColors();
    applyHeatMap();
    const SensorFrame& frame = m_session.lastFrame();
    if (frame.snapshot.acceptedThisFrame > 0 || !frame.snapshot.transitions.empty() || !frame.newAlerts.empty() ||
        m_layers.scene().sensors().needsRedraw())
        emit redrawNeeded();
}

void SensorSceneSync::applyMarkers()
{
    render::SensorOverlay& overlay = m_layers.scene().sensors();
    const data::HubSnapshot& snapshot = m_session.lastFrame().snapshot;
    std::vector<render::FeatureColor> colors(m_markerIds.size());
    std::vector<uint8_t> stale(m_markerIds.size(), 1);
    std::vector<std::string> labels(m_labels ? m_markerIds.size() : 0);
    for (size_t i = 0; i < m_markerIds.size(); ++i) {
        const data::SensorState* state = snapshot.find(m_markerIds[i]);
        const data::SensorStatus status = state ? state->status : data::SensorStatus::Offline;
        colors[i] = toFeatureColor(data::statusColor(status));
        stale[i] = (!state || !state->seen || status == data::SensorStatus::Stale ||
                    status == data::SensorStatus::Offline) ? 1 : 0;
        if (m_labels) {
            const data::Sensor* sensor = m_session.registry().find(m_markerIds[i]);
            if (sensor) labels[i] = markerLabel(*sensor, state);
        }
    }
    // Only what changed: an idle city draws no frames.
    if (colors != m_lastColors || stale != m_lastStale) {
        overlay.setMarkerColors(colors, stale);
        m_lastColors = std::move(colors);
        m_lastStale = std::move(stale);
    }
    if (m_labels && labels != m_lastLabels) {
        overlay.setMarkerLabels(labels);
        m_lastLabels = std::move(labels);
    }

    // Badges: unacknowledged alerts; sensors without a marker get one at their feature.
    std::vector<std::string> badged = m_session.alerts().unacknowledgedSensors();
    std::vector<std::string> onMarkers;
    std::vector<gis::DVec3> extra;
    const std::set<std::string> markerSet(m_markerIds.begin(), m_markerIds.end());
    for (const std::string& id : badged) {
        if (markerSet.count(id)) onMarkers.push_back(id);
        else if (auto p = sensorPosition(id)) extra.push_back(*p);
    }
    if (onMarkers != m_lastBadges || extra != m_lastBadgePositions) {
        overlay.setBadges(onMarkers);
        overlay.setBadgePositions(extra);
        m_lastBadges = std::move(onMarkers);
        m_lastBadgePositions = std::move(extra);
    }
}

void SensorSceneSync::applyBoundColors()
{
    const auto colours = boundFeatureColors(m_session.lastFrame(), m_session.registry(), m_bindings);
    render::CityScene& scene = m_layers.scene();
    for (const auto& [layerId, list] : colours) {
        const LayerEntry* entry = m_layers.find(layerId);
        if (!entry || entry->sceneId < 0) continue;
        auto& applied = m_applied[layerId];
        for (const FeatureColor& fc : list) {
            auto it = applied.find(fc.featureIndex);
            if (it != applied.end() && it->second == fc.color) continue;
            scene.setFeatureColor(entry->sceneId, fc.featureIndex, toFeatureColor(fc.color));
            applied[fc.featureIndex] = fc.color;
        }
    }
}

void SensorSceneSync::applyHeatMap()
{
    render::SensorOverlay& overlay = m_layers.scene().sensors();
    if (!m_heatKind) {
        if (overlay.hasHeatMap()) overlay.clearHeatMap();
        m_layers.setExtraLegend({});
        return;
    }
    const data::HubSnapshot& snapshot = m_session.lastFrame().snapshot;
    render::HeatMapInput input;
    std::string unit;
    for (const std::string& id : m_markerIds) {
        const data::Sensor* sensor = m_session.registry().find(id);
        if (!sensor || sensor->kind != *m_heatKind) continue;
        const gis::DVec3 p = m_positions[id];
        input.positions.push_back({p.x, p.y});
        const data::SensorState* state = snapshot.find(id);
        input.values.push_back(state && hasCurrentValue(*state) ? state->value
                                                                : std::numeric_limits<double>::quiet_NaN());
        if (unit.empty()) unit = sensor->unit;
    }
    if (input.positions.empty()) {
        if (overlay.hasHeatMap()) overlay.clearHeatMap();
        m_layers.setExtraLegend({});
        return;
    }
    // Same sensors as last time: new colours only.
    const uint64_t key = m_rebuilds * 64 + uint64_t(*m_heatKind) + 1;
    if (m_heatInputs == key && overlay.hasHeatMap()) {
        const bool same = input.values.size() == m_lastHeatValues.size() &&
                          std::equal(input.values.begin(), input.values.end(), m_lastHeatValues.begin(),
                                     [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); });
        if (same) return;
        if (overlay.setHeatValues(input.values)) {
            m_lastHeatValues = std::move(input.values);
            return;
        }
    }
    m_lastHeatValues = input.values;

    const data::ValueDomain domain = data::valueDomain(*m_heatKind);
    input.domainMin = domain.min;
    input.domainMax = domain.max;
    auto stops = data::rampColors(domain.ramp, 5);
    if (domain.reversed) std::reverse(stops.begin(), stops.end());
    for (const data::Rgb& c : stops) input.ramp.push_back(toFeatureColor(c));
    input.cellMeters = 20;
    input.maxDistanceMeters = 450;
    input.groundHeight = [this](double x, double y) { return groundHeight(x, y); };
    overlay.setHeatMap(input);
    m_heatInputs = key;
    if (unit.empty()) unit = data::sensorDefaults(*m_heatKind).unit;
    m_layers.setExtraLegend(render::heatLegend(input, heatTitle(*m_heatKind), unit));
}

} // namespace citytwin::app
