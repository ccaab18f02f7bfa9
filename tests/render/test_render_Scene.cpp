// Rendering of hand-made meshes: lit walls, GPU restyling, hiding, precision
// at UTM coordinates.
#include "RenderTestSupport.h"
#include "TestData.h"
#include "test_render_Suites.h"

#include "citytwin/render/CityScene.h"
#include "citytwin/render/OffscreenRenderer.h"

#include <osg/Geometry>
#include <osg/NodeVisitor>
#include <osg/Texture2D>

#include <QtTest>

using namespace citytwin;
using namespace citytwin::test;

namespace {

constexpr int kWidth = 320;
constexpr int kHeight = 240;

/// Three boxes (features 0, 1, 2) in one tile at the origin.
gis::ImportedLayer threeBoxes(gis::DVec3 origin = {}) {
    gis::MeshChunk c;
    c.origin = origin;
    addBox(c, 0, -30, -10, -10, 10, 20);
    addBox(c, 1, 10, -10, 30, 10, 40);
    addBox(c, 2, -10, 30, 10, 50, 10);
    return makeLayer({c}, 3);
}

render::CameraView obliqueView(gis::DVec3 origin = {}) {
    render::CameraView v;
    v.target = {origin.x, origin.y + 10, origin.z + 10};
    v.rangeMeters = 180;
    v.headingDeg = 30;
    v.pitchDeg = -30;
    return v;
}

struct GeometrySnapshot {
    const osg::Geometry* geometry;
    const osg::Array* vertices;
    unsigned verticesModified;
    const osg::Array* featureIds;
    unsigned featureIdsModified;
    const osg::BufferObject* vbo;
    unsigned primitivesModified;
    bool operator==(const GeometrySnapshot&) const = default;
};

std::vector<GeometrySnapshot> snapshotGeometry(osg::Node* root) {
    struct Visitor : osg::NodeVisitor {
        Visitor() : osg::NodeVisitor(TRAVERSE_ALL_CHILDREN) {}
        void apply(osg::Geometry& g) override {
            const osg::Array* ids = g.getVertexAttribArray(6);
            out.push_back({&g, g.getVertexArray(), g.getVertexArray()->getModifiedCount(), ids,
                           ids ? ids->getModifiedCount() : 0u, g.getVertexArray()->getBufferObject(),
                           g.getPrimitiveSet(0)->getModifiedCount()});
        }
        std::vector<GeometrySnapshot> out;
    } v;
    root->accept(v);
    return v.out;
}

const osg::Image* stateImage(osg::Node* root) {
    struct Visitor : osg::NodeVisitor {
        Visitor() : osg::NodeVisitor(TRAVERSE_ALL_CHILDREN) {}
        void apply(osg::Node& n) override {
            if (const osg::StateSet* ss = n.getStateSet())
                if (auto* t = dynamic_cast<const osg::Texture2D*>(
                        ss->getTextureAttribute(0, osg::StateAttribute::TEXTURE)))
                    image = t->getImage();
            traverse(n);
        }
        const osg::Image* image = nullptr;
    } v;
    root->accept(v);
    return v.image;
}

} // namespace

class TestRenderScene : public QObject {
    Q_OBJECT
    std::unique_ptr<render::OffscreenRenderer> m_renderer;

    Pixel pixelOf(const render::RgbaImage& img, const render::CameraView& v, double x, double y, double z) {
        const auto p = projectToPixel(v, kWidth, kHeight, x, y, z);
        return pixelAt(img, int(p[0]), int(p[1]));
    }

private slots:
    void initTestCase() {
        auto r = render::OffscreenRenderer::create(kWidth, kHeight);
        QVERIFY2(r.ok(), r.firstError().c_str());
        m_renderer = r.takeValue();
        qInfo("GL: %s", m_renderer->glDescription().c_str());
    }

    void shadersLoadFromResources() {
        render::CityScene scene;
        QVERIFY2(scene.shaderError().empty(), scene.shaderError().c_str());
    }

