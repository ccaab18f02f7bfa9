// The sensor import dialog on OGR sources: a GeoPackage written here with
// GDAL in UTM 19N with two layers (a layer combo; the fields of the chosen
// layer; positions reprojected to WGS 84), and the real Boston parks
// Shapefile (one layer: no combo; polygons give their centroids).

#include "test_gui_sensors_Suites.h"

#include "TestData.h"

#include "ui/sensors/SensorImportDialog.h"

#include "citytwin/gis/CrsTransformer.h"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using citytwin::app::SensorImportDialog;
using Field = citytwin::app::SensorImportDialog::Field;
namespace data = citytwin::data;
namespace gis = citytwin::gis;

namespace {

struct Station {
    const char* id;
    const char* kind;
    double lon, lat;
};

const Station kStations[] = {
    {"hall", "noise", -71.0589, 42.3601},
    {"square", "pm25", -71.1097, 42.3736},
    {"harbour", "water_level", -71.0420, 42.3550},
};

/// Writes `path`: layer "stations" (points) and layer "lots" (one 100 m
/// square around the first station), both in EPSG:32619. Empty on success.
QString writeGeoPackage(const QString& path)
{
    GDALAllRegister();
    auto toUtm = gis::CrsTransformer::create("EPSG:4326", "EPSG:32619");
    if (!toUtm.ok()) return QString::fromStdString(toUtm.firstError());
    GDALDriverH driver = GDALGetDriverByName("GPKG");
    if (!driver) return QStringLiteral("no GPKG driver");
    GDALDatasetH ds = GDALCreate(driver, path.toUtf8().constData(), 0, 0, 0, GDT_Unknown, nullptr);
    if (!ds) return QStringLiteral("cannot create the GeoPackage");
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(srs, 32619);
    OGRLayerH stations = GDALDatasetCreateLayer(ds, "stations", srs, wkbPoint, nullptr);
    OGRLayerH lots = GDALDatasetCreateLayer(ds, "lots", srs, wkbPolygon, nullptr);
    for (OGRLayerH layer : {stations, lots}) {
        for (const char* name : {"sid", "kind"}) {
            OGRFieldDefnH field = OGR_Fld_Create(name, OFTString);
            OGR_L_CreateField(layer, field, TRUE);
            OGR_Fld_Destroy(field);
        }
    }
    OGRFieldDefnH label = OGR_Fld_Create("label", OFTString);
    OGR_L_CreateField(lots, label, TRUE);
    OGR_Fld_Destroy(label);
    for (const Station& s : kStations) {
        double x = s.lon, y = s.lat;
        toUtm->transform(x, y);
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(stations));
        OGR_F_SetFieldString(f, 0, s.id);
        OGR_F_SetFieldString(f, 1, s.kind);
        OGRGeometryH point = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(point, 0, x, y);
        OGR_F_SetGeometryDirectly(f, point);
        const OGRErr err = OGR_L_CreateFeature(stations, f);
        OGR_F_Destroy(f);
        if (err != OGRERR_NONE) return QStringLiteral("cannot write a station");
    }
    double x = kStations[0].lon, y = kStations[0].lat;
    toUtm->transform(x, y);
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(lots));
    OGR_F_SetFieldString(f, 0, "lot-1");
    OGR_F_SetFieldString(f, 1, "parking");
    OGR_F_SetFieldString(f, 2, "City Hall lot");
    OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
    for (const auto& [dx, dy] : {std::pair{-50.0, -50.0}, {50.0, -50.0}, {50.0, 50.0}, {-50.0, 50.0}, {-50.0, -50.0}})
        OGR_G_AddPoint_2D(ring, x + dx, y + dy);
    OGRGeometryH polygon = OGR_G_CreateGeometry(wkbPolygon);
    OGR_G_AddGeometryDirectly(polygon, ring);
    OGR_F_SetGeometryDirectly(f, polygon);
    const OGRErr err = OGR_L_CreateFeature(lots, f);
    OGR_F_Destroy(f);
    if (err != OGRERR_NONE) return QStringLiteral("cannot write the lot");
    OSRDestroySpatialReference(srs);
    GDALClose(ds);
    return {};
}

} // namespace

