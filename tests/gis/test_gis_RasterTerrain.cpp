// DEMs become terrain tiles and an ElevationModel in the scene CRS: real
// SRTM (Monaco, Mt Rainier) and AHN3 (Delft) data, compared with the raw
// rasters read through GDAL directly.
#include "TestData.h"
#include "test_gis_Helpers.h"
#include "test_gis_Suites.h"

#include "citytwin/gis/CrsTransformer.h"
#include "citytwin/gis/RasterImport.h"

#include <gdal_priv.h>

#include <QElapsedTimer>
#include <QtTest>

#include <cmath>
#include <map>

using namespace citytwin;
using namespace citytwin::test;

namespace {

const char* kMonaco = "/vsizip/" CITYTWIN_SHARED_DATA_DIR "/monaco/N43E007.hgt.zip/N43E007.hgt";

struct Dem {
    QString relative;      // under the shared data folder (presence check)
    std::string source;    // what the importer opens
    gis::SceneFrame frame;
};

Dem demNamed(const QString& name)
{
    if (name == "monaco")
        return {"monaco/N43E007.hgt.zip", kMonaco, gis::SceneFrame::utmFor(7.5, 43.5)};
    if (name == "rainier")
        return {"rasters/mt_rainier_90m.tif", sharedDataPath("rasters/mt_rainier_90m.tif").toStdString(),
                gis::SceneFrame::utmFor(-121.5, 46.5)};
    return {"delft/ahn3_dtm_0p5m.tif", sharedDataPath("delft/ahn3_dtm_0p5m.tif").toStdString(),
            gis::SceneFrame::utmFor(4.36, 52.0)};
}

/// Imports once per (dem, exaggeration) for the whole test run.
const gis::TerrainLayer& imported(const QString& name, double exaggeration = 1.0)
{
    static std::map<std::pair<QString, double>, gis::TerrainLayer> cache;
    auto key = std::make_pair(name, exaggeration);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
    const Dem dem = demNamed(name);
    gis::LayerSpec spec;
    spec.name = name.toStdString();
    spec.sources = {dem.source};
    spec.kind = gis::LayerKind::Terrain;
    spec.verticalExaggeration = exaggeration;
    QElapsedTimer timer;
    timer.start();
    auto r = gis::importTerrain(spec, dem.frame);
    if (!r) qFatal("import of %s failed: %s", dem.source.c_str(), r.firstError().c_str());
    qInfo("terrain %s x%.1f: %d tiles of %dx%d, spacing %.2f m, heights %.1f..%.1f m, %lld ms",
          qPrintable(name), exaggeration, int(r->tiles.size()), r->tiles.front().cols, r->tiles.front().rows,
          r->tiles.front().spacingMeters, r->minHeightMeters, r->maxHeightMeters, (long long)timer.elapsed());
    return cache.emplace(key, r.takeValue()).first->second;
}

/// The raw DEM, bilinear between pixel centres, at a lon/lat; NaN on NoData.
double rawHeightAt(const std::string& path, double lon, double lat)
{
    GDALAllRegister();
    std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!ds) return std::nan("");
    const OGRSpatialReference* srs = ds->GetSpatialRef();
    char* wkt = nullptr;
    srs->exportToWkt(&wkt);
    auto tr = gis::CrsTransformer::create("EPSG:4326", wkt);
    CPLFree(wkt);
    double x = lon, y = lat;
    if (!tr || !tr->transform(x, y)) return std::nan("");
    double gt[6];
    ds->GetGeoTransform(gt);
    const double px = (x - gt[0]) / gt[1] - 0.5, py = (y - gt[3]) / gt[5] - 0.5;
    const int c = int(std::floor(px)), r = int(std::floor(py));
    float v[4];
    if (ds->GetRasterBand(1)->RasterIO(GF_Read, c, r, 2, 2, v, 2, 2, GDT_Float32, 0, 0, nullptr) != CE_None)
        return std::nan("");
    int hasNoData = 0;
    const double nd = ds->GetRasterBand(1)->GetNoDataValue(&hasNoData);
    for (float f : v)
        if (hasNoData && f == float(nd)) return std::nan("");
    const double u = px - c, w = py - r;
    return (v[0] * (1 - u) + v[1] * u) * (1 - w) + (v[2] * (1 - u) + v[3] * u) * w;
}

gis::DVec2 toScene(const gis::SceneFrame& frame, double lon, double lat)
{
    auto tr = gis::CrsTransformer::create("EPSG:4326", frame.crsDefinition);
    double x = lon, y = lat;
    tr->transform(x, y);
    return {x, y};
}

