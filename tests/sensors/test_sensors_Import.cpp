// Sensor import: mapped CSV columns, WKT centroids, GeoJSON features, and the
// three real Cambridge tables with their exact counts and defects; OGR
// layers (Monaco OSM points, Boston parks, a UTM layer) reprojected to WGS 84.
#include "citytwin/data/sensors/SensorImport.h"
#include "citytwin/gis/CrsTransformer.h"

#include "TestData.h"
#include "test_sensors_Suites.h"

#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QtTest>

#include <algorithm>
#include <set>

using citytwin::data::CsvReader;
using citytwin::data::DuplicateIds;
using citytwin::data::importCrashEvents;
using citytwin::data::importSensorsCsv;
using citytwin::data::importSensorsGeoJsonText;
using citytwin::data::importSensorsOgr;
using citytwin::data::importTrafficCounts;
using citytwin::data::Sensor;
using citytwin::data::SensorImportMapping;
using citytwin::data::SensorKind;
using citytwin::data::wktCentroid;

namespace {

const Sensor* findSensor(const std::vector<Sensor>& sensors, const std::string& id) {
    auto it = std::find_if(sensors.begin(), sensors.end(), [&](const Sensor& s) { return s.id == id; });
    return it == sensors.end() ? nullptr : &*it;
}

int warningsContaining(const citytwin::gis::Diagnostics& diags, const QString& text) {
    return static_cast<int>(std::count_if(diags.begin(), diags.end(), [&](const auto& d) {
        return QString::fromStdString(d.message).contains(text);
    }));
}

} // namespace

class TestSensorImport : public QObject {
    Q_OBJECT

private slots:
    void csvRows_data() {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<int>("sensors");
        QTest::addColumn<int>("skipped");
        QTest::addColumn<QString>("why");

        const QByteArray header("id,name,kind,lat,lon,unit\r");
        QTest::newRow("good rows") << header + "a,A,pm25,42.37,-71.1,\rb,B,noise,42.38,-71.2,dB\r" << 2 << 0 << "";
        QTest::newRow("no coordinates") << header + "a,A,pm25,,,\rb,B,noise,42.38,-71.2,\r" << 1 << 1
                                        << "no coordinates";
        QTest::newRow("bad number") << header + "a,A,pm25,42.3x,-71.1,\r" << 0 << 1 << "not numbers";
        QTest::newRow("out of range") << header + "a,A,pm25,142.3,-71.1,\r" << 0 << 1 << "out of range";
        QTest::newRow("unknown kind") << header + "a,A,smell,42.3,-71.1,\r" << 0 << 1 << "unknown sensor kind";
        QTest::newRow("no id") << header + ",A,pm25,42.3,-71.1,\r" << 0 << 1 << "no sensor id";
        QTest::newRow("duplicate id") << header + "a,A,pm25,42.3,-71.1,\ra,B,pm25,42.3,-71.1,\r" << 1 << 1
                                      << "appears again";
        QTest::newRow("short row") << header + "a,A,pm25\r" << 0 << 1 << "no coordinates";
    }

    void csvRows() {
        QFETCH(QByteArray, csv);
        QFETCH(int, sensors);
        QFETCH(int, skipped);
        QFETCH(QString, why);
        SensorImportMapping m;
        m.id = "id";
        m.idPrefix = "air-";
        m.name = "name";
        m.kind = "kind";
        m.lat = "lat";
        m.lon = "lon";
        m.unit = "unit";
        CsvReader reader = CsvReader::fromString(csv.toStdString());
        auto result = importSensorsCsv(reader, m);
        QVERIFY(result.ok());
        QCOMPARE(static_cast<int>(result->sensors.size()), sensors);
        QCOMPARE(static_cast<int>(result->rowsSkipped), skipped);
        QCOMPARE(static_cast<int>(result->rowsRead), sensors + skipped);
        if (!why.isEmpty()) QVERIFY2(warningsContaining(result.diagnostics(), why) >= 1, qPrintable(why));
        if (sensors == 2) {
            const Sensor& a = result->sensors[0];
            QCOMPARE(a.id, std::string("air-a"));
            QCOMPARE(a.kind, SensorKind::AirPm25);
            QCOMPARE(a.unit, std::string("µg/m³")); // the kind's default when the cell is empty
            QCOMPARE(a.lonLat->x, -71.1);
            QCOMPARE(a.lonLat->y, 42.37);
            QCOMPARE(result->sensors[1].unit, std::string("dB"));
        }
    }

