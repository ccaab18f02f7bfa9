// What is drawn over the city: point icons of a constant pixel size, labels
// that declutter, the legend in the corner of the view.
#include "RenderTestSupport.h"
#include "TestData.h"
#include "test_render_Suites.h"

#include "citytwin/gis/RasterImport.h"
#include "citytwin/render/CityScene.h"
#include "citytwin/render/GroundNode.h"
#include "citytwin/render/OffscreenRenderer.h"

#include <QtTest>

#include <cmath>
#include <functional>

using namespace citytwin;
using namespace citytwin::test;

namespace {

constexpr int kWidth = 320;
constexpr int kHeight = 240;
constexpr render::FeatureColor kIconColor{230, 30, 160};

render::CameraView topView(double range, gis::DVec3 target = {}) { return topDownView(target, range); }

/// Bounding box (x0, y0, x1, y1, count) of the pixels far from the sky colour.
std::array<int, 5> nonSkyBox(const render::RgbaImage& img) {
    std::array<int, 5> box{img.width, img.height, -1, -1, 0};
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x)
            if (!isSky(pixelAt(img, x, y), 12)) {
                box[0] = std::min(box[0], x);
                box[1] = std::min(box[1], y);
                box[2] = std::max(box[2], x);
                box[3] = std::max(box[3], y);
                ++box[4];
            }
    return box;
}

int countNear(const render::RgbaImage& img, const Pixel& color, int tolerance, int x0, int y0, int x1, int y1) {
    int n = 0;
    for (int y = std::max(0, y0); y < std::min(img.height, y1); ++y)
        for (int x = std::max(0, x0); x < std::min(img.width, x1); ++x)
            if (colorDistance(pixelAt(img, x, y), color) <= tolerance) ++n;
    return n;
}

Pixel pixelOf(const render::FeatureColor& c) { return {c.r, c.g, c.b, 255}; }

} // namespace

class TestRenderOverlay : public QObject {
    Q_OBJECT
    std::unique_ptr<render::OffscreenRenderer> m_renderer;

private slots:
    void initTestCase() {
        auto r = render::OffscreenRenderer::create(kWidth, kHeight);
        QVERIFY2(r.ok(), r.firstError().c_str());
        m_renderer = r.takeValue();
    }

    void pointIconsKeepTheirPixelSize_data() {
        QTest::addColumn<double>("originX");
        QTest::addColumn<double>("originY");
        QTest::newRow("local") << 0.0 << 0.0;
        QTest::newRow("boston utm 19n") << 330017.37 << 4691843.61;
    }

    void pointIconsKeepTheirPixelSize() {
        QFETCH(double, originX);
        QFETCH(double, originY);
        render::CityScene scene;
        scene.setGroundVisible(false);
        const auto id = scene.addLayer(render::prepareLayer(makePointLayer({{originX, originY, 10}})));
        QCOMPARE(scene.layerKind(id), gis::LayerKind::Points);
        QCOMPARE(scene.featureColor(id, 0), render::kDefaultPointColor);
        scene.setLayerColor(id, kIconColor);
        std::vector<std::array<int, 5>> boxes;
        for (double range : {150.0, 1500.0}) {
            const render::CameraView view = topView(range, {originX, originY, 0});
            const render::RgbaImage img = m_renderer->renderComplete(scene, view);
            render::writePng(img, (testOutDir("render") + QStringLiteral("/point_%1.png").arg(range)).toStdString());
            const auto box = nonSkyBox(img);
            QVERIFY2(box[4] > 0, "icon drawn");
            boxes.push_back(box);
            // Centred where the point projects, in the feature colour.
            const auto p = projectToPixel(view, kWidth, kHeight, originX, originY, 10 + 3);
            QVERIFY(std::abs((box[0] + box[2]) / 2.0 - p[0]) <= 1.5);
            QVERIFY(std::abs((box[1] + box[3]) / 2.0 - p[1]) <= 1.5);
            QVERIFY(colorDistance(pixelAt(img, int(p[0]), int(p[1])), pixelOf(kIconColor)) <= 6);
        }
        const int w0 = boxes[0][2] - boxes[0][0] + 1, w1 = boxes[1][2] - boxes[1][0] + 1;
        QVERIFY2(w0 >= 12 && w0 <= 16, qPrintable(QString::number(w0)));
        QCOMPARE(w1, w0);
        QVERIFY(std::abs(boxes[0][4] - boxes[1][4]) <= 2);

        scene.setPointSize(id, 28);
        const auto big = nonSkyBox(m_renderer->renderComplete(scene, topView(150, {originX, originY, 0})));
        QVERIFY(big[2] - big[0] + 1 >= 2 * w0 - 2);

        scene.setFeatureVisible(id, 0, false);
        QCOMPARE(nonSkyBox(m_renderer->renderComplete(scene, topView(150, {originX, originY, 0})))[4], 0);
    }

