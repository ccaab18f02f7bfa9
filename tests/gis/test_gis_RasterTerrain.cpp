// DEMs become terrain tiles and an ElevationModel in the scene CRS: real
// SRTM (Monaco, Mt Rainier) and AHN3 (Delft) data, compared with the raw
// rasters read through GDAL directly.
#include "TestData.h"
#include "test_gis_Helpers.h"
#include "test_gis_Suites.h"

#include "citytwin/gis/CrsTransformer.h"
#include "citytwin/gis/RasterImport.h"

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <QElapsedTimer>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <thread>
#include <vector>

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

// The analytic DEM: kPosts x kPosts posts, 10 m apart, EPSG:32632, north up.
constexpr int kPosts = 100;
constexpr double kPostSpacing = 10.0;
constexpr double kX0 = 500000.0, kYTop = 5001000.0;

double analyticPost(int c, int r) { return 100.0 + 0.5 * c - 0.25 * r + double((c * 7 + r * 3) % 5); }
double postX(int c) { return kX0 + (c + 0.5) * kPostSpacing; }
double postY(int r) { return kYTop - (r + 0.5) * kPostSpacing; }
double analyticBilinear(double x, double y)
{
    const double fc = (x - kX0) / kPostSpacing - 0.5, fr = (kYTop - y) / kPostSpacing - 0.5;
    const int c = int(std::floor(fc)), r = int(std::floor(fr));
    const double u = fc - c, v = fr - r;
    return (analyticPost(c, r) * (1 - u) + analyticPost(c + 1, r) * u) * (1 - v)
           + (analyticPost(c, r + 1) * (1 - u) + analyticPost(c + 1, r + 1) * u) * v;
}

