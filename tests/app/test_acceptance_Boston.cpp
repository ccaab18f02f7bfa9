// Acceptance, Boston: buildings with heights from storeys, street
// ribbons, parks as areas and the inset imagery draped, as one project that
// renders the same after a save and reopen; categorised, graduated and
// filtered building styles visible in renders.
#include "TestData.h"
#include "test_acceptance_Suites.h"
#include "test_acceptance_Support.h"

#include "core/StyleApplier.h"

#include "citytwin/data/ProjectStore.h"
#include "citytwin/data/StyleBuilder.h"
#include "citytwin/gis/HeightRule.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <optional>

using namespace citytwin;
using namespace citytwin::test;

namespace {

constexpr int kWidth = 480;
constexpr int kHeight = 270;
constexpr const char* kCamera = "-71.0585,42.3568,2500,20,-40";
const std::string kBuildings = "boston_buildings_wgs84";
const std::string kStreets = "boston-scl-utm19n-meters";
const std::string kParks = "boston-parks";
const std::string kImagery = "boston-inset";

std::optional<double> attributeNumber(const gis::FeatureRecord& f, const std::string& name)
{
    for (const auto& [key, value] : f.attributes)
        if (key == name) return gis::parseNumberInText(value);
    return std::nullopt;
}

} // namespace

class TestAcceptanceBoston : public QObject {
    Q_OBJECT

    data::Project m_project;
    std::unique_ptr<LoadedProject> m_loaded;
    render::CameraView m_view;
    render::RgbaImage m_image;          ///< all layers, default styles
    render::RgbaImage m_withoutBuildings;
    std::unique_ptr<render::OffscreenRenderer> m_renderer;

    render::RgbaImage renderNow(LoadedProject& p) { return m_renderer->renderComplete(*p.scene, m_view); }

    const gis::ImportedLayer& buildings() const { return *m_loaded->layer(kBuildings)->loaded->vector; }

    /// Pixels covered by buildings: those that change when the layer is hidden.
    int buildingPixels(const render::RgbaImage& image) const { return differingPixels(image, m_withoutBuildings, 6); }

    void setBuildingStyle(const data::LayerStyle& style)
    {
        m_loaded->setState(kBuildings, [&](app::LayerState& s) { s.style = style; });
    }

private slots:
    void initTestCase()
    {
        CITYTWIN_SHARED_DATA(buildingsPath, "boston/boston_buildings_wgs84.gpkg");
        CITYTWIN_SHARED_DATA(streetsPath, "boston/boston-scl-utm19n-meters.shp");
        CITYTWIN_SHARED_DATA(parksPath, "boston/boston-parks.shp");
        CITYTWIN_SHARED_DATA(imageryPath, "boston/boston-inset.tif");

        // The raster is recognised as imagery up front; vector kinds resolve
        // on import (Auto), and each layer takes the default style of the
        // kind it resolves to, as `citytwin import` does.
        const gis::LayerSpec imagery = specFor(imageryPath);
        QCOMPARE(imagery.kind, gis::LayerKind::Imagery);
        m_project.layers.push_back(projectLayer(imagery));
        m_project.layers.push_back(projectLayer(specFor(parksPath), gis::LayerKind::Areas));
        m_project.layers.push_back(projectLayer(specFor(streetsPath), gis::LayerKind::Lines));
        m_project.layers.push_back(projectLayer(specFor(buildingsPath), gis::LayerKind::Buildings));
        for (const auto& layer : m_project.layers)
            if (layer.spec.kind != gis::LayerKind::Imagery) QCOMPARE(layer.spec.kind, gis::LayerKind::Auto);

        QElapsedTimer timer;
        timer.start();
        m_loaded = loadProject(m_project);
        QCOMPARE(m_loaded->failures, 0);
        QVERIFY(m_loaded->frame.has_value());
        QCOMPARE(m_loaded->stack->count(), 4);
        const qint64 loadMs = timer.elapsed();

        auto view = render::parseCameraArgument(kCamera, *m_loaded->frame);
        QVERIFY2(view.ok(), view.firstError().c_str());
        m_view = *view;
        auto renderer = render::OffscreenRenderer::create(kWidth, kHeight);
        QVERIFY2(renderer.ok(), renderer.firstError().c_str());
        m_renderer = renderer.takeValue();
        timer.restart();
        m_image = renderNow(*m_loaded);
        m_loaded->setState(kBuildings, [](app::LayerState& s) { s.visible = false; });
        m_withoutBuildings = renderNow(*m_loaded);
        m_loaded->setState(kBuildings, [](app::LayerState& s) { s.visible = true; });
        qInfo("boston: project loaded in %lld ms, first renders %lld ms", loadMs, timer.elapsed());
        saveOutput(m_image, QStringLiteral("boston_layers"));
    }