    void mappingNamingMissingColumnFails() {
        SensorImportMapping m;
        m.id = "id";
        m.lat = "Latitude";
        m.lon = "lon";
        CsvReader reader = CsvReader::fromString("id,lat,lon\n1,2,3\n");
        auto result = importSensorsCsv(reader, m);
        QVERIFY(!result.ok());
        QVERIFY(QString::fromStdString(result.firstError()).contains("'Latitude'"));
    }

    void wktCentroids_data() {
        QTest::addColumn<QString>("wkt");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<double>("lon");
        QTest::addColumn<double>("lat");
        QTest::newRow("point") << "POINT (-71.1 42.3)" << true << -71.1 << 42.3;
        QTest::newRow("square") << "POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))" << true << 1.0 << 1.0;
        QTest::newRow("multipolygon") << "MULTIPOLYGON (((0 0, 2 0, 2 2, 0 2, 0 0)), ((10 0, 12 0, 12 2, 10 2, 10 0)))"
                                      << true << 6.0 << 1.0;
        QTest::newRow("garbage") << "POLYGON ((0 0, 2" << false << 0.0 << 0.0;
        QTest::newRow("empty") << "POINT EMPTY" << false << 0.0 << 0.0;
    }

    void wktCentroids() {
        QFETCH(QString, wkt);
        QFETCH(bool, valid);
        QFETCH(double, lon);
        QFETCH(double, lat);
        const auto c = wktCentroid(wkt.toStdString());
        QCOMPARE(c.has_value(), valid);
        if (!valid) return;
        QVERIFY(std::abs(c->x - lon) < 1e-9);
        QVERIFY(std::abs(c->y - lat) < 1e-9);
    }

