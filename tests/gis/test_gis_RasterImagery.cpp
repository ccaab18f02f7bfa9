// Images become RGBA tiles on the scene grid (Boston inset in UTM and in
// WGS 84, paletted and grey fixtures); rasters that cannot be placed are
// refused with a message naming the file.
#include "TestData.h"
#include "test_gis_Helpers.h"
#include "test_gis_Suites.h"

#include "citytwin/gis/CrsTransformer.h"
#include "citytwin/gis/RasterImport.h"

#include <gdal_priv.h>

#include <QElapsedTimer>
#include <QtTest>

#include <array>
#include <cmath>

using namespace citytwin;
using namespace citytwin::test;

namespace {

const gis::SceneFrame kBoston = gis::SceneFrame::utmFor(-71.06, 42.36);

struct Written {
    std::string path;
};

/// Writes a small raster with GDAL into the test-out folder. `wkt` empty = no
/// CRS; `georeferenced` false = no geotransform.
std::string writeRaster(const QString& name, const char* driver, int bands, GDALDataType type, bool georeferenced,
                        const std::string& srs, const std::function<void(GDALDataset&)>& fill = {})
{
    GDALAllRegister();
    const std::string path = (testOutDir("gis/raster") + "/" + name).toStdString();
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    std::unique_ptr<GDALDataset> ds(mem->Create("", 16, 16, bands, type, nullptr));
    for (int b = 1; b <= bands; ++b) ds->GetRasterBand(b)->Fill(40.0 * b);
    if (georeferenced) {
        double gt[6] = {330000, 10, 0, 4692000, 0, -10};
        ds->SetGeoTransform(gt);
    }
    if (!srs.empty()) {
        OGRSpatialReference s;
        s.SetFromUserInput(srs.c_str());
        ds->SetSpatialRef(&s);
    }
    if (fill) fill(*ds);
    GDALDriver* out = GetGDALDriverManager()->GetDriverByName(driver);
    std::unique_ptr<GDALDataset> written(out->CreateCopy(path.c_str(), ds.get(), FALSE, nullptr, nullptr, nullptr));
    return written ? path : std::string();
}

gis::LayerSpec specOf(const std::string& path)
{
    gis::LayerSpec spec;
    spec.name = "raster";
    spec.sources = {path};
    return spec;
}

std::array<double, 3> meanOpaqueColour(const gis::ImageryLayer& layer, int64_t* opaque = nullptr)
{
    std::array<double, 3> sum{};
    int64_t count = 0;
    for (const auto& t : layer.tiles)
        for (size_t i = 0; i < t.rgba.size(); i += 4)
            if (t.rgba[i + 3] == 255) {
                for (int c = 0; c < 3; ++c) sum[c] += t.rgba[i + c];
                ++count;
            }
    if (opaque) *opaque = count;
    for (double& s : sum) s /= std::max<int64_t>(1, count);
    return sum;
}

} // namespace

