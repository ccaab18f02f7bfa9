// The ground: terrain from a DEM (Monaco SRTM) lit with visible relief, no
// cracks between levels of detail, draped image layers with opacity and
// order, imagery on flat ground.
#include "RenderTestSupport.h"
#include "TestData.h"
#include "test_render_Suites.h"

#include "citytwin/gis/CrsTransformer.h"
#include "citytwin/gis/RasterImport.h"
#include "citytwin/render/CityScene.h"
#include "citytwin/render/GroundNode.h"
#include "citytwin/render/OffscreenRenderer.h"

#include <osg/Geometry>
#include <osg/NodeVisitor>

#include <QElapsedTimer>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <functional>

using namespace citytwin;
using namespace citytwin::test;

namespace {

constexpr int kWidth = 320;
constexpr int kHeight = 240;

/// An image layer of one colour over the same tiles.
gis::ImageryLayer makeImagery(int tilesX, int tilesY, std::array<uint8_t, 4> rgba, int n = 8)
{
    gis::ImageryLayer img;
    img.frame.crsDefinition = "EPSG:32632";
    const double size = img.frame.tileSizeMeters;
    for (int ty = 0; ty < tilesY; ++ty)
        for (int tx = 0; tx < tilesX; ++tx) {
            gis::ImageTile tile;
            tile.tile = {tx, ty, 0};
            tile.origin = {(tx + 0.5) * size, (ty + 0.5) * size, 0};
            tile.width = tile.height = n;
            for (int i = 0; i < n * n; ++i) tile.rgba.insert(tile.rgba.end(), rgba.begin(), rgba.end());
            img.tiles.push_back(std::move(tile));
        }
    img.extent.add(0, 0);
    img.extent.add(tilesX * size, tilesY * size);
    return img;
}

double hills(double x, double y) { return 150 + 150 * std::sin(x / 300.0) * std::cos(y / 370.0); }

/// A scene holding only the ground (CityScene supplies the sun, haze and sky).
struct GroundScene {
    render::CityScene scene;
    render::GroundNode ground;
    GroundScene()
    {
        scene.setGroundVisible(false);
        scene.root()->insertChild(0, ground.node());
    }
};

int countSky(const render::RgbaImage& img, int fromRow = 0)
{
    int n = 0;
    for (int y = fromRow; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x) n += isSky(pixelAt(img, x, y)) ? 1 : 0;
    return n;
}

/// Shading variation across the view: mean luminance difference between
/// horizontal neighbours off the sky (haze only varies with the row, so a
/// flat plane scores ~0; lit slopes facing different ways do not).
double shadingVariation(const render::RgbaImage& img)
{
    double sum = 0;
    int64_t n = 0;
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x + 4 < img.width; x += 4) {
            const Pixel a = pixelAt(img, x, y), b = pixelAt(img, x + 4, y);
            if (isSky(a, 6) || isSky(b, 6)) continue;
            sum += std::abs(luminance(a) - luminance(b));
            ++n;
        }
    return n ? sum / double(n) : 0;
}

/// Vertices of every terrain mesh built so far under `node` (all levels).
struct VertexCounter : osg::NodeVisitor {
    VertexCounter() : osg::NodeVisitor(TRAVERSE_ALL_CHILDREN) {}
    int64_t vertices = 0;
    int geometries = 0;
    void apply(osg::Geometry& g) override
    {
        if (g.getVertexArray()) vertices += g.getVertexArray()->getNumElements();
        ++geometries;
    }
};

VertexCounter countVertices(osg::Node* node)
{
    VertexCounter counter;
    node->accept(counter);
    return counter;
}

render::CameraView acrossTheHills()
{
    render::CameraView v;
    v.target = {5000, 5000, 150};
    v.rangeMeters = 3000;
    v.headingDeg = 0;
    v.pitchDeg = -25;
    return v;
}

} // namespace

class TestRenderGround : public QObject {
    Q_OBJECT
    std::unique_ptr<render::OffscreenRenderer> m_renderer;
    std::optional<gis::TerrainLayer> m_monaco;

    render::RgbaImage render(GroundScene& g, const render::CameraView& view, const QString& png)
    {
        render::RgbaImage img = m_renderer->renderComplete(g.scene, view);
        render::writePng(img, (testOutDir("render") + "/" + png + ".png").toStdString());
        return img;
    }

private slots:
    void initTestCase()
    {
        auto r = render::OffscreenRenderer::create(kWidth, kHeight);
        QVERIFY2(r.ok(), r.firstError().c_str());
        m_renderer = r.takeValue();
    }

