#include "citytwin/data/TileCache.h"

#include "citytwin/data/MeshChunkCodec.h"
#include "cache/FeatureRecordCodec.h"
#include "cache/LayerMetaJson.h"
#include "cache/PipelinedEncode.h"
#include "sqlite/SqliteStatement.h"
#include "sqlite/SqliteTransaction.h"
#include "cache/TileCacheSchema.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

namespace citytwin::data {

namespace {

/// Features per feature_block row: keeps rows well under SQLite's blob
/// limit at millions of features and lets a reader stream them.
constexpr size_t kFeaturesPerBlock = 16384;
constexpr int kBusyTimeoutMs = 10000;
/// Encoded ahead of the SQLite writes, per helper batch (a few MiB each).
constexpr size_t kFeatureBlocksPerBatch = 1;
constexpr size_t kMeshesPerBatch = 8;

int64_t nowUnixSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// The journal mode a "PRAGMA journal_mode..." statement reports ("" on failure).
std::string journalMode(sqlite3* db, const char* sql) {
    detail::SqliteStatement stmt(db, sql);
    if (!stmt.ok() || stmt.step() != SQLITE_ROW) return {};
    return stmt.text(0);
}

/// Lets a big store write each byte once. In WAL mode every page of a store
/// goes to the WAL and the checkpoint after the commit copies it all again
/// into the file: at a million buildings (0.84 GB) that copy was more than
/// half of the store (2.3-4.9 s with it, 1.3 s without, measured alone; 8 s
/// in `bench city`, where memory is tight). A rollback journal only keeps
/// the old content of pages that already existed, and a new entry is nearly
/// all pages appended past the end of the file (or taken from the free
/// list, which is not journaled either), so such a store leaves WAL mode for
/// its transaction (1.2 s) and returns to it afterwards. Checkpointing later
/// instead (wal_autocheckpoint) only moves the copy: it happens when the
/// last connection closes, or the next one to open the file replays the WAL.
///
/// Not for every store: a store that replaces entries frees their pages and
/// reuses them in the same transaction, so the journal copies their old
/// content (a 1M replace measured 2.9-3.4 s so, 2.6 s in WAL mode), and a
/// small store pays the journal's fsyncs, which a WAL commit does not.
///
/// Leaving WAL mode needs every other connection to the file closed (SQLite
/// refuses at once otherwise), so a store while a pager or another loader
/// has the file open stays in WAL mode (their reads never wait) and pays the
/// checkpoint as before. A connection opened during a bulk store reads the
/// old content, or waits (busy timeout) while the store holds the file's
/// exclusive lock; TileCacheSchema::prepare accepts the rollback mode it
/// finds. A crash mid-store leaves a hot journal that the next connection
/// rolls back (the entry is absent); the next open returns the file to WAL.
class BulkStoreJournal {
public:
    /// `bulk`: a big store that removes no entry (see TileCache::store).
    BulkStoreJournal(sqlite3* db, bool bulk) : m_db(db) {
        m_left = bulk && journalMode(db, "PRAGMA journal_mode=DELETE") == "delete";
    }
    ~BulkStoreJournal() {
        if (!m_left) return;
        // A reader that opened meanwhile may hold the file for a moment.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
        while (journalMode(m_db, "PRAGMA journal_mode=WAL") != "wal" &&
               std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    BulkStoreJournal(const BulkStoreJournal&) = delete;
    BulkStoreJournal& operator=(const BulkStoreJournal&) = delete;

private:
    sqlite3* m_db;
    bool m_left = false;
};

/// About the bytes a store writes (meshes before run coding, records
/// without their attributes' text): only compared with kBulkStoreMinBytes.
int64_t estimatedBytes(const gis::ImportedLayer& layer, std::span<const gis::MeshChunk> moreMeshes) {
    size_t bytes = 64 * layer.features.size();
    auto add = [&bytes](const gis::MeshChunk& c) { bytes += 4 * (c.positions.size() + c.indices.size()); };
    std::for_each(layer.chunks.begin(), layer.chunks.end(), add);
    std::for_each(moreMeshes.begin(), moreMeshes.end(), add);
    return static_cast<int64_t>(bytes);
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
                                      const gis::ImportedLayer& layer, const std::string& slot,
                                      std::span<const gis::MeshChunk> moreMeshes) {
    using R = gis::Result<int64_t>;
    if (fingerprint.empty()) return R::failure("tile cache: empty fingerprint", m_path);
    // Outlives tx: back to WAL after the commit or the rollback.
    const bool bulk = estimatedBytes(layer, moreMeshes) >= kBulkStoreMinBytes && !replacesEntries(fingerprint, slot);
    const BulkStoreJournal journal(m_db.get(), bulk);
    detail::SqliteTransaction tx(m_db.get());
    if (tx.begin() != SQLITE_OK) return sqlFailure<int64_t>("cannot start a write");
    if (auto removed = removeEntry(fingerprint); !removed) return R::failure(removed.diagnostics());
    if (auto removed = removeSlot(slot, fingerprint); !removed) return R::failure(removed.diagnostics());
    auto featureBytes = writeFeatures(fingerprint, layer.features);
    if (!featureBytes) return featureBytes;
    auto meshBytes = writeMeshes(fingerprint, layer, moreMeshes);
    if (!meshBytes) return meshBytes;
    const int64_t bytes = *featureBytes + *meshBytes;

    detail::SqliteStatement putLayer(
        m_db.get(), "INSERT INTO layer(fingerprint, name, meta_json, feature_count, chunk_count, bytes, "
                    "stored_utc, slot) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!putLayer.ok()) return sqlFailure<int64_t>("cannot prepare layer insert");
    putLayer.bind(1, fingerprint);
    putLayer.bind(2, layer.spec.name);
    putLayer.bind(3, detail::layerMetaToJson(layer));
    putLayer.bind(4, static_cast<int64_t>(layer.features.size()));
    putLayer.bind(5, static_cast<int64_t>(layer.chunks.size() + moreMeshes.size()));
    putLayer.bind(6, bytes);
    putLayer.bind(7, nowUnixSeconds());
    putLayer.bind(8, slot);
    if (putLayer.step() != SQLITE_DONE) return sqlFailure<int64_t>("cannot write layer");
    if (tx.commit() != SQLITE_OK) return sqlFailure<int64_t>("cannot commit");
    return bytes;
}

bool TileCache::replacesEntries(const std::string& fingerprint, const std::string& slot) {
    detail::SqliteStatement any(m_db.get(),
                                "SELECT EXISTS(SELECT 1 FROM layer WHERE fingerprint=?1 OR (slot=?2 AND slot<>''))");
    if (!any.ok()) return true; // the store reports the problem itself
    any.bind(1, fingerprint);
    any.bind(2, slot);
    return any.step() != SQLITE_ROW || any.int64(0) != 0;
}

gis::Result<bool> TileCache::removeEntry(const std::string& fingerprint) {
    sqlite3* db = m_db.get();
    for (const char* sql : {"DELETE FROM mesh WHERE id IN (SELECT mesh_id FROM tile WHERE fingerprint=?1)",
                            "DELETE FROM tile WHERE fingerprint=?1",
                            "DELETE FROM feature_block WHERE fingerprint=?1",
                            "DELETE FROM layer WHERE fingerprint=?1"}) {
        detail::SqliteStatement del(db, sql);
        if (!del.ok()) return sqlFailure<bool>("cannot prepare delete");
        del.bind(1, fingerprint);
        if (del.step() != SQLITE_DONE) return sqlFailure<bool>("cannot replace old entry");
    }
    return true;
}

gis::Result<bool> TileCache::removeSlot(const std::string& slot, const std::string& keep) {
    if (slot.empty()) return true;
    // The slot's earlier builds (its source or options changed since).
    sqlite3* db = m_db.get();
    for (const char* sql :
         {"DELETE FROM mesh WHERE id IN (SELECT mesh_id FROM tile WHERE fingerprint IN "
          "(SELECT fingerprint FROM layer WHERE slot=?1 AND fingerprint<>?2))",
          "DELETE FROM tile WHERE fingerprint IN (SELECT fingerprint FROM layer WHERE slot=?1 AND fingerprint<>?2)",
          "DELETE FROM feature_block WHERE fingerprint IN "
          "(SELECT fingerprint FROM layer WHERE slot=?1 AND fingerprint<>?2)",
          "DELETE FROM layer WHERE slot=?1 AND fingerprint<>?2"}) {
        detail::SqliteStatement del(db, sql);
        if (!del.ok()) return sqlFailure<bool>("cannot prepare delete");
        del.bind(1, slot);
        del.bind(2, keep);
        if (del.step() != SQLITE_DONE) return sqlFailure<bool>("cannot replace old build");
    }
    return true;
}

gis::Result<int64_t> TileCache::writeFeatures(const std::string& fingerprint,
                                              const std::vector<gis::FeatureRecord>& features) {
    detail::SqliteStatement putBlock(
        m_db.get(), "INSERT INTO feature_block(fingerprint, block, data) VALUES(?1, ?2, ?3)");
    if (!putBlock.ok()) return sqlFailure<int64_t>("cannot prepare feature insert");
    int64_t bytes = 0;
    const size_t blocks = (features.size() + kFeaturesPerBlock - 1) / kFeaturesPerBlock;
    auto encode = [&features](size_t block) {
        const size_t first = block * kFeaturesPerBlock;
        return detail::FeatureRecordCodec::encode(features.data() + first,
                                                  std::min(kFeaturesPerBlock, features.size() - first));
    };
    const bool written = detail::pipelinedEncode<std::vector<uint8_t>>(
        blocks, kFeatureBlocksPerBatch, encode, [&](size_t block, const std::vector<uint8_t>& blob) {
            putBlock.reset();
            putBlock.bind(1, fingerprint);
            putBlock.bind(2, static_cast<int64_t>(block));
            putBlock.bindBlob(3, blob.data(), blob.size());
            if (putBlock.step() != SQLITE_DONE) return false;
            bytes += static_cast<int64_t>(blob.size());
            return true;
        });
    if (!written) return sqlFailure<int64_t>("cannot write features");
    return bytes;
}

gis::Result<int64_t> TileCache::writeMeshes(const std::string& fingerprint, const gis::ImportedLayer& layer,
                                            std::span<const gis::MeshChunk> moreMeshes) {
    using R = gis::Result<int64_t>;
    detail::SqliteStatement putMesh(m_db.get(), "INSERT INTO mesh(data) VALUES(?1)");
    detail::SqliteStatement putTile(
        m_db.get(), "INSERT INTO tile(fingerprint, x, y, level, part, seq, vertex_count, triangle_count, "
                    "bytes, min_x, min_y, min_z, max_x, max_y, max_z, mesh_id) "
                    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)");
    if (!putMesh.ok() || !putTile.ok()) return sqlFailure<int64_t>("cannot prepare tile insert");
    const size_t total = layer.chunks.size() + moreMeshes.size();
    auto chunkAt = [&](size_t seq) -> const gis::MeshChunk& {
        return seq < layer.chunks.size() ? layer.chunks[seq] : moreMeshes[seq - layer.chunks.size()];
    };
    // Checked and encoded on the helper thread; written here, in order.
    using Encoded = std::pair<R, std::vector<uint8_t>>;
    std::map<gis::TileKey, int32_t> parts;
    int64_t bytes = 0;
    R failure = R(0, {});
    const bool written = detail::pipelinedEncode<Encoded>(
        total, kMeshesPerBatch,
        [&](size_t seq) {
            const gis::MeshChunk& chunk = chunkAt(seq);
            if (auto id = featureIdOutside(chunk, layer.features.size()))
                return Encoded(
                    R::failure("tile cache: mesh " + std::to_string(seq) + " refers to feature " +
                                   std::to_string(*id) + " of " + std::to_string(layer.features.size()) +
                                   "; nothing stored",
                               m_path),
                    {});
            auto blob = MeshChunkCodec::encode(chunk);
            if (!blob) {
                auto failed = R::failure(blob.diagnostics());
                failed.addDiagnostic({gis::Severity::Error, "tile cache: nothing stored", m_path, -1});
                return Encoded(std::move(failed), {});
            }
            return Encoded(R(0, {}), blob.takeValue());
        },
        [&](size_t seq, Encoded& encoded) {
            if (!encoded.first.ok()) {
                failure = std::move(encoded.first);
                return false;
            }
            const std::vector<uint8_t>& blob = encoded.second;
            const gis::MeshChunk& chunk = chunkAt(seq);
            putMesh.reset();
            putMesh.bindBlob(1, blob.data(), blob.size());
            if (putMesh.step() != SQLITE_DONE) return false;
            const int64_t meshId = sqlite3_last_insert_rowid(m_db.get());
            const auto [lo, hi] = gis::meshBounds(chunk);
            putTile.reset();
            putTile.bind(1, fingerprint);
            putTile.bind(2, int64_t{chunk.tile.x});
            putTile.bind(3, int64_t{chunk.tile.y});
            putTile.bind(4, int64_t{chunk.tile.level});
            putTile.bind(5, int64_t{parts[chunk.tile]++});
            putTile.bind(6, static_cast<int64_t>(seq));
            putTile.bind(7, static_cast<int64_t>(chunk.vertexCount()));
            putTile.bind(8, static_cast<int64_t>(chunk.triangleCount()));
            putTile.bind(9, static_cast<int64_t>(blob.size()));
            int column = 10;
            for (double v : {lo.x, lo.y, lo.z, hi.x, hi.y, hi.z}) putTile.bindDouble(column++, v);
            putTile.bind(16, meshId);
            if (putTile.step() != SQLITE_DONE) return false;
            bytes += static_cast<int64_t>(blob.size());
            return true;
        });
    if (!written) return failure.ok() ? sqlFailure<int64_t>("cannot write mesh") : std::move(failure);
    return bytes;
}

gis::Result<std::optional<gis::ImportedLayer>> TileCache::load(const std::string& fingerprint,
                                                               LoadMode mode, int minCoarseLevel) {
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

    auto capacity = featureCapacity(fingerprint, featureCount);
    if (!capacity) return R::failure(capacity.diagnostics());
    auto features = readFeatures(fingerprint, *capacity, layer);
    if (!features) return R::failure(features.diagnostics());
    if (static_cast<int64_t>(layer.features.size()) != featureCount)
        return R::failure(damaged + ": " + std::to_string(layer.features.size()) + " of " +
                              std::to_string(featureCount) + " features",
                          m_path);
    if (mode != LoadMode::WithoutMeshes) {
        const bool coarseOnly = mode == LoadMode::WithCoarseMeshes;
        auto meshes = readMeshes(fingerprint, coarseOnly ? 0 : chunkCount, coarseOnly ? std::max(minCoarseLevel, 1) : 0,
                                 layer);
        if (!meshes) return R::failure(meshes.diagnostics());
        if (!coarseOnly && static_cast<int64_t>(layer.chunks.size()) != chunkCount)
            return R::failure(damaged + ": " + std::to_string(layer.chunks.size()) + " of " +
                                  std::to_string(chunkCount) + " meshes",
                              m_path);
    }
    return R(std::optional<gis::ImportedLayer>(std::move(layer)));
}

gis::Result<size_t> TileCache::featureCapacity(const std::string& fingerprint, int64_t expected) {
    // One allocation for the whole layer (growing block by block moved every
    // record dozens of times at a million features); a damaged count
    // reserves no more than the stored bytes can hold.
    detail::SqliteStatement size(
        m_db.get(), "SELECT total(length(data)) FROM feature_block WHERE fingerprint=?1");
    if (!size.ok()) return sqlFailure<size_t>("cannot prepare feature read");
    size.bind(1, fingerprint);
    if (size.step() != SQLITE_ROW) return sqlFailure<size_t>("cannot read features");
    const auto bytes = static_cast<size_t>(std::max(0.0, size.real(0)));
    return std::min(static_cast<size_t>(std::max<int64_t>(expected, 0)),
                    detail::FeatureRecordCodec::maxFeaturesIn(bytes));
}

gis::Result<bool> TileCache::readFeatures(const std::string& fingerprint, size_t capacity,
                                          gis::ImportedLayer& layer) {
    // Sized once, each record decoded in place: no record is moved.
    layer.features.clear();
    layer.features.resize(capacity);
    detail::SqliteStatement stmt(
        m_db.get(), "SELECT data FROM feature_block WHERE fingerprint=?1 ORDER BY block");
    if (!stmt.ok()) return sqlFailure<bool>("cannot prepare feature read");
    stmt.bind(1, fingerprint);
    auto damaged = [&](const std::string& why) {
        return gis::Result<bool>::failure(
            "tile cache " + m_path + ": entry " + fingerprint + " is damaged: " + why, m_path);
    };
    size_t decoded = 0;
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW) {
        const auto [data, size] = stmt.blob(0);
        const auto count = detail::FeatureRecordCodec::featureCount(data, size);
        if (!count) return damaged(detail::FeatureRecordCodec::decodeInto(data, size, nullptr, 0).firstError());
        if (*count > capacity - decoded) return damaged("more features than the entry holds");
        auto block = detail::FeatureRecordCodec::decodeInto(data, size, layer.features.data() + decoded, *count);
        if (!block) return damaged(block.firstError());
        decoded += *count;
    }
    if (rc != SQLITE_DONE) return sqlFailure<bool>("cannot read features");
    layer.features.resize(decoded);
    return true;
}

gis::Result<bool> TileCache::readMeshes(const std::string& fingerprint, int64_t expected,
                                        int minLevel, gis::ImportedLayer& layer) {
    layer.chunks.reserve(static_cast<size_t>(std::clamp<int64_t>(expected, 0, 1 << 20)));
    detail::SqliteStatement stmt(m_db.get(), "SELECT m.data FROM tile t JOIN mesh m ON m.id=t.mesh_id "
                                             "WHERE t.fingerprint=?1 AND t.level>=?2 ORDER BY t.seq");
    if (!stmt.ok()) return sqlFailure<bool>("cannot prepare mesh read");
    stmt.bind(1, fingerprint);
    stmt.bind(2, int64_t{minLevel});
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
                                 "SELECT m.data FROM tile t JOIN mesh m ON m.id=t.mesh_id "
                                 "WHERE t.fingerprint=?1 AND t.x=?2 AND t.y=?3 AND t.level=?4 AND t.part=?5");
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
        m_db.get(), "SELECT x, y, level, part, vertex_count, triangle_count, bytes, "
                    "min_x, min_y, min_z, max_x, max_y, max_z FROM tile WHERE fingerprint=?1 ORDER BY seq");
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
        e.boxMin = {stmt.real(7), stmt.real(8), stmt.real(9)};
        e.boxMax = {stmt.real(10), stmt.real(11), stmt.real(12)};
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
                            "DELETE FROM mesh WHERE id IN (SELECT mesh_id FROM tile WHERE fingerprint=?1)",
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