    void cleanupTestCase()
    {
        m_renderer.reset(); // before the scenes, as a window closes
        m_loaded.reset();
    }

    void layerKinds_data()
    {
        QTest::addColumn<QString>("layer");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("minFeatures");
        QTest::newRow("buildings") << QString::fromStdString(kBuildings) << int(gis::LayerKind::Buildings) << 22000;
        QTest::newRow("streets as ribbons") << QString::fromStdString(kStreets) << int(gis::LayerKind::Lines) << 1900;
        QTest::newRow("parks as areas") << QString::fromStdString(kParks) << int(gis::LayerKind::Areas) << 600;
        QTest::newRow("inset imagery") << QString::fromStdString(kImagery) << int(gis::LayerKind::Imagery) << 0;
    }
    void layerKinds()
    {
        QFETCH(QString, layer);
        QFETCH(int, kind);
        QFETCH(int, minFeatures);
        const app::LayerEntry* entry = m_loaded->layer(layer.toStdString());
        QVERIFY(entry);
        QVERIFY(!entry->failed);
        QVERIFY(entry->loaded);
        QCOMPARE(int(entry->loaded->kind), kind);
        QCOMPARE(int(m_loaded->scene->layerKind(entry->sceneId)), kind);
        if (kind == int(gis::LayerKind::Imagery)) {
            QVERIFY(entry->loaded->imagery);
            QVERIFY(!entry->loaded->imagery->tiles.empty());
            return;
        }
        QVERIFY(entry->loaded->vector);
        QVERIFY2(entry->loaded->stats.featuresBuilt >= minFeatures,
                 qPrintable(QString::number(entry->loaded->stats.featuresBuilt)));
        QVERIFY(!entry->loaded->vector->chunks.empty());
        if (kind != int(gis::LayerKind::Buildings)) {
            // Ribbons and areas are flat on the (flat) ground: no vertex higher than a few metres.
            float top = 0;
            for (const auto& c : entry->loaded->vector->chunks)
                for (size_t i = 2; i < c.positions.size(); i += 3) top = std::max(top, c.positions[i]);
            QVERIFY2(top < 2.0f, qPrintable(QString::number(top)));
        }
    }

    /// Height = 3.5 m x max(storeys, 1), for every feature with a `stories` value.
    void heightsFromStoreys_data()
    {
        QTest::addColumn<double>("stories");
        QTest::newRow("0 storeys") << 0.0;
        QTest::newRow("1 storey") << 1.0;
        QTest::newRow("3 storeys") << 3.0;
        QTest::newRow("10 storeys") << 10.0;
        QTest::newRow("tallest") << -1.0; // the largest value in the data
    }
    void heightsFromStoreys()
    {
        QFETCH(double, stories);
        const auto& features = buildings().features;
        if (stories < 0)
            for (const auto& f : features)
                stories = std::max(stories, attributeNumber(f, "stories").value_or(-1));
        int checked = 0;
        for (const auto& f : features) {
            const auto s = attributeNumber(f, "stories");
            if (!s || *s != stories) continue;
            const double expected = 3.5 * std::max(*s, 1.0);
            if (std::abs(f.heightMeters - expected) > 1e-9)
                QFAIL(qPrintable(QStringLiteral("FID %1: %2 storeys, height %3 m, expected %4 m")
                                     .arg(f.sourceFid).arg(*s).arg(f.heightMeters).arg(expected)));
            ++checked;
        }
        qInfo("%g storeys: %d buildings checked", stories, checked);
        QVERIFY(checked > 0);
    }

    void matchesReference()
    {
        const QString message = compareWithReference(m_image, QStringLiteral("boston_layers"), 16,
                                                     kWidth * kHeight / 100);
        QVERIFY2(message.isEmpty(), qPrintable(message));
    }

