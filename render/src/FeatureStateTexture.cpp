#include "FeatureStateTexture.h"

#include <algorithm>

namespace citytwin::render {

FeatureStateTexture::FeatureStateTexture(uint32_t featureCount, FeatureColor color)
    : m_count(featureCount) {
    const uint32_t n = std::max<uint32_t>(featureCount, 1);
    m_width = static_cast<int>(std::min<uint32_t>(n, kMaxWidth));
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

    m_texture = new osg::Texture2D(m_image.get());
    m_texture->setDataVariance(osg::Object::DYNAMIC);
    m_texture->setFilter(osg::Texture::MIN_FILTER, osg::Texture::NEAREST);
    m_texture->setFilter(osg::Texture::MAG_FILTER, osg::Texture::NEAREST);
    m_texture->setWrap(osg::Texture::WRAP_S, osg::Texture::CLAMP_TO_EDGE);
    m_texture->setWrap(osg::Texture::WRAP_T, osg::Texture::CLAMP_TO_EDGE);
    m_texture->setUseHardwareMipMapGeneration(false);
    m_texture->setResizeNonPowerOfTwoHint(false);
    m_texture->setUnRefImageDataAfterApply(false);
    m_texture->setInternalFormat(GL_RGBA8);
}

uint8_t* FeatureStateTexture::texel(uint32_t index) const {
    return m_image->data() + size_t(index) * 4;
}

void FeatureStateTexture::setColor(uint32_t index, FeatureColor color) {
    if (index >= m_count) return;
    uint8_t* t = texel(index);
    t[0] = color.r; t[1] = color.g; t[2] = color.b;
    m_image->dirty();
}

void FeatureStateTexture::setAllColors(FeatureColor color) {
    for (uint32_t i = 0; i < m_count; ++i) {
        uint8_t* t = texel(i);
        t[0] = color.r; t[1] = color.g; t[2] = color.b;
    }
    m_image->dirty();
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
    m_image->dirty();
}

void FeatureStateTexture::setFlag(uint32_t index, uint8_t flag, bool on) {
    if (index >= m_count) return;
    uint8_t* t = texel(index);
    t[3] = on ? uint8_t(t[3] | flag) : uint8_t(t[3] & ~flag);
    m_image->dirty();
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
    stateSet.addUniform(new osg::Uniform("u_stateWidth", m_width));
}

} // namespace citytwin::render
