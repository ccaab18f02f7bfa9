#pragma once
// The writing connection of the sensor history. Private to citytwin_data.

#include "citytwin/data/sensors/Sensor.h"
#include "citytwin/gis/Result.h"
#include "sqlite/SqliteHandles.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>

namespace citytwin::data::detail {

/// One write connection with the sensor-name interning table. Opened on any
/// thread, then used only by the history writer thread.
class HistoryWriter {
public:
    struct Written {
        int64_t committed = 0; ///< samples now durable
        int64_t rejected = 0;  ///< non-finite values or empty sensor ids, never stored
        int64_t lost = 0;      ///< samples of a batch that failed every retry
        std::string error;     ///< why the batch was lost; empty when none
    };

    /// Opens or creates the file (schema checks and migration included).
    static gis::Result<HistoryWriter> open(const std::string& path);

    /// Commits `count` samples in one transaction (retried a few times when
    /// the database is busy or the disk fails).
    Written write(const SensorSample* samples, size_t count);

    /// Deletes every sample with time < cutoffMs in one transaction.
    gis::Result<int64_t> deleteBefore(int64_t cutoffMs);

private:
    HistoryWriter(std::string path, SqliteDb db) : m_path(std::move(path)), m_db(std::move(db)) {}
    bool loadSensorIds();
    /// One attempt; false (and the transaction rolled back) on any error.
    bool tryWrite(const SensorSample* samples, size_t count, Written& out);
    std::string error(const std::string& what) const;

    std::string m_path;
    SqliteDb m_db;
    std::unordered_map<std::string, int64_t> m_ids; ///< committed sensor rows
};

} // namespace citytwin::data::detail
