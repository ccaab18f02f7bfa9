// SensorBinder on a real imported layer (the demo city's buildings, written
// by the real generator and read by the app's loader): binding by key, by
// nearest footprint, marker positions and the colours of bound buildings.

#include "test_sensor_session_Suites.h"

#include "SensorBindingSupport.h"

#include "core/LayerLoader.h"
#include "core/sensors/SensorBinder.h"

#include "citytwin/data/sensors/SensorPalette.h"
#include "citytwin/gis/CrsTransformer.h"
#include "citytwin/gis/DemoCity.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace citytwin;
using test::sensorAt;

namespace {

const std::string kLayerId = "buildings-1";

std::string attributeOf(const gis::FeatureRecord& f, const std::string& name) {
    for (const auto& [n, v] : f.attributes)
        if (n == name) return std::string(v);
    return {};
}

} // namespace

class TestSensorBinder : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::shared_ptr<const gis::ImportedLayer> m_layer;
    std::shared_ptr<const gis::ImportedLayer> m_streets;
    app::VectorLayerLookup m_lookup;

    /// WGS 84 position of a point in the layer's scene CRS.
    gis::DVec2 lonLatOf(const gis::DVec2& scene) {
        auto toLonLat = gis::CrsTransformer::create(m_layer->frame.crsDefinition, "EPSG:4326");
        if (!toLonLat.ok()) return {};
        gis::DVec2 p = scene;
        toLonLat->transform(p.x, p.y);
        return p;
    }

