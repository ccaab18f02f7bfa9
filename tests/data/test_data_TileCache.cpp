// TileCache: round trips, reopen, invalidation by fingerprint, refusing
// files it must not touch, and all-or-nothing stores.
#include "citytwin/data/LayerFingerprint.h"
#include "citytwin/data/TileCache.h"

#include "TestData.h"
#include "test_data_Samples.h"
#include "test_data_Suites.h"

#include <QDir>
#include <QFile>
#include <QtTest>

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <optional>
#include <span>
#include <thread>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

using citytwin::data::TileCache;
using citytwin::data::TileEntry;
using citytwin::gis::ImportedLayer;
using citytwin::gis::TileKey;
using citytwin::test::compareLayers;
using citytwin::test::readAll;
using citytwin::test::sampleLayer;
using citytwin::test::writeAll;

namespace {

/// A path for a cache file in a fresh folder of its own.
QString freshCachePath(const QString& name) {
    const QString dir = citytwin::test::testOutDir("tilecache/" + name);
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    return dir + "/cache.citytwin-cache";
}

/// Overwrites a big-endian u32 in the SQLite header (user_version at 60,
/// application_id at 68) of a closed file.
bool patchHeaderU32(const QString& path, int offset, uint32_t value) {
    QByteArray bytes = readAll(path);
    if (bytes.size() < 100) return false;
    for (int i = 0; i < 4; ++i) bytes[offset + i] = char((value >> (24 - 8 * i)) & 0xFF);
    return writeAll(path, bytes);
}

/// The bounds the cache must report for a mesh, computed here independently.
std::pair<citytwin::gis::DVec3, citytwin::gis::DVec3> expectedBounds(const citytwin::gis::MeshChunk& c) {
    if (c.positions.empty()) return {c.origin, c.origin};
    citytwin::gis::DVec3 lo{1e300, 1e300, 1e300}, hi{-1e300, -1e300, -1e300};
    for (size_t i = 0; i < c.positions.size(); i += 3) {
        const citytwin::gis::DVec3 p{c.origin.x + c.positions[i], c.origin.y + c.positions[i + 1],
                                     c.origin.z + c.positions[i + 2]};
        lo = {std::min(lo.x, p.x), std::min(lo.y, p.y), std::min(lo.z, p.z)};
        hi = {std::max(hi.x, p.x), std::max(hi.y, p.y), std::max(hi.z, p.z)};
    }
    return {lo, hi};
}

int sqliteInt(sqlite3* db, const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    int value = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
        value = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    return value;
}

/// Mesh blobs no tile refers to (left behind by a replace or an invalidate).
int orphanMeshes(const std::string& path) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return -1;
    const int n = sqliteInt(db, "SELECT count(*) FROM mesh WHERE id NOT IN (SELECT mesh_id FROM tile)");
    sqlite3_close(db);
    return n;
}

/// A tile cache file as schema version 2 wrote it (4 KiB pages, no bounds),
/// holding one entry with one mesh.
bool writeSchemaV2File(const QString& path) {
    sqlite3* db = nullptr;
    if (sqlite3_open(path.toUtf8().constData(), &db) != SQLITE_OK) return false;
    const char* sql = R"sql(
PRAGMA page_size=4096;
PRAGMA journal_mode=WAL;
CREATE TABLE layer(fingerprint TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, meta_json TEXT NOT NULL,
  feature_count INTEGER NOT NULL, chunk_count INTEGER NOT NULL, bytes INTEGER NOT NULL,
  stored_utc INTEGER NOT NULL, slot TEXT NOT NULL DEFAULT '');
CREATE INDEX layer_by_slot ON layer(slot);
CREATE TABLE feature_block(fingerprint TEXT NOT NULL, block INTEGER NOT NULL, data BLOB NOT NULL,
  PRIMARY KEY(fingerprint, block));
CREATE TABLE tile(fingerprint TEXT NOT NULL, x INTEGER NOT NULL, y INTEGER NOT NULL, level INTEGER NOT NULL,
  part INTEGER NOT NULL, seq INTEGER NOT NULL, vertex_count INTEGER NOT NULL, triangle_count INTEGER NOT NULL,
  mesh BLOB NOT NULL, PRIMARY KEY(fingerprint, x, y, level, part));
CREATE INDEX tile_by_seq ON tile(fingerprint, seq);
INSERT INTO layer VALUES('fp-old', 'old', '{}', 0, 1, 10, 1, 'slot-old');
INSERT INTO tile VALUES('fp-old', 0, 0, 0, 0, 0, 3, 1, x'00010203040506070809');
PRAGMA application_id=1129608291;
PRAGMA user_version=2;
)sql";
    const bool ok = sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

