// Vector layer kinds together: draped areas and lines under buildings without
// z-fighting, layer order within a kind, opacity, bulk restyle.
#include "RenderTestSupport.h"
#include "TestData.h"
#include "test_render_Suites.h"

#include "citytwin/render/CityScene.h"
#include "citytwin/render/OffscreenRenderer.h"

#include <osg/Geometry>
#include <osg/NodeVisitor>

#include <QElapsedTimer>
#include <QtTest>

using namespace citytwin;
using namespace citytwin::test;

namespace {

constexpr int kWidth = 320;
constexpr int kHeight = 240;
constexpr render::FeatureColor kAreaColor{90, 190, 90};
constexpr render::FeatureColor kLineColor{200, 40, 40};
constexpr render::FeatureColor kOtherAreaColor{60, 90, 220};

Pixel pixelOf(const render::FeatureColor& c) { return {c.r, c.g, c.b, 255}; }

/// A 120 m square area at the lift the importer gives areas.
gis::ImportedLayer areaLayer(const std::string& name = "parks", float z = 0.15f,
                             float x0 = -60, float y0 = -60, float x1 = 60, float y1 = 60) {
    gis::MeshChunk c;
    addFlatQuad(c, 0, x0, y0, x1, y1, z);
    return makeKindLayer(gis::LayerKind::Areas, {c}, 1, name);
}

/// An 8 m wide east-west ribbon across the area, feature 0, coplanar with
/// the area on purpose (only draw order and polygon offset separate them).
gis::ImportedLayer lineLayer(float z = 0.15f) {
    gis::MeshChunk c;
    addFlatQuad(c, 0, -60, -4, 60, 4, z);
    return makeKindLayer(gis::LayerKind::Lines, {c}, 1, "streets");
}

/// One 30 m tall building standing in the area, north of the line.
gis::ImportedLayer buildingLayer() {
    gis::MeshChunk c;
    addBox(c, 0, 20, 12, 40, 32, 30);
    return makeKindLayer(gis::LayerKind::Buildings, {c}, 1, "buildings");
}

render::CameraView obliqueView() {
    render::CameraView v;
    v.target = {0, 0, 0};
    v.rangeMeters = 260;
    v.headingDeg = 30;
    v.pitchDeg = -35;
    return v;
}

render::CameraView topView(double range = 200) { return topDownView({0, 0, 0}, range); }

struct GeometrySnapshot {
    const osg::Geometry* geometry;
    const osg::Array* vertices;
    unsigned verticesModified;
    const osg::BufferObject* vbo;
    bool operator==(const GeometrySnapshot&) const = default;
};

std::vector<GeometrySnapshot> snapshotGeometry(osg::Node* root) {
    struct Visitor : osg::NodeVisitor {
        Visitor() : osg::NodeVisitor(TRAVERSE_ALL_CHILDREN) {}
        void apply(osg::Geometry& g) override {
            out.push_back({&g, g.getVertexArray(), g.getVertexArray()->getModifiedCount(),
                           g.getVertexArray()->getBufferObject()});
        }
        std::vector<GeometrySnapshot> out;
    } v;
    root->accept(v);
    return v.out;
}

bool isBetween(const Pixel& p, const Pixel& a, const Pixel& b, int slack = 3) {
    for (int c = 0; c < 3; ++c)
        if (p[c] < std::min(a[c], b[c]) - slack || p[c] > std::max(a[c], b[c]) + slack) return false;
    return true;
}

} // namespace

class TestRenderLayers : public QObject {
    Q_OBJECT
    std::unique_ptr<render::OffscreenRenderer> m_renderer;

    Pixel at(const render::RgbaImage& img, const render::CameraView& v, double x, double y, double z) {
        const auto p = projectToPixel(v, kWidth, kHeight, x, y, z);
        return pixelAt(img, int(p[0]), int(p[1]));
    }
    QString describe(const Pixel& p) { return QStringLiteral("(%1,%2,%3)").arg(p[0]).arg(p[1]).arg(p[2]); }

private slots:
    void initTestCase() {
        auto r = render::OffscreenRenderer::create(kWidth, kHeight);
        QVERIFY2(r.ok(), r.firstError().c_str());
        m_renderer = r.takeValue();
    }