    void boxesAreDrawnAndLit() {
        render::CityScene scene;
        scene.setGroundVisible(false);
        scene.addLayer(render::prepareLayer(threeBoxes()));
        const render::CameraView view = obliqueView();
        const render::RgbaImage img = m_renderer->renderComplete(scene, view);
        QCOMPARE(img.width, kWidth);
        QCOMPARE(img.height, kHeight);
        render::writePng(img, (testOutDir("render") + "/boxes.png").toStdString());

        QVERIFY(isSky(pixelAt(img, 2, 2)));
        QVERIFY(isSky(pixelAt(img, kWidth - 3, kHeight - 3)));
        // Box 1 seen from the south-south-west: roof, south and west walls.
        const Pixel roof = pixelOf(img, view, 20, 0, 40);
        const Pixel south = pixelOf(img, view, 20, -10, 20);
        const Pixel west = pixelOf(img, view, 10, 0, 20);
        for (const Pixel& p : {roof, south, west}) QVERIFY(!isSky(p, 10));
        // Different faces, different shades (sun from the south-south-east).
        QVERIFY2(std::abs(luminance(south) - luminance(west)) > 15, "south vs west wall");
        QVERIFY2(std::abs(luminance(roof) - luminance(west)) > 15, "roof vs west wall");
        // Boxes 0 and 2 are there too.
        QVERIFY(!isSky(pixelOf(img, view, -20, 0, 20), 10));
        QVERIFY(!isSky(pixelOf(img, view, 0, 40, 10), 10));
        // Default colour is a light warm grey: red >= blue on the lit roof.
        QVERIFY(roof[0] >= roof[2]);
    }

    void restyleWritesTexelsOnly() {
        render::CityScene scene;
        scene.setGroundVisible(false);
        const render::LayerId id = scene.addLayer(render::prepareLayer(threeBoxes()));
        const render::CameraView view = obliqueView();
        const render::RgbaImage before = m_renderer->renderComplete(scene, view);
        const auto geometryBefore = snapshotGeometry(scene.root());
        QCOMPARE(int(geometryBefore.size()), 1); // one Geometry per tile, not per building
        const osg::Image* image = stateImage(scene.root());
        QVERIFY(image);
        const unsigned imageModified = image->getModifiedCount();

        QVERIFY(!scene.needsRedraw());
        scene.setFeatureColor(id, 1, {200, 30, 30});
        QVERIFY(scene.needsRedraw());
        QCOMPARE(scene.featureColor(id, 1), (render::FeatureColor{200, 30, 30}));
        const render::RgbaImage after = m_renderer->renderComplete(scene, view);
        render::writePng(after, (testOutDir("render") + "/restyled.png").toStdString());

        const Pixel roofBefore = pixelOf(before, view, 20, 0, 40);
        const Pixel roofAfter = pixelOf(after, view, 20, 0, 40);
        QVERIFY2(roofAfter[0] > roofAfter[1] + 60, "restyled feature is red");
        QVERIFY(colorDistance(roofBefore, roofAfter) > 40);
        // The other features keep their colour.
        QVERIFY(colorDistance(pixelOf(before, view, -20, 0, 20), pixelOf(after, view, -20, 0, 20)) <= 2);
        // Geometry untouched: same arrays, same buffer objects, no modification.
        QVERIFY(geometryBefore == snapshotGeometry(scene.root()));
        QVERIFY(image->getModifiedCount() > imageModified);

        scene.setLayerColor(id, {40, 60, 200});
        const render::RgbaImage blue = m_renderer->renderComplete(scene, view);
        const Pixel roofBlue = pixelOf(blue, view, 20, 0, 40);
        QVERIFY(roofBlue[2] > roofBlue[0] + 60);
        QVERIFY(geometryBefore == snapshotGeometry(scene.root()));
    }