/// A layer whose store is big enough to be written in rollback-journal
/// mode (TileCache::kBulkStoreMinBytes): sampleLayer plus three meshes of
/// 600,000 vertices.
ImportedLayer bigLayer(const std::string& name, uint32_t seed) {
    ImportedLayer layer = sampleLayer(name, seed, 50);
    for (int t = 0; t < 3; ++t) {
        auto chunk = citytwin::test::randomChunk(seed + 10 + t, 600000, false);
        for (auto& id : chunk.featureIds) id %= 50;
        chunk.tile = {10 + t, 0, 0};
        layer.chunks.push_back(std::move(chunk));
    }
    return layer;
}

/// Whether a closed or open database file's header says WAL mode (bytes 18, 19).
bool headerSaysWal(const std::string& path) {
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly)) return false;
    const QByteArray header = file.read(20);
    return header.size() == 20 && header[18] == 2 && header[19] == 2;
}

} // namespace

class TestTileCache : public QObject {
    Q_OBJECT

private slots:
    void storeLoadRoundTrip() {
        auto cache = TileCache::open(freshCachePath("roundtrip").toStdString());
        QVERIFY2(cache.ok(), cache.firstError().c_str());
        const ImportedLayer layer = sampleLayer("roundtrip", 1);
        QCOMPARE(layer.chunks.size(), size_t(2));
        auto stored = cache->store("fp-a", layer);
        QVERIFY2(stored.ok(), stored.firstError().c_str());
        QVERIFY(*stored > 0);
        auto loaded = cache->load("fp-a");
        QVERIFY2(loaded.ok(), loaded.firstError().c_str());
        QVERIFY(loaded->has_value());
        compareLayers(**loaded, layer);

        // The resolved kind comes back too (a street layer must not reopen as buildings).
        ImportedLayer streets = sampleLayer("roundtrip-lines", 2);
        streets.kind = citytwin::gis::LayerKind::Lines;
        QVERIFY(cache->store("fp-lines", streets).ok());
        auto lines = cache->load("fp-lines");
        QVERIFY2(lines.ok() && lines->has_value(), lines.firstError().c_str());
        QCOMPARE(int((**lines).kind), int(citytwin::gis::LayerKind::Lines));
        compareLayers(**lines, streets);
    }

    void missIsEmptyNotError() {
        auto cache = TileCache::open(freshCachePath("miss").toStdString());
        QVERIFY(cache.ok());
        auto loaded = cache->load("nothing");
        QVERIFY(loaded.ok());
        QVERIFY(!loaded->has_value());
        auto tiles = cache->tilesFor("nothing");
        QVERIFY(tiles.ok());
        QVERIFY(tiles->empty());
        auto tile = cache->loadTile("nothing", TileKey{});
        QVERIFY(tile.ok());
        QVERIFY(!tile->has_value());
        auto removed = cache->invalidate("nothing");
        QVERIFY(removed.ok());
        QVERIFY(!*removed);
    }

    void reopenAfterClose() {
        const std::string path = freshCachePath("reopen").toStdString();
        const ImportedLayer layer = sampleLayer("reopen", 2, 40000); // several feature blocks
        {
            auto cache = TileCache::open(path);
            QVERIFY(cache.ok());
            QVERIFY(cache->store("fp-r", layer).ok());
        }
        QVERIFY(!QFile::exists(QString::fromStdString(path) + "-wal")); // checkpointed on close
        auto cache = TileCache::open(path);
        QVERIFY2(cache.ok(), cache.firstError().c_str());
        auto loaded = cache->load("fp-r");
        QVERIFY2(loaded.ok(), loaded.firstError().c_str());
        QVERIFY(loaded->has_value());
        compareLayers(**loaded, layer);
        auto layers = cache->layers();
        QVERIFY(layers.ok());
        QCOMPARE(layers->size(), size_t(1));
        QCOMPARE(layers->front().name, std::string("reopen"));
        QCOMPARE(layers->front().featureCount, int64_t(40000));
        QCOMPARE(layers->front().chunkCount, int64_t(2));
    }

