#include "citytwin/data/sensors/HistoryStore.h"

#include "sensors/HistorySchema.h"
#include "sensors/HistoryWriter.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace citytwin::data {

static_assert(HistoryStore::kSchemaVersion == detail::HistorySchema::kVersion);
static_assert(HistoryStore::kApplicationId == detail::HistorySchema::kApplicationId);

namespace {

constexpr int64_t kDayMs = 86'400'000;

int64_t wallClockMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

struct HistoryStore::Impl {
    struct RetentionRequest {
        int64_t cutoffMs = 0;
        std::promise<gis::Result<int64_t>> done;
    };

    Impl(HistoryOptions o, detail::HistoryWriter w) : options(o), writer(std::move(w)) {}

    HistoryOptions options;
    detail::HistoryWriter writer; // used only on the writer thread once it runs

    mutable std::mutex mutex;
    std::condition_variable wake;     // writer waits for work
    std::condition_variable progress; // flush() waits for the writer
    std::vector<SensorSample> pending;
    std::deque<RetentionRequest> retention;
    HistoryStats stats;
    int64_t errors = 0;
    bool flushWanted = false;
    bool stopping = false;
    bool running = true;

    std::mutex readersMutex;
    std::unordered_map<std::thread::id, std::unique_ptr<HistoryReader>> readers;

    std::thread thread;

    /// The writer thread.
    void run() {
        auto lastRetention = std::chrono::steady_clock::time_point{};
        std::unique_lock lock(mutex);
        for (;;) {
            wake.wait_for(lock, std::chrono::milliseconds(options.flushIntervalMs), [&] {
                return stopping || flushWanted || !retention.empty() || pending.size() >= options.batchSamples;
            });
            flushWanted = false;
            while (!pending.empty()) commitPending(lock);
            while (!retention.empty()) {
                RetentionRequest request = std::move(retention.front());
                retention.pop_front();
                lock.unlock();
                request.done.set_value(writer.deleteBefore(request.cutoffMs));
                lock.lock();
            }
            const auto now = std::chrono::steady_clock::now();
            if (options.retentionDays > 0 &&
                now - lastRetention >= std::chrono::minutes(options.retentionCheckMinutes)) {
                lastRetention = now;
                lock.unlock();
                auto deleted = writer.deleteBefore(wallClockMs() - options.retentionDays * kDayMs);
                lock.lock();
                if (!deleted) stats.lastError = deleted.firstError();
            }
            if (stopping && pending.empty()) break;
        }
        running = false;
        progress.notify_all();
    }

    /// Takes what is queued and commits it in transactions of batchSamples.
    void commitPending(std::unique_lock<std::mutex>& lock) {
        std::vector<SensorSample> work;
        work.swap(pending);
        lock.unlock();
        for (size_t first = 0; first < work.size(); first += options.batchSamples) {
            const size_t count = std::min(options.batchSamples, work.size() - first);
            const auto written = writer.write(work.data() + first, count);
            lock.lock();
            stats.committed += written.committed;
            stats.dropped += written.rejected + written.lost;
            if (written.committed > 0) ++stats.transactions;
            if (!written.error.empty()) {
                stats.lastError = written.error;
                ++errors;
            }
            progress.notify_all();
            lock.unlock();
        }
        lock.lock();
    }
};

HistoryStore::HistoryStore(std::string path, std::unique_ptr<Impl> impl)
    : m_path(std::move(path)), m_impl(std::move(impl)) {}

HistoryStore::~HistoryStore() {
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->stopping = true;
    }
    m_impl->wake.notify_all();
    if (m_impl->thread.joinable()) m_impl->thread.join();
    std::lock_guard lock(m_impl->readersMutex);
    m_impl->readers.clear();
}

gis::Result<std::unique_ptr<HistoryStore>> HistoryStore::open(const std::string& path, HistoryOptions options) {
    using R = gis::Result<std::unique_ptr<HistoryStore>>;
    options.batchSamples = std::max<size_t>(1, options.batchSamples);
    options.flushIntervalMs = std::max(1, options.flushIntervalMs);
    options.retentionCheckMinutes = std::max(1, options.retentionCheckMinutes);
    auto writer = detail::HistoryWriter::open(path);
    if (!writer) return R::failure(writer.diagnostics());
    auto impl = std::make_unique<Impl>(options, writer.takeValue());
    Impl* raw = impl.get();
    std::unique_ptr<HistoryStore> store(new HistoryStore(path, std::move(impl)));
    raw->thread = std::thread([raw] { raw->run(); });
    return R(std::move(store));
}

