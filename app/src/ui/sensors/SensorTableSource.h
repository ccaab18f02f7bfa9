#pragma once
// What the sensor import dialog shows before importing: the columns of a CSV
// file (its header, via data::CsvReader), the property names of a GeoJSON
// file, or the fields of one layer of any other OGR source (GeoPackage,
// Shapefile, FlatGeobuf, KML, SpatiaLite, ...), and its first rows.

#include "citytwin/gis/Result.h"

#include <cstddef>
#include <string>
#include <vector>

namespace citytwin::app {

enum class SensorTableFormat { Csv, GeoJson, Ogr };

/// .geojson / .json are GeoJSON; .gpkg, .shp, .fgb, .kml, .sqlite and the
/// other vector formats GDAL reads are Ogr; anything else is read as CSV.
SensorTableFormat sensorTableFormatForPath(const std::string& path);

struct SensorTablePreview {
    SensorTableFormat format = SensorTableFormat::Csv;
    std::vector<std::string> columns;            ///< CSV header, or the GeoJSON features' property names
    std::vector<std::vector<std::string>> rows;  ///< the first rows, one field per column
    std::vector<std::string> layers;             ///< Ogr: the source's vector layers
    std::string layer;                           ///< Ogr: the layer described
    std::string crsName;                         ///< Ogr: its CRS
    bool operator==(const SensorTablePreview&) const = default;
};

/// Reads the columns and the first `maxRows` rows (Ogr: of `layer`, empty =
/// the first); fails with a message naming the file when it cannot be read
/// or parsed. Any thread.
gis::Result<SensorTablePreview> readSensorTablePreview(const std::string& path, size_t maxRows = 20,
                                                       const std::string& layer = {});

} // namespace citytwin::app
