#include "sensors/HistorySchema.h"

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

struct Header {
    int applicationId = 0;
    int userVersion = 0;
    int objectCount = 0;
};

std::string refusal(const std::string& path, const std::string& why) {
    return "cannot use sensor history " + path + ": " + why + "; the file was left unchanged";
}

bool readInt(sqlite3* db, const char* sql, int& out) {
    SqliteStatement stmt(db, sql);
    if (!stmt.ok() || stmt.step() != SQLITE_ROW) return false;
    out = static_cast<int>(stmt.int64(0));
    return true;
}

gis::Result<Header> readHeader(sqlite3* db, const std::string& path) {
    Header h;
    if (!readInt(db, "PRAGMA application_id", h.applicationId) ||
        !readInt(db, "PRAGMA user_version", h.userVersion) ||
        !readInt(db, "SELECT count(*) FROM sqlite_master", h.objectCount)) {
        const int code = sqlite3_errcode(db);
        const std::string why = code == SQLITE_NOTADB    ? "not an SQLite database"
                                : code == SQLITE_CORRUPT ? "the database is damaged"
                                                         : "cannot read it";
        return gis::Result<Header>::failure(refusal(path, why + " (" + sqliteError(db) + ")"), path);
    }
    return h;
}

/// Refuses newer versions and other applications' files.
gis::Result<Header> checkHeader(sqlite3* db, const std::string& path) {
    auto header = readHeader(db, path);
    if (!header) return header;
    if (header->userVersion > HistorySchema::kVersion)
        return gis::Result<Header>::failure(
            refusal(path, "its schema version " + std::to_string(header->userVersion) +
                              " is newer than this CityTwin supports (" +
                              std::to_string(HistorySchema::kVersion) + ")"),
            path);
    const bool empty = header->objectCount == 0 && header->applicationId == 0;
    if (!empty && header->applicationId != HistorySchema::kApplicationId)
        return gis::Result<Header>::failure(
            refusal(path, "it is an SQLite database of another application (application_id " +
                              std::to_string(header->applicationId) + ")"),
            path);
    return header;
}

gis::Result<bool> migrate(sqlite3* db, const std::string& path) {
    auto fail = [&](const std::string& what) {
        return gis::Result<bool>::failure("sensor history " + path + ": " + what + ": " + sqliteError(db), path);
    };
    SqliteTransaction tx(db);
    if (tx.begin() != SQLITE_OK) return fail("cannot lock for schema update");
    int version = 0; // another connection may have migrated meanwhile
    if (!readInt(db, "PRAGMA user_version", version)) return fail("cannot read schema version");
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
    if (header->userVersion == kVersion) return true;
    return migrate(db, path);
}

gis::Result<bool> HistorySchema::checkForReading(sqlite3* db, const std::string& path) {
    auto header = checkHeader(db, path);
    if (!header) return gis::Result<bool>::failure(header.diagnostics());
    if (header->userVersion < 1)
        return gis::Result<bool>::failure("sensor history " + path + " holds no history yet", path);
    return true;
}

} // namespace citytwin::data::detail
