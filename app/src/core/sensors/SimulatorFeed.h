#pragma once
// SimulatorFeed: the built-in simulator as a live feed of a SensorHub, on a
// thread of its own, following the wall clock; optionally first writes past
// hours straight into the history store (on a second thread) so charts and
// replay have data at once.

#include "citytwin/data/sensors/FeedState.h"
#include "citytwin/data/sensors/Sensor.h"
#include "citytwin/data/sensors/Simulator.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace citytwin::data {
class HistoryStore;
class SensorHub;
}

namespace citytwin::app {

struct SimulatorFeedOptions {
    uint64_t seed = 1;
    int stepIntervalMs = 200;        ///< how often the live thread pushes the samples now due
    double backfillHours = 0;        ///< hours before the start written into the history; 0 = none
    /// Where the live stream starts; -1 = the start time minus one reporting
    /// period (capped at 15 min), so every sensor has a value at once.
    /// A restart (new sensors) passes the previous feed's lastStepMs().
    int64_t resumeFromMs = -1;
    std::function<int64_t()> wallMs; ///< the wall clock (ms since the epoch); empty = system clock
};

/// Threads: constructed, started, stopped and destroyed on the GUI thread
/// (the hub's owner). The live thread calls only the hub's any-thread
/// functions (push, setFeedState); the backfill thread only
/// HistoryStore::append. `hub` and `history` must outlive the feed.
class SimulatorFeed {
public:
    /// `feed` is a feed id already registered with `hub` (so restarts reuse it).
    SimulatorFeed(data::SensorHub& hub, data::FeedId feed, data::HistoryStore* history,
                  std::vector<data::Sensor> sensors, SimulatorFeedOptions options);
    /// Stops and joins both threads.
    ~SimulatorFeed();
    SimulatorFeed(const SimulatorFeed&) = delete;
    SimulatorFeed& operator=(const SimulatorFeed&) = delete;

    /// Starts the live thread (state Connected) and, with backfill hours and
    /// a history, the backfill thread.
    void start();
    /// Stops both threads (state Disconnected); the backfill stops between batches.
    void stop();
    bool running() const { return m_live.joinable(); }

    /// True while the backfill thread is still writing (any thread).
    bool backfilling() const { return m_backfilling.load(); }
    /// Samples the backfill handed to the history so far (any thread).
    int64_t backfilledSamples() const { return m_backfilled.load(); }
    /// End (exclusive) of the last live step, ms since the epoch (any thread).
    int64_t lastStepMs() const { return m_lastStepMs.load(); }
    uint64_t seed() const { return m_options.seed; }

private:
    void runLive(int64_t fromMs);
    void runBackfill(int64_t fromMs, int64_t toMs);
    bool sleepFor(int ms); ///< false when stopping
    int64_t wallMs() const;

    data::SensorHub& m_hub;
    data::FeedId m_feed;
    data::HistoryStore* m_history;
    data::Simulator m_simulator; ///< const use only: shared by both threads
    SimulatorFeedOptions m_options;

    std::thread m_live;
    std::thread m_backfill;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_backfilling{false};
    std::atomic<int64_t> m_backfilled{0};
    std::atomic<int64_t> m_lastStepMs{0};
    std::mutex m_waitMutex;
    std::condition_variable m_waitCv;
};

} // namespace citytwin::app
