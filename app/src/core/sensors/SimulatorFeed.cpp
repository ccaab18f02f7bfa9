#include "core/sensors/SimulatorFeed.h"

#include "citytwin/data/sensors/HistoryStore.h"
#include "citytwin/data/sensors/SensorHub.h"

#include <algorithm>
#include <chrono>

namespace citytwin::app {
namespace {

constexpr int64_t kMaxLookbackMs = 15 * 60'000;
/// Simulated time per backfill batch: one history transaction of a few
/// thousand samples for a typical network.
constexpr int64_t kBackfillBatchMs = 30 * 60'000;
constexpr int64_t kBackfillFlushSamples = 100'000;

int64_t systemWallMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int64_t lookbackMs(const std::vector<data::Sensor>& sensors) {
    double longest = 0;
    for (const data::Sensor& s : sensors) longest = std::max(longest, s.periodSeconds);
    return std::min<int64_t>(kMaxLookbackMs, int64_t(longest * 1000.0));
}

} // namespace

SimulatorFeed::SimulatorFeed(data::SensorHub& hub, data::FeedId feed, data::HistoryStore* history,
                             std::vector<data::Sensor> sensors, SimulatorFeedOptions options)
    : m_hub(hub), m_feed(feed), m_history(history), m_simulator(std::move(sensors), options.seed),
      m_options(std::move(options)) {
    if (!m_options.wallMs) m_options.wallMs = systemWallMs;
}

SimulatorFeed::~SimulatorFeed() { stop(); }

int64_t SimulatorFeed::wallMs() const { return m_options.wallMs(); }

void SimulatorFeed::start() {
    if (running()) return;
    m_stop = false;
    const int64_t now = wallMs();
    const int64_t liveFrom =
        m_options.resumeFromMs >= 0 ? m_options.resumeFromMs : now - lookbackMs(m_simulator.sensors());
    m_lastStepMs = liveFrom;
    m_hub.setFeedState(m_feed, data::FeedState{data::FeedConnection::Connected, 0, 0, {}});
    m_live = std::thread([this, liveFrom] { runLive(liveFrom); });
    if (m_history && m_options.backfillHours > 0) {
        const int64_t from = liveFrom - int64_t(m_options.backfillHours * 3'600'000.0);
        m_backfilling = true;
        m_backfill = std::thread([this, from, liveFrom] { runBackfill(from, liveFrom); });
    }
}

void SimulatorFeed::stop() {
    {
        std::lock_guard lock(m_waitMutex);
        m_stop = true;
    }
    m_waitCv.notify_all();
    if (m_live.joinable()) m_live.join();
    if (m_backfill.joinable()) m_backfill.join();
    m_backfilling = false;
    m_hub.setFeedState(m_feed, data::FeedState{});
}

bool SimulatorFeed::sleepFor(int ms) {
    std::unique_lock lock(m_waitMutex);
    return !m_waitCv.wait_for(lock, std::chrono::milliseconds(ms), [this] { return m_stop.load(); });
}

// Live thread: every step pushes the samples due since the previous one, so
// the stream is the same however the steps fall (Simulator is pure).
void SimulatorFeed::runLive(int64_t fromMs) {
    int64_t last = fromMs;
    while (!m_stop) {
        const int64_t now = wallMs();
        if (now > last) {
            for (data::SensorSample& s : m_simulator.step(last, now)) m_hub.push(std::move(s), m_feed);
            last = now;
            m_lastStepMs = last;
        }
        if (!sleepFor(m_options.stepIntervalMs)) break;
    }
}

// Backfill thread: straight into the history in batches of simulated time,
// newest hours last, so a stop between batches leaves whole batches.
void SimulatorFeed::runBackfill(int64_t fromMs, int64_t toMs) {
    int64_t unflushed = 0;
    for (int64_t t = fromMs; t < toMs && !m_stop; t += kBackfillBatchMs) {
        std::vector<data::SensorSample> batch = m_simulator.step(t, std::min(toMs, t + kBackfillBatchMs));
        m_backfilled += int64_t(batch.size());
        unflushed += int64_t(batch.size());
        if (!batch.empty()) m_history->append(std::move(batch));
        // Bounds the writer's queue (memory) for long backfills of big networks.
        if (unflushed >= kBackfillFlushSamples) {
            m_history->flush();
            unflushed = 0;
        }
    }
    m_backfilling = false;
}

} // namespace citytwin::app
