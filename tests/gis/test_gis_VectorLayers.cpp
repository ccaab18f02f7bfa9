#include "test_gis_Suites.h"
#include "test_gis_AnalyticElevation.h"
#include "test_gis_Helpers.h"

#include "TestData.h"
#include "citytwin/gis/Draping.h"
#include "citytwin/gis/LayerImporter.h"
#include "citytwin/gis/OsmLayers.h"
#include "citytwin/gis/SceneFrame.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace citytwin::gis;
using namespace citytwin::test;

Q_DECLARE_METATYPE(citytwin::gis::LayerKind)

/// CITYTWIN_SHARED_DATA for a path taken from a data row (the macro needs a literal).
#define VECTOR_SHARED_DATA(var, relative)                                                \
    const QString var = citytwin::test::sharedDataPath(relative);                         \
    if (!QFileInfo::exists(var)) {                                                       \
        if (citytwin::test::sharedDataRequired())                                        \
            QFAIL(qPrintable(QStringLiteral("shared data missing: ") + var));            \
        QSKIP(qPrintable(QStringLiteral("shared data missing: ") + var));                \
    }

namespace {

constexpr double kX0 = 500000, kY0 = 5000000; // UTM 31N, metres

SceneFrame utm31()
{
    SceneFrame f;
    f.crsDefinition = "EPSG:32631";
    f.crsName = "WGS 84 / UTM zone 31N";
    return f;
}

/// Writes a GeoJSON FeatureCollection in EPSG:32631 from feature bodies
/// `{"type":"Feature",...}`.
QString writeGeoJson(const QTemporaryDir& dir, const QString& name, const QStringList& features)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return {};
    f.write("{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::32631\"}},\"features\":[");
    f.write(features.join(QLatin1Char(',')).toUtf8());
    f.write("]}");
    return path;
}

QString feature(const QString& geometry, const QString& properties = QStringLiteral("{}"))
{
    return QStringLiteral("{\"type\":\"Feature\",\"properties\":%1,\"geometry\":%2}").arg(properties, geometry);
}

QString squareGeometry(double x, double y, double s)
{
    return QStringLiteral("{\"type\":\"Polygon\",\"coordinates\":[[[%1,%2],[%3,%2],[%3,%4],[%1,%4],[%1,%2]]]}")
        .arg(x, 0, 'f', 3).arg(y, 0, 'f', 3).arg(x + s, 0, 'f', 3).arg(y + s, 0, 'f', 3);
}

Extent2 bigBox()
{
    Extent2 box;
    box.add(kX0 - 10000, kY0 - 10000);
    box.add(kX0 + 10000, kY0 + 10000);
    return box;
}

/// Lowest and highest z per feature over all chunks.
std::vector<std::pair<double, double>> zRangePerFeature(const ImportedLayer& layer)
{
    std::vector<std::pair<double, double>> out(layer.features.size(), {1e300, -1e300});
    for (const MeshChunk& c : layer.chunks)
        for (size_t v = 0; v < c.vertexCount(); ++v) {
            auto& r = out[c.featureIds[v]];
            const double z = vertexOf(c, uint32_t(v)).z;
            r.first = std::min(r.first, z);
            r.second = std::max(r.second, z);
        }
    return out;
}

double layerPlanArea(const ImportedLayer& layer)
{
    double a = 0;
    for (const MeshChunk& c : layer.chunks) a += planArea(c);
    return a;
}

