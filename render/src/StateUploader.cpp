#include "StateUploader.h"

#include <osg/GL>
#include <osg/State>

#include <algorithm>

namespace citytwin::render {

StateUploader::StateUploader(osg::Image* image)
    : m_image(image), m_rowRevision(size_t(std::max(image->t(), 1)), 0) {}

void StateUploader::markRows(int first, int last) {
    std::lock_guard lock(m_mutex);
    first = std::max(first, 0);
    last = std::min(last, int(m_rowRevision.size()) - 1);
    if (first > last) return;
    ++m_revision;
    std::fill(m_rowRevision.begin() + first, m_rowRevision.begin() + last + 1, m_revision);
}

int StateUploader::pendingRows() const {
    std::lock_guard lock(m_mutex);
    const uint64_t done = m_lastUploaded;
    return int(std::count_if(m_rowRevision.begin(), m_rowRevision.end(), [done](uint64_t r) { return r > done; }));
}

osg::ref_ptr<osg::Texture::TextureObject> StateUploader::generateTextureObject(const osg::Texture2D& texture,
                                                                               osg::State& state) const {
    return osg::Texture::generateTextureObject(&texture, state.getContextID(), GL_TEXTURE_2D, 1, GL_RGBA8,
                                               m_image->s(), m_image->t(), 1, 0);
}

bool StateUploader::textureObjectValid(const osg::Texture2D& texture, osg::State& state) const {
    return texture.getTextureObject(state.getContextID()) != nullptr;
}

void StateUploader::load(const osg::Texture2D&, osg::State& state) const {
    std::lock_guard lock(m_mutex);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, m_image->s(), m_image->t(), 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 m_image->data());
    m_uploaded[state.getContextID()] = m_revision;
    m_lastUploaded = m_revision;
    ++m_fullLoads;
}

void StateUploader::subload(const osg::Texture2D&, osg::State& state) const {
    std::lock_guard lock(m_mutex);
    uint64_t& done = m_uploaded[state.getContextID()];
    if (done == m_revision) return;
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    const int rows = int(m_rowRevision.size());
    for (int r = 0; r < rows;) {
        if (m_rowRevision[r] <= done) {
            ++r;
            continue;
        }
        int end = r;
        while (end < rows && m_rowRevision[end] > done) ++end;
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, r, m_image->s(), end - r, GL_RGBA, GL_UNSIGNED_BYTE,
                        m_image->data(0, r));
        ++m_uploadCalls;
        m_rowsUploaded += end - r;
        r = end;
    }
    done = m_revision;
    m_lastUploaded = m_revision;
}

} // namespace citytwin::render
