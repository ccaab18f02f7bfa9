// PNG files through OSG's png plugin (render links no QtGui).
#include "citytwin/render/OffscreenRenderer.h"

#include <osg/Image>
#include <osgDB/ReadFile>
#include <osgDB/Registry>
#include <osgDB/WriteFile>

#include <cstring>

namespace citytwin::render {

namespace {
osgDB::ReaderWriter* pngPlugin() {
    return osgDB::Registry::instance()->getReaderWriterForExtension("png");
}
} // namespace

gis::Result<bool> writePng(const RgbaImage& image, const std::string& path) {
    using R = gis::Result<bool>;
    if (image.width <= 0 || image.height <= 0 ||
        image.pixels.size() != size_t(image.width) * image.height * 4)
        return R::failure("writePng: image is empty or malformed", path);
    osgDB::ReaderWriter* rw = pngPlugin();
    if (!rw) return R::failure("writePng: OSG png plugin (osgdb_png) not found", path);
    // osg::Image rows run bottom-up; RgbaImage rows top-down.
    osg::ref_ptr<osg::Image> img = new osg::Image;
    img->allocateImage(image.width, image.height, 1, GL_RGBA, GL_UNSIGNED_BYTE);
    const size_t row = size_t(image.width) * 4;
    for (int y = 0; y < image.height; ++y)
        std::memcpy(img->data(0, image.height - 1 - y), image.pixels.data() + row * y, row);
    const osgDB::ReaderWriter::WriteResult wr = rw->writeImage(*img, path);
    if (!wr.success())
        return R::failure("writePng: cannot write: " + wr.message(), path);
    return true;
}

gis::Result<RgbaImage> readPng(const std::string& path) {
    using R = gis::Result<RgbaImage>;
    osgDB::ReaderWriter* rw = pngPlugin();
    if (!rw) return R::failure("readPng: OSG png plugin (osgdb_png) not found", path);
    osgDB::ReaderWriter::ReadResult rr = rw->readImage(path);
    osg::ref_ptr<osg::Image> img = rr.getImage();
    if (!img) return R::failure("readPng: cannot read: " + rr.message(), path);
    if (img->getPixelFormat() != GL_RGBA || img->getDataType() != GL_UNSIGNED_BYTE) {
        // Expand RGB / grey to RGBA8.
        osg::ref_ptr<osg::Image> rgba = new osg::Image;
        rgba->allocateImage(img->s(), img->t(), 1, GL_RGBA, GL_UNSIGNED_BYTE);
        for (int y = 0; y < img->t(); ++y)
            for (int x = 0; x < img->s(); ++x) rgba->setColor(img->getColor(x, y), x, y);
        img = rgba;
    }
    RgbaImage out;
    out.width = img->s();
    out.height = img->t();
    out.pixels.resize(size_t(out.width) * out.height * 4);
    const size_t row = size_t(out.width) * 4;
    for (int y = 0; y < out.height; ++y)
        std::memcpy(out.pixels.data() + row * y, img->data(0, out.height - 1 - y), row);
    return out;
}

} // namespace citytwin::render
