// The City of Cambridge tables: yearly traffic counts per station and
// police-reported crashes.
#include "citytwin/data/sensors/SensorImport.h"

#include "sensors/SensorImportDetail.h"

#include <QDateTime>
#include <QTimeZone>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <unordered_map>

namespace citytwin::data {

namespace {

using detail::parseNumber;
using detail::rowWarning;

enum class CountColumn { Daily, AmPeak, PmPeak };

/// A peak hour outside these shares of the daily volume is reported: the
/// count is probably of another direction, day or year.
constexpr double kPlausiblePeakShare[2] = {0.03, 0.20};

struct YearColumn {
    int column = -1;
    int year = 0;
    CountColumn what = CountColumn::Daily;
};

/// "2014" → daily; "AMPeak2014" / "AM Peak 2015" → AM peak; likewise PM.
std::optional<YearColumn> classify(const std::string& header, int column) {
    std::string compact;
    for (char c : header)
        if (!std::isspace(static_cast<unsigned char>(c)))
            compact += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (compact.size() < 4) return std::nullopt;
    const std::string tail = compact.substr(compact.size() - 4);
    if (!std::all_of(tail.begin(), tail.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
        return std::nullopt;
    const std::string head = compact.substr(0, compact.size() - 4);
    YearColumn yc{column, std::stoi(tail), CountColumn::Daily};
    if (head.empty()) return yc;
    if (head == "ampeak") return yc.what = CountColumn::AmPeak, yc;
    if (head == "pmpeak") return yc.what = CountColumn::PmPeak, yc;
    return std::nullopt;
}

struct YearCounts {
    std::optional<double> daily, am, pm;
};

struct Station {
    std::string id, street, location;
    gis::DVec2 lonLat;
    int64_t firstRecord = 0;
    std::map<int, YearCounts> years;
};

std::string firstLine(const std::string& text) {
    const auto end = text.find_first_of("\r\n");
    return std::string(detail::trimView(text.substr(0, end)));
}

std::string formatCount(double v) {
    return std::to_string(static_cast<int64_t>(std::llround(v)));
}

Sensor stationSensor(const Station& st, const TrafficCountOptions& options, int year, const YearCounts& c) {
    Sensor s = sensorDefaults(SensorKind::TrafficFlow);
    s.id = options.idPrefix + st.id;
    s.name = st.location.empty() ? st.street : st.street + ", " + st.location;
    s.lonLat = st.lonLat;
    s.attributes["adt"] = formatCount(*c.daily);
    s.attributes["count_year"] = std::to_string(year);
    if (c.am) s.attributes["am_peak"] = formatCount(*c.am);
    if (c.pm) s.attributes["pm_peak"] = formatCount(*c.pm);
    s.attributes["street"] = st.street;
    s.attributes["location"] = st.location;
    // Thresholds relative to the station's own busiest hour, so a quiet
    // street is not always green and an arterial not always red.
    const double peak = std::max({c.am.value_or(0), c.pm.value_or(0), *c.daily * 0.09});
    s.warning = std::round(peak * 1.05);
    s.critical = std::round(peak * 1.3);
    return s;
}

} // namespace

gis::Result<ImportedSensors> importTrafficCounts(const std::string& path, const TrafficCountOptions& options) {
    using R = gis::Result<ImportedSensors>;
    auto opened = CsvReader::open(path);
    if (!opened) return R::failure(opened.diagnostics());
    CsvReader& reader = *opened;
    const int idCol = reader.column(options.idColumn), latCol = reader.column(options.latColumn),
              lonCol = reader.column(options.lonColumn);
    if (idCol < 0 || latCol < 0 || lonCol < 0)
        return R::failure("traffic counts " + path + ": the header lacks '" + options.idColumn + "', '" +
                              options.latColumn + "' or '" + options.lonColumn + "'", path);
    std::vector<YearColumn> counts;
    for (size_t i = 0; i < reader.header().size(); ++i)
        if (auto yc = classify(reader.header()[i], static_cast<int>(i))) counts.push_back(*yc);
    if (counts.empty()) return R::failure("traffic counts " + path + ": no year columns (\"2014\", \"AMPeak2014\")", path);

    ImportedSensors out;
    gis::Diagnostics diags;
    std::vector<Station> stations;
    std::unordered_map<std::string, size_t> byId;
    CsvRow row;
    while (reader.next(row)) {
        ++out.rowsRead;
        const std::string id(detail::trimView(row.at(idCol)));
        const auto lat = parseNumber(row.at(latCol)), lon = parseNumber(row.at(lonCol));
        if (id.empty()) {
            ++out.rowsSkipped;
            diags.push_back(rowWarning(path, row.record, "no station id; row skipped"));
            continue;
        }
        auto [it, isNew] = byId.try_emplace(id, stations.size());
        if (isNew) {
            if (!lat || !lon || !detail::validLonLat(*lon, *lat)) {
                byId.erase(it);
                ++out.rowsSkipped;
                diags.push_back(rowWarning(path, row.record, "station " + id + " has no usable coordinates; row skipped"));
                continue;
            }
            stations.push_back({id, std::string(detail::trimView(row.at(reader.column(options.streetColumn)))),
                                firstLine(row.at(reader.column(options.locationColumn))), {*lon, *lat},
                                row.record, {}});
        }
        Station& st = stations[it->second];
        for (const auto& yc : counts) {
            const std::string& text = row.at(yc.column);
            if (detail::trimView(text).empty()) continue;
            const auto v = parseNumber(text, true);
            if (!v || *v < 0) {
                diags.push_back(rowWarning(path, row.record, "station " + id + ": '" + reader.header()[static_cast<size_t>(yc.column)] +
                                                                 "' is not a count ('" + text + "'); ignored"));
                continue;
            }
            if (*v == 0) continue; // the 2015/2016 columns hold 0 for "not counted that year"
            YearCounts& c = st.years[yc.year];
            (yc.what == CountColumn::Daily ? c.daily : yc.what == CountColumn::AmPeak ? c.am : c.pm) = *v;
        }
    }
    for (const auto& st : stations) {
        auto latest = std::find_if(st.years.rbegin(), st.years.rend(), [](const auto& y) { return y.second.daily.has_value(); });
        if (latest == st.years.rend()) {
            ++out.rowsSkipped;
            diags.push_back(rowWarning(path, st.firstRecord, "station " + st.id + " has no daily traffic count in any year; skipped"));
            continue;
        }
        const YearCounts& c = latest->second;
        for (const auto& [label, peak] : {std::pair{"AM", c.am}, std::pair{"PM", c.pm}}) {
            if (!peak) continue;
            const double share = *peak / *c.daily;
            if (share >= kPlausiblePeakShare[0] && share <= kPlausiblePeakShare[1]) continue;
            diags.push_back(rowWarning(path, st.firstRecord,
                                       "station " + st.id + ": " + label + " peak hour " + formatCount(*peak) + " is " +
                                           std::to_string(static_cast<int>(std::lround(share * 100))) +
                                           " % of the daily volume " + formatCount(*c.daily) +
                                           " (" + std::to_string(latest->first) + "); implausible, kept as given"));
            break; // one warning per station
        }
        out.sensors.push_back(stationSensor(st, options, latest->first, c));
    }
    diags.insert(diags.begin(), reader.diagnostics().begin(), reader.diagnostics().end());
    return R(std::move(out), std::move(diags));
}

namespace {

/// "4/10/10 9:39", "4/10/2010 09:39:15" in the given zone → epoch ms.
std::optional<int64_t> parseCrashTime(const std::string& text, const QTimeZone& zone) {
    int mo = 0, d = 0, y = 0, h = 0, mi = 0, s = 0;
    char tail = 0;
    const int n = std::sscanf(text.c_str(), " %d/%d/%d %d:%d:%d%c", &mo, &d, &y, &h, &mi, &s, &tail);
    if (n < 5 || n > 6) return std::nullopt;
    if (y < 100) y += y < 70 ? 2000 : 1900;
    const QDate date(y, mo, d);
    const QTime time(h, mi, s);
    if (!date.isValid() || !time.isValid()) return std::nullopt;
    return QDateTime(date, time, zone).toMSecsSinceEpoch();
}

} // namespace

gis::Result<ImportedIncidents> importCrashEvents(const std::string& path, const CrashImportOptions& options) {
    using R = gis::Result<ImportedIncidents>;
    auto opened = CsvReader::open(path);
    if (!opened) return R::failure(opened.diagnostics());
    CsvReader& reader = *opened;
    const int idCol = reader.column(options.idColumn), timeCol = reader.column(options.timeColumn),
              latCol = reader.column(options.latColumn), lonCol = reader.column(options.lonColumn),
              descCol = reader.column(options.descriptionColumn);
    if (timeCol < 0 || latCol < 0 || lonCol < 0)
        return R::failure("crash records " + path + ": the header lacks '" + options.timeColumn + "', '" +
                              options.latColumn + "' or '" + options.lonColumn + "'", path);
    gis::Diagnostics diags;
    QTimeZone zone(QByteArray::fromStdString(options.timeZone));
    if (!zone.isValid()) {
        diags.push_back({gis::Severity::Warning, "unknown time zone '" + options.timeZone + "'; times read as UTC", path, -1});
        zone = QTimeZone::utc();
    }
    ImportedIncidents out;
    CsvRow row;
    while (reader.next(row)) {
        ++out.rowsRead;
        const auto t = parseCrashTime(row.at(timeCol), zone);
        if (!t) {
            ++out.rowsSkipped;
            diags.push_back(rowWarning(path, row.record, "date/time '" + row.at(timeCol) + "' not understood; row skipped"));
            continue;
        }
        IncidentEvent e;
        e.id = idCol >= 0 ? std::string(detail::trimView(row.at(idCol))) : std::to_string(row.record);
        e.timeMs = *t;
        e.description = std::string(detail::trimView(row.at(descCol)));
        const auto lat = parseNumber(row.at(latCol)), lon = parseNumber(row.at(lonCol));
        if (lat && lon && detail::validLonLat(*lon, *lat)) {
            e.lonLat = gis::DVec2{*lon, *lat};
            ++out.withCoordinates;
        } else {
            ++out.withoutCoordinates;
        }
        out.events.push_back(std::move(e));
    }
    diags.insert(diags.begin(), reader.diagnostics().begin(), reader.diagnostics().end());
    if (out.withoutCoordinates > 0)
        diags.push_back({gis::Severity::Info,
                         std::to_string(out.withoutCoordinates) + " of " + std::to_string(out.events.size()) +
                             " crash records have no coordinates; they count for times only",
                         path, -1});
    std::stable_sort(out.events.begin(), out.events.end(),
                     [](const IncidentEvent& a, const IncidentEvent& b) { return a.timeMs < b.timeMs; });
    return R(std::move(out), std::move(diags));
}

} // namespace citytwin::data
