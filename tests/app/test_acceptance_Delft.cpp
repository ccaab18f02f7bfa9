// Acceptance, Delft: the AHN3 DTM as terrain under the BGT
// layers — buildings (pand), roads (wegdeel), water and vegetation as areas
// in their default colours, each showing in the render in the amount its
// polygons cover.
#include "TestData.h"
#include "test_acceptance_Suites.h"
#include "test_acceptance_Support.h"

#include <QtTest>

#include <algorithm>
#include <array>
#include <vector>
#include <cmath>

using namespace citytwin;
using namespace citytwin::test;

namespace {

constexpr int kWidth = 480;
constexpr int kHeight = 270;

using Polygon2 = std::vector<std::array<double, 2>>;

/// Sutherland-Hodgman: the part of a convex polygon inside the image.
Polygon2 clipToImage(Polygon2 poly)
{
    const std::array<std::array<double, 3>, 4> planes{{{1, 0, 0}, {-1, 0, kWidth}, {0, 1, 0}, {0, -1, kHeight}}};
    for (const auto& pl : planes) { // keep a*x + b*y + c >= 0
        Polygon2 out;
        for (size_t i = 0; i < poly.size(); ++i) {
            const auto& p = poly[i];
            const auto& q = poly[(i + 1) % poly.size()];
            const double dp = pl[0] * p[0] + pl[1] * p[1] + pl[2], dq = pl[0] * q[0] + pl[1] * q[1] + pl[2];
            if (dp >= 0) out.push_back(p);
            if ((dp >= 0) != (dq >= 0)) {
                const double t = dp / (dp - dq);
                out.push_back({p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t});
            }
        }
        poly = std::move(out);
    }
    return poly;
}

/// Sum of the on-screen areas (pixels) of a layer's triangles.
double projectedArea(const gis::ImportedLayer& layer, const render::CameraView& view)
{
    double area = 0;
    for (const gis::MeshChunk& c : layer.chunks) {
        auto px = [&](uint32_t i) {
            return projectToPixel(view, kWidth, kHeight, c.origin.x + c.positions[i * 3],
                                  c.origin.y + c.positions[i * 3 + 1], c.origin.z + c.positions[i * 3 + 2]);
        };
        for (size_t t = 0; t + 2 < c.indices.size(); t += 3) {
            const Polygon2 clipped = clipToImage({px(c.indices[t]), px(c.indices[t + 1]), px(c.indices[t + 2])});
            double twice = 0;
            for (size_t i = 0; i < clipped.size(); ++i) {
                const auto& p = clipped[i];
                const auto& q = clipped[(i + 1) % clipped.size()];
                twice += p[0] * q[1] - q[0] * p[1];
            }
            area += std::abs(twice) / 2;
        }
    }
    return area;
}

} // namespace

class TestAcceptanceDelft : public QObject {
    Q_OBJECT

    std::unique_ptr<LoadedProject> m_loaded;
    std::unique_ptr<render::OffscreenRenderer> m_renderer;
    render::CameraView m_top, m_oblique;
    render::RgbaImage m_topImage;

private slots:
    void initTestCase()
    {
        CITYTWIN_SHARED_DATA(dtm, "delft/ahn3_dtm_0p5m.tif");
        CITYTWIN_SHARED_DATA(pand, "delft/bgt/bgt_pand.sqlite");
        CITYTWIN_SHARED_DATA(weg, "delft/bgt/bgt_wegdeel.sqlite");
        CITYTWIN_SHARED_DATA(water, "delft/bgt/bgt_waterdeel.sqlite");
        CITYTWIN_SHARED_DATA(green, "delft/bgt/bgt_begroeidterreindeel.sqlite");

        const gis::LayerSpec terrain = specFor(dtm);
        QCOMPARE(terrain.kind, gis::LayerKind::Terrain);
        data::Project project;
        project.layers.push_back(projectLayer(terrain));
        project.layers.push_back(projectLayer(specFor(green, gis::LayerKind::Areas)));
        project.layers.push_back(projectLayer(specFor(weg, gis::LayerKind::Areas)));
        project.layers.push_back(projectLayer(specFor(water, gis::LayerKind::Areas)));
        project.layers.push_back(projectLayer(specFor(pand)));
        m_loaded = loadProject(project);
        QCOMPARE(m_loaded->failures, 0);
        for (const auto& entry : m_loaded->stack->layers())
            if (entry.loaded->vector) {
                QVERIFY2(entry.loaded->stats.featuresBuilt > 0, entry.spec.name.c_str());
                QVERIFY2(entry.loaded->onTerrain, entry.spec.name.c_str());
            }
        QCOMPARE(m_loaded->layer("bgt_pand")->loaded->kind, gis::LayerKind::Buildings);

        // Framed on the buildings (the canals reach far beyond them).
        const gis::Extent2 extent = m_loaded->layer("bgt_pand")->loaded->extent;
        const double aspect = double(kWidth) / kHeight;
        const double maxHeight = m_loaded->scene->maxHeightMeters();
        m_top = render::fitCamera(extent, maxHeight, aspect, 0, -90);
        m_oblique = render::fitCamera(extent, maxHeight, aspect, 30, -40);

        auto renderer = render::OffscreenRenderer::create(kWidth, kHeight);
        QVERIFY2(renderer.ok(), renderer.firstError().c_str());
        m_renderer = renderer.takeValue();
        m_topImage = m_renderer->renderComplete(*m_loaded->scene, m_top);
        saveOutput(m_topImage, QStringLiteral("delft_top"));
    }