    void withoutMeshesAndSingleTiles() {
        auto cache = TileCache::open(freshCachePath("tiles").toStdString());
        QVERIFY(cache.ok());
        ImportedLayer layer = sampleLayer("tiles", 3);
        layer.chunks.push_back(layer.chunks[0]); // second material of tile 0
        layer.chunks.back().normals.clear();
        QVERIFY(cache->store("fp-t", layer).ok());

        auto tiles = cache->tilesFor("fp-t");
        QVERIFY(tiles.ok());
        QCOMPARE(tiles->size(), size_t(3));
        QCOMPARE((*tiles)[0].tile, (TileKey{0, 0, 0}));
        QCOMPARE((*tiles)[0].part, 0);
        QCOMPARE((*tiles)[1].tile, (TileKey{1, -1, 0}));
        QCOMPARE((*tiles)[2].tile, (TileKey{0, 0, 0}));
        QCOMPARE((*tiles)[2].part, 1);
        QCOMPARE((*tiles)[1].vertexCount, int64_t(layer.chunks[1].vertexCount()));
        QCOMPARE((*tiles)[1].triangleCount, int64_t(layer.chunks[1].triangleCount()));

        auto part1 = cache->loadTile("fp-t", TileKey{0, 0, 0}, 1);
        QVERIFY(part1.ok());
        QVERIFY(part1->has_value());
        QCOMPARE(**part1, layer.chunks[2]);

        auto light = cache->load("fp-t", TileCache::LoadMode::WithoutMeshes);
        QVERIFY(light.ok());
        QVERIFY(light->has_value());
        QVERIFY((*light)->chunks.empty());
        QCOMPARE((*light)->features.size(), layer.features.size());
    }

    /// tilesFor() gives each mesh's scene CRS bounds (origin + least and
    /// greatest position), for full tiles and coarse (level >= 1) meshes
    /// alike, after the file is closed and reopened.
    void tileBoundsRoundTrip() {
        const std::string path = freshCachePath("bounds").toStdString();
        ImportedLayer layer = sampleLayer("bounds", 21, 5);
        layer.chunks[1].origin = {330512.25, 4690250.5, -3.5};
        citytwin::gis::MeshChunk empty;
        empty.tile = {7, 7, 0};
        empty.origin = {1.5, 2.5, 3.5};
        layer.chunks.push_back(empty);
        citytwin::gis::MeshChunk coarse = layer.chunks[0];
        coarse.tile = {0, -1, 1}; // a level-of-detail cell over both tiles, stored after the chunks
        coarse.origin.z += 100;
        {
            auto cache = TileCache::open(path);
            QVERIFY(cache.ok());
            QVERIFY(cache->store("fp-b", layer, {}, std::span(&coarse, 1)).ok());
        }
        ImportedLayer expected = layer;
        expected.chunks.push_back(coarse);
        auto cache = TileCache::open(path);
        QVERIFY(cache.ok());
        auto tiles = cache->tilesFor("fp-b");
        QVERIFY2(tiles.ok(), tiles.firstError().c_str());
        QCOMPARE(tiles->size(), expected.chunks.size());
        for (size_t i = 0; i < tiles->size(); ++i) {
            const TileEntry& e = (*tiles)[i];
            const auto [lo, hi] = expectedBounds(expected.chunks[i]);
            QCOMPARE(e.tile, expected.chunks[i].tile);
            QCOMPARE(e.boxMin.x, lo.x);
            QCOMPARE(e.boxMin.y, lo.y);
            QCOMPARE(e.boxMin.z, lo.z);
            QCOMPARE(e.boxMax.x, hi.x);
            QCOMPARE(e.boxMax.y, hi.y);
            QCOMPARE(e.boxMax.z, hi.z);
            QVERIFY(e.boxMin.x <= e.boxMax.x && e.boxMin.y <= e.boxMax.y && e.boxMin.z <= e.boxMax.z);
        }
        QVERIFY((*tiles)[0].boxMin.x < (*tiles)[0].boxMax.x); // a real extent, not the origin
        QCOMPARE((*tiles)[2].boxMin.x, 1.5);
        QCOMPARE((*tiles)[2].boxMax.z, 3.5);
        QCOMPARE((*tiles)[3].tile.level, 1);
        auto level1 = cache->loadTile("fp-b", TileKey{0, -1, 1});
        QVERIFY(level1.ok() && level1->has_value());
        QCOMPARE(**level1, coarse);
        auto loaded = cache->load("fp-b");
        QVERIFY(loaded.ok() && loaded->has_value());
        compareLayers(**loaded, expected);
        QCOMPARE(cache->layers()->front().chunkCount, int64_t(4));
    }

