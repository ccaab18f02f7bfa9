#pragma once
// Every sensor sample, kept in an SQLite file by a writer thread.

#include "citytwin/data/sensors/HistoryReader.h"
#include "citytwin/data/sensors/Sensor.h"
#include "citytwin/gis/Result.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace citytwin::data {

struct HistoryOptions {
    size_t batchSamples = 20000;     ///< commit as soon as this many samples are queued (and at most this many per transaction)
    int flushIntervalMs = 200;       ///< commit queued samples at least this often
    int retentionDays = 0;           ///< the writer deletes samples older than this; 0 keeps everything
    int retentionCheckMinutes = 60;  ///< how often the writer applies retentionDays (wall clock)
};

/// Counters of the writer, for a status panel and tests.
struct HistoryStats {
    int64_t appended = 0;      ///< samples handed to append()
    int64_t committed = 0;     ///< samples durable in the file
    int64_t dropped = 0;       ///< samples rejected (non-finite value, empty id) or lost to a failing disk
    int64_t transactions = 0;  ///< batches committed
    std::string lastError;     ///< last write error, empty when none
    bool operator==(const HistoryStats&) const = default;
};

/// The sensor history: one SQLite file (application_id 'CTsh', schema
/// version in user_version, WAL), samples keyed by (interned sensor, time),
/// so a sensor's day is one index range, and indexed by time, so a replay
/// step over all sensors is one range too. A sample with the same sensor and
/// time as a stored one replaces it (a redelivered message is stored once).
///
/// Threads: append() and flush() may be called from any thread (feeds, the
/// hub, the simulator); a writer thread owned by the store takes the queued
/// samples and commits one transaction per batch — when batchSamples are
/// queued or every flushIntervalMs — so a crash loses at most the batch being
/// written. The query methods may be called from any thread: each calling
/// thread gets its own reading connection (readers never block the writer)
/// and sees every batch committed before the call.
///
/// Robustness: open() refuses, untouched, a newer schema, another
/// application's database, a damaged file or a non-SQLite file.
class HistoryStore {
public:
    static constexpr int kSchemaVersion = 1;
    static constexpr int kApplicationId = 0x43547368; // 'CTsh'

    /// Opens or creates the file and starts the writer thread. Any thread.
    static gis::Result<std::unique_ptr<HistoryStore>> open(const std::string& path, HistoryOptions options = {});

    /// Commits everything queued, then stops the writer thread.
    ~HistoryStore();
    HistoryStore(const HistoryStore&) = delete;
    HistoryStore& operator=(const HistoryStore&) = delete;

    const std::string& path() const { return m_path; }

    /// Queues samples for the writer; returns at once. Any thread.
    void append(std::vector<SensorSample> samples);

    /// Waits until every sample appended (by any thread) before this call is
    /// committed to the file; fails when some could not be written. Any thread.
    gis::Result<bool> flush();

    /// Deletes samples with time < nowMs - days × 86,400,000 ms, on the writer
    /// thread, after committing what is queued; returns how many. Any thread.
    gis::Result<int64_t> applyRetention(int64_t nowMs, int days);

    HistoryStats stats() const;

    /// Queries on the calling thread's own connection (see HistoryReader).
    gis::Result<std::vector<HistoryPoint>> samples(const std::string& sensorId, int64_t fromMs, int64_t toMs,
                                                   size_t maxPoints = 0);
    gis::Result<std::vector<SensorSample>> latestAtOrBefore(int64_t timeMs);
    gis::Result<std::vector<SensorSample>> samplesBetween(int64_t fromMs, int64_t toMs, size_t limit = 0);
    gis::Result<std::optional<HistoryTimeRange>> timeRange();
    gis::Result<int64_t> sampleCount(const std::string& sensorId = {});
    gis::Result<std::vector<std::string>> sensorIds();

    struct Impl;

private:
    explicit HistoryStore(std::string path, std::unique_ptr<Impl> impl);
    gis::Result<HistoryReader*> reader();

    std::string m_path;
    std::unique_ptr<Impl> m_impl;
};

} // namespace citytwin::data
