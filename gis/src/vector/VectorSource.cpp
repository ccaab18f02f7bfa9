#include "vector/VectorSource.h"

#include "vector/GpkgRows.h"
#include "vector/WkbPolygons.h"

#include <cpl_vsi.h>
#include <ogr_feature.h>
#include <ogr_spatialref.h>

#include <charconv>
#include <cmath>

namespace citytwin::gis {

namespace {

/// The layer kind a geometry type suggests; Auto for unknown / collections.
LayerKind kindOfType(OGRwkbGeometryType t)
{
    switch (wkbFlatten(t)) {
    case wkbPolygon: case wkbMultiPolygon: case wkbCurvePolygon: case wkbMultiSurface:
    case wkbPolyhedralSurface: case wkbTIN: case wkbTriangle:
        return LayerKind::Buildings;
    case wkbLineString: case wkbMultiLineString: case wkbCircularString: case wkbCompoundCurve:
    case wkbMultiCurve:
        return LayerKind::Lines;
    case wkbPoint: case wkbMultiPoint:
        return LayerKind::Points;
    default:
        return LayerKind::Auto;
    }
}

/// The geometry a layer of `kind` is built from: Areas are polygons too.
LayerKind geometryFor(LayerKind kind)
{
    return kind == LayerKind::Areas ? LayerKind::Buildings : kind;
}

std::string layerList(GDALDataset& ds)
{
    std::string out;
    for (int i = 0; i < ds.GetLayerCount(); ++i) {
        if (i) out += ", ";
        out += ds.GetLayer(i)->GetName();
    }
    return out.empty() ? "none" : out;
}

OGRLayer* firstLayerOfKind(GDALDataset& ds, LayerKind geometry)
{
    for (int i = 0; i < ds.GetLayerCount(); ++i)
        if (kindOfType(ds.GetLayer(i)->GetGeomType()) == geometry) return ds.GetLayer(i);
    return nullptr;
}

/// The layer to read when none is named: the first whose geometry suits
/// `kind`; for Auto polygons, then lines, then points. Layers of unknown type
/// (GeoJSON with mixed content, some drivers) come last.
OGRLayer* pickLayer(GDALDataset& ds, LayerKind kind)
{
    const LayerKind wanted = geometryFor(kind);
    if (wanted == LayerKind::Auto) {
        for (LayerKind k : {LayerKind::Buildings, LayerKind::Lines, LayerKind::Points})
            if (OGRLayer* l = firstLayerOfKind(ds, k)) return l;
    } else if (OGRLayer* l = firstLayerOfKind(ds, wanted)) {
        return l;
    } else {
        // No layer of that geometry: polygons still give outlines (Lines) or
        // points on their surface (Points); lines give points too.
        for (LayerKind k : {LayerKind::Buildings, LayerKind::Lines, LayerKind::Points})
            if (k != LayerKind::Buildings || wanted != LayerKind::Buildings)
                if (OGRLayer* l = firstLayerOfKind(ds, k)) return l;
    }
    for (int i = 0; i < ds.GetLayerCount(); ++i)
        if (wkbFlatten(ds.GetLayer(i)->GetGeomType()) == wkbUnknown) return ds.GetLayer(i);
    return nullptr;
}

const char* osmLayerFor(LayerKind kind)
{
    switch (geometryFor(kind)) {
    case LayerKind::Lines: return "lines";
    case LayerKind::Points: return "points";
    default: return "multipolygons";
    }
}

/// Kind from the first few geometries, for layers that declare no type.
LayerKind peekGeometryKind(OGRLayer& layer)
{
    LayerKind found = LayerKind::Auto;
    for (int i = 0; i < 16 && found == LayerKind::Auto; ++i) {
        OgrFeaturePtr f(layer.GetNextFeature());
        if (!f) break;
        if (const OGRGeometry* g = f->GetGeometryRef()) found = kindOfType(g->getGeometryType());
    }
    layer.ResetReading();
    return found;
}

/// Features whose numbers are formatted both ways and compared before the
/// source's own formatting alone is trusted.
constexpr int kTextChecks = 256;

std::string openFailure(const std::string& path, const std::string& gdalError)
{
    VSIStatBufL st;
    const bool looksLikePath = path.find(':') == std::string::npos || path.rfind("/vsi", 0) == 0;
    if (looksLikePath && VSIStatL(path.c_str(), &st) != 0) return "file not found";
    std::string msg = "not a readable GIS vector source";
    if (!gdalError.empty()) msg += " (GDAL: " + gdalError + ")";
    return msg;
}

} // namespace

Result<std::unique_ptr<VectorSource>> VectorSource::open(const std::string& path,
                                                         const std::string& layerName,
                                                         const std::string& crsOverride,
                                                         LayerKind kind,
                                                         const std::string& attributeFilter)
{
    using R = Result<std::unique_ptr<VectorSource>>;
    ensureGdalRegistered();
    GdalErrorCapture capture;
    std::unique_ptr<VectorSource> src(new VectorSource);
    src->m_path = path;
    src->m_dataset.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!src->m_dataset) {
        const auto errs = capture.takeErrors();
        return R::failure(openFailure(path, errs.empty() ? std::string() : errs.front()), path);
    }
    GDALDataset& ds = *src->m_dataset;
    src->m_isOsm = ds.GetDriver() && EQUAL(ds.GetDriver()->GetDescription(), "OSM");
    if (!layerName.empty()) {
        src->m_layer = ds.GetLayerByName(layerName.c_str());
        if (!src->m_layer)
            return R::failure("no layer '" + layerName + "' (layers: " + layerList(ds) + ")", path);
    } else if (src->m_isOsm) {
        src->m_layer = ds.GetLayerByName(osmLayerFor(kind));
    } else {
        src->m_layer = pickLayer(ds, kind);
    }
    if (!src->m_layer) {
        const char* what = geometryFor(kind) == LayerKind::Lines ? "line"
                           : geometryFor(kind) == LayerKind::Points ? "point"
                           : geometryFor(kind) == LayerKind::Buildings ? "polygon" : "vector";
        return R::failure(std::string("no ") + what + " layer (layers: " + layerList(ds) + ")", path);
    }
    src->m_layerName = src->m_layer->GetName();
    if (src->m_isOsm) {
        // Only build the layer we read; the OSM driver then skips the others
        // cheaply and one layer can be read alone (no interleaved reading).
        ds.ExecuteSQL(("SET interest_layers = " + src->m_layerName).c_str(), nullptr, nullptr);
    }
    std::string filter = attributeFilter;
    // OSM buildings by default. The driver evaluates the filter while it
    // assembles features, which also keeps building relations a plain read misses.
    if (filter.empty() && src->m_isOsm && src->m_layerName == "multipolygons"
        && (kind == LayerKind::Auto || kind == LayerKind::Buildings)
        && src->m_layer->GetLayerDefn()->GetFieldIndex("building") >= 0)
        filter = "building IS NOT NULL";
    src->m_filtered = !filter.empty();
    if (!filter.empty() && src->m_layer->SetAttributeFilter(filter.c_str()) != OGRERR_NONE) {
        const auto errs = capture.takeErrors();
        std::string msg = "invalid attribute filter '" + filter.substr(0, 200) + "' on layer '"
                          + src->m_layerName + "'";
        if (!errs.empty()) msg += " (GDAL: " + errs.front() + ")";
        return R::failure(msg, path);
    }