    void hiddenFeatureDisappears() {
        render::CityScene scene;
        scene.setGroundVisible(false);
        const render::LayerId id = scene.addLayer(render::prepareLayer(threeBoxes()));
        const render::CameraView view = obliqueView();
        const render::RgbaImage shown = m_renderer->renderComplete(scene, view);
        scene.setFeatureVisible(id, 1, false);
        QVERIFY(!scene.isFeatureVisible(id, 1));
        const render::RgbaImage hidden = m_renderer->renderComplete(scene, view);
        render::writePng(hidden, (testOutDir("render") + "/hidden.png").toStdString());
        QVERIFY(!isSky(pixelOf(shown, view, 20, 0, 40), 10));
        QVERIFY(isSky(pixelOf(hidden, view, 20, 0, 40)));
        QVERIFY(isSky(pixelOf(hidden, view, 20, -10, 20)));
        QVERIFY(colorDistance(pixelOf(shown, view, -20, 0, 20), pixelOf(hidden, view, -20, 0, 20)) <= 2);

        scene.setFeatureVisible(id, 1, true);
        const render::RgbaImage again = m_renderer->renderComplete(scene, view);
        QCOMPARE(compareImages(shown, again, 0).mismatched, 0);

        scene.setLayerVisible(id, false);
        const render::RgbaImage none = m_renderer->renderComplete(scene, view);
        QVERIFY(isSky(pixelOf(none, view, -20, 0, 20)));
    }

    /// A building layer whose features all look the same draws without
    /// reading its feature-state texture (the colour is a uniform): the
    /// same picture as the texture gives, and back to the texture as soon as
    /// one feature differs.
    void sharedStateDrawsAsTheTexture() {
        gis::MeshChunk c = threeBoxes().chunks.front();
        addBox(c, 3, 3000, 3000, 3020, 3020, 30); // far out of view
        gis::ImportedLayer layer = makeLayer({c}, 4);
        render::CityScene scene;
        scene.setGroundVisible(false);
        const render::LayerId id = scene.addLayer(render::prepareLayer(std::move(layer)));
        const render::CameraView view = obliqueView();
        const render::FeatureColor grey = scene.featureColor(id, 0);

        const render::RgbaImage shared = m_renderer->renderComplete(scene, view);
        QVERIFY(scene.featureStateStats(id).sharedState);
        scene.setFeatureColor(id, 3, {200, 30, 30}); // unseen, but the states differ
        const render::RgbaImage textured = m_renderer->renderComplete(scene, view);
        QVERIFY(!scene.featureStateStats(id).sharedState);
        const ImageComparison same = compareImages(shared, textured, 1); // uniform vs 8-bit texel rounding
        QVERIFY2(same.mismatched == 0, qPrintable(QString::number(same.mismatched)));
        QVERIFY(!isSky(pixelOf(shared, view, 20, 0, 40), 10));

        // Every feature selected: one shared, highlighted look.
        for (uint32_t f = 0; f < 4; ++f) scene.setFeatureSelected(id, f, true);
        const render::RgbaImage selectedTextured = m_renderer->renderComplete(scene, view);
        QVERIFY(!scene.featureStateStats(id).sharedState);
        scene.setFeatureColor(id, 3, grey);
        const render::RgbaImage selectedShared = m_renderer->renderComplete(scene, view);
        QVERIFY(scene.featureStateStats(id).sharedState);
        const ImageComparison highlighted = compareImages(selectedTextured, selectedShared, 1);
        QVERIFY2(highlighted.mismatched == 0, qPrintable(QString::number(highlighted.mismatched)));
        QVERIFY(colorDistance(pixelOf(shared, view, 20, 0, 40), pixelOf(selectedShared, view, 20, 0, 40)) > 40);

        // All hidden: drawn (as nothing) by the texture's program.
        for (uint32_t f = 0; f < 4; ++f) scene.setFeatureVisible(id, f, false);
        const render::RgbaImage hidden = m_renderer->renderComplete(scene, view);
        QVERIFY(!scene.featureStateStats(id).sharedState);
        QVERIFY(isSky(pixelOf(hidden, view, 20, 0, 40)));
        QVERIFY(isSky(pixelOf(hidden, view, -20, 0, 20)));
    }

    void preciseAtUtmNorthings_data() {
        QTest::addColumn<double>("originX");
        QTest::addColumn<double>("originY");
        QTest::newRow("boston utm 19n") << 330017.37 << 4691843.61;
        QTest::newRow("far north") << 512345.25 << 7712345.75;
    }

