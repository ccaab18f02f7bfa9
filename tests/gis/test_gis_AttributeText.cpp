// Imported attribute text is OGR's text, field by field: the reader formats
// plain numbers itself (to_chars) instead of asking OGR to printf them.

#include "test_gis_Suites.h"
#include "test_gis_Gpkg.h"
#include "test_gis_Helpers.h"

#include "TestData.h"
#include "citytwin/gis/LayerImporter.h"
#include "citytwin/gis/SceneFrame.h"

#include <QtTest>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <limits>
#include <map>
#include <memory>

using namespace citytwin::gis;
using namespace citytwin::test;

namespace {

using Texts = std::vector<std::pair<std::string, std::string>>;

/// fid -> (name, GetFieldAsString) of every set field, read by OGR alone.
std::map<int64_t, Texts> ogrTexts(const std::string& path)
{
    std::map<int64_t, Texts> out;
    std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds || ds->GetLayerCount() == 0) return out;
    OGRLayer* layer = ds->GetLayer(0);
    layer->ResetReading();
    while (OGRFeature* f = layer->GetNextFeature()) {
        Texts& texts = out[f->GetFID()];
        for (int i = 0; i < f->GetFieldCount(); ++i)
            if (f->IsFieldSetAndNotNull(i)) texts.emplace_back(f->GetFieldDefnRef(i)->GetNameRef(), f->GetFieldAsString(i));
        OGRFeature::DestroyFeature(f);
    }
    return out;
}

/// A GeoPackage of one-square features whose numbers test the formatting:
/// integers at their limits, 64-bit integers, reals of every magnitude and
/// sign, and sub-typed fields (boolean, int16, float32) that OGR prints its
/// own way.
QString writeNumbersGpkg()
{
    const QString path = testOutDir("gis-attribute-text") + "/numbers.gpkg";
    OGRLayer* layer = nullptr;
    const auto ds = newGpkgLayer(path, wkbPolygon, layer);
    if (!ds) return {};
    OGRFieldDefn i32("i32", OFTInteger), i64("i64", OFTInteger64), real("real", OFTReal), text("name", OFTString);
    OGRFieldDefn flag("flag", OFTInteger), small("small", OFTInteger), single("single", OFTReal);
    flag.SetSubType(OFSTBoolean);
    small.SetSubType(OFSTInt16);
    single.SetSubType(OFSTFloat32);
    for (OGRFieldDefn* d : {&i32, &i64, &real, &text, &flag, &small, &single}) layer->CreateField(d);
    const double reals[] = {0.0, -0.0, 0.1, 97.9, 3.0, -12.5, 1e15, 1e16, 1.5e21, 123456789.123456789,
                            1e-5, 2.5e-300, 5e-324, std::numeric_limits<double>::max(), -7.25e-8, 1.0 / 3.0};
    const int64_t ints[] = {0, -1, 1, std::numeric_limits<int32_t>::max(), std::numeric_limits<int32_t>::min(),
                            std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min(), 1234567890123};
    const int n = 400; // more than the reader's checks of the first features
    for (int k = 0; k < n; ++k) {
        OGRFeature f(layer->GetLayerDefn());
        const int64_t whole = ints[k % 8];
        f.SetField("i32", int(whole & 0x7fffffff) * (k % 2 ? -1 : 1));
        f.SetField("i64", static_cast<GIntBig>(whole));
        f.SetField("real", reals[k % 16] * (k < 16 ? 1.0 : 1.0 + k * 1e-9));
        f.SetField("name", ("building " + std::to_string(k)).c_str());
        f.SetField("flag", k % 2);
        f.SetField("small", k - 200);
        f.SetField("single", 0.1 * k);
        if (k % 7 == 3) f.SetFieldNull(f.GetFieldIndex("real"));
        OGRPolygon square;
        OGRLinearRing ring;
        const double x = 600000 + 20.0 * (k % 20), y = 5700000 + 20.0 * (k / 20);
        for (auto [dx, dy] : {std::pair{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}) ring.addPoint(x + dx, y + dy);
        square.addRing(&ring);
        f.SetGeometry(&square);
        if (layer->CreateFeature(&f) != OGRERR_NONE) return {};
    }
    return path;
}

} // namespace

class AttributeTextTest : public QObject {
    Q_OBJECT

    static void compareWithOgr(const QString& path)
    {
        QVERIFY(!path.isEmpty());
        LayerSpec spec;
        spec.name = "texts";
        spec.sources = {path.toStdString()};
        auto probe = probeExtentLonLat(spec.sources);
        QVERIFY(probe.ok());
        auto result = importLayer(spec, SceneFrame::utmFor(probe->centre().x, probe->centre().y), {});
        QVERIFY2(result.ok(), qPrintable(diagnosticsText(result.diagnostics())));
        const auto expected = ogrTexts(path.toStdString());
        QVERIFY(!result->features.empty());
        for (const FeatureRecord& f : result->features) {
            const auto it = expected.find(f.sourceFid);
            QVERIFY(it != expected.end());
            Texts got;
            for (const auto& [name, value] : f.attributes) got.emplace_back(name, value);
            if (got != it->second) {
                for (size_t i = 0; i < std::min(got.size(), it->second.size()); ++i)
                    if (got[i] != it->second[i])
                        qWarning("fid %lld %s: imported '%s', OGR '%s'", (long long)f.sourceFid, got[i].first.c_str(),
                                 got[i].second.c_str(), it->second[i].second.c_str());
                QFAIL("imported attribute text differs from OGR's");
            }
        }
    }

private slots:
    void numbersAsOgrPrintsThem() { compareWithOgr(writeNumbersGpkg()); }

    void bostonBuildings()
    {
        CITYTWIN_SHARED_DATA(path, "boston/boston_buildings_wgs84.gpkg");
        compareWithOgr(path);
    }

    /// Shapefile reals have a width and precision (printed "%18.16f"-like by
    /// OGR) and integers a width: OGR's text either way.
    void bostonParksShapefile()
    {
        CITYTWIN_SHARED_DATA(path, "boston/boston-parks.shp");
        compareWithOgr(path);
    }
};

int runAttributeTextTest(int argc, char** argv)
{
    AttributeTextTest t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_gis_AttributeText.moc"
