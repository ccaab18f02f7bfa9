#pragma once
// MqttPublisher: a small blocking publisher for the simulator, the benchmark
// and tests. Runs a network thread of its own (reconnecting on its own;
// unacknowledged QoS 1 messages are resent after a reconnect).
// All member functions are called from one thread, the owner's.

#include "citytwin/data/sensors/MqttOptions.h"

#include "citytwin/gis/Result.h"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace citytwin::data {

class MqttPublisher {
public:
    explicit MqttPublisher(MqttOptions options);
    ~MqttPublisher(); ///< disconnects and stops the network thread
    MqttPublisher(const MqttPublisher&) = delete;
    MqttPublisher& operator=(const MqttPublisher&) = delete;

    /// Connects and waits for the broker's CONNACK.
    gis::Result<bool> connect(int timeoutMs = 5000);
    /// Queues one message (QoS from the options); it is sent, and resent after
    /// a reconnect, by the network thread. Fails on a payload libmosquitto refuses.
    gis::Result<bool> publish(std::string_view topic, std::string_view payload);
    /// Waits until every published QoS 1/2 message has been acknowledged.
    gis::Result<bool> waitForAcks(int timeoutMs = 30'000);
    /// Messages published but not yet acknowledged.
    size_t pendingAcks() const;
    bool connected() const;
    void disconnect();

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

} // namespace citytwin::data
