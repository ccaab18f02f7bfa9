// Live sensors in the 3D view: markers (colour, shape, staleness, one draw
// call per group, colour-only updates), labels, pulsing badges, marker
// picking, and the IDW heat map (maths, fixed-domain colours, rendering).
#include "RenderTestSupport.h"
#include "TestData.h"
#include "test_render_Suites.h"

#include "citytwin/render/CityScene.h"
#include "citytwin/render/HeatMap.h"
#include "citytwin/render/OffscreenRenderer.h"
#include "citytwin/render/SensorOverlay.h"

#include <osg/Geometry>
#include <osg/NodeVisitor>

#include <QtTest>

#include <cmath>

using namespace citytwin;
using namespace citytwin::test;

namespace {

constexpr int kWidth = 320;
constexpr int kHeight = 240;
// Boston-like UTM coordinates: float vertices would wobble by metres here.
constexpr double kX0 = 330017.0;
constexpr double kY0 = 4691843.0;
constexpr render::FeatureColor kRed{220, 30, 40};
constexpr render::FeatureColor kGreen{30, 190, 60};
constexpr render::FeatureColor kBlue{40, 70, 220};

Pixel pixelOf(const render::FeatureColor& c) { return {c.r, c.g, c.b, 255}; }
QString describe(const Pixel& p) { return QStringLiteral("(%1,%2,%3)").arg(p[0]).arg(p[1]).arg(p[2]); }

render::CameraView topView(double range, double x = kX0, double y = kY0) {
    return topDownView({x, y, 0}, range);
}

render::SensorMarker marker(const std::string& id, double dx, double dy, int group, render::FeatureColor color,
                            bool stale = false) {
    return {id, {kX0 + dx, kY0 + dy, 0}, group, color, stale};
}

/// Geometries under a node, in traversal order.
std::vector<osg::Geometry*> geometriesUnder(osg::Node* node, const std::string& namePrefix) {
    struct Visitor : osg::NodeVisitor {
        std::string prefix;
        std::vector<osg::Geometry*> out;
        Visitor() : osg::NodeVisitor(TRAVERSE_ALL_CHILDREN) {}
        void apply(osg::Geometry& g) override {
            if (g.getName().rfind(prefix, 0) == 0) out.push_back(&g);
        }
    } v;
    v.prefix = namePrefix;
    node->accept(v);
    return v.out;
}

int countNonSky(const render::RgbaImage& img, int cx, int cy, int half) {
    int n = 0;
    for (int y = cy - half; y <= cy + half; ++y)
        for (int x = cx - half; x <= cx + half; ++x)
            if (!isSky(pixelAt(img, x, y), 12)) ++n;
    return n;
}

int countReddish(const render::RgbaImage& img) {
    int n = 0;
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x) {
            const Pixel p = pixelAt(img, x, y);
            if (p[0] > p[1] + 50 && p[0] > p[2] + 50) ++n;
        }
    return n;
}

render::HeatMapInput twoSensorInput() {
    render::HeatMapInput in;
    in.positions = {{20, 30}, {80, 30}};
    in.values = {10, 30};
    in.extent.add(0, 0);
    in.extent.add(100, 100);
    in.cellMeters = 10;
    in.maxDistanceMeters = 40;
    in.domainMin = 0;
    in.domainMax = 40;
    return in;
}

} // namespace

class TestRenderSensors : public QObject {
    Q_OBJECT
    std::unique_ptr<render::OffscreenRenderer> m_renderer;

    std::array<int, 2> pixelOfMarker(const render::CameraView& view, const render::SensorMarker& m) {
        const auto p = projectToPixel(view, kWidth, kHeight, m.position.x, m.position.y,
                                      m.position.z + render::kMarkerLiftMeters);
        return {int(p[0]), int(p[1])};
    }

private slots:
    void initTestCase() {
        auto r = render::OffscreenRenderer::create(kWidth, kHeight);
        QVERIFY2(r.ok(), r.firstError().c_str());
        m_renderer = r.takeValue();
    }

