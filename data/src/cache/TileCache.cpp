#include "citytwin/data/TileCache.h"

#include "citytwin/data/MeshChunkCodec.h"
#include "cache/FeatureRecordCodec.h"
#include "cache/LayerMetaJson.h"
#include "sqlite/SqliteStatement.h"
#include "sqlite/SqliteTransaction.h"
#include "cache/TileCacheSchema.h"

#include <algorithm>
#include <chrono>
#include <map>

namespace citytwin::data {

namespace {

/// Features per feature_block row: keeps rows well under SQLite's blob
/// limit at millions of features and lets a reader stream them.
constexpr size_t kFeaturesPerBlock = 16384;
constexpr int kBusyTimeoutMs = 10000;

int64_t nowUnixSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// First feature id in the chunk that is not a feature of the layer, if any.
std::optional<uint32_t> featureIdOutside(const gis::MeshChunk& chunk, size_t featureCount) {
    const auto it = std::find_if(chunk.featureIds.begin(), chunk.featureIds.end(),
                                 [featureCount](uint32_t id) { return id >= featureCount; });
    if (it == chunk.featureIds.end()) return std::nullopt;
    return *it;
}

} // namespace

void TileCache::DbCloser::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

TileCache::TileCache(std::string path, std::unique_ptr<sqlite3, DbCloser> db)
    : m_path(std::move(path)), m_db(std::move(db)) {}
TileCache::TileCache(TileCache&&) noexcept = default;
TileCache& TileCache::operator=(TileCache&&) noexcept = default;
TileCache::~TileCache() = default;

template <typename T>
gis::Result<T> TileCache::sqlFailure(const std::string& what) const {
    return gis::Result<T>::failure(
        "tile cache " + m_path + ": " + what + ": " + detail::sqliteError(m_db.get()), m_path);
}

gis::Result<TileCache> TileCache::open(const std::string& path) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                   nullptr);
    std::unique_ptr<sqlite3, DbCloser> db(raw);
    if (rc != SQLITE_OK) {
        const std::string why = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
        return gis::Result<TileCache>::failure("cannot open tile cache " + path + ": " + why, path);
    }
    sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
    auto schema = detail::TileCacheSchema::prepare(db.get(), path);
    if (!schema) return gis::Result<TileCache>::failure(schema.diagnostics());
    return TileCache(path, std::move(db));
}

