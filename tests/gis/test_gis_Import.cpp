#include "test_gis_Suites.h"
#include "test_gis_Helpers.h"

#include "TestData.h"
#include "citytwin/gis/LayerImporter.h"
#include "citytwin/gis/SceneFrame.h"
#include "citytwin/gis/SourceFiles.h"

#include <QElapsedTimer>
#include <QtTest>

#include <atomic>
#include <cmath>

using namespace citytwin::gis;
using namespace citytwin::test;

class ImportTest : public QObject {
    Q_OBJECT

    SceneFrame frameFor(const std::vector<std::string>& sources)
    {
        auto probe = probeExtentLonLat(sources);
        if (!probe) return {};
        const DVec2 c = probe->centre();
        return SceneFrame::utmFor(c.x, c.y);
    }

    static void checkLayerInvariants(const ImportedLayer& layer)
    {
        QCOMPARE(layer.stats.featuresBuilt, int64_t(layer.features.size()));
        QCOMPARE(layer.stats.featuresSkipped, layer.stats.featuresRead - layer.stats.featuresBuilt);
        int64_t triangles = 0;
        for (const MeshChunk& c : layer.chunks) {
            QCOMPARE(c.positions.size(), 3 * c.vertexCount());
            QCOMPARE(c.normals.size(), 3 * c.vertexCount());
            for (uint32_t id : c.featureIds) QVERIFY(id < layer.features.size());
            for (uint32_t i : c.indices) QVERIFY(i < c.vertexCount());
            triangles += int64_t(c.triangleCount());
        }
        QCOMPARE(triangles, layer.stats.triangles);
    }

private slots:
    void bostonGpkg()
    {
        CITYTWIN_SHARED_DATA(path, "boston/boston_buildings_wgs84.gpkg");
        LayerSpec spec;
        spec.name = "Boston";
        spec.sources = {path.toStdString()};
        const SceneFrame frame = frameFor(spec.sources);
        QCOMPARE(QString::fromStdString(frame.crsDefinition), QStringLiteral("EPSG:32619"));
        std::atomic<int> progressCalls{0};
        QElapsedTimer timer;
        timer.start();
        auto result = importLayer(spec, frame, {}, [&](double) { ++progressCalls; });
        const qint64 ms = timer.elapsed();
        QVERIFY2(result.ok(), qPrintable(diagnosticsText(result.diagnostics())));
        const ImportedLayer& layer = *result;
        qInfo("Boston GPKG: %lld read, %lld built, %lld repaired, %lld triangles, %zu tiles in %lld ms",
              (long long)layer.stats.featuresRead, (long long)layer.stats.featuresBuilt,
              (long long)layer.stats.featuresRepaired, (long long)layer.stats.triangles, layer.chunks.size(), ms);
        QCOMPARE(layer.stats.featuresRead, int64_t(22188));
        QVERIFY(layer.stats.featuresBuilt >= 22000);
        QVERIFY(progressCalls > 0);
        QCOMPARE(layer.sourceCrsName, std::string("WGS 84"));
        checkLayerInvariants(layer);
        // Boston rule: 3.5 m × max(storeys, 1); zero storeys stand one storey high.
        int zeros = 0;
        for (const FeatureRecord& f : layer.features) {
            const auto storeys = parseNumberInText(attribute(f, "stories"));
            QVERIFY(storeys.has_value());
            QCOMPARE(f.heightMeters, std::clamp(3.5 * std::max(*storeys, 1.0), 3.5, 1000.0));
            zeros += *storeys == 0;
        }
        QVERIFY(zeros > 3000);
        // Features land in the tile of their centroid.
        for (const MeshChunk& c : layer.chunks) {
            QCOMPARE(c.origin.x, (c.tile.x + 0.5) * frame.tileSizeMeters);
            QCOMPARE(c.origin.y, (c.tile.y + 0.5) * frame.tileSizeMeters);
        }
        QVERIFY(layer.maxHeightMeters >= 200);
    }

