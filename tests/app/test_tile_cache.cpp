// The tile cache in the one loading path (app::loadLayer): a reopened layer
// comes from the cache unchanged (a big building layer paged: its full
// meshes stay in the cache), a changed source or option rebuilds only that
// layer, and a broken cache never stops a layer from loading.

#include "core/LayerLoader.h"
#include "core/LayerMeshes.h"
#include "core/TileCacheAccess.h"
#include "core/sensors/SensorBinder.h"

#include "TestData.h"

#include "citytwin/data/TileCache.h"
#include "citytwin/data/sensors/Sensor.h"
#include "citytwin/gis/CrsTransformer.h"
#include "citytwin/gis/DemoCity.h"
#include "citytwin/render/CameraView.h"
#include "citytwin/render/OffscreenRenderer.h"
#include "citytwin/render/PagedTiles.h"

#include <gdal.h>
#include <sqlite3.h>
#include <ogr_api.h>

#include <QDir>
#include <QFile>
#include <QtTest>

#include <algorithm>
#include <chrono>
#include <filesystem>

using namespace citytwin;

namespace {

/// A demo city (buildings.gpkg) in a fresh folder: 300 buildings by default
/// (a few tiles, no level-of-detail hierarchy); 7,000 make about 36 tiles,
/// enough for one (render::kMinTilesForLod = 32).
QString makeCity(const QString& name, uint64_t seed, int64_t buildings = 300) {
    const QString dir = test::testOutDir(QStringLiteral("tile_cache/") + name);
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    gis::DemoCityOptions options;
    options.outDir = dir.toStdString();
    options.buildings = buildings;
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

std::vector<data::TileEntry> cachedTiles(const QString& cache, const std::string& key) {
    auto c = data::TileCache::open(cache.toStdString());
    if (!c.ok()) return {};
    auto tiles = c->tilesFor(key);
    return tiles.ok() ? tiles.takeValue() : std::vector<data::TileEntry>();
}

/// Cuts the stored meshes matching `where` to 10 bytes, as a torn disk write would.
bool truncateMeshes(const QString& cache, const char* where = "1") {
    sqlite3* db = nullptr;
    if (sqlite3_open(cache.toUtf8().constData(), &db) != SQLITE_OK) return false;
    const std::string sql =
        std::string("UPDATE mesh SET data = substr(data, 1, 10) WHERE id IN (SELECT mesh_id FROM tile WHERE ") + where + ")";
    const bool ok = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK && sqlite3_changes(db) > 0;
    sqlite3_close(db);
    return ok;
}

/// The whole layer drawn from above once every tile it asks for is attached.
render::RgbaImage drawn(render::OffscreenRenderer& renderer, const app::LoadedLayer& layer) {
    render::CityScene scene;
    app::addToScene(scene, layer);
    const double aspect = double(renderer.width()) / renderer.height();
    return renderer.renderComplete(scene, render::fitCamera(layer.extent, layer.vector->maxHeightMeters, aspect));
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
        const auto tilesOfB = cachedTiles(cache, firstB->buildKey);
        QCOMPARE(tilesOfB.size(), firstB->vector->chunks.size());

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
        // Exactly A's tiles went: none left under its old key, B's untouched.
        QVERIFY(cachedTiles(cache, firstA->buildKey).empty());
        QCOMPARE(cachedTiles(cache, secondA->buildKey).size(), secondA->vector->chunks.size());
        QVERIFY(cachedTiles(cache, firstB->buildKey) == tilesOfB);
        QVERIFY(load(specA, cache, "a")->fromCache);
    }

    /// A building layer of 32 tiles or more is stored with its level-of-detail
    /// meshes and opens paged, on import as on reopen: features, tile index
    /// and coarse meshes in memory, no full-detail mesh; those come from the
    /// cache when drawn, picked or bound to, exactly as built. The coarse
    /// meshes computed on import are the ones the in-memory build makes.
    void reopenedBigBuildingLayerIsPaged() {
        const QString city = makeCity(QStringLiteral("paged_src"), 11, 7000);
        const QString cache = freshCachePath(QStringLiteral("paged"));
        const auto spec = buildingsSpec(city);
        auto first = load(spec, QString()); // no cache: held in memory
        QVERIFY2(first.ok(), first.firstError().c_str());
        QVERIFY(!first->fromCache);
        QVERIFY(!first->pagedMeshes);
        const auto& built = first->vector->chunks;
        QVERIFY2(built.size() >= 32, qPrintable(QString::number(built.size())));

        auto imported = load(spec, cache);
        QVERIFY2(imported.ok(), imported.firstError().c_str());
        QVERIFY(!imported->fromCache);
        QVERIFY2(imported->pagedMeshes, "the imported layer was kept whole, not paged");
        QVERIFY(imported->vector->chunks.empty());
        QVERIFY(imported->vector->features == first->vector->features);

        // Stored: the full tiles in their order, then the coarse meshes
        // (level >= 1), exactly those of the in-memory build.
        const auto stored = cachedTiles(cache, imported->buildKey);
        QVERIFY(stored.size() > built.size());
        for (size_t i = 0; i < stored.size(); ++i) {
            if (i < built.size()) QCOMPARE(stored[i].tile, built[i].tile);
            else QVERIFY2(stored[i].tile.level >= 1, qPrintable(QString::number(i)));
        }
        const std::vector<gis::MeshChunk> coarse = render::lodCoarseChunks(*first->prepared);
        QCOMPARE(stored.size(), built.size() + coarse.size());
        gis::Diagnostics notes;
        auto storedCoarse = app::loadCachedBuild(cache.toStdString(), imported->buildKey, notes);
        QVERIFY(storedCoarse && storedCoarse->paged);
        // The coarsest levels open with the layer; the fine ones stay in the
        // cache (indexed), every one exactly as the in-memory build made it.
        std::vector<gis::MeshChunk> held, left;
        for (const gis::MeshChunk& c : coarse)
            (c.tile.level > render::kPagedCoarseMaxLevel ? held : left).push_back(c);
        QVERIFY(!held.empty() && !left.empty());
        QVERIFY(storedCoarse->coarse == held);
        QCOMPARE(storedCoarse->coarseIndex.size(), left.size());
        auto reader = data::TileCache::open(cache.toStdString());
        QVERIFY(reader.ok());
        for (size_t i = 0; i < left.size(); ++i) {
            QCOMPARE(storedCoarse->coarseIndex[i].tile, left[i].tile);
            auto mesh = reader->loadTile(imported->buildKey, left[i].tile, 0);
            QVERIFY(mesh.ok() && mesh->has_value());
            QVERIFY(**mesh == left[i]);
        }

        auto second = load(spec, cache);
        QVERIFY2(second.ok(), second.firstError().c_str());
        QVERIFY(second->fromCache);
        for (const app::LoadedLayer* layer : {&*imported, &*second}) {
            QVERIFY2(layer->pagedMeshes, "not paged");
            QVERIFY(layer->vector->chunks.empty()); // no full-detail mesh in memory
            QVERIFY(layer->vector->features == first->vector->features);
            QVERIFY(layer->prepared != nullptr);
            QCOMPARE(render::preparedFeatureCount(*layer->prepared), render::preparedFeatureCount(*first->prepared));
            QCOMPARE(render::preparedTileCount(*layer->prepared), render::preparedTileCount(*first->prepared));
            QCOMPARE(render::preparedLodInfo(*layer->prepared).cells, render::preparedLodInfo(*first->prepared).cells);
        }

        // Every full mesh can still be had, exactly as built.
        std::vector<gis::MeshChunk> read;
        auto visited = app::LayerMeshes(*second).forEach([&](const gis::MeshChunk& c) { read.push_back(c); });
        QVERIFY2(visited.ok(), visited.firstError().c_str());
        QVERIFY(read == built);
        QCOMPARE(app::LayerMeshes(*second).totals().vertices, app::LayerMeshes(*first).totals().vertices);

        // Binding to the footprint a sensor stands in reads only the tiles
        // near the sensors and finds the same buildings.
        auto toLonLat = gis::CrsTransformer::create(first->frame.crsDefinition, "EPSG:4326");
        QVERIFY(toLonLat.ok());
        std::vector<data::Sensor> sensors;
        for (size_t f = 0; f < first->vector->features.size(); f += 397) {
            gis::DVec2 p = first->vector->features[f].centroid;
            QVERIFY(toLonLat->transform(p.x, p.y));
            data::Sensor s = data::sensorDefaults(data::SensorKind::Energy);
            s.id = "s" + std::to_string(f);
            s.lonLat = p;
            sensors.push_back(s);
        }
        auto inMemory = sensors, paged = sensors;
        app::BindNearestOptions options;
        options.layerId = "buildings";
        auto a = app::bindNearest(inMemory, app::LayerMeshes(*first), options);
        auto b = app::bindNearest(paged, app::LayerMeshes(*second), options);
        QVERIFY2(a.ok() && b.ok(), (a.firstError() + b.firstError()).c_str());
        QVERIFY(a->bound > sensors.size() / 2);
        QCOMPARE(b->bound, a->bound);
        QVERIFY(paged == inMemory);
    }

    /// A first open reports progress through the import, the level of detail
    /// and the cache store: never backwards, past the import's share before
    /// the end, and 1 when done.
    void importProgressMovesThroughEveryStage() {
        const QString city = makeCity(QStringLiteral("progress_src"), 14, 7000);
        const QString cache = freshCachePath(QStringLiteral("progress"));
        app::LoadContext context;
        context.cachePath = cache.toStdString();
        std::vector<double> seen;
        auto loaded = app::loadLayer(buildingsSpec(city), context, [&seen](double f) { seen.push_back(f); });
        QVERIFY2(loaded.ok(), loaded.firstError().c_str());
        QVERIFY(loaded->pagedMeshes);
        QVERIFY(seen.size() >= 3);
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QCOMPARE(seen.back(), 1.0);
        const double importShare = 0.9 * 0.8; // loadLayer's vector share x the import's part of it
        QVERIFY(std::count_if(seen.begin(), seen.end(), [&](double f) { return f > importShare + 1e-9 && f < 1.0; }) >= 2);
    }

    /// The paged layer draws the same picture as the one built in memory.
    void pagedLayerDrawsAsBuilt() {
        const QString city = makeCity(QStringLiteral("paged_draw_src"), 12, 7000);
        const QString cache = freshCachePath(QStringLiteral("paged_draw"));
        const auto spec = buildingsSpec(city);
        auto first = load(spec, QString()); // held in memory
        auto second = load(spec, cache);    // imported, then paged from the cache
        QVERIFY(first.ok() && second.ok());
        QVERIFY(!first->pagedMeshes);
        QVERIFY2(second->pagedMeshes, "not paged");
        auto renderer = render::OffscreenRenderer::create(320, 200);
        if (!renderer.ok()) QSKIP(renderer.firstError().c_str());
        const render::RgbaImage built = drawn(**renderer, *first);
        const render::RgbaImage paged = drawn(**renderer, *second);
        QCOMPARE(paged.pixels.size(), built.pixels.size());
        size_t differing = 0, lit = 0;
        for (size_t i = 0; i < built.pixels.size(); i += 4) {
            int d = 0;
            for (int c = 0; c < 3; ++c) d = std::max(d, std::abs(int(built.pixels[i + c]) - int(paged.pixels[i + c])));
            differing += d > 8;
            lit += std::abs(int(built.pixels[i]) - int(built.pixels[0])) > 8 ||
                   std::abs(int(built.pixels[i + 1]) - int(built.pixels[1])) > 8; // not the sky in the corner
        }
        QVERIFY(lit > built.pixels.size() / 40); // the city covers the picture, not just sky
        QVERIFY2(differing <= built.pixels.size() / 4 / 200, qPrintable(QString::number(differing)));
    }

    /// A paged reopen whose coarse meshes are damaged is reported and
    /// rebuilt from the source; one whose full meshes are damaged opens
    /// (they are only read when drawn) and reports them when read.
    void damagedPagedEntry() {
        const QString city = makeCity(QStringLiteral("paged_damaged_src"), 13, 7000);
        const QString cache = freshCachePath(QStringLiteral("paged_damaged"));
        const auto spec = buildingsSpec(city);
        QVERIFY(load(spec, cache).ok());
        QVERIFY(truncateMeshes(cache, "level > 0"));
        auto rebuilt = load(spec, cache);
        QVERIFY2(rebuilt.ok(), rebuilt.firstError().c_str());
        QVERIFY(!rebuilt->fromCache);
        QVERIFY(hasWarningAbout(rebuilt.diagnostics(), "damaged"));
        auto paged = load(spec, cache);
        QVERIFY(paged.ok() && paged->fromCache && paged->pagedMeshes);

        QVERIFY(truncateMeshes(cache, "level = 0"));
        auto opened = load(spec, cache);
        QVERIFY(opened.ok() && opened->fromCache && opened->pagedMeshes);
        auto read = app::LayerMeshes(*opened).forEach([](const gis::MeshChunk&) {});
        QVERIFY(!read.ok());
        QVERIFY2(QString::fromStdString(read.firstError()).contains("damaged"), read.firstError().c_str());
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

};

QTEST_GUILESS_MAIN(TestTileCacheLoad)
#include "test_tile_cache.moc"
