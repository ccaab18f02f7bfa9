// Sensors from any OGR vector layer: fields by the user's mapping, one point
// per feature (centroid for lines and polygons) reprojected from the layer's
// own CRS to WGS 84.

#include "citytwin/data/sensors/SensorImport.h"

#include "sensors/SensorCollector.h"
#include "sensors/SensorImportDetail.h"

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <mutex>

namespace citytwin::data {
namespace {

struct DatasetCloser {
    void operator()(GDALDataset* d) const { GDALClose(GDALDataset::ToHandle(d)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;
struct FeatureDeleter {
    void operator()(OGRFeature* f) const { OGRFeature::DestroyFeature(f); }
};
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDeleter>;
struct TransformDeleter {
    void operator()(OGRCoordinateTransformation* t) const { OGRCoordinateTransformation::DestroyCT(t); }
};

/// GDAL's messages for this thread go to the Result, not to stderr.
class QuietGdalErrors {
public:
    QuietGdalErrors() {
        CPLPushErrorHandler(CPLQuietErrorHandler);
        CPLErrorReset();
    }
    ~QuietGdalErrors() { CPLPopErrorHandler(); }
    QuietGdalErrors(const QuietGdalErrors&) = delete;
    QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;
};

std::string lastGdalError() {
    const char* msg = CPLGetLastErrorMsg();
    return msg && *msg ? std::string(": ") + msg : std::string();
}

/// The source, read-only, and the layer the caller asked for.
struct OpenLayer {
    DatasetPtr dataset;
    OGRLayer* layer = nullptr;
};

gis::Result<OpenLayer> openLayer(const std::string& source, const std::string& layerName) {
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
    using R = gis::Result<OpenLayer>;
    OpenLayer open;
    open.dataset.reset(GDALDataset::FromHandle(
        GDALOpenEx(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    if (!open.dataset) return R::failure("cannot open " + source + " as a vector source" + lastGdalError(), source);
    if (open.dataset->GetLayerCount() == 0) return R::failure(source + " has no vector layer", source);
    open.layer = layerName.empty() ? open.dataset->GetLayer(0) : open.dataset->GetLayerByName(layerName.c_str());
    if (!open.layer) return R::failure(source + " has no layer '" + layerName + "'", source);
    return open;
}

/// The layer's CRS, or null when it has none. GeoPackage layers written
/// without one report GDAL's placeholders ("Undefined geographic SRS",
/// srs_id 0; "Undefined cartesian SRS", -1), which place nothing either.
const OGRSpatialReference* layerCrs(OGRLayer& layer) {
    const OGRSpatialReference* crs = layer.GetSpatialRef();
    if (!crs || crs->IsEmpty() || crs->IsLocal()) return nullptr;
    const std::string name = crs->GetName() ? crs->GetName() : "";
    if (name.rfind("Undefined geographic SRS", 0) == 0 || name.rfind("Undefined cartesian SRS", 0) == 0) return nullptr;
    return crs;
}

/// A field's value as text; nothing when the feature lacks the field or it is null.
std::optional<std::string> fieldText(const OGRFeature& feature, const std::string& name) {
    const int i = feature.GetFieldIndex(name.c_str());
    if (i < 0 || !feature.IsFieldSetAndNotNull(i)) return std::nullopt;
    return std::string(feature.GetFieldAsString(i));
}

/// Fails naming the first mapped field the layer lacks.
gis::Result<bool> checkFields(OGRLayer& layer, const SensorImportMapping& m, const std::string& source) {
    std::vector<std::string> wanted{m.id, m.name, m.kind, m.unit};
    wanted.insert(wanted.end(), m.attributes.begin(), m.attributes.end());
    const OGRFeatureDefn* defn = layer.GetLayerDefn();
    for (const auto& name : wanted)
        if (!name.empty() && defn->GetFieldIndex(name.c_str()) < 0)
            return gis::Result<bool>::failure(std::string("field '") + name + "' is not in layer '" +
                                                  layer.GetName() + "' of " + source, source);
    return true;
}

} // namespace

gis::Result<ImportedSensors> importSensorsOgr(const std::string& source, const std::string& layerName,
                                              const SensorImportMapping& mapping) {
    using R = gis::Result<ImportedSensors>;
    const QuietGdalErrors quiet;
    auto opened = openLayer(source, layerName);
    if (!opened) return R::failure(opened.diagnostics());
    OGRLayer& layer = *opened->layer;
    if (auto ok = checkFields(layer, mapping, source); !ok) return R::failure(ok.diagnostics());
    const OGRSpatialReference* crs = layerCrs(layer);
    if (!crs)
        return R::failure(std::string("layer '") + layer.GetName() + "' of " + source +
                              " has no CRS: its coordinates cannot be placed (give the source a CRS, e.g. a .prj file)",
                          source);
    // Traditional GIS order on both ends: x = easting / longitude, y = northing / latitude.
    OGRSpatialReference from(*crs), wgs84;
    from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation, TransformDeleter> toWgs84(
        OGRCreateCoordinateTransformation(&from, &wgs84));
    if (!toWgs84)
        return R::failure(std::string("no transformation from the CRS of layer '") + layer.GetName() + "' (" +
                              (from.GetName() ? from.GetName() : "unnamed") + ") to WGS 84" + lastGdalError(),
                          source);

    detail::SensorCollector collector(mapping, source, "feature");
    layer.ResetReading();
    int64_t record = 0;
    for (FeaturePtr feature(layer.GetNextFeature()); feature; feature.reset(layer.GetNextFeature())) {
        ++record;
        const OGRGeometry* geometry = feature->GetGeometryRef();
        if (!geometry) {
            collector.skipRead(record, "feature has no geometry");
            continue;
        }
        auto at = detail::representativePoint(*geometry);
        if (!at) {
            collector.skipRead(record, "geometry is empty");
            continue;
        }
        double x = at->x, y = at->y;
        if (!toWgs84->Transform(1, &x, &y)) {
            collector.skipRead(record, "its position cannot be reprojected to WGS 84");
            continue;
        }
        if (!detail::validLonLat(x, y)) {
            collector.skipRead(record, "coordinates out of range (lon " + std::to_string(x) + ", lat " +
                                           std::to_string(y) + ")");
            continue;
        }
        const auto field = [&](const std::string& name) { return fieldText(*feature, name); };
        std::optional<std::string> ownId; // the feature id, else its place, when no field is mapped
        if (mapping.id.empty())
            ownId = std::to_string(feature->GetFID() != OGRNullFID ? feature->GetFID() : record);
        collector.add(record, field, {x, y}, ownId);
    }
    if (CPLGetLastErrorType() >= CE_Failure && record == 0)
        return R::failure("cannot read layer '" + std::string(layer.GetName()) + "' of " + source +
                              lastGdalError(), source);
    return collector.finish();
}

gis::Result<OgrSensorSource> describeSensorsOgr(const std::string& source, const std::string& layerName,
                                                size_t maxRows) {
    using R = gis::Result<OgrSensorSource>;
    const QuietGdalErrors quiet;
    auto opened = openLayer(source, layerName);
    if (!opened) return R::failure(opened.diagnostics());
    OgrSensorSource out;
    for (OGRLayer* l : opened->dataset->GetLayers()) out.layers.emplace_back(l->GetName());
    OGRLayer& layer = *opened->layer;
    out.layer = layer.GetName();
    if (const OGRSpatialReference* crs = layerCrs(layer)) out.crsName = crs->GetName() ? crs->GetName() : "unnamed";
    out.geometryType = OGRGeometryTypeToName(layer.GetGeomType());
    out.featureCount = layer.GetFeatureCount(FALSE);
    const OGRFeatureDefn* defn = layer.GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) out.fields.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
    layer.ResetReading();
    while (out.rows.size() < maxRows) {
        FeaturePtr feature(layer.GetNextFeature());
        if (!feature) break;
        std::vector<std::string> row;
        for (const auto& f : out.fields) row.push_back(fieldText(*feature, f).value_or(""));
        out.rows.push_back(std::move(row));
    }
    return out;
}

} // namespace citytwin::data
