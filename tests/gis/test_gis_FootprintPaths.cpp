#include "test_gis_Suites.h"

#include "TestData.h"
#include "citytwin/gis/CrsTransformer.h"
#include "citytwin/gis/SceneFrame.h"
#include "vector/FootprintCleaner.h"

#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogrsf_frmts.h>

#include <QtTest>

#include <cmath>
#include <memory>
#include <random>

using namespace citytwin::gis;
using namespace citytwin::test;

// The fast path of cleanFootprint (own exact validity test, batched PROJ)
// against the reference path (GEOS IsValid/MakeValid, one PROJ call per
// point): identical footprints, warnings, repairs and skip reasons.
namespace {

struct DatasetCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

struct GeometryDeleter {
    void operator()(OGRGeometry* g) const { OGRGeometryFactory::destroyGeometry(g); }
};
using GeometryPtr = std::unique_ptr<OGRGeometry, GeometryDeleter>;

QString describe(const CleanedFootprint& c)
{
    QString s = QStringLiteral("repaired=%1 skip='%2' warnings=%3 ")
                    .arg(c.repaired)
                    .arg(QString::fromStdString(c.skipReason))
                    .arg(c.warnings.size());
    if (!c.footprint) return s + QStringLiteral("no footprint");
    for (const Polygon& p : c.footprint->polygons) {
        s += QStringLiteral("[");
        for (const Ring& r : p.rings) {
            s += QStringLiteral("(");
            for (const DVec2& v : r) s += QStringLiteral("%1 %2,").arg(v.x, 0, 'g', 17).arg(v.y, 0, 'g', 17);
            s += QStringLiteral(")");
        }
        s += QStringLiteral("]");
    }
    return s;
}

bool same(const CleanedFootprint& a, const CleanedFootprint& b)
{
    return a.footprint == b.footprint && a.skipReason == b.skipReason && a.warnings == b.warnings
        && a.repaired == b.repaired;
}

GeometryPtr fromWkt(const char* wkt)
{
    OGRGeometry* g = nullptr;
    OGRGeometryFactory::createFromWkt(wkt, nullptr, &g);
    return GeometryPtr(g);
}

struct PathTally {
    int64_t features = 0;
    int64_t fast = 0; // single polygons the fast path accepts
    int64_t mismatches = 0;
    QString firstMismatch;
};

void compareLayer(OGRLayer* layer, const CrsTransformer& tr, bool geographic, PathTally& tally)
{
    layer->ResetReading();
    while (OGRFeature* raw = layer->GetNextFeature()) {
        std::unique_ptr<OGRFeature> feature(raw);
        const OGRGeometry* g = feature->GetGeometryRef();
        if (!g) continue;
        const OGRwkbGeometryType type = wkbFlatten(g->getGeometryType());
        if (type == wkbPoint || type == wkbLineString || type == wkbMultiLineString || type == wkbMultiPoint)
            continue;
        ++tally.features;
        const CleanedFootprint fast = cleanFootprint(g, tr, geographic, CleanPath::Fast);
        const CleanedFootprint reference = cleanFootprint(g, tr, geographic, CleanPath::Reference);
        if (!same(fast, reference)) {
            if (tally.mismatches++ == 0)
                tally.firstMismatch = QStringLiteral("fid %1\n fast: %2\n reference: %3")
                                          .arg(feature->GetFID())
                                          .arg(describe(fast), describe(reference));
        }
        if (reference.footprint && reference.footprint->polygons.size() == 1
            && footprintCertainlyValid(reference.footprint->polygons[0]))
            ++tally.fast;
    }
}

void compareDataset(const QString& path, const SceneFrame& frame, PathTally& tally)
{
    DatasetPtr ds(static_cast<GDALDataset*>(
        GDALOpenEx(path.toUtf8().constData(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    QVERIFY2(ds, qPrintable(path));
    for (int l = 0; l < ds->GetLayerCount(); ++l) {
        OGRLayer* layer = ds->GetLayer(l);
        const OGRSpatialReference* srs = layer->GetSpatialRef();
        if (!srs) continue;
        char* wkt = nullptr;
        const char* options[] = {"FORMAT=WKT2_2019", nullptr};
        QVERIFY(srs->exportToWkt(&wkt, options) == OGRERR_NONE && wkt);
        const std::string definition = wkt;
        CPLFree(wkt);
        auto tr = CrsTransformer::create(definition, frame.crsDefinition);
        QVERIFY2(tr.ok(), tr.firstError().c_str());
        compareLayer(layer, *tr, srs->IsGeographic(), tally);
    }
}

} // namespace

class FootprintPathsTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        GDALAllRegister();
        CPLPushErrorHandler(CPLQuietErrorHandler); // unclosed rings, self-intersections: expected here
    }
    void cleanupTestCase() { CPLPopErrorHandler(); }

    // Batched PROJ calls give every point exactly what one call per point gives.
    void transformManyMatchesTransform_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<double>("x0");
        QTest::addColumn<double>("y0");
        QTest::addColumn<double>("step");
        QTest::newRow("WGS 84 -> UTM 19N") << "EPSG:4326" << "EPSG:32619" << -71.2 << 42.2 << 0.01;
        QTest::newRow("RD New -> UTM 31N") << "EPSG:28992" << "EPSG:32631" << 84000.0 << 446000.0 << 25.0;
        QTest::newRow("UTM 19N -> itself") << "EPSG:32619" << "EPSG:32619" << 330000.0 << 4690000.0 << 7.5;
        QTest::newRow("NAD83 MA -> UTM 19N") << "EPSG:26986" << "EPSG:32619" << 230000.0 << 900000.0 << 40.0;
        QTest::newRow("WGS 84 -> UTM, failing points") << "EPSG:4326" << "EPSG:32619" << -71.0 << 89.0 << 0.5;
    }
    void transformManyMatchesTransform()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(double, x0);
        QFETCH(double, y0);
        QFETCH(double, step);
        auto tr = CrsTransformer::create(from.toStdString(), to.toStdString());
        QVERIFY2(tr.ok(), tr.firstError().c_str());
        int failures = 0;
        for (int n : {1, 2, 5, 17, 64}) {
            std::vector<DVec2> points;
            for (int i = 0; i < n; ++i) points.push_back({x0 + step * i, y0 + step * 0.37 * i});
            std::vector<DVec2> one = points;
            bool allOk = true;
            for (DVec2& p : one) allOk = tr->transform(p.x, p.y) && allOk;
            const bool batchOk = tr->transformMany(&points[0].x, &points[0].y, points.size(), sizeof(DVec2));
            QCOMPARE(batchOk, allOk);
            if (!allOk) { ++failures; continue; }
            for (int i = 0; i < n; ++i) {
                QCOMPARE(points[i].x, one[i].x); // bit for bit, not fuzzy
                QCOMPARE(points[i].y, one[i].y);
            }
        }
        if (QString::fromLatin1(QTest::currentDataTag()).contains(QStringLiteral("failing"))) QVERIFY(failures > 0);
        else QCOMPARE(failures, 0);
        double x = 0, y = 0;
        QVERIFY(tr->transformMany(&x, &y, 0, sizeof(double))); // nothing to do
    }