    // The 125 original GeoJSON tiles as one layer: unclosed rings, inner rings
    // in UTM metres next to outer rings in degrees, invalid polygons.
    void bostonRawTiles()
    {
        CITYTWIN_SHARED_DATA(zip, "boston/tfs_boston.zip");
        CITYTWIN_SHARED_DATA(gpkg, "boston/boston_buildings_wgs84.gpkg");
        LayerSpec reference;
        reference.sources = {gpkg.toStdString()};
        const SceneFrame frame = frameFor(reference.sources);
        auto ref = importLayer(reference, frame);
        QVERIFY(ref.ok());
        const Extent2 real = ref->extent;

        LayerSpec spec;
        spec.name = "Boston tiles";
        spec.sources = listSourceFiles("/vsizip/" + zip.toStdString() + "/layer", ".json");
        QCOMPARE(int(spec.sources.size()), 125);
        auto result = importLayer(spec, frame);
        QVERIFY2(result.ok(), qPrintable(diagnosticsText(result.diagnostics())));
        const ImportedLayer& layer = *result;
        qInfo("Boston tiles: %lld read, %lld built, %lld skipped, %lld repaired",
              (long long)layer.stats.featuresRead, (long long)layer.stats.featuresBuilt,
              (long long)layer.stats.featuresSkipped, (long long)layer.stats.featuresRepaired);
        checkLayerInvariants(layer);
        QVERIFY(layer.stats.featuresBuilt >= 22000);
        QVERIFY(layer.stats.featuresRepaired > 0);
        // The mixed-CRS rings are reported per feature, with the tile they came from.
        int ringWarnings = 0;
        for (const Diagnostic& d : result.diagnostics())
            if (d.severity == Severity::Warning && d.message.find("inner ring") != std::string::npos) {
                ++ringWarnings;
                QVERIFY(d.source.find("/vsizip/") == 0);
                QVERIFY(d.featureIndex >= 0);
            }
        QVERIFY2(ringWarnings >= 55, qPrintable(QString::number(ringWarnings)));
        for (const Diagnostic& d : result.diagnostics())
            if (d.severity != Severity::Warning || d.message.find("inner ring") == std::string::npos)
                qInfo("%s", formatDiagnostic(d).c_str());
        // No spikes: every vertex within 2 km of the real extent.
        const double margin = 2000;
        double worst = 0;
        for (const MeshChunk& c : layer.chunks)
            for (size_t v = 0; v < c.vertexCount(); ++v) {
                const double x = c.origin.x + c.positions[3 * v], y = c.origin.y + c.positions[3 * v + 1];
                worst = std::max({worst, real.minX - x, x - real.maxX, real.minY - y, y - real.maxY});
            }
        QVERIFY2(worst <= margin, qPrintable(QString("vertex %1 m outside the real extent").arg(worst)));
    }

    void monacoOsm()
    {
        CITYTWIN_SHARED_DATA(path, "monaco/monaco.osm.pbf");
        LayerSpec spec;
        spec.name = "Monaco";
        spec.sources = {path.toStdString()};
        const SceneFrame frame = SceneFrame::utmFor(7.42, 43.73);
        auto result = importLayer(spec, frame);
        QVERIFY2(result.ok(), qPrintable(diagnosticsText(result.diagnostics())));
        const ImportedLayer& layer = *result;
        qInfo("Monaco: %lld buildings read, %lld built", (long long)layer.stats.featuresRead,
              (long long)layer.stats.featuresBuilt);
        checkLayerInvariants(layer);
        QCOMPARE(layer.stats.featuresRead, int64_t(23336)); // multipolygons with a building tag
        QVERIFY(layer.stats.featuresBuilt > 23000);
        const HeightRule rule = HeightRule::defaults();
        int64_t untagged = 0;
        for (const FeatureRecord& f : layer.features) {
            QVERIFY(!attribute(f, "building").empty());
            if (evaluateHeight(rule, f.attributes).candidateIndex >= 0) continue;
            ++untagged;
            QCOMPARE(f.heightMeters, rule.defaultHeightMeters);
        }
        QVERIFY(untagged > layer.stats.featuresBuilt * 9 / 10);
    }

    void cancelStopsEarly()
    {
        CITYTWIN_SHARED_DATA(path, "boston/boston_buildings_wgs84.gpkg");
        LayerSpec spec;
        spec.sources = {path.toStdString()};
        CancelToken cancel;
        cancel.cancel();
        QElapsedTimer timer;
        timer.start();
        auto result = importLayer(spec, SceneFrame::utmFor(-71.06, 42.35), {}, {}, &cancel);
        QVERIFY(timer.elapsed() < 5000);
        QVERIFY(result.ok());
        QVERIFY(result->stats.cancelled);
        QVERIFY(result->stats.featuresRead < 22188);
    }

    void deterministicAcrossThreadCounts()
    {
        CITYTWIN_SHARED_DATA(path, "boston/boston_buildings_wgs84.gpkg");
        LayerSpec spec;
        spec.sources = {path.toStdString()};
        const SceneFrame frame = SceneFrame::utmFor(-71.06, 42.35);
        ImportOptions one;
        one.threads = 1;
        ImportOptions four;
        four.threads = 4;
        auto a = importLayer(spec, frame, one);
        auto b = importLayer(spec, frame, four);
        QVERIFY(a.ok() && b.ok());
        QVERIFY(a->features == b->features);
        QVERIFY(a->chunks == b->chunks);
    }
};

int runImportTest(int argc, char** argv)
{
    ImportTest t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_gis_Import.moc"
