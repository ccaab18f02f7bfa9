#pragma once
// Opening checks and schema migrations of the tile cache file.
// Private to citytwin_data.

#include "citytwin/gis/Result.h"

#include <string>

struct sqlite3;

namespace citytwin::data::detail {

/// Checks that an open connection holds a tile cache this build can use
/// (or an empty database), touching nothing until that is known, then sets
/// WAL mode and creates/migrates the tables in one transaction.
/// Connection's thread.
class TileCacheSchema {
public:
    static gis::Result<bool> prepare(sqlite3* db, const std::string& path);

private:
    static gis::Result<bool> migrate(sqlite3* db, const std::string& path);
};

} // namespace citytwin::data::detail
