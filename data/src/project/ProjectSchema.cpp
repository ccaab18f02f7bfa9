#include "project/ProjectSchema.h"

#include "citytwin/data/ProjectStore.h"
#include "sqlite/SqliteStatement.h"

#include <cstdint>
#include <cstring>
#include <fstream>

namespace citytwin::data::detail {

namespace {

/// Step N takes a file from format N-1 to N. A new format appends a step
/// (ALTER TABLE, new tables, data rewrites) and bumps kProjectFormatVersion.
struct Migration {
    int toVersion;
    const char* sql;
};

constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE project(
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  scene_crs      TEXT NOT NULL,
  scene_crs_name TEXT NOT NULL,
  tile_size_m    REAL NOT NULL,
  camera_json    TEXT,
  saved_utc      INTEGER NOT NULL,
  writer         TEXT NOT NULL
);
CREATE TABLE layer(
  position   INTEGER PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE,
  spec_json  TEXT NOT NULL,
  style_json TEXT NOT NULL,
  visible    INTEGER NOT NULL,
  opacity    REAL NOT NULL
);
)sql"},
    // Sensors in registry order, one JSON object each; feed settings (never a password).
    {2, R"sql(
CREATE TABLE sensor(
  position    INTEGER PRIMARY KEY,
  id          TEXT NOT NULL UNIQUE,
  sensor_json TEXT NOT NULL
);
ALTER TABLE project ADD COLUMN feeds_json TEXT;
)sql"},
};

static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kProjectFormatVersion,
              "one migration step per format version");

bool readInt(sqlite3* db, const char* sql, int& out) {
    SqliteStatement stmt(db, sql);
    if (!stmt.ok() || stmt.step() != SQLITE_ROW) return false;
    out = static_cast<int>(stmt.int64(0));
    return true;
}

std::string damageReason(sqlite3* db) {
    const int code = sqlite3_errcode(db);
    if (code == SQLITE_NOTADB) return "it is not a CityTwin project (not an SQLite database)";
    if (code == SQLITE_CORRUPT)
        return "the file is damaged or truncated (" + sqliteError(db) + ")";
    return "cannot read it (" + sqliteError(db) + ")";
}

/// PRAGMA quick_check: "ok", or the first problem (a truncated file shows
/// here as missing pages).
bool quickCheck(sqlite3* db, std::string& problem) {
    SqliteStatement stmt(db, "PRAGMA quick_check(1)");
    if (!stmt.ok()) return false;
    const int rc = stmt.step();
    if (rc != SQLITE_ROW) return false;
    problem = stmt.text(0);
    if (problem == "ok") return true;
    // "*** in database main ***\nPage 3: btree page is zero..." → one line
    if (const auto header = problem.find("***\n"); header != std::string::npos) problem.erase(0, header + 4);
    for (auto& c : problem)
        if (c == '\n') c = ' ';
    return false;
}

} // namespace

gis::Result<bool> newerRefusal(const std::string& path, int version) {
    return gis::Result<bool>::failure(
        projectRefusal(path, "it was written by a newer CityTwin (format " + std::to_string(version) +
                                 "; this version reads formats up to " +
                                 std::to_string(ProjectStore::kFormatVersion) +
                                 "). Open it with a newer CityTwin"),
        path);
}

std::string projectRefusal(const std::string& path, const std::string& why) {
    return "cannot open project " + path + ": " + why + "; the file was left unchanged";
}

gis::Result<bool> ProjectSchema::checkFileHeader(const std::string& path) {
    using R = gis::Result<bool>;
    std::ifstream in(path, std::ios::binary);
    if (!in) return R::failure(projectRefusal(path, "cannot read it"), path);
    unsigned char header[100] = {};
    in.read(reinterpret_cast<char*>(header), sizeof header);
    const auto got = static_cast<size_t>(in.gcount());
    static constexpr char kMagic[] = "SQLite format 3"; // 16 bytes with the NUL
    if (got == 0) return R::failure(projectRefusal(path, "it is empty, not a CityTwin project"), path);
    if (got < sizeof kMagic || std::memcmp(header, kMagic, sizeof kMagic) != 0)
        return R::failure(projectRefusal(path, "it is not a CityTwin project (not an SQLite database)"), path);
    if (got < sizeof header)
        return R::failure(projectRefusal(path, "the file is damaged or truncated (" +
                                                   std::to_string(got) + " bytes)"),
                          path);
    auto u32 = [&](size_t at) {
        return static_cast<int>(uint32_t(header[at]) << 24 | uint32_t(header[at + 1]) << 16 |
                                uint32_t(header[at + 2]) << 8 | uint32_t(header[at + 3]));
    };
    const int userVersion = u32(60);
    const int appId = u32(68);
    if (appId != ProjectStore::kApplicationId)
        return R::failure(projectRefusal(path, appId == 0 && userVersion == 0
                                                   ? "it is an SQLite database, not a CityTwin project"
                                                   : "it is an SQLite database of another application, "
                                                     "not a CityTwin project (application_id " +
                                                         std::to_string(appId) + ")"),
                          path);
    if (userVersion > ProjectStore::kFormatVersion) return newerRefusal(path, userVersion);
    return true;
}

gis::Result<int> ProjectSchema::check(sqlite3* db, const std::string& path) {
    using R = gis::Result<int>;
    int appId = 0, version = 0, objects = 0;
    if (!readInt(db, "PRAGMA application_id", appId) || !readInt(db, "PRAGMA user_version", version) ||
        !readInt(db, "SELECT count(*) FROM sqlite_master", objects))
        return R::failure(projectRefusal(path, damageReason(db)), path);
    if (appId != ProjectStore::kApplicationId) {
        const std::string why = appId == 0 && objects == 0
                                    ? "it is an empty SQLite database, not a CityTwin project"
                                    : "it is an SQLite database of another application, not a "
                                      "CityTwin project (application_id " + std::to_string(appId) + ")";
        return R::failure(projectRefusal(path, why), path);
    }
    if (version > ProjectStore::kFormatVersion) return R::failure(newerRefusal(path, version).diagnostics());
    if (version < 1)
        return R::failure(projectRefusal(path, "its format version " + std::to_string(version) +
                                                   " is invalid (the file is damaged)"),
                          path);
    std::string problem;
    if (!quickCheck(db, problem))
        return R::failure(projectRefusal(path, problem.empty()
                                                   ? damageReason(db)
                                                   : "the file is damaged or truncated (" + problem + ")"),
                          path);
    return version;
}

gis::Result<bool> ProjectSchema::migrate(sqlite3* db, int fromVersion, const std::string& path) {
    for (const auto& step : kMigrations) {
        if (step.toVersion <= fromVersion) continue;
        if (sqliteExec(db, step.sql) != SQLITE_OK)
            return gis::Result<bool>::failure("project " + path + ": cannot update to format " +
                                                  std::to_string(step.toVersion) + ": " + sqliteError(db),
                                              path);
    }
    const std::string stamp = "PRAGMA application_id=" + std::to_string(ProjectStore::kApplicationId) +
                              "; PRAGMA user_version=" + std::to_string(ProjectStore::kFormatVersion);
    if (sqliteExec(db, stamp.c_str()) != SQLITE_OK)
        return gis::Result<bool>::failure("project " + path + ": cannot stamp the format: " + sqliteError(db),
                                          path);
    return true;
}

} // namespace citytwin::data::detail
