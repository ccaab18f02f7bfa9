// layerFingerprint and Fnv1a64: stable, and changed by every input that matters.
#include "citytwin/data/Fnv1a64.h"
#include "citytwin/data/LayerFingerprint.h"

#include "TestData.h"
#include "test_data_Samples.h"
#include "test_data_Suites.h"

#include <QDir>
#include <QtTest>

#include <filesystem>
#include <functional>

using citytwin::data::Fnv1a64;
using citytwin::data::layerFingerprint;
using citytwin::gis::LayerSpec;
using citytwin::gis::SceneFrame;

namespace fs = std::filesystem;

using SpecEdit = std::function<void(LayerSpec&, SceneFrame&, std::string&)>;
Q_DECLARE_METATYPE(SpecEdit)

namespace {

LayerSpec baseSpec() {
    LayerSpec s;
    s.name = "Buildings";
    s.sources = {"PG:dbname=city", "/vsicurl/https://example.org/b.fgb"};
    return s;
}

SceneFrame baseFrame() { return {"EPSG:32619", "WGS 84 / UTM zone 19N", 500.0}; }

std::string freshDir(const QString& name) {
    const QString dir = citytwin::test::testOutDir("fingerprint/" + name);
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    return dir.toStdString();
}

void writeFile(const std::string& path, const QByteArray& bytes) {
    QVERIFY(citytwin::test::writeAll(QString::fromStdString(path), bytes));
}

std::string fingerprintOf(const std::string& source) {
    LayerSpec s;
    s.sources = {source};
    return layerFingerprint(s, baseFrame());
}

} // namespace

class TestLayerFingerprint : public QObject {
    Q_OBJECT

private slots:
    void fnvKnownVectors() {
        // Published FNV-1a/64 test vectors.
        QCOMPARE(Fnv1a64().value(), 0xcbf29ce484222325ULL);
        Fnv1a64 a;
        a.addBytes("a", 1);
        QCOMPARE(a.value(), 0xaf63dc4c8601ec8cULL);
        Fnv1a64 foobar;
        foobar.addBytes("foobar", 6);
        QCOMPARE(foobar.value(), 0x85944171f73967e8ULL);
        QCOMPARE(foobar.hex(), std::string("85944171f73967e8"));
    }

    void stableAndHex() {
        const std::string a = layerFingerprint(baseSpec(), baseFrame());
        QCOMPARE(a.size(), size_t(16));
        QVERIFY(a.find_first_not_of("0123456789abcdef") == std::string::npos);
        QCOMPARE(layerFingerprint(baseSpec(), baseFrame()), a);
    }

    void options_data() {
        QTest::addColumn<SpecEdit>("edit");
        QTest::addColumn<bool>("changes");
        QTest::newRow("name only") << SpecEdit([](LayerSpec& s, SceneFrame&, std::string&) { s.name = std::string("Other"); }) << false;
        QTest::newRow("crs display name only") << SpecEdit([](LayerSpec&, SceneFrame& f, std::string&) { f.crsName = std::string("x"); }) << false;
        QTest::newRow("source layer") << SpecEdit([](LayerSpec& s, SceneFrame&, std::string&) { s.sourceLayer = std::string("b"); }) << true;
        QTest::newRow("crs override") << SpecEdit([](LayerSpec& s, SceneFrame&, std::string&) { s.crsOverride = "EPSG:2249"; }) << true;
        QTest::newRow("source order") << SpecEdit([](LayerSpec& s, SceneFrame&, std::string&) { std::swap(s.sources[0], s.sources[1]); }) << true;
        QTest::newRow("extra source") << SpecEdit([](LayerSpec& s, SceneFrame&, std::string&) { s.sources.push_back("PG:x"); }) << true;
        QTest::newRow("storey height") << SpecEdit([](LayerSpec& s, SceneFrame&, std::string&) { s.heightRule.storeyHeightMeters = 3.0; }) << true;
        QTest::newRow("candidate unit") << SpecEdit([](LayerSpec& s, SceneFrame&, std::string&) {
            s.heightRule.candidates[0].unit = citytwin::gis::HeightUnit::Storeys; }) << true;
        QTest::newRow("scene crs") << SpecEdit([](LayerSpec&, SceneFrame& f, std::string&) { f.crsDefinition = "EPSG:32618"; }) << true;
        QTest::newRow("tile size") << SpecEdit([](LayerSpec&, SceneFrame& f, std::string&) { f.tileSizeMeters = 500.5; }) << true;
        QTest::newRow("builder version") << SpecEdit([](LayerSpec&, SceneFrame&, std::string& v) { v = std::string("2"); }) << true;
    }
    void options() {
        QFETCH(SpecEdit, edit);
        QFETCH(bool, changes);
        LayerSpec spec = baseSpec();
        SceneFrame frame = baseFrame();
        std::string version = "1";
        const std::string before = layerFingerprint(spec, frame, version);
        edit(spec, frame, version);
        QCOMPARE(layerFingerprint(spec, frame, version) != before, changes);
    }

    void fileSizeAndMtime() {
        const std::string path = freshDir("file") + "/city.geojson";
        writeFile(path, "{\"type\":\"FeatureCollection\",\"features\":[]}");
        const auto mtime = fs::last_write_time(path);
        const std::string first = fingerprintOf(path);
        QCOMPARE(fingerprintOf(path), first);

        writeFile(path, "{\"type\":\"FeatureCollection\",\"features\":[ ]}");
        fs::last_write_time(path, mtime);
        const std::string grown = fingerprintOf(path);
        QVERIFY2(grown != first, "size change not seen");

        fs::last_write_time(path, mtime + std::chrono::seconds(10));
        const std::string touched = fingerprintOf(path);
        QVERIFY2(touched != grown, "mtime change not seen");
    }

    void missingFileThenCreated() {
        const std::string path = freshDir("missing") + "/later.gpkg";
        const std::string missing = fingerprintOf(path);
        writeFile(path, "x");
        QVERIFY(fingerprintOf(path) != missing);
    }

    void shapefileSidecar() {
        const std::string dir = freshDir("shape");
        writeFile(dir + "/b.shp", "shp");
        writeFile(dir + "/b.dbf", "dbf1");
        const std::string first = fingerprintOf(dir + "/b.shp");
        writeFile(dir + "/b.dbf", "dbf22");
        QVERIFY2(fingerprintOf(dir + "/b.shp") != first, "attribute sidecar change not seen");
    }

    void folderEntries() {
        const std::string dir = freshDir("folder");
        writeFile(dir + "/1.json", "{}");
        const std::string first = fingerprintOf(dir);
        writeFile(dir + "/2.json", "{}");
        QVERIFY(fingerprintOf(dir) != first);
    }

    void archiveInsideVsizip_data() {
        QTest::addColumn<QString>("prefix");
        QTest::newRow("absolute //") << "/vsizip/";
        QTest::newRow("absolute /") << "/vsizip";
    }
    void archiveInsideVsizip() {
        QFETCH(QString, prefix);
        const std::string zip = freshDir("zip") + "/tiles.zip";
        writeFile(zip, "PK-one");
        const std::string vsi = prefix.toStdString() + zip + "/layer/15/1/2.json";
        const std::string first = fingerprintOf(vsi);
        QCOMPARE(fingerprintOf(vsi), first);
        writeFile(zip, "PK-two!");
        QVERIFY2(fingerprintOf(vsi) != first, "archive change not seen");
    }
};

int runLayerFingerprintTests(int argc, char** argv) {
    TestLayerFingerprint t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_data_LayerFingerprint.moc"
