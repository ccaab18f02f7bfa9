// importTerrain: a DEM warped onto the scene tile grid, NoData filled, cut
// into TerrainTiles, plus an ElevationModel over the source posts (drawn
// surface: the same samples as the tiles).
#include "citytwin/gis/RasterImport.h"

#include "raster/GridElevationModel.h"
#include "raster/RasterSource.h"
#include "raster/SourceElevationModel.h"

#include <gdal_alg.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace citytwin::gis {

namespace {

using raster::SceneGrid;

constexpr double kNoData = -1.0e30;
constexpr double kMinSpacingMeters = 2.0;
constexpr double kMaxSpacingMeters = 100.0;
constexpr int kMaxSamplesPerTile = 129;
constexpr int64_t kMaxGridSamples = 64LL * 1024 * 1024; // 256 MB of floats

bool valid(float v) { return std::isfinite(v) && v > kNoData / 10; }

/// Per tile (row 0 = south): does the raw warp have any sample there?
std::vector<uint8_t> tilesWithData(const SceneGrid& g, const std::vector<float>& southUp)
{
    std::vector<uint8_t> out(size_t(g.tilesX) * g.tilesY, 0);
    const int n1 = g.samplesPerTile - 1;
    for (int r = 0; r < g.height; ++r)
        for (int c = 0; c < g.width; ++c) {
            if (!valid(southUp[size_t(r) * g.width + c])) continue;
            // A sample on a shared edge counts for every tile holding it.
            const int tx0 = std::max(0, (c - 1) / n1), tx1 = std::min(g.tilesX - 1, c / n1);
            const int ty0 = std::max(0, (r - 1) / n1), ty1 = std::min(g.tilesY - 1, r / n1);
            for (int ty = ty0; ty <= ty1; ++ty)
                for (int tx = tx0; tx <= tx1; ++tx) out[size_t(ty) * g.tilesX + tx] = 1;
        }
    return out;
}

/// Samples GDALFillNodata left empty (far from any data) in kept tiles take
/// the mean of their tile's valid samples, or of the whole grid.
void fillRemaining(const SceneGrid& g, const std::vector<uint8_t>& kept, std::vector<float>& h)
{
    double sum = 0;
    int64_t count = 0;
    for (float v : h)
        if (valid(v)) { sum += v; ++count; }
    const float globalMean = count ? float(sum / count) : 0.0f;
    const int n1 = g.samplesPerTile - 1;
    for (int ty = 0; ty < g.tilesY; ++ty)
        for (int tx = 0; tx < g.tilesX; ++tx) {
            if (!kept[size_t(ty) * g.tilesX + tx]) continue;
            double tileSum = 0;
            int tileCount = 0;
            for (int r = ty * n1; r <= (ty + 1) * n1; ++r)
                for (int c = tx * n1; c <= (tx + 1) * n1; ++c)
                    if (float v = h[size_t(r) * g.width + c]; valid(v)) { tileSum += v; ++tileCount; }
            const float fill = tileCount ? float(tileSum / tileCount) : globalMean;
            for (int r = ty * n1; r <= (ty + 1) * n1; ++r)
                for (int c = tx * n1; c <= (tx + 1) * n1; ++c)
                    if (float& v = h[size_t(r) * g.width + c]; !valid(v)) v = fill;
        }
}

} // namespace