    void preciseAtUtmNorthings() {
        QFETCH(double, originX);
        QFETCH(double, originY);
        // A box with edges at odd centimetres, seen from straight above at
        // close range (1 px ~ 5 cm): float32 absolute positions would be off
        // by up to 0.25 m (5 px) at these northings.
        auto layerAt = [](gis::DVec3 origin) {
            gis::MeshChunk c;
            c.origin = origin;
            addBox(c, 0, -5.37f, -3.71f, 5.29f, 3.83f, 6.0f);
            return makeLayer({c}, 1);
        };
        auto viewAt = [](gis::DVec3 origin) {
            render::CameraView v;
            v.target = {origin.x + 0.13, origin.y - 0.07, origin.z};
            v.rangeMeters = 40;
            v.headingDeg = 0;
            v.pitchDeg = -90;
            return v;
        };
        const gis::DVec3 far{originX, originY, 0};
        render::CityScene local, utm;
        local.setGroundVisible(false);
        utm.setGroundVisible(false);
        local.addLayer(render::prepareLayer(layerAt({})));
        utm.addLayer(render::prepareLayer(layerAt(far)));
        const render::RgbaImage a = m_renderer->renderComplete(local, viewAt({}));
        const render::RgbaImage b = m_renderer->renderComplete(utm, viewAt(far));
        render::writePng(b, (testOutDir("render") + "/utm_box.png").toStdString());
        const ImageComparison cmp = compareImages(a, b, 2);
        QVERIFY2(cmp.mismatched == 0, qPrintable(QStringLiteral("%1 pixels moved").arg(cmp.mismatched)));

        // Edges land where the double-precision projection says.
        const render::CameraView v = viewAt(far);
        const int row = kHeight / 2;
        const double left = projectToPixel(v, kWidth, kHeight, originX - 5.37, originY, 6)[0];
        const double right = projectToPixel(v, kWidth, kHeight, originX + 5.29, originY, 6)[0];
        int firstBox = -1, lastBox = -1;
        for (int x = 0; x < kWidth; ++x) {
            if (!isSky(pixelAt(b, x, row), 10)) {
                if (firstBox < 0) firstBox = x;
                lastBox = x;
            }
        }
        QVERIFY2(std::abs(firstBox - left) <= 1.0, qPrintable(QStringLiteral("left %1 vs %2").arg(firstBox).arg(left)));
        QVERIFY2(std::abs(lastBox + 1 - right) <= 1.0, qPrintable(QStringLiteral("right %1 vs %2").arg(lastBox + 1).arg(right)));
    }

    void groundPlaneUnderTheCity() {
        render::CityScene scene;
        QVERIFY(scene.isGroundVisible());
        scene.addLayer(render::prepareLayer(threeBoxes()));
        const render::CameraView view = obliqueView();
        const render::RgbaImage img = m_renderer->renderComplete(scene, view);
        render::writePng(img, (testOutDir("render") + "/ground.png").toStdString());
        // Between and in front of the boxes: ground, not sky.
        const Pixel between = pixelOf(img, view, 0, 0, 0);
        QVERIFY(!isSky(between, 10));
        QVERIFY(colorDistance(between, pixelOf(img, view, 0, -40, 0)) <= 6);
        QVERIFY(colorDistance(between, pixelOf(img, view, 20, 0, 40)) > 20); // roofs stand out
        scene.setGroundVisible(false);
        const render::RgbaImage bare = m_renderer->renderComplete(scene, view);
        QVERIFY(isSky(pixelOf(bare, view, 0, 0, 0)));
    }

    void pngRoundTrip() {
        render::RgbaImage img;
        img.width = 3;
        img.height = 2;
        img.pixels = {255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255,
                      10, 20, 30, 255, 40, 50, 60, 255, 70, 80, 90, 255};
        const std::string path = (testOutDir("render") + "/roundtrip.png").toStdString();
        QVERIFY(render::writePng(img, path).ok());
        auto back = render::readPng(path);
        QVERIFY2(back.ok(), back.firstError().c_str());
        QCOMPARE(back->width, 3);
        QCOMPARE(back->height, 2);
        QVERIFY(back->pixels == img.pixels);
        QVERIFY(!render::readPng("/nonexistent/x.png").ok());
    }

    void cleanupTestCase() { m_renderer.reset(); }
};

int citytwin::test::runRenderSceneTests(int argc, char** argv) {
    TestRenderScene t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_render_Scene.moc"
