#pragma once
// MqttFeed: subscribes to CityTwin and SensorThings topics with libmosquitto
// on a thread of its own, parses each message and pushes the samples into a
// SensorHub. Persistent session (fixed client id, clean_session=false) and
// QoS 1, so messages published while the feed is away are delivered when it
// comes back; reconnects with exponential backoff and jitter; reports every
// connection change to the hub (FeedState), and drops by reason.

#include "citytwin/data/sensors/FeedState.h"
#include "citytwin/data/sensors/MqttOptions.h"

#include "citytwin/gis/Result.h"

#include <cstdint>
#include <memory>
#include <string>

namespace citytwin::data {

class SensorHub;

class MqttFeed {
public:
    /// Registers the feed with `hub` (which must outlive the feed). GUI thread.
    MqttFeed(SensorHub& hub, MqttOptions options, std::string name = "mqtt");
    /// Stops (disconnecting without cleaning the session) and joins the thread.
    ~MqttFeed();
    MqttFeed(const MqttFeed&) = delete;
    MqttFeed& operator=(const MqttFeed&) = delete;

    /// Validates the options and starts the client thread, which connects and
    /// keeps reconnecting until stop(). Fails (and sets the feed Failed with
    /// the reason) on bad options, e.g. a TLS CA file that does not exist.
    /// Called from the thread that owns the feed (GUI thread); a no-op when running.
    gis::Result<bool> start();
    /// Disconnects cleanly (the broker keeps the session and queues QoS 1
    /// messages for it) and joins the client thread; state Disconnected.
    /// Same thread as start().
    void stop();
    bool running() const;

    FeedId feedId() const;
    const MqttOptions& options() const;
    /// Messages handed to the parser since construction (any thread). Counted
    /// once their samples are queued in the hub (the feed pushes each wake-up's
    /// messages as one batch), so a coalesce() after reading N applies them.
    uint64_t messagesReceived() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

} // namespace citytwin::data
