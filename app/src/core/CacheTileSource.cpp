#include "core/CacheTileSource.h"

#include <algorithm>

namespace citytwin::app {

CacheTileSource::CacheTileSource(std::string cachePath, std::string key, size_t featureCount)
    : m_cachePath(std::move(cachePath)), m_key(std::move(key)), m_featureCount(featureCount)
{
}

gis::Result<gis::MeshChunk> CacheTileSource::load(const gis::TileKey& key, int32_t part)
{
    using R = gis::Result<gis::MeshChunk>;
    const std::string what = std::string("tile (") + std::to_string(key.x) + ", " + std::to_string(key.y) + ", level " +
                             std::to_string(key.level) + ") part " + std::to_string(part);
    std::lock_guard lock(m_mutex);
    if (!m_cache) {
        auto opened = data::TileCache::open(m_cachePath);
        if (!opened.ok()) return R::failure(opened.diagnostics()); // tried again on the next load
        m_cache.emplace(opened.takeValue());
    }
    auto mesh = m_cache->loadTile(m_key, key, part);
    if (!mesh.ok()) return R::failure(mesh.diagnostics());
    if (!mesh->has_value())
        return R::failure(what + " is no longer in the tile cache " + m_cachePath + " (the layer was rebuilt or the cache removed)",
                          m_cachePath);
    gis::MeshChunk chunk = std::move(**mesh);
    const auto outside = std::find_if(chunk.featureIds.begin(), chunk.featureIds.end(),
                                      [this](uint32_t id) { return id >= m_featureCount; });
    if (outside != chunk.featureIds.end())
        return R::failure("tile cache " + m_cachePath + ": entry " + m_key + " is damaged: " + what +
                              " refers to feature " + std::to_string(*outside) + " of " +
                              std::to_string(m_featureCount),
                          m_cachePath);
    return chunk;
}

} // namespace citytwin::app