    void markersShowColourShapeAndStaleness() {
        render::CityScene scene;
        QVERIFY2(scene.shaderError().empty(), scene.shaderError().c_str());
        scene.setGroundVisible(false);
        // A 50 m tower stands on marker "a": the icon still shows on top of it.
        gis::MeshChunk tower;
        tower.origin = {kX0 - 60, kY0, 0};
        addBox(tower, 0, -8, -8, 8, 8, 50);
        scene.addLayer(render::prepareLayer(makeLayer({tower}, 1)));
        const std::vector<render::SensorMarker> markers{
            marker("a", -60, 0, 0, kRed), marker("b", -20, 0, 1, kGreen), marker("c", 20, 0, 2, kBlue),
            marker("d", 60, 0, 0, kRed, true)};
        scene.sensors().setMarkers(markers);
        QVERIFY(scene.needsRedraw());
        const render::CameraView view = topView(300);
        const render::RgbaImage img = m_renderer->renderComplete(scene, view);
        render::writePng(img, (testOutDir("render") + "/sensors_markers.png").toStdString());
        QVERIFY(!scene.needsRedraw());

        for (int i = 0; i < 3; ++i) {
            const auto c = pixelOfMarker(view, markers[i]);
            const Pixel p = pixelAt(img, c[0], c[1]);
            QVERIFY2(colorDistance(p, pixelOf(markers[i].color)) <= 6, qPrintable(describe(p)));
        }
        // Stale: grey, and smaller than the fresh marker of the same shape.
        const auto staleAt = pixelOfMarker(view, markers[3]);
        const Pixel stale = pixelAt(img, staleAt[0], staleAt[1]);
        QVERIFY2(colorDistance(stale, {158, 158, 158, 255}) <= 6, qPrintable(describe(stale)));
        const auto freshAt = pixelOfMarker(view, markers[1]);
        const int freshArea = countNonSky(img, freshAt[0], freshAt[1], 14);
        const int staleArea = countNonSky(img, staleAt[0], staleAt[1], 14);
        QVERIFY2(staleArea < 0.7 * freshArea && staleArea > 0.2 * freshArea,
                 qPrintable(QStringLiteral("%1 vs %2").arg(staleArea).arg(freshArea)));
        // Groups have shapes: the icons of groups 0..4 all differ in outline.
        std::vector<render::RgbaImage> shapes;
        std::vector<int> area;
        for (int g = 0; g < render::kMarkerShapeCount; ++g) {
            std::vector<render::SensorMarker> one{marker("x", 0, 0, g, kRed)};
            scene.sensors().setMarkers(one);
            shapes.push_back(m_renderer->renderComplete(scene, view));
            const auto c = pixelOfMarker(view, one[0]);
            area.push_back(countNonSky(shapes.back(), c[0], c[1], 14));
        }
        render::writePng(shapes[3], (testOutDir("render") + "/sensors_triangle.png").toStdString());
        qInfo("icon pixels: circle %d, square %d, diamond %d, triangle %d, hexagon %d", area[0], area[1], area[2],
              area[3], area[4]);
        for (size_t i = 0; i < shapes.size(); ++i)
            for (size_t j = i + 1; j < shapes.size(); ++j) {
                const int differ = compareImages(shapes[i], shapes[j], 30).mismatched;
                QVERIFY2(differ >= 16, qPrintable(QStringLiteral("shapes %1 and %2 differ in %3 pixels").arg(i).arg(j).arg(differ)));
            }
        QVERIFY(area[2] < area[0] - 40); // a diamond is well inside the circle
    }

    void oneDrawablePerGroup() {
        render::CityScene scene;
        scene.setGroundVisible(false);
        std::vector<render::SensorMarker> markers;
        for (int i = 0; i < 1000; ++i)
            markers.push_back(marker(std::to_string(i), (i % 40) * 5.0 - 100, (i / 40) * 5.0 - 60, i % 3,
                                     {uint8_t(i), 100, 200}));
        const render::CameraView view = topView(400);
        m_renderer->renderComplete(scene, view);
        const int64_t empty = m_renderer->measureFrames(scene, view, 1).drawCalls;
        scene.sensors().setMarkers(markers);
        m_renderer->renderComplete(scene, view);
        QCOMPARE(int(geometriesUnder(scene.sensors().node(), "sensor markers").size()), 3);
        QCOMPARE(m_renderer->measureFrames(scene, view, 1).drawCalls, empty + 3);
        for (osg::Geometry* g : geometriesUnder(scene.sensors().node(), "sensor markers")) {
            QCOMPARE(g->getNumPrimitiveSets(), 1u);
            QVERIFY(g->getVertexArray()->getNumElements() >= 333u);
        }
        // Only non-empty groups get a drawable.
        scene.sensors().setMarkers({marker("only", 0, 0, 4, kRed)});
        QCOMPARE(int(geometriesUnder(scene.sensors().node(), "sensor markers").size()), 1);
        scene.sensors().setMarkers({});
        QCOMPARE(int(geometriesUnder(scene.sensors().node(), "sensor markers").size()), 0);
    }