/// Writes the analytic GeoTIFF (once) and imports it (once per exaggeration).
const gis::TerrainLayer& analytic(double exaggeration)
{
    static std::map<double, gis::TerrainLayer> cache;
    if (auto it = cache.find(exaggeration); it != cache.end()) return it->second;
    const std::string path = QDir(testOutDir(QStringLiteral("gis_source_dem")))
                                 .filePath(QStringLiteral("tilted_plane.tif")).toStdString();
    GDALAllRegister();
    {
        GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
        std::unique_ptr<GDALDataset> ds(gtiff->Create(path.c_str(), kPosts, kPosts, 1, GDT_Float32, nullptr));
        if (!ds) qFatal("cannot write %s", path.c_str());
        double gt[6] = {kX0, kPostSpacing, 0, kYTop, 0, -kPostSpacing};
        ds->SetGeoTransform(gt);
        OGRSpatialReference srs;
        srs.importFromEPSG(32632);
        ds->SetSpatialRef(&srs);
        std::vector<float> h(size_t(kPosts) * kPosts);
        for (int r = 0; r < kPosts; ++r)
            for (int c = 0; c < kPosts; ++c) h[size_t(r) * kPosts + c] = float(analyticPost(c, r));
        if (ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, kPosts, kPosts, h.data(), kPosts, kPosts, GDT_Float32, 0,
                                           0, nullptr) != CE_None)
            qFatal("cannot write the heights");
    }
    gis::LayerSpec spec;
    spec.name = "tilted";
    spec.sources = {path};
    spec.kind = gis::LayerKind::Terrain;
    spec.verticalExaggeration = exaggeration;
    gis::SceneFrame frame;
    frame.crsDefinition = "EPSG:32632";
    frame.crsName = "WGS 84 / UTM zone 32N";
    auto r = gis::importTerrain(spec, frame);
    if (!r) qFatal("import of %s failed: %s", path.c_str(), r.firstError().c_str());
    return cache.emplace(exaggeration, r.takeValue()).first->second;
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
                const auto h = t.elevation->drawnHeightAt(x, y); // the drawn surface is the tiles'
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
        const auto low = t.elevation->lowestDrawnUnder(square); // the drawn grid's samples
        QVERIFY(low.has_value());
        QVERIFY2(std::abs(*low - expected) < 1e-3, qPrintable(QStringLiteral("%1 vs %2").arg(*low).arg(expected)));
        // A footprint inside one cell: the lowest of its corners' heights.
        const double x0 = sampleX(2) + 0.2 * s, y0 = sampleY(2) + 0.2 * s;
        gis::MultiPolygon small;
        small.polygons.push_back({{{{x0, y0}, {x0 + 0.5 * s, y0}, {x0, y0 + 0.5 * s}}}});
        double cornerMin = 1e9;
        for (const auto& p : small.polygons[0].rings[0])
            cornerMin = std::min(cornerMin, *t.elevation->drawnHeightAt(p.x, p.y));
        QVERIFY(std::abs(*t.elevation->lowestDrawnUnder(small) - cornerMin) < 1e-3);
        // Far away: nothing.
        gis::MultiPolygon away;
        const double fx = t.extent.maxX + 10000, fy = t.extent.maxY + 10000;
        away.polygons.push_back({{{{fx, fy}, {fx + 50, fy}, {fx, fy + 50}}}});
        QVERIFY(!t.elevation->lowestUnder(away).has_value());
    }

    // The source-resolution model over an analytic DEM: a tilted plane with a
    // ripple at every post, 10 m posts in the scene CRS itself (no reprojection).
    void sourceModelExactAtPostsBilinearBetween()
    {
        const gis::TerrainLayer& t = analytic(1.0);
        double gridOff = 0;
        for (int r = 3; r < kPosts - 3; r += 7)
            for (int c = 3; c < kPosts - 3; c += 5) {
                const auto h = t.elevation->heightAt(postX(c), postY(r));
                QVERIFY(h.has_value());
                QVERIFY2(std::abs(*h - analyticPost(c, r)) < 1e-4,
                         qPrintable(QStringLiteral("post %1,%2: %3 vs %4").arg(c).arg(r).arg(*h).arg(analyticPost(c, r))));
                for (double f : {0.13, 0.5, 0.77}) {
                    const double x = postX(c) + f * kPostSpacing, y = postY(r) - (1 - f) * kPostSpacing;
                    const auto b = t.elevation->heightAt(x, y);
                    QVERIFY(b.has_value());
                    QVERIFY2(std::abs(*b - analyticBilinear(x, y)) < 1e-4,
                             qPrintable(QStringLiteral("%1 vs %2").arg(*b).arg(analyticBilinear(x, y))));
                    gridOff = std::max(gridOff, std::abs(*t.elevation->drawnHeightAt(x, y) - *b));
                }
            }
        // The drawn surface is the resampled grid (about 9.6 m), not the posts.
        QVERIFY2(gridOff > 0.05, qPrintable(QString::number(gridOff)));
        // Exaggeration multiplies the posts.
        const gis::TerrainLayer& twice = analytic(2.0);
        QVERIFY(std::abs(*twice.elevation->heightAt(postX(40), postY(30)) - 2 * analyticPost(40, 30)) < 1e-4);
        // Off the raster and the grid: nothing.
        QVERIFY(!t.elevation->heightAt(kX0 - 5000, kYTop + 5000).has_value());
    }

    void sourceModelLowestUnderFootprint()
    {
        const gis::TerrainLayer& t = analytic(1.0);
        // A footprint over several cells, corners between posts, plus a hole.
        const double x0 = kX0 + 123.4, y0 = kYTop - 377.1, x1 = kX0 + 168.9, y1 = kYTop - 331.6;
        gis::MultiPolygon fp;
        fp.polygons.push_back({{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}},
                                {{x0 + 15, y0 + 15}, {x0 + 15, y0 + 30}, {x0 + 30, y0 + 30}, {x0 + 30, y0 + 15}}}});
        double expected = std::numeric_limits<double>::max();
        for (const gis::Ring& ring : fp.polygons[0].rings)
            for (size_t i = 0; i < ring.size(); ++i) {
                const gis::DVec2 a = ring[i], b = ring[(i + 1) % ring.size()];
                for (int k = 0; k <= 2000; ++k) {
                    const double f = k / 2000.0;
                    expected = std::min(expected, analyticBilinear(a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f));
                }
            }
        for (int r = 0; r < kPosts; ++r)
            for (int c = 0; c < kPosts; ++c)
                if (insideFootprint(fp, postX(c), postY(r))) expected = std::min(expected, analyticPost(c, r));
        const auto low = t.elevation->lowestUnder(fp);
        QVERIFY(low.has_value());
        QVERIFY2(std::abs(*low - expected) < 1e-3, qPrintable(QStringLiteral("%1 vs %2").arg(*low).arg(expected)));
        // The drawn model has its own (grid) minimum.
        QVERIFY(t.elevation->lowestDrawnUnder(fp).has_value());
    }

    void sourceModelIsThreadSafe()
    {
        const gis::TerrainLayer& t = analytic(1.0);
        auto sampleAll = [&](std::vector<double>& out) {
            for (int i = 0; i < 20000; ++i) {
                const double x = kX0 + 5 + std::fmod(i * 7.31, kPosts * kPostSpacing - 10);
                const double y = kYTop - 5 - std::fmod(i * 3.77, kPosts * kPostSpacing - 10);
                out.push_back(t.elevation->heightAt(x, y).value_or(-1e9));
            }
        };
        std::vector<double> a, b, serial;
        std::thread ta([&] { sampleAll(a); });
        std::thread tb([&] { sampleAll(b); });
        ta.join();
        tb.join();
        sampleAll(serial);
        QCOMPARE(a.size(), serial.size());
        QVERIFY(a == b);
        QVERIFY(a == serial);
        QVERIFY(std::none_of(a.begin(), a.end(), [](double h) { return h < -1e8; }));
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
