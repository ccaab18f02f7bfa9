#pragma once
// The header checks every CityTwin SQLite file (tile cache, sensor history)
// makes before writing anything: ours, readable, not from a newer version.

#include "sqlite/SqliteHandles.h"

#include "citytwin/gis/Result.h"

#include <string>

namespace citytwin::data::detail {

struct SchemaHeader {
    int applicationId = 0;
    int userVersion = 0;
    int objectCount = 0; ///< rows of sqlite_master: 0 for a new, empty file
};

/// Reads one integer, e.g. "PRAGMA user_version". Connection's thread.
bool readPragmaInt(sqlite3* db, const char* sql, int& out);

/// Reads application_id, user_version and the object count, and refuses an
/// unreadable or damaged file, a schema newer than `supportedVersion`, or an
/// SQLite file of another application ("cannot use <what> <path>: <why>; the
/// file was left unchanged"). An empty file passes. Connection's thread.
gis::Result<SchemaHeader> checkSchemaHeader(sqlite3* db, const std::string& path, const std::string& what,
                                            int applicationId, int supportedVersion);

} // namespace citytwin::data::detail
