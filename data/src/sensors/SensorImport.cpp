#include "citytwin/data/sensors/SensorImport.h"

#include "sensors/SensorCollector.h"
#include "sensors/SensorImportDetail.h"

#include <nlohmann/json.hpp>
#include <ogr_geometry.h>

#include <fstream>
#include <memory>
#include <sstream>

namespace citytwin::data {

namespace {

using detail::parseNumber;
using detail::representativePoint;
using detail::SensorCollector;

struct OgrGeometryDeleter {
    void operator()(OGRGeometry* g) const { OGRGeometryFactory::destroyGeometry(g); }
};

/// Fails naming the first mapped column the header lacks.
gis::Result<bool> checkColumns(const CsvReader& reader, const SensorImportMapping& m) {
    std::vector<std::string> wanted{m.id, m.name, m.kind, m.lat, m.lon, m.wkt, m.unit};
    wanted.insert(wanted.end(), m.attributes.begin(), m.attributes.end());
    for (const auto& name : wanted)
        if (!name.empty() && reader.column(name) < 0)
            return gis::Result<bool>::failure("column '" + name + "' is not in the header of " +
                                                  reader.source(), reader.source());
    if (m.wkt.empty() && (m.lat.empty() || m.lon.empty()))
        return gis::Result<bool>::failure("map either a WKT column or both latitude and longitude columns",
                                          reader.source());
    return true;
}

} // namespace

std::optional<gis::DVec2> wktCentroid(const std::string& wkt) {
    OGRGeometry* raw = nullptr;
    if (OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &raw) != OGRERR_NONE || !raw)
        return std::nullopt;
    std::unique_ptr<OGRGeometry, OgrGeometryDeleter> geometry(raw);
    return representativePoint(*geometry);
}

gis::Result<ImportedSensors> importSensorsCsv(CsvReader& reader, const SensorImportMapping& mapping) {
    if (auto ok = checkColumns(reader, mapping); !ok)
        return gis::Result<ImportedSensors>::failure(ok.diagnostics());
    SensorCollector collector(mapping, reader.source());
    const int latCol = reader.column(mapping.lat), lonCol = reader.column(mapping.lon);
    const int wktCol = mapping.wkt.empty() ? -1 : reader.column(mapping.wkt);
    CsvRow row;
    while (reader.next(row)) {
        const auto field = [&](const std::string& name) -> std::optional<std::string> {
            const int c = reader.column(name);
            if (c < 0 || static_cast<size_t>(c) >= row.fields.size()) return std::nullopt;
            return row.fields[static_cast<size_t>(c)];
        };
        std::optional<gis::DVec2> at;
        if (wktCol >= 0) {
            const std::string& wkt = row.at(wktCol);
            if (detail::trimView(wkt).empty()) {
                collector.skipRead(row.record, "no geometry");
                continue;
            }
            at = wktCentroid(wkt);
            if (!at) {
                collector.skipRead(row.record, "geometry is not valid WKT");
                continue;
            }
        } else {
            const std::string& latText = row.at(latCol);
            const std::string& lonText = row.at(lonCol);
            if (detail::trimView(latText).empty() || detail::trimView(lonText).empty()) {
                collector.skipRead(row.record, "no coordinates");
                continue;
            }
            const auto lat = parseNumber(latText), lon = parseNumber(lonText);
            if (!lat || !lon) {
                collector.skipRead(row.record, "coordinates are not numbers ('" + latText + "', '" + lonText + "')");
                continue;
            }
            at = gis::DVec2{*lon, *lat};
        }
        if (!detail::validLonLat(at->x, at->y)) {
            collector.skipRead(row.record, "coordinates out of range (lon " + std::to_string(at->x) +
                                               ", lat " + std::to_string(at->y) + ")");
            continue;
        }
        collector.add(row.record, field, *at);
    }
    return collector.finish(reader.diagnostics());
}

gis::Result<ImportedSensors> importSensorsCsv(const std::string& path, const SensorImportMapping& mapping,
                                              CsvOptions options) {
    auto reader = CsvReader::open(path, options);
    if (!reader) return gis::Result<ImportedSensors>::failure(reader.diagnostics());
    return importSensorsCsv(*reader, mapping);
}

gis::Result<ImportedSensors> importSensorsGeoJsonText(std::string_view text, const SensorImportMapping& mapping,
                                                      const std::string& source) {
    using R = gis::Result<ImportedSensors>;
    const auto doc = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (doc.is_discarded()) return R::failure("not valid JSON: " + source, source);
    const std::string type = doc.is_object() ? doc.value("type", "") : "";
    nlohmann::json features;
    if (type == "FeatureCollection" && doc.contains("features") && doc["features"].is_array())
        features = doc["features"];
    else if (type == "Feature")
        features = nlohmann::json::array({doc});
    else
        return R::failure("not a GeoJSON Feature or FeatureCollection: " + source, source);

    SensorCollector collector(mapping, source);
    int64_t record = 0;
    for (const auto& f : features) {
        ++record;
        const nlohmann::json* props = f.is_object() && f.contains("properties") && f["properties"].is_object()
                                          ? &f["properties"] : nullptr;
        const auto field = [&](const std::string& name) -> std::optional<std::string> {
            const nlohmann::json* v = nullptr;
            if (props && props->contains(name)) v = &(*props)[name];
            if (!v || v->is_null()) return std::nullopt;
            return v->is_string() ? v->get<std::string>() : v->dump();
        };
        const auto geometry = f.is_object() && f.contains("geometry") ? f["geometry"] : nlohmann::json();
        if (!geometry.is_object()) {
            collector.skipRead(record, "feature has no geometry");
            continue;
        }
        OGRGeometry* raw = OGRGeometryFactory::createFromGeoJson(geometry.dump().c_str());
        std::unique_ptr<OGRGeometry, OgrGeometryDeleter> g(raw);
        const auto at = g ? representativePoint(*g) : std::nullopt;
        if (!at) {
            collector.skipRead(record, "geometry is not valid GeoJSON");
            continue;
        }
        if (!detail::validLonLat(at->x, at->y)) {
            collector.skipRead(record, "coordinates out of range");
            continue;
        }
        std::optional<std::string> ownId; // the feature's own id when no property is mapped
        if (mapping.id.empty() && f.contains("id") && !f["id"].is_null())
            ownId = f["id"].is_string() ? f["id"].get<std::string>() : f["id"].dump();
        collector.add(record, field, *at, ownId);
    }
    return collector.finish();
}

gis::Result<ImportedSensors> importSensorsGeoJson(const std::string& path, const SensorImportMapping& mapping) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return gis::Result<ImportedSensors>::failure("cannot open GeoJSON file " + path, path);
    std::ostringstream text;
    text << in.rdbuf();
    return importSensorsGeoJsonText(text.str(), mapping, path);
}

} // namespace citytwin::data