    void colourUpdatesKeepGeometry() {
        render::CityScene scene;
        scene.setGroundVisible(false);
        const std::vector<render::SensorMarker> markers{marker("a", -30, 0, 0, kRed), marker("b", 30, 0, 1, kRed)};
        scene.sensors().setMarkers(markers);
        const render::CameraView view = topView(200);
        const render::RgbaImage before = m_renderer->renderComplete(scene, view);
        const auto geoms = geometriesUnder(scene.sensors().node(), "sensor markers");
        QCOMPARE(int(geoms.size()), 2);
        std::vector<unsigned> vertexRevisions, colourRevisions;
        for (osg::Geometry* g : geoms) {
            vertexRevisions.push_back(g->getVertexArray()->getModifiedCount());
            colourRevisions.push_back(g->getColorArray()->getModifiedCount());
        }

        scene.sensors().setMarkerColors({kBlue, kGreen}, {0, 1});
        QVERIFY(scene.needsRedraw());
        const render::RgbaImage after = m_renderer->renderComplete(scene, view);
        const auto a = pixelOfMarker(view, markers[0]);
        const auto b = pixelOfMarker(view, markers[1]);
        QVERIFY(colorDistance(pixelAt(before, a[0], a[1]), pixelOf(kRed)) <= 6);
        QVERIFY(colorDistance(pixelAt(after, a[0], a[1]), pixelOf(kBlue)) <= 6);
        QVERIFY(colorDistance(pixelAt(after, b[0], b[1]), {158, 158, 158, 255}) <= 6); // now stale
        QVERIFY(scene.sensors().markers()[1].stale);
        QCOMPARE(scene.sensors().markers()[0].color, kBlue);

        const auto geomsAfter = geometriesUnder(scene.sensors().node(), "sensor markers");
        QVERIFY(geomsAfter == geoms);
        for (size_t i = 0; i < geoms.size(); ++i) {
            QCOMPARE(geoms[i]->getVertexArray()->getModifiedCount(), vertexRevisions[i]);
            QVERIFY(geoms[i]->getColorArray()->getModifiedCount() > colourRevisions[i]);
        }
    }

    void labelsOnDemand() {
        render::CityScene scene;
        scene.setGroundVisible(false);
        scene.sensors().setMarkers({marker("a", -60, 30, 0, kRed), marker("b", 0, -30, 1, kGreen),
                                    marker("c", 50, 40, 2, kBlue)});
        scene.sensors().setMarkerLabels({"42 km/h", "17 µg/m³", ""});
        const render::CameraView view = topView(300);
        const render::RgbaImage hidden = m_renderer->renderComplete(scene, view);
        QVERIFY(!scene.sensors().labelsVisible());
        QCOMPARE(scene.placedLabelCount(), 0);
        scene.sensors().setLabelsVisible(true);
        QVERIFY(scene.needsRedraw());
        const render::RgbaImage shown = m_renderer->renderComplete(scene, view);
        render::writePng(shown, (testOutDir("render") + "/sensors_labels.png").toStdString());
        QCOMPARE(scene.placedLabelCount(), 2);
        QVERIFY(compareImages(hidden, shown, 10).mismatched > 60);
        scene.sensors().setLabelsVisible(false);
        const render::RgbaImage again = m_renderer->renderComplete(scene, view);
        QCOMPARE(scene.placedLabelCount(), 0);
        QCOMPARE(compareImages(hidden, again, 0).mismatched, 0);
    }

