#include "citytwin/data/sensors/SensorRegistry.h"

#include <algorithm>

namespace citytwin::data {

bool SensorRegistry::add(Sensor sensor) {
    if (sensor.id.empty() || m_byId.count(sensor.id)) return false;
    const size_t index = m_sensors.size();
    m_byId.emplace(sensor.id, index);
    if (!sensor.datastreamId.empty()) m_byDatastream.emplace(sensor.datastreamId, index);
    m_sensors.push_back(std::move(sensor));
    return true;
}

bool SensorRegistry::update(Sensor sensor) {
    const auto it = m_byId.find(sensor.id);
    if (it == m_byId.end()) return false;
    const bool streamChanged = m_sensors[it->second].datastreamId != sensor.datastreamId;
    m_sensors[it->second] = std::move(sensor);
    if (streamChanged) reindex();
    return true;
}

void SensorRegistry::upsert(Sensor sensor) {
    if (!update(sensor)) add(std::move(sensor));
}

bool SensorRegistry::remove(std::string_view id) {
    const auto it = m_byId.find(std::string(id));
    if (it == m_byId.end()) return false;
    m_sensors.erase(m_sensors.begin() + std::ptrdiff_t(it->second));
    reindex();
    return true;
}

void SensorRegistry::clear() {
    m_sensors.clear();
    m_byId.clear();
    m_byDatastream.clear();
}

const Sensor* SensorRegistry::find(std::string_view id) const {
    const auto it = m_byId.find(std::string(id));
    return it == m_byId.end() ? nullptr : &m_sensors[it->second];
}

const Sensor* SensorRegistry::findByDatastream(std::string_view datastreamId) const {
    const auto it = m_byDatastream.find(std::string(datastreamId));
    return it == m_byDatastream.end() ? nullptr : &m_sensors[it->second];
}

void SensorRegistry::reindex() {
    m_byId.clear();
    m_byDatastream.clear();
    for (size_t i = 0; i < m_sensors.size(); ++i) {
        m_byId.emplace(m_sensors[i].id, i);
        // The first sensor claiming a Datastream keeps it.
        if (!m_sensors[i].datastreamId.empty()) m_byDatastream.emplace(m_sensors[i].datastreamId, i);
    }
}

} // namespace citytwin::data
