#pragma once
// SensorSession's parts (private to the session's .cpp files).

#include "core/sensors/ReplayFeed.h"
#include "core/sensors/SensorSession.h"
#include "core/sensors/SimulatorFeed.h"

#include "citytwin/data/sensors/MqttFeed.h"

#include <future>
#include <memory>
#include <optional>

namespace citytwin::app {

/// Member order is destruction order reversed: the feeds stop first, then the
/// hubs go, and the history (which the hub's sink and the backfill write to)
/// is closed last, committing what is queued.
struct SensorSession::Impl {
    SensorSessionOptions options;
    std::unique_ptr<data::HistoryStore> history;
    data::SensorHub live;
    data::SensorClock clock;
    data::AlertLog liveAlerts;
    data::AlertLog replayAlerts;  ///< cleared on every replay discontinuity
    ReplayFeed replay;
    data::ProjectFeedSettings settings;
    data::FeedId simulatorFeed = -1;
    bool backfillDone = false;     ///< the backfill runs once per session
    std::unique_ptr<SimulatorFeed> simulator;
    std::unique_ptr<data::MqttFeed> mqtt;
    std::future<void> retentionJob;
    int64_t lastRetentionWallMs = 0;
    uint64_t lastGeneration = 0;
    SensorFrame frame;
    QTimer timer;

    explicit Impl(SensorSessionOptions o) : options(std::move(o)) {}

    /// Restarts a running simulator over the current registry, continuing its stream.
    void restartSimulator();
    /// Hourly (and after a settings change): deletes samples older than the
    /// retention on a background thread, so the GUI thread never waits for it.
    void maybeApplyRetention(bool now);
};

} // namespace citytwin::app
