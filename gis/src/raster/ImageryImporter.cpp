// importImagery: an image (RGB, RGBA, paletted, grey) warped onto the scene
// tile grid as RGBA8 tiles; isRasterSource.
#include "citytwin/gis/RasterImport.h"

#include "raster/RasterSource.h"

#include <gdal_utils.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace citytwin::gis {

namespace {

using raster::SceneGrid;

constexpr int kMaxPixelsPerTile = 512;
constexpr int64_t kMaxGridPixels = 32LL * 1024 * 1024;

int bandWith(GDALDataset& ds, GDALColorInterp interp)
{
    for (int b = 1; b <= ds.GetRasterCount(); ++b)
        if (ds.GetRasterBand(b)->GetColorInterpretation() == interp) return b;
    return 0;
}

/// Colour bands (r, g, b; grey repeated) and alpha of an image.
raster::BandSelection selectBands(GDALDataset& ds)
{
    raster::BandSelection sel;
    sel.alphaBand = bandWith(ds, GCI_AlphaBand);
    const int r = bandWith(ds, GCI_RedBand), g = bandWith(ds, GCI_GreenBand), b = bandWith(ds, GCI_BlueBand);
    if (r && g && b) {
        sel.bands = {r, g, b};
    } else if (ds.GetRasterCount() - (sel.alphaBand ? 1 : 0) >= 3) {
        for (int i = 1; sel.bands.size() < 3; ++i)
            if (i != sel.alphaBand) sel.bands.push_back(i);
    } else {
        const int grey = sel.alphaBand == 1 ? 2 : 1;
        sel.bands = {grey, grey, grey};
    }
    return sel;
}

/// A paletted image expanded to RGBA through an in-memory VRT (warping palette
/// indices bilinearly would mix unrelated colours).
GdalDatasetPtr expandPalette(GDALDataset& ds)
{
    const char* args[] = {"-of", "VRT", "-expand", "rgba", nullptr};
    GDALTranslateOptions* options = GDALTranslateOptionsNew(const_cast<char**>(args), nullptr);
    GdalDatasetPtr out(GDALDataset::FromHandle(GDALTranslate("", GDALDataset::ToHandle(&ds), options, nullptr)));
    GDALTranslateOptionsFree(options);
    return out;
}

/// Linear stretch of non-8-bit colour bands to 0..255 over their valid range.
std::vector<uint8_t> toBytes(const std::vector<float>& values, const std::vector<float>& alpha)
{
    float lo = std::numeric_limits<float>::max(), hi = std::numeric_limits<float>::lowest();
    for (size_t i = 0; i < values.size(); ++i)
        if (alpha[i] > 0) { lo = std::min(lo, values[i]); hi = std::max(hi, values[i]); }
    const float scale = hi > lo ? 255.0f / (hi - lo) : 0.0f;
    std::vector<uint8_t> out(values.size());
    for (size_t i = 0; i < values.size(); ++i)
        out[i] = uint8_t(std::clamp((values[i] - lo) * scale + 0.5f, 0.0f, 255.0f));
    return out;
}

} // namespace