    void kindsAndDefaultColours() {
        render::CityScene scene;
        QVERIFY2(scene.shaderError().empty(), scene.shaderError().c_str());
        const auto a = scene.addLayer(render::prepareLayer(areaLayer("city parks")));
        const auto w = scene.addLayer(render::prepareLayer(areaLayer("water bodies")));
        const auto l = scene.addLayer(render::prepareLayer(lineLayer()));
        const auto b = scene.addLayer(render::prepareLayer(buildingLayer()));
        QCOMPARE(scene.layerKind(a), gis::LayerKind::Areas);
        QCOMPARE(scene.layerKind(l), gis::LayerKind::Lines);
        QCOMPARE(scene.layerKind(b), gis::LayerKind::Buildings);
        QCOMPARE(scene.layerKind(999), gis::LayerKind::Auto);
        QCOMPARE(scene.featureColor(b, 0), render::kDefaultBuildingColor);
        QCOMPARE(scene.featureColor(l, 0), render::kDefaultLineColor);
        QCOMPARE(scene.featureColor(a, 0), render::kDefaultAreaColor);
        QCOMPARE(scene.featureColor(w, 0), render::kDefaultWaterAreaColor);
        QCOMPARE(scene.layerOrder(), (std::vector<render::LayerId>{a, w, l, b}));
    }

    void drapedLayersStackUnderBuildings() {
        render::CityScene scene;
        const auto area = scene.addLayer(render::prepareLayer(areaLayer()));
        const auto line = scene.addLayer(render::prepareLayer(lineLayer()));
        const auto building = scene.addLayer(render::prepareLayer(buildingLayer()));
        scene.setLayerColor(area, kAreaColor);
        scene.setLayerColor(line, kLineColor);
        const render::CameraView view = obliqueView();

        // The building alone, for its walls' true colour.
        render::CityScene alone;
        alone.addLayer(render::prepareLayer(buildingLayer()));
        const render::RgbaImage reference = m_renderer->renderComplete(alone, view);

        std::vector<render::RgbaImage> images;
        for (int i = 0; i < 3; ++i) images.push_back(m_renderer->renderComplete(scene, view));
        render::writePng(images[0], (testOutDir("render") + "/layers_stack.png").toStdString());
        for (const auto& img : images) {
            // Inside the line's footprint: the line, never the area below it.
            for (double x : {-50.0, -30.0, -10.0, 10.0, 30.0, 50.0})
                for (double y : {-2.5, 0.0, 2.5}) {
                    const Pixel p = at(img, view, x, y, 0.15);
                    QVERIFY2(colorDistance(p, pixelOf(kLineColor)) <= 4,
                             qPrintable(QStringLiteral("line at %1,%2 is %3").arg(x).arg(y).arg(describe(p))));
                }
            // The area elsewhere, the ground outside it.
            for (double x : {-40.0, 0.0, 40.0})
                QVERIFY(colorDistance(at(img, view, x, -30, 0.15), pixelOf(kAreaColor)) <= 4);
            QVERIFY(!isSky(at(img, view, 0, -90, 0), 10));
            QVERIFY(colorDistance(at(img, view, 0, -90, 0), pixelOf(kAreaColor)) > 20);
            // Walls and roof are the building's, not the area's.
            for (const auto& w : {std::array<double, 3>{30, 12, 15}, {20, 22, 15}, {30, 22, 30}, {30, 12, 3}}) {
                const Pixel p = at(img, view, w[0], w[1], w[2]);
                const Pixel ref = at(reference, view, w[0], w[1], w[2]);
                QVERIFY2(colorDistance(p, ref) <= 2,
                         qPrintable(QStringLiteral("wall %1 vs %2").arg(describe(p), describe(ref))));
            }
        }
        QCOMPARE(compareImages(images[0], images[1], 0).mismatched, 0);
        QCOMPARE(compareImages(images[0], images[2], 0).mismatched, 0);

        // Order acts within a kind: a line listed below the area still draws over it.
        scene.setLayerOrder({line, area, building});
        QCOMPARE(scene.layerOrder(), (std::vector<render::LayerId>{line, area, building}));
        const render::RgbaImage swapped = m_renderer->renderComplete(scene, view);
        QVERIFY(colorDistance(at(swapped, view, 0, 0, 0.15), pixelOf(kLineColor)) <= 4);

        // Feature styling works on draped kinds: hide the line, the area shows.
        scene.setFeatureVisible(line, 0, false);
        const render::RgbaImage hidden = m_renderer->renderComplete(scene, view);
        QVERIFY(colorDistance(at(hidden, view, 0, 0, 0.15), pixelOf(kAreaColor)) <= 4);
    }

