#include "test_gis_Suites.h"
#include "test_gis_Helpers.h"

#include "TestData.h"
#include "citytwin/gis/DemoCity.h"
#include "citytwin/gis/LayerImporter.h"
#include "citytwin/gis/SceneFrame.h"

#include <QtTest>

using namespace citytwin::gis;
using namespace citytwin::test;

namespace {

Result<ImportedLayer> generateAndImport(const QString& sub, int64_t count, uint64_t seed,
                                        DemoCityFiles* filesOut = nullptr)
{
    DemoCityOptions o;
    o.outDir = testOutDir(sub).toStdString();
    o.buildings = count;
    o.seed = seed;
    auto files = generateDemoCity(o);
    if (!files) return Result<ImportedLayer>::failure(files.diagnostics());
    if (filesOut) *filesOut = *files;
    LayerSpec spec;
    spec.name = "Demo";
    spec.sources = {files->buildingsPath};
    return importLayer(spec, SceneFrame::utmFor(o.centreLonDeg, o.centreLatDeg));
}

} // namespace

class DemoCityTest : public QObject {
    Q_OBJECT
private slots:
    void countHonoured_data()
    {
        QTest::addColumn<int>("count");
        QTest::newRow("1") << 1;
        QTest::newRow("10 (partial block)") << 10;
        QTest::newRow("2500") << 2500;
    }
    void countHonoured()
    {
        QFETCH(int, count);
        DemoCityFiles files;
        auto layer = generateAndImport(QStringLiteral("gis-demo/count-%1").arg(count), count, 1, &files);
        QVERIFY2(layer.ok(), qPrintable(diagnosticsText(layer.diagnostics())));
        QCOMPARE(files.buildingCount, int64_t(count));
        QCOMPARE(layer->stats.featuresRead, int64_t(count));
        QCOMPARE(layer->stats.featuresBuilt, int64_t(count)); // imports cleanly
        QCOMPARE(layer->stats.featuresRepaired, int64_t(0));
        for (const Diagnostic& d : layer.diagnostics()) QVERIFY2(d.severity == Severity::Info, d.message.c_str());
    }

    void deterministic()
    {
        auto a = generateAndImport("gis-demo/seed-a", 3000, 42);
        auto b = generateAndImport("gis-demo/seed-b", 3000, 42);
        auto c = generateAndImport("gis-demo/seed-c", 3000, 43);
        QVERIFY(a.ok() && b.ok() && c.ok());
        QVERIFY(a->features == b->features);
        QVERIFY(a->chunks == b->chunks);
        QVERIFY(!(a->features == c->features));
    }

    // Shapes with holes exist, heights come from the attributes, the centre is tall.
    void cityShape()
    {
        auto layer = generateAndImport("gis-demo/shape", 5000, 1);
        QVERIFY(layer.ok());
        const auto triangles = trianglesPerFeature(*layer);
        int courtyards = 0, lShapes = 0, uShapes = 0;
        double centreMax = 0, outskirtsMax = 0;
        const DVec2 centre = layer->extent.centre();
        const double radius = layer->extent.width() / 2;
        for (size_t i = 0; i < layer->features.size(); ++i) {
            const FeatureRecord& f = layer->features[i];
            const std::string shape = attribute(f, "shape");
            // Rectangle with a rectangular hole: 16 wall + 8 roof triangles.
            if (shape == "courtyard") { ++courtyards; QCOMPARE(triangles[i], int64_t(24)); }
            if (shape == "L") { ++lShapes; QCOMPARE(triangles[i], int64_t(16)); }
            if (shape == "U") { ++uShapes; QCOMPARE(triangles[i], int64_t(22)); }
            QCOMPARE(f.heightMeters, *parseNumberInText(attribute(f, "height")));
            QVERIFY(!attribute(f, "use").empty());
            const double r = std::hypot(f.centroid.x - centre.x, f.centroid.y - centre.y) / radius;
            if (r < 0.2) centreMax = std::max(centreMax, f.heightMeters);
            if (r > 0.8) outskirtsMax = std::max(outskirtsMax, f.heightMeters);
        }
        QVERIFY(courtyards > 100 && lShapes > 100 && uShapes > 100);
        QVERIFY2(centreMax > 3 * outskirtsMax, qPrintable(QString("%1 vs %2").arg(centreMax).arg(outskirtsMax)));
    }

    void streetsWritten()
    {
        DemoCityOptions o;
        o.outDir = testOutDir("gis-demo/streets").toStdString();
        o.buildings = 500;
        auto files = generateDemoCity(o);
        QVERIFY(files.ok());
        auto extent = probeExtentLonLat({files->streetsPath}, "streets");
        QVERIFY2(extent.ok(), qPrintable(diagnosticsText(extent.diagnostics())));
        QVERIFY(std::abs(extent->centre().x - o.centreLonDeg) < 0.01);
        QVERIFY(std::abs(extent->centre().y - o.centreLatDeg) < 0.01);
    }

    void cancelled()
    {
        DemoCityOptions o;
        o.outDir = testOutDir("gis-demo/cancel").toStdString();
        CancelToken cancel;
        cancel.cancel();
        auto files = generateDemoCity(o, {}, &cancel);
        QVERIFY(!files.ok());
    }
};

int runDemoCityTest(int argc, char** argv)
{
    DemoCityTest t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_gis_DemoCity.moc"