    // Every footprint of the real data: both paths agree, and the fast path
    // takes most of them (else it would be tested on nothing).
    void realDataBothPathsAgree_data()
    {
        QTest::addColumn<QString>("relative");
        QTest::addColumn<double>("lon");
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("minFastShare");
        QTest::newRow("Boston GPKG") << "boston/boston_buildings_wgs84.gpkg" << -71.06 << 42.36 << 0.8;
        QTest::newRow("Boston parks") << "boston/boston-parks.shp" << -71.06 << 42.36 << 0.0;
        QTest::newRow("Monaco OSM") << "monaco/monaco.osm.pbf" << 7.42 << 43.73 << 0.5;
        QTest::newRow("Delft pand") << "delft/bgt/bgt_pand.sqlite" << 4.36 << 52.01 << 0.3;
        QTest::newRow("Delft wegdeel") << "delft/bgt/bgt_wegdeel.sqlite" << 4.36 << 52.01 << 0.0;
        QTest::newRow("Delft waterdeel") << "delft/bgt/bgt_waterdeel.sqlite" << 4.36 << 52.01 << 0.0;
        QTest::newRow("Delft begroeid") << "delft/bgt/bgt_begroeidterreindeel.sqlite" << 4.36 << 52.01 << 0.0;
        QTest::newRow("Delft onbegroeid") << "delft/bgt/bgt_onbegroeidterreindeel.sqlite" << 4.36 << 52.01 << 0.0;
    }
    void realDataBothPathsAgree()
    {
        QFETCH(QString, relative);
        QFETCH(double, lon);
        QFETCH(double, lat);
        QFETCH(double, minFastShare);
        const QString path = sharedDataPath(relative);
        if (!QFileInfo::exists(path)) {
            if (sharedDataRequired()) QFAIL(qPrintable(QStringLiteral("shared data missing: ") + path));
            QSKIP(qPrintable(QStringLiteral("shared data missing: ") + path));
        }
        PathTally tally;
        compareDataset(path, SceneFrame::utmFor(lon, lat), tally);
        qInfo("%s: %lld polygon features, %lld on the fast path", qPrintable(relative),
              static_cast<long long>(tally.features), static_cast<long long>(tally.fast));
        QVERIFY(tally.features > 0);
        QVERIFY2(tally.mismatches == 0, qPrintable(QString::number(tally.mismatches) + QStringLiteral(" mismatches; ")
                                                   + tally.firstMismatch));
        QVERIFY(static_cast<double>(tally.fast) >= minFastShare * static_cast<double>(tally.features));
    }