class TestRasterImagery : public QObject {
    Q_OBJECT
private slots:
    void bostonInsetWarps_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("utm 19n") << QStringLiteral("boston/boston-inset.tif");
        QTest::newRow("wgs 84") << QStringLiteral("boston/boston-inset-wgs84.tif");
    }
    void bostonInsetWarps()
    {
        QFETCH(QString, file);
        const QString path = sharedDataPath(file);
        if (!QFileInfo::exists(path)) {
            if (sharedDataRequired()) QFAIL(qPrintable("shared data missing: " + path));
            QSKIP(qPrintable("shared data missing: " + path));
        }
        QElapsedTimer timer;
        timer.start();
        auto r = gis::importImagery(specOf(path.toStdString()), kBoston);
        QVERIFY2(r.ok(), r.firstError().c_str());
        qInfo("importImagery %s: %d tiles of %dx%d px, %lld ms", qPrintable(file), int(r->tiles.size()),
              r->tiles.front().width, r->tiles.front().height, (long long)timer.elapsed());
        const gis::ImageryLayer& img = *r;
        // ~76 x 68 km at 200 m pixels: a few thousand 500 m tiles.
        QVERIFY(img.tiles.size() > 15000 && img.tiles.size() < 30000);
        QVERIFY(img.extent.width() > 70000 && img.extent.width() < 100000);
        for (const auto& t : img.tiles) {
            QCOMPARE(int(t.rgba.size()), t.width * t.height * 4);
            QVERIFY(t.width >= 2 && t.width <= 512);
            QCOMPARE(t.origin.x, (t.tile.x + 0.5) * kBoston.tileSizeMeters);
        }
        int64_t opaque = 0;
        const auto mean = meanOpaqueColour(img, &opaque);
        QVERIFY(opaque > 100000);
        // The warped mean colour is the source's (a resampling keeps averages),
        // and plausible for a coastal city: bluish grey, not black, not white.
        GDALAllRegister();
        std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.toUtf8().constData(), GDAL_OF_RASTER | GDAL_OF_READONLY));
        QVERIFY(ds);
        const int w = ds->GetRasterXSize(), h = ds->GetRasterYSize();
        std::vector<uint8_t> band(size_t(w) * h);
        qInfo("mean colour %.1f %.1f %.1f", mean[0], mean[1], mean[2]);
        for (int b = 0; b < 3; ++b) {
            QCOMPARE(ds->GetRasterBand(b + 1)->RasterIO(GF_Read, 0, 0, w, h, band.data(), w, h, GDT_Byte, 0, 0, nullptr),
                     CE_None);
            double raw = 0;
            for (uint8_t v : band) raw += v;
            raw /= double(band.size());
            QVERIFY2(std::abs(mean[b] - raw) < 4, qPrintable(QStringLiteral("band %1: %2 vs raw %3").arg(b + 1).arg(mean[b]).arg(raw)));
            QVERIFY(mean[b] > 40 && mean[b] < 160);
        }
        QVERIFY(mean[2] > mean[0]);
    }

    void imageRowZeroIsNorth()
    {
        // Scene CRS = the image's CRS: a tile sample must match the source
        // pixel at the same point (bilinear), which fails if rows are flipped.
        CITYTWIN_SHARED_DATA(path, "boston/boston-inset.tif");
        auto r = gis::importImagery(specOf(path.toStdString()), kBoston);
        QVERIFY(r.ok());
        GDALAllRegister();
        std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.toUtf8().constData(), GDAL_OF_RASTER | GDAL_OF_READONLY));
        double gt[6];
        ds->GetGeoTransform(gt);
        int checked = 0, strongNorthSouthContrast = 0;
        for (size_t i = 0; i < r->tiles.size(); i += 97) {
            const gis::ImageTile& t = r->tiles[i];
            const int n = t.width;
            const double s = kBoston.tileSizeMeters / (n - 1);
            for (int row : {0, n - 1}) {
                const int col = n / 2;
                const double x = t.origin.x - kBoston.tileSizeMeters / 2 + col * s;
                const double y = t.origin.y + kBoston.tileSizeMeters / 2 - row * s; // row 0 = north
                const double px = (x - gt[0]) / gt[1] - 0.5, py = (y - gt[3]) / gt[5] - 0.5;
                const int c = int(std::floor(px)), rr = int(std::floor(py));
                if (c < 1 || rr < 1 || c + 2 >= ds->GetRasterXSize() || rr + 2 >= ds->GetRasterYSize()) continue;
                if (t.rgba[(row * n + col) * 4 + 3] != 255) continue;
                uint8_t v[4];
                QCOMPARE(ds->GetRasterBand(1)->RasterIO(GF_Read, c, rr, 2, 2, v, 2, 2, GDT_Byte, 0, 0, nullptr), CE_None);
                const double u = px - c, w = py - rr;
                const double raw = (v[0] * (1 - u) + v[1] * u) * (1 - w) + (v[2] * (1 - u) + v[3] * u) * w;
                QVERIFY2(std::abs(raw - t.rgba[(row * n + col) * 4]) <= 6,
                         qPrintable(QStringLiteral("red %1 vs raw %2").arg(t.rgba[(row * n + col) * 4]).arg(raw)));
                ++checked;
            }
            const int top = t.rgba[(n / 2) * 4], bottom = t.rgba[((n - 1) * n + n / 2) * 4];
            if (std::abs(top - bottom) > 20) ++strongNorthSouthContrast;
        }
        QVERIFY(checked > 50);
        QVERIFY(strongNorthSouthContrast > 0); // the check above could tell north from south
    }

    void palettedAndGreyBecomeRgba_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("paletted") << QStringLiteral("paletted");
        QTest::newRow("grey") << QStringLiteral("grey");
    }
    void palettedAndGreyBecomeRgba()
    {
        QFETCH(QString, kind);
        const bool paletted = kind == "paletted";
        const std::string path = writeRaster(kind + ".tif", "GTiff", 1, GDT_Byte, true, "EPSG:32619",
                                             [&](GDALDataset& ds) {
            GDALRasterBand* b = ds.GetRasterBand(1);
            std::vector<uint8_t> px(16 * 16);
            for (int i = 0; i < 256; ++i) px[i] = (i % 16) < 8 ? 1 : 2; // west half 1, east half 2
            if (b->RasterIO(GF_Write, 0, 0, 16, 16, px.data(), 16, 16, GDT_Byte, 0, 0, nullptr) != CE_None)
                qFatal("cannot write the fixture");
            if (paletted) {
                GDALColorTable table;
                const GDALColorEntry red{220, 30, 30, 255}, blue{30, 30, 220, 255};
                table.SetColorEntry(1, &red);
                table.SetColorEntry(2, &blue);
                b->SetColorTable(&table);
            }
        });
        QVERIFY(!path.empty());
        auto r = gis::importImagery(specOf(path), kBoston);
        QVERIFY2(r.ok(), r.firstError().c_str());
        bool sawWest = false, sawEast = false;
        for (const auto& t : r->tiles)
            for (size_t i = 0; i < t.rgba.size(); i += 4) {
                if (t.rgba[i + 3] != 255) continue;
                const int red = t.rgba[i], green = t.rgba[i + 1], blue = t.rgba[i + 2];
                if (paletted) {
                    // Palette colours blend, palette indices do not: red + blue
                    // never makes green.
                    QVERIFY(green <= 31);
                    sawWest = sawWest || red > 200;
                    sawEast = sawEast || blue > 200;
                } else {
                    QVERIFY(red == green && green == blue);
                    sawWest = sawWest || red == 1;
                    sawEast = sawEast || red == 2;
                }
            }
        QVERIFY(sawWest && sawEast);
    }

    void badRastersAreRefused_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("message");
        QTest::newRow("no georeference (png)") << QStringLiteral("nogeoref.png") << QStringLiteral("no georeferencing");
        QTest::newRow("no georeference (tif)") << QStringLiteral("nogeoref.tif") << QStringLiteral("no georeferencing");
        QTest::newRow("no crs") << QStringLiteral("nocrs.tif") << QStringLiteral("no coordinate reference system");
        QTest::newRow("mars crs") << QStringLiteral("mars.tif") << QStringLiteral("PROJ cannot transform the raster's CRS 'Mars");
        QTest::newRow("engineering crs") << QStringLiteral("engineering.tif")
                                         << QStringLiteral("PROJ cannot transform the raster's CRS 'site grid'");
        QTest::newRow("missing file") << QStringLiteral("missing.tif") << QStringLiteral("cannot open");
        QTest::newRow("not a raster") << QStringLiteral("text.tif") << QStringLiteral("cannot open");
        QTest::newRow("all nodata") << QStringLiteral("allnodata.tif") << QStringLiteral("no valid heights");
    }
    void badRastersAreRefused()
    {
        QFETCH(QString, fixture);
        QFETCH(QString, message);
        std::string path;
        if (fixture == "nogeoref.png") path = writeRaster(fixture, "PNG", 1, GDT_Byte, false, {});
        else if (fixture == "nogeoref.tif") path = writeRaster(fixture, "GTiff", 1, GDT_Int16, false, {});
        else if (fixture == "nocrs.tif") path = writeRaster(fixture, "GTiff", 1, GDT_Int16, true, {});
        else if (fixture == "mars.tif") path = writeRaster(fixture, "GTiff", 1, GDT_Int16, true, "IAU_2015:49900");
        else if (fixture == "engineering.tif")
            path = writeRaster(fixture, "GTiff", 1, GDT_Int16, true,
                               R"(LOCAL_CS["site grid",UNIT["metre",1],AXIS["Easting",EAST],AXIS["Northing",NORTH]])");
        else if (fixture == "allnodata.tif")
            path = writeRaster(fixture, "GTiff", 1, GDT_Int16, true, "EPSG:32619", [](GDALDataset& ds) {
                ds.GetRasterBand(1)->SetNoDataValue(-32768);
                ds.GetRasterBand(1)->Fill(-32768);
            });
        else if (fixture == "text.tif") {
            path = (testOutDir("gis/raster") + "/text.tif").toStdString();
            QFile f(QString::fromStdString(path));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("this is not a GeoTIFF\n");
        } else path = (testOutDir("gis/raster") + "/missing.tif").toStdString();
        QVERIFY(!path.empty());
        const QByteArray before = QFileInfo::exists(QString::fromStdString(path))
            ? [&] { QFile f(QString::fromStdString(path)); f.open(QIODevice::ReadOnly); return f.readAll(); }()
            : QByteArray();

        for (bool terrain : {true, false}) {
            if (!terrain && fixture == "allnodata.tif") continue;
            const auto diags = terrain ? gis::importTerrain(specOf(path), kBoston).diagnostics()
                                       : gis::importImagery(specOf(path), kBoston).diagnostics();
            const bool failed = terrain ? !gis::importTerrain(specOf(path), kBoston).ok()
                                        : !gis::importImagery(specOf(path), kBoston).ok();
            QVERIFY(failed);
            QVERIFY2(anyDiagnostic(diags, path, message.toStdString()), qPrintable(diagnosticsText(diags)));
            // The message names the file when printed.
            QVERIFY(gis::formatDiagnostic(diags.front()).find(path) != std::string::npos);
        }
        // Opened read-only: nothing written next to it, the file unchanged.
        QVERIFY(!QFileInfo::exists(QString::fromStdString(path) + ".aux.xml"));
        if (!before.isEmpty()) {
            QFile f(QString::fromStdString(path));
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.readAll(), before);
        }
    }

    void crsOverridePlacesAnUnreferencedCrs()
    {
        // The same file as "no crs" opens once the user names its CRS.
        const std::string path = writeRaster("override.tif", "GTiff", 1, GDT_Int16, true, {});
        gis::LayerSpec spec = specOf(path);
        spec.crsOverride = "EPSG:32619";
        auto r = gis::importTerrain(spec, kBoston);
        QVERIFY2(r.ok(), r.firstError().c_str());
        QVERIFY(std::abs(r->maxHeightMeters - 40) < 1e-3);
        spec.crsOverride = "EPSG:999999";
        QVERIFY(!gis::importTerrain(spec, kBoston).ok());
    }

    void rasterOrVector_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<bool>("raster");
        QTest::newRow("geotiff dem") << sharedDataPath("rasters/mt_rainier_90m.tif") << true;
        QTest::newRow("hgt in zip") << QStringLiteral("/vsizip/") + sharedDataPath("monaco/N43E007.hgt.zip") + "/N43E007.hgt" << true;
        QTest::newRow("imagery") << sharedDataPath("boston/boston-inset.tif") << true;
        QTest::newRow("geopackage of buildings") << sharedDataPath("boston/boston_buildings_wgs84.gpkg") << false;
        QTest::newRow("shapefile") << sharedDataPath("boston/boston-parks.shp") << false;
        QTest::newRow("missing") << QStringLiteral("/nonexistent/file.tif") << false;
    }
    void rasterOrVector()
    {
        QFETCH(QString, source);
        QFETCH(bool, raster);
        if (!source.startsWith("/nonexistent") && !source.startsWith("/vsizip/") && !QFileInfo::exists(source))
            QSKIP("shared data missing");
        QCOMPARE(gis::isRasterSource(source.toStdString()), raster);
    }
};

int runRasterImageryTest(int argc, char** argv)
{
    TestRasterImagery t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_gis_RasterImagery.moc"
