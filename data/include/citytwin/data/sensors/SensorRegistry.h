#pragma once
// The sensors of a project by id, in insertion order. A plain value: the hub
// owns one, the import and the project file build and read them.

#include "citytwin/data/sensors/Sensor.h"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace citytwin::data {

class SensorRegistry {
public:
    /// Adds a sensor; false (and unchanged) when the id is empty or taken.
    bool add(Sensor sensor);
    /// Replaces the sensor with the same id; false when there is none.
    bool update(Sensor sensor);
    /// Adds or replaces.
    void upsert(Sensor sensor);
    /// Removes by id; false when there is none.
    bool remove(std::string_view id);
    void clear();

    const Sensor* find(std::string_view id) const;
    /// The sensor whose datastreamId is this SensorThings Datastream id.
    const Sensor* findByDatastream(std::string_view datastreamId) const;
    bool contains(std::string_view id) const { return find(id) != nullptr; }
    const std::vector<Sensor>& sensors() const { return m_sensors; }
    size_t size() const { return m_sensors.size(); }

    bool operator==(const SensorRegistry& other) const { return m_sensors == other.m_sensors; }

private:
    void reindex();

    std::vector<Sensor> m_sensors;
    std::unordered_map<std::string, size_t> m_byId;
    std::unordered_map<std::string, size_t> m_byDatastream;
};

} // namespace citytwin::data