    // The original Boston tiles: unclosed rings, inner rings in UTM metres,
    // invalid polygons; every one handled alike by both paths.
    void bostonTilesBothPathsAgree()
    {
        CITYTWIN_SHARED_DATA(zip, "boston/tfs_boston.zip");
        const std::string root = "/vsizip/" + zip.toStdString();
        char** files = VSIReadDirRecursive(root.c_str());
        QVERIFY(files);
        PathTally tally;
        int tiles = 0;
        for (char** f = files; *f; ++f) {
            const QString name = QString::fromUtf8(*f);
            if (!name.endsWith(QStringLiteral(".json")) && !name.endsWith(QStringLiteral(".geojson"))) continue;
            ++tiles;
            compareDataset(QString::fromStdString(root + "/" + *f), SceneFrame::utmFor(-71.06, 42.36), tally);
            if (QTest::currentTestFailed()) break;
        }
        CSLDestroy(files);
        qInfo("%d tiles, %lld polygon features, %lld on the fast path", tiles,
              static_cast<long long>(tally.features), static_cast<long long>(tally.fast));
        QVERIFY(tiles > 100);
        QVERIFY2(tally.mismatches == 0, qPrintable(QString::number(tally.mismatches) + QStringLiteral(" mismatches; ")
                                                   + tally.firstMismatch));
    }