class TestSensorImportOgr : public QObject {
    Q_OBJECT

private slots:
    void geoPackageWithTwoLayersInUtm()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("stations.gpkg"));
        const QString written = writeGeoPackage(path);
        QVERIFY2(written.isEmpty(), qPrintable(written));

        SensorImportDialog dialog({});
        dialog.show();
        QVERIFY(dialog.setPath(path));
        // Two layers: the combo shows them, the first is read.
        QVERIFY(dialog.sourceLayerCombo()->isVisible());
        QCOMPARE(dialog.sourceLayerCombo()->count(), 2);
        QCOMPARE(dialog.sourceLayer(), QStringLiteral("stations"));
        // Columns are the layer's fields; the geometry replaces lat/lon/WKT.
        QVERIFY(dialog.columnCombo(Field::Id)->findData(QStringLiteral("sid")) > 0);
        QCOMPARE(dialog.columnCombo(Field::Id)->findData(QStringLiteral("label")), -1);
        QVERIFY(!dialog.columnCombo(Field::Lat)->isEnabled());
        QVERIFY(!dialog.columnCombo(Field::Wkt)->isEnabled());
        QCOMPARE(dialog.previewTable()->rowCount(), 3);
        QCOMPARE(dialog.previewTable()->item(0, 0)->text(), QStringLiteral("hall"));
        QVERIFY(dialog.importButton()->isEnabled());

        dialog.setColumn(Field::Id, QStringLiteral("sid"));
        dialog.setColumn(Field::Kind, QStringLiteral("kind"));
        dialog.idPrefixEdit()->setText(QStringLiteral("gp-"));
        QTest::mouseClick(dialog.importButton(), Qt::LeftButton);
        const data::ImportedSensors& result = dialog.result();
        QCOMPARE(result.sensors.size(), size_t(3));
        QVERIFY2(dialog.resultText().startsWith(QStringLiteral("3 sensors from 3 rows, 0 skipped")),
                 qPrintable(dialog.resultText()));
        for (size_t i = 0; i < 3; ++i) {
            const data::Sensor& s = result.sensors[i];
            QCOMPARE(s.id, std::string("gp-") + kStations[i].id);
            QVERIFY(s.lonLat);
            QVERIFY2(std::abs(s.lonLat->x - kStations[i].lon) < 1e-6 && std::abs(s.lonLat->y - kStations[i].lat) < 1e-6,
                     qPrintable(QStringLiteral("%1: %2 %3").arg(kStations[i].id).arg(s.lonLat->x, 0, 'f', 8).arg(s.lonLat->y, 0, 'f', 8)));
        }
        QCOMPARE(result.sensors[2].kind, data::SensorKind::WaterLevel);
        QVERIFY(dialog.acceptButton()->isEnabled());

        // The other layer: its own fields (label), a polygon's centroid.
        dialog.sourceLayerCombo()->setCurrentText(QStringLiteral("lots"));
        QCOMPARE(dialog.sourceLayer(), QStringLiteral("lots"));
        QCOMPARE(dialog.sourceLayerCombo()->count(), 2);
        QVERIFY(dialog.columnCombo(Field::Name)->findData(QStringLiteral("label")) > 0);
        QVERIFY(!dialog.acceptButton()->isEnabled()); // the layer changed: import again
        dialog.setColumn(Field::Id, QStringLiteral("sid"));
        dialog.setColumn(Field::Kind, QStringLiteral("kind"));
        dialog.setColumn(Field::Name, QStringLiteral("label"));
        QVERIFY(dialog.runImport());
        QCOMPARE(dialog.result().sensors.size(), size_t(1));
        const data::Sensor& lot = dialog.result().sensors[0];
        QCOMPARE(lot.id, std::string("gp-lot-1"));
        QCOMPARE(lot.name, std::string("City Hall lot"));
        QCOMPARE(lot.kind, data::SensorKind::Parking);
        QVERIFY(std::abs(lot.lonLat->x - kStations[0].lon) < 1e-6 && std::abs(lot.lonLat->y - kStations[0].lat) < 1e-6);
    }

    void realShapefileParks()
    {
        CITYTWIN_SHARED_DATA(path, "boston/boston-parks.shp");
        SensorImportDialog dialog({});
        dialog.show();
        QVERIFY(dialog.setPath(path));
        QVERIFY(!dialog.sourceLayerCombo()->isVisible()); // one layer
        QCOMPARE(dialog.previewTable()->rowCount(), SensorImportDialog::kPreviewRows);
        QVERIFY(dialog.columnCombo(Field::Name)->findData(QStringLiteral("SITE_NAME")) > 0);
        dialog.setColumn(Field::Name, QStringLiteral("SITE_NAME"));
        dialog.fixedKindCombo()->setCurrentText(QStringLiteral("noise"));
        QVERIFY(dialog.runImport());
        const data::ImportedSensors& result = dialog.result();
        QCOMPARE(result.rowsRead, 638);
        QVERIFY(result.sensors.size() > 600);
        for (const data::Sensor& s : result.sensors) {
            QCOMPARE(s.kind, data::SensorKind::Noise);
            QVERIFY(s.lonLat && s.lonLat->x > -71.25 && s.lonLat->x < -70.95 && s.lonLat->y > 42.25 && s.lonLat->y < 42.45);
        }
    }

    void sourceWithoutCrsFailsClearly()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // A GeoPackage layer without a spatial reference.
        GDALAllRegister();
        const QString path = dir.filePath(QStringLiteral("nocrs.gpkg"));
        GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GPKG"), path.toUtf8().constData(), 0, 0, 0, GDT_Unknown, nullptr);
        QVERIFY(ds);
        OGRLayerH layer = GDALDatasetCreateLayer(ds, "points", nullptr, wkbPoint, nullptr);
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        OGRGeometryH point = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(point, 0, 330000, 4690000);
        OGR_F_SetGeometryDirectly(f, point);
        const OGRErr err = OGR_L_CreateFeature(layer, f);
        OGR_F_Destroy(f);
        GDALClose(ds);
        QCOMPARE(err, OGRERR_NONE);

        SensorImportDialog dialog({});
        QVERIFY(dialog.setPath(path));
        QVERIFY(!dialog.runImport());
        QVERIFY2(dialog.resultText().contains(QStringLiteral("has no CRS")), qPrintable(dialog.resultText()));
        QVERIFY(!dialog.acceptButton()->isEnabled());
    }
};

int runSensorImportOgrTests(int argc, char** argv)
{
    TestSensorImportOgr t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_gui_sensors_Ogr.moc"
