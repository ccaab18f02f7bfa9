#pragma once
// Persistent cache of built layers (meshes + feature records) in SQLite.

#include "citytwin/gis/LayerImporter.h"
#include "citytwin/gis/MeshChunk.h"
#include "citytwin/gis/Result.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

struct sqlite3;

namespace citytwin::data {

/// One stored mesh of a cached layer. `part` numbers the meshes of the same
/// tile key (one per material) in the order they were stored.
struct TileEntry {
    gis::TileKey tile;
    int32_t part = 0;
    int64_t vertexCount = 0;
    int64_t triangleCount = 0;
    int64_t bytes = 0;                ///< size of the encoded mesh
    /// Scene CRS bounds of the mesh: origin + the least / greatest position
    /// per axis (summed in double); both the origin for a mesh without vertices.
    gis::DVec3 boxMin, boxMax;
    bool operator==(const TileEntry&) const = default;
};

/// Summary of one cached layer, for listing and eviction.
struct CachedLayerInfo {
    std::string fingerprint;
    std::string name;                 ///< LayerSpec::name when stored
    int64_t featureCount = 0;
    int64_t chunkCount = 0;
    int64_t bytes = 0;                ///< encoded features + meshes
    int64_t storedUnixSeconds = 0;
    std::string slot;                 ///< the layer it was built for (see store()); may be empty
    bool operator==(const CachedLayerInfo&) const = default;
};

/// A cache file of built layers so a reopened project draws without
/// re-reading or re-triangulating its sources. Entries are keyed by the
/// layer fingerprint (layerFingerprint(): build options + source identity),
/// so a changed source or option simply misses; meshes are keyed by
/// (fingerprint, tile x, y, level, part) in a small index table (counts,
/// bounds) beside the table of mesh blobs, so listing a layer's tiles reads
/// no mesh. The file is its own SQLite database (application_id 'CTtc',
/// schema version in PRAGMA user_version, 64 KiB pages),
/// kept beside the project rather than inside it so the project store and
/// the cache version independently and the cache can be deleted at will.
///
/// Growth: each entry may name a slot (the layer it was built for, e.g. the
/// project's layer id). Storing a new fingerprint under a slot removes the
/// slot's older entries in the same transaction, so a layer whose source or
/// options changed leaves one entry, not one per edit. Entries stored
/// without a slot are only removed by invalidate().
///
/// Threads: one TileCache object is one SQLite connection and is used by one
/// thread at a time (it may be moved to another thread between uses). For
/// parallel access open one TileCache per thread on the same file: the file
/// is in WAL mode, so readers never block on the writer and writers wait up
/// to a busy timeout for each other. store() is a single transaction, so
/// other connections see a layer entirely or not at all. A big new entry
/// stored on the only connection to the file leaves WAL mode for its
/// transaction so that each byte is written once (kBulkStoreMinBytes); a
/// connection opened meanwhile reads the old content or waits for the
/// store's commit within the busy timeout.
///
/// Robustness: a file with a newer schema version, another application's
/// database or a file that is not SQLite is refused by open() with a clear
/// error and left byte-for-byte untouched. A damaged entry makes load()
/// fail with an error (invalidate() it and rebuild); it never crashes.
class TileCache {
public:
    /// 2: layer.slot; 3: tile bounds (TileEntry::boxMin/boxMax). Opening a
    /// file of an older version drops its entries (they are rebuilt).
    static constexpr int kSchemaVersion = 3;
    static constexpr int kApplicationId = 0x43547463; // 'CTtc'

    /// A store of about this many bytes or more that replaces no entry, on
    /// the only connection to the file, is written in rollback-journal mode
    /// so each byte is written once (no WAL checkpoint copy). Smaller ones
    /// stay in WAL mode, where a commit costs no fsync.
    static constexpr int64_t kBulkStoreMinBytes = 16 << 20;

    enum class LoadMode {
        Full,          ///< features and every mesh
        WithoutMeshes, ///< features, spec, frame, extent, stats; meshes via loadTile()
        /// WithoutMeshes plus the coarse level-of-detail meshes (keys of
        /// level >= 1) in stored order: what a paged layer opens with.
        WithCoarseMeshes
    };