    /// A file of schema version 2 opens as version 3: its entries are
    /// dropped (they lack the bounds; the cache is disposable and they are
    /// rebuilt on their next load), it moves to 64 KiB pages and works.
    void schemaV2FileIsMigrated() {
        const QString path = freshCachePath("v2");
        QVERIFY(writeSchemaV2File(path));
        {
            auto cache = TileCache::open(path.toStdString());
            QVERIFY2(cache.ok(), cache.firstError().c_str());
            auto layers = cache->layers();
            QVERIFY(layers.ok());
            QVERIFY(layers->empty());
            QVERIFY(!cache->load("fp-old")->has_value());
            QVERIFY(cache->tilesFor("fp-old")->empty());
            const ImportedLayer layer = sampleLayer("after", 22);
            QVERIFY(cache->store("fp-new", layer, "slot-old").ok());
            auto tiles = cache->tilesFor("fp-new");
            QVERIFY(tiles.ok());
            QCOMPARE(tiles->size(), size_t(2));
            QCOMPARE((*tiles)[1].boxMin.x, expectedBounds(layer.chunks[1]).first.x);
        }
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        QCOMPARE(sqliteInt(db, "PRAGMA user_version"), TileCache::kSchemaVersion);
        QCOMPARE(sqliteInt(db, "PRAGMA page_size"), 65536);
        QCOMPARE(sqliteInt(db, "SELECT count(*) FROM layer"), 1);
        sqlite3_close(db);
        auto reopened = TileCache::open(path.toStdString());
        QVERIFY(reopened.ok());
        auto loaded = reopened->load("fp-new");
        QVERIFY(loaded.ok() && loaded->has_value());
        compareLayers(**loaded, sampleLayer("after", 22));
    }

    /// Migrating while another connection holds the file still works; the
    /// file just keeps its old page size.
    void schemaV2FileMigratedWhileShared() {
        const QString path = freshCachePath("v2-shared");
        QVERIFY(writeSchemaV2File(path));
        sqlite3* other = nullptr;
        QCOMPARE(sqlite3_open(path.toUtf8().constData(), &other), SQLITE_OK);
        QCOMPARE(sqliteInt(other, "SELECT count(*) FROM layer"), 1); // it has read the file
        {
            auto cache = TileCache::open(path.toStdString());
            QVERIFY2(cache.ok(), cache.firstError().c_str());
            QVERIFY(cache->layers()->empty());
            const ImportedLayer layer = sampleLayer("shared", 23);
            QVERIFY(cache->store("fp", layer).ok());
            auto loaded = cache->load("fp");
            QVERIFY(loaded.ok() && loaded->has_value());
            compareLayers(**loaded, layer);
        }
        QCOMPARE(sqliteInt(other, "PRAGMA page_size"), 4096);
        QCOMPARE(sqliteInt(other, "SELECT count(*) FROM layer"), 1);
        sqlite3_close(other);
    }

    /// A changed source gives a new fingerprint: the old entry is not
    /// returned for it, and invalidating the old one removes exactly its tiles.
    void changedSourceMissesOldEntry() {
        const QString dir = citytwin::test::testOutDir("tilecache/changed-source");
        const QString source = dir + "/buildings.geojson";
        QVERIFY(writeAll(source, "{\"type\":\"FeatureCollection\",\"features\":[]}"));
        citytwin::gis::LayerSpec spec;
        spec.sources = {source.toStdString()};
        const citytwin::gis::SceneFrame frame{"EPSG:32619", "", 500.0};
        const std::string before = citytwin::data::layerFingerprint(spec, frame);

        const std::string path = freshCachePath("changed").toStdString();
        auto cache = TileCache::open(path);
        QVERIFY(cache.ok());
        QVERIFY(cache->store(before, sampleLayer("a", 4)).ok());
        QVERIFY(cache->store("other-layer", sampleLayer("b", 5)).ok());

        QVERIFY(writeAll(source, "{\"type\":\"FeatureCollection\",\"features\":[ ]}"));
        const std::string after = citytwin::data::layerFingerprint(spec, frame);
        QVERIFY(after != before);
        auto loaded = cache->load(after);
        QVERIFY(loaded.ok());
        QVERIFY(!loaded->has_value());
        QVERIFY(cache->tilesFor(after)->empty());

        auto removed = cache->invalidate(before);
        QVERIFY(removed.ok());
        QVERIFY(*removed);
        QVERIFY(cache->tilesFor(before)->empty());
        QVERIFY(!cache->load(before)->has_value());
        QCOMPARE(cache->tilesFor("other-layer")->size(), size_t(2));
        QVERIFY(cache->load("other-layer")->has_value());
        QCOMPARE(orphanMeshes(path), 0); // its mesh blobs went with it
    }

