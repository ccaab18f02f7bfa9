#include "ui/sensors/SensorTableSource.h"

#include "citytwin/data/sensors/CsvReader.h"
#include "citytwin/data/sensors/SensorImport.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>

namespace citytwin::app {
namespace {

std::string lowerExtension(const std::string& path)
{
    const size_t dot = path.find_last_of('.');
    if (dot == std::string::npos || path.find_first_of("/\\", dot) != std::string::npos) return {};
    std::string ext = path.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

std::string propertyText(const nlohmann::json& value)
{
    if (value.is_null()) return {};
    if (value.is_string()) return value.get<std::string>();
    return value.dump();
}

gis::Result<SensorTablePreview> readCsv(const std::string& path, size_t maxRows)
{
    auto reader = data::CsvReader::open(path);
    if (!reader.ok()) return gis::Result<SensorTablePreview>::failure(reader.diagnostics());
    SensorTablePreview preview;
    preview.format = SensorTableFormat::Csv;
    preview.columns = reader->header();
    data::CsvRow row;
    while (preview.rows.size() < maxRows && reader->next(row)) {
        std::vector<std::string> fields(preview.columns.size());
        for (size_t c = 0; c < fields.size(); ++c) fields[c] = row.at(int(c));
        preview.rows.push_back(std::move(fields));
    }
    return preview;
}

gis::Result<SensorTablePreview> readGeoJson(const std::string& path, size_t maxRows)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return gis::Result<SensorTablePreview>::failure("cannot open the file", path);
    const nlohmann::json doc = nlohmann::json::parse(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(),
                                                     nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return gis::Result<SensorTablePreview>::failure("not valid GeoJSON", path);
    std::vector<const nlohmann::json*> features;
    if (doc.value("type", std::string()) == "FeatureCollection" && doc.contains("features") &&
        doc["features"].is_array()) {
        for (const auto& f : doc["features"]) features.push_back(&f);
    } else if (doc.value("type", std::string()) == "Feature") {
        features.push_back(&doc);
    } else {
        return gis::Result<SensorTablePreview>::failure("not a GeoJSON Feature or FeatureCollection", path);
    }
    SensorTablePreview preview;
    preview.format = SensorTableFormat::GeoJson;
    for (const nlohmann::json* f : features) {
        const auto props = f->find("properties");
        if (props == f->end() || !props->is_object()) continue;
        for (const auto& [key, value] : props->items())
            if (std::find(preview.columns.begin(), preview.columns.end(), key) == preview.columns.end())
                preview.columns.push_back(key);
    }
    for (const nlohmann::json* f : features) {
        if (preview.rows.size() >= maxRows) break;
        std::vector<std::string> fields(preview.columns.size());
        const auto props = f->find("properties");
        if (props != f->end() && props->is_object())
            for (size_t c = 0; c < fields.size(); ++c)
                if (const auto v = props->find(preview.columns[c]); v != props->end()) fields[c] = propertyText(*v);
        preview.rows.push_back(std::move(fields));
    }
    return preview;
}

gis::Result<SensorTablePreview> readOgr(const std::string& path, size_t maxRows, const std::string& layer)
{
    auto described = data::describeSensorsOgr(path, layer, maxRows);
    if (!described.ok()) return gis::Result<SensorTablePreview>::failure(described.diagnostics());
    SensorTablePreview preview;
    preview.format = SensorTableFormat::Ogr;
    preview.columns = std::move(described->fields);
    preview.rows = std::move(described->rows);
    preview.layers = std::move(described->layers);
    preview.layer = std::move(described->layer);
    preview.crsName = std::move(described->crsName);
    return preview;
}

} // namespace

SensorTableFormat sensorTableFormatForPath(const std::string& path)
{
    static const char* const kOgr[] = {"gpkg", "shp", "fgb", "kml", "kmz", "sqlite", "gml", "gpx",
                                       "tab", "mif", "osm", "pbf", "gdb", "db"};
    const std::string ext = lowerExtension(path);
    if (ext == "geojson" || ext == "json") return SensorTableFormat::GeoJson;
    for (const char* e : kOgr)
        if (ext == e) return SensorTableFormat::Ogr;
    return SensorTableFormat::Csv;
}

gis::Result<SensorTablePreview> readSensorTablePreview(const std::string& path, size_t maxRows,
                                                       const std::string& layer)
{
    switch (sensorTableFormatForPath(path)) {
    case SensorTableFormat::GeoJson: return readGeoJson(path, maxRows);
    case SensorTableFormat::Ogr: return readOgr(path, maxRows, layer);
    case SensorTableFormat::Csv: break;
    }
    return readCsv(path, maxRows);
}

} // namespace citytwin::app
