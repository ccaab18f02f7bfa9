#include "FeatureStateTexture.h"

#include "StateUploader.h"

#include <algorithm>
#include <cstring>

namespace citytwin::render {

FeatureStateTexture::FeatureStateTexture(uint32_t featureCount, FeatureColor color)
    : m_count(featureCount) {
    const uint32_t n = std::max<uint32_t>(featureCount, 1);
    // A power of two, so shaders find the texel with a mask and a shift:
    // llvmpipe has no vector integer division and runs it lane by lane for
    // every vertex.
    m_width = 1;
    while (m_width < kMaxWidth && uint32_t(m_width) < n) m_width *= 2;
    m_rows = static_cast<int>((n + m_width - 1) / m_width);

    m_image = new osg::Image;
    m_image->allocateImage(m_width, m_rows, 1, GL_RGBA, GL_UNSIGNED_BYTE);
    m_image->setInternalTextureFormat(GL_RGBA8);
    m_image->setDataVariance(osg::Object::DYNAMIC);
    uint8_t* data = m_image->data();
    for (size_t i = 0; i < size_t(m_width) * m_rows; ++i) {
        data[i * 4 + 0] = color.r;
        data[i * 4 + 1] = color.g;
        data[i * 4 + 2] = color.b;
        data[i * 4 + 3] = kVisible;
    }

    // The uploader allocates the texture once and then sends only the rows
    // written since (a whole-image re-upload per edit would cost 8 MB per
    // click at 2M features); with a subload callback OSG never uploads the
    // image itself, it is only the texels' home.
    m_uploader = new StateUploader(m_image.get());
    m_texture = new osg::Texture2D(m_image.get());
    m_texture->setTextureSize(m_width, m_rows);
    m_texture->setUnRefImageDataAfterApply(false);
    m_texture->setSubloadCallback(m_uploader.get());
    m_texture->setDataVariance(osg::Object::DYNAMIC);
    m_texture->setFilter(osg::Texture::MIN_FILTER, osg::Texture::NEAREST);
    m_texture->setFilter(osg::Texture::MAG_FILTER, osg::Texture::NEAREST);
    m_texture->setWrap(osg::Texture::WRAP_S, osg::Texture::CLAMP_TO_EDGE);
    m_texture->setWrap(osg::Texture::WRAP_T, osg::Texture::CLAMP_TO_EDGE);
    m_texture->setUseHardwareMipMapGeneration(false);
    m_texture->setResizeNonPowerOfTwoHint(false);
    m_texture->setInternalFormat(GL_RGBA8);
}

FeatureStateTexture::~FeatureStateTexture() = default;

uint8_t* FeatureStateTexture::texel(uint32_t index) const {
    return m_image->data() + size_t(index) * 4;
}

void FeatureStateTexture::markRows(uint32_t firstFeature, uint32_t lastFeature) {
    m_uploader->markRows(int(firstFeature / uint32_t(m_width)), int(lastFeature / uint32_t(m_width)));
    m_image->dirty(); // the modified count tells observers the texels changed
    ++m_revision;
}

std::optional<std::array<uint8_t, 4>> FeatureStateTexture::sharedTexel() const {
    const uint8_t* data = m_image->data();
    std::array<uint8_t, 4> first{};
    std::memcpy(first.data(), data, 4);
    uint32_t firstBits = 0;
    std::memcpy(&firstBits, data, 4);
    for (uint32_t i = 1; i < m_count; ++i) {
        uint32_t bits = 0;
        std::memcpy(&bits, data + size_t(i) * 4, 4);
        if (bits != firstBits) return std::nullopt;
    }
    return first;
}

void FeatureStateTexture::setColor(uint32_t index, FeatureColor color) {
    if (index >= m_count) return;
    uint8_t* t = texel(index);
    t[0] = color.r; t[1] = color.g; t[2] = color.b;
    markRows(index, index);
}

void FeatureStateTexture::setAllColors(FeatureColor color) {
    for (uint32_t i = 0; i < m_count; ++i) {
        uint8_t* t = texel(i);
        t[0] = color.r; t[1] = color.g; t[2] = color.b;
    }
    if (m_count > 0) markRows(0, m_count - 1);
}

void FeatureStateTexture::setColorsAndVisibility(const std::vector<FeatureColor>& colors,
                                                 const std::vector<uint8_t>& visible) {
    uint8_t* data = m_image->data();
    const size_t nc = std::min<size_t>(colors.size(), m_count);
    for (size_t i = 0; i < nc; ++i) {
        uint8_t* t = data + i * 4;
        t[0] = colors[i].r; t[1] = colors[i].g; t[2] = colors[i].b;
    }
    const size_t nv = std::min<size_t>(visible.size(), m_count);
    for (size_t i = 0; i < nv; ++i) {
        uint8_t* t = data + i * 4 + 3;
        *t = visible[i] ? uint8_t(*t | kVisible) : uint8_t(*t & ~kVisible);
    }
    const size_t n = std::max(nc, nv);
    if (n > 0) markRows(0, uint32_t(n - 1));
}

void FeatureStateTexture::setFlag(uint32_t index, uint8_t flag, bool on) {
    if (index >= m_count) return;
    uint8_t* t = texel(index);
    t[3] = on ? uint8_t(t[3] | flag) : uint8_t(t[3] & ~flag);
    markRows(index, index);
}

FeatureColor FeatureStateTexture::color(uint32_t index) const {
    if (index >= m_count) return {};
    const uint8_t* t = texel(index);
    return {t[0], t[1], t[2]};
}

bool FeatureStateTexture::flag(uint32_t index, uint8_t flag) const {
    return index < m_count && (texel(index)[3] & flag) != 0;
}

void FeatureStateTexture::apply(osg::StateSet& stateSet) const {
    stateSet.setTextureAttribute(kTextureUnit, m_texture.get(), osg::StateAttribute::ON);
    stateSet.addUniform(new osg::Uniform("u_state", kTextureUnit));
    int shift = 0;
    while ((1 << shift) < m_width) ++shift;
    stateSet.addUniform(new osg::Uniform("u_stateShift", shift));
}

FeatureStateStats FeatureStateTexture::stats() const {
    FeatureStateStats s;
    s.width = m_width;
    s.rows = m_rows;
    s.pendingRows = m_uploader->pendingRows();
    s.fullUploads = m_uploader->fullLoads();
    s.subUploads = m_uploader->uploadCalls();
    s.rowsUploaded = m_uploader->rowsUploaded();
    return s;
}

} // namespace citytwin::render
