// GeoPackage rows read straight with SQLite (VectorSource::readDirectly)
// give what OGR gives: the WKB parser against OGR's own reading, the whole
// Boston file both ways, which files may be read so, and a broken blob.

#include "test_gis_Suites.h"
#include "test_gis_Gpkg.h"
#include "test_gis_Helpers.h"

#include "TestData.h"
#include "citytwin/gis/LayerImporter.h"
#include "citytwin/gis/SceneFrame.h"
#include "vector/VectorSource.h"
#include "vector/WkbPolygons.h"

#include <QtTest>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <limits>
#include <memory>

using namespace citytwin::gis;
using namespace citytwin::test;

namespace {

using Rings = std::vector<std::vector<Ring>>;

OGRLinearRing* square(double x, double y, double s, double z = 0, bool withZ = false, bool withM = false)
{
    auto* r = new OGRLinearRing;
    for (auto [dx, dy] : {std::pair{0.0, 0.0}, {s, 0.0}, {s, s}, {0.0, s}, {0.0, 0.0}}) {
        if (withZ && withM) r->addPoint(x + dx, y + dy, z + dx, 7.5);
        else if (withM) r->addPointM(x + dx, y + dy, 7.5);
        else if (withZ) r->addPoint(x + dx, y + dy, z + dy);
        else r->addPoint(x + dx, y + dy);
    }
    return r;
}

std::vector<uint8_t> wkbOf(const OGRGeometry& g, OGRwkbByteOrder order, OGRwkbVariant variant)
{
    std::vector<uint8_t> out(g.WkbSize());
    g.exportToWkb(order, out.data(), variant);
    return out;
}

/// A GeoPackage of `n` squares with plain fields (text, 32/64-bit integers,
/// reals including infinities and extremes, nulls): one that may be read
/// directly. With `boolean`, one more field has a sub-type, so it may not.
QString writePlainGpkg(const QString& name, int n, bool boolean)
{
    const QString path = testOutDir("gis-gpkg-direct") + "/" + name;
    OGRLayer* layer = nullptr;
    const auto ds = newGpkgLayer(path, wkbMultiPolygon, layer);
    if (!ds) return {};
    OGRFieldDefn i32("i32", OFTInteger), i64("i64", OFTInteger64), real("height", OFTReal), text("name", OFTString);
    for (OGRFieldDefn* d : {&i32, &i64, &real, &text}) layer->CreateField(d);
    if (boolean) {
        OGRFieldDefn flag("flag", OFTInteger);
        flag.SetSubType(OFSTBoolean);
        layer->CreateField(&flag);
    }
    const double reals[] = {0.0, -0.0, 0.1, 12.5, 1e16, 5e-324, std::numeric_limits<double>::max(),
                            std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(), 1.0 / 3};
    for (int k = 0; k < n; ++k) {
        OGRFeature f(layer->GetLayerDefn());
        f.SetField("i32", k % 5 == 0 ? std::numeric_limits<int>::min() : k);
        f.SetField("i64", static_cast<GIntBig>(k) * 3000000000LL);
        f.SetField("height", reals[k % 10]);
        if (k % 4 != 1) f.SetField("name", ("bâtiment \"" + std::to_string(k) + "\"").c_str());
        if (boolean) f.SetField("flag", k % 2);
        OGRMultiPolygon mp;
        auto* p = new OGRPolygon;
        p->addRingDirectly(square(600000 + 30.0 * (k % 30), 5700000 + 30.0 * (k / 30), 20));
        if (k % 3 == 0) p->addRingDirectly(square(600005 + 30.0 * (k % 30), 5700005 + 30.0 * (k / 30), 5));
        mp.addGeometryDirectly(p);
        if (k % 7 == 0) {
            auto* q = new OGRPolygon;
            q->addRingDirectly(square(600022 + 30.0 * (k % 30), 5700000 + 30.0 * (k / 30), 4));
            mp.addGeometryDirectly(q);
        }
        if (k % 11 != 5) f.SetGeometry(&mp); // some features have none
        if (layer->CreateFeature(&f) != OGRERR_NONE) return {};
    }
    return path;
}

/// Every feature of `path` read directly and by OGR alone: the same FIDs,
/// attribute text and rings, in the same order. Returns the count.
int compareAllFeatures(const std::string& path)
{
    auto direct = VectorSource::open(path, {}, {});
    auto ogr = VectorSource::open(path, {}, {});
    if (!direct || !ogr) return -1;
    if (!(*direct)->readDirectly()) return -2;
    std::vector<uint8_t> directWkb, ogrWkb;
    RawFeature a, b;
    int count = 0;
    for (;; ++count) {
        directWkb.clear();
        const bool moreA = (*direct)->next(a, directWkb), moreB = (*ogr)->next(b, ogrWkb);
        if (moreA != moreB) return -3;
        if (!moreA) break;
        if (a.fid != b.fid || a.geometry || b.wkbSize != 0 || !(a.attributes == b.attributes)) return -4;
        Rings fromWkb, fromOgr;
        if (!b.geometry) {
            if (a.wkbSize != 0) return -5;
            continue;
        }
        if (!parseWkbPolygons(directWkb.data() + a.wkbOffset, a.wkbSize, fromWkb)) return -6;
        if (!ogrPolygonRings(*b.geometry, fromOgr) || fromWkb != fromOgr) return -7;
    }
    return (*direct)->readError().empty() ? count : -8;
}

} // namespace

