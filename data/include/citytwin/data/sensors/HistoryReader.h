#pragma once
// Queries of the sensor history file for charts and replay.

#include "citytwin/data/sensors/Sensor.h"
#include "citytwin/gis/Result.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace citytwin::data {

/// One chart point: a stored sample, or the summary of a time bucket when a
/// query was downsampled (value = mean, min/max of the bucket, count > 1).
struct HistoryPoint {
    int64_t timeMs = 0;   ///< the sample's time; for a bucket the middle of its samples' times
    double value = 0;     ///< the sample, or the bucket's mean
    double min = 0;
    double max = 0;
    int64_t count = 1;    ///< samples summarised
    bool operator==(const HistoryPoint&) const = default;
};

/// First and last sample time in the history (epoch ms, both inclusive).
struct HistoryTimeRange {
    int64_t firstMs = 0;
    int64_t lastMs = 0;
    bool operator==(const HistoryTimeRange&) const = default;
};

/// One reading connection to a history file (see HistoryStore). Reads see
/// every batch committed before the query starts, never a half batch.
///
/// Threads: a reader is used by one thread at a time; open one per thread
/// (HistoryStore does that for its own query methods). Readers never block
/// the writer (WAL).
class HistoryReader {
public:
    /// Opens an existing history file for reading; refuses, unchanged, a
    /// missing file, another application's database, a damaged file or one
    /// with a newer schema.
    static gis::Result<HistoryReader> open(const std::string& path);

    HistoryReader(HistoryReader&&) noexcept;
    HistoryReader& operator=(HistoryReader&&) noexcept;
    ~HistoryReader();

    /// Samples of one sensor with fromMs <= time < toMs in time order. With
    /// maxPoints > 0 and more samples than that, they are grouped into at
    /// most maxPoints equal time buckets (mean, min, max, count each), so
    /// peaks survive downsampling. An unknown sensor gives an empty list.
    gis::Result<std::vector<HistoryPoint>> samples(const std::string& sensorId, int64_t fromMs, int64_t toMs,
                                                   size_t maxPoints = 0);

    /// The state of the city at a past time: for every sensor with a sample
    /// at or before timeMs, its latest such sample (sorted by sensor id).
    /// Callers judge staleness from each sample's timeMs.
    gis::Result<std::vector<SensorSample>> latestAtOrBefore(int64_t timeMs);

    /// Every sensor's samples with fromMs < time <= toMs (open on the left,
    /// so consecutive replay steps (a, b], (b, c] never repeat a sample),
    /// sorted by time, then sensor id. limit > 0 keeps only the earliest
    /// `limit` of them; a capped list may stop part-way through the samples
    /// of its last time. Used by the replay feed.
    gis::Result<std::vector<SensorSample>> samplesBetween(int64_t fromMs, int64_t toMs, size_t limit = 0);

    /// First and last sample time over all sensors; nothing when empty.
    gis::Result<std::optional<HistoryTimeRange>> timeRange();

    /// Stored samples of one sensor, or of all when sensorId is empty.
    gis::Result<int64_t> sampleCount(const std::string& sensorId = {});

    /// Every sensor id that has ever been stored.
    gis::Result<std::vector<std::string>> sensorIds();

    const std::string& path() const { return m_path; }

private:
    struct DbCloser {
        void operator()(sqlite3* db) const;
    };
    HistoryReader(std::string path, std::unique_ptr<sqlite3, DbCloser> db);
    /// Interned id of a sensor name, or nothing when never stored.
    gis::Result<std::optional<int64_t>> internedId(const std::string& sensorId);
    template <typename T>
    gis::Result<T> sqlFailure(const std::string& what) const;

    std::string m_path;
    std::unique_ptr<sqlite3, DbCloser> m_db;
};

} // namespace citytwin::data
