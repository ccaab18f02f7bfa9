#include "citytwin/data/sensors/HistoryReader.h"

#include "sensors/HistorySchema.h"
#include "sqlite/SqliteStatement.h"
#include "sqlite/SqliteTransaction.h"

#include <algorithm>
#include <cstdint>

namespace citytwin::data {

namespace {

constexpr int kBusyTimeoutMs = 10000;

/// Appends the rows of a (sensor name, time_ms, value) query to `out`;
/// false when the query stops on an error.
bool readSamples(detail::SqliteStatement& q, std::vector<SensorSample>& out) {
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        SensorSample s;
        s.sensorId = q.text(0);
        s.timeMs = q.int64(1);
        s.value = q.real(2);
        out.push_back(std::move(s));
    }
    return rc == SQLITE_DONE;
}

} // namespace

void HistoryReader::DbCloser::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

HistoryReader::HistoryReader(std::string path, std::unique_ptr<sqlite3, DbCloser> db)
    : m_path(std::move(path)), m_db(std::move(db)) {}
HistoryReader::HistoryReader(HistoryReader&&) noexcept = default;
HistoryReader& HistoryReader::operator=(HistoryReader&&) noexcept = default;
HistoryReader::~HistoryReader() = default;

template <typename T>
gis::Result<T> HistoryReader::sqlFailure(const std::string& what) const {
    return gis::Result<T>::failure("sensor history " + m_path + ": " + what + ": " + detail::sqliteError(m_db.get()),
                                   m_path);
}

gis::Result<HistoryReader> HistoryReader::open(const std::string& path) {
    using R = gis::Result<HistoryReader>;
    sqlite3* raw = nullptr;
    // Read-write without CREATE: a WAL reader may need to create the -shm
    // index; query_only below keeps this connection from writing anything.
    const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    std::unique_ptr<sqlite3, DbCloser> db(raw);
    if (rc != SQLITE_OK) {
        const std::string why = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
        return R::failure("cannot open sensor history " + path + ": " + why, path);
    }
    sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
    detail::sqliteExec(db.get(), "PRAGMA query_only=1");
    auto checked = detail::HistorySchema::checkForReading(db.get(), path);
    if (!checked) return R::failure(checked.diagnostics());
    return HistoryReader(path, std::move(db));
}

gis::Result<std::optional<int64_t>> HistoryReader::internedId(const std::string& sensorId) {
    using R = gis::Result<std::optional<int64_t>>;
    detail::SqliteStatement stmt(m_db.get(), "SELECT id FROM sensor WHERE name=?1");
    if (!stmt.ok()) return sqlFailure<std::optional<int64_t>>("cannot prepare sensor lookup");
    stmt.bind(1, sensorId);
    const int rc = stmt.step();
    if (rc == SQLITE_ROW) return R(std::optional<int64_t>(stmt.int64(0)));
    if (rc == SQLITE_DONE) return R(std::optional<int64_t>());
    return sqlFailure<std::optional<int64_t>>("cannot look up sensor");
}

gis::Result<std::vector<HistoryPoint>> HistoryReader::samples(const std::string& sensorId, int64_t fromMs,
                                                              int64_t toMs, size_t maxPoints) {
    using Points = std::vector<HistoryPoint>;
    using R = gis::Result<Points>;
    auto id = internedId(sensorId);
    if (!id) return R::failure(id.diagnostics());
    if (!*id || toMs <= fromMs) return Points{};
    sqlite3* db = m_db.get();
    detail::SqliteTransaction snapshot(db); // count and rows from one snapshot
    if (snapshot.begin("BEGIN") != SQLITE_OK) return sqlFailure<Points>("cannot start a read");

    int64_t count = 0;
    if (maxPoints > 0) {
        detail::SqliteStatement c(db, "SELECT count(*) FROM sample WHERE sensor=?1 AND time_ms>=?2 AND time_ms<?3");
        c.bind(1, **id);
        c.bind(2, fromMs);
        c.bind(3, toMs);
        if (!c.ok() || c.step() != SQLITE_ROW) return sqlFailure<Points>("cannot count samples");
        count = c.int64(0);
    }
    Points out;
    if (maxPoints == 0 || count <= static_cast<int64_t>(maxPoints)) {
        detail::SqliteStatement q(db, "SELECT time_ms, value FROM sample WHERE sensor=?1 AND time_ms>=?2 AND "
                                      "time_ms<?3 ORDER BY time_ms");
        if (!q.ok()) return sqlFailure<Points>("cannot prepare sample query");
        q.bind(1, **id);
        q.bind(2, fromMs);
        q.bind(3, toMs);
        int rc;
        while ((rc = q.step()) == SQLITE_ROW) {
            const double v = q.real(1);
            out.push_back({q.int64(0), v, v, v, 1});
        }
        if (rc != SQLITE_DONE) return sqlFailure<Points>("cannot read samples");
        return out;
    }
    // Equal buckets over the asked range; each keeps its extremes.
    const int64_t span = toMs - fromMs;
    const int64_t width = std::max<int64_t>(1, (span + static_cast<int64_t>(maxPoints) - 1) /
                                                   static_cast<int64_t>(maxPoints));
    detail::SqliteStatement q(db, "SELECT (time_ms-?2)/?4 AS b, avg(value), min(value), max(value), count(*), "
                                  "min(time_ms), max(time_ms) FROM sample WHERE sensor=?1 AND time_ms>=?2 "
                                  "AND time_ms<?3 GROUP BY b ORDER BY b");
    if (!q.ok()) return sqlFailure<Points>("cannot prepare bucket query");
    q.bind(1, **id);
    q.bind(2, fromMs);
    q.bind(3, toMs);
    q.bind(4, width);
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        HistoryPoint p;
        p.value = q.real(1);
        p.min = q.real(2);
        p.max = q.real(3);
        p.count = q.int64(4);
        p.timeMs = q.int64(5) + (q.int64(6) - q.int64(5)) / 2;
        out.push_back(p);
    }
    if (rc != SQLITE_DONE) return sqlFailure<Points>("cannot read buckets");
    return out;
}