class GpkgDirectTest : public QObject {
    Q_OBJECT

private slots:
    /// Polygons and multipolygons in every dimension, both byte orders and
    /// both WKB flavours parse to the rings OGR reads; other types and every
    /// truncation are declined and leave the output as it was.
    void wkbPolygonsAsOgrReadsThem()
    {
        std::vector<std::unique_ptr<OGRGeometry>> shapes;
        for (int dims = 0; dims < 4; ++dims) {
            const bool z = dims & 1, m = dims & 2;
            auto* p = new OGRPolygon;
            p->addRingDirectly(square(330000.5, 4690000.25, 40, 12, z, m));
            p->addRingDirectly(square(330010.5, 4690010.25, 10, 12, z, m));
            shapes.emplace_back(p);
            auto* mp = new OGRMultiPolygon;
            mp->addGeometry(p);
            auto* q = new OGRPolygon;
            q->addRingDirectly(square(-71.06, 42.35, 0.001, 3, z, m));
            mp->addGeometryDirectly(q);
            shapes.emplace_back(mp);
        }
        shapes.emplace_back(new OGRPolygon); // empty
        int parsed = 0;
        for (const auto& g : shapes)
            for (OGRwkbByteOrder order : {wkbNDR, wkbXDR})
                for (OGRwkbVariant variant : {wkbVariantIso, wkbVariantOldOgc}) {
                    const std::vector<uint8_t> wkb = wkbOf(*g, order, variant);
                    Rings expected, got{{Ring{{1, 2}}}}; // something there already
                    QVERIFY(ogrPolygonRings(*g, expected));
                    QVERIFY2(parseWkbPolygons(wkb.data(), wkb.size(), got), g->getGeometryName());
                    got.erase(got.begin());
                    QCOMPARE(got, expected);
                    ++parsed;
                    for (size_t cut = 0; cut < wkb.size(); ++cut) {
                        Rings partial{{Ring{{1, 2}}}};
                        QVERIFY(!parseWkbPolygons(wkb.data(), cut, partial));
                        QCOMPARE(partial.size(), size_t(1));
                    }
                }
        QCOMPARE(parsed, 9 * 4);
        OGRLineString line;
        line.addPoint(0, 0);
        line.addPoint(1, 1);
        const std::vector<uint8_t> wkb = wkbOf(line, wkbNDR, wkbVariantIso);
        Rings none;
        QVERIFY(!parseWkbPolygons(wkb.data(), wkb.size(), none));
        QVERIFY(none.empty());
    }

    /// The blob header: each envelope size, the empty flag, bad magic.
    void gpkgBlobHeader()
    {
        const uint8_t wkbBytes[] = {1, 3, 0, 0, 0, 0, 0, 0, 0}; // empty polygon
        const size_t envelopes[] = {0, 32, 48, 48, 64};
        for (uint8_t type = 0; type < 5; ++type)
            for (bool empty : {false, true}) {
                std::vector<uint8_t> blob = {'G', 'P', 0, uint8_t(1 | (type << 1) | (empty ? 0x10 : 0)), 0xe6, 0x10, 0, 0};
                blob.resize(blob.size() + envelopes[type], 0);
                blob.insert(blob.end(), std::begin(wkbBytes), std::end(wkbBytes));
                const uint8_t* wkb = nullptr;
                size_t size = 0;
                bool isEmpty = !empty;
                QVERIFY(gpkgBlobWkb(blob.data(), blob.size(), wkb, size, isEmpty));
                QCOMPARE(size, sizeof wkbBytes);
                QCOMPARE(wkb, blob.data() + 8 + envelopes[type]);
                QCOMPARE(isEmpty, empty);
            }
        const uint8_t* wkb = nullptr;
        size_t size = 0;
        bool empty = false;
        const uint8_t notGpkg[] = {'S', 'P', 0, 1, 0, 0, 0, 0, 1, 3, 0, 0, 0};
        QVERIFY(!gpkgBlobWkb(notGpkg, sizeof notGpkg, wkb, size, empty));
        const uint8_t shortEnvelope[] = {'G', 'P', 0, 3, 0, 0, 0, 0, 1, 2, 3};
        QVERIFY(!gpkgBlobWkb(shortEnvelope, sizeof shortEnvelope, wkb, size, empty));
    }

