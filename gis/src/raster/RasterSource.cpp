#include "raster/RasterSource.h"

#include <gdal_alg.h>
#include <gdalwarper.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace citytwin::gis::raster {

namespace {

struct TransformerDeleter {
    void operator()(void* t) const { if (t) GDALDestroyGenImgProjTransformer(t); }
};
using TransformerPtr = std::unique_ptr<void, TransformerDeleter>;

std::string wktOf(const OGRSpatialReference& srs)
{
    char* text = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", nullptr};
    srs.exportToWkt(&text, options);
    std::string out = text ? text : "";
    CPLFree(text);
    return out;
}

TransformerPtr createTransformer(GDALDataset* src, GDALDataset* dst, const std::string& srcWkt,
                                 const std::string& dstWkt)
{
    CPLStringList options;
    options.SetNameValue("SRC_SRS", srcWkt.c_str());
    options.SetNameValue("DST_SRS", dstWkt.c_str());
    return TransformerPtr(GDALCreateGenImgProjTransformer2(
        GDALDataset::ToHandle(src), dst ? GDALDataset::ToHandle(dst) : nullptr, options.List()));
}

struct ProgressState {
    const ProgressFn* progress;
    double from, to;
    const CancelToken* cancel;
};

int CPL_STDCALL warpProgress(double fraction, const char*, void* arg)
{
    auto* s = static_cast<ProgressState*>(arg);
    if (s->cancel && s->cancel->isCancelled()) return FALSE;
    if (s->progress && *s->progress) (*s->progress)(s->from + (s->to - s->from) * fraction);
    return TRUE;
}

} // namespace

std::string withGdalErrors(const std::string& message, const GdalErrorCapture& capture)
{
    if (capture.errors().empty()) return message;
    return message + " (GDAL: " + capture.errors().front() + ")";
}

