#pragma once
// SensorHub: where feeds meet the GUI. Feed threads push samples; the GUI
// thread coalesces them once per frame into one state per sensor (value,
// time, status) that colours, markers, alerts and charts read, plus the
// status transitions since the previous frame. It also holds the sensor
// registry, per-feed connection states and drop counters.
//
// Threads: push(), reportDrop(), reportReceived(), setFeedState() and the
// functions of lookup() may be called from any thread. Everything else —
// registry edits, coalesce(), the sample sink — belongs to the GUI thread
// (the thread that owns the hub).

#include "citytwin/data/sensors/DropReason.h"
#include "citytwin/data/sensors/FeedState.h"
#include "citytwin/data/sensors/PayloadParser.h"
#include "citytwin/data/sensors/Sensor.h"
#include "citytwin/data/sensors/SensorRegistry.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace citytwin::data {

/// The live state of one sensor after a coalesce.
struct SensorState {
    std::string sensorId;
    double value = 0;
    int64_t timeMs = 0;         ///< sample time of `value`; 0 when never seen
    int64_t seq = -1;           ///< highest seq accepted, -1 if none
    bool seen = false;          ///< a sample has been accepted since the sensor was registered
    FeedId feed = kDirectFeed;  ///< feed that delivered the last sample
    SensorStatus status = SensorStatus::Offline;
    bool operator==(const SensorState&) const = default;
};

/// A sensor whose status changed between two coalesce() calls (for alerts).
struct StatusTransition {
    std::string sensorId;
    SensorStatus from = SensorStatus::Offline;
    SensorStatus to = SensorStatus::Offline;
    double value = 0;     ///< the sensor's value at the change
    int64_t timeMs = 0;   ///< the sample time of that value (0 if never seen)
    bool operator==(const StatusTransition&) const = default;
};

/// A feed as the status panel shows it.
struct FeedStatus {
    FeedId id = kDirectFeed;
    std::string name;
    FeedState state;
    uint64_t received = 0;  ///< messages the feed handed in (parsed or not)
    uint64_t accepted = 0;  ///< samples that reached the state (after duplicates)
    DropCounts drops;
    bool operator==(const FeedStatus&) const = default;
};

/// A feed's state change, in the order they happened.
struct FeedEvent {
    FeedId feed = kDirectFeed;
    FeedState state;
    bool operator==(const FeedEvent&) const = default;
};

/// What one coalesce() returns. `sensors` is in registry order.
struct HubSnapshot {
    int64_t nowMs = 0;
    std::vector<SensorState> sensors;
    std::vector<StatusTransition> transitions;  ///< since the previous coalesce
    std::vector<FeedEvent> feedEvents;          ///< since the previous coalesce
    std::vector<FeedStatus> feeds;
    DropCounts drops;                           ///< all feeds, since the hub was made
    size_t acceptedThisFrame = 0;

    const SensorState* find(std::string_view sensorId) const;
};

struct SensorHubOptions {
    /// Unknown sensor ids create a Custom sensor (sensorDefaults) on first sample.
    bool autoRegister = false;
    /// Samples waiting for the next coalesce before push() drops (QueueFull).
    size_t maxQueuedSamples = 1'000'000;
};

class SensorHub {
public:
    explicit SensorHub(SensorHubOptions options = {});
    ~SensorHub();
    SensorHub(const SensorHub&) = delete;
    SensorHub& operator=(const SensorHub&) = delete;

    // --- registry (GUI thread) ---------------------------------------------
    bool addSensor(Sensor sensor);          ///< false when the id is empty or taken
    bool updateSensor(Sensor sensor);       ///< false when the id is unknown; keeps its state
    bool removeSensor(std::string_view id); ///< false when the id is unknown
    void setSensors(std::vector<Sensor> sensors); ///< replaces all; keeps states of ids that stay
    const SensorRegistry& registry() const;
    void setAutoRegister(bool on);
    bool autoRegister() const;

    // --- feeds (any thread) --------------------------------------------------
    /// Registers a feed and returns its id. Any thread; call before the feed starts.
    FeedId registerFeed(std::string name);
    /// Called from the feed's own thread whenever its connection changes.
    void setFeedState(FeedId feed, FeedState state);
    FeedState feedState(FeedId feed) const;
    /// Called from a feed thread: one more message arrived (parsed or not).
    void reportReceived(FeedId feed, uint64_t count = 1);
    /// Called from a feed thread: a message was rejected before it became a sample.
    void reportDrop(FeedId feed, DropReason reason);
    /// Called from a feed thread: queues a sample for the next coalesce.
    void push(SensorSample sample, FeedId feed = kDirectFeed);
    /// Called from a feed thread: queues many samples with one lock, as push()
    /// would one by one (QueueFull drops beyond the limit). Moves the samples
    /// out and leaves `samples` empty, its capacity kept for the next batch.
    void pushBatch(std::vector<SensorSample>& samples, FeedId feed = kDirectFeed);
    /// A parser lookup (known ids, Datastream mapping) safe to call from feed
    /// threads. It refers to this hub, which must outlive its users.
    SensorLookup lookup() const;

    // --- frame (GUI thread) --------------------------------------------------
    /// Drains the queue, drops duplicates, applies the newest value per sensor,
    /// computes statuses at `nowMs` (ms since epoch, the app clock) and
    /// returns the snapshot with transitions since the previous call. Calls the
    /// sample sink, on this thread, with the accepted samples in arrival order.
    HubSnapshot coalesce(int64_t nowMs);
    /// Set on the GUI thread; called from coalesce() (GUI thread) with each
    /// non-empty accepted batch. It should copy and return quickly (the history
    /// writer hands the batch to its own thread).
    void setSampleSink(std::function<void(const std::vector<SensorSample>&)> sink);

    /// Current drop counts and feed statuses without coalescing (any thread).
    DropCounts dropCounts() const;
    std::vector<FeedStatus> feeds() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

} // namespace citytwin::data