    void labelsDeclutter() {
        // Points 0 and 1 are 2 m apart, point 2 is far from both.
        const std::vector<gis::DVec3> points{{0, 0, 0}, {0, 2, 0}, {60, -40, 0}};
        auto build = [&](render::CityScene& scene, std::vector<std::string> labels) {
            scene.setGroundVisible(false);
            const auto id = scene.addLayer(render::prepareLayer(makePointLayer(points)));
            scene.setLayerLabels(id, std::move(labels));
            return id;
        };
        render::CityScene all, firstOnly, none;
        const auto id = build(all, {"Alpha", "Bravo", "Gamma"});
        build(firstOnly, {"Alpha", "", "Gamma"});
        build(none, {});

        const render::CameraView far = topView(400);
        const render::RgbaImage allFar = m_renderer->renderComplete(all, far);
        QCOMPARE(all.placedLabelCount(), 2); // Bravo overlaps Alpha: not drawn
        QCOMPARE(all.placedLabelCount(id), 2);
        render::writePng(allFar, (testOutDir("render") + "/labels_far.png").toStdString());
        const render::RgbaImage firstFar = m_renderer->renderComplete(firstOnly, far);
        QCOMPARE(firstOnly.placedLabelCount(), 2);
        const render::RgbaImage noneFar = m_renderer->renderComplete(none, far);
        QCOMPARE(none.placedLabelCount(), 0);
        // Pixels: exactly the image without Bravo, and text where the labels are.
        QCOMPARE(compareImages(firstFar, allFar, 0).mismatched, 0);
        const ImageComparison withText = compareImages(noneFar, allFar, 10);
        QVERIFY2(withText.mismatched > 60, qPrintable(QString::number(withText.mismatched)));
        const auto alpha = projectToPixel(far, kWidth, kHeight, 0, 0, 3);
        const int dark = countNear(allFar, {20, 20, 25, 255}, 60, int(alpha[0]) + 8, int(alpha[1]) - 10,
                                   int(alpha[0]) + 70, int(alpha[1]) + 10);
        QVERIFY2(dark > 15, qPrintable(QString::number(dark)));

        // Close up the two near points separate: both labels fit.
        const render::CameraView near = topView(40, {0, 1, 0});
        const render::RgbaImage allNear = m_renderer->renderComplete(all, near);
        render::writePng(allNear, (testOutDir("render") + "/labels_near.png").toStdString());
        QCOMPARE(all.placedLabelCount(id), 2); // Alpha and Bravo; Gamma is off screen
        QVERIFY(compareImages(m_renderer->renderComplete(firstOnly, near), allNear, 0).mismatched > 20);

        // Hidden features and layers place no labels.
        all.setFeatureVisible(id, 0, false);
        m_renderer->renderComplete(all, far);
        QCOMPARE(all.placedLabelCount(), 2); // Bravo takes Alpha's place
        all.setLayerVisible(id, false);
        m_renderer->renderComplete(all, far);
        QCOMPARE(all.placedLabelCount(), 0);
    }

    void labelsAvoidTheLegendAndTheEdges() {
        // A point near the bottom-right corner of a 400 m top view, one in the middle.
        render::CameraView view = topView(400);
        const double halfH = 400 * std::tan(15.0 * M_PI / 180), halfW = halfH * kWidth / kHeight;
        render::CityScene scene;
        scene.setGroundVisible(false);
        const auto id = scene.addLayer(render::prepareLayer(
            makePointLayer({{halfW - 75, -halfH + 12, 0}, {0, 0, 0}, {halfW - 8, 0, 0}})));
        scene.setLayerLabels(id, {"Corner", "Middle", "Edge"});
        m_renderer->renderComplete(scene, view);
        QCOMPARE(scene.placedLabelCount(), 2); // "Edge" would run off the view
        scene.setLegend({{"A legend", {}, true}, {"Entry", {10, 10, 10}, false}});
        m_renderer->renderComplete(scene, view);
        QCOMPARE(scene.placedLabelCount(), 1); // "Corner" is under the legend
        scene.setLegend({});
        m_renderer->renderComplete(scene, view);
        QCOMPARE(scene.placedLabelCount(), 2);
    }

