#pragma once
// The tables of a project file, its versions and the checks made before
// reading one. Private to citytwin_data.

#include "citytwin/gis/Result.h"

#include <string>

struct sqlite3;

namespace citytwin::data::detail {

/// Project file schema: creation and migrations as one ordered table of
/// steps (version N-1 → N), the checks that refuse files this build must not
/// read. Connection's thread.
class ProjectSchema {
public:
    /// Brings a connection holding format `fromVersion` (0 = empty database)
    /// to the current format, inside the caller's transaction, and stamps
    /// application_id and user_version.
    static gis::Result<bool> migrate(sqlite3* db, int fromVersion, const std::string& path);

    /// Checks the file's first 100 bytes (the SQLite header) before SQLite
    /// opens it, so a foreign file — another application's database in WAL
    /// mode, a newer project — is refused without SQLite creating -wal/-shm
    /// files next to it. Reads only.
    static gis::Result<bool> checkFileHeader(const std::string& path);

    /// Checks a read-only connection: an SQLite file of ours, not newer than
    /// this build, intact. Returns its format version; touches nothing.
    static gis::Result<int> check(sqlite3* db, const std::string& path);
};

/// The refusal of a file from a newer CityTwin.
gis::Result<bool> newerRefusal(const std::string& path, int version);

/// "cannot open project P: <why>; the file was left unchanged".
std::string projectRefusal(const std::string& path, const std::string& why);

} // namespace citytwin::data::detail
