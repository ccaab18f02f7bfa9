#pragma once
// A fresh GeoPackage for tests that write their own features.

#include <QFile>
#include <QString>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>

namespace citytwin::test {

/// Replaces `path` with a GeoPackage holding one empty layer "buildings" of
/// `type` in UTM zone 31N; `layer` points at it. Null when GDAL cannot.
inline std::unique_ptr<GDALDataset> newGpkgLayer(const QString& path, OGRwkbGeometryType type, OGRLayer*& layer)
{
    QFile::remove(path);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    std::unique_ptr<GDALDataset> ds(driver->Create(path.toUtf8().constData(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) return nullptr;
    OGRSpatialReference utm;
    utm.importFromEPSG(32631);
    layer = ds->CreateLayer("buildings", &utm, type, nullptr);
    if (!layer) return nullptr;
    return ds;
}

} // namespace citytwin::test
