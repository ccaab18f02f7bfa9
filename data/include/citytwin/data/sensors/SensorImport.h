#pragma once
// Registering sensors from tables: CSV with mapped columns, GeoJSON point
// features with mapped properties, and the City of Cambridge traffic counts
// and crash records that ground the simulator in real data.

#include "citytwin/data/sensors/CsvReader.h"
#include "citytwin/data/sensors/Sensor.h"
#include "citytwin/gis/Result.h"

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