gis::Result<int64_t> TileCache::store(const std::string& fingerprint,
                                      const gis::ImportedLayer& layer, const std::string& slot) {
    using R = gis::Result<int64_t>;
    if (fingerprint.empty()) return R::failure("tile cache: empty fingerprint", m_path);
    sqlite3* db = m_db.get();
    detail::SqliteTransaction tx(db);
    if (tx.begin() != SQLITE_OK) return sqlFailure<int64_t>("cannot start a write");

    for (const char* sql : {"DELETE FROM tile WHERE fingerprint=?1",
                            "DELETE FROM feature_block WHERE fingerprint=?1",
                            "DELETE FROM layer WHERE fingerprint=?1"}) {
        detail::SqliteStatement del(db, sql);
        if (!del.ok()) return sqlFailure<int64_t>("cannot prepare delete");
        del.bind(1, fingerprint);
        if (del.step() != SQLITE_DONE) return sqlFailure<int64_t>("cannot replace old entry");
    }
    if (!slot.empty()) {
        // The slot's earlier builds (its source or options changed since).
        for (const char* sql :
             {"DELETE FROM tile WHERE fingerprint IN (SELECT fingerprint FROM layer WHERE slot=?1)",
              "DELETE FROM feature_block WHERE fingerprint IN "
              "(SELECT fingerprint FROM layer WHERE slot=?1)",
              "DELETE FROM layer WHERE slot=?1"}) {
            detail::SqliteStatement del(db, sql);
            if (!del.ok()) return sqlFailure<int64_t>("cannot prepare delete");
            del.bind(1, slot);
            if (del.step() != SQLITE_DONE) return sqlFailure<int64_t>("cannot replace old build");
        }
    }

    int64_t bytes = 0;
    detail::SqliteStatement putBlock(
        db, "INSERT INTO feature_block(fingerprint, block, data) VALUES(?1, ?2, ?3)");
    if (!putBlock.ok()) return sqlFailure<int64_t>("cannot prepare feature insert");
    for (size_t first = 0, block = 0; first < layer.features.size();
         first += kFeaturesPerBlock, ++block) {
        const size_t count = std::min(kFeaturesPerBlock, layer.features.size() - first);
        const auto blob = detail::FeatureRecordCodec::encode(layer.features.data() + first, count);
        putBlock.reset();
        putBlock.bind(1, fingerprint);
        putBlock.bind(2, static_cast<int64_t>(block));
        putBlock.bindBlob(3, blob.data(), blob.size());
        if (putBlock.step() != SQLITE_DONE) return sqlFailure<int64_t>("cannot write features");
        bytes += static_cast<int64_t>(blob.size());
    }

    detail::SqliteStatement putTile(
        db, "INSERT INTO tile(fingerprint, x, y, level, part, seq, vertex_count, triangle_count, "
            "mesh) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!putTile.ok()) return sqlFailure<int64_t>("cannot prepare tile insert");
    std::map<gis::TileKey, int32_t> parts;
    for (size_t seq = 0; seq < layer.chunks.size(); ++seq) {
        const auto& chunk = layer.chunks[seq];
        if (auto id = featureIdOutside(chunk, layer.features.size()))
            return R::failure("tile cache: mesh " + std::to_string(seq) + " refers to feature " +
                                  std::to_string(*id) + " of " +
                                  std::to_string(layer.features.size()) + "; nothing stored",
                              m_path);
        auto blob = MeshChunkCodec::encode(chunk);
        if (!blob) {
            auto failed = R::failure(blob.diagnostics());
            failed.addDiagnostic({gis::Severity::Error, "tile cache: nothing stored", m_path, -1});
            return failed;
        }
        const int32_t part = parts[chunk.tile]++;
        putTile.reset();
        putTile.bind(1, fingerprint);
        putTile.bind(2, int64_t{chunk.tile.x});
        putTile.bind(3, int64_t{chunk.tile.y});
        putTile.bind(4, int64_t{chunk.tile.level});
        putTile.bind(5, int64_t{part});
        putTile.bind(6, static_cast<int64_t>(seq));
        putTile.bind(7, static_cast<int64_t>(chunk.vertexCount()));
        putTile.bind(8, static_cast<int64_t>(chunk.triangleCount()));
        putTile.bindBlob(9, blob->data(), blob->size());
        if (putTile.step() != SQLITE_DONE) return sqlFailure<int64_t>("cannot write mesh");
        bytes += static_cast<int64_t>(blob->size());
    }

    detail::SqliteStatement putLayer(
        db, "INSERT INTO layer(fingerprint, name, meta_json, feature_count, chunk_count, bytes, "
            "stored_utc, slot) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!putLayer.ok()) return sqlFailure<int64_t>("cannot prepare layer insert");
    putLayer.bind(1, fingerprint);
    putLayer.bind(2, layer.spec.name);
    putLayer.bind(3, detail::layerMetaToJson(layer));
    putLayer.bind(4, static_cast<int64_t>(layer.features.size()));
    putLayer.bind(5, static_cast<int64_t>(layer.chunks.size()));
    putLayer.bind(6, bytes);
    putLayer.bind(7, nowUnixSeconds());
    putLayer.bind(8, slot);
    if (putLayer.step() != SQLITE_DONE) return sqlFailure<int64_t>("cannot write layer");
    if (tx.commit() != SQLITE_OK) return sqlFailure<int64_t>("cannot commit");
    return bytes;
}

gis::Result<std::optional<gis::ImportedLayer>> TileCache::load(const std::string& fingerprint,
                                                               LoadMode mode) {
    using R = gis::Result<std::optional<gis::ImportedLayer>>;
    sqlite3* db = m_db.get();
    detail::SqliteTransaction tx(db); // one snapshot across the three tables
    if (tx.begin("BEGIN") != SQLITE_OK) return sqlFailure<std::optional<gis::ImportedLayer>>("cannot start a read");

    detail::SqliteStatement head(
        db, "SELECT meta_json, feature_count, chunk_count FROM layer WHERE fingerprint=?1");
    if (!head.ok()) return sqlFailure<std::optional<gis::ImportedLayer>>("cannot prepare read");
    head.bind(1, fingerprint);
    const int rc = head.step();
    if (rc == SQLITE_DONE) return R(std::optional<gis::ImportedLayer>());
    if (rc != SQLITE_ROW) return sqlFailure<std::optional<gis::ImportedLayer>>("cannot read layer");

    const std::string damaged = "tile cache " + m_path + ": entry " + fingerprint + " is damaged";
    gis::ImportedLayer layer;
    gis::Diagnostics errors;
    detail::readLayerMeta(head.text(0), layer, errors);
    if (!errors.empty()) {
        errors.insert(errors.begin(), {gis::Severity::Error, damaged, m_path, -1});
        return R::failure(std::move(errors));
    }
    const int64_t featureCount = head.int64(1);
    const int64_t chunkCount = head.int64(2);

    auto features = readFeatures(fingerprint, layer);
    if (!features) return R::failure(features.diagnostics());
    if (static_cast<int64_t>(layer.features.size()) != featureCount)
        return R::failure(damaged + ": " + std::to_string(layer.features.size()) + " of " +
                              std::to_string(featureCount) + " features",
                          m_path);
    if (mode == LoadMode::Full) {
        auto meshes = readMeshes(fingerprint, layer);
        if (!meshes) return R::failure(meshes.diagnostics());
        if (static_cast<int64_t>(layer.chunks.size()) != chunkCount)
            return R::failure(damaged + ": " + std::to_string(layer.chunks.size()) + " of " +
                                  std::to_string(chunkCount) + " meshes",
                              m_path);
    }
    return R(std::optional<gis::ImportedLayer>(std::move(layer)));
}

gis::Result<bool> TileCache::readFeatures(const std::string& fingerprint,
                                          gis::ImportedLayer& layer) {
    detail::SqliteStatement stmt(
        m_db.get(), "SELECT data FROM feature_block WHERE fingerprint=?1 ORDER BY block");
    if (!stmt.ok()) return sqlFailure<bool>("cannot prepare feature read");
    stmt.bind(1, fingerprint);
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW) {
        const auto [data, size] = stmt.blob(0);
        auto decoded = detail::FeatureRecordCodec::decodeAppend(data, size, layer.features);
        if (!decoded)
            return gis::Result<bool>::failure("tile cache " + m_path + ": entry " + fingerprint +
                                                  " is damaged: " + decoded.firstError(),
                                              m_path);
    }
    if (rc != SQLITE_DONE) return sqlFailure<bool>("cannot read features");
    return true;
}

gis::Result<bool> TileCache::readMeshes(const std::string& fingerprint, gis::ImportedLayer& layer) {
    detail::SqliteStatement stmt(m_db.get(),
                                 "SELECT mesh FROM tile WHERE fingerprint=?1 ORDER BY seq");
    if (!stmt.ok()) return sqlFailure<bool>("cannot prepare mesh read");
    stmt.bind(1, fingerprint);
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW) {
        const auto [data, size] = stmt.blob(0);
        auto chunk = MeshChunkCodec::decode(data, size);
        std::string problem = chunk ? std::string() : chunk.firstError();
        if (chunk)
            if (auto id = featureIdOutside(*chunk, layer.features.size()))
                problem = "mesh refers to feature " + std::to_string(*id);
        if (!problem.empty())
            return gis::Result<bool>::failure(
                "tile cache " + m_path + ": entry " + fingerprint + " is damaged: " + problem,
                m_path);
        layer.chunks.push_back(chunk.takeValue());
    }
    if (rc != SQLITE_DONE) return sqlFailure<bool>("cannot read meshes");
    return true;
}