/// What every layer must satisfy whatever its kind.
void checkInvariants(const ImportedLayer& layer)
{
    QCOMPARE(layer.stats.featuresBuilt, int64_t(layer.features.size()));
    QCOMPARE(layer.stats.featuresSkipped, layer.stats.featuresRead - layer.stats.featuresBuilt);
    int64_t triangles = 0;
    for (const MeshChunk& c : layer.chunks) {
        QVERIFY(c.vertexCount() > 0);
        QCOMPARE(c.positions.size(), 3 * c.vertexCount());
        QCOMPARE(c.normals.size(), 3 * c.vertexCount());
        for (uint32_t id : c.featureIds) QVERIFY(id < layer.features.size());
        for (uint32_t i : c.indices) QVERIFY(i < c.vertexCount());
        triangles += int64_t(c.triangleCount());
    }
    QCOMPARE(triangles, layer.stats.triangles);
    if (layer.kind == LayerKind::Points) QVERIFY(layer.chunks.empty());
    if (layer.kind == LayerKind::Lines || layer.kind == LayerKind::Areas) {
        const float lift = float(layer.kind == LayerKind::Lines ? DrapeOptions::kLineLiftMeters
                                                                : DrapeOptions::kAreaLiftMeters);
        for (const MeshChunk& c : layer.chunks) {
            for (size_t v = 0; v < c.vertexCount(); ++v) {
                QCOMPARE(c.normals[3 * v + 2], 1.0f);
                QCOMPARE(c.positions[3 * v + 2], lift); // flat ground, no elevation
            }
            // Facing up (float32 rounding may tip a sliver of a few mm²).
            for (size_t t = 0; t < c.triangleCount(); ++t) QVERIFY(trianglePlanArea(c, t) > -1e-3);
        }
    }
}

SceneFrame frameFor(const std::vector<std::string>& sources)
{
    auto probe = probeExtentLonLat(sources);
    if (!probe) return {};
    return SceneFrame::utmFor(probe->centre().x, probe->centre().y);
}

} // namespace

