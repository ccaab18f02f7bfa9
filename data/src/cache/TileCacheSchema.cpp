#include "cache/TileCacheSchema.h"

#include "citytwin/data/TileCache.h"
#include "sqlite/SchemaHeader.h"
#include "sqlite/SqliteStatement.h"
#include "sqlite/SqliteTransaction.h"

namespace citytwin::data::detail {

namespace {

/// The current schema (version 3), created whole in a new file. Version 3
/// added each mesh's scene CRS bounds (min_x .. max_z) to `tile` and moved
/// the mesh blobs into `mesh`: a blob kept in its tile row spills kilobytes
/// into the row's page, so listing an entry's tiles read most of the file;
/// now the index rows are small. Version 2 added the layer's slot.
constexpr const char* kSchema = R"sql(
CREATE TABLE layer(
  fingerprint   TEXT PRIMARY KEY NOT NULL,
  name          TEXT NOT NULL,
  meta_json     TEXT NOT NULL,
  feature_count INTEGER NOT NULL,
  chunk_count   INTEGER NOT NULL,
  bytes         INTEGER NOT NULL,
  stored_utc    INTEGER NOT NULL,
  slot          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX layer_by_slot ON layer(slot);
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
  bytes         INTEGER NOT NULL,
  min_x REAL NOT NULL, min_y REAL NOT NULL, min_z REAL NOT NULL,
  max_x REAL NOT NULL, max_y REAL NOT NULL, max_z REAL NOT NULL,
  mesh_id       INTEGER NOT NULL,
  PRIMARY KEY(fingerprint, x, y, level, part)
);
CREATE INDEX tile_by_seq ON tile(fingerprint, seq);
CREATE TABLE mesh(
  id            INTEGER PRIMARY KEY,
  data          BLOB NOT NULL
);
)sql";

/// Files of versions 1 and 2 lose their entries: the cache only saves
/// rebuilding, and their meshes lack the bounds version 3 keeps.
constexpr const char* kDropOldTables = R"sql(
DROP INDEX IF EXISTS tile_by_seq;
DROP INDEX IF EXISTS layer_by_slot;
DROP TABLE IF EXISTS tile;
DROP TABLE IF EXISTS mesh;
DROP TABLE IF EXISTS feature_block;
DROP TABLE IF EXISTS layer;
)sql";

/// Meshes are blobs of tens to hundreds of kilobytes: with 64 KiB pages a
/// mesh spans a few overflow pages instead of dozens, which more than halves
/// the time of writing a big layer (fewer WAL frames, checkpoint copies and
/// read calls). Only takes effect before the file has any content.
constexpr int kPageSizeBytes = 65536;

bool enableWal(sqlite3* db) {
    SqliteStatement wal(db, "PRAGMA journal_mode=WAL");
    return wal.ok() && wal.step() == SQLITE_ROW;
}

/// After a failed switch to WAL: whether that is because another connection
/// is storing in rollback mode (TileCache::store, which returns the file to
/// WAL mode when it is done). This connection then works in rollback mode
/// (it reads, or waits for the store's lock) and follows the file into WAL
/// mode by itself once the file header says so.
bool bulkStoreUnderway(sqlite3* db) {
    const int code = sqlite3_errcode(db);
    if (code != SQLITE_BUSY && code != SQLITE_LOCKED) return false;
    SqliteStatement mode(db, "PRAGMA journal_mode");
    return mode.ok() && mode.step() == SQLITE_ROW && mode.text(0) == "delete";
}

} // namespace

gis::Result<bool> TileCacheSchema::prepare(sqlite3* db, const std::string& path) {
    auto header = checkSchemaHeader(db, path, "tile cache", TileCache::kApplicationId, TileCache::kSchemaVersion);
    if (!header) return gis::Result<bool>::failure(header.diagnostics());

    // Only now that the file is known to be ours (or empty) may anything write.
    if (header->objectCount == 0) setPageSize(db);
    if (!enableWal(db) && !bulkStoreUnderway(db))
        return gis::Result<bool>::failure("tile cache " + path + ": cannot enable WAL: " +
                                          sqliteError(db), path);
    sqliteExec(db, "PRAGMA synchronous=NORMAL");
    // A big store grows the WAL to the layer's size; once checkpointed it is
    // cut back to this instead of staying that size while others hold the file.
    sqliteExec(db, "PRAGMA journal_size_limit=67108864");
    if (header->userVersion == TileCache::kSchemaVersion) return true;
    auto migrated = migrate(db, path);
    if (!migrated) return migrated;
    if (*migrated) adoptPageSize(db);
    return true;
}

void TileCacheSchema::setPageSize(sqlite3* db) {
    sqliteExec(db, ("PRAGMA page_size=" + std::to_string(kPageSizeBytes)).c_str());
}

void TileCacheSchema::adoptPageSize(sqlite3* db) {
    int pageSize = 0;
    if (!readPragmaInt(db, "PRAGMA page_size", pageSize) || pageSize >= kPageSizeBytes) return;
    // A WAL file keeps its page size; leaving WAL mode needs the only
    // connection to the file, so this is skipped while another one has it
    // open (the file then keeps its old page size: slower, still correct).
    bool left = false;
    {
        SqliteStatement leave(db, "PRAGMA journal_mode=DELETE");
        left = leave.ok() && leave.step() == SQLITE_ROW && leave.text(0) == "delete";
    }
    if (left) {
        setPageSize(db);
        sqliteExec(db, "VACUUM"); // the emptied file: instant
    }
    enableWal(db);
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
    const bool dropOld = version > 0 && version < 3;
    if (dropOld && sqliteExec(db, kDropOldTables) != SQLITE_OK)
        return fail(std::string("cannot drop the entries of schema version ") + std::to_string(version));
    if (version < 3 && sqliteExec(db, kSchema) != SQLITE_OK) return fail("cannot create tables");
    // Later versions: `if (version < 4) ALTER ...` here, each step in this transaction.
    const std::string stamp = "PRAGMA application_id=" + std::to_string(TileCache::kApplicationId) +
                              "; PRAGMA user_version=" + std::to_string(TileCache::kSchemaVersion);
    if (sqliteExec(db, stamp.c_str()) != SQLITE_OK) return fail("cannot stamp schema version");
    if (tx.commit() != SQLITE_OK) return fail("cannot commit schema");
    return dropOld;
}

} // namespace citytwin::data::detail
