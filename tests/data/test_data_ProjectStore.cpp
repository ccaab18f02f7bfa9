// ProjectStore: a saved project (sensors and feed settings included) comes
// back as it was; a format-1 file opens without sensors; no secret is
// written; files it must not read are refused and left byte-for-byte
// unchanged; an interrupted save leaves the previous project; crash recovery copies.
#include "citytwin/data/ProjectStore.h"

#include "citytwin/data/LayerSpecJson.h"
#include "citytwin/data/LayerStyleJson.h"
#include "citytwin/data/StyleBuilder.h"
#include "citytwin/data/TileCache.h"

#include "TestData.h"
#include "test_data_Samples.h"
#include "test_data_StyleSamples.h"
#include "test_data_Suites.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtTest>

#include <sqlite3.h>
#include <unistd.h>

using namespace citytwin::data;
using citytwin::gis::HeightUnit;
using citytwin::gis::LayerKind;
using citytwin::test::bostonLikeBuildings;
using citytwin::test::readAll;
using citytwin::test::writeAll;

Q_DECLARE_METATYPE(citytwin::data::Project)

namespace {

/// A fresh, empty folder for one test.
QString freshDir(const QString& name) {
    const QString dir = citytwin::test::testOutDir("project/" + name);
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    return dir;
}

ProjectLayer layer(const std::string& name, LayerKind kind) {
    ProjectLayer l;
    l.id = newLayerId();
    l.spec.name = name;
    l.spec.sources = {"/data/" + name + ".gpkg"};
    l.spec.kind = kind;
    return l;
}

/// Three layers with every field away from its default.
Project fullProject() {
    Project p;
    p.sceneCrs = R"(PROJCRS["WGS 84 / UTM zone 19N",BASEGEOGCRS["WGS 84"]])";
    p.sceneCrsName = "WGS 84 / UTM zone 19N";
    p.tileSizeMeters = 250;
    p.camera = ProjectCamera{330123.25, 4691234.5, 12.125, 1800, 37.5, -28.25};

    ProjectLayer streets = layer("streets", LayerKind::Lines);
    streets.spec.lineWidth.categoryWidths = {{"primary", 11.5}};
    streets.spec.attributeFilter = "highway IS NOT NULL";
    streets.style.color = {90, 90, 90};
    streets.opacity = 0.35f;

    ProjectLayer buildings = layer("Gebäude \"Boston\"", LayerKind::Buildings);
    buildings.spec.heightRule.candidates = {{"stories", HeightUnit::Storeys}};
    buildings.spec.crsOverride = "EPSG:2249";
    buildings.style = categorise(LayerStyle{}, "bra_use", bostonLikeBuildings());
    buildings.style.categories[1].visible = false;
    buildings.style.filter = "stories >= 10 and bra_use = 'Office'";
    buildings.style.labelAttribute = "name";

    ProjectLayer terrain = layer("terrain", LayerKind::Terrain);
    terrain.spec.verticalExaggeration = 2.5;
    terrain.visible = false;
    terrain.style = classify(LayerStyle{}, "stories", ClassMethod::Quantile, 3, "greys", bostonLikeBuildings());

    p.layers = {terrain, streets, buildings}; // bottom to top
    return p;
}

/// fullProject() with sensors (every field set, registry order not sorted)
/// and feed settings away from their defaults.
Project sensorProject() {
    Project p = fullProject();
    Sensor traffic = sensorDefaults(SensorKind::TrafficFlow);
    traffic.id = "traffic-0042";
    traffic.name = "Traffic \"Main St\" – Süd";
    traffic.lonLat = citytwin::gis::DVec2{-71.0589, 42.3601};
    traffic.warning = 1234.5;
    traffic.critical = 1987.25;
    traffic.periodSeconds = 30;
    traffic.datastreamId = "17";
    traffic.attributes = {{"adt", "18250"}, {"count_year", "2019"}, {"note", "a,b;c"}};
    Sensor parking = sensorDefaults(SensorKind::Parking);
    parking.id = "parking-a";
    parking.name = "Garage A";
    parking.binding = {p.layers[2].id, "P-0007", "parcel_id"}; // bound to a building, no point
    parking.direction = ThresholdDirection::Below;
    Sensor custom = sensorDefaults(SensorKind::Custom);
    custom.id = "custom-1";
    p.sensors = {traffic, parking, custom};
    p.feeds.brokerUrl = "mqtts://broker.example.org:8883";
    p.feeds.caFile = "/etc/ssl/city-ca.pem";
    p.feeds.username = "operator-ct";
    p.feeds.clientId = "citytwin-control-room";
    p.feeds.simulator = true;
    p.feeds.simulatorSeed = 18446744073709551557ull; // above INT64_MAX
    p.feeds.autoRegister = true;
    p.feeds.retentionDays = 0;
    return p;
}

struct DbCloser {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};

/// Writes a project file exactly as format 1 did (no sensors, no feed
/// settings) with one layer; false on any SQLite error.
bool writeFormatOneFile(const QString& path, const ProjectLayer& layer) {
    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(path.toUtf8().constData(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
        sqlite3_close_v2(raw);
        return false;
    }
    std::unique_ptr<sqlite3, DbCloser> db(raw);
    const char* schema =
        "PRAGMA journal_mode=DELETE;"
        "CREATE TABLE project(id INTEGER PRIMARY KEY CHECK (id = 1), scene_crs TEXT NOT NULL, "
        "scene_crs_name TEXT NOT NULL, tile_size_m REAL NOT NULL, camera_json TEXT, saved_utc INTEGER NOT NULL, "
        "writer TEXT NOT NULL);"
        "CREATE TABLE layer(position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, spec_json TEXT NOT NULL, "
        "style_json TEXT NOT NULL, visible INTEGER NOT NULL, opacity REAL NOT NULL);"
        "INSERT INTO project VALUES(1, 'EPSG:32619', 'WGS 84 / UTM zone 19N', 500, NULL, 1700000000, 'CityTwin');"
        "PRAGMA application_id=1129600848; PRAGMA user_version=1;"; // 'CTWP'
    if (sqlite3_exec(db.get(), schema, nullptr, nullptr, nullptr) != SQLITE_OK) return false;
    sqlite3_stmt* rawStmt = nullptr;
    if (sqlite3_prepare_v2(db.get(), "INSERT INTO layer VALUES(0, ?1, ?2, ?3, 1, 0.5)", -1, &rawStmt, nullptr) !=
        SQLITE_OK)
        return false;
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(rawStmt, sqlite3_finalize);
    const std::string spec = layerSpecToJson(layer.spec), style = layerStyleToJson(layer.style);
    sqlite3_bind_text(rawStmt, 1, layer.id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(rawStmt, 2, spec.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(rawStmt, 3, style.c_str(), -1, SQLITE_TRANSIENT);
    return sqlite3_step(rawStmt) == SQLITE_DONE;
}

/// A project spanning many pages, so truncation cuts through table data.
Project bigProject() {
    Project p = fullProject();
    for (int i = 0; i < 60; ++i) {
        ProjectLayer l = layer("layer " + std::to_string(i), LayerKind::Areas);
        l.style.filter = "name like '" + std::string(400, char('a' + i % 26)) + "%'";
        p.layers.push_back(l);
    }
    return p;
}

/// Paths in `dir` other than the ones named.
QStringList debris(const QString& dir, const QStringList& expected) {
    QStringList extra;
    for (const QString& f : QDir(dir).entryList(QDir::Files | QDir::Hidden))
        if (!expected.contains(f)) extra << f;
    return extra;
}

bool patchHeaderU32(const QString& path, int offset, uint32_t value) {
    QByteArray bytes = readAll(path);
    if (bytes.size() < 100) return false;
    for (int i = 0; i < 4; ++i) bytes[offset + i] = char((value >> (24 - 8 * i)) & 0xFF);
    return writeAll(path, bytes);
}

} // namespace

class TestProjectStore : public QObject {
    Q_OBJECT

private slots:
    void cleanup() { ProjectStore::setSaveHookForTesting({}); }

    void saveLoadRoundTrip_data() {
        QTest::addColumn<Project>("project");
        QTest::newRow("empty") << Project{};
        QTest::newRow("layers, styles, camera, crs") << fullProject();
        Project noCamera = fullProject();
        noCamera.camera.reset();
        QTest::newRow("no camera") << noCamera;
        QTest::newRow("many layers") << bigProject();
        QTest::newRow("sensors, bindings, feed settings") << sensorProject();
        Project sensorsOnly;
        sensorsOnly.sensors = sensorProject().sensors;
        QTest::newRow("sensors without layers") << sensorsOnly;
    }
    void saveLoadRoundTrip() {
        QFETCH(Project, project);
        const QString path = freshDir("roundtrip") + "/p.citytwin";
        auto saved = ProjectStore::save(project, path.toStdString());
        QVERIFY2(saved.ok(), saved.firstError().c_str());
        auto loaded = ProjectStore::load(path.toStdString());
        QVERIFY2(loaded.ok(), loaded.firstError().c_str());
        QCOMPARE(loaded->layers.size(), project.layers.size());
        for (size_t i = 0; i < project.layers.size(); ++i) {
            QCOMPARE(loaded->layers[i].id, project.layers[i].id);
            QCOMPARE(loaded->layers[i].spec, project.layers[i].spec);
            QVERIFY(loaded->layers[i].style == project.layers[i].style);
            QCOMPARE(loaded->layers[i].visible, project.layers[i].visible);
            QCOMPARE(loaded->layers[i].opacity, project.layers[i].opacity);
        }
        QVERIFY(loaded->camera == project.camera);
        QCOMPARE(loaded->sceneCrs, project.sceneCrs);
        QCOMPARE(loaded->sensors.size(), project.sensors.size());
        for (size_t i = 0; i < project.sensors.size(); ++i) QVERIFY(loaded->sensors[i] == project.sensors[i]);
        QVERIFY(loaded->feeds == project.feeds);
        QVERIFY(*loaded == project);
        QCOMPARE(loaded->formatVersion, ProjectStore::kFormatVersion);
        QCOMPARE(debris(QFileInfo(path).path(), {"p.citytwin"}), QStringList());
    }

    void saveReplacesTheWholeProject() {
        const QString path = freshDir("replace") + "/p.citytwin";
        Project p = fullProject();
        QVERIFY(ProjectStore::save(p, path.toStdString()).ok());
        std::swap(p.layers[0], p.layers[2]); // reorder
        p.layers.pop_back();                 // remove
        p.layers[0].opacity = 0.5f;
        p.camera.reset();
        QVERIFY(ProjectStore::save(p, path.toStdString()).ok());
        auto loaded = ProjectStore::load(path.toStdString());
        QVERIFY2(loaded.ok(), loaded.firstError().c_str());
        QVERIFY(*loaded == p);
        QCOMPARE(loaded->layers[0].spec.name, std::string("Gebäude \"Boston\""));
    }

    void newerFormatRefusedUntouched() {
        const QString dir = freshDir("newer");
        const QString path = dir + "/p.citytwin";
        QVERIFY(ProjectStore::save(fullProject(), path.toStdString()).ok());
        QVERIFY(patchHeaderU32(path, 60, 7)); // user_version = 7
        const QByteArray before = readAll(path);
        auto loaded = ProjectStore::load(path.toStdString());
        QVERIFY(!loaded.ok());
        const QString error = QString::fromStdString(loaded.firstError());
        QVERIFY2(error.contains("written by a newer CityTwin (format 7"), qPrintable(error));
        QVERIFY2(error.contains("left unchanged"), qPrintable(error));
        QCOMPARE(readAll(path), before);
        QCOMPARE(debris(dir, {"p.citytwin"}), QStringList());
    }

    void damagedFilesRefusedUntouched_data() {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("message");
        QTest::newRow("truncated in the middle") << "half" << "damaged or truncated";
        QTest::newRow("last page missing") << "lastpage" << "damaged or truncated";
        QTest::newRow("header only") << "header" << "damaged or truncated";
        QTest::newRow("pages overwritten") << "scribble" << "damaged";
        QTest::newRow("text file") << "text" << "not an SQLite database";
        QTest::newRow("empty file") << "empty" << "not a CityTwin project";
        QTest::newRow("tile cache") << "tilecache" << "another application";
    }
    void damagedFilesRefusedUntouched() {
        QFETCH(QString, damage);
        QFETCH(QString, message);
        const QString dir = freshDir("damaged");
        const QString path = dir + "/p.citytwin";
        QVERIFY(ProjectStore::save(bigProject(), path.toStdString()).ok());
        QByteArray bytes = readAll(path);
        QVERIFY2(bytes.size() >= 16 * 4096, "the sample project should span many pages");
        if (damage == "half") bytes.truncate(bytes.size() / 2 + 1000);
        else if (damage == "lastpage") bytes.chop(4096);
        else if (damage == "header") bytes.truncate(100);
        else if (damage == "scribble") for (int i = 4096; i < bytes.size(); i += 3) bytes[i] = char(i * 31);
        else if (damage == "text") bytes = "name,height\nA,12\n";
        else if (damage == "empty") bytes.clear();
        if (damage == "tilecache") {
            QFile::remove(path);
            QVERIFY(TileCache::open(path.toStdString()).ok());
            QFile::remove(path + "-wal");
            QFile::remove(path + "-shm");
        } else {
            QVERIFY(writeAll(path, bytes));
        }
        const QByteArray before = readAll(path);
        auto loaded = ProjectStore::load(path.toStdString());
        QVERIFY(!loaded.ok());
        const QString error = QString::fromStdString(loaded.firstError());
        qInfo("%s", qPrintable(error)); // what the user reads
        QVERIFY2(error.startsWith("cannot open project " + path), qPrintable(error));
        QVERIFY2(error.contains(message), qPrintable(error));
        QVERIFY2(error.contains("left unchanged"), qPrintable(error));
        QCOMPARE(readAll(path), before);
        QCOMPARE(debris(dir, {"p.citytwin"}), QStringList());
    }

    void missingFile() {
        auto loaded = ProjectStore::load((freshDir("missing") + "/none.citytwin").toStdString());
        QVERIFY(!loaded.ok());
        QVERIFY(QString::fromStdString(loaded.firstError()).contains("no such file"));
    }

    void interruptedSaveKeepsPrevious_data() {
        QTest::addColumn<QString>("step");
        QTest::newRow("creating") << "create";
        QTest::newRow("writing layers") << "layer";
        QTest::newRow("before commit") << "commit";
        QTest::newRow("before rename") << "rename";
    }
    void interruptedSaveKeepsPrevious() {
        QFETCH(QString, step);
        const QString dir = freshDir("interrupted");
        const QString path = dir + "/p.citytwin";
        const Project previous = fullProject();
        QVERIFY(ProjectStore::save(previous, path.toStdString()).ok());
        const QByteArray before = readAll(path);

        bool tempExisted = false;
        ProjectStore::setSaveHookForTesting([&](const std::string& at, const std::string& temp) {
            if (at != step.toStdString()) return true;
            tempExisted = QFileInfo::exists(QString::fromStdString(temp));
            return false;
        });
        Project changed = bigProject();
        auto saved = ProjectStore::save(changed, path.toStdString());
        ProjectStore::setSaveHookForTesting({});
        QVERIFY(!saved.ok());
        QVERIFY2(QString::fromStdString(saved.firstError()).startsWith("cannot save project " + path),
                 saved.firstError().c_str());
        if (step != "create") QVERIFY(tempExisted); // the failure struck mid-write
        QCOMPARE(readAll(path), before);
        QCOMPARE(debris(dir, {"p.citytwin"}), QStringList());
        auto loaded = ProjectStore::load(path.toStdString());
        QVERIFY(loaded.ok());
        QVERIFY(*loaded == previous);
    }

    void readOnlyFolderKeepsPrevious() {
        if (::geteuid() == 0) QSKIP("running as root: folder permissions do not apply");
        const QString dir = freshDir("readonly");
        const QString path = dir + "/p.citytwin";
        QVERIFY(ProjectStore::save(fullProject(), path.toStdString()).ok());
        const QByteArray before = readAll(path);
        QFile::setPermissions(dir, QFile::ReadOwner | QFile::ExeOwner);
        auto saved = ProjectStore::save(bigProject(), path.toStdString());
        QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QVERIFY(!saved.ok());
        QCOMPARE(readAll(path), before);
        QCOMPARE(debris(dir, {"p.citytwin"}), QStringList());
    }

    void debrisOfACrashedSaveIsReplaced() {
        const QString dir = freshDir("debris");
        const QString path = dir + "/p.citytwin";
        QVERIFY(writeAll(path + ".saving", "half a file from a crash"));
        QVERIFY(ProjectStore::save(fullProject(), path.toStdString()).ok());
        QCOMPARE(debris(dir, {"p.citytwin"}), QStringList());
        QVERIFY(ProjectStore::load(path.toStdString()).ok());
    }

    void layerIdsMustBeUnique() {
        const QString dir = freshDir("ids");
        const QString path = dir + "/p.citytwin";
        Project p = fullProject();
        p.layers[2].id = p.layers[0].id;
        auto saved = ProjectStore::save(p, path.toStdString());
        QVERIFY(!saved.ok());
        QVERIFY2(QString::fromStdString(saved.firstError()).contains("has the id of another layer"),
                 saved.firstError().c_str());
        QVERIFY(!QFileInfo::exists(path));
        const std::string a = newLayerId(), b = newLayerId();
        QVERIFY(a != b);
        QCOMPARE(a.size(), size_t(36));
    }

    void sensorIdsMustBeUnique() {
        const QString dir = freshDir("sensor-ids");
        const QString path = dir + "/p.citytwin";
        Project p = sensorProject();
        p.sensors[2].id = p.sensors[0].id;
        auto saved = ProjectStore::save(p, path.toStdString());
        QVERIFY(!saved.ok());
        QVERIFY2(QString::fromStdString(saved.firstError()).contains("has the id of another sensor"),
                 saved.firstError().c_str());
        QVERIFY(!QFileInfo::exists(path));
    }

    void formatOneOpensWithoutSensorsAndSavesAsTwo() {
        const QString dir = freshDir("format1");
        const QString path = dir + "/old.citytwin";
        const ProjectLayer streets = layer("streets", LayerKind::Lines);
        QVERIFY(writeFormatOneFile(path, streets));
        const QByteArray before = readAll(path);

        auto loaded = ProjectStore::load(path.toStdString());
        QVERIFY2(loaded.ok(), loaded.firstError().c_str());
        QCOMPARE(loaded->formatVersion, 1);
        QVERIFY(loaded->sensors.empty());
        QVERIFY(loaded->feeds == ProjectFeedSettings{});
        QCOMPARE(loaded->sceneCrs, std::string("EPSG:32619"));
        QCOMPARE(loaded->layers.size(), size_t(1));
        QCOMPARE(loaded->layers[0].id, streets.id);
        QCOMPARE(loaded->layers[0].spec, streets.spec);
        QCOMPARE(loaded->layers[0].opacity, 0.5f);
        QCOMPARE(readAll(path), before); // opening never writes
        QCOMPARE(debris(dir, {"old.citytwin"}), QStringList());

        Project p = loaded.takeValue();
        p.sensors = sensorProject().sensors;
        QVERIFY(ProjectStore::save(p, path.toStdString()).ok());
        auto reloaded = ProjectStore::load(path.toStdString());
        QVERIFY2(reloaded.ok(), reloaded.firstError().c_str());
        QCOMPARE(reloaded->formatVersion, 2);
        QVERIFY(reloaded->sensors == p.sensors);
        const QByteArray after = readAll(path);
        QCOMPARE(uint8_t(after[63]), uint8_t(2)); // user_version (big-endian at 60)
    }

    void savedFileHoldsTheUsernameButNoSecret() {
        const QString path = freshDir("secret") + "/p.citytwin";
        const QByteArray secret = "pw-3x4mpl3-do-not-store";
        qputenv("CITYTWIN_MQTT_PASSWORD", secret); // where the app takes the password from
        auto saved = ProjectStore::save(sensorProject(), path.toStdString());
        qunsetenv("CITYTWIN_MQTT_PASSWORD");
        QVERIFY(saved.ok());
        const QByteArray bytes = readAll(path);
        QVERIFY(bytes.contains("operator-ct"));               // the username is kept
        QVERIFY(bytes.contains("mqtts://broker.example.org")); // and the broker
        QVERIFY(!bytes.contains(secret));
        const QByteArray lower = bytes.toLower();
        for (const char* word : {"password", "passwd", "secret", "token", "credential"})
            QVERIFY2(!lower.contains(word), word);
    }

    void recoverySaveDetectDiscard() {
        const QString dir = freshDir("recovery");
        const std::string path = (dir + "/p.citytwin").toStdString();
        const Project saved = fullProject();
        QVERIFY(ProjectStore::save(saved, path).ok());
        QCOMPARE(ProjectStore::recoveryPathFor(path), path + ".recovery");
        QVERIFY(!ProjectStore::hasNewerRecovery(path));

        Project edited = saved; // unsaved changes, then the autosave timer fires
        edited.layers.pop_back();
        edited.layers[0].visible = true;
        const QByteArray projectBytes = readAll(QString::fromStdString(path));
        QVERIFY(ProjectStore::saveRecovery(edited, path).ok());
        QCOMPARE(readAll(QString::fromStdString(path)), projectBytes); // the project is not touched
        QVERIFY(ProjectStore::hasNewerRecovery(path)); // ... the app crashes; next start:
        auto recovered = ProjectStore::loadRecovery(path);
        QVERIFY2(recovered.ok(), recovered.firstError().c_str());
        QVERIFY(*recovered == edited);

        QVERIFY(ProjectStore::save(*recovered, path).ok()); // user saves: recovery now older
        QVERIFY(!ProjectStore::hasNewerRecovery(path));
        QVERIFY(ProjectStore::discardRecovery(path));
        QVERIFY(!QFileInfo::exists(QString::fromStdString(path + ".recovery")));
        QVERIFY(ProjectStore::discardRecovery(path)); // nothing to discard is fine
        QCOMPARE(debris(dir, {"p.citytwin"}), QStringList());
    }

    void recoveryOfAnUnsavedProject() {
        const QString dir = freshDir("recovery-unsaved");
        const std::string folder = (dir + "/autosave").toStdString();
        QVERIFY(!ProjectStore::hasNewerRecovery("", folder));
        QCOMPARE(ProjectStore::recoveryPathFor("", folder), folder + "/untitled.citytwin.recovery");
        const Project project = fullProject();
        QVERIFY(ProjectStore::saveRecovery(project, "", folder).ok());
        QVERIFY(ProjectStore::hasNewerRecovery("", folder));
        auto recovered = ProjectStore::loadRecovery("", folder);
        QVERIFY(recovered.ok());
        QVERIFY(*recovered == project);
        QVERIFY(ProjectStore::discardRecovery("", folder));
        QVERIFY(!ProjectStore::hasNewerRecovery("", folder));
    }
};

int runProjectStoreTests(int argc, char** argv) {
    TestProjectStore t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_data_ProjectStore.moc"