const gis::TerrainTile* findTile(const gis::TerrainLayer& layer, int x, int y)
{
    for (const auto& t : layer.tiles)
        if (t.tile.x == x && t.tile.y == y) return &t;
    return nullptr;
}

void addDemRows()
{
    QTest::addColumn<QString>("dem");
    QTest::newRow("monaco srtm") << QStringLiteral("monaco");
    QTest::newRow("mt rainier srtm") << QStringLiteral("rainier");
    QTest::newRow("delft ahn3 dtm") << QStringLiteral("delft");
}

#define REQUIRE_DEM(name)                                                                      \
    do {                                                                                         \
        const QString demFile_ = sharedDataPath(demNamed(name).relative);                        \
        if (!QFileInfo::exists(demFile_)) {                                                      \
            if (sharedDataRequired()) QFAIL(qPrintable(QStringLiteral("shared data missing: ") + demFile_)); \
            QSKIP(qPrintable(QStringLiteral("shared data missing: ") + demFile_));               \
        }                                                                                        \
    } while (false)

} // namespace

class TestRasterTerrain : public QObject {
    Q_OBJECT
private slots:
    void heightRange_data()
    {
        QTest::addColumn<QString>("dem");
        QTest::addColumn<double>("minMeters");
        QTest::addColumn<double>("maxMeters");
        QTest::addColumn<double>("tolerance");
        // Raw ranges (gdalinfo -stats): Monaco -11..2064, Rainier 263..4371,
        // Delft -0.61..2.28. Resampling smooths peaks a little.
        QTest::newRow("monaco") << QStringLiteral("monaco") << -11.0 << 2064.0 << 60.0;
        QTest::newRow("rainier") << QStringLiteral("rainier") << 263.0 << 4371.0 << 60.0;
        QTest::newRow("delft") << QStringLiteral("delft") << -0.61 << 2.28 << 0.6;
    }
    void heightRange()
    {
        QFETCH(QString, dem);
        QFETCH(double, minMeters);
        QFETCH(double, maxMeters);
        QFETCH(double, tolerance);
        REQUIRE_DEM(dem);
        const gis::TerrainLayer& t = imported(dem);
        QVERIFY(!t.tiles.empty());
        QVERIFY2(std::abs(t.maxHeightMeters - maxMeters) <= tolerance,
                 qPrintable(QStringLiteral("max %1, expected %2").arg(t.maxHeightMeters).arg(maxMeters)));
        QVERIFY2(std::abs(t.minHeightMeters - minMeters) <= tolerance,
                 qPrintable(QStringLiteral("min %1, expected %2").arg(t.minHeightMeters).arg(minMeters)));
        QCOMPARE(QString::fromStdString(t.frame.crsDefinition), QString::fromStdString(demNamed(dem).frame.crsDefinition));
        QVERIFY(t.elevation);
        QVERIFY(!t.elevation->extent().empty());
    }

    void tilesFormAGrid_data() { addDemRows(); }
    void tilesFormAGrid()
    {
        QFETCH(QString, dem);
        REQUIRE_DEM(dem);
        const gis::TerrainLayer& t = imported(dem);
        const double size = t.frame.tileSizeMeters;
        int sharedEdges = 0;
        for (const gis::TerrainTile& tile : t.tiles) {
            QCOMPARE(int(tile.heights.size()), tile.cols * tile.rows);
            QVERIFY(tile.cols >= 5 && tile.cols <= 129);
            QCOMPARE(tile.spacingMeters * (tile.cols - 1), size);
            QCOMPARE(tile.origin.x, (tile.tile.x + 0.5) * size);
            QCOMPARE(tile.origin.y, (tile.tile.y + 0.5) * size);
            for (float h : tile.heights) QVERIFY(std::isfinite(h));
            // Neighbours share their edge samples exactly: no cracks.
            const int n = tile.cols;
            if (const gis::TerrainTile* east = findTile(t, tile.tile.x + 1, tile.tile.y)) {
                for (int r = 0; r < n; ++r)
                    QCOMPARE(tile.heights[r * n + n - 1], east->heights[r * n]);
                ++sharedEdges;
            }
            if (const gis::TerrainTile* north = findTile(t, tile.tile.x, tile.tile.y + 1)) {
                for (int c = 0; c < n; ++c)
                    QCOMPARE(tile.heights[(n - 1) * n + c], north->heights[c]);
                ++sharedEdges;
            }
        }
        QVERIFY(sharedEdges > 0 || t.tiles.size() == 1); // Delft's DTM fits one tile
    }