gis::Result<std::optional<gis::MeshChunk>> TileCache::loadTile(const std::string& fingerprint,
                                                               const gis::TileKey& tile,
                                                               int32_t part) {
    using R = gis::Result<std::optional<gis::MeshChunk>>;
    detail::SqliteStatement stmt(m_db.get(),
                                 "SELECT mesh FROM tile WHERE fingerprint=?1 AND x=?2 AND y=?3 "
                                 "AND level=?4 AND part=?5");
    if (!stmt.ok()) return sqlFailure<std::optional<gis::MeshChunk>>("cannot prepare mesh read");
    stmt.bind(1, fingerprint);
    stmt.bind(2, int64_t{tile.x});
    stmt.bind(3, int64_t{tile.y});
    stmt.bind(4, int64_t{tile.level});
    stmt.bind(5, int64_t{part});
    const int rc = stmt.step();
    if (rc == SQLITE_DONE) return R(std::optional<gis::MeshChunk>());
    if (rc != SQLITE_ROW) return sqlFailure<std::optional<gis::MeshChunk>>("cannot read mesh");
    const auto [data, size] = stmt.blob(0);
    auto chunk = MeshChunkCodec::decode(data, size);
    if (!chunk)
        return R::failure("tile cache " + m_path + ": entry " + fingerprint +
                              " is damaged: " + chunk.firstError(),
                          m_path);
    return R(std::optional<gis::MeshChunk>(chunk.takeValue()));
}