    void badgesPulse() {
        render::CityScene scene;
        scene.setGroundVisible(false);
        scene.sensors().setMarkers({marker("a", -40, 0, 0, kGreen), marker("b", 40, 0, 1, kGreen)});
        const render::CameraView view = topView(250);
        scene.sensors().setFixedAnimationTime(0.0);
        const render::RgbaImage calm = m_renderer->renderComplete(scene, view);
        QVERIFY(!scene.sensors().animating());
        QVERIFY(!scene.needsRedraw());
        QCOMPARE(countReddish(calm), 0);

        scene.sensors().setBadges({"b", "no such sensor"});
        QCOMPARE(scene.sensors().badgeCount(), 1);
        QVERIFY(scene.sensors().animating());
        const render::RgbaImage start = m_renderer->renderComplete(scene, view);
        QVERIFY(scene.needsRedraw()); // keeps asking for frames while it pulses
        scene.sensors().setFixedAnimationTime(0.5);
        const render::RgbaImage middle = m_renderer->renderComplete(scene, view);
        render::writePng(start, (testOutDir("render") + "/sensors_badge_t0.png").toStdString());
        render::writePng(middle, (testOutDir("render") + "/sensors_badge_t05.png").toStdString());
        const int redStart = countReddish(start), redMiddle = countReddish(middle);
        qInfo("badge red pixels: t=0 %d, t=0.5 %d", redStart, redMiddle);
        QVERIFY(redStart > 40);
        QVERIFY(compareImages(start, middle, 10).mismatched > 40);
        // The ring is around b, not a.
        const auto b = projectToPixel(view, kWidth, kHeight, kX0 + 40, kY0, 3);
        int nearB = 0, nearA = 0;
        for (int y = 0; y < kHeight; ++y)
            for (int x = 0; x < kWidth; ++x) {
                const Pixel p = pixelAt(start, x, y);
                if (!(p[0] > p[1] + 50 && p[0] > p[2] + 50)) continue;
                (std::hypot(x - b[0], y - b[1]) < 20 ? nearB : nearA) += 1;
            }
        QCOMPARE(nearA, 0);
        QCOMPARE(nearB, redStart);
        // The marker itself stays readable in the middle of its ring.
        QVERIFY(colorDistance(pixelAt(start, int(b[0]), int(b[1])), pixelOf(kGreen)) <= 6);

        // A badge at a free position (a sensor bound to a feature).
        scene.sensors().setBadgePositions({{kX0, kY0 + 40, 0}});
        QCOMPARE(scene.sensors().badgeCount(), 2);
        scene.sensors().setFixedAnimationTime(0.0);
        QVERIFY(countReddish(m_renderer->renderComplete(scene, view)) > redStart + 40);

        scene.sensors().setBadges({});
        scene.sensors().setBadgePositions({});
        QVERIFY(!scene.sensors().animating());
        const render::RgbaImage after = m_renderer->renderComplete(scene, view);
        QVERIFY(!scene.needsRedraw());
        QCOMPARE(compareImages(calm, after, 0).mismatched, 0);
    }

    void pickMarkerFindsTheNearest() {
        render::SensorOverlay overlay; // stand-alone works too
        overlay.setMarkers({marker("a", -40, 0, 0, kRed), marker("b", 0, 0, 1, kRed), marker("c", 6, 0, 2, kRed)});
        const render::CameraView view = topView(300);
        osg::ref_ptr<osg::Camera> camera = cameraOf(view, kWidth, kHeight);
        auto windowOf = [&](double dx, double dy) {
            const auto p = projectToPixel(view, kWidth, kHeight, kX0 + dx, kY0 + dy, 3);
            return std::array<double, 2>{p[0], kHeight - p[1]}; // window y is up
        };
        const auto a = windowOf(-40, 0);
        QCOMPARE(overlay.pickMarker(*camera, a[0] + 3, a[1] - 2, 10), std::optional<size_t>(0));
        // b and c are 6 m (~7 px) apart: the nearer centre wins.
        const auto b = windowOf(0, 0);
        const auto c = windowOf(6, 0);
        QCOMPARE(overlay.pickMarker(*camera, b[0] - 1, b[1], 10), std::optional<size_t>(1));
        QCOMPARE(overlay.pickMarker(*camera, c[0] + 1, c[1], 10), std::optional<size_t>(2));
        QCOMPARE(overlay.pickMarker(*camera, a[0], a[1] + 30, 10), std::nullopt);
        QCOMPARE(overlay.pickMarker(*camera, a[0], a[1] + 30, 40), std::optional<size_t>(0));
        QVERIFY(overlay.animating() == false);
    }