    void geoJsonFeatures() {
        const std::string text = R"({"type":"FeatureCollection","features":[
          {"type":"Feature","id":"n1","geometry":{"type":"Point","coordinates":[-71.1,42.37]},
           "properties":{"label":"Noise 1","kind":"noise","height":12}},
          {"type":"Feature","id":7,"geometry":{"type":"Polygon","coordinates":[[[0,0],[2,0],[2,2],[0,2],[0,0]]]},
           "properties":{"label":"Lot","kind":"parking"}},
          {"type":"Feature","geometry":null,"properties":{"label":"nowhere","kind":"noise"}},
          {"type":"Feature","id":"x","geometry":{"type":"Point","coordinates":[-71.1,42.37]},
           "properties":{"label":"bad","kind":"nonsense"}}
        ]})";
        SensorImportMapping m;
        m.name = "label";
        m.kind = "kind";
        m.attributes = {"height"};
        auto result = importSensorsGeoJsonText(text, m);
        QVERIFY(result.ok());
        QCOMPARE(result->sensors.size(), size_t(2));
        QCOMPARE(result->rowsSkipped, 2);
        const Sensor& n1 = result->sensors[0];
        QCOMPARE(n1.id, std::string("n1"));
        QCOMPARE(n1.name, std::string("Noise 1"));
        QCOMPARE(n1.kind, SensorKind::Noise);
        QCOMPARE(n1.attributes.at("height"), std::string("12"));
        QCOMPARE(result->sensors[1].id, std::string("7"));
        QCOMPARE(result->sensors[1].lonLat->x, 1.0);
        QVERIFY(warningsContaining(result.diagnostics(), "no geometry") == 1);
        QVERIFY(warningsContaining(result.diagnostics(), "unknown sensor kind") == 1);

        QVERIFY(!importSensorsGeoJsonText("{not json", m).ok());
        QVERIFY(!importSensorsGeoJsonText(R"({"type":"Point","coordinates":[0,0]})", m).ok());
    }

    /// 313 rows, one per station; station 235 (Land Boulevard) has no count
    /// in any year, so 312 stations become sensors, each with its latest
    /// year's daily volume and peaks.
    void cambridgeTrafficCounts() {
        CITYTWIN_SHARED_DATA(path, "sensors/average_daily_traffic.csv");
        auto result = importTrafficCounts(path.toStdString());
        QVERIFY(result.ok());
        QCOMPARE(result->rowsRead, 313);
        QCOMPARE(result->sensors.size(), size_t(312));
        QCOMPARE(result->rowsSkipped, 1);
        QCOMPARE(warningsContaining(result.diagnostics(), "station 235 has no daily traffic count"), 1);
        std::set<std::string> ids;
        for (const auto& s : result->sensors) {
            ids.insert(s.id);
            QCOMPARE(s.kind, SensorKind::TrafficFlow);
            QVERIFY(s.lonLat && s.lonLat->x > -71.17 && s.lonLat->x < -71.06);
            QVERIFY(s.lonLat->y > 42.35 && s.lonLat->y < 42.41);
            QVERIFY(std::stod(s.attributes.at("adt")) > 0);
        }
        QCOMPARE(ids.size(), size_t(312));
        // Station 1: counted in 1999 only.
        const Sensor* s1 = findSensor(result->sensors, "traffic-1");
        QVERIFY(s1);
        QCOMPARE(s1->name, std::string("Massachusetts Avenue, South of Upland Road"));
        QCOMPARE(s1->attributes.at("adt"), std::string("29562"));
        QCOMPARE(s1->attributes.at("count_year"), std::string("1999"));
        QCOMPARE(s1->attributes.at("am_peak"), std::string("1682"));
        QCOMPARE(s1->attributes.at("pm_peak"), std::string("2143"));
        // Station 5: counted in 2008 and 2011; the latest year wins.
        const Sensor* s5 = findSensor(result->sensors, "traffic-5");
        QVERIFY(s5);
        QCOMPARE(s5->attributes.at("adt"), std::string("7597"));
        QCOMPARE(s5->attributes.at("count_year"), std::string("2011"));
        QCOMPARE(s5->attributes.at("am_peak"), std::string("519"));
        QCOMPARE(s5->attributes.at("pm_peak"), std::string("684"));
        // Station 127: a daily volume without peak hours.
        const Sensor* s127 = findSensor(result->sensors, "traffic-127");
        QVERIFY(s127);
        QCOMPARE(s127->attributes.at("adt"), std::string("12000"));
        QVERIFY(!s127->attributes.count("am_peak"));
        // Stations 349-358 hold 0 for 2015 and 2016 ("not counted"): 1994 is their latest count.
        const Sensor* s349 = findSensor(result->sensors, "traffic-349");
        QVERIFY(s349);
        QCOMPARE(s349->attributes.at("adt"), std::string("21900"));
        QCOMPARE(s349->attributes.at("count_year"), std::string("1994"));
        QCOMPARE(s349->attributes.at("pm_peak"), std::string("1480"));
        // Ten stations have peak hours that cannot be right (station 85: AM
        // peak 3,115 of 3,855 a day; station 41: 87 of 4,561): reported, kept.
        QCOMPARE(warningsContaining(result.diagnostics(), "implausible"), 10);
        QCOMPARE(warningsContaining(result.diagnostics(), "station 85: AM peak hour 3115 is 81 %"), 1);
        QCOMPARE(warningsContaining(result.diagnostics(), "station 41: AM peak hour 87 is 2 %"), 1);
        // The last record has no line break after it and must not be lost.
        QVERIFY(findSensor(result->sensors, "traffic-364"));
    }

    /// 3,120 polygons (the last without a trailing CR); SPACE_ID SEC-0025
    /// and CHU-SPACE9 occur twice each.
    void cambridgeParking() {
        CITYTWIN_SHARED_DATA(path, "sensors/metered_parking.csv");
        SensorImportMapping m;
        m.id = "SPACE_ID";
        m.idPrefix = "parking-";
        m.fixedKind = SensorKind::Parking;
        m.wkt = "the_geom";
        m.attributes = {"SHAPE_area"};
        auto skipDuplicates = importSensorsCsv(path.toStdString(), m);
        QVERIFY(skipDuplicates.ok());
        QCOMPARE(skipDuplicates->rowsRead, 3120);
        QCOMPARE(skipDuplicates->sensors.size(), size_t(3118));
        QCOMPARE(skipDuplicates->rowsSkipped, 2);
        QCOMPARE(warningsContaining(skipDuplicates.diagnostics(), "'parking-SEC-0025' appears again"), 1);
        QCOMPARE(warningsContaining(skipDuplicates.diagnostics(), "'parking-CHU-SPACE9' appears again"), 1);

        m.duplicates = DuplicateIds::MakeUnique;
        auto all = importSensorsCsv(path.toStdString(), m);
        QVERIFY(all.ok());
        QCOMPARE(all->sensors.size(), size_t(3120));
        QVERIFY(findSensor(all->sensors, "parking-SEC-0025-2"));
        const Sensor* first = findSensor(all->sensors, "parking-COL-0004");
        QVERIFY(first);
        QCOMPARE(first->kind, SensorKind::Parking);
        QCOMPARE(first->unit, std::string("%"));
        // Centroid of a ~3 m × 6 m space: inside its polygon's bounds.
        QVERIFY(first->lonLat->x > -71.09964 && first->lonLat->x < -71.09958);
        QVERIFY(first->lonLat->y > 42.36381 && first->lonLat->y < 42.36388);
        QCOMPARE(first->attributes.at("SHAPE_area"), std::string("162.5604"));
    }

    /// 10,335 crash records 2010-2016 (CR-only, quoted commas): 9,110 with
    /// coordinates and 1,225 without, all kept for their times.
    void cambridgeCrashes() {
        CITYTWIN_SHARED_DATA(path, "sensors/police_crash_data.csv");
        auto result = importCrashEvents(path.toStdString());
        QVERIFY(result.ok());
        QCOMPARE(result->rowsRead, 10335);
        QCOMPARE(result->events.size(), size_t(10335));
        QCOMPARE(result->withCoordinates, 9110);
        QCOMPARE(result->withoutCoordinates, 1225);
        QCOMPARE(result->rowsSkipped, 0);
        QCOMPARE(warningsContaining(result.diagnostics(), "1225 of 10335 crash records have no coordinates"), 1);
        QVERIFY(std::is_sorted(result->events.begin(), result->events.end(),
                               [](const auto& a, const auto& b) { return a.timeMs < b.timeMs; }));
        const QTimeZone boston("America/New_York");
        const auto first = QDateTime::fromMSecsSinceEpoch(result->events.front().timeMs, boston);
        const auto last = QDateTime::fromMSecsSinceEpoch(result->events.back().timeMs, boston);
        QCOMPARE(first.date().year(), 2010);
        QCOMPARE(last.date().year(), 2016);
        // Crash 24655 happened on 8/25/10 2:49 local (EDT, UTC-4) at Main St & Windsor St.
        auto it = std::find_if(result->events.begin(), result->events.end(), [](const auto& e) { return e.id == "24655"; });
        QVERIFY(it != result->events.end());
        QCOMPARE(it->timeMs, QDateTime(QDate(2010, 8, 25), QTime(6, 49), QTimeZone::utc()).toMSecsSinceEpoch());
        QVERIFY(it->lonLat);
        QCOMPARE(it->lonLat->y, 42.363207);
        QCOMPARE(it->description, std::string("MAIN ST & Windsor St Cambridge, MA"));
    }

    /// The Monaco OSM extract's first layer (points, WGS 84 with lat/lon
    /// authority axis order): every node becomes a sensor where OSM has it.
    void ogrRealPointLayer() {
        CITYTWIN_SHARED_DATA(path, "monaco/monaco.osm.pbf");
        auto described = citytwin::data::describeSensorsOgr(path.toStdString(), {}, 5);
        QVERIFY2(described.ok(), described.firstError().c_str());
        QCOMPARE(described->layer, std::string("points"));
        QVERIFY(described->layers.size() >= 4);
        QVERIFY(std::find(described->fields.begin(), described->fields.end(), "osm_id") != described->fields.end());
        QCOMPARE(described->rows.size(), size_t(5));
        QVERIFY(!described->crsName.empty());

        SensorImportMapping m;
        m.id = "osm_id";
        m.idPrefix = "osm-";
        m.name = "name";
        m.fixedKind = SensorKind::TrafficFlow;
        m.attributes = {"highway"};
        auto result = importSensorsOgr(path.toStdString(), "", m);
        QVERIFY2(result.ok(), result.firstError().c_str());
        QCOMPARE(result->rowsRead, 1691);
        QCOMPARE(result->rowsSkipped, 0);
        QCOMPARE(result->sensors.size(), size_t(1691));
        const Sensor* crossing = findSensor(result->sensors, "osm-21911886");
        QVERIFY(crossing && crossing->lonLat);
        QVERIFY(std::abs(crossing->lonLat->x - 7.4234985) < 1e-9); // x = lon, not lat
        QVERIFY(std::abs(crossing->lonLat->y - 43.7372399) < 1e-9);
        QCOMPARE(crossing->attributes.at("highway"), std::string("crossing"));
        QCOMPARE(crossing->name, crossing->id); // no name tag: the id
        QCOMPARE(crossing->kind, SensorKind::TrafficFlow);
        QCOMPARE(crossing->unit, citytwin::data::sensorDefaults(SensorKind::TrafficFlow).unit);
    }

    /// Boston parks: polygons in NAD83 / Massachusetts Mainland (an ESRI
    /// .prj) become their centroids in WGS 84, all inside Boston.
    void ogrRealProjectedPolygons() {
        CITYTWIN_SHARED_DATA(path, "boston/boston-parks.shp");
        SensorImportMapping m;
        m.name = "SITE_NAME";
        m.fixedKind = SensorKind::Noise;
        auto result = importSensorsOgr(path.toStdString(), "", m);
        QVERIFY2(result.ok(), result.firstError().c_str());
        QCOMPARE(result->rowsRead, 638);
        QCOMPARE(int64_t(result->sensors.size()) + result->rowsSkipped, int64_t(638));
        QVERIFY(result->sensors.size() > 600);
        for (const Sensor& s : result->sensors) {
            QVERIFY(s.lonLat);
            QVERIFY2(s.lonLat->x > -71.25 && s.lonLat->x < -70.95 && s.lonLat->y > 42.25 && s.lonLat->y < 42.45,
                     s.id.c_str());
        }
        QVERIFY(findSensor(result->sensors, "0")); // the FID is the id when none is mapped
    }

    /// A layer in UTM 19N (EPSG:32619): points and a polygon's centroid come
    /// back in WGS 84 within 1e-6 degrees of where PROJ puts them; a feature
    /// without geometry is skipped and reported.
    void ogrProjectedLayerReprojects() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto toUtm = citytwin::gis::CrsTransformer::create("EPSG:4326", "EPSG:32619");
        QVERIFY(toUtm.ok());
        const citytwin::gis::DVec2 hall{-71.0589, 42.3601}, square{-71.1097, 42.3736};
        double hx = hall.x, hy = hall.y, sx = square.x, sy = square.y;
        QVERIFY(toUtm->transform(hx, hy) && toUtm->transform(sx, sy));
        QVERIFY(hx > 300'000 && hx < 340'000); // metres, so the import has to reproject
        const auto num = [](double v) { return QByteArray::number(v, 'f', 4); };
        QByteArray text = "{\"type\":\"FeatureCollection\",";
        text += "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::32619\"}},";
        text += "\"features\":[";
        text += "{\"type\":\"Feature\",\"properties\":{\"sid\":\"hall\",\"kind\":\"noise\"},";
        text += "\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + num(hx) + "," + num(hy) + "]}},";
        text += "{\"type\":\"Feature\",\"properties\":{\"sid\":\"lot\",\"kind\":\"parking\"},";
        text += "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[" + num(sx - 50) + "," + num(sy - 50) + "],[" +
                num(sx + 50) + "," + num(sy - 50) + "],[" + num(sx + 50) + "," + num(sy + 50) + "],[" +
                num(sx - 50) + "," + num(sy + 50) + "],[" + num(sx - 50) + "," + num(sy - 50) + "]]]}},";
        text += "{\"type\":\"Feature\",\"properties\":{\"sid\":\"void\",\"kind\":\"noise\"},\"geometry\":null}";
        text += "]}";
        const QString path = dir.filePath(QStringLiteral("utm.geojson"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
        file.close();

        SensorImportMapping m;
        m.id = "sid";
        m.kind = "kind";
        auto result = importSensorsOgr(path.toStdString(), "", m);
        QVERIFY2(result.ok(), result.firstError().c_str());
        QCOMPARE(result->sensors.size(), size_t(2));
        QCOMPARE(result->rowsSkipped, 1);
        QCOMPARE(warningsContaining(result.diagnostics(), "no geometry"), 1);
        const Sensor* h = findSensor(result->sensors, "hall");
        const Sensor* lot = findSensor(result->sensors, "lot");
        QVERIFY(h && lot && h->lonLat && lot->lonLat);
        QCOMPARE(h->kind, SensorKind::Noise);
        QCOMPARE(lot->kind, SensorKind::Parking);
        QVERIFY2(std::abs(h->lonLat->x - hall.x) < 1e-6 && std::abs(h->lonLat->y - hall.y) < 1e-6,
                 qPrintable(QStringLiteral("%1 %2").arg(h->lonLat->x, 0, 'f', 9).arg(h->lonLat->y, 0, 'f', 9)));
        QVERIFY(std::abs(lot->lonLat->x - square.x) < 1e-6 && std::abs(lot->lonLat->y - square.y) < 1e-6);
    }

    void ogrFailures() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // A CSV whose WKT column GDAL reads as geometry, but without a CRS.
        const QString csv = dir.filePath(QStringLiteral("nocrs.csv"));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("id,WKT\n1,POINT (-71.1 42.37)\n");
        file.close();
        SensorImportMapping m;
        auto noCrs = importSensorsOgr(csv.toStdString(), "", m);
        QVERIFY(!noCrs.ok());
        QVERIFY2(QString::fromStdString(noCrs.firstError()).contains(QStringLiteral("has no CRS")),
                 noCrs.firstError().c_str());

        QVERIFY(!importSensorsOgr(dir.filePath(QStringLiteral("missing.gpkg")).toStdString(), "", m).ok());
        CITYTWIN_SHARED_DATA(parks, "boston/boston-parks.shp");
        QVERIFY(!importSensorsOgr(parks.toStdString(), "no-such-layer", m).ok());
        m.name = "NO_SUCH_FIELD";
        auto missingField = importSensorsOgr(parks.toStdString(), "", m);
        QVERIFY(!missingField.ok());
        QVERIFY(QString::fromStdString(missingField.firstError()).contains(QStringLiteral("NO_SUCH_FIELD")));
    }
};

int runSensorImportTests(int argc, char** argv) {
    TestSensorImport t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_sensors_Import.moc"
