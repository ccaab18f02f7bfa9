#include "citytwin/data/ProjectStore.h"

#include "citytwin/data/LayerSpecJson.h"
#include "citytwin/data/LayerStyleJson.h"
#include "common/DurableFile.h"
#include "common/JsonFields.h"
#include "project/ProjectSchema.h"
#include "project/SensorJson.h"
#include "sqlite/SqliteStatement.h"
#include "sqlite/SqliteTransaction.h"

#include <chrono>
#include <filesystem>
#include <set>
#include <system_error>

namespace citytwin::data {

namespace {

namespace fs = std::filesystem;
using detail::SqliteStatement;

ProjectStore::SaveHook& saveHook() {
    static ProjectStore::SaveHook hook;
    return hook;
}

bool hookAllows(const char* step, const std::string& tempPath) {
    return !saveHook() || saveHook()(step, tempPath);
}

std::string cameraJson(const ProjectCamera& c) {
    return nlohmann::json{{"targetX", c.targetX}, {"targetY", c.targetY}, {"targetZ", c.targetZ},
                          {"range", c.range},     {"heading", c.heading}, {"pitch", c.pitch}}
        .dump();
}

bool readCamera(const std::string& text, ProjectCamera& c, gis::Diagnostics& errors) {
    const auto doc = nlohmann::json::parse(text, nullptr, false);
    if (!doc.is_object()) {
        errors.push_back({gis::Severity::Error, "the camera is not a JSON object", {}, -1});
        return false;
    }
    detail::JsonFields f(doc, "/camera", errors);
    f.read("targetX", c.targetX);
    f.read("targetY", c.targetY);
    f.read("targetZ", c.targetZ);
    f.read("range", c.range);
    f.read("heading", c.heading);
    f.read("pitch", c.pitch);
    return errors.empty();
}

/// A private in-memory copy of `db`, for migrating an older file without
/// writing to it.
detail::SqliteDb copyToMemory(sqlite3* db) {
    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        sqlite3_close_v2(raw);
        return {};
    }
    detail::SqliteDb memory(raw);
    sqlite3_backup* backup = sqlite3_backup_init(raw, "main", db, "main");
    if (!backup) return {};
    const int rc = sqlite3_backup_step(backup, -1);
    sqlite3_backup_finish(backup);
    return rc == SQLITE_DONE ? std::move(memory) : detail::SqliteDb();
}

/// The sensor table in registry order (empty in a file migrated from format 1).
gis::Result<std::vector<Sensor>> readSensors(sqlite3* db) {
    using R = gis::Result<std::vector<Sensor>>;
    SqliteStatement rows(db, "SELECT id, sensor_json FROM sensor ORDER BY position");
    if (!rows.ok()) return R::failure(detail::sqliteError(db));
    std::vector<Sensor> sensors;
    int rc;
    while ((rc = rows.step()) == SQLITE_ROW) {
        const std::string id = rows.text(0);
        auto sensor = detail::sensorFromJson(rows.text(1));
        std::string where = "sensor ";
        where += std::to_string(sensors.size() + 1);
        where += " (";
        where += id;
        where += ")";
        if (!sensor) return R::failure(where + ": " + sensor.firstError());
        if (sensor->id != id) return R::failure(where + ": its JSON names another id");
        sensors.push_back(sensor.takeValue());
    }
    if (rc != SQLITE_DONE) return R::failure(detail::sqliteError(db));
    return sensors;
}

gis::Result<Project> readProject(sqlite3* db, const std::string& path, int version) {
    using R = gis::Result<Project>;
    auto damaged = [&](const std::string& what) {
        return R::failure(detail::projectRefusal(path, "the file is damaged (" + what + ")"), path);
    };
    detail::SqliteTransaction tx(db); // one snapshot of both tables
    if (tx.begin("BEGIN") != SQLITE_OK) return damaged(detail::sqliteError(db));
    Project project;
    project.formatVersion = version;
    SqliteStatement head(db, "SELECT scene_crs, scene_crs_name, tile_size_m, camera_json, feeds_json FROM project "
                             "WHERE id=1");
    if (!head.ok() || head.step() != SQLITE_ROW) return damaged("no project settings");
    project.sceneCrs = head.text(0);
    project.sceneCrsName = head.text(1);
    project.tileSizeMeters = head.real(2);
    gis::Diagnostics errors;
    if (!head.isNull(3)) {
        ProjectCamera camera;
        if (!readCamera(head.text(3), camera, errors)) return damaged(errors.front().message);
        project.camera = camera;
    }
    if (!head.isNull(4)) { // null in a file migrated from format 1: default settings
        auto feeds = detail::feedSettingsFromJson(head.text(4));
        if (!feeds) return damaged(std::string("feed settings: ") + feeds.firstError());
        project.feeds = feeds.takeValue();
    }
    SqliteStatement layers(db, "SELECT id, spec_json, style_json, visible, opacity FROM layer ORDER BY position");
    if (!layers.ok()) return damaged(detail::sqliteError(db));
    int rc;
    while ((rc = layers.step()) == SQLITE_ROW) {
        ProjectLayer layer;
        layer.id = layers.text(0);
        const std::string where = "layer " + std::to_string(project.layers.size() + 1) + " (" + layer.id + ")";
        auto spec = layerSpecFromJson(layers.text(1));
        if (!spec) return damaged(where + ": " + spec.firstError());
        auto style = layerStyleFromJson(layers.text(2));
        if (!style) return damaged(where + ": " + style.firstError());
        layer.spec = spec.takeValue();
        layer.style = style.takeValue();
        layer.visible = layers.int64(3) != 0;
        layer.opacity = static_cast<float>(layers.real(4));
        project.layers.push_back(std::move(layer));
    }
    if (rc != SQLITE_DONE) return damaged(detail::sqliteError(db));
    auto sensors = readSensors(db);
    if (!sensors) return damaged(sensors.firstError());
    project.sensors = sensors.takeValue();
    return project;
}

gis::Result<bool> validate(const Project& project, const std::string& path) {
    std::set<std::string> ids;
    for (size_t i = 0; i < project.layers.size(); ++i) {
        const auto& id = project.layers[i].id;
        const std::string where = "layer " + std::to_string(i + 1) + " (" + project.layers[i].spec.name + ")";
        if (id.empty())
            return gis::Result<bool>::failure("cannot save project " + path + ": " + where + " has no id", path);
        if (!ids.insert(id).second)
            return gis::Result<bool>::failure(
                "cannot save project " + path + ": " + where + " has the id of another layer (" + id + ")", path);
    }
    std::set<std::string> sensorIds;
    for (size_t i = 0; i < project.sensors.size(); ++i) {
        const auto& id = project.sensors[i].id;
        std::string where = "sensor ";
        where += std::to_string(i + 1);
        if (id.empty())
            return gis::Result<bool>::failure("cannot save project " + path + ": " + where + " has no id", path);
        if (!sensorIds.insert(id).second)
            return gis::Result<bool>::failure(
                "cannot save project " + path + ": " + where + " has the id of another sensor (" + id + ")", path);
    }
    return true;
}

/// Inserts the sensors in registry order; empty on success, else what failed.
std::string writeSensors(sqlite3* db, const std::vector<Sensor>& sensors) {
    SqliteStatement put(db, "INSERT INTO sensor(position, id, sensor_json) VALUES(?1, ?2, ?3)");
    if (!put.ok()) return "cannot prepare";
    for (size_t i = 0; i < sensors.size(); ++i) {
        put.reset();
        put.bind(1, static_cast<int64_t>(i));
        put.bind(2, sensors[i].id);
        put.bind(3, detail::sensorToJson(sensors[i]));
        if (put.step() != SQLITE_DONE) return std::string("cannot write sensor ") + std::to_string(i + 1);
    }
    return {};
}

/// Writes the whole project into the fresh database `db` in one transaction.
gis::Result<bool> writeProject(sqlite3* db, const Project& project, const std::string& tempPath,
                               const std::string& path) {
    auto fail = [&](const std::string& what) {
        return gis::Result<bool>::failure("cannot save project " + path + ": " + what, path);
    };
    auto sqlFail = [&](const std::string& what) { return fail(what + ": " + detail::sqliteError(db)); };
    detail::SqliteTransaction tx(db);
    if (tx.begin() != SQLITE_OK) return sqlFail("cannot start writing");
    auto schema = detail::ProjectSchema::migrate(db, 0, tempPath);
    if (!schema) return fail(schema.firstError());
    SqliteStatement head(db, "INSERT INTO project(id, scene_crs, scene_crs_name, tile_size_m, camera_json, "
                             "saved_utc, writer, feeds_json) VALUES(1, ?1, ?2, ?3, ?4, ?5, 'CityTwin', ?6)");
    if (!head.ok()) return sqlFail("cannot prepare");
    head.bind(1, project.sceneCrs);
    head.bind(2, project.sceneCrsName);
    head.bindDouble(3, project.tileSizeMeters);
    if (project.camera) head.bind(4, cameraJson(*project.camera));
    else head.bindNull(4);
    head.bind(5, static_cast<int64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                          std::chrono::system_clock::now().time_since_epoch()).count()));
    head.bind(6, detail::feedSettingsToJson(project.feeds));
    if (head.step() != SQLITE_DONE) return sqlFail("cannot write the project settings");
    SqliteStatement put(db, "INSERT INTO layer(position, id, spec_json, style_json, visible, opacity) "
                            "VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    if (!put.ok()) return sqlFail("cannot prepare");
    for (size_t i = 0; i < project.layers.size(); ++i) {
        const auto& layer = project.layers[i];
        if (!hookAllows("layer", tempPath)) return fail("interrupted while writing layer " + std::to_string(i + 1));
        put.reset();
        put.bind(1, static_cast<int64_t>(i));
        put.bind(2, layer.id);
        put.bind(3, layerSpecToJson(layer.spec));
        put.bind(4, layerStyleToJson(layer.style));
        put.bind(5, int64_t{layer.visible ? 1 : 0});
        put.bindDouble(6, static_cast<double>(layer.opacity));
        if (put.step() != SQLITE_DONE) return sqlFail("cannot write layer " + std::to_string(i + 1));
    }
    if (const std::string what = writeSensors(db, project.sensors); !what.empty()) return sqlFail(what);
    if (!hookAllows("commit", tempPath)) return fail("interrupted before commit");
    if (tx.commit() != SQLITE_OK) return sqlFail("cannot commit");
    return true;
}

