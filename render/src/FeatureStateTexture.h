#pragma once
// A layer's feature-state texture: one RGBA8 texel per feature.

#include "citytwin/render/CityScene.h"

#include <osg/Image>
#include <osg/StateSet>
#include <osg/Texture2D>
#include <osg/Uniform>

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace citytwin::render {

class StateUploader;

/// rgb = colour, a = flags (kVisible | kSelected). Texel of feature i is
/// (i % width, i / width), width the least power of two >= the feature count
/// up to kMaxWidth (shaders take u_stateShift = log2 width and mask and
/// shift, far cheaper than dividing on a software rasteriser), so millions of
/// features fit (2M features: 4096 x 489). The vertex shader reads it with
/// texelFetch. A write marks only the rows it touched; the next frame
/// uploads those rows with glTexSubImage2D (one call per run of adjacent
/// dirty rows) and never touches geometry. Built on a worker, then GUI
/// thread only (the upload itself runs in the draw traversal).
class FeatureStateTexture {
public:
    static constexpr int kMaxWidth = 4096;
    static constexpr uint8_t kVisible = 1;
    static constexpr uint8_t kSelected = 2;
    static constexpr int kTextureUnit = 0;

    explicit FeatureStateTexture(uint32_t featureCount, FeatureColor color = kDefaultBuildingColor);
    ~FeatureStateTexture();

    uint32_t featureCount() const { return m_count; }
    int width() const { return m_width; }
    int rows() const { return m_rows; }

    void setColor(uint32_t index, FeatureColor color);
    void setAllColors(FeatureColor color);
    /// Bulk restyle in one pass: colour i from colors[i], the visible flag
    /// from visible[i] (non-zero = visible). Features past either vector's
    /// size keep that part of their state; the selected flag is kept. The
    /// touched rows are one run, so one upload at the next frame.
    void setColorsAndVisibility(const std::vector<FeatureColor>& colors,
                                const std::vector<uint8_t>& visible);
    void setFlag(uint32_t index, uint8_t flag, bool on);
    FeatureColor color(uint32_t index) const;
    bool flag(uint32_t index, uint8_t flag) const;

    /// Binds the texture and its uniforms on a layer's state set.
    void apply(osg::StateSet& stateSet) const;

    /// Grows with every write (a colour, flag or restyle).
    uint64_t revision() const { return m_revision; }
    /// The texel every feature has (rgb, flags), or nothing when two
    /// differ. Scans the texels, stopping at the first difference.
    std::optional<std::array<uint8_t, 4>> sharedTexel() const;

    /// Upload bookkeeping (GUI thread; the draw traversal updates it).
    FeatureStateStats stats() const;

    osg::Image* image() const { return m_image.get(); }
    osg::Texture2D* texture() const { return m_texture.get(); }

private:
    uint8_t* texel(uint32_t index) const;
    void markRows(uint32_t firstFeature, uint32_t lastFeature);

    uint32_t m_count = 0;
    int m_width = 1;
    int m_rows = 1;
    osg::ref_ptr<osg::Image> m_image;
    osg::ref_ptr<osg::Texture2D> m_texture;
    osg::ref_ptr<StateUploader> m_uploader;
    uint64_t m_revision = 0;
};

} // namespace citytwin::render
