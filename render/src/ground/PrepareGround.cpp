// prepareTerrain / prepareImagery: worker-thread construction of detached
// ground nodes and textures.
#include "citytwin/render/GroundNode.h"

#include "ground/PreparedGround.h"
#include "ground/TerrainMesh.h"

#include <osg/Image>
#include <osg/LOD>
#include <osg/Uniform>

#include <algorithm>
#include <cfloat>
#include <cstring>
#include <map>

namespace citytwin::render {

namespace {

/// Tile-local sample reader that crosses into neighbouring tiles.
class NeighbourSampler {
public:
    explicit NeighbourSampler(const gis::TerrainLayer& layer)
    {
        for (const auto& t : layer.tiles) m_tiles[{t.tile.x, t.tile.y, 0}] = &t;
    }
    float operator()(const gis::TerrainTile& tile, int c, int r) const
    {
        const int n1 = tile.cols - 1;
        int dx = 0, dy = 0;
        if (c < 0) { dx = -1; c += n1; } else if (c > n1) { dx = 1; c -= n1; }
        if (r < 0) { dy = -1; r += n1; } else if (r > n1) { dy = 1; r -= n1; }
        const gis::TerrainTile* t = &tile;
        if (dx || dy) {
            auto it = m_tiles.find({tile.tile.x + dx, tile.tile.y + dy, 0});
            if (it != m_tiles.end() && it->second->cols == tile.cols) {
                t = it->second;
            } else { // no neighbour: one-sided difference at the edge
                c = std::clamp(c - dx * n1, 0, n1);
                r = std::clamp(r - dy * n1, 0, n1);
            }
        }
        return t->heights[size_t(r) * t->cols + c];
    }
private:
    std::map<gis::TileKey, const gis::TerrainTile*> m_tiles;
};

} // namespace

std::shared_ptr<PreparedTerrain> prepareTerrain(const gis::TerrainLayer& terrain, const gis::CancelToken* cancel)
{
    return prepareTerrain(terrain, cancel, TerrainMeshOptions{});
}

std::shared_ptr<PreparedTerrain> prepareTerrain(const gis::TerrainLayer& terrain, const gis::CancelToken* cancel,
                                                const TerrainMeshOptions& options)
{
    auto out = std::make_shared<PreparedTerrain>();
    out->root = new osg::Group;
    out->root->setName("terrain " + terrain.spec.name);
    out->root->getOrCreateStateSet()->addUniform(
        new osg::Uniform("u_patchSize", float(terrain.frame.tileSizeMeters)));
    out->extent = terrain.extent;
    out->tileSizeMeters = terrain.frame.tileSizeMeters;
    out->minHeightMeters = terrain.minHeightMeters;
    out->maxHeightMeters = terrain.maxHeightMeters;
    const double size = terrain.frame.tileSizeMeters;
    const NeighbourSampler neighbours(terrain);
    const TerrainSampler sample = [&](const gis::TerrainTile& t, int c, int r) { return neighbours(t, c, r); };
    // Full resolution near, half from 4 tiles away, quarter from 10.
    const float nearRange = float(4 * size * options.lodRangeScale);
    const float midRange = float(10 * size * options.lodRangeScale);
    for (const gis::TerrainTile& tile : terrain.tiles) {
        if (cancel && cancel->isCancelled()) {
            out->cancelled = true;
            return out;
        }
        if (tile.cols < 2 || tile.cols != tile.rows || tile.heights.size() != size_t(tile.cols) * tile.rows) continue;
        osg::ref_ptr<osg::LOD> lod = new osg::LOD;
        lod->setRangeMode(osg::LOD::DISTANCE_FROM_EYE_POINT);
        const int n1 = tile.cols - 1;
        std::vector<int> steps{1};
        if (n1 % 2 == 0 && n1 >= 4) steps.push_back(2);
        if (n1 % 4 == 0 && n1 >= 8) steps.push_back(4);
        if (options.checkerboardLevels) steps = {(tile.tile.x + tile.tile.y) % 2 ? steps.back() : 1};
        const float ranges[] = {0.0f, nearRange, midRange, FLT_MAX};
        for (size_t i = 0; i < steps.size(); ++i) {
            const float to = i + 1 == steps.size() ? FLT_MAX : ranges[i + 1];
            lod->addChild(buildTerrainMesh(tile, steps[i], size, sample, options.skirts).get(), ranges[i], to);
        }
        osg::ref_ptr<osg::MatrixTransform> node = new osg::MatrixTransform(
            osg::Matrixd::translate(tile.origin.x, tile.origin.y, tile.origin.z));
        node->setName("terrain tile");
        node->addChild(lod.get());
        out->root->addChild(node.get());
        out->tiles.push_back({tile.tile, node});
    }
    return out;
}

std::shared_ptr<PreparedImagery> prepareImagery(const gis::ImageryLayer& imagery, const gis::CancelToken* cancel)
{
    auto out = std::make_shared<PreparedImagery>();
    out->extent = imagery.extent;
    out->tileSizeMeters = imagery.frame.tileSizeMeters;
    for (const gis::ImageTile& tile : imagery.tiles) {
        if (cancel && cancel->isCancelled()) {
            out->cancelled = true;
            return out;
        }
        const int w = tile.width, h = tile.height;
        if (w < 1 || h < 1 || tile.rgba.size() != size_t(w) * h * 4) continue;
        out->texelsPerEdge = w;
        osg::ref_ptr<osg::Image> image = new osg::Image;
        image->allocateImage(w, h, 1, GL_RGBA, GL_UNSIGNED_BYTE);
        image->setInternalTextureFormat(GL_RGBA8);
        // GL's first row is t = 0 = south; the tile's row 0 is north.
        for (int r = 0; r < h; ++r)
            std::memcpy(image->data(0, r), tile.rgba.data() + size_t(h - 1 - r) * w * 4, size_t(w) * 4);
        osg::ref_ptr<osg::Texture2D> texture = new osg::Texture2D(image.get());
        texture->setResizeNonPowerOfTwoHint(false); // rescaling would move the edge texels
        texture->setWrap(osg::Texture::WRAP_S, osg::Texture::CLAMP_TO_EDGE);
        texture->setWrap(osg::Texture::WRAP_T, osg::Texture::CLAMP_TO_EDGE);
        texture->setFilter(osg::Texture::MIN_FILTER, osg::Texture::LINEAR);
        texture->setFilter(osg::Texture::MAG_FILTER, osg::Texture::LINEAR);
        texture->setUnRefImageDataAfterApply(false);
        out->textures[tile.tile] = texture;
    }
    return out;
}

} // namespace citytwin::render
