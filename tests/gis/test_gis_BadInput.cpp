#include "test_gis_Suites.h"
#include "test_gis_Helpers.h"

#include "TestData.h"
#include "citytwin/gis/DemoCity.h"
#include "citytwin/gis/LayerImporter.h"
#include "citytwin/gis/SceneFrame.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QtTest>

using namespace citytwin::gis;
using namespace citytwin::test;

namespace {

const SceneFrame kDelft = SceneFrame::utmFor(4.3571, 52.0116);

// A small shapefile of the demo city, written through GDAL by the library.
QString writeShapefile(const QString& sub, int64_t buildings)
{
    const QString dir = testOutDir(sub);
    DemoCityOptions o;
    o.outDir = dir.toStdString();
    o.buildings = buildings;
    o.driverName = "ESRI Shapefile";
    auto files = generateDemoCity(o);
    if (!files) return {};
    return QString::fromStdString(files->buildingsPath);
}

} // namespace

class BadInputTest : public QObject {
    Q_OBJECT
private slots:
    // Each row: an input, whether the import still yields a layer, and a
    // piece of the message that must name the file.
    void badInput_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("yieldsLayer");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("crsOverride");

        const QString out = testOutDir("gis-bad-input");
        QTest::newRow("missing file") << out + "/does-not-exist.gpkg" << false << "file not found" << "";

        const QString text = out + "/notes.txt";
        QFile f(text);
        if (f.open(QIODevice::WriteOnly)) f.write("These are meeting notes, not GIS data.\n");
        f.close();
        QTest::newRow("text file") << text << false << "not a readable GIS vector source" << "";

        const QString truncated = writeShapefile("gis-bad-input/truncated", 200);
        QFile shp(truncated);
        shp.resize(shp.size() / 2 + 7); // cut in the middle of a record
        QTest::newRow("truncated shapefile") << truncated << true << "read error" << "";

        const QString empty = writeShapefile("gis-bad-input/empty", 0);
        QTest::newRow("empty layer") << empty << true << "has no features" << "";

        const QString noCrs = writeShapefile("gis-bad-input/nocrs", 20);
        QFile::remove(QString(noCrs).replace(".shp", ".prj"));
        QTest::newRow("no CRS") << noCrs << false << "declares no CRS" << "";
        QTest::newRow("no CRS, override") << noCrs << true << "" << QString::fromStdString(kDelft.crsDefinition);
        QTest::newRow("bad override") << noCrs << false << "CRS override" << "EPSG:nonsense";
    }
    void badInput()
    {
        QFETCH(QString, path);
        QFETCH(bool, yieldsLayer);
        QFETCH(QString, message);
        QFETCH(QString, crsOverride);
        QVERIFY(!path.isEmpty());
        LayerSpec spec;
        spec.sources = {path.toStdString()};
        spec.crsOverride = crsOverride.toStdString();
        QElapsedTimer timer;
        timer.start();
        auto result = importLayer(spec, kDelft);
        QVERIFY(timer.elapsed() < 20000); // no hang
        QCOMPARE(result.ok(), yieldsLayer);
        if (!message.isEmpty())
            QVERIFY2(anyDiagnostic(result.diagnostics(), path.toStdString(), message.toStdString()),
                     qPrintable(diagnosticsText(result.diagnostics())));
        if (!yieldsLayer) QVERIFY(!result.firstError().empty());
        for (const Diagnostic& d : result.diagnostics())
            QVERIFY(formatDiagnostic(d).find(d.message) != std::string::npos);
    }

    // One bad source among good ones: the layer still loads, the bad one is named.
    void badSourceAmongGood()
    {
        const QString good = writeShapefile("gis-bad-input/good", 30);
        LayerSpec spec;
        spec.sources = {good.toStdString(), "/nonexistent/x.geojson"};
        auto result = importLayer(spec, kDelft);
        QVERIFY(result.ok());
        QCOMPARE(result->stats.featuresBuilt, int64_t(30));
        QVERIFY(anyDiagnostic(result.diagnostics(), "/nonexistent/x.geojson", "file not found"));
    }

    void formatting()
    {
        QCOMPARE(formatDiagnostic({Severity::Error, "boom", "a.shp", 12}), std::string("error: a.shp: feature 12: boom"));
        QCOMPARE(formatDiagnostic({Severity::Warning, "odd", "", -1}), std::string("warning: odd"));
        QCOMPARE(formatDiagnostic({Severity::Info, "fyi", "b.gpkg", -1}), std::string("info: b.gpkg: fyi"));
    }
};

int runBadInputTest(int argc, char** argv)
{
    BadInputTest t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_gis_BadInput.moc"