void HistoryStore::append(std::vector<SensorSample> samples) {
    if (samples.empty()) return;
    bool full = false;
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->stats.appended += static_cast<int64_t>(samples.size());
        if (m_impl->pending.empty())
            m_impl->pending = std::move(samples);
        else
            m_impl->pending.insert(m_impl->pending.end(), std::make_move_iterator(samples.begin()),
                                   std::make_move_iterator(samples.end()));
        full = m_impl->pending.size() >= m_impl->options.batchSamples;
    }
    if (full) m_impl->wake.notify_one();
}

gis::Result<bool> HistoryStore::flush() {
    std::unique_lock lock(m_impl->mutex);
    const int64_t target = m_impl->stats.appended;
    const int64_t errorsBefore = m_impl->errors;
    m_impl->flushWanted = true;
    m_impl->wake.notify_one();
    m_impl->progress.wait(lock, [&] {
        return !m_impl->running || m_impl->stats.committed + m_impl->stats.dropped >= target;
    });
    if (m_impl->errors != errorsBefore)
        return gis::Result<bool>::failure("sensor history " + m_path + ": " + m_impl->stats.lastError, m_path);
    if (m_impl->stats.committed + m_impl->stats.dropped < target)
        return gis::Result<bool>::failure("sensor history " + m_path + ": the writer has stopped", m_path);
    return true;
}

gis::Result<int64_t> HistoryStore::applyRetention(int64_t nowMs, int days) {
    std::future<gis::Result<int64_t>> done;
    {
        std::lock_guard lock(m_impl->mutex);
        if (!m_impl->running)
            return gis::Result<int64_t>::failure("sensor history " + m_path + ": the writer has stopped", m_path);
        m_impl->retention.push_back({nowMs - static_cast<int64_t>(days) * kDayMs, {}});
        done = m_impl->retention.back().done.get_future();
    }
    m_impl->wake.notify_one();
    return done.get();
}

HistoryStats HistoryStore::stats() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->stats;
}

gis::Result<HistoryReader*> HistoryStore::reader() {
    std::lock_guard lock(m_impl->readersMutex);
    auto& slot = m_impl->readers[std::this_thread::get_id()];
    if (!slot) {
        auto opened = HistoryReader::open(m_path);
        if (!opened) return gis::Result<HistoryReader*>::failure(opened.diagnostics());
        slot = std::make_unique<HistoryReader>(opened.takeValue());
    }
    return slot.get();
}

gis::Result<std::vector<HistoryPoint>> HistoryStore::samples(const std::string& sensorId, int64_t fromMs,
                                                             int64_t toMs, size_t maxPoints) {
    auto r = reader();
    if (!r) return gis::Result<std::vector<HistoryPoint>>::failure(r.diagnostics());
    return (*r)->samples(sensorId, fromMs, toMs, maxPoints);
}

gis::Result<std::vector<SensorSample>> HistoryStore::latestAtOrBefore(int64_t timeMs) {
    auto r = reader();
    if (!r) return gis::Result<std::vector<SensorSample>>::failure(r.diagnostics());
    return (*r)->latestAtOrBefore(timeMs);
}

gis::Result<std::vector<SensorSample>> HistoryStore::samplesBetween(int64_t fromMs, int64_t toMs, size_t limit) {
    auto r = reader();
    if (!r) return gis::Result<std::vector<SensorSample>>::failure(r.diagnostics());
    return (*r)->samplesBetween(fromMs, toMs, limit);
}

gis::Result<std::optional<HistoryTimeRange>> HistoryStore::timeRange() {
    auto r = reader();
    if (!r) return gis::Result<std::optional<HistoryTimeRange>>::failure(r.diagnostics());
    return (*r)->timeRange();
}

gis::Result<int64_t> HistoryStore::sampleCount(const std::string& sensorId) {
    auto r = reader();
    if (!r) return gis::Result<int64_t>::failure(r.diagnostics());
    return (*r)->sampleCount(sensorId);
}

gis::Result<std::vector<std::string>> HistoryStore::sensorIds() {
    auto r = reader();
    if (!r) return gis::Result<std::vector<std::string>>::failure(r.diagnostics());
    return (*r)->sensorIds();
}

} // namespace citytwin::data
