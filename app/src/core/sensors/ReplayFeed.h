#pragma once
// ReplayFeed: the sensors' state at a past clock time, streamed from the
// history into a SensorHub of its own (so the live hub, and what it stores,
// is untouched while the user replays).

#include "citytwin/data/sensors/HistoryStore.h"
#include "citytwin/data/sensors/SensorHub.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace citytwin::app {

/// On a new clock generation (seek, mode switch) the replay hub is rebuilt
/// from HistoryStore::latestAtOrBefore(t); then every frame pushes the samples
/// of (previous t, t], at most maxSamplesPerFrame (the rest follow in the
/// next frames), and coalesces at t, so statuses (staleness included) are
/// those at the clock's time.
///
/// Threads: GUI thread only; history queries run on the calling thread
/// (on its own reading connection).
class ReplayFeed {
public:
    static constexpr size_t kDefaultMaxSamplesPerFrame = 200'000;

    explicit ReplayFeed(size_t maxSamplesPerFrame = kDefaultMaxSamplesPerFrame);

    /// The snapshot at `timeMs` for clock generation `generation`. Without a
    /// history the hub is empty of samples (every sensor offline).
    data::HubSnapshot frame(data::HistoryStore* history, const data::SensorRegistry& registry, bool autoRegister,
                            int64_t timeMs, uint64_t generation);

    /// Sensors changed: the replay hub follows (states of kept ids stay).
    void setSensors(const data::SensorRegistry& registry);
    /// Forgets the replay state (next frame rebuilds it).
    void reset();

    /// The replay hub, null before the first frame.
    data::SensorHub* hub() { return m_hub.get(); }
    /// Last history error (a failed query leaves the previous state), empty when none.
    const std::string& lastError() const { return m_lastError; }

private:
    void rebuild(data::HistoryStore* history, const data::SensorRegistry& registry, bool autoRegister, int64_t timeMs);
    void stream(data::HistoryStore& history, int64_t timeMs);

    size_t m_maxPerFrame;
    std::unique_ptr<data::SensorHub> m_hub;
    data::FeedId m_feed = data::kDirectFeed;
    uint64_t m_generation = 0;
    int64_t m_cursorMs = 0; ///< samples up to here (inclusive) are in the hub
    std::string m_lastError;
};

} // namespace citytwin::app
