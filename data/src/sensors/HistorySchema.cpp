#include "sensors/HistorySchema.h"

#include "sqlite/SchemaHeader.h"
#include "sqlite/SqliteStatement.h"
#include "sqlite/SqliteTransaction.h"

namespace citytwin::data::detail {

namespace {

constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE sensor(
  id    INTEGER PRIMARY KEY,
  name  TEXT NOT NULL UNIQUE
);
CREATE TABLE sample(
  sensor  INTEGER NOT NULL,
  time_ms INTEGER NOT NULL,
  value   REAL NOT NULL,
  PRIMARY KEY(sensor, time_ms)
) WITHOUT ROWID;
)sql";

/// Covering (value included): a replay step reads a few contiguous index
/// pages instead of one table page per sensor.
constexpr const char* kTimeIndex = "CREATE INDEX IF NOT EXISTS sample_time ON sample(time_ms, sensor, value)";

gis::Result<SchemaHeader> checkHeader(sqlite3* db, const std::string& path) {
    return checkSchemaHeader(db, path, "sensor history", HistorySchema::kApplicationId, HistorySchema::kVersion);
}

gis::Result<bool> migrate(sqlite3* db, const std::string& path) {
    auto fail = [&](const std::string& what) {
        return gis::Result<bool>::failure("sensor history " + path + ": " + what + ": " + sqliteError(db), path);
    };
    SqliteTransaction tx(db);
    if (tx.begin() != SQLITE_OK) return fail("cannot lock for schema update");
    int version = 0; // another connection may have migrated meanwhile
    if (!readPragmaInt(db, "PRAGMA user_version", version)) return fail("cannot read schema version");
    if (version == 0 && sqliteExec(db, kSchemaV1) != SQLITE_OK) return fail("cannot create tables");
    // Later versions: `if (version < 2) ALTER ...` here, each step in this transaction.
    const std::string stamp = "PRAGMA application_id=" + std::to_string(HistorySchema::kApplicationId) +
                              "; PRAGMA user_version=" + std::to_string(HistorySchema::kVersion);
    if (sqliteExec(db, stamp.c_str()) != SQLITE_OK) return fail("cannot stamp schema version");
    if (tx.commit() != SQLITE_OK) return fail("cannot commit schema");
    return true;
}

} // namespace

gis::Result<bool> HistorySchema::prepareForWriting(sqlite3* db, const std::string& path) {
    auto header = checkHeader(db, path);
    if (!header) return gis::Result<bool>::failure(header.diagnostics());
    // Only now that the file is known to be ours (or empty) may anything write.
    const bool walOn = [&] { // the statement must be finished before migrate() commits
        SqliteStatement wal(db, "PRAGMA journal_mode=WAL");
        return wal.ok() && wal.step() == SQLITE_ROW && wal.text(0) == "wal";
    }();
    if (!walOn)
        return gis::Result<bool>::failure("sensor history " + path + ": cannot enable WAL: " + sqliteError(db), path);
    // Each batch is durable once committed (a crash loses at most the batch
    // being written); one fsync per batch is cheap at a few batches a second.
    sqliteExec(db, "PRAGMA synchronous=FULL");
    if (header->userVersion != kVersion) {
        auto migrated = migrate(db, path);
        if (!migrated) return migrated;
    }
    // Replay reads all sensors by time. An extra index needs no new schema
    // version: older builds read and write such a file unchanged.
    if (sqliteExec(db, kTimeIndex) != SQLITE_OK)
        return gis::Result<bool>::failure("sensor history " + path + ": cannot create the time index: " +
                                              sqliteError(db),
                                          path);
    return true;
}

gis::Result<bool> HistorySchema::checkForReading(sqlite3* db, const std::string& path) {
    auto header = checkHeader(db, path);
    if (!header) return gis::Result<bool>::failure(header.diagnostics());
    if (header->userVersion < 1)
        return gis::Result<bool>::failure("sensor history " + path + " holds no history yet", path);
    return true;
}

} // namespace citytwin::data::detail