    OGRSpatialReference srs;
    if (!crsOverride.empty()) {
        if (srs.SetFromUserInput(crsOverride.c_str()) != OGRERR_NONE)
            return R::failure("the CRS override '" + crsOverride.substr(0, 80) + "' is not understood", path);
        src->m_crsDefinition = crsOverride;
    } else if (const OGRSpatialReference* declared = src->m_layer->GetSpatialRef()) {
        srs = *declared;
        char* wkt = nullptr;
        const char* options[] = {"FORMAT=WKT2_2019", nullptr};
        if (srs.exportToWkt(&wkt, options) == OGRERR_NONE && wkt) src->m_crsDefinition = wkt;
        CPLFree(wkt);
    }
    if (src->m_crsDefinition.empty())
        return R::failure("the layer '" + src->m_layerName
                              + "' declares no CRS; set a CRS override for this layer",
                          path);
    src->m_crsGeographic = srs.IsGeographic();
    src->m_crsName = srs.GetName() ? srs.GetName() : "unnamed CRS";
    if (!src->m_isOsm) src->m_countHint = src->m_layer->GetFeatureCount(FALSE);
    const OGRFeatureDefn* defn = src->m_layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        const OGRFieldDefn* field = defn->GetFieldDefn(i);
        src->m_fieldNames.emplace_back(field->GetNameRef());
        src->m_fieldText.push_back({textKindOf(*field), kTextChecks, {}, {}});
    }
    src->m_geometryKind = kindOfType(src->m_layer->GetGeomType());
    if (src->m_geometryKind == LayerKind::Auto) src->m_geometryKind = peekGeometryKind(*src->m_layer);
    src->m_layer->ResetReading();
    return R(std::move(src));
}