    /// The imagery is draped on the ground: hiding it changes much of the ground.
    void imageryChangesTheGround()
    {
        m_loaded->setState(kImagery, [](app::LayerState& s) { s.visible = false; });
        const render::RgbaImage without = renderNow(*m_loaded);
        m_loaded->setState(kImagery, [](app::LayerState& s) { s.visible = true; });
        saveOutput(without, QStringLiteral("boston_without_imagery"));
        const int changed = differingPixels(m_image, without, 12);
        qInfo("imagery hidden: %d of %d pixels change", changed, kWidth * kHeight);
        QVERIFY2(changed > kWidth * kHeight / 5, qPrintable(QString::number(changed)));
        // Without it the ground is the flat ground, not the sky: the lower
        // half of this view (40 degrees down) is all ground.
        const int skyBelow = countPixels(without, [](const Rgba& p) { return isSky(p, 3); }, kHeight / 2);
        qInfo("imagery hidden: %d sky-coloured pixels in the lower half", skyBelow);
        QVERIFY2(skyBelow < kWidth * kHeight / 200, qPrintable(QString::number(skyBelow)));
        // Shown again, the image is back.
        QVERIFY(differingPixels(m_image, renderNow(*m_loaded), 2) < kWidth * kHeight / 1000);
    }

    /// Streets and parks draw: hiding each changes the image.
    void streetsAndParksVisible_data()
    {
        QTest::addColumn<QString>("layer");
        QTest::addColumn<int>("minPixels");
        QTest::newRow("streets") << QString::fromStdString(kStreets) << 2000;
        QTest::newRow("parks") << QString::fromStdString(kParks) << 2000;
    }
    void streetsAndParksVisible()
    {
        QFETCH(QString, layer);
        QFETCH(int, minPixels);
        m_loaded->setState(layer.toStdString(), [](app::LayerState& s) { s.visible = false; });
        const render::RgbaImage without = renderNow(*m_loaded);
        m_loaded->setState(layer.toStdString(), [](app::LayerState& s) { s.visible = true; });
        const int changed = differingPixels(m_image, without, 12);
        double sum[3] = {0, 0, 0};
        for (int y = 0; y < kHeight; ++y)
            for (int x = 0; x < kWidth; ++x) {
                const Rgba p = pixelAt(m_image, x, y);
                if (channelDistance(p, pixelAt(without, x, y)) <= 12) continue;
                for (int c = 0; c < 3; ++c) sum[c] += p[size_t(c)];
            }
        qInfo("%s hidden: %d pixels change; their mean colour %.0f %.0f %.0f", qPrintable(layer), changed,
              sum[0] / changed, sum[1] / changed, sum[2] / changed);
        QVERIFY2(changed >= minPixels, qPrintable(QString::number(changed)));
        // Drawn in the layer's style colour (flat, lit from above; edges blend a little).
        const data::Rgb colour = m_loaded->layer(layer.toStdString())->state.style.color;
        const Rgba mean{int(sum[0] / changed), int(sum[1] / changed), int(sum[2] / changed), 255};
        QVERIFY2(channelDistance(mean, {colour.r, colour.g, colour.b, 255}) <= 30,
                 qPrintable(QStringLiteral("mean %1 %2 %3, style %4 %5 %6").arg(mean[0]).arg(mean[1]).arg(mean[2])
                                .arg(colour.r).arg(colour.g).arg(colour.b)));
    }

