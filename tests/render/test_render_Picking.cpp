// Picking city features under the cursor (CityScene::pick) and drawing the
// selected one highlighted.
#include "RenderTestSupport.h"
#include "TestData.h"
#include "test_render_Suites.h"

#include "citytwin/render/CityScene.h"
#include "citytwin/render/OffscreenRenderer.h"

#include <QtTest>

#include <cmath>

using namespace citytwin;
using namespace citytwin::test;

namespace {

constexpr int kWidth = 320;
constexpr int kHeight = 240;
constexpr double kX0 = 330017.0;   // UTM-sized coordinates
constexpr double kY0 = 4691843.0;
constexpr int kGrid = 10;
constexpr double kSpacing = 40.0;  // metres between building centres
constexpr float kHalf = 10.0f;     // half a building's side

/// Feature index of the building in grid cell (col, row): shuffled, so tile
/// order, vertex order and feature order all differ.
uint32_t featureOf(int col, int row) { return uint32_t((row * kGrid + col) * 37 % (kGrid * kGrid)); }

double heightOf(int col, int row, bool varied) { return varied ? 10.0 + 3.0 * ((col * 7 + row * 3) % 11) : 20.0; }

/// Centre of grid cell (col, row) relative to (kX0, kY0).
std::array<double, 2> centreOf(int col, int row) {
    return {(col - (kGrid - 1) / 2.0) * kSpacing, (row - (kGrid - 1) / 2.0) * kSpacing};
}

/// 10 x 10 buildings, one mesh chunk (with its own origin) per grid row.
gis::ImportedLayer buildingGrid(bool varied) {
    std::vector<gis::MeshChunk> chunks;
    for (int row = 0; row < kGrid; ++row) {
        gis::MeshChunk c;
        c.tile = {0, row, 0};
        c.origin = {kX0, kY0 + centreOf(0, row)[1], 0};
        for (int col = 0; col < kGrid; ++col) {
            const float x = float(centreOf(col, row)[0]);
            addBox(c, featureOf(col, row), x - kHalf, -kHalf, x + kHalf, kHalf, float(heightOf(col, row, varied)));
        }
        chunks.push_back(std::move(c));
    }
    return makeKindLayer(gis::LayerKind::Buildings, std::move(chunks), kGrid * kGrid, "buildings");
}

/// A park under the western half of the grid (draped, 0.15 m up).
gis::ImportedLayer parkLayer() {
    gis::MeshChunk c;
    c.origin = {kX0, kY0, 0};
    addFlatQuad(c, 0, -200, -200, 0, 200, 0.15f);
    return makeKindLayer(gis::LayerKind::Areas, {c}, 1, "park");
}

render::CameraView topView() { return topDownView({kX0, kY0, 0}, 900); }

render::CameraView obliqueView() {
    render::CameraView v = topView();
    v.rangeMeters = 800;
    v.headingDeg = 25;
    v.pitchDeg = -50;
    return v;
}

/// Window coordinates (origin bottom-left) of a scene point.
std::array<double, 2> windowOf(const render::CameraView& view, double dx, double dy, double z) {
    const auto p = projectToPixel(view, kWidth, kHeight, kX0 + dx, kY0 + dy, z);
    return {p[0], kHeight - p[1]};
}

QString describe(const std::optional<render::PickResult>& r) {
    if (!r) return QStringLiteral("nothing");
    return QStringLiteral("layer %1 feature %2 at %3,%4,%5")
        .arg(r->layer).arg(r->featureIndex).arg(r->point.x - kX0).arg(r->point.y - kY0).arg(r->point.z);
}

} // namespace

class TestRenderPicking : public QObject {
    Q_OBJECT
    std::unique_ptr<render::OffscreenRenderer> m_renderer;

private slots:
    void initTestCase() {
        auto r = render::OffscreenRenderer::create(kWidth, kHeight);
        QVERIFY2(r.ok(), r.firstError().c_str());
        m_renderer = r.takeValue();
    }