    void buildingLabelsSitOnTop() {
        gis::MeshChunk c;
        addBox(c, 0, -10, -10, 10, 10, 30);
        gis::ImportedLayer layer = makeLayer({c}, 1);
        layer.features[0].centroid = {0, 0};
        layer.features[0].heightMeters = 30;
        render::CityScene scene;
        const auto id = scene.addLayer(render::prepareLayer(layer));
        scene.setLayerLabels(id, {"Tower"});
        render::CameraView view = topView(200);
        view.pitchDeg = -40;
        m_renderer->renderComplete(scene, view);
        QCOMPARE(scene.placedLabelCount(id), 1);
        scene.setLayerLabels(id, {});
        m_renderer->renderComplete(scene, view);
        QCOMPARE(scene.placedLabelCount(), 0);
    }

    void legendInTheCorner_data() {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::newRow("320x240") << 320 << 240;
        QTest::newRow("480x200") << 480 << 200;
    }

    void legendInTheCorner() {
        QFETCH(int, width);
        QFETCH(int, height);
        auto r = render::OffscreenRenderer::create(width, height);
        QVERIFY2(r.ok(), r.firstError().c_str());
        auto renderer = r.takeValue();
        render::CityScene scene;
        gis::MeshChunk c;
        addBox(c, 0, -10, -10, 10, 10, 20);
        scene.addLayer(render::prepareLayer(makeLayer({c}, 1)));
        const render::CameraView view = topView(300);
        const render::RgbaImage plain = renderer->renderComplete(scene, view);

        const render::FeatureColor red{220, 20, 30}, blue{20, 60, 220};
        scene.setLegend({{"Land use", {}, true}, {"Office", red, false}, {"Residential", blue, false}});
        QCOMPARE(int(scene.legend().size()), 3);
        QVERIFY(scene.needsRedraw());
        const render::RgbaImage img = renderer->renderComplete(scene, view);
        render::writePng(img, (testOutDir("render") + QStringLiteral("/legend_%1x%2.png").arg(width).arg(height)).toStdString());

        // Swatches in the bottom-right quarter, red above blue; nothing of them elsewhere.
        auto centroidY = [&](const Pixel& color, int x0, int y0, int x1, int y1, int& count) {
            double sum = 0;
            count = 0;
            for (int y = y0; y < y1; ++y)
                for (int x = x0; x < x1; ++x)
                    if (colorDistance(pixelAt(img, x, y), color) <= 8) { sum += y; ++count; }
            return count ? sum / count : -1.0;
        };
        int nRed = 0, nBlue = 0, strayRed = 0, strayBlue = 0;
        const double yRed = centroidY(pixelOf(red), width / 2, height / 2, width, height, nRed);
        const double yBlue = centroidY(pixelOf(blue), width / 2, height / 2, width, height, nBlue);
        centroidY(pixelOf(red), 0, 0, width, height / 2, strayRed);
        centroidY(pixelOf(blue), 0, 0, width / 2, height, strayBlue);
        QVERIFY2(nRed >= 100 && nBlue >= 100, qPrintable(QStringLiteral("%1 %2").arg(nRed).arg(nBlue)));
        QCOMPARE(strayRed + strayBlue, 0);
        QVERIFY(yRed < yBlue);
        QVERIFY(yBlue > height - 12 - 40 && yBlue < height - 12);
        // The translucent panel lightens the corner; text is dark on it.
        const Pixel corner = pixelAt(img, width - 16, height - 16);
        QVERIFY(luminance(corner) > luminance(pixelAt(plain, width - 16, height - 16)) + 20);
        QVERIFY(countNear(img, {20, 20, 25, 255}, 70, width / 2, height / 2, width, height) > 30);
        // The view outside the panel is untouched.
        QVERIFY(colorDistance(pixelAt(img, 5, 5), pixelAt(plain, 5, 5)) <= 1);

        scene.setLegend({});
        QCOMPARE(compareImages(plain, renderer->renderComplete(scene, view), 0).mismatched, 0);
    }

