#include "sqlite/SchemaHeader.h"

#include "sqlite/SqliteStatement.h"

namespace citytwin::data::detail {

bool readPragmaInt(sqlite3* db, const char* sql, int& out)
{
    SqliteStatement stmt(db, sql);
    if (!stmt.ok() || stmt.step() != SQLITE_ROW) return false;
    out = static_cast<int>(stmt.int64(0));
    return true;
}

gis::Result<SchemaHeader> checkSchemaHeader(sqlite3* db, const std::string& path, const std::string& what,
                                            int applicationId, int supportedVersion)
{
    auto refuse = [&](const std::string& why) {
        return gis::Result<SchemaHeader>::failure(
            "cannot use " + what + " " + path + ": " + why + "; the file was left unchanged", path);
    };
    SchemaHeader h;
    if (!readPragmaInt(db, "PRAGMA application_id", h.applicationId) ||
        !readPragmaInt(db, "PRAGMA user_version", h.userVersion) ||
        !readPragmaInt(db, "SELECT count(*) FROM sqlite_master", h.objectCount)) {
        const int code = sqlite3_errcode(db);
        const std::string why = code == SQLITE_NOTADB    ? "not an SQLite database"
                                : code == SQLITE_CORRUPT ? "the database is damaged"
                                                         : "cannot read it";
        return refuse(why + " (" + sqliteError(db) + ")");
    }
    if (h.userVersion > supportedVersion)
        return refuse("its schema version " + std::to_string(h.userVersion) +
                      " is newer than this CityTwin supports (" + std::to_string(supportedVersion) + ")");
    const bool empty = h.objectCount == 0 && h.applicationId == 0;
    if (!empty && h.applicationId != applicationId)
        return refuse("it is an SQLite database of another application (application_id " +
                      std::to_string(h.applicationId) + ")");
    return h;
}

} // namespace citytwin::data::detail