    void monacoShowsTheHills()
    {
        CITYTWIN_SHARED_DATA(zip, "monaco/N43E007.hgt.zip");
        const gis::SceneFrame frame = gis::SceneFrame::utmFor(7.42, 43.74);
        gis::LayerSpec spec;
        spec.name = "monaco srtm";
        spec.sources = {"/vsizip/" + zip.toStdString() + "/N43E007.hgt"};
        QElapsedTimer timer;
        timer.start();
        auto imported = gis::importTerrain(spec, frame);
        QVERIFY2(imported.ok(), imported.firstError().c_str());
        const qint64 importMs = timer.restart();
        auto prepared = render::prepareTerrain(*imported);
        qInfo("monaco: import %lld ms, prepare %lld ms (%d tiles)", (long long)importMs, (long long)timer.elapsed(),
              int(imported->tiles.size()));

        // From the sea south of Monaco, looking north at the Alpes-Maritimes.
        auto tr = gis::CrsTransformer::create("EPSG:4326", frame.crsDefinition);
        double x = 7.4246, y = 43.7384;
        QVERIFY(tr->transform(x, y));
        render::CameraView view;
        view.target = {x, y + 3000, 300};
        view.rangeMeters = 9000;
        view.headingDeg = 0;
        view.pitchDeg = -12;

        GroundScene terrain;
        terrain.ground.setTerrain(1, prepared);
        QVERIFY(terrain.ground.needsRedraw());
        timer.restart();
        const render::RgbaImage hillsImg = render(terrain, view, "ground_monaco");
        qInfo("monaco: first frame %lld ms", (long long)timer.elapsed());
        terrain.ground.clearRedraw();
        QVERIFY(!terrain.ground.needsRedraw());
        QVERIFY(terrain.ground.maxHeightMeters() > 1900);
        QVERIFY(!terrain.ground.extent().empty());

        // The same tiles at sea level: the hills must change the picture.
        gis::TerrainLayer flat = *imported;
        for (auto& t : flat.tiles) std::fill(t.heights.begin(), t.heights.end(), 0.0f);
        GroundScene flatScene;
        flatScene.ground.setTerrain(1, render::prepareTerrain(flat));
        const render::RgbaImage flatImg = render(flatScene, view, "ground_monaco_flat");

        const int skyHills = countSky(hillsImg), skyFlat = countSky(flatImg);
        qInfo("sky pixels: hills %d, flat %d", skyHills, skyFlat);
        // Mountains rise above the flat horizon: the upper part is not all sky.
        QVERIFY2(skyFlat - skyHills > kWidth * kHeight / 20, "hills cover part of the flat view's sky");
        int rowsDiffer = 0;
        for (int yy = 0; yy < kHeight; ++yy) {
            int diff = 0;
            for (int xx = 0; xx < kWidth; ++xx) diff += colorDistance(pixelAt(hillsImg, xx, yy), pixelAt(flatImg, xx, yy)) > 8;
            rowsDiffer += diff > kWidth / 10;
        }
        QVERIFY2(rowsDiffer > kHeight / 4, qPrintable(QString::number(rowsDiffer)));
        // Lit relief: slopes facing the sun and away differ.
        const double shading = shadingVariation(hillsImg), flatShading = shadingVariation(flatImg);
        qInfo("shading variation %.2f (flat %.2f)", shading, flatShading);
        QVERIFY(shading > 1.5);
        QVERIFY(flatShading < 0.5);
    }