    void layerOrderSwapsOverlappingAreas() {
        render::CityScene scene;
        const auto a = scene.addLayer(render::prepareLayer(areaLayer("a", 0.15f, -60, -60, 20, 20)));
        const auto b = scene.addLayer(render::prepareLayer(areaLayer("b", 0.15f, -20, -20, 60, 60)));
        scene.setLayerColor(a, kAreaColor);
        scene.setLayerColor(b, kOtherAreaColor);
        for (const render::CameraView& view : {topView(), obliqueView()}) {
            scene.setLayerOrder({a, b});
            const render::RgbaImage bOnTop = m_renderer->renderComplete(scene, view);
            scene.setLayerOrder({b, a});
            const render::RgbaImage aOnTop = m_renderer->renderComplete(scene, view);
            render::writePng(aOnTop, (testOutDir("render") + "/layers_order.png").toStdString());
            for (double x : {-15.0, 0.0, 15.0}) {
                QVERIFY(colorDistance(at(bOnTop, view, x, x, 0.15), pixelOf(kOtherAreaColor)) <= 4);
                QVERIFY(colorDistance(at(aOnTop, view, x, x, 0.15), pixelOf(kAreaColor)) <= 4);
            }
            // Outside the overlap each keeps its own colour.
            QVERIFY(colorDistance(at(aOnTop, view, 40, 40, 0.15), pixelOf(kOtherAreaColor)) <= 4);
            QVERIFY(colorDistance(at(bOnTop, view, -40, -40, 0.15), pixelOf(kAreaColor)) <= 4);
        }
    }

    void opacityBlends_data() {
        QTest::addColumn<int>("kind");
        QTest::newRow("area over ground") << int(gis::LayerKind::Areas);
        QTest::newRow("building over sky") << int(gis::LayerKind::Buildings);
    }

    void opacityBlends() {
        QFETCH(int, kind);
        const bool area = kind == int(gis::LayerKind::Areas);
        render::CityScene scene;
        if (!area) scene.setGroundVisible(false);
        const auto id = scene.addLayer(render::prepareLayer(area ? areaLayer() : buildingLayer()));
        const render::FeatureColor color = area ? kAreaColor : kOtherAreaColor;
        scene.setLayerColor(id, color);
        const render::CameraView view = area ? topView() : obliqueView();
        const std::array<double, 3> probe = area ? std::array<double, 3>{0, 0, 0.15}
                                                 : std::array<double, 3>{30, 22, 30}; // roof
        auto sample = [&](const render::RgbaImage& img) { return at(img, view, probe[0], probe[1], probe[2]); };

        QCOMPARE(scene.layerOpacity(id), 1.0f);
        const Pixel opaque = sample(m_renderer->renderComplete(scene, view));
        scene.setLayerOpacity(id, 0.0f);
        QVERIFY(scene.isLayerVisible(id)); // opacity is separate from visibility
        const Pixel beneath = sample(m_renderer->renderComplete(scene, view));
        QVERIFY2(colorDistance(opaque, beneath) > 40, qPrintable(describe(opaque) + describe(beneath)));
        if (!area) QVERIFY(isSky(beneath));

        scene.setLayerOpacity(id, 0.5f);
        QCOMPARE(scene.layerOpacity(id), 0.5f);
        QVERIFY(scene.needsRedraw());
        const render::RgbaImage halfImage = m_renderer->renderComplete(scene, view);
        render::writePng(halfImage, (testOutDir("render") + "/layers_half_" + QString::number(kind) + ".png").toStdString());
        const Pixel half = sample(halfImage);
        QVERIFY2(isBetween(half, opaque, beneath), qPrintable(describe(half)));
        QVERIFY(colorDistance(half, opaque) > 10);
        QVERIFY(colorDistance(half, beneath) > 10);
        for (int c = 0; c < 3; ++c) QVERIFY(std::abs(half[c] - (opaque[c] + beneath[c]) / 2) <= 6);

        scene.setLayerOpacity(id, 7.0f); // clamped
        QCOMPARE(scene.layerOpacity(id), 1.0f);
        QVERIFY(colorDistance(sample(m_renderer->renderComplete(scene, view)), opaque) <= 1);
    }