gis::Result<std::vector<TileEntry>> TileCache::tilesFor(const std::string& fingerprint) {
    detail::SqliteStatement stmt(
        m_db.get(), "SELECT x, y, level, part, vertex_count, triangle_count, length(mesh) "
                    "FROM tile WHERE fingerprint=?1 ORDER BY seq");
    if (!stmt.ok()) return sqlFailure<std::vector<TileEntry>>("cannot prepare tile list");
    stmt.bind(1, fingerprint);
    std::vector<TileEntry> tiles;
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW) {
        TileEntry e;
        e.tile = {static_cast<int32_t>(stmt.int64(0)), static_cast<int32_t>(stmt.int64(1)),
                  static_cast<int32_t>(stmt.int64(2))};
        e.part = static_cast<int32_t>(stmt.int64(3));
        e.vertexCount = stmt.int64(4);
        e.triangleCount = stmt.int64(5);
        e.bytes = stmt.int64(6);
        tiles.push_back(e);
    }
    if (rc != SQLITE_DONE) return sqlFailure<std::vector<TileEntry>>("cannot list tiles");
    return tiles;
}

gis::Result<bool> TileCache::invalidate(const std::string& fingerprint) {
    sqlite3* db = m_db.get();
    detail::SqliteTransaction tx(db);
    if (tx.begin() != SQLITE_OK) return sqlFailure<bool>("cannot start a write");
    bool existed = false;
    for (const char* sql : {"DELETE FROM layer WHERE fingerprint=?1",
                            "DELETE FROM tile WHERE fingerprint=?1",
                            "DELETE FROM feature_block WHERE fingerprint=?1"}) {
        detail::SqliteStatement del(db, sql);
        if (!del.ok()) return sqlFailure<bool>("cannot prepare delete");
        del.bind(1, fingerprint);
        if (del.step() != SQLITE_DONE) return sqlFailure<bool>("cannot delete entry");
        existed = existed || sqlite3_changes(db) > 0;
    }
    if (tx.commit() != SQLITE_OK) return sqlFailure<bool>("cannot commit");
    return existed;
}

gis::Result<std::vector<CachedLayerInfo>> TileCache::layers() {
    detail::SqliteStatement stmt(
        m_db.get(), "SELECT fingerprint, name, feature_count, chunk_count, bytes, stored_utc, slot "
                    "FROM layer ORDER BY stored_utc, fingerprint");
    if (!stmt.ok()) return sqlFailure<std::vector<CachedLayerInfo>>("cannot prepare layer list");
    std::vector<CachedLayerInfo> out;
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW)
        out.push_back({stmt.text(0), stmt.text(1), stmt.int64(2), stmt.int64(3), stmt.int64(4),
                       stmt.int64(5), stmt.text(6)});
    if (rc != SQLITE_DONE) return sqlFailure<std::vector<CachedLayerInfo>>("cannot list layers");
    return out;
}

} // namespace citytwin::data