VectorSource::~VectorSource() = default;

Extent2 VectorSource::extent() const
{
    Extent2 e;
    OGREnvelope env;
    if (m_layer->GetExtent(&env, TRUE) == OGRERR_NONE) {
        e.add(env.MinX, env.MinY);
        e.add(env.MaxX, env.MaxY);
    }
    return e;
}

VectorSource::FieldText::Kind VectorSource::textKindOf(const OGRFieldDefn& field)
{
    // Numbers OGR prints plainly (no width, no sub-type such as boolean or
    // float32) are formatted by next() itself.
    if (field.GetSubType() != OFSTNone) return FieldText::Ogr;
    switch (field.GetType()) {
    case OFTInteger: return FieldText::Integer;
    case OFTInteger64: return FieldText::Integer64;
    case OFTReal: return field.GetWidth() == 0 ? FieldText::Real : FieldText::Ogr;
    default: return FieldText::Ogr;
    }
}

std::string_view VectorSource::fieldText(OGRFeature& feature, int field)
{
    FieldText& t = m_fieldText[size_t(field)];
    std::to_chars_result r{t.number, std::errc()};
    switch (t.kind) {
    case FieldText::Integer:
        r = std::to_chars(t.number, t.number + sizeof t.number, feature.GetFieldAsInteger(field));
        break;
    case FieldText::Integer64:
        r = std::to_chars(t.number, t.number + sizeof t.number, int64_t{feature.GetFieldAsInteger64(field)});
        break;
    case FieldText::Real: {
        const double v = feature.GetFieldAsDouble(field);
        if (std::isfinite(v)) r = std::to_chars(t.number, t.number + sizeof t.number, v, std::chars_format::general, 15);
        else r.ec = std::errc::value_too_large; // OGR's words for NaN and infinities
        break;
    }
    case FieldText::Ogr:
        // Strings are the feature's own; other texts live in a buffer the
        // next call of GetFieldAsString reuses.
        if (feature.GetFieldDefnRef(field)->GetType() == OFTString) return feature.GetFieldAsString(field);
        t.ogrCopy.assign(feature.GetFieldAsString(field));
        return t.ogrCopy;
    }
    if (r.ec == std::errc() && t.checksLeft <= 0) return {t.number, size_t(r.ptr - t.number)};
    t.ogrCopy.assign(feature.GetFieldAsString(field));
    if (r.ec != std::errc()) return t.ogrCopy;
    --t.checksLeft;
    if (t.ogrCopy != std::string_view(t.number, size_t(r.ptr - t.number))) t.kind = FieldText::Ogr;
    return t.ogrCopy;
}

bool VectorSource::next(RawFeature& out, std::vector<uint8_t>& wkbArena)
{
    if (m_rows) return nextDirect(out, wkbArena);
    // OSM: the other layers are switched off (interest_layers), so reading
    // this one layer alone neither buffers nor drops features.
    OgrFeaturePtr f(m_layer->GetNextFeature());
    if (!f) return false;
    out.fid = f->GetFID();
    out.geometry.reset(f->StealGeometry());
    out.wkbSize = 0;
    m_entries.clear();
    for (int i = 0; i < static_cast<int>(m_fieldNames.size()); ++i)
        if (f->IsFieldSetAndNotNull(i)) m_entries.emplace_back(m_fieldNames[size_t(i)], fieldText(*f, i));
    packAttributes(out);
    return true;
}

void VectorSource::packAttributes(RawFeature& out)
{
    // The list ends up in the layer's feature record for the layer's life:
    // one block of exactly its size.
    if (!out.attributes.assign(m_entries)) {
        out.attributes.clear();
        for (const auto& [name, value] : m_entries) out.attributes.emplace_back(name, value); // reports the size
    }
}

const std::string& VectorSource::readError() const
{
    static const std::string none;
    return m_rows ? m_rows->error() : none;
}

} // namespace citytwin::gis