void removeTemp(const std::string& tempPath) {
    std::error_code ec;
    fs::remove(tempPath, ec);
    fs::remove(tempPath + "-journal", ec);
}

/// Writes `tempPath` completely and durably; the caller renames it.
gis::Result<bool> writeTemp(const Project& project, const std::string& tempPath, const std::string& path) {
    auto fail = [&](const std::string& what) {
        return gis::Result<bool>::failure("cannot save project " + path + ": " + what, path);
    };
    if (!hookAllows("create", tempPath)) return fail("interrupted while creating " + tempPath);
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(tempPath.c_str(), &raw,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    detail::SqliteDb db(raw);
    if (rc != SQLITE_OK)
        return fail("cannot create " + tempPath + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    // A rollback journal (not WAL): the file is complete in itself once closed.
    detail::sqliteExec(db.get(), "PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL");
    auto written = writeProject(db.get(), project, tempPath, path);
    if (!written) return written;
    if (sqlite3_close_v2(db.release()) != SQLITE_OK) return fail("cannot close " + tempPath);
    std::string error;
    if (!detail::syncFile(tempPath, error)) return fail(error);
    return true;
}

} // namespace

gis::Result<Project> ProjectStore::load(const std::string& path) {
    using R = gis::Result<Project>;
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) return R::failure("cannot open project " + path + ": no such file", path);
    if (!fs::is_regular_file(status))
        return R::failure(detail::projectRefusal(path, "it is not a file"), path);
    auto header = detail::ProjectSchema::checkFileHeader(path);
    if (!header) return R::failure(header.diagnostics());
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    detail::SqliteDb db(raw);
    if (rc != SQLITE_OK)
        return R::failure(detail::projectRefusal(path, raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)), path);
    auto version = detail::ProjectSchema::check(db.get(), path);
    if (!version) return R::failure(version.diagnostics());
    if (*version == kFormatVersion) return readProject(db.get(), path, *version);

    detail::SqliteDb memory = copyToMemory(db.get());
    if (!memory) return R::failure(detail::projectRefusal(path, "cannot copy it for updating"), path);
    detail::SqliteTransaction tx(memory.get());
    if (tx.begin() != SQLITE_OK) return R::failure(detail::projectRefusal(path, "cannot update it"), path);
    auto migrated = detail::ProjectSchema::migrate(memory.get(), *version, path);
    if (!migrated) return R::failure(migrated.diagnostics());
    if (tx.commit() != SQLITE_OK) return R::failure(detail::projectRefusal(path, "cannot update it"), path);
    return readProject(memory.get(), path, *version);
}