    void largeDemStaysCheap()
    {
        // The whole SRTM tile (1 x 1 degree, ~36,000 tiles of 500 m): far
        // terrain is a few large coarse blocks, near terrain full resolution,
        // and only what a view needs is built.
        CITYTWIN_SHARED_DATA(zip, "monaco/N43E007.hgt.zip");
        const gis::SceneFrame frame = gis::SceneFrame::utmFor(7.42, 43.74);
        gis::LayerSpec spec;
        spec.sources = {"/vsizip/" + zip.toStdString() + "/N43E007.hgt"};
        auto imported = gis::importTerrain(spec, frame);
        QVERIFY2(imported.ok(), imported.firstError().c_str());
        const int64_t fullVertices = int64_t(imported->tiles.size()) * imported->tiles.front().cols *
                                     imported->tiles.front().rows;
        QVERIFY(imported->tiles.size() > 30000);
        GroundScene g;
        g.ground.setTerrain(1, render::prepareTerrain(*imported));
        auto tr = gis::CrsTransformer::create("EPSG:4326", frame.crsDefinition);
        double x = 7.42, y = 43.735;
        QVERIFY(tr->transform(x, y));
        render::CameraView view;
        view.target = {x, y, 0};
        // From 1000 km up nothing finer than the prepared levels is needed.
        view.rangeMeters = 1.0e6;
        view.pitchDeg = -90;
        render(g, view, "ground_monaco_space");
        const VertexCounter prepared = countVertices(g.ground.node());
        qInfo("prepared: %d meshes, %lld vertices (full resolution %lld)", prepared.geometries,
              (long long)prepared.vertices, (long long)fullVertices);
        QVERIFY(prepared.geometries > 0);
        QVERIFY(prepared.vertices < fullVertices / 5);
        QVERIFY(prepared.geometries < 1000);

        view.headingDeg = 0;
        view.pitchDeg = -25;
        for (double range : {60000.0, 6000.0, 800.0}) {
            view.rangeMeters = range;
            const render::RgbaImage img = render(g, view, QStringLiteral("ground_monaco_%1m").arg(range));
            QCOMPARE(g.ground.pendingWork(), 0);
            const render::FrameStats stats = m_renderer->measureFrames(g.scene, view, 1);
            const VertexCounter built = countVertices(g.ground.node());
            qInfo("range %.0f m: %lld draw calls, %lld triangles, %d meshes / %lld vertices built", range,
                  (long long)stats.drawCalls, (long long)stats.triangles, built.geometries, (long long)built.vertices);
            QVERIFY2(stats.drawCalls <= 200, qPrintable(QString::number(stats.drawCalls)));
            QVERIFY(built.vertices < fullVertices / 5);
            QVERIFY(countSky(img, kHeight / 2) == 0); // the lower half is all ground
        }
    }

    void noCracksBetweenLevels_data()
    {
        QTest::addColumn<bool>("skirts");
        QTest::addColumn<bool>("checkerboard");
        QTest::newRow("tiles, with skirts") << true << true;
        QTest::newRow("tiles, without skirts (control)") << false << true;
        QTest::newRow("quadtree, with skirts") << true << false;
        QTest::newRow("quadtree, without skirts (control)") << false << false;
    }
    void noCracksBetweenLevels()
    {
        QFETCH(bool, skirts);
        QFETCH(bool, checkerboard);
        // Steep, short hills on a coarse grid: a quarter-resolution edge
        // misses the full-resolution one by up to ~20 m.
        const gis::TerrainLayer t = makeTerrain(20, 20, 17, [](double x, double y) {
            return 150 + 150 * std::sin(x / 120.0) * std::cos(y / 150.0);
        });
        render::TerrainMeshOptions options;
        options.skirts = skirts;
        // Checkerboard: every tile edge joins full and quarter resolution.
        // Quadtree: short ranges put blocks of four levels side by side.
        options.checkerboardLevels = checkerboard;
        options.lodRangeScale = checkerboard ? 1.0 : 0.3;
        GroundScene g;
        g.ground.setTerrain(7, render::prepareTerrain(t, nullptr, options));
        const render::CameraView view = acrossTheHills();
        const render::RgbaImage img =
            render(g, view, QStringLiteral("ground_lod_%1_%2").arg(checkerboard ? "tiles" : "tree", skirts ? "skirts" : "noskirts"));
        // Every ray of this view hits the terrain: any sky pixel is a crack.
        const int sky = countSky(img);
        qInfo("sky pixels %s skirts: %d", skirts ? "with" : "without", sky);
        if (skirts) QCOMPARE(sky, 0);
        else QVERIFY2(sky > 0, "the control shows cracks, so the check can fail");
        QVERIFY(shadingVariation(img) > 1.5);
    }