Result<TerrainLayer> importTerrain(const LayerSpec& spec, const SceneFrame& frame, const ProgressFn& progress,
                                   const CancelToken* cancel)
{
    using R = Result<TerrainLayer>;
    if (spec.sources.empty()) return R::failure("the terrain layer has no source");
    const std::string& path = spec.sources.front();
    auto opened = raster::openRaster(path, spec.crsOverride, frame);
    if (!opened) return R::failure(opened.diagnostics());
    Diagnostics diags;
    if (spec.sources.size() > 1)
        diags.push_back({Severity::Warning, "only the first source of a terrain layer is read", path, -1});

    const double target = std::clamp(opened->sceneResolution, kMinSpacingMeters, kMaxSpacingMeters);
    const SceneGrid grid = SceneGrid::around(opened->sceneExtent, frame.tileSizeMeters, target, 5,
                                             kMaxSamplesPerTile, kMaxGridSamples, 4);
    auto warped = raster::warpToGrid(*opened, opened->dataset.get(), {{1}, 0}, GDT_Float32, false, kNoData, grid,
                                     progress, 0.0, 0.7, cancel);
    if (!warped) return R::failure(warped.diagnostics());
    GDALRasterBand* band = (*warped)->GetRasterBand(1);

    GdalErrorCapture capture;
    std::vector<float> northUp(size_t(grid.width) * grid.height);
    auto readAll = [&] {
        return band->RasterIO(GF_Read, 0, 0, grid.width, grid.height, northUp.data(), grid.width, grid.height,
                              GDT_Float32, 0, 0, nullptr) == CE_None;
    };
    auto flipped = [&] {
        std::vector<float> out(northUp.size());
        for (int r = 0; r < grid.height; ++r)
            std::copy_n(northUp.begin() + size_t(grid.height - 1 - r) * grid.width, grid.width,
                        out.begin() + size_t(r) * grid.width);
        return out;
    };
    if (!readAll()) return R::failure(raster::withGdalErrors("reading the resampled DEM failed", capture), path);
    const std::vector<uint8_t> kept = tilesWithData(grid, flipped());
    if (std::find(kept.begin(), kept.end(), 1) == kept.end())
        return R::failure("the DEM has no valid heights (all NoData)", path);

    if (std::any_of(northUp.begin(), northUp.end(), [](float v) { return !valid(v); })) {
        // Inverse-distance fill from the surrounding valid samples (holes
        // under buildings and water in LiDAR DTMs, voids in SRTM).
        GDALFillNodata(GDALRasterBand::ToHandle(band), nullptr, 2.0 * (grid.samplesPerTile - 1), 0, 0, nullptr,
                       nullptr, nullptr);
        if (!readAll()) return R::failure(raster::withGdalErrors("filling NoData failed", capture), path);
    }
    if (cancel && cancel->isCancelled()) return R::failure("cancelled", path);
    std::vector<float> heights = flipped();
    fillRemaining(grid, kept, heights);
    const float exaggeration = float(spec.verticalExaggeration);
    if (exaggeration != 1.0f)
        for (float& v : heights) v *= exaggeration;
    if (progress) progress(0.85);

    TerrainLayer layer;
    layer.spec = spec;
    layer.frame = frame;
    layer.sourceCrsName = opened->sourceCrsName;
    layer.minHeightMeters = std::numeric_limits<double>::max();
    layer.maxHeightMeters = std::numeric_limits<double>::lowest();
    const int n = grid.samplesPerTile, n1 = n - 1;
    const double t = frame.tileSizeMeters;
    for (int ty = 0; ty < grid.tilesY; ++ty)
        for (int tx = 0; tx < grid.tilesX; ++tx) {
            if (!kept[size_t(ty) * grid.tilesX + tx]) continue;
            TerrainTile tile;
            tile.tile = {grid.ix0 + tx, grid.iy0 + ty, 0};
            tile.origin = {(tile.tile.x + 0.5) * t, (tile.tile.y + 0.5) * t, 0};
            tile.cols = tile.rows = n;
            tile.spacingMeters = grid.spacing;
            tile.heights.resize(size_t(n) * n);
            for (int r = 0; r < n; ++r)
                for (int c = 0; c < n; ++c) {
                    const float v = heights[size_t(ty * n1 + r) * grid.width + size_t(tx * n1 + c)];
                    tile.heights[size_t(r) * n + c] = v;
                    layer.minHeightMeters = std::min(layer.minHeightMeters, double(v));
                    layer.maxHeightMeters = std::max(layer.maxHeightMeters, double(v));
                }
            layer.extent.add(tile.origin.x - t / 2, tile.origin.y - t / 2);
            layer.extent.add(tile.origin.x + t / 2, tile.origin.y + t / 2);
            layer.tiles.push_back(std::move(tile));
        }
    ElevationModelPtr drawn = std::make_shared<raster::GridElevationModel>(grid, std::move(heights), kept);
    // Heights for placing features come from the source posts themselves
    // (bilinear, not resampled twice); the grid stays the drawn surface and
    // the fallback (rasters too large to hold, outside the raster, NoData).
    if (auto source = raster::SourceElevationModel::create(*opened, spec.verticalExaggeration, drawn))
        layer.elevation = std::move(source);
    else
        layer.elevation = std::move(drawn);
    if (progress) progress(1.0);
    return R(std::move(layer), std::move(diags));
}

} // namespace citytwin::gis