    // Handmade shapes in a projected CRS (transform = identity): the fast
    // test must refuse each doubtful one, and both paths give what GEOS gives.
    void handmadeShapes_data()
    {
        QTest::addColumn<QString>("wkt");
        QTest::addColumn<bool>("certainlyValid"); // what the fast test must say
        QTest::addColumn<bool>("repaired");       // what the reference path says
        auto row = [](const char* name, const char* wkt, bool fast, bool repaired) {
            QTest::newRow(name) << QString::fromLatin1(wkt) << fast << repaired;
        };
        row("square", "POLYGON((0 0,10 0,10 10,0 10,0 0))", true, false);
        row("clockwise square", "POLYGON((0 0,0 10,10 10,10 0,0 0))", true, false);
        row("triangle", "POLYGON((0 0,10 0,5 7,0 0))", true, false);
        row("L shape", "POLYGON((0 0,10 0,10 4,4 4,4 10,0 10,0 0))", true, false);
        row("courtyard", "POLYGON((0 0,10 0,10 10,0 10,0 0),(3 3,3 7,7 7,7 3,3 3))", true, false);
        row("two courtyards", "POLYGON((0 0,20 0,20 10,0 10,0 0),(2 2,2 8,8 8,8 2,2 2),(12 2,12 8,18 8,18 2,12 2))",
            true, false);
        row("multipolygon of one", "MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0)))", true, false);
        row("unclosed ring", "POLYGON((0 0,10 0,10 10,0 10))", true, true);
        row("bow-tie", "POLYGON((0 0,10 10,10 0,0 10,0 0))", false, true);
        row("spike", "POLYGON((0 0,10 0,10 10,5 10,5 20,5 10,0 10,0 0))", false, true);
        row("fold back along an edge", "POLYGON((0 0,10 0,5 0,5 10,0 10,0 0))", false, true);
        row("consecutive duplicate points", "POLYGON((0 0,10 0,10 0,10 10,10 10,0 10,0 0))", true, false);
        row("ring touching itself", "POLYGON((0 0,10 0,5 5,10 10,0 10,5 5,0 0))", false, true);
        row("collinear point", "POLYGON((0 0,5 0,10 0,10 10,0 10,0 0))", false, false);
        row("all collinear", "POLYGON((0 0,5 0,10 0,0 0))", false, true);
        row("hole touching shell", "POLYGON((0 0,10 0,10 10,0 10,0 0),(0 5,5 2,5 8,0 5))", false, false);
        row("hole crossing shell", "POLYGON((0 0,10 0,10 10,0 10,0 0),(5 5,15 5,15 8,5 8,5 5))", false, true);
        row("hole outside shell", "POLYGON((0 0,10 0,10 10,0 10,0 0),(12 2,12 4,14 4,14 2,12 2))", false, true);
        row("holes sharing an edge",
            "POLYGON((0 0,20 0,20 10,0 10,0 0),(2 2,2 8,10 8,10 2,2 2),(10 2,10 8,18 8,18 2,10 2))", false, true);
        row("holes touching at a point", "POLYGON((0 0,20 0,20 10,0 10,0 0),(2 2,2 8,10 5,2 2),(10 5,18 8,18 2,10 5))",
            false, false);
        row("nested holes", "POLYGON((0 0,20 0,20 20,0 20,0 0),(2 2,2 18,18 18,18 2,2 2),(5 5,5 15,15 15,15 5,5 5))",
            false, true);
        row("two polygons", "MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0)),((20 0,30 0,30 10,20 10,20 0)))", false, false);
        row("overlapping polygons", "MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0)),((5 5,15 5,15 15,5 15,5 5)))", false,
            true);
    }
    void handmadeShapes()
    {
        QFETCH(QString, wkt);
        QFETCH(bool, certainlyValid);
        QFETCH(bool, repaired);
        // Shift to UTM-sized coordinates, as footprints arrive.
        GeometryPtr g = fromWkt(wkt.toLatin1().constData());
        QVERIFY(g);
        OGRGeometry* shifted = g.get();
        if (auto* poly = dynamic_cast<OGRPolygon*>(shifted)) {
            for (OGRLinearRing* r : *poly)
                for (int i = 0; i < r->getNumPoints(); ++i) r->setPoint(i, r->getX(i) + 330000, r->getY(i) + 4690000);
        } else if (auto* multi = dynamic_cast<OGRMultiPolygon*>(shifted)) {
            for (OGRPolygon* p : *multi)
                for (OGRLinearRing* r : *p)
                    for (int i = 0; i < r->getNumPoints(); ++i)
                        r->setPoint(i, r->getX(i) + 330000, r->getY(i) + 4690000);
        }
        auto tr = CrsTransformer::create("EPSG:32619", "EPSG:32619");
        QVERIFY2(tr.ok(), tr.firstError().c_str());
        const CleanedFootprint fast = cleanFootprint(g.get(), *tr, false, CleanPath::Fast);
        const CleanedFootprint reference = cleanFootprint(g.get(), *tr, false, CleanPath::Reference);
        QVERIFY2(same(fast, reference), qPrintable(describe(fast) + QStringLiteral("\n vs ") + describe(reference)));
        QCOMPARE(reference.repaired, repaired);

        // The fast test on the polygon as the cleaner sees it (closing point dropped).
        Polygon poly;
        const OGRPolygon* first = nullptr;
        if (const auto* p = dynamic_cast<const OGRPolygon*>(g.get())) first = p;
        else if (const auto* m = dynamic_cast<const OGRMultiPolygon*>(g.get())) first = m->getGeometryRef(0);
        QVERIFY(first);
        for (const OGRLinearRing* r : *first) {
            Ring ring;
            for (int i = 0; i < r->getNumPoints(); ++i) {
                const DVec2 p{r->getX(i), r->getY(i)};
                if (ring.empty() || !(ring.back() == p)) ring.push_back(p);
            }
            if (ring.size() > 1 && ring.front() == ring.back()) ring.pop_back();
            poly.rings.push_back(ring);
        }
        const bool multiple = wkbFlatten(g->getGeometryType()) == wkbMultiPolygon
                              && g->toMultiPolygon()->getNumGeometries() > 1;
        if (!multiple) QCOMPARE(footprintCertainlyValid(poly), certainlyValid);
        if (certainlyValid) {
            QVERIFY(fast.footprint);
            QVERIFY(signedArea(fast.footprint->polygons[0].rings[0]) > 0);
            for (size_t h = 1; h < fast.footprint->polygons[0].rings.size(); ++h)
                QVERIFY(signedArea(fast.footprint->polygons[0].rings[h]) < 0);
        }
    }

