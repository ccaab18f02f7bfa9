#include "citytwin/gis/SourceKind.h"

#include "citytwin/gis/CrsTransformer.h"

#include <gdal.h>
#include <ogr_srs_api.h>

#include <array>
#include <memory>

namespace citytwin::gis {
namespace {

struct DatasetCloser {
    void operator()(GDALDatasetH h) const { if (h) GDALClose(h); }
};
using DatasetPtr = std::unique_ptr<void, DatasetCloser>;

DatasetPtr openReadOnly(const std::string& source, unsigned kinds)
{
    GDALAllRegister();
    return DatasetPtr(GDALOpenEx(source.c_str(), kinds | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
}

} // namespace

LayerKind detectSourceKind(const std::string& source)
{
    DatasetPtr ds = openReadOnly(source, GDAL_OF_RASTER | GDAL_OF_VECTOR);
    if (!ds) return LayerKind::Auto;
    GDALDatasetH h = ds.get();
    if (GDALDatasetGetLayerCount(h) > 0 || GDALGetRasterCount(h) == 0) return LayerKind::Auto;
    if (GDALGetRasterCount(h) >= 3) return LayerKind::Imagery;
    GDALRasterBandH band = GDALGetRasterBand(h, 1);
    if (GDALGetRasterColorTable(band) != nullptr) return LayerKind::Imagery;
    return GDALGetRasterDataType(band) == GDT_Byte ? LayerKind::Imagery : LayerKind::Terrain;
}

Result<Extent2> probeRasterExtentLonLat(const std::string& source)
{
    DatasetPtr ds = openReadOnly(source, GDAL_OF_RASTER);
    if (!ds) return Result<Extent2>::failure("cannot open as a raster", source);
    GDALDatasetH h = ds.get();
    std::array<double, 6> gt{};
    if (GDALGetGeoTransform(h, gt.data()) != CE_None)
        return Result<Extent2>::failure("the raster has no georeferencing (no geotransform)", source);
    const char* wkt = GDALGetProjectionRef(h);
    if (!wkt || !*wkt) return Result<Extent2>::failure("the raster declares no CRS", source);
    auto tr = CrsTransformer::create(wkt, "EPSG:4326");
    if (!tr) return Result<Extent2>::failure("unusable CRS: " + tr.firstError(), source);
    const int w = GDALGetRasterXSize(h), hgt = GDALGetRasterYSize(h);
    Extent2 out;
    constexpr int steps = 8;
    for (int i = 0; i <= steps; ++i)
        for (int j = 0; j <= steps; ++j) {
            if (i != 0 && i != steps && j != 0 && j != steps) continue; // edges only
            const double px = w * double(i) / steps, py = hgt * double(j) / steps;
            double x = gt[0] + px * gt[1] + py * gt[2];
            double y = gt[3] + px * gt[4] + py * gt[5];
            if (tr->transform(x, y)) out.add(x, y);
        }
    if (out.empty()) return Result<Extent2>::failure("the raster extent cannot be transformed to WGS 84", source);
    return Result<Extent2>(out);
}

} // namespace citytwin::gis