    void bulkRestyleOfAMillionFeatures() {
        constexpr uint32_t kFeatures = 1'000'000;
        gis::MeshChunk c;
        addBox(c, 0, -30, -10, -10, 10, 20);
        addBox(c, kFeatures - 1, 10, -10, 30, 10, 40);
        render::CityScene scene;
        scene.setGroundVisible(false);
        const auto id = scene.addLayer(render::prepareLayer(makeLayer({c}, 2)));
        QCOMPARE(scene.featureCount(id), kFeatures);
        render::CameraView view = obliqueView();
        view.rangeMeters = 180;
        const render::RgbaImage before = m_renderer->renderComplete(scene, view);
        const auto geometryBefore = snapshotGeometry(scene.root());

        std::vector<render::FeatureColor> colors(kFeatures);
        std::vector<uint8_t> visible(kFeatures, 1);
        for (uint32_t i = 0; i < kFeatures; ++i) colors[i] = {uint8_t(i * 7), uint8_t(i * 13), uint8_t(i)};
        colors[kFeatures - 1] = {210, 30, 30};
        visible[0] = 0;
        QElapsedTimer timer;
        timer.start();
        scene.setFeatureColors(id, colors, visible);
        const double ms = timer.nsecsElapsed() / 1e6;
        qInfo("bulk restyle of %u features: %.2f ms", kFeatures, ms);
        QVERIFY2(ms < 50.0, qPrintable(QStringLiteral("%1 ms").arg(ms)));
        QVERIFY(scene.needsRedraw());
        QCOMPARE(scene.featureColor(id, 123456), colors[123456]);
        QVERIFY(!scene.isFeatureVisible(id, 0));
        QVERIFY(scene.isFeatureVisible(id, 1));

        const render::RgbaImage after = m_renderer->renderComplete(scene, view);
        const Pixel roof = at(after, view, 20, 0, 40);
        QVERIFY2(roof[0] > roof[1] + 60, qPrintable(describe(roof)));
        QVERIFY(!isSky(at(before, view, -20, 0, 20), 10));
        QVERIFY(isSky(at(after, view, -20, 0, 20)));
        QVERIFY(geometryBefore == snapshotGeometry(scene.root()));

        // Short vectors leave the rest as it was; empty ones change nothing.
        scene.setFeatureColors(id, {{1, 2, 3}}, {});
        QCOMPARE(scene.featureColor(id, 0), (render::FeatureColor{1, 2, 3}));
        QCOMPARE(scene.featureColor(id, 1), colors[1]);
        QVERIFY(!scene.isFeatureVisible(id, 0));
    }

    void groundLayersShareTheIdSpace() {
        // 2 x 2 red image tiles (1 km square from the origin), a blue area on part of it.
        gis::ImageryLayer imagery;
        const double size = imagery.frame.tileSizeMeters;
        for (int ty = 0; ty < 2; ++ty)
            for (int tx = 0; tx < 2; ++tx) {
                gis::ImageTile tile;
                tile.tile = {tx, ty, 0};
                tile.origin = {(tx + 0.5) * size, (ty + 0.5) * size, 0};
                tile.width = tile.height = 8;
                for (int i = 0; i < 64; ++i) tile.rgba.insert(tile.rgba.end(), {200, 40, 40, 255});
                imagery.tiles.push_back(std::move(tile));
            }
        imagery.extent.add(0, 0);
        imagery.extent.add(2 * size, 2 * size);

        render::CityScene scene;
        const auto area = scene.addLayer(render::prepareLayer(areaLayer("a", 0.15f, 100, 100, 300, 300)));
        scene.setLayerColor(area, kOtherAreaColor);
        const auto image = scene.addImagery(render::prepareImagery(imagery));
        QVERIFY(image > 0 && image != area);
        QCOMPARE(scene.addImagery(nullptr), -1);
        QCOMPARE(scene.layerKind(image), gis::LayerKind::Imagery);
        QVERIFY(scene.hasLayer(image));
        QVERIFY(scene.isLayerVisible(image));
        QVERIFY(scene.needsRedraw());
        QCOMPARE(scene.layerOrder(), (std::vector<render::LayerId>{area, image}));
        QVERIFY(scene.extent().maxX >= 2 * size - 1); // the imagery's extent counts

        render::CameraView view = topView(1500);
        view.target = {size, size, 0};
        const render::RgbaImage img = m_renderer->renderComplete(scene, view);
        render::writePng(img, (testOutDir("render") + "/layers_on_imagery.png").toStdString());
        // The area draws over the imagery; the imagery over the flat ground.
        QVERIFY(colorDistance(at(img, view, 200, 200, 0.15), pixelOf(kOtherAreaColor)) <= 4);
        const Pixel onImage = at(img, view, 700, 700, 0);
        QVERIFY2(onImage[0] > onImage[1] + 80, qPrintable(describe(onImage)));

        scene.setLayerOpacity(image, 0.25f);
        QCOMPARE(scene.layerOpacity(image), 0.25f);
        scene.setLayerVisible(image, false);
        QVERIFY(!scene.isLayerVisible(image));
        const Pixel hidden = at(m_renderer->renderComplete(scene, view), view, 700, 700, 0);
        QVERIFY2(hidden[0] < hidden[1] + 30, qPrintable(describe(hidden)));
        scene.removeLayer(image);
        QVERIFY(!scene.hasLayer(image));
        QCOMPARE(scene.layerOrder(), (std::vector<render::LayerId>{area}));
    }

    void cleanupTestCase() { m_renderer.reset(); }
};

int citytwin::test::runRenderLayersTests(int argc, char** argv) {
    TestRenderLayers t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_render_Layers.moc"