    // Random small polygons on a coarse grid, where collinear points, touching
    // edges and crossings are common: the fast path never disagrees with GEOS.
    void randomGridPolygonsAgree()
    {
        auto tr = CrsTransformer::create("EPSG:32619", "EPSG:32619");
        QVERIFY2(tr.ok(), tr.firstError().c_str());
        std::mt19937_64 rng(7);
        int fastCount = 0, invalidCount = 0;
        const int trials = 20000;
        for (int t = 0; t < trials; ++t) {
            const int grid = 3 + static_cast<int>(rng() % 6);
            const double cell = (t % 3 == 0) ? 0.1 : 1.0;
            auto coord = [&] { return static_cast<double>(rng() % grid) * cell; };
            OGRPolygon poly;
            const int rings = (rng() % 4 == 0) ? 2 : 1;
            for (int r = 0; r < rings; ++r) {
                auto* ring = new OGRLinearRing;
                const int n = 3 + static_cast<int>(rng() % 5);
                const double scale = r == 0 ? 1.0 : 0.5, off = r == 0 ? 0.0 : 0.25 * grid * cell;
                for (int i = 0; i < n; ++i)
                    ring->addPoint(330000 + off + coord() * scale, 4690000 + off + coord() * scale);
                ring->closeRings();
                poly.addRingDirectly(ring);
            }
            const CleanedFootprint fast = cleanFootprint(&poly, *tr, false, CleanPath::Fast);
            const CleanedFootprint reference = cleanFootprint(&poly, *tr, false, CleanPath::Reference);
            if (!same(fast, reference)) {
                char* wkt = nullptr;
                poly.exportToWkt(&wkt);
                const QString text = QString::fromLatin1(wkt);
                CPLFree(wkt);
                QFAIL(qPrintable(text + QStringLiteral("\n fast: ") + describe(fast) + QStringLiteral("\n reference: ")
                                 + describe(reference)));
            }
            if (reference.repaired) ++invalidCount;
            if (fast.footprint && !reference.repaired && fast.footprint->polygons.size() == 1
                && footprintCertainlyValid(fast.footprint->polygons[0]))
                ++fastCount;
        }
        qInfo("%d random polygons: %d invalid, %d on the fast path", trials, invalidCount, fastCount);
        QVERIFY(fastCount > trials / 20);   // the fast path is exercised
        QVERIFY(invalidCount > trials / 10); // and so is repair
    }
};

int runFootprintPathsTest(int argc, char** argv)
{
    FootprintPathsTest t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_gis_FootprintPaths.moc"