    void everyRoofPicksItsBuilding_data() {
        QTest::addColumn<bool>("oblique");
        QTest::newRow("top view, varied heights") << false;
        QTest::newRow("oblique, equal heights") << true;
    }

    void everyRoofPicksItsBuilding() {
        QFETCH(bool, oblique);
        const bool varied = !oblique; // equal roofs cannot hide each other's centres
        render::CityScene scene;
        const auto park = scene.addLayer(render::prepareLayer(parkLayer()));
        const auto buildings = scene.addLayer(render::prepareLayer(buildingGrid(varied)));
        const render::CameraView view = oblique ? obliqueView() : topView();
        osg::ref_ptr<osg::Camera> camera = cameraOf(view, kWidth, kHeight);
        const render::RgbaImage img = m_renderer->renderComplete(scene, view);
        render::writePng(img, (testOutDir("render") + (oblique ? "/pick_oblique.png" : "/pick_top.png")).toStdString());

        int right = 0;
        for (int row = 0; row < kGrid; ++row)
            for (int col = 0; col < kGrid; ++col) {
                const auto c = centreOf(col, row);
                const double h = heightOf(col, row, varied);
                const auto w = windowOf(view, c[0], c[1], h);
                const auto hit = scene.pick(*camera, w[0], w[1]); // exactly on the roof diagonal
                QVERIFY2(hit && hit->layer == buildings && hit->featureIndex == featureOf(col, row),
                         qPrintable(QStringLiteral("building %1,%2 (feature %3): %4")
                                        .arg(col).arg(row).arg(featureOf(col, row)).arg(describe(hit))));
                // The hit point is on the roof, within a pixel's worth of the centre.
                QVERIFY(std::abs(hit->point.z - h) < 0.01);
                QVERIFY(std::hypot(hit->point.x - kX0 - c[0], hit->point.y - kY0 - c[1]) < 3.0);
                ++right;
            }
        QCOMPARE(right, kGrid * kGrid);

        // Between buildings: the park in the west half, nothing (bare ground) in the east.
        const auto west = windowOf(view, centreOf(2, 4)[0] + kSpacing / 2, centreOf(2, 4)[1] + kSpacing / 2, 0.15);
        const auto parkHit = scene.pick(*camera, west[0], west[1]);
        QVERIFY2(parkHit && parkHit->layer == park && parkHit->featureIndex == 0, qPrintable(describe(parkHit)));
        const auto east = windowOf(view, centreOf(6, 4)[0] + kSpacing / 2, centreOf(6, 4)[1] + kSpacing / 2, 0);
        QVERIFY2(!scene.pick(*camera, east[0], east[1]), qPrintable(describe(scene.pick(*camera, east[0], east[1]))));
        // Off the city altogether: the sky or far ground.
        QVERIFY(!scene.pick(*camera, 2, kHeight - 2));
    }

    void hiddenFeaturesAndLayersAreNotPicked() {
        render::CityScene scene;
        const auto park = scene.addLayer(render::prepareLayer(parkLayer()));
        const auto buildings = scene.addLayer(render::prepareLayer(buildingGrid(true)));
        const render::CameraView view = topView();
        osg::ref_ptr<osg::Camera> camera = cameraOf(view, kWidth, kHeight);
        m_renderer->renderComplete(scene, view);
        // Building (1, 1) stands in the park, (7, 7) on bare ground.
        const auto inPark = windowOf(view, centreOf(1, 1)[0], centreOf(1, 1)[1], heightOf(1, 1, true));
        const auto onGround = windowOf(view, centreOf(7, 7)[0], centreOf(7, 7)[1], heightOf(7, 7, true));
        QCOMPARE(scene.pick(*camera, inPark[0], inPark[1])->featureIndex, featureOf(1, 1));

        scene.setFeatureVisible(buildings, featureOf(1, 1), false);
        scene.setFeatureVisible(buildings, featureOf(7, 7), false);
        const auto under = scene.pick(*camera, inPark[0], inPark[1]);
        QVERIFY2(under && under->layer == park, qPrintable(describe(under))); // what is drawn there
        QVERIFY(!scene.pick(*camera, onGround[0], onGround[1]));
        scene.setFeatureVisible(buildings, featureOf(7, 7), true);
        QCOMPARE(scene.pick(*camera, onGround[0], onGround[1])->featureIndex, featureOf(7, 7));

        scene.setLayerVisible(buildings, false);
        QVERIFY(!scene.pick(*camera, onGround[0], onGround[1]));
        scene.setLayerVisible(buildings, true);
        scene.setLayerOpacity(buildings, 0.0f);
        QVERIFY(!scene.pick(*camera, onGround[0], onGround[1]));
        scene.setLayerOpacity(buildings, 0.5f); // see-through but shown: pickable
        QCOMPARE(scene.pick(*camera, onGround[0], onGround[1])->featureIndex, featureOf(7, 7));
        scene.setLayerVisible(park, false);
        QVERIFY(!scene.pick(*camera, inPark[0], inPark[1]));
    }

