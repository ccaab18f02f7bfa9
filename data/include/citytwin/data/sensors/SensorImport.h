#pragma once
// Registering sensors from tables: CSV with mapped columns, GeoJSON point
// features with mapped properties, any OGR vector layer (reprojected to
// WGS 84), and the City of Cambridge traffic counts
// and crash records that ground the simulator in real data.

#include "citytwin/data/sensors/CsvReader.h"
#include "citytwin/data/sensors/Sensor.h"
#include "citytwin/gis/Result.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace citytwin::data {

/// What to do with a row whose sensor id was already imported.
enum class DuplicateIds {
    Skip,        ///< keep the first, report the others
    MakeUnique,  ///< keep all, the later ones get "-2", "-3", ... (reported)
};

/// Which column (CSV) or property (GeoJSON) holds what. Empty = not mapped.
struct SensorImportMapping {
    std::string id;                         ///< sensor id; empty = record number
    std::string idPrefix;                   ///< prepended to every id ("parking-")
    std::string name;                       ///< display name; empty = the id
    std::string kind;                       ///< kind names ("traffic_flow", ...); empty = fixedKind
    SensorKind fixedKind = SensorKind::Custom; ///< kind when `kind` is not mapped
    std::string lat;                        ///< latitude in degrees (CSV)
    std::string lon;                        ///< longitude in degrees (CSV)
    std::string wkt;                        ///< WKT geometry instead of lat/lon (CSV): centroid
    std::string unit;                       ///< empty = the kind's default unit
    std::vector<std::string> attributes;    ///< copied into Sensor::attributes by name
    DuplicateIds duplicates = DuplicateIds::Skip;
};

/// Sensors read from a table, and how many rows were read and skipped (each
/// skipped row has a warning in the Result's diagnostics naming its record).
struct ImportedSensors {
    std::vector<Sensor> sensors;
    int64_t rowsRead = 0;
    int64_t rowsSkipped = 0;
};

/// Imports sensors from a CSV file. Rows without usable coordinates, with
/// bad numbers, an unknown kind or a duplicate id are skipped and reported;
/// a mapping naming a column the header lacks fails the import. Any thread.
gis::Result<ImportedSensors> importSensorsCsv(const std::string& path,
                                              const SensorImportMapping& mapping,
                                              CsvOptions options = {});
/// The same from an open reader (header already read).
gis::Result<ImportedSensors> importSensorsCsv(CsvReader& reader, const SensorImportMapping& mapping);

/// Imports GeoJSON point features (a FeatureCollection or one Feature);
/// polygons and lines give their centroid. `lat`/`lon`/`wkt` of the mapping
/// are not used; the others name feature properties ("id" may also be the
/// feature's own "id" member when the mapping leaves it empty). Any thread.
gis::Result<ImportedSensors> importSensorsGeoJson(const std::string& path,
                                                  const SensorImportMapping& mapping);
gis::Result<ImportedSensors> importSensorsGeoJsonText(std::string_view text,
                                                      const SensorImportMapping& mapping,
                                                      const std::string& source = "<string>");

/// Imports the features of any OGR vector layer (GeoPackage, Shapefile,
/// GeoJSON, FlatGeobuf, KML, SpatiaLite, CSV with a geometry column, ...):
/// `layerName` empty = the source's first layer. The mapping's fields name
/// the layer's fields (`lat`/`lon`/`wkt` are not used: the feature geometry
/// is); an unmapped id is the feature's FID (the record number when the
/// layer has none). Each geometry gives a point (lines and polygons their
/// centroid, taken in the layer's CRS) reprojected from the layer's own CRS
/// to WGS 84 lon/lat. Features without a usable geometry are skipped and
/// reported; a source that cannot be opened, an unknown layer, a mapped field
/// the layer lacks, or a layer without a CRS fail the import. Opens the
/// source read-only. Any thread.
gis::Result<ImportedSensors> importSensorsOgr(const std::string& source, const std::string& layerName,
                                              const SensorImportMapping& mapping);

/// What an OGR source offers for mapping: its vector layers, and one layer's
/// fields and first rows (field values as text, "" when null).
struct OgrSensorSource {
    std::vector<std::string> layers;            ///< names of the vector layers, in source order
    std::string layer;                          ///< the layer described
    std::string crsName;                        ///< its CRS; empty when it has none
    std::string geometryType;                   ///< "Point", "Multi Polygon", ...
    int64_t featureCount = -1;                  ///< -1 when the driver cannot tell cheaply
    std::vector<std::string> fields;
    std::vector<std::vector<std::string>> rows; ///< one value per field
    bool operator==(const OgrSensorSource&) const = default;
};

/// Describes `layerName` (empty = the first layer) of an OGR source, with
/// up to `maxRows` rows. Fails naming the source when it is not a vector
/// source GDAL can open, or has no such layer. Read-only. Any thread.
gis::Result<OgrSensorSource> describeSensorsOgr(const std::string& source, const std::string& layerName = {},
                                                size_t maxRows = 20);

/// Centroid (lon, lat) of a WKT POINT, LINESTRING, POLYGON or MULTI* text;
/// nothing when it does not parse or is empty.
std::optional<gis::DVec2> wktCentroid(const std::string& wkt);

/// Columns of a yearly traffic-count table such as Cambridge's
/// average_daily_traffic.csv: daily volume in columns named by the year
/// ("2014"), morning and evening peak-hour volumes in "AMPeak2014" /
/// "AM Peak 2015" and "PMPeak2014" / "PM Peak 2015".
struct TrafficCountOptions {
    std::string idColumn = "ID";
    std::string idPrefix = "traffic-";
    std::string streetColumn = "PrimaryStreet";
    std::string locationColumn = "Location"; ///< its first line names the place
    std::string latColumn = "Latitude";
    std::string lonColumn = "Longitude";
};

/// One traffic-flow sensor per station (rows sharing an id are merged) with
/// the latest year's daily volume and that year's peaks as attributes
/// "adt", "count_year", "am_peak", "pm_peak" (veh/day, year, veh/h), plus
/// "street" and "location". A count of 0 means "not counted that year" (as
/// in Cambridge's 2015/2016 columns). Stations without any daily volume are
/// skipped and reported. Any thread.
gis::Result<ImportedSensors> importTrafficCounts(const std::string& path,
                                                 const TrafficCountOptions& options = {});

/// A dated event at a place (a police-reported crash).
struct IncidentEvent {
    std::string id;
    int64_t timeMs = 0;                 ///< epoch ms (UTC)
    std::optional<gis::DVec2> lonLat;   ///< degrees; none when the record has no coordinates
    std::string description;
    bool operator==(const IncidentEvent&) const = default;
};

struct ImportedIncidents {
    std::vector<IncidentEvent> events;  ///< sorted by time
    int64_t rowsRead = 0;
    int64_t withCoordinates = 0;
    int64_t withoutCoordinates = 0;     ///< kept (their times still count), reported once
    int64_t rowsSkipped = 0;            ///< unreadable date/time
};

/// Columns of Cambridge's police_crash_data.csv; times "M/D/YY H:MM" local.
struct CrashImportOptions {
    std::string idColumn = "Crash Number";
    std::string timeColumn = "Date Time";
    std::string latColumn = "Latitude";
    std::string lonColumn = "Longitude";
    std::string descriptionColumn = "Location";
    std::string timeZone = "America/New_York"; ///< IANA zone of the local times
};

/// Reads crash records as incident events. Any thread.
gis::Result<ImportedIncidents> importCrashEvents(const std::string& path,
                                                 const CrashImportOptions& options = {});

} // namespace citytwin::data