    void heatInterpolation() {
        const render::HeatMapInput in = twoSensorInput();
        const render::HeatGrid grid = render::interpolateHeat(in);
        QCOMPARE(grid.cols, 11);
        QCOMPARE(grid.rows, 11);
        QCOMPARE(grid.cellMeters, 10.0);
        QCOMPARE(grid.valueAt(2, 3), 10.0);   // on sensor 0
        QCOMPARE(grid.valueAt(8, 3), 30.0);   // on sensor 1
        QCOMPARE(grid.valueAt(5, 3), 20.0);   // halfway: equal weights
        // (40, 30): 20 m from sensor 0, 40 m from 1: weights 1/400 and 1/1600.
        QVERIFY(std::abs(grid.valueAt(4, 3) - (10.0 / 400 + 30.0 / 1600) / (1.0 / 400 + 1.0 / 1600)) < 1e-9);
        QVERIFY(std::isnan(grid.valueAt(5, 10)));  // 70 m from both: beyond reach
        QVERIFY(std::abs(render::interpolateHeatAt(in, 50, 30) - 20.0) < 1e-12);
        QCOMPARE(render::interpolateHeatAt(in, 20, 30), 10.0);

        // A sensor without a value is ignored; no limit reaches everywhere.
        render::HeatMapInput open = in;
        open.positions.push_back({50, 30});
        open.values.push_back(std::nan(""));
        open.maxDistanceMeters = 0;
        QVERIFY(std::abs(render::interpolateHeatAt(open, 50, 30) - 20.0) < 1e-12);
        QVERIFY(!std::isnan(render::interpolateHeatAt(open, 5000, 5000)));

        // The grid stays within kMaxHeatCells a side however fine the cells.
        render::HeatMapInput huge = in;
        huge.extent = {};
        huge.extent.add(0, 0);
        huge.extent.add(100000, 40000);
        huge.cellMeters = 1;
        const render::HeatGrid capped = render::interpolateHeat(huge);
        QVERIFY(capped.cols <= render::kMaxHeatCells + 1 && capped.rows <= render::kMaxHeatCells + 1);
        QVERIFY(capped.cols >= render::kMaxHeatCells);
        QVERIFY(capped.cellMeters * (capped.cols - 1) >= 100000 - 1e-6);
    }

    void heatColoursUseTheFixedDomain() {
        const std::vector<render::FeatureColor> ramp{{0, 0, 255}, {255, 0, 0}};
        QCOMPARE(render::heatColor(500, 0, 100, ramp), ramp.back()); // above max: max colour
        QCOMPARE(render::heatColor(-5, 0, 100, ramp), ramp.front());
        QCOMPARE(render::heatColor(50, 0, 100, ramp), (render::FeatureColor{128, 0, 128}));
        QCOMPARE(render::heatColor(std::nan(""), 0, 100, ramp), ramp.front());
        const std::vector<render::FeatureColor> three{{0, 0, 0}, {100, 100, 100}, {200, 0, 0}};
        QCOMPARE(render::heatColor(25, 0, 100, three), (render::FeatureColor{50, 50, 50}));
        QCOMPARE(render::heatColor(75, 0, 100, three), (render::FeatureColor{150, 50, 50}));

        render::HeatMapInput in;
        in.domainMin = 0;
        in.domainMax = 80;
        in.ramp = ramp;
        const auto legend = render::heatLegend(in, "Speed", "km/h", 5);
        QCOMPARE(int(legend.size()), 6);
        QVERIFY(legend[0].isHeader);
        QCOMPARE(legend[0].label, std::string("Speed"));
        QCOMPARE(legend[1].label, std::string("\u2265 80 km/h"));
        QCOMPARE(legend[1].color, ramp.back());
        QCOMPARE(legend[3].label, std::string("40 km/h"));
        QCOMPARE(legend[5].label, std::string("\u2264 0 km/h"));
        QCOMPARE(legend[5].color, ramp.front());
    }

