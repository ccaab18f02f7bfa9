// VectorSource's direct reading of GeoPackage rows (see GpkgRows).
#include "vector/GpkgRows.h"
#include "vector/VectorSource.h"
#include "vector/WkbPolygons.h"

#include <ogr_feature.h>

#include <charconv>
#include <cmath>

namespace citytwin::gis {

namespace {

/// Features read both ways and compared before direct reading is trusted.
constexpr int kDirectChecks = 256;

/// Whether the GeoPackage blob holds what OGR read from it.
bool sameGeometry(std::basic_string_view<uint8_t> blob, const OGRGeometry* ogr)
{
    if (blob.empty()) return ogr == nullptr;
    const uint8_t* wkb = nullptr;
    size_t size = 0;
    bool empty = false;
    if (!gpkgBlobWkb(blob.data(), blob.size(), wkb, size, empty)) return false;
    if (!ogr) return false;
    if (empty) return ogr->IsEmpty();
    std::vector<std::vector<Ring>> direct, read;
    if (!parseWkbPolygons(wkb, size, direct)) return true; // the builder hands these to OGR itself
    return ogrPolygonRings(*ogr, read) && direct == read;
}

} // namespace

bool VectorSource::readDirectly()
{
    if (m_rows) return true;
    if (m_filtered || m_isOsm) return false;
    const GDALDriver* driver = m_dataset->GetDriver();
    if (!driver || !EQUAL(driver->GetDescription(), "GPKG")) return false;
    const char* fid = m_layer->GetFIDColumn();
    const char* geometry = m_layer->GetGeometryColumn();
    const OGRFeatureDefn* defn = m_layer->GetLayerDefn();
    if (!fid || !*fid || !geometry || !*geometry || defn->GetGeomFieldCount() != 1) return false;
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        const OGRFieldDefn* field = defn->GetFieldDefn(i);
        const bool plainText = field->GetType() == OFTString && field->GetSubType() == OFSTNone;
        if (!plainText && textKindOf(*field) == FieldText::Ogr) return false; // dates, booleans, blobs...
    }
    // What OGR says while the first features are compared is said again if
    // it reads the source after all: not counted twice.
    GdalErrorCapture quiet;
    std::string why;
    m_rows = GpkgRows::open(m_path, m_layerName, fid, geometry, m_fieldNames, why);
    if (!m_rows) return false;
    m_scratch.reset(OGRFeature::CreateFeature(m_layer->GetLayerDefn()));
    const bool same = sameAsOgr(kDirectChecks);
    m_layer->ResetReading();
    if (!same) {
        m_rows.reset();
        return false;
    }
    m_rows->rewind();
    return true;
}

bool VectorSource::sameAsOgr(int features)
{
    for (int n = 0; n < features; ++n) {
        OgrFeaturePtr f(m_layer->GetNextFeature());
        const bool row = m_rows->step();
        if (!f || !row) return !f && !row && m_rows->error().empty();
        if (f->GetFID() != m_rows->fid() || !sameGeometry(m_rows->geometry(), f->GetGeometryRef())) return false;
        for (int i = 0; i < static_cast<int>(m_fieldNames.size()); ++i) {
            const bool set = f->IsFieldSetAndNotNull(i);
            if (set == m_rows->isNull(i)) return false;
            if (set && directText(i) != std::string_view(f->GetFieldAsString(i))) return false;
        }
    }
    return true;
}

std::string_view VectorSource::directText(int field)
{
    FieldText& t = m_fieldText[size_t(field)];
    std::to_chars_result r{t.number, std::errc()};
    switch (t.kind) {
    case FieldText::Integer: r = std::to_chars(t.number, t.number + sizeof t.number, m_rows->integer(field)); break;
    case FieldText::Integer64:
        r = std::to_chars(t.number, t.number + sizeof t.number, m_rows->integer64(field));
        break;
    case FieldText::Real: {
        const double v = m_rows->real(field);
        if (std::isfinite(v)) {
            r = std::to_chars(t.number, t.number + sizeof t.number, v, std::chars_format::general, 15);
            break;
        }
        m_scratch->SetField(field, v); // OGR's words for infinities
        t.ogrCopy.assign(m_scratch->GetFieldAsString(field));
        return t.ogrCopy;
    }
    case FieldText::Ogr: return m_rows->text(field); // plain text: readDirectly() allows no other kind
    }
    if (r.ec != std::errc()) return {};
    return {t.number, size_t(r.ptr - t.number)};
}

bool VectorSource::nextDirect(RawFeature& out, std::vector<uint8_t>& wkbArena)
{
    if (!m_rows->step()) return false;
    out.fid = m_rows->fid();
    out.geometry.reset();
    out.wkbSize = 0;
    out.wkbEmpty = false;
    const auto blob = m_rows->geometry();
    const uint8_t* wkb = nullptr;
    size_t size = 0;
    bool empty = false;
    // A blob that is no GeoPackage geometry reads as none: the feature is
    // skipped ("no geometry") and reported, as any other.
    if (!blob.empty() && gpkgBlobWkb(blob.data(), blob.size(), wkb, size, empty) && size > 0) {
        out.wkbOffset = wkbArena.size();
        out.wkbSize = size;
        out.wkbEmpty = empty;
        wkbArena.insert(wkbArena.end(), wkb, wkb + size);
    }
    m_entries.clear();
    for (int i = 0; i < static_cast<int>(m_fieldNames.size()); ++i)
        if (!m_rows->isNull(i)) m_entries.emplace_back(m_fieldNames[size_t(i)], directText(i));
    packAttributes(out);
    return true;
}

} // namespace citytwin::gis