gis::Result<bool> ProjectStore::save(const Project& project, const std::string& path) {
    auto valid = validate(project, path);
    if (!valid) return valid;
    const std::string tempPath = path + ".saving";
    removeTemp(tempPath); // debris of a save that crashed
    auto written = writeTemp(project, tempPath, path);
    if (written && !hookAllows("rename", tempPath))
        written = gis::Result<bool>::failure("cannot save project " + path + ": interrupted before rename", path);
    if (!written) {
        removeTemp(tempPath);
        return written;
    }
    std::error_code ec;
    fs::rename(tempPath, path, ec);
    if (ec) {
        removeTemp(tempPath);
        return gis::Result<bool>::failure("cannot save project " + path + ": cannot replace it: " + ec.message(), path);
    }
    std::string error;
    detail::syncParentFolder(path, error); // best effort: the rename is done either way
    return true;
}

std::string ProjectStore::recoveryPathFor(const std::string& projectPath, const std::string& unsavedFolder) {
    if (!projectPath.empty()) return projectPath + ".recovery";
    return (fs::path(unsavedFolder) / "untitled.citytwin.recovery").string();
}

gis::Result<bool> ProjectStore::saveRecovery(const Project& project, const std::string& projectPath,
                                             const std::string& unsavedFolder) {
    const std::string recovery = recoveryPathFor(projectPath, unsavedFolder);
    if (projectPath.empty()) {
        std::error_code ec;
        fs::create_directories(fs::path(recovery).parent_path(), ec);
    }
    return save(project, recovery);
}

bool ProjectStore::hasNewerRecovery(const std::string& projectPath, const std::string& unsavedFolder) {
    std::error_code ec;
    const fs::path recovery = recoveryPathFor(projectPath, unsavedFolder);
    if (!fs::is_regular_file(recovery, ec)) return false;
    if (projectPath.empty() || !fs::exists(projectPath, ec)) return true;
    const auto recoveryTime = fs::last_write_time(recovery, ec);
    if (ec) return false;
    const auto projectTime = fs::last_write_time(projectPath, ec);
    return ec || recoveryTime > projectTime;
}

gis::Result<Project> ProjectStore::loadRecovery(const std::string& projectPath,
                                                const std::string& unsavedFolder) {
    return load(recoveryPathFor(projectPath, unsavedFolder));
}

bool ProjectStore::discardRecovery(const std::string& projectPath, const std::string& unsavedFolder) {
    const std::string recovery = recoveryPathFor(projectPath, unsavedFolder);
    removeTemp(recovery + ".saving");
    std::error_code ec;
    fs::remove(recovery, ec);
    return !ec;
}

void ProjectStore::setSaveHookForTesting(SaveHook hook) { saveHook() = std::move(hook); }

} // namespace citytwin::data
