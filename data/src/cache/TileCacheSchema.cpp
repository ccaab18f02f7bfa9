#include "cache/TileCacheSchema.h"

#include "citytwin/data/TileCache.h"
#include "sqlite/SchemaHeader.h"
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

/// Version 2: the layer an entry was built for, so its next build replaces it.
constexpr const char* kSchemaV2 = R"sql(
ALTER TABLE layer ADD COLUMN slot TEXT NOT NULL DEFAULT '';
CREATE INDEX layer_by_slot ON layer(slot);
)sql";

bool enableWal(sqlite3* db) {
    SqliteStatement wal(db, "PRAGMA journal_mode=WAL");
    return wal.ok() && wal.step() == SQLITE_ROW;
}

} // namespace

gis::Result<bool> TileCacheSchema::prepare(sqlite3* db, const std::string& path) {
    auto header = checkSchemaHeader(db, path, "tile cache", TileCache::kApplicationId, TileCache::kSchemaVersion);
    if (!header) return gis::Result<bool>::failure(header.diagnostics());

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
    if (!readPragmaInt(db, "PRAGMA user_version", version)) return fail("cannot read schema version");
    if (version == 0 && sqliteExec(db, kSchemaV1) != SQLITE_OK) return fail("cannot create tables");
    if (version < 2 && sqliteExec(db, kSchemaV2) != SQLITE_OK) return fail("cannot add layer slots");
    // Later versions: `if (version < 3) ALTER ...` here, each step in this transaction.
    const std::string stamp = "PRAGMA application_id=" + std::to_string(TileCache::kApplicationId) +
                              "; PRAGMA user_version=" + std::to_string(TileCache::kSchemaVersion);
    if (sqliteExec(db, stamp.c_str()) != SQLITE_OK) return fail("cannot stamp schema version");
    if (tx.commit() != SQLITE_OK) return fail("cannot commit schema");
    return true;
}

} // namespace citytwin::data::detail