Result<OpenedRaster> openRaster(const std::string& path, const std::string& crsOverride,
                                const SceneFrame& frame)
{
    using R = Result<OpenedRaster>;
    ensureGdalRegistered();
    GdalErrorCapture capture;
    OpenedRaster out;
    out.path = path;
    out.dataset.reset(GDALDataset::FromHandle(
        GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    if (!out.dataset) return R::failure(withGdalErrors("cannot open as a raster", capture), path);
    if (out.dataset->GetRasterCount() < 1) return R::failure("the raster has no bands", path);

    double gt[6];
    const bool hasTransform = out.dataset->GetGeoTransform(gt) == CE_None;
    if (!hasTransform && out.dataset->GetGCPCount() == 0)
        return R::failure("the raster has no georeferencing (no geotransform, no ground control points): "
                          "it cannot be placed on the map", path);

    OGRSpatialReference srs;
    if (!crsOverride.empty()) {
        if (srs.SetFromUserInput(crsOverride.c_str()) != OGRERR_NONE)
            return R::failure("the CRS override '" + crsOverride.substr(0, 80) + "' is not understood by PROJ", path);
    } else {
        const OGRSpatialReference* declared = hasTransform ? out.dataset->GetSpatialRef()
                                                           : out.dataset->GetGCPSpatialRef();
        if (!declared || declared->IsEmpty())
            return R::failure("the raster declares no coordinate reference system; set a CRS override", path);
        srs = *declared;
    }
    out.sourceWkt = wktOf(srs);
    out.sourceCrsName = srs.GetName() ? srs.GetName() : "unnamed CRS";

    OGRSpatialReference scene;
    if (scene.SetFromUserInput(frame.crsDefinition.c_str()) != OGRERR_NONE)
        return R::failure("the scene CRS '" + frame.crsDefinition + "' is not understood by PROJ", path);
    out.sceneWkt = wktOf(scene);

    TransformerPtr tr = createTransformer(out.dataset.get(), nullptr, out.sourceWkt, out.sceneWkt);
    if (!tr)
        return R::failure(withGdalErrors("PROJ cannot transform the raster's CRS '" + out.sourceCrsName
                                             + "' to the scene CRS '" + frame.crsDefinition + "'",
                                         capture),
                          path);
    double outGt[6];
    int pixels = 0, lines = 0;
    double box[4];
    if (GDALSuggestedWarpOutput2(GDALDataset::ToHandle(out.dataset.get()), GDALGenImgProjTransform, tr.get(),
                                 outGt, &pixels, &lines, box, 0) != CE_None
        || !(outGt[1] > 0) || !std::isfinite(box[0]) || !std::isfinite(box[2]))
        return R::failure(withGdalErrors("the raster's extent cannot be transformed from '" + out.sourceCrsName
                                             + "' to the scene CRS '" + frame.crsDefinition + "'",
                                         capture),
                          path);
    out.sceneExtent.add(box[0], box[1]);
    out.sceneExtent.add(box[2], box[3]);
    out.sceneResolution = outGt[1];
    return out;
}

SceneGrid SceneGrid::around(const Extent2& extent, double tileSize, double targetSpacing, int minSamples,
                            int maxSamples, int64_t maxTotal, int multipleOf)
{
    SceneGrid g;
    g.tileSize = tileSize;
    g.ix0 = int(std::floor(extent.minX / tileSize));
    g.iy0 = int(std::floor(extent.minY / tileSize));
    const int ix1 = std::max(g.ix0, int(std::ceil(extent.maxX / tileSize)) - 1);
    const int iy1 = std::max(g.iy0, int(std::ceil(extent.maxY / tileSize)) - 1);
    g.tilesX = ix1 - g.ix0 + 1;
    g.tilesY = iy1 - g.iy0 + 1;
    const double wanted = std::ceil(tileSize / std::max(targetSpacing, 1e-3)) + 1;
    int n = int(std::clamp(wanted, double(minSamples), double(maxSamples)));
    auto total = [&](int s) { return (int64_t(g.tilesX) * (s - 1) + 1) * (int64_t(g.tilesY) * (s - 1) + 1); };
    while (n > minSamples && total(n) > maxTotal) n = std::max(minSamples, 1 + (n - 1) * 3 / 4);
    if (multipleOf > 1) {
        const int m = multipleOf;
        const int up = 1 + (n - 1 + m - 1) / m * m;
        n = (up <= maxSamples && total(up) <= maxTotal) ? up : std::max(1 + m, 1 + (n - 1) / m * m);
    }
    g.samplesPerTile = n;
    g.spacing = tileSize / (n - 1);
    g.gx0 = int64_t(g.ix0) * (n - 1);
    g.gy0 = int64_t(g.iy0) * (n - 1);
    g.width = g.tilesX * (n - 1) + 1;
    g.height = g.tilesY * (n - 1) + 1;
    return g;
}

Result<GdalDatasetPtr> warpToGrid(const OpenedRaster& source, GDALDataset* bandSource,
                                  const BandSelection& selection, GDALDataType type, bool withAlpha,
                                  double dstNoData, const SceneGrid& grid, const ProgressFn& progress,
                                  double progressFrom, double progressTo, const CancelToken* cancel)
{
    using R = Result<GdalDatasetPtr>;
    GdalErrorCapture capture;
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    if (!mem) return R::failure("GDAL has no MEM driver", source.path);
    const int colourBands = int(selection.bands.size());
    const int bandCount = colourBands + (withAlpha ? 1 : 0);
    GdalDatasetPtr dst(mem->Create("", grid.width, grid.height, bandCount, type, nullptr));
    if (!dst) return R::failure(withGdalErrors("cannot allocate the resampled raster", capture), source.path);
    // Pixel centres on the samples; row 0 is the northern row.
    const double s = grid.spacing;
    double gt[6] = {double(grid.gx0) * s - s / 2, s, 0, double(grid.gy0 + grid.height - 1) * s + s / 2, 0, -s};
    dst->SetGeoTransform(gt);
    dst->SetProjection(source.sceneWkt.c_str());
    if (!withAlpha)
        for (int b = 1; b <= bandCount; ++b) {
            dst->GetRasterBand(b)->SetNoDataValue(dstNoData);
            dst->GetRasterBand(b)->Fill(dstNoData);
        }

    TransformerPtr tr = createTransformer(bandSource, dst.get(), source.sourceWkt, source.sceneWkt);
    if (!tr) return R::failure(withGdalErrors("cannot set up the reprojection", capture), source.path);

    GDALWarpOptions* wo = GDALCreateWarpOptions();
    std::unique_ptr<GDALWarpOptions, void (*)(GDALWarpOptions*)> woOwner(wo, GDALDestroyWarpOptions);
    wo->hSrcDS = GDALDataset::ToHandle(bandSource);
    wo->hDstDS = GDALDataset::ToHandle(dst.get());
    wo->eResampleAlg = GRA_Bilinear;
    wo->eWorkingDataType = GDT_Float32;
    wo->nBandCount = colourBands;
    wo->panSrcBands = static_cast<int*>(CPLMalloc(sizeof(int) * colourBands));
    wo->panDstBands = static_cast<int*>(CPLMalloc(sizeof(int) * colourBands));
    wo->padfSrcNoDataReal = static_cast<double*>(CPLMalloc(sizeof(double) * colourBands));
    bool anySrcNoData = false;
    for (int i = 0; i < colourBands; ++i) {
        wo->panSrcBands[i] = selection.bands[i];
        wo->panDstBands[i] = i + 1;
        int has = FALSE;
        const double nd = bandSource->GetRasterBand(selection.bands[i])->GetNoDataValue(&has);
        wo->padfSrcNoDataReal[i] = has ? nd : -1.0e38;
        anySrcNoData = anySrcNoData || has;
    }
    if (!anySrcNoData) {
        CPLFree(wo->padfSrcNoDataReal);
        wo->padfSrcNoDataReal = nullptr;
    }
    wo->nSrcAlphaBand = selection.alphaBand;
    wo->nDstAlphaBand = withAlpha ? bandCount : 0;
    if (!withAlpha) {
        wo->padfDstNoDataReal = static_cast<double*>(CPLMalloc(sizeof(double) * colourBands));
        for (int i = 0; i < colourBands; ++i) wo->padfDstNoDataReal[i] = dstNoData;
        wo->papszWarpOptions = CSLSetNameValue(wo->papszWarpOptions, "INIT_DEST", "NO_DATA");
    } else {
        wo->papszWarpOptions = CSLSetNameValue(wo->papszWarpOptions, "INIT_DEST", "0");
    }
    wo->pfnTransformer = GDALGenImgProjTransform;
    wo->pTransformerArg = tr.get();
    ProgressState state{&progress, progressFrom, progressTo, cancel};
    wo->pfnProgress = warpProgress;
    wo->pProgressArg = &state;

    GDALWarpOperation op;
    if (op.Initialize(wo) != CE_None)
        return R::failure(withGdalErrors("cannot set up the warp", capture), source.path);
    const CPLErr err = op.ChunkAndWarpImage(0, 0, grid.width, grid.height);
    if (cancel && cancel->isCancelled()) return R::failure("cancelled", source.path);
    if (err != CE_None) return R::failure(withGdalErrors("reading or resampling the raster failed", capture), source.path);
    return R(std::move(dst));
}

} // namespace citytwin::gis::raster
