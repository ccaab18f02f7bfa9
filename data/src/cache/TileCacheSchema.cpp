#include "cache/TileCacheSchema.h"

#include "citytwin/data/TileCache.h"
#include "sqlite/SqliteStatement.h"
#include "sqlite/SqliteTransaction.h"

namespace citytwin::data::detail {

namespace {

constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE layer(
  fingerprint   TEXT PRIMARY KEY NOT NULL,
  name          TEXT NOT NULL,
  meta_json     TEXT NOT NULL,
  feature_count INTEGER NOT NULL,
  chunk_count   INTEGER NOT NULL,
  bytes         INTEGER NOT NULL,
  stored_utc    INTEGER NOT NULL
);
CREATE TABLE feature_block(
  fingerprint   TEXT NOT NULL,
  block         INTEGER NOT NULL,
  data          BLOB NOT NULL,
  PRIMARY KEY(fingerprint, block)
);
CREATE TABLE tile(
  fingerprint   TEXT NOT NULL,
  x             INTEGER NOT NULL,
  y             INTEGER NOT NULL,
  level         INTEGER NOT NULL,
  part          INTEGER NOT NULL,
  seq           INTEGER NOT NULL,
  vertex_count  INTEGER NOT NULL,
  triangle_count INTEGER NOT NULL,
  mesh          BLOB NOT NULL,
  PRIMARY KEY(fingerprint, x, y, level, part)
);
CREATE INDEX tile_by_seq ON tile(fingerprint, seq);
)sql";

std::string refusal(const std::string& path, const std::string& why) {
    return "cannot use tile cache " + path + ": " + why + "; the file was left unchanged";
}

/// Reads one integer from a statement such as "PRAGMA user_version".
bool readInt(sqlite3* db, const char* sql, int& out) {
    SqliteStatement stmt(db, sql);
    if (!stmt.ok() || stmt.step() != SQLITE_ROW) return false;
    out = static_cast<int>(stmt.int64(0));
    return true;
}

bool enableWal(sqlite3* db) {
    SqliteStatement wal(db, "PRAGMA journal_mode=WAL");
    return wal.ok() && wal.step() == SQLITE_ROW;
}

} // namespace

gis::Result<TileCacheSchema::Header> TileCacheSchema::readHeader(sqlite3* db,
                                                                const std::string& path) {
    Header h;
    if (!readInt(db, "PRAGMA application_id", h.applicationId) ||
        !readInt(db, "PRAGMA user_version", h.userVersion) ||
        !readInt(db, "SELECT count(*) FROM sqlite_master", h.objectCount)) {
        const int code = sqlite3_errcode(db);
        const std::string why = code == SQLITE_NOTADB ? "not an SQLite database"
                                : code == SQLITE_CORRUPT ? "the database is damaged"
                                                         : "cannot read it";
        return gis::Result<Header>::failure(refusal(path, why + " (" + sqliteError(db) + ")"), path);
    }
    return h;
}

gis::Result<bool> TileCacheSchema::prepare(sqlite3* db, const std::string& path) {
    auto header = readHeader(db, path);
    if (!header) return gis::Result<bool>::failure(header.diagnostics());
    if (header->userVersion > TileCache::kSchemaVersion)
        return gis::Result<bool>::failure(
            refusal(path, "its schema version " + std::to_string(header->userVersion) +
                              " is newer than this CityTwin supports (" +
                              std::to_string(TileCache::kSchemaVersion) + ")"),
            path);
    const bool empty = header->objectCount == 0 && header->applicationId == 0;
    if (!empty && header->applicationId != TileCache::kApplicationId)
        return gis::Result<bool>::failure(
            refusal(path, "it is an SQLite database of another application (application_id " +
                              std::to_string(header->applicationId) + ")"),
            path);

    // Only now that the file is known to be ours (or empty) may anything write.
    if (!enableWal(db))
        return gis::Result<bool>::failure("tile cache " + path + ": cannot enable WAL: " +
                                          sqliteError(db), path);
    sqliteExec(db, "PRAGMA synchronous=NORMAL");
    if (header->userVersion == TileCache::kSchemaVersion) return true;
    return migrate(db, path);
}

gis::Result<bool> TileCacheSchema::migrate(sqlite3* db, const std::string& path) {
    auto fail = [&](const std::string& what) {
        return gis::Result<bool>::failure("tile cache " + path + ": " + what + ": " + sqliteError(db),
                                          path);
    };
    SqliteTransaction tx(db);
    if (tx.begin() != SQLITE_OK) return fail("cannot lock for schema update");
    int version = 0; // another connection may have migrated meanwhile
    if (!readInt(db, "PRAGMA user_version", version)) return fail("cannot read schema version");
    if (version == 0 && sqliteExec(db, kSchemaV1) != SQLITE_OK) return fail("cannot create tables");
    // Later versions: `if (version < 2) ALTER ...` here, each step in this transaction.
    const std::string stamp = "PRAGMA application_id=" + std::to_string(TileCache::kApplicationId) +
                              "; PRAGMA user_version=" + std::to_string(TileCache::kSchemaVersion);
    if (sqliteExec(db, stamp.c_str()) != SQLITE_OK) return fail("cannot stamp schema version");
    if (tx.commit() != SQLITE_OK) return fail("cannot commit schema");
    return true;
}

} // namespace citytwin::data::detail
