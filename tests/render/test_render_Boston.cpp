// Real data end to end: import Boston's buildings, render them from the
// issue's camera and compare with the reference image; camera arguments.
#include "RenderTestSupport.h"
#include "TestData.h"
#include "test_render_Suites.h"

#include "citytwin/gis/LayerImporter.h"
#include "citytwin/gis/SceneFrame.h"
#include "citytwin/render/CityScene.h"
#include "citytwin/render/OffscreenRenderer.h"

#include <QElapsedTimer>
#include <QtTest>

using namespace citytwin;
using namespace citytwin::test;

class TestBostonReference : public QObject {
    Q_OBJECT
private slots:
    void parseCameraArgument_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("issue camera") << "-71.0585,42.3568,2000,0,-45" << true;
        QTest::newRow("spaces") << " -71.06, 42.36 ,500, 90 ,-90" << true;
        QTest::newRow("four values") << "-71.0585,42.3568,2000,0" << false;
        QTest::newRow("not a number") << "-71.0585,abc,2000,0,-45" << false;
        QTest::newRow("negative range") << "-71.0585,42.3568,-5,0,-45" << false;
        QTest::newRow("pitch above horizon") << "-71.0585,42.3568,2000,0,10" << false;
        QTest::newRow("latitude out of range") << "-71.0585,95,2000,0,-45" << false;
        QTest::newRow("empty") << "" << false;
    }
    void parseCameraArgument() {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        const gis::SceneFrame frame = gis::SceneFrame::utmFor(-71.06, 42.36);
        const auto view = render::parseCameraArgument(text.toStdString(), frame);
        QCOMPARE(view.ok(), valid);
        if (!valid) {
            QVERIFY(!view.firstError().empty());
            return;
        }
        // Boston in UTM 19N: easting ~330 km, northing ~4691 km.
        QVERIFY(view->target.x > 320000 && view->target.x < 340000);
        QVERIFY(view->target.y > 4680000 && view->target.y < 4700000);
        if (text.startsWith('-')) {
            QCOMPARE(view->rangeMeters, 2000.0);
            QCOMPARE(view->pitchDeg, -45.0);
            QCOMPARE(view->fovYDeg, 30.0);
        }
    }

    void bostonMatchesReference() {
        CITYTWIN_SHARED_DATA(path, "boston/boston_buildings_wgs84.gpkg");
        gis::LayerSpec spec;
        spec.name = "boston buildings";
        spec.sources = {path.toStdString()};
        auto probe = gis::probeExtentLonLat(spec.sources);
        QVERIFY2(probe.ok(), probe.firstError().c_str());
        const gis::DVec2 centre = probe->centre();
        const gis::SceneFrame frame = gis::SceneFrame::utmFor(centre.x, centre.y);

        QElapsedTimer timer;
        timer.start();
        auto imported = gis::importLayer(spec, frame);
        QVERIFY2(imported.ok(), imported.firstError().c_str());
        const qint64 importMs = timer.elapsed();
        QVERIFY(imported->stats.featuresBuilt > 20000);

        render::CityScene scene;
        timer.restart();
        scene.addLayer(render::prepareLayer(*imported));
        const qint64 prepareMs = timer.elapsed();

        const auto view = render::parseCameraArgument("-71.0585,42.3568,2000,0,-45", frame);
        QVERIFY2(view.ok(), view.firstError().c_str());
        auto renderer = render::OffscreenRenderer::create(640, 360);
        QVERIFY2(renderer.ok(), renderer.firstError().c_str());
        timer.restart();
        const render::RgbaImage image = (*renderer)->renderComplete(scene, *view);
        const qint64 renderMs = timer.elapsed();
        const render::FrameStats stats = (*renderer)->measureFrames(scene, *view, 5);
        qInfo("boston: %lld features built, %zu tiles; import %lld ms, prepare %lld ms, "
              "first complete image %lld ms; frame median %.1f ms, p95 %.1f ms, %lld draw calls, "
              "%lld triangles",
              static_cast<long long>(imported->stats.featuresBuilt), imported->chunks.size(), importMs,
              prepareMs, renderMs, stats.medianFrameMs, stats.p95FrameMs,
              static_cast<long long>(stats.drawCalls), static_cast<long long>(stats.triangles));
        QVERIFY(stats.drawCalls > 0);
        QVERIFY(stats.drawCalls <= int64_t(imported->chunks.size())); // tiles, not buildings

        int buildingPixels = 0;
        for (int y = 0; y < image.height; ++y)
            for (int x = 0; x < image.width; ++x) buildingPixels += isSky(pixelAt(image, x, y), 6) ? 0 : 1;
        QVERIFY2(buildingPixels > image.width * image.height / 10, "the city covers the view");

        // Rasterisers differ a little between Mesa versions at edges: allow
        // small colour differences and 1 % of the pixels to differ.
        const QString message = checkReferenceImage(
            image, QStringLiteral(CITYTWIN_RENDER_REFERENCE_DIR "/boston_640x360.png"), testOutDir("render"),
            QStringLiteral("boston_640x360"), 16, image.width * image.height / 100);
        QVERIFY2(message.isEmpty(), qPrintable(message));
    }

    /// Buildings, street ribbons and parks together, with park labels and a
    /// legend: every kind shows, and two renders are identical (no z-fighting).
    void bostonLayersTogether() {
        CITYTWIN_SHARED_DATA(buildingsPath, "boston/boston_buildings_wgs84.gpkg");
        CITYTWIN_SHARED_DATA(streetsPath, "boston/boston-scl-utm19n-meters.shp");
        CITYTWIN_SHARED_DATA(parksPath, "boston/boston-parks.shp");
        const gis::SceneFrame frame = gis::SceneFrame::utmFor(-71.06, 42.36);
        auto import = [&](const QString& path, gis::LayerKind kind, const char* name) {
            gis::LayerSpec spec;
            spec.name = name;
            spec.kind = kind;
            spec.sources = {path.toStdString()};
            return gis::importLayer(spec, frame);
        };
        auto parks = import(parksPath, gis::LayerKind::Areas, "parks");
        auto streets = import(streetsPath, gis::LayerKind::Lines, "streets");
        auto buildings = import(buildingsPath, gis::LayerKind::Buildings, "buildings");
        QVERIFY2(parks.ok() && streets.ok() && buildings.ok(), "imports");
        QCOMPARE(parks->kind, gis::LayerKind::Areas);
        QCOMPARE(streets->kind, gis::LayerKind::Lines);
        QVERIFY(!parks->chunks.empty() && !streets->chunks.empty());

        render::CityScene scene;
        const auto parkId = scene.addLayer(render::prepareLayer(*parks));
        scene.addLayer(render::prepareLayer(*streets));
        scene.addLayer(render::prepareLayer(*buildings));
        std::vector<std::string> names;
        for (const gis::FeatureRecord& f : parks->features) {
            std::string name;
            for (const auto& a : f.attributes)
                if (a.first == "SITE_NAME" || a.first == "site_name") name = a.second;
            names.push_back(name);
        }
        scene.setLayerLabels(parkId, names);
        scene.setLegend({{"Layers", {}, true},
                         {"Parks", render::kDefaultAreaColor, false},
                         {"Streets", render::kDefaultLineColor, false},
                         {"Buildings", render::kDefaultBuildingColor, false}});

        const auto view = render::parseCameraArgument("-71.0585,42.3568,2000,0,-45", frame);
        QVERIFY2(view.ok(), view.firstError().c_str());
        auto renderer = render::OffscreenRenderer::create(640, 360);
        QVERIFY2(renderer.ok(), renderer.firstError().c_str());
        const render::RgbaImage a = (*renderer)->renderComplete(scene, *view);
        const render::RgbaImage b = (*renderer)->renderComplete(scene, *view);
        render::writePng(a, (testOutDir("render") + "/boston_layers.png").toStdString());
        QCOMPARE(compareImages(a, b, 0).mismatched, 0);
        auto count = [&](render::FeatureColor c, int tolerance) {
            int n = 0;
            for (int y = 0; y < a.height; ++y)
                for (int x = 0; x < a.width; ++x)
                    n += colorDistance(pixelAt(a, x, y), {c.r, c.g, c.b, 255}) <= tolerance ? 1 : 0;
            return n;
        };
        const int parkPixels = count(render::kDefaultAreaColor, 12);
        const int streetPixels = count(render::kDefaultLineColor, 12);
        qInfo("boston layers: %d park pixels, %d street pixels, %d park labels placed", parkPixels,
              streetPixels, scene.placedLabelCount());
        QVERIFY(parkPixels > 500);
        QVERIFY(streetPixels > 500);
        QVERIFY(scene.placedLabelCount() > 0);
    }
};

int citytwin::test::runBostonReferenceTests(int argc, char** argv) {
    TestBostonReference t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_render_Boston.moc"