    /// Saved, closed, reopened: the same project, and the same image.
    void saveReopenRendersTheSame()
    {
        data::Project project = m_project;
        project.sceneCrs = m_loaded->frame->crsDefinition;
        project.sceneCrsName = m_loaded->frame->crsName;
        project.tileSizeMeters = m_loaded->frame->tileSizeMeters;
        project.camera = data::ProjectCamera{m_view.target.x, m_view.target.y, m_view.target.z,
                                             m_view.rangeMeters, m_view.headingDeg, m_view.pitchDeg};
        const QString path = testOutDir(QStringLiteral("acceptance")) + QStringLiteral("/boston.citytwin");
        QFile::remove(path);
        auto saved = data::ProjectStore::save(project, path.toStdString());
        QVERIFY2(saved.ok(), saved.firstError().c_str());

        auto reopened = data::ProjectStore::load(path.toStdString());
        QVERIFY2(reopened.ok(), reopened.firstError().c_str());
        QVERIFY(reopened.value() == project);

        auto again = loadProject(reopened.value());
        QCOMPARE(again->failures, 0);
        QVERIFY(again->frame == m_loaded->frame);
        const auto& c = *reopened->camera;
        render::CameraView view = m_view;
        view.target = {c.targetX, c.targetY, c.targetZ};
        view.rangeMeters = c.range;
        view.headingDeg = c.heading;
        view.pitchDeg = c.pitch;
        QVERIFY(view == m_view);
        const render::RgbaImage image = m_renderer->renderComplete(*again->scene, view);
        saveOutput(image, QStringLiteral("boston_reopened"));
        const int changed = differingPixels(m_image, image, 3);
        qInfo("reopened project: %d pixels differ by more than 3", changed);
        QVERIFY2(changed <= kWidth * kHeight / 1000, qPrintable(QString::number(changed)));
        m_renderer->renderComplete(*m_loaded->scene, m_view); // back to the first scene before `again` goes
    }

    /// `citytwin render` of plain inputs (no project) draws each layer in the
    /// default colours of its kind, like `citytwin import` + render does.
    void renderPlainInputsInKindColours()
    {
        CITYTWIN_SHARED_DATA(streetsPath, "boston/boston-scl-utm19n-meters.shp");
        CITYTWIN_SHARED_DATA(parksPath, "boston/boston-parks.shp");
        const QString out = testOutDir(QStringLiteral("acceptance")) + QStringLiteral("/boston_plain_inputs.png");
        QFile::remove(out);
        QProcess p;
        p.start(QStringLiteral(CITYTWIN_BINARY),
                {QStringLiteral("render"), QStringLiteral("--size"), QStringLiteral("%1x%2").arg(kWidth).arg(kHeight),
                 QStringLiteral("--camera"), QString::fromLatin1(kCamera), QStringLiteral("--out"), out, streetsPath,
                 parksPath});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        auto image = render::readPng(out.toStdString());
        QVERIFY(image.ok());
        // No buildings in the input: nothing may be in the building colour.
        const Rgba beige{218, 210, 196, 255};
        const int buildingColoured = countPixels(*image, [&](const Rgba& px) { return channelDistance(px, beige) <= 8; });
        const data::Rgb park = app::defaultStyleFor(gis::LayerKind::Areas, "boston-parks").color;
        const int parkColoured = countPixels(*image, [&](const Rgba& px) {
            return channelDistance(px, {park.r, park.g, park.b, 255}) <= 8;
        });
        qInfo("plain inputs: %d pixels in the building colour, %d in the park colour", buildingColoured, parkColoured);
        QVERIFY2(buildingColoured < kWidth * kHeight / 200, qPrintable(QString::number(buildingColoured)));
        QVERIFY2(parkColoured > 2000, qPrintable(QString::number(parkColoured)));
    }