class VectorLayersTest : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // Auto resolves from the geometry; explicit kinds are honoured.
    void kindResolution_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("features");
        QTest::addColumn<LayerKind>("requested");
        QTest::addColumn<LayerKind>("resolved");
        QTest::addColumn<int>("chunks");
        const QStringList polygons{feature(squareGeometry(kX0, kY0, 20))};
        const QStringList lines{feature(QStringLiteral("{\"type\":\"LineString\",\"coordinates\":[[%1,%2],[%3,%2]]}")
                                            .arg(kX0).arg(kY0).arg(kX0 + 100))};
        const QStringList points{feature(QStringLiteral("{\"type\":\"Point\",\"coordinates\":[%1,%2]}").arg(kX0).arg(kY0))};
        const QStringList tall{feature(squareGeometry(kX0, kY0, 20), QStringLiteral("{\"height\":12}"))};
        // Polygons with a height attribute (or a building-like name) are
        // buildings; without, flat areas (parks, land use).
        QTest::newRow("polygons with heights auto → buildings") << "k1.geojson" << tall << LayerKind::Auto << LayerKind::Buildings << 1;
        QTest::newRow("polygons named buildings auto → buildings") << "my_buildings.geojson" << polygons << LayerKind::Auto << LayerKind::Buildings << 1;
        QTest::newRow("polygons without heights auto → areas") << "k6.geojson" << polygons << LayerKind::Auto << LayerKind::Areas << 1;
        QTest::newRow("polygons as areas") << "k2.geojson" << polygons << LayerKind::Areas << LayerKind::Areas << 1;
        QTest::newRow("lines auto → lines") << "k3.geojson" << lines << LayerKind::Auto << LayerKind::Lines << 1;
        QTest::newRow("points auto → points") << "k4.geojson" << points << LayerKind::Auto << LayerKind::Points << 0;
        QTest::newRow("polygon outlines as lines") << "k5.geojson" << polygons << LayerKind::Lines << LayerKind::Lines << 1;
    }
    void kindResolution()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, features);
        QFETCH(LayerKind, requested);
        QFETCH(LayerKind, resolved);
        QFETCH(int, chunks);
        LayerSpec spec;
        spec.sources = {writeGeoJson(m_dir, file, features).toStdString()};
        spec.kind = requested;
        auto result = importLayer(spec, utm31());
        QVERIFY2(result.ok(), qPrintable(diagnosticsText(result.diagnostics())));
        QCOMPARE(result->kind, resolved);
        QCOMPARE(int(result->features.size()), 1);
        QCOMPARE(int(result->chunks.size()), chunks);
        checkInvariants(*result);
    }

    // A Lines spec of 100 m, 6 m wide covers 600 m²; widths come from the rule.
    void linesWidths()
    {
        QStringList f;
        auto line = [](double y) {
            return QStringLiteral("{\"type\":\"LineString\",\"coordinates\":[[%1,%2],[%3,%2]]}").arg(kX0).arg(y).arg(kX0 + 100);
        };
        f << feature(line(kY0), QStringLiteral("{\"highway\":\"residential\"}"))       // 6 m
          << feature(line(kY0 + 50), QStringLiteral("{\"highway\":\"motorway\"}"))     // 16 m
          << feature(line(kY0 + 100), QStringLiteral("{\"width\":2.5,\"highway\":\"motorway\"}"))
          << feature(line(kY0 + 150));                                                // default 6 m
        LayerSpec spec;
        spec.sources = {writeGeoJson(m_dir, "widths.geojson", f).toStdString()};
        spec.kind = LayerKind::Lines;
        auto result = importLayer(spec, utm31());
        QVERIFY2(result.ok(), qPrintable(diagnosticsText(result.diagnostics())));
        checkInvariants(*result);
        QCOMPARE(int(result->features.size()), 4);
        std::vector<double> area(4, 0);
        for (const MeshChunk& c : result->chunks)
            for (size_t t = 0; t < c.triangleCount(); ++t) area[c.featureIds[c.indices[3 * t]]] += trianglePlanArea(c, t);
        QVERIFY(std::abs(area[0] - 600) < 0.05);
        QVERIFY(std::abs(area[1] - 1600) < 0.05);
        QVERIFY(std::abs(area[2] - 250) < 0.05);
        QVERIFY(std::abs(area[3] - 600) < 0.05);
        // Tiled by the line's midpoint.
        QCOMPARE(result->features[0].centroid.x, kX0 + 50);
    }

    // Buildings stand on the terrain: base = lowest ground under the
    // footprint; min_height lifts the bottom; lines and areas drape above it.
    void onTerrain()
    {
        auto ground = AnalyticElevation::plane(0.01, 0.02, 5, kX0, kY0, bigBox());
        QStringList b;
        b << feature(squareGeometry(kX0 + 100, kY0 + 100, 20), QStringLiteral("{\"height\":\"12\"}"))
          << feature(squareGeometry(kX0 - 300, kY0 + 700, 40),
                     QStringLiteral("{\"other_tags\":\"\\\"height\\\"=>\\\"10\\\",\\\"min_height\\\"=>\\\"4\\\"\"}"));
        LayerSpec spec;
        spec.sources = {writeGeoJson(m_dir, "terrain_buildings.geojson", b).toStdString()};
        ImportOptions options;
        options.elevation = ground;
        auto result = importLayer(spec, utm31(), options);
        QVERIFY2(result.ok(), qPrintable(diagnosticsText(result.diagnostics())));
        QCOMPARE(result->kind, LayerKind::Buildings);
        QCOMPARE(int(result->features.size()), 2);
        const auto z = zRangePerFeature(*result);
        const double base0 = ground->at(kX0 + 100, kY0 + 100), base1 = ground->at(kX0 - 300, kY0 + 700);
        QVERIFY(std::abs(result->features[0].baseMeters - base0) < 1e-9);
        QVERIFY(std::abs(result->features[1].baseMeters - base1) < 1e-9);
        QVERIFY(std::abs(z[0].first - base0) < 0.01);
        QVERIFY(std::abs(z[0].second - (base0 + 12)) < 0.01);
        QVERIFY(std::abs(z[1].first - (base1 + 4)) < 0.01); // min_height
        QVERIFY(std::abs(z[1].second - (base1 + 10)) < 0.01);

        // A 1 km road over the slope: every vertex within 0.5 m above it.
        QStringList l{feature(QStringLiteral("{\"type\":\"LineString\",\"coordinates\":[[%1,%2],[%3,%4]]}")
                                  .arg(kX0).arg(kY0).arg(kX0 + 800).arg(kY0 + 600))};
        spec.sources = {writeGeoJson(m_dir, "terrain_lines.geojson", l).toStdString()};
        spec.kind = LayerKind::Lines;
        auto lines = importLayer(spec, utm31(), options);
        QVERIFY(lines.ok());
        QCOMPARE(lines->stats.triangles, int64_t(2 * 50)); // densified every 20 m
        for (const MeshChunk& c : lines->chunks)
            for (size_t v = 0; v < c.vertexCount(); ++v) {
                const DVec3 p = vertexOf(c, uint32_t(v));
                const double above = p.z - ground->at(p.x, p.y);
                QVERIFY2(above > 0 && above <= 0.5, qPrintable(QString::number(above)));
            }

        // An area with a hole on the slope: plan area kept, 0.15 m above ground.
        QStringList a{feature(QStringLiteral(
            "{\"type\":\"Polygon\",\"coordinates\":[[[%1,%2],[%3,%2],[%3,%4],[%1,%4],[%1,%2]],[[%5,%6],[%5,%7],[%8,%7],[%8,%6],[%5,%6]]]}")
                                  .arg(kX0).arg(kY0).arg(kX0 + 200).arg(kY0 + 200)
                                  .arg(kX0 + 50).arg(kY0 + 50).arg(kY0 + 100).arg(kX0 + 100))};
        spec.sources = {writeGeoJson(m_dir, "terrain_area.geojson", a).toStdString()};
        spec.kind = LayerKind::Areas;
        auto areas = importLayer(spec, utm31(), options);
        QVERIFY(areas.ok());
        QVERIFY(std::abs(layerPlanArea(*areas) - (40000 - 2500)) < 0.01);
        for (const MeshChunk& c : areas->chunks)
            for (size_t v = 0; v < c.vertexCount(); ++v) {
                const DVec3 p = vertexOf(c, uint32_t(v));
                QVERIFY(std::abs(p.z - ground->at(p.x, p.y) - DrapeOptions::kAreaLiftMeters) < 0.01);
            }
    }

    // Points: one feature per source feature (a multipoint keeps its first
    // point), standing on the ground, no mesh.
    void points()
    {
        auto ground = AnalyticElevation::plane(0.01, 0, 5, kX0, kY0, bigBox());
        QStringList p;
        p << feature(QStringLiteral("{\"type\":\"Point\",\"coordinates\":[%1,%2]}").arg(kX0 + 100).arg(kY0), "{\"name\":\"a\"}")
          << feature(QStringLiteral("{\"type\":\"MultiPoint\",\"coordinates\":[[%1,%2],[%3,%2]]}").arg(kX0 + 200).arg(kY0).arg(kX0 + 900),
                     "{\"name\":\"b\"}");
        LayerSpec spec;
        spec.sources = {writeGeoJson(m_dir, "points.geojson", p).toStdString()};
        ImportOptions options;
        options.elevation = ground;
        auto result = importLayer(spec, utm31(), options);
        QVERIFY2(result.ok(), qPrintable(diagnosticsText(result.diagnostics())));
        QCOMPARE(result->kind, LayerKind::Points);
        checkInvariants(*result);
        QCOMPARE(int(result->features.size()), 2);
        QCOMPARE(result->features[0].centroid, (DVec2{kX0 + 100, kY0}));
        QCOMPARE(result->features[1].centroid, (DVec2{kX0 + 200, kY0}));
        QVERIFY(std::abs(result->features[0].baseMeters - 6.0) < 1e-9);
        QVERIFY(std::abs(result->features[1].baseMeters - 7.0) < 1e-9);
        QCOMPARE(attribute(result->features[1], "name"), std::string("b"));
    }

    // Real data: counts read and built, plan area of areas against the source.
    void realLayers_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<LayerKind>("requested");
        QTest::addColumn<LayerKind>("resolved");
        QTest::addColumn<int>("read");
        QTest::addColumn<int>("minBuilt");
        QTest::addColumn<double>("sourceArea"); // m² in the source CRS; < 0 = not checked
        QTest::newRow("Boston streets as lines") << "boston/boston-scl-utm19n-meters.shp" << LayerKind::Lines
                                                 << LayerKind::Lines << 1987 << 1987 << -1.0;
        QTest::newRow("Boston streets auto") << "boston/boston-scl-utm19n-meters.shp" << LayerKind::Auto
                                             << LayerKind::Lines << 1987 << 1987 << -1.0;
        QTest::newRow("Boston folder: lines pick the streets") << "boston" << LayerKind::Lines << LayerKind::Lines
                                                               << 1987 << 1987 << -1.0;
        QTest::newRow("Boston folder: areas pick the parks") << "boston" << LayerKind::Areas << LayerKind::Areas << 638
                                                             << 630 << 7036054.0;
        QTest::newRow("Boston parks as areas") << "boston/boston-parks.shp" << LayerKind::Areas << LayerKind::Areas
                                               << 638 << 630 << 7036054.0;
        QTest::newRow("Delft wegdeel") << "delft/bgt/bgt_wegdeel.sqlite" << LayerKind::Areas << LayerKind::Areas << 151
                                       << 151 << 7747.79;
        QTest::newRow("Delft waterdeel") << "delft/bgt/bgt_waterdeel.sqlite" << LayerKind::Areas << LayerKind::Areas
                                         << 3 << 3 << 16065.54;
        QTest::newRow("Delft begroeidterreindeel") << "delft/bgt/bgt_begroeidterreindeel.sqlite" << LayerKind::Areas
                                                   << LayerKind::Areas << 126 << 126 << 3526.41;
    }
    void realLayers()
    {
        QFETCH(QString, path);
        QFETCH(LayerKind, requested);
        QFETCH(LayerKind, resolved);
        QFETCH(int, read);
        QFETCH(int, minBuilt);
        QFETCH(double, sourceArea);
        VECTOR_SHARED_DATA(full, path);
        LayerSpec spec;
        spec.sources = {full.toStdString()};
        spec.kind = requested;
        const SceneFrame frame = frameFor(spec.sources);
        QVERIFY(!frame.crsDefinition.empty());
        QElapsedTimer timer;
        timer.start();
        auto result = importLayer(spec, frame);
        QVERIFY2(result.ok(), qPrintable(diagnosticsText(result.diagnostics())));
        const ImportedLayer& layer = *result;
        qInfo("%s: %lld read, %lld built, %lld repaired, %lld triangles, %zu tiles, plan area %.1f m² in %lld ms",
              qPrintable(path), (long long)layer.stats.featuresRead, (long long)layer.stats.featuresBuilt,
              (long long)layer.stats.featuresRepaired, (long long)layer.stats.triangles, layer.chunks.size(),
              layerPlanArea(layer), timer.elapsed());
        QCOMPARE(layer.kind, resolved);
        QCOMPARE(int(layer.stats.featuresRead), read);
        QVERIFY2(layer.stats.featuresBuilt >= minBuilt, qPrintable(diagnosticsText(result.diagnostics())));
        checkInvariants(layer);
        // Every built feature has geometry (a triangular parcel has one triangle).
        for (int64_t n : trianglesPerFeature(layer)) QVERIFY(n >= 1);
        // Scale differences between the source CRS and UTM stay well under 1 %.
        if (sourceArea > 0) QVERIFY2(std::abs(layerPlanArea(layer) / sourceArea - 1) < 0.01,
                                     qPrintable(QString::number(layerPlanArea(layer))));
    }

    // The OSM one-drop city: five themed layers from one extract.
    void monacoOsm_data()
    {
        QTest::addColumn<int>("theme");
        QTest::addColumn<QString>("name");
        QTest::addColumn<LayerKind>("kind");
        QTest::addColumn<int>("minBuilt");
        QTest::addColumn<int>("maxBuilt");
        QTest::newRow("buildings") << 0 << "monaco buildings" << LayerKind::Buildings << 23300 << 23400;
        QTest::newRow("roads") << 1 << "monaco roads" << LayerKind::Lines << 2850 << 2950;
        QTest::newRow("water") << 2 << "monaco water" << LayerKind::Areas << 400 << 450;
        QTest::newRow("parks") << 3 << "monaco parks" << LayerKind::Areas << 100 << 160;
        QTest::newRow("amenities") << 4 << "monaco amenities" << LayerKind::Points << 400 << 450;
    }
    void monacoOsm()
    {
        QFETCH(int, theme);
        QFETCH(QString, name);
        QFETCH(LayerKind, kind);
        QFETCH(int, minBuilt);
        QFETCH(int, maxBuilt);
        CITYTWIN_SHARED_DATA(path, "monaco/monaco.osm.pbf");
        QVERIFY(isOsmSource(path.toStdString()));
        QVERIFY(!isOsmSource("/data/boston.gpkg"));
        const auto specs = osmLayerSpecs(path.toStdString());
        QCOMPARE(int(specs.size()), 5);
        const LayerSpec& spec = specs[theme];
        QCOMPARE(QString::fromStdString(spec.name), name);
        QCOMPARE(spec.kind, kind);
        const SceneFrame frame = frameFor(spec.sources);
        QCOMPARE(QString::fromStdString(frame.crsDefinition), QStringLiteral("EPSG:32632"));
        QElapsedTimer timer;
        timer.start();
        auto result = importLayer(spec, frame);
        QVERIFY2(result.ok(), qPrintable(diagnosticsText(result.diagnostics())));
        const ImportedLayer& layer = *result;
        qInfo("%s: %lld read, %lld built, %lld triangles, %zu tiles in %lld ms", qPrintable(name),
              (long long)layer.stats.featuresRead, (long long)layer.stats.featuresBuilt,
              (long long)layer.stats.triangles, layer.chunks.size(), timer.elapsed());
        QCOMPARE(layer.kind, kind);
        QVERIFY2(layer.stats.featuresBuilt >= minBuilt && layer.stats.featuresBuilt <= maxBuilt,
                 qPrintable(QString::number(layer.stats.featuresBuilt)));
        checkInvariants(layer);
        // The extract spans Monaco and its neighbours, about 11.5 x 6 km; a
        // feature reprojected wrongly would stretch this by far.
        QVERIFY2(layer.extent.width() > 5000 && layer.extent.width() < 12500 && layer.extent.height() > 3000
                     && layer.extent.height() < 7000,
                 qPrintable(QStringLiteral("%1 x %2 m").arg(layer.extent.width()).arg(layer.extent.height())));
        if (kind == LayerKind::Lines) {
            // Widths follow the highway class: a motorway ribbon is wider than a footway.
            int withHighway = 0;
            for (const FeatureRecord& f : layer.features) withHighway += !attribute(f, "highway").empty();
            QCOMPARE(withHighway, int(layer.features.size()));
        }
        if (kind == LayerKind::Points)
            for (const FeatureRecord& f : layer.features)
                QVERIFY(attribute(f, "other_tags").find("\"amenity\"=>") != std::string::npos);

        // Again on a sloping ground (5 % east, 2 % north): buildings stand on
        // the lowest ground under their footprint, lines and areas lie on it.
        Extent2 box = layer.extent;
        box.add(box.minX - 1000, box.minY - 1000);
        box.add(box.maxX + 1000, box.maxY + 1000);
        const DVec2 c = box.centre();
        auto ground = AnalyticElevation::plane(0.05, 0.02, 300, c.x, c.y, box);
        ImportOptions options;
        options.elevation = ground;
        timer.restart();
        auto draped = importLayer(spec, frame, options);
        QVERIFY(draped.ok());
        qInfo("%s on terrain: %lld built, %lld triangles in %lld ms", qPrintable(name),
              (long long)draped->stats.featuresBuilt, (long long)draped->stats.triangles, timer.elapsed());
        QCOMPARE(draped->stats.featuresBuilt, layer.stats.featuresBuilt);
        if (kind == LayerKind::Buildings) {
            // Lowest plane height over each building's vertices = its base.
            std::vector<double> lowest(draped->features.size(), 1e300);
            for (const MeshChunk& m : draped->chunks)
                for (size_t v = 0; v < m.vertexCount(); ++v) {
                    const DVec3 p = vertexOf(m, uint32_t(v));
                    lowest[m.featureIds[v]] = std::min(lowest[m.featureIds[v]], ground->at(p.x, p.y));
                }
            int floating = 0;
            for (size_t i = 0; i < lowest.size(); ++i) floating += std::abs(lowest[i] - draped->features[i].baseMeters) > 0.05;
            QCOMPARE(floating, 0);
        } else if (kind != LayerKind::Points) {
            const double lift = kind == LayerKind::Lines ? DrapeOptions::kLineLiftMeters : DrapeOptions::kAreaLiftMeters;
            for (const MeshChunk& m : draped->chunks)
                for (size_t v = 0; v < m.vertexCount(); ++v) {
                    const DVec3 p = vertexOf(m, uint32_t(v));
                    QVERIFY(std::abs(p.z - ground->at(p.x, p.y) - lift) < 0.05);
                }
        } else {
            for (const FeatureRecord& f : draped->features)
                QVERIFY(std::abs(f.baseMeters - ground->at(f.centroid.x, f.centroid.y)) < 1e-6);
        }
    }

    // An OSM Lines layer without a layer name reads the `lines` layer.
    void osmKindPicksLayer()
    {
        CITYTWIN_SHARED_DATA(path, "monaco/monaco.osm.pbf");
        LayerSpec spec;
        spec.sources = {path.toStdString()};
        spec.kind = LayerKind::Lines;
        auto result = importLayer(spec, SceneFrame::utmFor(7.42, 43.73));
        QVERIFY(result.ok());
        QCOMPARE(result->kind, LayerKind::Lines);
        QVERIFY2(result->stats.featuresRead > 3200 && result->stats.featuresRead < 3400,
                 qPrintable(QString::number(result->stats.featuresRead)));
    }

    // An attribute filter GDAL cannot parse is an error naming the source.
    void invalidFilter_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("filter");
        QTest::newRow("shapefile, broken SQL") << "boston/boston-scl-utm19n-meters.shp" << "STNAME = = 'x' ((";
        QTest::newRow("shapefile, unknown column") << "boston/boston-scl-utm19n-meters.shp" << "no_such_column = 3";
        QTest::newRow("OSM, broken SQL") << "monaco/monaco.osm.pbf" << "highway IS NOT";
    }
    void invalidFilter()
    {
        QFETCH(QString, path);
        QFETCH(QString, filter);
        VECTOR_SHARED_DATA(full, path);
        LayerSpec spec;
        spec.sources = {full.toStdString()};
        spec.attributeFilter = filter.toStdString();
        auto result = importLayer(spec, SceneFrame::utmFor(-71, 42.3));
        QVERIFY(!result.ok());
        QVERIFY2(anyDiagnostic(result.diagnostics(), full.toStdString(), "invalid attribute filter"),
                 qPrintable(diagnosticsText(result.diagnostics())));
        QVERIFY(result.firstError().find(filter.toStdString()) != std::string::npos);
    }

    // A valid filter reads only the matching features.
    void validFilter()
    {
        CITYTWIN_SHARED_DATA(full, "boston/boston-scl-utm19n-meters.shp");
        LayerSpec spec;
        spec.sources = {full.toStdString()};
        spec.attributeFilter = "STTYPE = 'AVE'";
        auto result = importLayer(spec, SceneFrame::utmFor(-71, 42.3));
        QVERIFY(result.ok());
        QVERIFY(result->stats.featuresRead > 10 && result->stats.featuresRead < 1987);
        for (const FeatureRecord& f : result->features) QCOMPARE(attribute(f, "STTYPE"), std::string("AVE"));
    }
};

int runVectorLayersTest(int argc, char** argv)
{
    VectorLayersTest t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_gis_VectorLayers.moc"
