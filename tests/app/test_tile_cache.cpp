// The tile cache in the one loading path (app::loadLayer): a reopened layer
// comes from the cache unchanged, a changed source or option rebuilds only
// that layer, and a broken cache never stops a layer from loading.

#include "core/LayerLoader.h"

#include "TestData.h"

#include "citytwin/data/TileCache.h"
#include "citytwin/gis/DemoCity.h"

#include <gdal.h>
#include <sqlite3.h>
#include <ogr_api.h>

#include <QDir>
#include <QFile>
#include <QtTest>

#include <chrono>
#include <filesystem>

using namespace citytwin;

namespace {

/// A small demo city (buildings.gpkg) in a fresh folder.
QString makeCity(const QString& name, uint64_t seed) {
    const QString dir = test::testOutDir(QStringLiteral("tile_cache/") + name);
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    gis::DemoCityOptions options;
    options.outDir = dir.toStdString();
    options.buildings = 300;
    options.seed = seed;
    auto files = gis::generateDemoCity(options);
    if (!files.ok()) qFatal("cannot generate the test city: %s", files.firstError().c_str());
    return QString::fromStdString(files->buildingsPath);
}

QString freshCachePath(const QString& name) {
    const QString dir = test::testOutDir(QStringLiteral("tile_cache/") + name);
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    return dir + QStringLiteral("/project.citytwin-tiles");
}

gis::LayerSpec buildingsSpec(const QString& path) {
    gis::LayerSpec spec;
    spec.name = QFileInfo(path).baseName().toStdString();
    spec.sources = {path.toStdString()};
    spec.kind = gis::LayerKind::Buildings;
    return spec;
}

gis::Result<app::LoadedLayer> load(const gis::LayerSpec& spec, const QString& cache, const std::string& slot = {}) {
    app::LoadContext context;
    context.cachePath = cache.toStdString();
    context.cacheSlot = slot;
    return app::loadLayer(spec, context);
}

/// Sets the height of the first building to `height` metres in place (the
/// test's own copy), and moves its mtime on so the change shows even within
/// the file system's timestamp resolution.
bool changeFirstHeight(const QString& path, double height) {
    GDALDatasetH ds = GDALOpenEx(path.toUtf8().constData(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr);
    if (!ds) return false;
    OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
    OGR_L_ResetReading(layer);
    OGRFeatureH f = OGR_L_GetNextFeature(layer);
    bool ok = f != nullptr;
    if (f) {
        OGR_F_SetFieldDouble(f, OGR_F_GetFieldIndex(f, "height"), height);
        ok = OGR_L_SetFeature(layer, f) == OGRERR_NONE;
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    std::error_code ec;
    const std::filesystem::path p = path.toStdString();
    std::filesystem::last_write_time(p, std::filesystem::last_write_time(p, ec) + std::chrono::seconds(2), ec);
    return ok && !ec;
}

bool hasWarningAbout(const gis::Diagnostics& diagnostics, const std::string& word) {
    for (const auto& d : diagnostics)
        if (d.severity == gis::Severity::Warning && d.message.find(word) != std::string::npos) return true;
    return false;
}

std::vector<std::string> cachedFingerprints(const QString& cache) {
    auto c = data::TileCache::open(cache.toStdString());
    std::vector<std::string> out;
    if (!c.ok()) return out;
    auto layers = c->layers();
    if (!layers.ok()) return out;
    for (const auto& info : *layers) out.push_back(info.fingerprint);
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

class TestTileCacheLoad : public QObject {
    Q_OBJECT

private slots:
    void secondLoadComesFromTheCache() {
        const QString city = makeCity(QStringLiteral("hit_src"), 1);
        const QString cache = freshCachePath(QStringLiteral("hit"));
        const auto spec = buildingsSpec(city);
        auto first = load(spec, cache);
        QVERIFY2(first.ok(), first.firstError().c_str());
        QVERIFY(!first->fromCache);
        QVERIFY(first->stats.featuresBuilt > 250);
        QVERIFY(!first->buildKey.empty());

        auto second = load(spec, cache);
        QVERIFY2(second.ok(), second.firstError().c_str());
        QVERIFY(second->fromCache);
        QCOMPARE(second->buildKey, first->buildKey);
        QCOMPARE(second->stats.featuresBuilt, first->stats.featuresBuilt);
        QCOMPARE(second->vector->features.size(), first->vector->features.size());
        QVERIFY(second->vector->features == first->vector->features);
        QCOMPARE(second->vector->chunks.size(), first->vector->chunks.size());
        QVERIFY(second->vector->chunks == first->vector->chunks);
        QCOMPARE(second->extent.minX, first->extent.minX);
        QVERIFY(second->prepared != nullptr);
        QCOMPARE(render::preparedFeatureCount(*second->prepared), render::preparedFeatureCount(*first->prepared));
        QCOMPARE(render::preparedTileCount(*second->prepared), render::preparedTileCount(*first->prepared));

        // Renaming a layer is not a rebuild; the loaded layer has the new name.
        auto renamed = spec;
        renamed.name = "renamed";
        auto third = load(renamed, cache);
        QVERIFY(third.ok() && third->fromCache);
        QCOMPARE(third->vector->spec.name, std::string("renamed"));
    }

    void changedOptionRebuilds_data() {
        QTest::addColumn<int>("option");
        QTest::newRow("height rule") << 0;
        QTest::newRow("crs override") << 1;
        QTest::newRow("vertical exaggeration") << 2;
        QTest::newRow("kind") << 3;
    }
    void changedOptionRebuilds() {
        QFETCH(int, option);
        const QString city = makeCity(QStringLiteral("option_src"), 3);
        const QString cache = freshCachePath(QStringLiteral("option"));
        const auto spec = buildingsSpec(city);
        QVERIFY(load(spec, cache, "layer").ok());
        auto changed = spec;
        if (option == 0) changed.heightRule.defaultHeightMeters += 5;
        if (option == 1) changed.crsOverride = "EPSG:32631";
        if (option == 2) changed.verticalExaggeration = 2;
        if (option == 3) changed.kind = gis::LayerKind::Areas;
        auto rebuilt = load(changed, cache, "layer");
        QVERIFY2(rebuilt.ok(), rebuilt.firstError().c_str());
        QVERIFY(!rebuilt->fromCache);
        QCOMPARE(cachedFingerprints(cache).size(), size_t(1)); // the slot's old build is gone
        QVERIFY(load(changed, cache, "layer")->fromCache);
    }

    void changedSourceRebuildsOnlyThatLayer() {
        const QString a = makeCity(QStringLiteral("touch_a"), 5);
        const QString b = makeCity(QStringLiteral("touch_b"), 6);
        const QString cache = freshCachePath(QStringLiteral("touch"));
        const auto specA = buildingsSpec(a), specB = buildingsSpec(b);
        auto firstA = load(specA, cache, "a");
        auto firstB = load(specB, cache, "b");
        QVERIFY(firstA.ok() && firstB.ok());
        QCOMPARE(cachedFingerprints(cache).size(), size_t(2));

        const double before = firstA->vector->features.front().heightMeters;
        QVERIFY(changeFirstHeight(a, before + 17.0));
        auto secondA = load(specA, cache, "a");
        auto secondB = load(specB, cache, "b");
        QVERIFY2(secondA.ok(), secondA.firstError().c_str());
        QVERIFY(!secondA->fromCache);              // rebuilt from the changed file
        QVERIFY(secondA->buildKey != firstA->buildKey);
        QCOMPARE(secondA->vector->features.front().heightMeters, before + 17.0);
        QVERIFY(secondB.ok() && secondB->fromCache); // the other layer still comes from the cache

        std::vector<std::string> expected{secondA->buildKey, firstB->buildKey};
        std::sort(expected.begin(), expected.end());
        QCOMPARE(cachedFingerprints(cache), expected); // A's old entry replaced, B's kept
        QVERIFY(load(specA, cache, "a")->fromCache);
    }

    void corruptCacheFileIsReportedAndSourceLoads() {
        const QString city = makeCity(QStringLiteral("corrupt_src"), 7);
        const QString cache = freshCachePath(QStringLiteral("corrupt"));
        const QByteArray junk(4096, 'x');
        {
            QFile f(cache);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(junk);
        }
        auto loaded = load(buildingsSpec(city), cache);
        QVERIFY2(loaded.ok(), loaded.firstError().c_str());
        QVERIFY(!loaded->fromCache);
        QVERIFY(loaded->stats.featuresBuilt > 250);
        QVERIFY(hasWarningAbout(loaded.diagnostics(), "tile cache"));
        QFile f(cache); // not ours: left as it was
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), junk);
    }

    void damagedEntryIsRebuilt() {
        const QString city = makeCity(QStringLiteral("damaged_src"), 8);
        const QString cache = freshCachePath(QStringLiteral("damaged"));
        const auto spec = buildingsSpec(city);
        auto first = load(spec, cache);
        QVERIFY(first.ok());
        QVERIFY(truncateMeshes(cache));
        auto second = load(spec, cache);
        QVERIFY2(second.ok(), second.firstError().c_str());
        QVERIFY(!second->fromCache);
        QVERIFY(hasWarningAbout(second.diagnostics(), "damaged"));
        QVERIFY(second->vector->chunks == first->vector->chunks);
        QVERIFY(load(spec, cache)->fromCache); // stored again, whole
    }

private:
    /// Cuts every stored mesh to 10 bytes, as a torn disk write would.
    static bool truncateMeshes(const QString& cache) {
        sqlite3* db = nullptr;
        if (sqlite3_open(cache.toUtf8().constData(), &db) != SQLITE_OK) return false;
        const bool ok = sqlite3_exec(db, "UPDATE tile SET mesh = substr(mesh, 1, 10)", nullptr, nullptr, nullptr) == SQLITE_OK &&
                        sqlite3_changes(db) > 0;
        sqlite3_close(db);
        return ok;
    }
};

QTEST_GUILESS_MAIN(TestTileCacheLoad)
#include "test_tile_cache.moc"