gis::Result<std::vector<SensorSample>> HistoryReader::latestAtOrBefore(int64_t timeMs) {
    using Samples = std::vector<SensorSample>;
    sqlite3* db = m_db.get();
    detail::SqliteTransaction snapshot(db);
    if (snapshot.begin("BEGIN") != SQLITE_OK) return sqlFailure<Samples>("cannot start a read");
    // Two index seeks per sensor: fast for thousands of sensors at any history length.
    detail::SqliteStatement q(db, "SELECT s.name, x.time_ms, x.value FROM sensor s JOIN sample x "
                                  "ON x.sensor=s.id AND x.time_ms=(SELECT time_ms FROM sample WHERE sensor=s.id "
                                  "AND time_ms<=?1 ORDER BY time_ms DESC LIMIT 1) ORDER BY s.name");
    if (!q.ok()) return sqlFailure<Samples>("cannot prepare state query");
    q.bind(1, timeMs);
    Samples out;
    if (!readSamples(q, out)) return sqlFailure<Samples>("cannot read the state");
    return out;
}

gis::Result<std::vector<SensorSample>> HistoryReader::samplesBetween(int64_t fromMs, int64_t toMs, size_t limit) {
    using Samples = std::vector<SensorSample>;
    if (toMs <= fromMs) return Samples{};
    // sample_time (time_ms, sensor, value) covers the range in time order;
    // only ties at one time are sorted by name. Files the writer has not opened since the
    // index was added still answer, by a scan.
    detail::SqliteStatement q(m_db.get(), "SELECT s.name, x.time_ms, x.value FROM sample x JOIN sensor s "
                                          "ON s.id=x.sensor WHERE x.time_ms>?1 AND x.time_ms<=?2 "
                                          "ORDER BY x.time_ms, s.name LIMIT ?3");
    if (!q.ok()) return sqlFailure<Samples>("cannot prepare replay query");
    q.bind(1, fromMs);
    q.bind(2, toMs);
    q.bind(3, limit > 0 ? static_cast<int64_t>(std::min<size_t>(limit, INT64_MAX)) : int64_t{-1});
    Samples out;
    if (!readSamples(q, out)) return sqlFailure<Samples>("cannot read samples for replay");
    return out;
}

gis::Result<std::optional<HistoryTimeRange>> HistoryReader::timeRange() {
    using Range = std::optional<HistoryTimeRange>;
    detail::SqliteStatement q(m_db.get(),
                              "SELECT min(f), max(l) FROM (SELECT (SELECT time_ms FROM sample WHERE sensor=s.id "
                              "ORDER BY time_ms LIMIT 1) AS f, (SELECT time_ms FROM sample WHERE sensor=s.id "
                              "ORDER BY time_ms DESC LIMIT 1) AS l FROM sensor s)");
    if (!q.ok() || q.step() != SQLITE_ROW) return sqlFailure<Range>("cannot read the time range");
    if (q.isNull(0)) return gis::Result<Range>(Range());
    return gis::Result<Range>(Range(HistoryTimeRange{q.int64(0), q.int64(1)}));
}

gis::Result<int64_t> HistoryReader::sampleCount(const std::string& sensorId) {
    if (sensorId.empty()) {
        detail::SqliteStatement q(m_db.get(), "SELECT count(*) FROM sample");
        if (!q.ok() || q.step() != SQLITE_ROW) return sqlFailure<int64_t>("cannot count samples");
        return q.int64(0);
    }
    auto id = internedId(sensorId);
    if (!id) return gis::Result<int64_t>::failure(id.diagnostics());
    if (!*id) return int64_t{0};
    detail::SqliteStatement q(m_db.get(), "SELECT count(*) FROM sample WHERE sensor=?1");
    q.bind(1, **id);
    if (!q.ok() || q.step() != SQLITE_ROW) return sqlFailure<int64_t>("cannot count samples");
    return q.int64(0);
}

gis::Result<std::vector<std::string>> HistoryReader::sensorIds() {
    using Ids = std::vector<std::string>;
    detail::SqliteStatement q(m_db.get(), "SELECT name FROM sensor ORDER BY name");
    if (!q.ok()) return sqlFailure<Ids>("cannot prepare sensor list");
    Ids out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) out.push_back(q.text(0));
    if (rc != SQLITE_DONE) return sqlFailure<Ids>("cannot list sensors");
    return out;
}

} // namespace citytwin::data