    void heatMapRenders() {
        render::CityScene scene;
        // A 30 m tower inside the heat map's reach; the ground under the layers.
        gis::MeshChunk tower;
        tower.origin = {kX0 - 20, kY0 + 60, 0};
        addBox(tower, 0, -8, -8, 8, 8, 30);
        scene.addLayer(render::prepareLayer(makeLayer({tower}, 1)));
        const render::CameraView view = topView(400);
        const render::RgbaImage bare = m_renderer->renderComplete(scene, view);

        render::HeatMapInput in;
        in.positions = {{kX0 - 60, kY0}, {kX0 + 60, kY0}, {kX0 + 130, kY0 + 80}};
        in.values = {0, 100, 250}; // 250 is over the domain: the max colour
        in.extent.add(kX0 - 150, kY0 - 150);
        in.extent.add(kX0 + 150, kY0 + 150);
        in.cellMeters = 5;
        in.maxDistanceMeters = 100;
        in.domainMin = 0;
        in.domainMax = 100;
        in.ramp = {{20, 60, 230}, {235, 40, 30}};
        in.opacity = 1.0;
        in.groundHeight = [](double, double) { return 0.0; };
        scene.sensors().setHeatMap(in);
        QVERIFY(scene.sensors().hasHeatMap());
        QVERIFY(scene.needsRedraw());
        const render::RgbaImage img = m_renderer->renderComplete(scene, view);
        render::writePng(img, (testOutDir("render") + "/sensors_heat.png").toStdString());
        auto at = [&](const render::RgbaImage& image, double dx, double dy) {
            const auto p = projectToPixel(view, kWidth, kHeight, kX0 + dx, kY0 + dy, render::kHeatLiftMeters);
            return pixelAt(image, int(p[0]), int(p[1]));
        };
        auto expect = [&](double v) { return pixelOf(render::heatColor(v, 0, 100, in.ramp)); };
        QVERIFY2(colorDistance(at(img, -60, 0), expect(0)) <= 8, qPrintable(describe(at(img, -60, 0))));
        QVERIFY2(colorDistance(at(img, 60, 0), expect(100)) <= 8, qPrintable(describe(at(img, 60, 0))));
        QVERIFY2(colorDistance(at(img, 130, 80), expect(100)) <= 8, qPrintable(describe(at(img, 130, 80))));
        QVERIFY2(colorDistance(at(img, 0, 0), expect(50)) <= 8, qPrintable(describe(at(img, 0, 0))));
        // The heat lies on the ground: the tower's roof is untouched.
        const auto roof = projectToPixel(view, kWidth, kHeight, kX0 - 20, kY0 + 60, 30);
        QCOMPARE(colorDistance(pixelAt(img, int(roof[0]), int(roof[1])), pixelAt(bare, int(roof[0]), int(roof[1]))), 0);
        QVERIFY(colorDistance(at(img, -20, 75), at(bare, -20, 75)) > 30); // beside it: tinted
        // Beyond reach of every sensor (all in view): the ground as before.
        QCOMPARE(colorDistance(at(img, 0, -100), at(bare, 0, -100)), 0);
        QCOMPARE(colorDistance(at(img, -130, 90), at(bare, -130, 90)), 0);

        // New values recolour the same mesh.
        const auto mesh = geometriesUnder(scene.sensors().node(), "heat map");
        QCOMPARE(int(mesh.size()), 1);
        const unsigned vertexRevision = mesh[0]->getVertexArray()->getModifiedCount();
        QVERIFY(!scene.sensors().setHeatValues({1, 2}));
        QVERIFY(scene.sensors().setHeatValues({100, 0, -20}));
        const render::RgbaImage swapped = m_renderer->renderComplete(scene, view);
        QVERIFY(colorDistance(at(swapped, -60, 0), expect(100)) <= 8);
        QVERIFY(colorDistance(at(swapped, 60, 0), expect(0)) <= 8);
        QVERIFY(colorDistance(at(swapped, 130, 80), expect(0)) <= 8); // below the domain: the min colour
        QVERIFY(geometriesUnder(scene.sensors().node(), "heat map") == mesh);
        QCOMPARE(mesh[0]->getVertexArray()->getModifiedCount(), vertexRevision);

        // Translucent by default: between the ground and the colour.
        in.opacity = 0.5;
        scene.sensors().setHeatMap(in);
        const Pixel half = at(m_renderer->renderComplete(scene, view), 60, 0);
        QVERIFY2(colorDistance(half, expect(100)) > 30 && colorDistance(half, at(bare, 60, 0)) > 30,
                 qPrintable(describe(half)));

        scene.sensors().clearHeatMap();
        QVERIFY(!scene.sensors().hasHeatMap());
        QCOMPARE(compareImages(bare, m_renderer->renderComplete(scene, view), 0).mismatched, 0);
    }

    void cleanupTestCase() { m_renderer.reset(); }
};

int citytwin::test::runRenderSensorsTests(int argc, char** argv) {
    TestRenderSensors t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_render_Sensors.moc"