    void imageryDrapesWithOpacity()
    {
        const gis::TerrainLayer t = makeTerrain(20, 20, 17, hills);
        GroundScene g;
        g.ground.setTerrain(1, render::prepareTerrain(t));
        const render::CameraView view = acrossTheHills();
        const render::RgbaImage bare = render(g, view, "ground_bare");

        g.ground.addImagery(2, render::prepareImagery(makeImagery(20, 20, {200, 40, 40, 255})));
        QVERIFY(g.ground.needsRedraw());
        const render::RgbaImage red = render(g, view, "ground_red");
        g.ground.clearRedraw();
        const Pixel centreBare = pixelAt(bare, kWidth / 2, kHeight / 2);
        const Pixel centreRed = pixelAt(red, kWidth / 2, kHeight / 2);
        QVERIFY2(centreRed[0] > centreRed[1] + 60, "imagery colours the ground");
        QVERIFY(colorDistance(centreBare, centreRed) > 40);

        g.ground.setImageryOpacity(2, 0.0f);
        QVERIFY(g.ground.needsRedraw());
        const render::RgbaImage none = render(g, view, "ground_opacity0");
        QVERIFY2(compareImages(bare, none, 1).mismatched == 0, "opacity 0 equals no imagery");

        g.ground.setImageryOpacity(2, 0.5f);
        const Pixel half = pixelAt(render(g, view, "ground_opacity50"), kWidth / 2, kHeight / 2);
        QVERIFY(half[0] > centreBare[0] + 10 && half[0] < centreRed[0] - 10);

        // A second layer on top; reordering puts the first back on top.
        g.ground.setImageryOpacity(2, 1.0f);
        g.ground.addImagery(3, render::prepareImagery(makeImagery(20, 20, {40, 40, 200, 255})));
        const Pixel blue = pixelAt(render(g, view, "ground_blue_on_red"), kWidth / 2, kHeight / 2);
        QVERIFY(blue[2] > blue[0] + 60);
        g.ground.setImageryOrder({3, 2});
        const Pixel redAgain = pixelAt(render(g, view, "ground_red_on_blue"), kWidth / 2, kHeight / 2);
        QVERIFY(redAgain[0] > redAgain[2] + 60);
        g.ground.setImageryVisible(2, false);
        const Pixel blueAgain = pixelAt(render(g, view, "ground_red_hidden"), kWidth / 2, kHeight / 2);
        QVERIFY(blueAgain[2] > blueAgain[0] + 60);
        g.ground.removeImagery(3);
        const render::RgbaImage back = render(g, view, "ground_all_removed");
        QVERIFY(compareImages(bare, back, 1).mismatched == 0);
    }

    void imageryOnFlatGround()
    {
        // No DEM: image tiles lie on flat ground; the base plane covers the
        // rest of the flat extent in the neutral ground colour.
        GroundScene g;
        g.ground.setFlatExtent({0, 0, 4000, 4000});
        g.ground.addImagery(1, render::prepareImagery(makeImagery(4, 4, {30, 160, 60, 255})));
        render::CameraView v;
        v.target = {2000, 2000, 0};
        v.rangeMeters = 9000;
        v.pitchDeg = -60;
        const render::RgbaImage img = render(g, v, "ground_flat_imagery");
        const auto inside = projectToPixel(v, kWidth, kHeight, 1000, 1000, 0);
        const auto outside = projectToPixel(v, kWidth, kHeight, -1000, 1000, 0);
        const Pixel in = pixelAt(img, int(inside[0]), int(inside[1]));
        const Pixel out = pixelAt(img, int(outside[0]), int(outside[1]));
        QVERIFY2(in[1] > in[0] + 60, "green imagery");
        QVERIFY(!isSky(out, 10));
        QVERIFY(colorDistance(in, out) > 40);
        g.ground.setFlatVisible(false);
        const render::RgbaImage noBase = render(g, v, "ground_flat_imagery_nobase");
        QVERIFY(isSky(pixelAt(noBase, int(outside[0]), int(outside[1]))));
        QVERIFY(colorDistance(pixelAt(noBase, int(inside[0]), int(inside[1])), in) <= 2);
    }

    void bostonInsetOnFlatGround()
    {
        CITYTWIN_SHARED_DATA(path, "boston/boston-inset.tif");
        const gis::SceneFrame frame = gis::SceneFrame::utmFor(-71.06, 42.36);
        gis::LayerSpec spec;
        spec.sources = {path.toStdString()};
        auto imported = gis::importImagery(spec, frame);
        QVERIFY2(imported.ok(), imported.firstError().c_str());
        GroundScene g;
        g.ground.setFlatExtent(imported->extent);
        // Downtown Boston from 12 km (the whole 76 km inset would be lost in the haze).
        render::CameraView v;
        auto tr = gis::CrsTransformer::create("EPSG:4326", frame.crsDefinition);
        double x = -71.06, y = 42.36;
        QVERIFY(tr->transform(x, y));
        v.target = {x, y, 0};
        v.rangeMeters = 12000;
        v.pitchDeg = -60;
        const render::RgbaImage without = render(g, v, "ground_boston_base");
        g.ground.addImagery(1, render::prepareImagery(*imported));
        const render::RgbaImage with = render(g, v, "ground_boston_inset");
        const ImageComparison cmp = compareImages(without, with, 10);
        QVERIFY2(cmp.mismatched > kWidth * kHeight / 4, qPrintable(QString::number(cmp.mismatched)));
        // Real imagery varies: water, land, city.
        QVERIFY(shadingVariation(with) > 3 * shadingVariation(without) + 1);
    }

    void cleanupTestCase() { m_renderer.reset(); }
};

int citytwin::test::runRenderGroundTests(int argc, char** argv)
{
    TestRenderGround t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_render_Ground.moc"
