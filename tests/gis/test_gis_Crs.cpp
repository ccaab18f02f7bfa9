#include "test_gis_Suites.h"

#include "citytwin/gis/CrsTransformer.h"
#include "citytwin/gis/Extrusion.h"
#include "citytwin/gis/SceneFrame.h"

#include <QtTest>

#include <cmath>

using namespace citytwin::gis;

class CrsTest : public QObject {
    Q_OBJECT
private slots:
    void utmZone_data()
    {
        QTest::addColumn<double>("lon");
        QTest::addColumn<double>("lat");
        QTest::addColumn<QString>("crs");
        QTest::newRow("Boston") << -71.06 << 42.36 << "EPSG:32619";
        QTest::newRow("Delft") << 4.36 << 52.01 << "EPSG:32631";
        QTest::newRow("Monaco") << 7.42 << 43.73 << "EPSG:32632";
        QTest::newRow("Sydney (south)") << 151.2 << -33.87 << "EPSG:32756";
        QTest::newRow("antimeridian") << 180.0 << 10.0 << "EPSG:32660";
    }
    void utmZone()
    {
        QFETCH(double, lon);
        QFETCH(double, lat);
        QFETCH(QString, crs);
        QCOMPARE(QString::fromStdString(SceneFrame::utmFor(lon, lat).crsDefinition), crs);
    }

    // UTM → WGS 84 → UTM at realistic northings must come back within 1 mm.
    void roundTrip_data()
    {
        QTest::addColumn<QString>("crs");
        QTest::addColumn<double>("x");
        QTest::addColumn<double>("y");
        QTest::newRow("Boston UTM 19N") << "EPSG:32619" << 330123.4567 << 4690456.789;
        QTest::newRow("Delft UTM 31N") << "EPSG:32631" << 593210.25 << 5762999.75;
        QTest::newRow("RD New") << "EPSG:28992" << 84500.125 << 447000.875;
        QTest::newRow("Sydney UTM 56S") << "EPSG:32756" << 334000.5 << 6251000.5;
    }
    void roundTrip()
    {
        QFETCH(QString, crs);
        QFETCH(double, x);
        QFETCH(double, y);
        auto tr = CrsTransformer::create(crs.toStdString(), "EPSG:4326");
        QVERIFY2(tr.ok(), tr.firstError().c_str());
        double lon = x, lat = y;
        QVERIFY(tr->transform(lon, lat));
        QVERIFY(std::abs(lon) <= 180 && std::abs(lat) <= 90); // lon/lat order, degrees
        double bx = lon, by = lat;
        QVERIFY(tr->inverse(bx, by));
        QVERIFY2(std::hypot(bx - x, by - y) <= 1e-3, qPrintable(QString::number(std::hypot(bx - x, by - y))));
    }

    void axisOrderIsLonLat()
    {
        auto tr = CrsTransformer::create("EPSG:4326", "EPSG:32619");
        QVERIFY(tr.ok());
        double x = -71.06, y = 42.36;
        QVERIFY(tr->transform(x, y));
        QVERIFY(x > 300000 && x < 340000);
        QVERIFY(y > 4680000 && y < 4700000);
    }

    void badCrsIsAnError()
    {
        auto tr = CrsTransformer::create("EPSG:999999", "EPSG:4326");
        QVERIFY(!tr.ok());
        QVERIFY(!tr.firstError().empty());
    }

    // A vertex stored as float relative to its tile origin comes back within
    // 1 cm of the double value, even at UTM northings and far tile corners.
    void tileVertexPrecision_data()
    {
        QTest::addColumn<double>("x");
        QTest::addColumn<double>("y");
        QTest::newRow("Boston") << 330123.456 << 4691234.567;
        QTest::newRow("far corner") << 330499.999 << 4691499.999;
        QTest::newRow("southern UTM") << 700001.25 << 9999000.75;
    }
    void tileVertexPrecision()
    {
        QFETCH(double, x);
        QFETCH(double, y);
        const double size = 500;
        MeshChunk chunk;
        chunk.origin = {(std::floor(x / size) + 0.5) * size, (std::floor(y / size) + 0.5) * size, 0};
        // A building reaching 300 m past the tile: features are never split.
        const MultiPolygon fp{{Polygon{{Ring{{x, y}, {x + 300.3, y}, {x + 300.3, y + 20.7}, {x, y + 20.7}}}}}};
        extrudeFootprint(fp, 0, 123.45, 0, chunk);
        double worst = 0;
        for (size_t v = 0; v < chunk.vertexCount(); ++v) {
            const double wx = chunk.origin.x + chunk.positions[3 * v];
            const double wy = chunk.origin.y + chunk.positions[3 * v + 1];
            double best = 1e9;
            for (const DVec2& p : fp.polygons[0].rings[0]) best = std::min(best, std::hypot(wx - p.x, wy - p.y));
            worst = std::max(worst, best);
        }
        QVERIFY2(worst <= 0.01, qPrintable(QString::number(worst)));
    }
};

int runCrsTest(int argc, char** argv)
{
    CrsTest t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_gis_Crs.moc"