Result<ImageryLayer> importImagery(const LayerSpec& spec, const SceneFrame& frame, const ProgressFn& progress,
                                   const CancelToken* cancel)
{
    using R = Result<ImageryLayer>;
    if (spec.sources.empty()) return R::failure("the imagery layer has no source");
    const std::string& path = spec.sources.front();
    auto opened = raster::openRaster(path, spec.crsOverride, frame);
    if (!opened) return R::failure(opened.diagnostics());
    Diagnostics diags;
    if (spec.sources.size() > 1)
        diags.push_back({Severity::Warning, "only the first source of an imagery layer is read", path, -1});

    GDALDataset* bandSource = opened->dataset.get();
    GdalDatasetPtr expanded;
    if (bandSource->GetRasterBand(1)->GetColorTable() != nullptr) {
        GdalErrorCapture capture;
        expanded = expandPalette(*bandSource);
        if (!expanded) return R::failure(raster::withGdalErrors("cannot expand the colour palette", capture), path);
        bandSource = expanded.get();
    }
    const raster::BandSelection selection = selectBands(*bandSource);
    const bool bytes = bandSource->GetRasterBand(selection.bands.front())->GetRasterDataType() == GDT_Byte;

    const SceneGrid grid = SceneGrid::around(opened->sceneExtent, frame.tileSizeMeters, opened->sceneResolution, 2,
                                             kMaxPixelsPerTile, bytes ? kMaxGridPixels : kMaxGridPixels / 4);
    auto warped = raster::warpToGrid(*opened, bandSource, selection, bytes ? GDT_Byte : GDT_Float32, true, 0,
                                     grid, progress, 0.0, 0.8, cancel);
    if (!warped) return R::failure(warped.diagnostics());

    // Interleaved RGBA, row 0 = north, for the whole grid.
    GdalErrorCapture capture;
    const size_t pixels = size_t(grid.width) * grid.height;
    std::vector<uint8_t> rgba(pixels * 4);
    if (bytes) {
        if ((*warped)->RasterIO(GF_Read, 0, 0, grid.width, grid.height, rgba.data(), grid.width, grid.height,
                                GDT_Byte, 4, nullptr, 4, 4 * grid.width, 1, nullptr) != CE_None)
            return R::failure(raster::withGdalErrors("reading the resampled image failed", capture), path);
    } else {
        std::vector<float> alpha(pixels), band(pixels);
        auto read = [&](int b, std::vector<float>& out) {
            return (*warped)->GetRasterBand(b)->RasterIO(GF_Read, 0, 0, grid.width, grid.height, out.data(),
                                                        grid.width, grid.height, GDT_Float32, 0, 0, nullptr)
                == CE_None;
        };
        if (!read(4, alpha)) return R::failure(raster::withGdalErrors("reading the resampled image failed", capture), path);
        for (int b = 0; b < 3; ++b) {
            if (!read(b + 1, band)) return R::failure(raster::withGdalErrors("reading the resampled image failed", capture), path);
            const std::vector<uint8_t> scaled = toBytes(band, alpha);
            for (size_t i = 0; i < pixels; ++i) rgba[i * 4 + b] = scaled[i];
        }
        for (size_t i = 0; i < pixels; ++i) rgba[i * 4 + 3] = uint8_t(std::clamp(alpha[i], 0.0f, 255.0f));
    }
    if (progress) progress(0.9);

    ImageryLayer layer;
    layer.spec = spec;
    layer.frame = frame;
    layer.sourceCrsName = opened->sourceCrsName;
    const int n = grid.samplesPerTile, n1 = n - 1;
    const double t = frame.tileSizeMeters;
    for (int ty = 0; ty < grid.tilesY; ++ty)
        for (int tx = 0; tx < grid.tilesX; ++tx) {
            ImageTile tile;
            tile.tile = {grid.ix0 + tx, grid.iy0 + ty, 0};
            tile.origin = {(tile.tile.x + 0.5) * t, (tile.tile.y + 0.5) * t, 0};
            tile.width = tile.height = n;
            tile.rgba.resize(size_t(n) * n * 4);
            bool any = false;
            // Grid row 0 is north; this tile's northern row is grid row (tilesY-1-ty)*n1.
            const size_t top = size_t(grid.tilesY - 1 - ty) * n1;
            for (int r = 0; r < n; ++r) {
                const uint8_t* src = rgba.data() + ((top + r) * grid.width + size_t(tx) * n1) * 4;
                std::copy_n(src, size_t(n) * 4, tile.rgba.data() + size_t(r) * n * 4);
                for (int c = 0; c < n && !any; ++c) any = src[c * 4 + 3] != 0;
            }
            if (!any) continue;
            layer.extent.add(tile.origin.x - t / 2, tile.origin.y - t / 2);
            layer.extent.add(tile.origin.x + t / 2, tile.origin.y + t / 2);
            layer.tiles.push_back(std::move(tile));
        }
    if (layer.tiles.empty()) return R::failure("the image has no visible pixels in the scene", path);
    if (progress) progress(1.0);
    return R(std::move(layer), std::move(diags));
}

bool isRasterSource(const std::string& source)
{
    ensureGdalRegistered();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GdalDatasetPtr ds(GDALDataset::FromHandle(
        GDALOpenEx(source.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    CPLPopErrorHandler();
    return ds && ds->GetRasterCount() > 0 && ds->GetLayerCount() == 0;
}

} // namespace citytwin::gis