    void iconsStandOnTheGround_data() {
        QTest::addColumn<double>("slope");     // rise per metre northwards (away from the eye)
        QTest::newRow("flat") << 0.0;
        QTest::newRow("slope facing the eye") << 0.35;
        QTest::newRow("slope falling away") << -0.12;
    }

    void iconsStandOnTheGround() {
        // An icon on the ground, seen from the south at -25 degrees: the
        // ground in front of its anchor fills the lower half of the sprite,
        // which must still be drawn whole (as against the sky).
        QFETCH(double, slope);
        const gis::DVec2 anchor{2000, 2000};
        auto ground = [&](double, double y) { return 400 + slope * (y - anchor.y); };
        render::CameraView view;
        view.target = {anchor.x, anchor.y, ground(anchor.x, anchor.y)};
        view.rangeMeters = 1500;
        view.pitchDeg = -25;

        auto iconPixels = [&](bool withTerrain, const QString& png) {
            render::CityScene scene;
            scene.setGroundVisible(false);
            if (withTerrain) scene.addTerrain(render::prepareTerrain(makeTerrain(8, 8, 9, ground)));
            const auto id = scene.addLayer(
                render::prepareLayer(makePointLayer({{anchor.x, anchor.y, ground(anchor.x, anchor.y)}})));
            scene.setLayerColor(id, kIconColor);
            const render::RgbaImage img = m_renderer->renderComplete(scene, view);
            render::writePng(img, (testOutDir("render") + "/" + png + ".png").toStdString());
            const auto p = projectToPixel(view, kWidth, kHeight, anchor.x, anchor.y, view.target.z + 3);
            return countNear(img, pixelOf(kIconColor), 40, int(p[0]) - 20, int(p[1]) - 20, int(p[0]) + 20,
                             int(p[1]) + 20);
        };
        const int alone = iconPixels(false, "icon_sky");
        const int onGround = iconPixels(true, QStringLiteral("icon_ground_%1").arg(slope));
        qInfo("icon pixels: against the sky %d, on the ground %d", alone, onGround);
        QVERIFY(alone > 40);
        QVERIFY2(std::abs(onGround - alone) <= 2, "the ground the icon stands on does not cut it");
    }

    void iconsHideBehindHills() {
        // A 400 m ridge 1 km in front of the icon hides it completely.
        const gis::DVec2 anchor{2000, 3000};
        auto ground = [&](double, double y) { return 400 * std::exp(-std::pow((y - (anchor.y - 1000)) / 200, 2)); };
        render::CityScene scene;
        scene.setGroundVisible(false);
        scene.addTerrain(render::prepareTerrain(makeTerrain(8, 8, 9, ground)));
        const auto id = scene.addLayer(render::prepareLayer(makePointLayer({{anchor.x, anchor.y, 0}})));
        scene.setLayerColor(id, kIconColor);
        render::CameraView view;
        view.target = {anchor.x, anchor.y, 0};
        view.rangeMeters = 3000;
        view.pitchDeg = -10;
        const render::RgbaImage img = m_renderer->renderComplete(scene, view);
        render::writePng(img, (testOutDir("render") + "/icon_behind_ridge.png").toStdString());
        QCOMPARE(countNear(img, pixelOf(kIconColor), 40, 0, 0, kWidth, kHeight), 0);
        // Control: without the ridge the same icon shows.
        render::CityScene open;
        open.setGroundVisible(false);
        open.addTerrain(render::prepareTerrain(makeTerrain(8, 8, 9, [](double, double) { return 0.0; })));
        open.setLayerColor(open.addLayer(render::prepareLayer(makePointLayer({{anchor.x, anchor.y, 0}}))), kIconColor);
        QVERIFY(countNear(m_renderer->renderComplete(open, view), pixelOf(kIconColor), 40, 0, 0, kWidth, kHeight) > 40);
    }

    void cleanupTestCase() { m_renderer.reset(); }
};

int citytwin::test::runRenderOverlayTests(int argc, char** argv) {
    TestRenderOverlay t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_render_Overlay.moc"
