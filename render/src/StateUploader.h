#pragma once
// Partial uploads of a feature-state texture: the rows written since a
// context's last upload go up with glTexSubImage2D, nothing else.

#include <osg/Image>
#include <osg/Texture2D>
#include <osg/buffered_value>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

namespace citytwin::render {

/// The texture's subload callback. markRows() runs on the GUI thread, load()
/// and subload() in the draw traversal of each context (the same thread in
/// the single-threaded viewers CityTwin uses; a mutex keeps it safe in
/// others). Each row carries the revision of its last write; a context
/// uploads the rows newer than its last upload, a run of adjacent rows per
/// glTexSubImage2D call.
class StateUploader : public osg::Texture2D::SubloadCallback {
public:
    explicit StateUploader(osg::Image* image);

    /// GUI thread: rows [first, last] changed.
    void markRows(int first, int last);
    /// GUI thread: rows written since the last upload (to any context).
    int pendingRows() const;

    int64_t uploadCalls() const { return m_uploadCalls.load(); }
    int64_t rowsUploaded() const { return m_rowsUploaded.load(); }
    int64_t fullLoads() const { return m_fullLoads.load(); }

    osg::ref_ptr<osg::Texture::TextureObject> generateTextureObject(const osg::Texture2D& texture,
                                                                    osg::State& state) const override;
    bool textureObjectValid(const osg::Texture2D& texture, osg::State& state) const override;
    void load(const osg::Texture2D& texture, osg::State& state) const override;
    void subload(const osg::Texture2D& texture, osg::State& state) const override;

private:
    osg::ref_ptr<osg::Image> m_image;
    mutable std::mutex m_mutex;
    std::vector<uint64_t> m_rowRevision;
    uint64_t m_revision = 0;
    mutable osg::buffered_value<uint64_t> m_uploaded; ///< per context: revision uploaded
    mutable uint64_t m_lastUploaded = 0;
    mutable std::atomic<int64_t> m_uploadCalls{0};
    mutable std::atomic<int64_t> m_rowsUploaded{0};
    mutable std::atomic<int64_t> m_fullLoads{0};
};

} // namespace citytwin::render