    void storeReplacesEntry() {
        auto cache = TileCache::open(freshCachePath("replace").toStdString());
        QVERIFY(cache.ok());
        QVERIFY(cache->store("fp", sampleLayer("first", 6, 5)).ok());
        const ImportedLayer second = sampleLayer("second", 7, 2);
        QVERIFY(cache->store("fp", second).ok());
        auto loaded = cache->load("fp");
        QVERIFY(loaded.ok() && loaded->has_value());
        compareLayers(**loaded, second);
        QCOMPARE(cache->layers()->size(), size_t(1));
    }

    void newerSchemaRefusedUntouched() {
        const QString path = freshCachePath("newer");
        {
            auto cache = TileCache::open(path.toStdString());
            QVERIFY(cache.ok());
            QVERIFY(cache->store("fp", sampleLayer("n", 8)).ok());
        }
        QVERIFY(patchHeaderU32(path, 60, TileCache::kSchemaVersion + 1));
        const QByteArray before = readAll(path);
        auto cache = TileCache::open(path.toStdString());
        QVERIFY(!cache.ok());
        const QString error = QString::fromStdString(cache.firstError());
        QVERIFY2(error.contains("newer") && error.contains(QString::number(TileCache::kSchemaVersion + 1)),
                 qPrintable(error));
        QVERIFY(error.contains(path));
        QCOMPARE(readAll(path), before);
    }

    void foreignDatabaseRefusedUntouched() {
        const QString path = freshCachePath("foreign");
        { QVERIFY(TileCache::open(path.toStdString()).ok()); }
        QVERIFY(patchHeaderU32(path, 68, 0x47504B47)); // 'GPKG'
        const QByteArray before = readAll(path);
        auto cache = TileCache::open(path.toStdString());
        QVERIFY(!cache.ok());
        QVERIFY2(QString::fromStdString(cache.firstError()).contains("another application"),
                 cache.firstError().c_str());
        QCOMPARE(readAll(path), before);
    }

