#pragma once
// The tiles of a paged building layer, read from the tile cache it was
// reopened from.

#include "citytwin/data/TileCache.h"
#include "citytwin/render/PagedTiles.h"

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>

namespace citytwin::app {

/// render::TileSource over one entry of a tile cache file: load() reads the
/// mesh stored under (build key, tile, part) through a connection of its own,
/// opened on first use and kept until the source is destroyed.
///
/// Threads: load() is called on the scene's tile loader thread and, for
/// picking, on the GUI thread; a mutex serialises them around the one
/// connection (SQLite connections serve one thread at a time). The cache
/// file is in WAL mode, so these reads never block a store of another layer.
class CacheTileSource : public render::TileSource {
public:
    /// `featureCount`: the layer's features; a mesh naming a feature beyond
    /// them is reported as damaged instead of reaching the renderer.
    CacheTileSource(std::string cachePath, std::string key, size_t featureCount);

    gis::Result<gis::MeshChunk> load(const gis::TileKey& key, int32_t part) override;

    const std::string& cachePath() const { return m_cachePath; }
    const std::string& key() const { return m_key; }

private:
    const std::string m_cachePath;
    const std::string m_key;
    const size_t m_featureCount;
    std::mutex m_mutex;
    std::optional<data::TileCache> m_cache; ///< guarded by m_mutex
};

} // namespace citytwin::app