    void bostonReadsTheSameBothWays()
    {
        CITYTWIN_SHARED_DATA(path, "boston/boston_buildings_wgs84.gpkg");
        const int count = compareAllFeatures(path.toStdString());
        QVERIFY2(count > 20000, qPrintable(QString::number(count)));
    }

    /// Plain fields (with infinities, extremes, quotes and accents, nulls,
    /// features without geometry) are read directly and equal OGR's; a
    /// sub-typed field, an attribute filter or another format is left to OGR.
    void directOnlyWhereItReadsTheSame()
    {
        const QString plain = writePlainGpkg("plain.gpkg", 600, false);
        QVERIFY(!plain.isEmpty());
        QCOMPARE(compareAllFeatures(plain.toStdString()), 600);
        const QString flagged = writePlainGpkg("flagged.gpkg", 20, true);
        auto withFlag = VectorSource::open(flagged.toStdString(), {}, {});
        QVERIFY(withFlag.ok());
        QVERIFY(!(*withFlag)->readDirectly());
        auto filtered = VectorSource::open(plain.toStdString(), {}, {}, LayerKind::Auto, "i32 > 10");
        QVERIFY(filtered.ok());
        QVERIFY(!(*filtered)->readDirectly());
        CITYTWIN_SHARED_DATA(parks, "boston/boston-parks.shp");
        auto shapefile = VectorSource::open(parks.toStdString(), {}, {});
        QVERIFY(shapefile.ok());
        QVERIFY(!(*shapefile)->readDirectly());
    }

    /// SQLite stores any type in any column: values of the wrong type after
    /// the checked features read as OGR reads them.
    void mistypedValuesReadAsOgrReadsThem()
    {
        const QString path = writePlainGpkg("mistyped.gpkg", 300, false);
        QVERIFY(!path.isEmpty());
        {
            std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.toUtf8().constData(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
            QVERIFY(ds);
            for (const char* sql : {"UPDATE buildings SET i32 = 3.7, i64 = 'abc', height = '12.5xyz', name = 42 WHERE fid = 280",
                                    "UPDATE buildings SET i32 = '17', i64 = 2.5e20, height = X'00ff', name = 0.1 WHERE fid = 281",
                                    "UPDATE buildings SET i32 = 9999999999, i64 = -0.0, height = 7 WHERE fid = 282"})
                ds->ExecuteSQL(sql, nullptr, nullptr);
        }
        QCOMPARE(compareAllFeatures(path.toStdString()), 300);
    }

    /// A geometry blob broken late in the file (after the features checked
    /// against OGR): that feature is skipped and reported, the rest built.
    void brokenBlobSkipsOneFeature()
    {
        const QString path = writePlainGpkg("broken.gpkg", 400, false);
        QVERIFY(!path.isEmpty());
        {
            std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.toUtf8().constData(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
            QVERIFY(ds);
            ds->ExecuteSQL("UPDATE buildings SET geom = X'47500003E610000001020304' WHERE fid = 390", nullptr, nullptr);
        }
        LayerSpec spec;
        spec.name = "broken";
        spec.kind = LayerKind::Buildings;
        spec.sources = {path.toStdString()};
        auto result = importLayer(spec, SceneFrame::utmFor(3.0, 51.4), {});
        QVERIFY2(result.ok(), qPrintable(diagnosticsText(result.diagnostics())));
        const int withoutGeometry = 400 / 11 + (400 % 11 > 5 ? 1 : 0);
        QCOMPARE(result->stats.featuresRead, int64_t(400));
        QCOMPARE(result->stats.featuresBuilt, int64_t(400 - withoutGeometry - 1));
        bool reported = false;
        for (const Diagnostic& d : result.diagnostics()) reported = reported || d.featureIndex == 390;
        QVERIFY2(reported, qPrintable(diagnosticsText(result.diagnostics())));
    }
};

int runGpkgDirectTest(int argc, char** argv)
{
    GpkgDirectTest t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_gis_GpkgDirect.moc"