    void notSqliteRefusedUntouched_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("text") << QByteArray("These are not the tiles you are looking for.\n").repeated(20);
        QByteArray noise(8192, '\0');
        for (int i = 0; i < noise.size(); ++i) noise[i] = char((i * 7919 + 13) & 0xFF);
        QTest::newRow("noise") << noise;
        QByteArray fakeHeader = QByteArray("SQLite format 3", 16) + noise;
        QTest::newRow("sqlite magic then noise") << fakeHeader;
    }
    void notSqliteRefusedUntouched() {
        QFETCH(QByteArray, content);
        const QString path = freshCachePath(QString("notsqlite-%1").arg(QTest::currentDataTag()).replace(' ', '_'));
        QVERIFY(writeAll(path, content));
        auto cache = TileCache::open(path.toStdString());
        QVERIFY(!cache.ok());
        const QString error = QString::fromStdString(cache.firstError());
        QVERIFY2(error.contains("cannot use tile cache") && error.contains("left unchanged"), qPrintable(error));
        QCOMPARE(readAll(path), content);
        QVERIFY(!QFile::exists(path + "-wal"));
    }

    void truncatedFileFailsCleanly() {
        const QString path = freshCachePath("truncated");
        {
            auto cache = TileCache::open(path.toStdString());
            QVERIFY(cache.ok());
            QVERIFY(cache->store("fp", sampleLayer("t", 9, 20000)).ok());
        }
        QByteArray bytes = readAll(path);
        QVERIFY(bytes.size() > 16384);
        QVERIFY(writeAll(path, bytes.left(bytes.size() / 2)));
        auto cache = TileCache::open(path.toStdString());
        if (!cache.ok()) return; // refused at open: fine
        auto loaded = cache->load("fp");
        QVERIFY2(!loaded.ok(), "half a file loaded as a whole layer");
        QVERIFY(!loaded.firstError().empty());
    }

    /// A store that fails midway (here: the second mesh does not encode,
    /// after the old rows were deleted and the first mesh written) keeps the
    /// previous content exactly.
    void failedStoreKeepsPrevious_data() {
        QTest::addColumn<int>("fault");
        QTest::newRow("mesh index outside vertices") << 0;
        QTest::newRow("feature id beyond features") << 1;
        // Meshes are encoded in batches ahead of the writes: a fault well
        // after the first batch, with the next batch being encoded.
        QTest::newRow("feature id beyond features, later batch") << 2;
    }
    void failedStoreKeepsPrevious() {
        QFETCH(int, fault);
        const QString path = freshCachePath(QString("failed-store-%1").arg(fault));
        auto cache = TileCache::open(path.toStdString());
        QVERIFY(cache.ok());
        const ImportedLayer previous = sampleLayer("previous", 10);
        QVERIFY(cache->store("fp", previous).ok());

        ImportedLayer broken = sampleLayer("broken", 11, 4);
        if (fault == 0) {
            broken.chunks[1].indices[0] = static_cast<uint32_t>(broken.chunks[1].vertexCount());
        } else if (fault == 1) {
            broken.chunks[1].featureIds[0] = 4;
        } else {
            while (broken.chunks.size() < 30) broken.chunks.push_back(broken.chunks[broken.chunks.size() % 2]);
            broken.chunks[17].featureIds[0] = 4;
        }
        for (const std::string fp : {"fp", "fp-new"}) {
            auto stored = cache->store(fp, broken);
            QVERIFY(!stored.ok());
            QVERIFY(!stored.firstError().empty());
        }

        auto loaded = cache->load("fp");
        QVERIFY2(loaded.ok(), loaded.firstError().c_str());
        QVERIFY(loaded->has_value());
        compareLayers(**loaded, previous);
        QVERIFY(!cache->load("fp-new")->has_value());
        QVERIFY(cache->tilesFor("fp-new")->empty());
        QCOMPARE(cache->layers()->size(), size_t(1));

        // Still usable for writing afterwards (the transaction was closed).
        QVERIFY(cache->store("fp-new", previous).ok());
    }

    /// Two connections on one file (as two threads would hold): a store on
    /// one is seen whole by the other.
    void storeUnderSlotReplacesThatSlotOnly() {
        // A layer rebuilt after its source changed leaves one entry, and
        // another layer's entry is untouched.
        const std::string path = freshCachePath("slots").toStdString();
        auto cache = TileCache::open(path);
        QVERIFY(cache.ok());
        QVERIFY(cache->store("fp-a1", sampleLayer("a", 1), "layer-a").ok());
        QVERIFY(cache->store("fp-b1", sampleLayer("b", 2), "layer-b").ok());
        QVERIFY(cache->store("fp-free", sampleLayer("free", 3)).ok());
        auto stored = cache->store("fp-a2", sampleLayer("a", 4), "layer-a");
        QVERIFY2(stored.ok(), stored.firstError().c_str());
        QVERIFY(!cache->load("fp-a1")->has_value());
        QVERIFY(!cache->tilesFor("fp-a1")->size());
        QVERIFY(cache->load("fp-a2")->has_value());
        QVERIFY(cache->load("fp-b1")->has_value());
        QVERIFY(cache->load("fp-free")->has_value());
        auto layers = cache->layers();
        QVERIFY(layers.ok());
        QCOMPARE(layers->size(), size_t(3));
        for (const auto& info : *layers)
            if (info.fingerprint == "fp-a2") QCOMPARE(info.slot, std::string("layer-a"));
        QCOMPARE(orphanMeshes(path), 0);
    }

    void secondConnectionSeesStore() {
        const std::string path = freshCachePath("two").toStdString();
        auto writer = TileCache::open(path);
        auto reader = TileCache::open(path);
        QVERIFY(writer.ok() && reader.ok());
        QVERIFY(!reader->load("fp")->has_value());
        const ImportedLayer layer = sampleLayer("two", 12);
        QVERIFY(writer->store("fp", layer).ok());
        auto loaded = reader->load("fp");
        QVERIFY(loaded.ok() && loaded->has_value());
        compareLayers(**loaded, layer);
    }

    /// WithCoarseMeshes: the features and only the meshes of level >= 1, in
    /// stored order (what a paged layer opens with).
    void coarseMeshesOnly() {
        const std::string path = freshCachePath("coarse").toStdString();
        const ImportedLayer layer = sampleLayer("coarse", 31, 20);
        std::vector<citytwin::gis::MeshChunk> coarse;
        for (int level = 2; level >= 1; --level) {
            auto chunk = citytwin::test::randomChunk(40 + level, 30);
            for (auto& id : chunk.featureIds) id %= 20;
            chunk.tile = {0, 0, level};
            coarse.push_back(chunk);
        }
        auto cache = TileCache::open(path);
        QVERIFY(cache.ok());
        QVERIFY(cache->store("fp", layer, "s", coarse).ok());
        auto loaded = cache->load("fp", TileCache::LoadMode::WithCoarseMeshes);
        QVERIFY2(loaded.ok() && loaded->has_value(), loaded.ok() ? "missing" : loaded.firstError().c_str());
        QVERIFY((*loaded)->features == layer.features);
        QCOMPARE((*loaded)->chunks.size(), coarse.size());
        for (size_t i = 0; i < coarse.size(); ++i) QCOMPARE((*loaded)->chunks[i], coarse[i]);
        auto missing = cache->load("nope", TileCache::LoadMode::WithCoarseMeshes);
        QVERIFY(missing.ok() && !missing->has_value());
    }

    void damagedFeatureBlockFailsCleanly_data() {
        QTest::addColumn<QString>("damage"); // SQL expression replacing feature_block.data
        QTest::addRow("truncated") << "substr(data, 1, length(data) - 5)";
        QTest::addRow("trailing byte") << "data || x'00'";
        QTest::addRow("bad magic") << "x'58585858' || substr(data, 5)";
        QTest::addRow("huge feature count") << "substr(data, 1, 8) || x'FFFFFF7F' || substr(data, 13)";
        QTest::addRow("fewer features") << "substr(data, 1, 8) || x'01000000' || substr(data, 13)";
        QTest::addRow("huge name count") << "substr(data, 1, 12) || x'FFFFFF7F' || substr(data, 17)";
        QTest::addRow("header only") << "substr(data, 1, 10)";
        // One 64 KiB name, then a first feature naming it 65537 times (empty
        // values): 0.5 MB that would unpack to over 4 GiB of attributes.
        QTest::addRow("long name repeated past 4 GiB")
            << "substr(data, 1, 12) || x'01000000' || x'00000100' || zeroblob(65536) || zeroblob(44) || "
               "x'01000100' || zeroblob(524296)";
        QTest::addRow("empty") << "x''";
    }

    /// A damaged feature block makes every load mode fail with "damaged"
    /// (never a crash or a partly filled layer).
    void damagedFeatureBlockFailsCleanly() {
        QFETCH(QString, damage);
        const std::string path = freshCachePath("damaged_block").toStdString();
        {
            auto cache = TileCache::open(path);
            QVERIFY(cache.ok());
            QVERIFY(cache->store("fp", sampleLayer("blk", 21, 40)).ok());
        }
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        const QByteArray sql = ("UPDATE feature_block SET data=" + damage).toUtf8();
        QCOMPARE(sqlite3_exec(db, sql.constData(), nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
        auto cache = TileCache::open(path);
        QVERIFY(cache.ok());
        for (auto mode : {TileCache::LoadMode::Full, TileCache::LoadMode::WithoutMeshes,
                          TileCache::LoadMode::WithCoarseMeshes}) {
            auto loaded = cache->load("fp", mode);
            QVERIFY(!loaded.ok());
            QVERIFY2(QString::fromStdString(loaded.firstError()).contains("damaged"), loaded.firstError().c_str());
        }
    }

    /// A big new entry on the only connection is not written twice: the WAL
    /// never holds it (before, it grew to the entry's size and the checkpoint
    /// copied it all), and the file is back in WAL mode afterwards.
    void bulkStoreWritesEachByteOnce() {
        const std::string path = freshCachePath("bulk").toStdString();
        const ImportedLayer big = bigLayer("bulk", 5);
        auto cache = TileCache::open(path);
        QVERIFY(cache.ok());
        auto stored = cache->store("fp-big", big, "slot");
        QVERIFY2(stored.ok(), stored.firstError().c_str());
        QVERIFY(*stored >= TileCache::kBulkStoreMinBytes);
        std::error_code ec;
        const auto walBytes = std::filesystem::file_size(path + "-wal", ec);
        QVERIFY2(ec || walBytes < uintmax_t(*stored / 4), qPrintable(QString::number(walBytes)));
        QVERIFY(headerSaysWal(path));
        auto loaded = cache->load("fp-big");
        QVERIFY2(loaded.ok() && loaded->has_value(), loaded.ok() ? "missing" : loaded.firstError().c_str());
        compareLayers(**loaded, big);
    }

    void killedBulkStoreLeavesEntryWholeOrAbsent_data() {
        QTest::addColumn<int>("killAfterMs"); // -1: the store finishes
        for (int ms : {0, 20, 60, 120, 250, -1}) QTest::addRow("%d ms", ms) << ms;
    }

    /// kill -9 of a process in the middle of a bulk store: the file opens,
    /// the entry stored before is intact, and the new one is there whole or
    /// not at all; the file is in WAL mode again.
    void killedBulkStoreLeavesEntryWholeOrAbsent() {
        QFETCH(int, killAfterMs);
        const std::string path = freshCachePath("killed_" + QString::number(killAfterMs)).toStdString();
        const ImportedLayer small = sampleLayer("small", 3, 10);
        const ImportedLayer big = bigLayer("big", 7);
        {
            auto cache = TileCache::open(path);
            QVERIFY(cache.ok());
            QVERIFY(cache->store("fp-small", small, "s1").ok());
        }
        const pid_t child = fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            auto cache = TileCache::open(path);
            const bool ok = cache.ok() && cache->store("fp-big", big, "s2").ok();
            _exit(ok ? 0 : 1);
        }
        if (killAfterMs >= 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(killAfterMs));
            kill(child, SIGKILL);
        }
        int status = 0;
        QCOMPARE(waitpid(child, &status, 0), child);
        if (killAfterMs < 0) QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);

        auto cache = TileCache::open(path);
        QVERIFY2(cache.ok(), cache.ok() ? "" : cache.firstError().c_str());
        QVERIFY(headerSaysWal(path));
        auto kept = cache->load("fp-small");
        QVERIFY2(kept.ok() && kept->has_value(), kept.ok() ? "missing" : kept.firstError().c_str());
        compareLayers(**kept, small);
        auto layers = cache->layers();
        QVERIFY(layers.ok());
        const bool listed = std::any_of(layers->begin(), layers->end(),
                                        [](const auto& info) { return info.fingerprint == "fp-big"; });
        auto loaded = cache->load("fp-big");
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.firstError().c_str());
        QCOMPARE(loaded->has_value(), listed);
        if (listed) compareLayers(**loaded, big);
        if (killAfterMs < 0) QVERIFY(listed);
        QCOMPARE(orphanMeshes(path), 0);
    }

    /// Connections opened while a bulk store runs (it left WAL mode) read
    /// the entries there and see the new one whole or not at all; one kept
    /// open follows the file back into WAL mode and reads the new entry.
    void readersDuringBulkStore() {
        const std::string path = freshCachePath("readers").toStdString();
        const ImportedLayer small = sampleLayer("small", 4, 10);
        const ImportedLayer big = bigLayer("big", 9);
        {
            auto cache = TileCache::open(path);
            QVERIFY(cache.ok());
            QVERIFY(cache->store("fp-small", small, "s1").ok());
        }
        std::atomic<bool> storing{true};
        std::string writerError;
        std::thread writer([&] {
            auto cache = TileCache::open(path);
            if (!cache.ok())
                writerError = cache.firstError();
            else if (auto stored = cache->store("fp-big", big, "s2"); !stored.ok())
                writerError = stored.firstError();
            storing = false;
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(20)); // the store has begun
        std::vector<std::string> problems;
        std::optional<TileCache> early;
        int reads = 0;
        while (storing || reads == 0) {
            auto cache = TileCache::open(path);
            if (!cache.ok()) {
                problems.push_back(cache.firstError());
                break;
            }
            auto kept = cache->load("fp-small");
            if (!kept.ok() || !kept->has_value() || (*kept)->features != small.features)
                problems.push_back(kept.ok() ? "fp-small missing or changed" : kept.firstError());
            auto fresh = cache->load("fp-big", TileCache::LoadMode::WithoutMeshes);
            if (!fresh.ok())
                problems.push_back(fresh.firstError());
            else if (fresh->has_value() && (*fresh)->features != big.features)
                problems.push_back("fp-big partly there");
            ++reads;
            if (!early) early.emplace(cache.takeValue());
        }
        writer.join();
        QVERIFY2(writerError.empty(), writerError.c_str());
        QVERIFY2(problems.empty(), problems.empty() ? "" : problems.front().c_str());
        QVERIFY(headerSaysWal(path));
        auto later = early->load("fp-big");
        QVERIFY2(later.ok() && later->has_value(), later.ok() ? "missing" : later.firstError().c_str());
        compareLayers(**later, big);
    }
};

int runTileCacheTests(int argc, char** argv) {
    TestTileCache t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_data_TileCache.moc"