    void pointIconsArePickedOnScreen() {
        render::CityScene scene;
        const auto points = scene.addLayer(render::prepareLayer(
            makePointLayer({{kX0 - 50, kY0, 0}, {kX0 + 50, kY0, 0}})));
        const auto buildings = scene.addLayer(render::prepareLayer(buildingGrid(false)));
        const render::CameraView view = topView();
        osg::ref_ptr<osg::Camera> camera = cameraOf(view, kWidth, kHeight);
        m_renderer->renderComplete(scene, view);
        const auto icon = windowOf(view, 50, 0, 3);
        const auto hit = scene.pick(*camera, icon[0] + 3, icon[1] - 3);
        QVERIFY2(hit && hit->layer == points && hit->featureIndex == 1, qPrintable(describe(hit)));
        const auto beside = scene.pick(*camera, icon[0] + 30, icon[1]);
        QVERIFY(!beside || beside->layer != points);
        scene.setFeatureVisible(points, 1, false);
        const auto hidden = scene.pick(*camera, icon[0], icon[1]);
        QVERIFY(!hidden || hidden->layer == buildings);
    }

    void selectedFeatureIsHighlighted() {
        render::CityScene scene;
        const auto buildings = scene.addLayer(render::prepareLayer(buildingGrid(true)));
        const render::CameraView view = obliqueView();
        osg::ref_ptr<osg::Camera> camera = cameraOf(view, kWidth, kHeight);
        const render::RgbaImage before = m_renderer->renderComplete(scene, view);
        const auto roof = windowOf(view, centreOf(4, 5)[0], centreOf(4, 5)[1], heightOf(4, 5, true));
        const auto other = windowOf(view, centreOf(6, 2)[0], centreOf(6, 2)[1], heightOf(6, 2, true));
        const auto hit = scene.pick(*camera, roof[0], roof[1]);
        QVERIFY(hit);
        scene.setFeatureSelected(hit->layer, hit->featureIndex, true);
        QVERIFY(scene.needsRedraw());
        const render::RgbaImage after = m_renderer->renderComplete(scene, view);
        render::writePng(after, (testOutDir("render") + "/pick_selected.png").toStdString());
        auto px = [](const render::RgbaImage& img, const std::array<double, 2>& w) {
            return pixelAt(img, int(w[0]), int(kHeight - w[1]));
        };
        const Pixel was = px(before, roof), now = px(after, roof);
        QVERIFY2(colorDistance(was, now) > 30, qPrintable(QStringLiteral("%1,%2,%3").arg(now[0]).arg(now[1]).arg(now[2])));
        QVERIFY(now[0] > now[2] + 80 && now[1] > now[2] + 40); // yellow-orange tint
        QCOMPARE(colorDistance(px(before, other), px(after, other)), 0);
        scene.setFeatureSelected(buildings, hit->featureIndex, false);
        QCOMPARE(compareImages(before, m_renderer->renderComplete(scene, view), 0).mismatched, 0);
    }

    void cleanupTestCase() { m_renderer.reset(); }
};

int citytwin::test::runRenderPickingTests(int argc, char** argv) {
    TestRenderPicking t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_render_Picking.moc"
