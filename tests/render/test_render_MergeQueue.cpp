// The merge queue: tiles attach a few per frame in the update traversal,
// removed/replaced layers drop their pending tiles, draw calls follow tiles.
#include "RenderTestSupport.h"
#include "test_render_Suites.h"

#include "citytwin/render/CityScene.h"
#include "citytwin/render/OffscreenRenderer.h"

#include <osg/Geometry>
#include <osg/NodeVisitor>

#include <QtTest>

using namespace citytwin;
using namespace citytwin::test;

namespace {

/// A 5 x 4 grid of 100 m tiles, each with two boxes: 20 tiles, 40 features.
gis::ImportedLayer gridLayer(double originX = 0, double originY = 0) {
    std::vector<gis::MeshChunk> chunks;
    uint32_t id = 0;
    for (int ty = 0; ty < 4; ++ty) {
        for (int tx = 0; tx < 5; ++tx) {
            gis::MeshChunk c;
            c.tile = {tx, ty, 0};
            c.origin = {originX + tx * 100.0, originY + ty * 100.0, 0};
            addBox(c, id++, 10, 10, 40, 40, 15.0f + tx * 5);
            addBox(c, id++, 55, 50, 90, 85, 25.0f + ty * 5);
            chunks.push_back(std::move(c));
        }
    }
    return makeLayer(std::move(chunks), id);
}

int countGeometries(osg::Node* root) {
    struct Visitor : osg::NodeVisitor {
        Visitor() : osg::NodeVisitor(TRAVERSE_ALL_CHILDREN) {}
        void apply(osg::Geometry&) override { ++count; }
        int count = 0;
    } v;
    root->accept(v);
    return v.count;
}

} // namespace

class TestMergeQueue : public QObject {
    Q_OBJECT
    std::unique_ptr<render::OffscreenRenderer> m_renderer;
    render::CameraView m_view;

    void oneFrame(render::CityScene& scene) { m_renderer->measureFrames(scene, m_view, 1); }

private slots:
    void initTestCase() {
        auto r = render::OffscreenRenderer::create(320, 200);
        QVERIFY2(r.ok(), r.firstError().c_str());
        m_renderer = r.takeValue();
        const auto layer = gridLayer();
        m_view = render::fitCamera(layer.extent, layer.maxHeightMeters, 320.0 / 200.0);
    }

    void prepareBuildsOneGeometryPerTile() {
        const auto layer = gridLayer();
        auto prepared = render::prepareLayer(layer);
        QVERIFY(prepared);
        QCOMPARE(render::preparedTileCount(*prepared), 20);
        QCOMPARE(render::preparedFeatureCount(*prepared), 40u);
    }

    void cancelledPrepareStops() {
        gis::CancelToken cancel;
        cancel.cancel();
        auto prepared = render::prepareLayer(gridLayer(), &cancel);
        QCOMPARE(render::preparedTileCount(*prepared), 0);
    }

    void attachesAFewTilesPerFrame() {
        render::CityScene scene;
        scene.setGroundVisible(false);
        QCOMPARE(scene.tilesPerFrame(), 8);
        const render::LayerId id = scene.addLayer(render::prepareLayer(gridLayer()));
        QVERIFY(id > 0);
        QCOMPARE(scene.featureCount(id), 40u);
        QCOMPARE(scene.pendingTiles(), 20);
        QVERIFY(scene.needsRedraw());
        QCOMPARE(countGeometries(scene.root()), 0); // nothing live before a frame
        oneFrame(scene);
        QCOMPARE(scene.pendingTiles(), 12);
        QCOMPARE(countGeometries(scene.root()), 8);
        oneFrame(scene);
        QCOMPARE(scene.pendingTiles(), 4);
        oneFrame(scene);
        QCOMPARE(scene.pendingTiles(), 0);
        QCOMPARE(countGeometries(scene.root()), 20);
        QVERIFY(!scene.needsRedraw());
        scene.setLayerVisible(id, false);
        QVERIFY(scene.needsRedraw());
        oneFrame(scene);
        QVERIFY(!scene.needsRedraw());
    }

    void removedLayerDropsPendingTiles() {
        render::CityScene scene;
        scene.setGroundVisible(false);
        scene.setTilesPerFrame(3);
        const unsigned fixedChildren = scene.root()->getNumChildren(); // ground, labels, legend
        const render::LayerId id = scene.addLayer(render::prepareLayer(gridLayer()));
        oneFrame(scene);
        QCOMPARE(scene.pendingTiles(), 17);
        scene.removeLayer(id);
        QVERIFY(!scene.hasLayer(id));
        QCOMPARE(scene.pendingTiles(), 0);
        oneFrame(scene);
        QCOMPARE(countGeometries(scene.root()), 0);
        QCOMPARE(scene.root()->getNumChildren(), fixedChildren);
    }

    void replacedLayerDropsStaleRevision() {
        render::CityScene scene;
        scene.setGroundVisible(false);
        const render::LayerId id = scene.addLayer(render::prepareLayer(gridLayer()));
        oneFrame(scene);
        QVERIFY(scene.replaceLayer(id, render::prepareLayer(gridLayer(0, 1000))));
        QCOMPARE(scene.pendingTiles(), 20);
        m_renderer->renderComplete(scene, m_view);
        QCOMPARE(scene.pendingTiles(), 0);
        QCOMPARE(countGeometries(scene.root()), 20); // old tiles gone, new ones attached
        QCOMPARE(scene.extent().minY, 1010.0);
        QVERIFY(!scene.replaceLayer(id + 100, render::prepareLayer(gridLayer())));
    }

    void statsCountRealDrawCalls() {
        render::CityScene scene;
        scene.setGroundVisible(false);
        scene.addLayer(render::prepareLayer(gridLayer()));
        const auto image = m_renderer->renderComplete(scene, m_view);
        int boxPixels = 0;
        for (int y = 0; y < image.height; ++y)
            for (int x = 0; x < image.width; ++x) boxPixels += isSky(pixelAt(image, x, y), 10) ? 0 : 1;
        QVERIFY(boxPixels > 1000);
        const render::FrameStats stats = m_renderer->measureFrames(scene, m_view, 5);
        QCOMPARE(stats.frames, 5);
        QCOMPARE(stats.drawCalls, int64_t(20));       // one per tile, not per building
        QCOMPARE(stats.triangles, int64_t(20 * 2 * 10)); // 2 boxes x 10 triangles per tile
        QVERIFY(stats.medianFrameMs > 0);
        QVERIFY(stats.p95FrameMs >= stats.medianFrameMs);
        QVERIFY(stats.peakRssBytes > 1000000);
        QVERIFY(stats.firstFrameSeconds > 0);
        QVERIFY(stats.firstFrameSeconds <= render::secondsSinceProcessStart());

        // Half the tiles out of view: culled, so fewer draw calls.
        render::CameraView close = m_view;
        close.rangeMeters /= 4;
        close.target.x -= 150;
        const render::FrameStats closeStats = m_renderer->measureFrames(scene, close, 1);
        QVERIFY(closeStats.drawCalls > 0);
        QVERIFY(closeStats.drawCalls < 20);
    }

    void cleanupTestCase() { m_renderer.reset(); }
};

int citytwin::test::runMergeQueueTests(int argc, char** argv) {
    TestMergeQueue t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_render_MergeQueue.moc"