    void cleanupTestCase()
    {
        m_renderer.reset();
        m_loaded.reset();
    }

    /// Each area layer shows in its colour, over about the screen area its
    /// polygons cover (seen from straight above).
    void areaColoursInPlausibleAmounts_data()
    {
        QTest::addColumn<QString>("layer");
        QTest::addColumn<QString>("colour");
        QTest::newRow("water blue") << QStringLiteral("bgt_waterdeel") << QStringLiteral("blue");
        QTest::newRow("vegetation green") << QStringLiteral("bgt_begroeidterreindeel") << QStringLiteral("green");
        QTest::newRow("roads grey") << QStringLiteral("bgt_wegdeel") << QStringLiteral("grey");
    }
    void areaColoursInPlausibleAmounts()
    {
        QFETCH(QString, layer);
        QFETCH(QString, colour);
        const std::string name = layer.toStdString();
        const app::LayerEntry* entry = m_loaded->layer(name);
        QVERIFY(entry && entry->loaded && entry->loaded->vector);
        QCOMPARE(entry->loaded->kind, gis::LayerKind::Areas);

        m_loaded->setState(name, [](app::LayerState& s) { s.visible = false; });
        const render::RgbaImage without = m_renderer->renderComplete(*m_loaded->scene, m_top);
        m_loaded->setState(name, [](app::LayerState& s) { s.visible = true; });

        // The layer's pixels: those that change when it is hidden.
        int pixels = 0, inColour = 0;
        for (int y = 0; y < kHeight; ++y)
            for (int x = 0; x < kWidth; ++x) {
                const Rgba p = pixelAt(m_topImage, x, y);
                if (channelDistance(p, pixelAt(without, x, y)) <= 6) continue;
                ++pixels;
                const int hi = std::max({p[0], p[1], p[2]}), lo = std::min({p[0], p[1], p[2]});
                bool match = false;
                if (colour == QLatin1String("blue")) match = p[2] > p[0] + 30 && p[2] > p[1];
                else if (colour == QLatin1String("green")) match = p[1] > p[0] + 20 && p[1] > p[2] + 20;
                else match = hi - lo <= 16 && hi >= 60 && hi <= 200;
                inColour += match ? 1 : 0;
            }
        const double expected = projectedArea(*entry->loaded->vector, m_top);
        qInfo("%s: %d pixels (%.1f %% of the view), %d in %s; polygons cover %.0f pixels", name.c_str(), pixels,
              100.0 * pixels / (kWidth * kHeight), inColour, qPrintable(colour), expected);
        QVERIFY2(pixels > kWidth * kHeight / 100, qPrintable(QString::number(pixels)));
        QVERIFY2(inColour >= pixels * 9 / 10, qPrintable(QStringLiteral("%1 of %2").arg(inColour).arg(pixels)));
        // Buildings hide a little of the ground; nothing else should.
        QVERIFY2(pixels >= 0.7 * expected && pixels <= 1.1 * expected,
                 qPrintable(QStringLiteral("%1 pixels, polygons cover %2").arg(pixels).arg(expected)));
    }

    void obliqueMatchesReference()
    {
        const render::RgbaImage image = m_renderer->renderComplete(*m_loaded->scene, m_oblique);
        saveOutput(image, QStringLiteral("delft_oblique"));
        // Buildings stand out of the ground: hiding them changes a good part of the view.
        m_loaded->setState("bgt_pand", [](app::LayerState& s) { s.visible = false; });
        const render::RgbaImage without = m_renderer->renderComplete(*m_loaded->scene, m_oblique);
        m_loaded->setState("bgt_pand", [](app::LayerState& s) { s.visible = true; });
        const int buildings = differingPixels(image, without, 6);
        qInfo("delft oblique: buildings cover %d pixels", buildings);
        QVERIFY2(buildings > kWidth * kHeight / 20, qPrintable(QString::number(buildings)));
        const QString message = compareWithReference(image, QStringLiteral("delft_oblique"), 16, kWidth * kHeight / 100);
        QVERIFY2(message.isEmpty(), qPrintable(message));
    }
};

int citytwin::test::runAcceptanceDelftTests(int argc, char** argv)
{
    TestAcceptanceDelft t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_acceptance_Delft.moc"