private slots:
    void initTestCase() {
        gis::DemoCityOptions o;
        o.outDir = m_dir.path().toStdString();
        o.buildings = 150;
        o.seed = 4;
        auto files = gis::generateDemoCity(o);
        QVERIFY2(files.ok(), files.firstError().c_str());
        const std::string error = test::loadVectorLayer(files->buildingsPath, m_layer);
        QVERIFY2(error.empty(), error.c_str());
        QVERIFY(m_layer->features.size() >= 100);
        m_lookup = test::singleLayerLookup(kLayerId, m_layer);
        const std::string streetsError = test::loadVectorLayer(files->streetsPath, m_streets);
        QVERIFY2(streetsError.empty(), streetsError.c_str());
    }

    /// A sensor on a long street, far from the street's centroid, binds to
    /// the street whose drawn ribbon it stands on.
    void aSensorOnALongStreetBindsToIt() {
        QCOMPARE(int(m_streets->kind), int(gis::LayerKind::Lines));
        // The street vertex farthest from its own centroid.
        gis::DVec2 far, centroid;
        double reach = 0;
        for (const gis::MeshChunk& chunk : m_streets->chunks)
            for (size_t v = 0; v < chunk.vertexCount(); ++v) {
                const gis::DVec2 p{chunk.origin.x + chunk.positions[3 * v], chunk.origin.y + chunk.positions[3 * v + 1]};
                const gis::DVec2 c = m_streets->features[chunk.featureIds[v]].centroid;
                if (const double d = std::hypot(p.x - c.x, p.y - c.y); d > reach) reach = d, far = p, centroid = c;
            }
        QVERIFY2(reach > 150, qPrintable(QString::number(reach)));
        // Three quarters of the way out along the street: on it, far from every centroid near it.
        const gis::DVec2 onStreet{centroid.x + 0.75 * (far.x - centroid.x), centroid.y + 0.75 * (far.y - centroid.y)};
        std::vector<data::Sensor> sensors = {sensorAt("flow", data::SensorKind::TrafficFlow, lonLatOf(onStreet))};
        const app::BindNearestOptions options{"streets-1", "id", 20.0, false, true};
        auto report = app::bindNearest(sensors, app::LayerMeshes(*m_streets), options);
        QVERIFY2(report.ok(), report.firstError().c_str());
        QCOMPARE(report->bound, size_t(1));
        const app::FeatureKeyIndex index(*m_streets, "id");
        const auto bound = index.find(sensors[0].binding.featureKey);
        QVERIFY(bound.has_value());
        const gis::DVec2 c = m_streets->features[*bound].centroid;
        QVERIFY2(std::hypot(c.x - onStreet.x, c.y - onStreet.y) > 20, "bound by centroid, not by the ribbon");
    }

    void bindsByKeyOnce() {
        const gis::FeatureRecord& target = m_layer->features[5];
        const std::string key = attributeOf(target, "id");
        QVERIFY(!key.empty());
        data::Sensor bound = sensorAt("energy-5", data::SensorKind::Energy, std::nullopt);
        bound.binding = {kLayerId, key, "id"};
        data::Sensor missing = sensorAt("energy-x", data::SensorKind::Energy, std::nullopt);
        missing.binding = {kLayerId, "no-such-building", "id"};
        data::Sensor otherLayer = sensorAt("energy-y", data::SensorKind::Energy, std::nullopt);
        otherLayer.binding = {"not-loaded", key, "id"};
        data::Sensor byFid = sensorAt("energy-f", data::SensorKind::Energy, std::nullopt);
        byFid.binding = {kLayerId, std::to_string(m_layer->features[9].sourceFid), std::string(app::kFidKeyAttribute)};

        app::SensorBinder binder;
        const app::ResolvedBindings resolved = binder.resolve({bound, missing, otherLayer, byFid}, m_lookup);
        QCOMPARE(resolved.size(), size_t(2));
        QCOMPARE(resolved.at("energy-5"), (app::FeatureRef{kLayerId, 5}));
        QCOMPARE(resolved.at("energy-f"), (app::FeatureRef{kLayerId, 9}));
        QCOMPARE(binder.cachedIndexes(), size_t(2)); // "id" and "fid" on one layer
        binder.resolve({bound}, m_lookup);
        QCOMPARE(binder.cachedIndexes(), size_t(2)); // reused, not rebuilt per call

        const app::FeatureKeyIndex index(*m_layer, "id");
        QCOMPARE(index.size(), m_layer->features.size());
        QCOMPARE(index.repeatedKeys(), size_t(0));
    }

    void bindsToTheNearestBuilding() {
        const gis::FeatureRecord& target = m_layer->features[7];
        std::vector<data::Sensor> sensors = {
            sensorAt("near", data::SensorKind::Energy, lonLatOf(target.centroid)),
            sensorAt("far", data::SensorKind::Energy, lonLatOf({m_layer->extent.maxX + 5000, m_layer->extent.maxY})),
            sensorAt("no-position", data::SensorKind::Energy, std::nullopt),
        };
        app::BindNearestOptions options;
        options.layerId = kLayerId;
        options.keyAttribute = "id";
        options.radiusMeters = 30;
        auto report = app::bindNearest(sensors, app::LayerMeshes(*m_layer), options);
        QVERIFY2(report.ok(), report.firstError().c_str());
        QCOMPARE(report->bound, size_t(1));
        QCOMPARE(report->unbound, std::vector<std::string>{"far"});
        QCOMPARE(sensors[0].binding, (data::SensorBinding{kLayerId, attributeOf(target, "id"), "id"}));
        QVERIFY(sensors[1].binding.layerId.empty());
        QVERIFY(sensors[2].binding.layerId.empty());

        // Without a key attribute the binding uses the source FID, and resolves back to the same building.
        std::vector<data::Sensor> byFid = {sensorAt("near-fid", data::SensorKind::Energy, lonLatOf(target.centroid))};
        options.keyAttribute.clear();
        QVERIFY(app::bindNearest(byFid, app::LayerMeshes(*m_layer), options).ok());
        QCOMPARE(byFid[0].binding.keyAttribute, std::string(app::kFidKeyAttribute));
        QCOMPARE(byFid[0].binding.featureKey, std::to_string(target.sourceFid));
        app::SensorBinder binder;
        QCOMPARE(binder.resolve(byFid, m_lookup).at("near-fid").featureIndex, uint32_t(7));
    }

    void aPointInsideAFootprintBindsToThatBuilding() {
        // A point just off the centroid of a rectangular building is on its
        // roof: it binds to that building even with a radius too small to
        // reach any centroid. (L, U and courtyard shapes may have their
        // centroid outside the footprint: those stay unbound here.)
        app::BindNearestOptions options;
        options.layerId = kLayerId;
        options.keyAttribute = "id";
        options.radiusMeters = 0.01;
        std::vector<data::Sensor> sensors;
        std::vector<size_t> rectangles;
        for (size_t i = 0; i < m_layer->features.size() && rectangles.size() < 30; ++i) {
            if (attributeOf(m_layer->features[i], "shape") != "rectangle") continue;
            const gis::DVec2 c = m_layer->features[i].centroid;
            std::string id = "s";
            id += std::to_string(i);
            sensors.push_back(sensorAt(id, data::SensorKind::Energy, lonLatOf({c.x + 0.5, c.y + 0.5})));
            rectangles.push_back(i);
        }
        QVERIFY(rectangles.size() >= 10);
        auto report = app::bindNearest(sensors, app::LayerMeshes(*m_layer), options);
        QVERIFY(report.ok());
        QCOMPARE(report->bound, sensors.size());
        for (size_t k = 0; k < sensors.size(); ++k)
            QCOMPARE(sensors[k].binding.featureKey, attributeOf(m_layer->features[rectangles[k]], "id"));

        // Without footprints the same points are too far from every centroid.
        for (data::Sensor& s : sensors) s.binding = {};
        options.preferContaining = false;
        QCOMPARE(app::bindNearest(sensors, app::LayerMeshes(*m_layer), options)->bound, size_t(0));
    }

    void positionsAndColoursOfBoundSensors() {
        const gis::FeatureRecord& roofOf = m_layer->features[3];
        data::Sensor onBuilding = sensorAt("energy-3", data::SensorKind::Energy, std::nullopt);
        onBuilding.binding = {kLayerId, attributeOf(roofOf, "id"), "id"};
        data::Sensor stale = sensorAt("energy-4", data::SensorKind::Energy, std::nullopt);
        stale.binding = {kLayerId, attributeOf(m_layer->features[4], "id"), "id"};
        const gis::DVec2 street{m_layer->extent.minX + 10, m_layer->extent.minY + 10};
        data::Sensor free = sensorAt("noise-1", data::SensorKind::Noise, lonLatOf(street));
        const std::vector<data::Sensor> sensors = {onBuilding, stale, free};
        app::SensorBinder binder;
        const app::ResolvedBindings resolved = binder.resolve(sensors, m_lookup);

        auto positions = app::sensorPositions(sensors, m_layer->frame, resolved, m_lookup);
        QVERIFY2(positions.ok(), positions.firstError().c_str());
        QCOMPARE(positions->size(), size_t(3));
        const app::SensorPosition& p0 = (*positions)[0];
        QCOMPARE(p0.position.x, roofOf.centroid.x);
        QCOMPARE(p0.position.y, roofOf.centroid.y);
        QCOMPARE(p0.position.z, roofOf.baseMeters + roofOf.heightMeters);
        QVERIFY(p0.onFeature && roofOf.heightMeters > 0);
        const app::SensorPosition& p2 = (*positions)[2];
        QVERIFY(!p2.onFeature);
        QVERIFY(std::abs(p2.position.x - street.x) < 0.01 && std::abs(p2.position.y - street.y) < 0.01);

        // A current value colours its building by value; a stale one in the stale colour.
        data::SensorHub hub;
        hub.setSensors(sensors);
        const int64_t now = 1'700'000'000'000;
        hub.push({"energy-3", now - 1000, 450, 1});
        hub.push({"energy-4", now - 3 * 3'600'000, 100, 1}); // period 15 min: stale after 45
        const data::HubSnapshot snap = hub.coalesce(now);
        const auto colours = app::boundFeatureColors(snap, hub.registry(), resolved);
        QCOMPARE(colours.size(), size_t(1));
        const std::vector<app::FeatureColor> expected = {
            {3, data::valueColor(data::SensorKind::Energy, 450)},
            {4, data::statusColor(data::SensorStatus::Stale)},
        };
        QCOMPARE(colours.at(kLayerId), expected);
        QVERIFY(data::valueColor(data::SensorKind::Energy, 450) != data::valueColor(data::SensorKind::Energy, 50));
    }
};

int runSensorBinderTests(int argc, char** argv) {
    TestSensorBinder t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_sensor_session_Binder.moc"
