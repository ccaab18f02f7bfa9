// prepareTerrain / prepareImagery: worker-thread construction of detached
// ground nodes and textures.
#include "citytwin/render/GroundNode.h"

#include "ground/PreparedGround.h"
#include "ground/TerrainMesh.h"

#include <osg/Image>
#include <osg/Uniform>

#include <algorithm>
#include <array>
#include <cstring>
#include <map>

namespace citytwin::render {

namespace {

constexpr int kExtraMosaicLevels = 3; // mosaics above the level where the imagery fits one block

int floorDiv(int a, int b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

using Rgba = std::vector<uint8_t>; // w x w, row 0 = south (GL order)

osg::ref_ptr<osg::Texture2D> makeTexture(int w, int h, const uint8_t* southUp)
{
    osg::ref_ptr<osg::Image> image = new osg::Image;
    image->allocateImage(w, h, 1, GL_RGBA, GL_UNSIGNED_BYTE);
    image->setInternalTextureFormat(GL_RGBA8);
    std::memcpy(image->data(), southUp, size_t(w) * h * 4);
    osg::ref_ptr<osg::Texture2D> texture = new osg::Texture2D(image.get());
    texture->setResizeNonPowerOfTwoHint(false); // rescaling would move the edge texels
    texture->setWrap(osg::Texture::WRAP_S, osg::Texture::CLAMP_TO_EDGE);
    texture->setWrap(osg::Texture::WRAP_T, osg::Texture::CLAMP_TO_EDGE);
    texture->setFilter(osg::Texture::MIN_FILTER, osg::Texture::LINEAR);
    texture->setFilter(osg::Texture::MAG_FILTER, osg::Texture::LINEAR);
    texture->setUnRefImageDataAfterApply(false);
    return texture;
}

/// The next coarser level: each block's w x w texels from its four children,
/// whose texel grids meet on shared edge texels, so parent texel i sits on
/// child-mosaic texel 2i; a [1 2 1] tent around it, alpha-weighted (missing
/// children are transparent).
std::map<gis::TileKey, Rgba> coarserMosaics(const std::map<gis::TileKey, Rgba>& level, int w)
{
    std::map<gis::TileKey, std::array<const Rgba*, 4>> parents;
    for (const auto& [key, rgba] : level) {
        const gis::TileKey p{floorDiv(key.x, 2), floorDiv(key.y, 2), key.level + 1};
        parents[p][size_t((key.y - 2 * p.y) * 2 + (key.x - 2 * p.x))] = &rgba;
    }
    const int n1 = w - 1, last = 2 * n1;
    static constexpr int kWeights[3] = {1, 2, 1};
    std::map<gis::TileKey, Rgba> out;
    for (const auto& [key, children] : parents) {
        Rgba& dst = out[key];
        dst.assign(size_t(w) * w * 4, 0);
        for (int j = 0; j < w; ++j)
            for (int i = 0; i < w; ++i) {
                double rgb[3] = {0, 0, 0}, alpha = 0;
                for (int dl = -1; dl <= 1; ++dl)
                    for (int dk = -1; dk <= 1; ++dk) {
                        const int k = std::clamp(2 * i + dk, 0, last), l = std::clamp(2 * j + dl, 0, last);
                        const int cx = std::min(k / n1, 1), cy = std::min(l / n1, 1);
                        const Rgba* src = children[size_t(cy * 2 + cx)];
                        if (!src) continue;
                        const uint8_t* t = src->data() + (size_t(l - cy * n1) * w + size_t(k - cx * n1)) * 4;
                        const double wt = kWeights[dk + 1] * kWeights[dl + 1] * (t[3] / 255.0);
                        for (int c = 0; c < 3; ++c) rgb[c] += wt * t[c];
                        alpha += wt;
                    }
                uint8_t* d = dst.data() + (size_t(j) * w + i) * 4;
                if (alpha <= 0) continue;
                for (int c = 0; c < 3; ++c) d[c] = uint8_t(std::clamp(rgb[c] / alpha + 0.5, 0.0, 255.0));
                d[3] = uint8_t(std::clamp(alpha / 16.0 * 255.0 + 0.5, 0.0, 255.0));
            }
    }
    return out;
}

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
    // Tiles drape their images over the tile; blocks set their own size.
    out->root->getOrCreateStateSet()->addUniform(
        new osg::Uniform("u_patchSize", float(terrain.frame.tileSizeMeters)));
    out->extent = terrain.extent;
    out->tileSizeMeters = terrain.frame.tileSizeMeters;
    out->minHeightMeters = terrain.minHeightMeters;
    out->maxHeightMeters = terrain.maxHeightMeters;
    out->tree = new TerrainTree(TerrainGrid::build(terrain), options);
    if (!out->tree->buildRoots(*out->root, cancel)) out->cancelled = true;
    return out;
}

std::shared_ptr<PreparedImagery> prepareImagery(const gis::ImageryLayer& imagery, const gis::CancelToken* cancel)
{
    auto out = std::make_shared<PreparedImagery>();
    out->extent = imagery.extent;
    out->tileSizeMeters = imagery.frame.tileSizeMeters;
    std::map<gis::TileKey, Rgba> level;
    bool square = true;
    for (const gis::ImageTile& tile : imagery.tiles) {
        if (cancel && cancel->isCancelled()) {
            out->cancelled = true;
            return out;
        }
        const int w = tile.width, h = tile.height;
        if (w < 1 || h < 1 || tile.rgba.size() != size_t(w) * h * 4) continue;
        square = square && w == h && (level.empty() || w == out->texelsPerEdge);
        out->texelsPerEdge = w;
        // GL's first row is t = 0 = south; the tile's row 0 is north.
        Rgba southUp(tile.rgba.size());
        for (int r = 0; r < h; ++r)
            std::memcpy(southUp.data() + size_t(r) * w * 4, tile.rgba.data() + size_t(h - 1 - r) * w * 4,
                        size_t(w) * 4);
        out->textures[tile.tile] = makeTexture(w, h, southUp.data());
        level[{tile.tile.x, tile.tile.y, 0}] = std::move(southUp);
    }
    // Mosaics for the terrain's coarse blocks: only for square tiles of one size.
    const int w = out->texelsPerEdge;
    if (!square || w < 2) return out;
    int extra = kExtraMosaicLevels;
    for (int l = 1; l <= 24 && extra > 0 && !level.empty(); ++l) {
        if (cancel && cancel->isCancelled()) {
            out->cancelled = true;
            return out;
        }
        level = coarserMosaics(level, w);
        for (const auto& [key, rgba] : level) out->mosaics[key] = makeTexture(w, w, rgba.data());
        if (level.size() == 1) --extra;
    }
    return out;
}

} // namespace citytwin::render
