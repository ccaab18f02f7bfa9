#pragma once
// Opening checks and schema migrations of the tile cache file.
// Private to citytwin_data.

#include "citytwin/gis/Result.h"

#include <string>

struct sqlite3;

namespace citytwin::data::detail {

/// Checks that an open connection holds a tile cache this build can use
/// (or an empty database), touching nothing until that is known, then sets
/// WAL mode and creates/migrates the tables in one transaction. A new file
/// gets 64 KiB pages. Migrating a file of schema 1 or 2 drops its entries
/// (the cache is disposable: they are rebuilt on their next load) and, when
/// no other connection has the file open, moves it to 64 KiB pages too.
/// A file another connection has taken out of WAL mode for a bulk store
/// (TileCache::store) is used as it is; it returns to WAL after that store.
/// Connection's thread.
class TileCacheSchema {
public:
    static gis::Result<bool> prepare(sqlite3* db, const std::string& path);

private:
    /// The value says whether old entries were dropped.
    static gis::Result<bool> migrate(sqlite3* db, const std::string& path);
    static void setPageSize(sqlite3* db);
    /// Best effort, after a migration emptied the file.
    static void adoptPageSize(sqlite3* db);
};

} // namespace citytwin::data::detail
