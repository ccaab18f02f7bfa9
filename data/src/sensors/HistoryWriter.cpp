#include "sensors/HistoryWriter.h"

#include "sensors/HistorySchema.h"
#include "sqlite/SqliteStatement.h"
#include "sqlite/SqliteTransaction.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>
#include <vector>

namespace citytwin::data::detail {

namespace {

constexpr int kBusyTimeoutMs = 10000;
constexpr int kAttempts = 3;

} // namespace

std::string HistoryWriter::error(const std::string& what) const {
    return "sensor history " + m_path + ": " + what + ": " + sqliteError(m_db.get());
}

gis::Result<HistoryWriter> HistoryWriter::open(const std::string& path) {
    using R = gis::Result<HistoryWriter>;
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    SqliteDb db(raw);
    if (rc != SQLITE_OK) {
        const std::string why = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
        return R::failure("cannot open sensor history " + path + ": " + why, path);
    }
    sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
    sqliteExec(db.get(), "PRAGMA cache_size=-65536"); // 64 MiB: the hot ends of thousands of sensors' ranges
    auto schema = HistorySchema::prepareForWriting(db.get(), path);
    if (!schema) return R::failure(schema.diagnostics());
    HistoryWriter writer(path, std::move(db));
    if (!writer.loadSensorIds()) return R::failure(writer.error("cannot read the sensor table"), path);
    return R(std::move(writer));
}

bool HistoryWriter::loadSensorIds() {
    SqliteStatement q(m_db.get(), "SELECT id, name FROM sensor");
    if (!q.ok()) return false;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) m_ids.emplace(q.text(1), q.int64(0));
    return rc == SQLITE_DONE;
}

bool HistoryWriter::tryWrite(const SensorSample* samples, size_t count, Written& out) {
    sqlite3* db = m_db.get();
    SqliteTransaction tx(db);
    if (tx.begin() != SQLITE_OK) return false;
    SqliteStatement insert(db, "INSERT OR REPLACE INTO sample(sensor, time_ms, value) VALUES(?1, ?2, ?3)");
    SqliteStatement addSensor(db, "INSERT INTO sensor(name) VALUES(?1)");
    if (!insert.ok() || !addSensor.ok()) return false;
    // Names interned in this transaction join m_ids only once it commits.
    std::unordered_map<std::string, int64_t> added;
    struct Row {
        int64_t sensor, timeMs;
        double value;
    };
    std::vector<Row> rows;
    rows.reserve(count);
    int64_t rejected = 0;
    for (size_t i = 0; i < count; ++i) {
        const SensorSample& s = samples[i];
        if (s.sensorId.empty() || !std::isfinite(s.value)) {
            ++rejected; // SQLite would store NaN as NULL and fail the whole batch
            continue;
        }
        int64_t id = 0;
        if (auto it = m_ids.find(s.sensorId); it != m_ids.end()) {
            id = it->second;
        } else if (auto jt = added.find(s.sensorId); jt != added.end()) {
            id = jt->second;
        } else {
            addSensor.reset();
            addSensor.bind(1, s.sensorId);
            if (addSensor.step() != SQLITE_DONE) return false;
            id = sqlite3_last_insert_rowid(db);
            added.emplace(s.sensorId, id);
        }
        rows.push_back({id, s.timeMs, s.value});
    }
    // In key order the inserts walk the (sensor, time) tree once instead of
    // jumping between sensors; stable, so a later duplicate still wins.
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        return a.sensor != b.sensor ? a.sensor < b.sensor : a.timeMs < b.timeMs;
    });
    for (const Row& r : rows) {
        insert.reset();
        insert.bind(1, r.sensor);
        insert.bind(2, r.timeMs);
        insert.bindDouble(3, r.value);
        if (insert.step() != SQLITE_DONE) return false;
    }
    const auto committed = static_cast<int64_t>(rows.size());
    if (tx.commit() != SQLITE_OK) return false;
    m_ids.merge(added);
    out.committed += committed;
    out.rejected += rejected;
    return true;
}

HistoryWriter::Written HistoryWriter::write(const SensorSample* samples, size_t count) {
    Written out;
    for (int attempt = 1; attempt <= kAttempts; ++attempt) {
        if (tryWrite(samples, count, out)) {
            out.error.clear(); // a retry succeeded
            return out;
        }
        out.error = error("cannot store " + std::to_string(count) + " samples");
        if (attempt < kAttempts) std::this_thread::sleep_for(std::chrono::milliseconds(50 * attempt));
    }
    out.lost = static_cast<int64_t>(count);
    return out;
}

gis::Result<int64_t> HistoryWriter::deleteBefore(int64_t cutoffMs) {
    sqlite3* db = m_db.get();
    SqliteTransaction tx(db);
    if (tx.begin() != SQLITE_OK) return gis::Result<int64_t>::failure(error("cannot start retention"), m_path);
    // Per sensor, so each delete is one range of the (sensor, time) key.
    SqliteStatement del(db, "DELETE FROM sample WHERE sensor=?1 AND time_ms<?2");
    if (!del.ok()) return gis::Result<int64_t>::failure(error("cannot prepare retention"), m_path);
    int64_t deleted = 0;
    for (const auto& [name, id] : m_ids) {
        del.reset();
        del.bind(1, id);
        del.bind(2, cutoffMs);
        if (del.step() != SQLITE_DONE) return gis::Result<int64_t>::failure(error("cannot delete old samples"), m_path);
        deleted += sqlite3_changes(db);
    }
    if (tx.commit() != SQLITE_OK) return gis::Result<int64_t>::failure(error("cannot commit retention"), m_path);
    return deleted;
}

} // namespace citytwin::data::detail