    void heightAtMatchesRawDem_data()
    {
        QTest::addColumn<QString>("dem");
        QTest::addColumn<double>("lon");
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("tolerance");
        QTest::newRow("monaco port hercule") << QStringLiteral("monaco") << 7.4225 << 43.7350 << 5.0;
        QTest::newRow("nice airport") << QStringLiteral("monaco") << 7.2150 << 43.6600 << 5.0;
        QTest::newRow("monaco hinterland") << QStringLiteral("monaco") << 7.6000 << 43.9000 << 25.0;
        QTest::newRow("rainier paradise") << QStringLiteral("rainier") << -121.7355 << 46.7865 << 15.0;
        QTest::newRow("delft centre") << QStringLiteral("delft") << 4.366702 << 52.011678 << 0.5;
    }
    void heightAtMatchesRawDem()
    {
        QFETCH(QString, dem);
        QFETCH(double, lon);
        QFETCH(double, lat);
        QFETCH(double, tolerance);
        REQUIRE_DEM(dem);
        const gis::TerrainLayer& t = imported(dem);
        const double raw = rawHeightAt(demNamed(dem).source, lon, lat);
        QVERIFY2(std::isfinite(raw), "raw DEM has a value there");
        const gis::DVec2 p = toScene(t.frame, lon, lat);
        const auto h = t.elevation->heightAt(p.x, p.y);
        QVERIFY(h.has_value());
        QVERIFY2(std::abs(*h - raw) <= tolerance,
                 qPrintable(QStringLiteral("heightAt %1 m, raw DEM %2 m").arg(*h).arg(raw)));
        // Off the model: nothing.
        QVERIFY(!t.elevation->heightAt(t.extent.maxX + 5000, t.extent.maxY + 5000).has_value());
    }

    void heightAtAgreesWithTiles_data() { addDemRows(); }
    void heightAtAgreesWithTiles()
    {
        QFETCH(QString, dem);
        REQUIRE_DEM(dem);
        const gis::TerrainLayer& t = imported(dem);
        const gis::TerrainTile& tile = t.tiles[t.tiles.size() / 2];
        const int n = tile.cols;
        const double half = t.frame.tileSizeMeters / 2;
        for (int r = 0; r < n; r += std::max(1, n / 5))
            for (int c = 0; c < n; c += std::max(1, n / 5)) {
                const double x = tile.origin.x - half + c * tile.spacingMeters;
                const double y = tile.origin.y - half + r * tile.spacingMeters;
                const auto h = t.elevation->heightAt(x, y);
                QVERIFY(h.has_value());
                QVERIFY(std::abs(*h - tile.heights[r * n + c]) < 1e-3);
            }
    }

    void voidsAndNoDataAreFilled()
    {
        // Monaco's SRTM3 tile has 0.11 % voids (-32768), and the scene grid
        // reaches past the raster's rotated footprint: all must be filled.
        REQUIRE_DEM(QStringLiteral("monaco"));
        const gis::TerrainLayer& t = imported(QStringLiteral("monaco"));
        for (const auto& tile : t.tiles)
            for (float h : tile.heights) QVERIFY2(h > -100 && h < 2100, qPrintable(QString::number(h)));
    }

    void delftDtmIsFilled()
    {
        // The 0.5 m DTM covers 264 x 228 m; its tiles are 500 m: the rest of
        // each tile is NoData after warping and is filled from the data.
        REQUIRE_DEM(QStringLiteral("delft"));
        const gis::TerrainLayer& t = imported(QStringLiteral("delft"));
        QVERIFY(!t.tiles.empty() && t.tiles.size() <= 4);
        QCOMPARE(t.tiles.front().cols, 129); // 0.5 m source: finest allowed grid
        for (const auto& tile : t.tiles)
            for (float h : tile.heights) QVERIFY2(h > -1.5f && h < 3.0f, qPrintable(QString::number(h)));
    }

    void verticalExaggerationMultiplies_data()
    {
        QTest::addColumn<QString>("dem");
        QTest::addColumn<double>("factor");
        QTest::newRow("delft x2") << QStringLiteral("delft") << 2.0;
        QTest::newRow("rainier x2") << QStringLiteral("rainier") << 2.0;
        QTest::newRow("delft x0.5") << QStringLiteral("delft") << 0.5;
    }
    void verticalExaggerationMultiplies()
    {
        QFETCH(QString, dem);
        QFETCH(double, factor);
        REQUIRE_DEM(dem);
        const gis::TerrainLayer& one = imported(dem);
        const gis::TerrainLayer& more = imported(dem, factor);
        QCOMPARE(more.tiles.size(), one.tiles.size());
        QVERIFY(std::abs(more.maxHeightMeters - factor * one.maxHeightMeters) < 1e-2);
        for (size_t i = 0; i < one.tiles.size(); i += std::max<size_t>(1, one.tiles.size() / 50))
            for (size_t k = 0; k < one.tiles[i].heights.size(); ++k)
                QCOMPARE(more.tiles[i].heights[k], float(factor) * one.tiles[i].heights[k]);
        const gis::DVec2 c = one.extent.centre();
        QVERIFY(std::abs(*more.elevation->heightAt(c.x, c.y) - factor * *one.elevation->heightAt(c.x, c.y)) < 1e-2);
    }