    /// Opens or creates the cache file and brings its schema up to date.
    static gis::Result<TileCache> open(const std::string& path);

    TileCache(TileCache&&) noexcept;
    TileCache& operator=(TileCache&&) noexcept;
    ~TileCache();

    const std::string& path() const { return m_path; }

    /// Stores `layer` under `fingerprint`, replacing any previous entry, in
    /// one transaction: if anything fails (a mesh that does not encode, a
    /// feature id beyond layer.features, a full disk) the previous content is
    /// kept exactly. A non-empty `slot` also removes every other entry stored
    /// under that slot (the layer's previous builds). `moreMeshes` are
    /// stored after the layer's chunks as part of the entry (e.g. coarse
    /// level-of-detail meshes, keys of level >= 1); load(Full) returns them
    /// among the chunks. Returns the number of encoded bytes written.
    gis::Result<int64_t> store(const std::string& fingerprint, const gis::ImportedLayer& layer,
                               const std::string& slot = {},
                               std::span<const gis::MeshChunk> moreMeshes = {});

    /// The layer stored under `fingerprint`: a value holding std::nullopt
    /// when there is none (a miss is not an error), a failed Result when the
    /// entry or the file is damaged. Chunks come back in stored order.
    /// WithCoarseMeshes reads the coarse meshes of level >= minCoarseLevel
    /// only (the others stay for loadTile()).
    gis::Result<std::optional<gis::ImportedLayer>> load(const std::string& fingerprint,
                                                        LoadMode mode = LoadMode::Full, int minCoarseLevel = 1);

    /// One mesh of an entry (for paging), std::nullopt when absent.
    gis::Result<std::optional<gis::MeshChunk>> loadTile(const std::string& fingerprint,
                                                        const gis::TileKey& tile, int32_t part = 0);

    /// The meshes stored under `fingerprint` in stored order, with their
    /// bounds, without reading them; empty when absent.
    gis::Result<std::vector<TileEntry>> tilesFor(const std::string& fingerprint);

    /// Removes the entry; the value says whether there was one.
    gis::Result<bool> invalidate(const std::string& fingerprint);

    /// Every entry, oldest first.
    gis::Result<std::vector<CachedLayerInfo>> layers();

private:
    struct DbCloser {
        void operator()(sqlite3* db) const;
    };
    TileCache(std::string path, std::unique_ptr<sqlite3, DbCloser> db);

    /// Whether a store of `fingerprint` under `slot` would remove entries
    /// (true when that cannot be read).
    bool replacesEntries(const std::string& fingerprint, const std::string& slot);
    gis::Result<bool> removeEntry(const std::string& fingerprint);
    /// The entries stored under `slot` (none when empty) except `keep`.
    gis::Result<bool> removeSlot(const std::string& slot, const std::string& keep);
    gis::Result<int64_t> writeFeatures(const std::string& fingerprint,
                                       const std::vector<gis::FeatureRecord>& features);
    gis::Result<int64_t> writeMeshes(const std::string& fingerprint, const gis::ImportedLayer& layer,
                                     std::span<const gis::MeshChunk> moreMeshes);
    /// Records to make room for: `expected` (the entry's stored count),
    /// bounded by what its stored bytes can hold.
    gis::Result<size_t> featureCapacity(const std::string& fingerprint, int64_t expected);
    /// Decodes the blocks in place into layer.features, sized to `capacity`
    /// and then cut to the records found.
    gis::Result<bool> readFeatures(const std::string& fingerprint, size_t capacity, gis::ImportedLayer& layer);
    /// `expected`: a capacity hint only. The meshes of level >= minLevel.
    gis::Result<bool> readMeshes(const std::string& fingerprint, int64_t expected, int minLevel,
                                 gis::ImportedLayer& layer);
    template <typename T>
    gis::Result<T> sqlFailure(const std::string& what) const;

    std::string m_path;
    std::unique_ptr<sqlite3, DbCloser> m_db;
};

} // namespace citytwin::data
