#pragma once
// Opening checks and schema migrations of the sensor history file.
// Private to citytwin_data.

#include "citytwin/gis/Result.h"

#include <string>

struct sqlite3;

namespace citytwin::data::detail {

/// The history file: application_id 'CTsh', schema version in user_version.
/// Tables: sensor(id INTEGER PRIMARY KEY, name TEXT UNIQUE) interning sensor
/// ids, and sample(sensor, time_ms, value) keyed by (sensor, time_ms)
/// without rowid, so one sensor's samples lie together in time order; the
/// covering index sample_time(time_ms, sensor, value) (created by the writer
/// when missing, no version change) serves queries over all sensors by time
/// (replay).
class HistorySchema {
public:
    static constexpr int kVersion = 1;
    static constexpr int kApplicationId = 0x43547368; // 'CTsh'

    /// Checks that an open connection holds a history this build can use
    /// (or an empty database), touching nothing until that is known, then
    /// sets WAL mode and creates/migrates the tables in one transaction.
    /// Connection's thread.
    static gis::Result<bool> prepareForWriting(sqlite3* db, const std::string& path);
    /// The same checks for a reading connection; writes nothing at all, and
    /// refuses a file that is empty (no history there yet).
    static gis::Result<bool> checkForReading(sqlite3* db, const std::string& path);
};

} // namespace citytwin::data::detail
