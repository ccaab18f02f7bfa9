#pragma once
// What the sensor import dialog shows before importing: the columns of a CSV
// file (its header, via data::CsvReader) or the property names of a GeoJSON
// file, and its first rows.

#include "citytwin/gis/Result.h"

#include <cstddef>
#include <string>
#include <vector>

namespace citytwin::app {

enum class SensorTableFormat { Csv, GeoJson };

/// .geojson / .json are GeoJSON; anything else is read as CSV.
SensorTableFormat sensorTableFormatForPath(const std::string& path);

struct SensorTablePreview {
    SensorTableFormat format = SensorTableFormat::Csv;
    std::vector<std::string> columns;            ///< CSV header, or the GeoJSON features' property names
    std::vector<std::vector<std::string>> rows;  ///< the first rows, one field per column
    bool operator==(const SensorTablePreview&) const = default;
};

/// Reads the columns and the first `maxRows` rows; fails with a message
/// naming the file when it cannot be read or parsed. Any thread.
gis::Result<SensorTablePreview> readSensorTablePreview(const std::string& path, size_t maxRows = 20);

} // namespace citytwin::app