    /// Categorised by bra_use and graduated by stories: each differs from the
    /// single colour and matches its reference.
    void stylesVisible_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("categorised bra_use") << QStringLiteral("boston_categorised_bra_use");
        QTest::newRow("graduated stories") << QStringLiteral("boston_graduated_stories");
    }
    void stylesVisible()
    {
        QFETCH(QString, name);
        const data::LayerStyle single = m_loaded->layer(kBuildings)->state.style;
        QCOMPARE(single.mode, data::StyleMode::Single);
        data::LayerStyle style;
        if (name.contains(QStringLiteral("categorised"))) {
            style = data::categorise(single, "bra_use", buildings().features);
            QCOMPARE(style.mode, data::StyleMode::Categorised);
            QVERIFY(style.categories.size() >= 5);
        } else {
            style = data::classify(single, "stories", data::ClassMethod::Quantile, 5, "viridis", buildings().features);
            QCOMPARE(style.mode, data::StyleMode::Graduated);
            QVERIFY(style.classes.size() >= 3);
        }
        setBuildingStyle(style);
        const render::RgbaImage styled = renderNow(*m_loaded);
        // Without the legend, to compare the buildings alone.
        m_loaded->scene->setLegend({});
        const render::RgbaImage bare = renderNow(*m_loaded);
        setBuildingStyle(single);

        const int legendPixels = differingPixels(styled, bare, 12);
        const int changed = differingPixels(m_image, bare, 12);
        const int covered = buildingPixels(m_image);
        qInfo("%s: %d of %d building pixels change colour; the legend covers %d pixels", qPrintable(name), changed,
              covered, legendPixels);
        QVERIFY2(legendPixels > 1000, qPrintable(QString::number(legendPixels)));
        QVERIFY2(changed > covered / 3, qPrintable(QString::number(changed)));
        // Only building pixels change colour; the silhouettes stay.
        QVERIFY2(changed <= covered, qPrintable(QStringLiteral("%1 > %2").arg(changed).arg(covered)));
        QVERIFY(differingPixels(bare, m_withoutBuildings, 6) >= covered * 95 / 100);
        const QString message = compareWithReference(styled, name, 16, kWidth * kHeight / 100);
        QVERIFY2(message.isEmpty(), qPrintable(message));
        QVERIFY(differingPixels(m_image, renderNow(*m_loaded), 2) < kWidth * kHeight / 1000);
    }

    /// The legend of a styled layer lists its classes.
    void legendOfGraduatedStyle()
    {
        const data::LayerStyle single = m_loaded->layer(kBuildings)->state.style;
        const data::LayerStyle style =
            data::classify(single, "stories", data::ClassMethod::Quantile, 5, "viridis", buildings().features);
        setBuildingStyle(style);
        const auto legend = m_loaded->scene->legend();
        setBuildingStyle(single);
        QVERIFY(m_loaded->scene->legend().empty());
        // Layer header, attribute header, one swatch per class (and maybe "Other").
        QVERIFY2(legend.size() >= 2 + style.classes.size(), qPrintable(QString::number(legend.size())));
        QVERIFY(legend.front().isHeader);
    }

    /// A filter shows what matches and hides the rest, in the state texture
    /// and on screen.
    void filterHidesBuildings_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<bool>("tallShown"); // true: stories >= 10 shown; false: hidden
        QTest::newRow("only tall (stories >= 10)") << QStringLiteral("stories >= 10") << true;
        QTest::newRow("tall hidden (stories < 10 or null)")
            << QStringLiteral("stories < 10 or stories is null") << false;
    }
    void filterHidesBuildings()
    {
        QFETCH(QString, filter);
        QFETCH(bool, tallShown);
        const auto& features = buildings().features;
        std::vector<uint8_t> expected(features.size());
        size_t expectedVisible = 0;
        for (size_t i = 0; i < features.size(); ++i) {
            const auto s = attributeNumber(features[i], "stories");
            const bool tall = s && *s >= 10;
            expected[i] = tall == tallShown;
            expectedVisible += expected[i];
        }
        QVERIFY(expectedVisible > 0 && expectedVisible < features.size());

        data::LayerStyle style = m_loaded->layer(kBuildings)->state.style;
        const data::LayerStyle single = style;
        style.filter = filter.toStdString();
        setBuildingStyle(style);
        const app::LayerEntry* entry = m_loaded->layer(kBuildings);
        QVERIFY2(entry->styleDiagnostics.empty(), entry->styleDiagnostics.empty() ? "" :
                 entry->styleDiagnostics.front().message.c_str());
        size_t visible = 0;
        for (uint32_t i = 0; i < features.size(); ++i) {
            const bool shown = m_loaded->scene->isFeatureVisible(entry->sceneId, i);
            if (shown != bool(expected[i]))
                QFAIL(qPrintable(QStringLiteral("feature %1 (FID %2) visible=%3, expected %4")
                                     .arg(i).arg(features[i].sourceFid).arg(shown).arg(bool(expected[i]))));
            visible += shown;
        }
        QCOMPARE(visible, expectedVisible);
        const render::RgbaImage filtered = renderNow(*m_loaded);
        setBuildingStyle(single);
        saveOutput(filtered, QStringLiteral("boston_filter_") + (tallShown ? "tall" : "low"));
        const int before = buildingPixels(m_image);
        const int after = buildingPixels(filtered);
        qInfo("filter '%s': %zu of %zu buildings shown; building pixels %d -> %d", qPrintable(filter), visible,
              features.size(), before, after);
        QVERIFY2(after < before * 9 / 10, qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after)));
        QVERIFY(after > 0);
    }
};

int citytwin::test::runAcceptanceBostonTests(int argc, char** argv)
{
    TestAcceptanceBoston t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_acceptance_Boston.moc"