    void lowestUnderIsMinOfSamples_data() { addDemRows(); }
    void lowestUnderIsMinOfSamples()
    {
        QFETCH(QString, dem);
        REQUIRE_DEM(dem);
        const gis::TerrainLayer& t = imported(dem);
        const gis::TerrainTile& tile = t.tiles[t.tiles.size() / 2];
        const int n = tile.cols;
        const double s = tile.spacingMeters, half = t.frame.tileSizeMeters / 2;
        auto sampleX = [&](int c) { return tile.origin.x - half + c * s; };
        auto sampleY = [&](int r) { return tile.origin.y - half + r * s; };
        // A footprint with corners on samples (1,1)..(4,3): the lowest of those 12 samples.
        gis::MultiPolygon square;
        square.polygons.push_back({{{{sampleX(1), sampleY(1)}, {sampleX(4), sampleY(1)}, {sampleX(4), sampleY(3)},
                                     {sampleX(1), sampleY(3)}}}});
        float expected = std::numeric_limits<float>::max();
        for (int r = 1; r <= 3; ++r)
            for (int c = 1; c <= 4; ++c) expected = std::min(expected, tile.heights[r * n + c]);
        const auto low = t.elevation->lowestUnder(square);
        QVERIFY(low.has_value());
        QVERIFY2(std::abs(*low - expected) < 1e-3, qPrintable(QStringLiteral("%1 vs %2").arg(*low).arg(expected)));
        // A footprint inside one cell: the lowest of its corners' heights.
        const double x0 = sampleX(2) + 0.2 * s, y0 = sampleY(2) + 0.2 * s;
        gis::MultiPolygon small;
        small.polygons.push_back({{{{x0, y0}, {x0 + 0.5 * s, y0}, {x0, y0 + 0.5 * s}}}});
        double cornerMin = 1e9;
        for (const auto& p : small.polygons[0].rings[0]) cornerMin = std::min(cornerMin, *t.elevation->heightAt(p.x, p.y));
        QVERIFY(std::abs(*t.elevation->lowestUnder(small) - cornerMin) < 1e-3);
        // Far away: nothing.
        gis::MultiPolygon away;
        const double fx = t.extent.maxX + 10000, fy = t.extent.maxY + 10000;
        away.polygons.push_back({{{{fx, fy}, {fx + 50, fy}, {fx, fy + 50}}}});
        QVERIFY(!t.elevation->lowestUnder(away).has_value());
    }

    void importTimings()
    {
        // Printed for the record; each import must stay interactive.
        for (const QString& name : {QStringLiteral("monaco"), QStringLiteral("delft")}) {
            const Dem dem = demNamed(name);
            if (!QFileInfo::exists(sharedDataPath(dem.relative))) continue;
            gis::LayerSpec spec;
            spec.sources = {dem.source};
            QElapsedTimer timer;
            timer.start();
            double lastProgress = -1;
            bool monotonic = true;
            auto r = gis::importTerrain(spec, dem.frame, [&](double f) {
                monotonic = monotonic && f >= lastProgress;
                lastProgress = f;
            });
            QVERIFY(r.ok());
            QVERIFY(monotonic);
            QCOMPARE(lastProgress, 1.0);
            qInfo("importTerrain %s: %lld ms", qPrintable(name), (long long)timer.elapsed());
            QVERIFY(timer.elapsed() < 60000);
        }
    }

    void cancelStopsTheImport()
    {
        REQUIRE_DEM(QStringLiteral("monaco"));
        gis::CancelToken cancel;
        cancel.cancel();
        gis::LayerSpec spec;
        spec.sources = {kMonaco};
        auto r = gis::importTerrain(spec, demNamed("monaco").frame, {}, &cancel);
        QVERIFY(!r.ok());
    }
};

int runRasterTerrainTest(int argc, char** argv)
{
    TestRasterTerrain t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_gis_RasterTerrain.moc"
