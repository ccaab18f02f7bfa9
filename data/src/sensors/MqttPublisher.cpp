#include "citytwin/data/sensors/MqttPublisher.h"

#include "MosquittoClient.h"

#include <mosquitto.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace citytwin::data {

struct MqttPublisher::Impl {
    MqttOptions options;
    detail::MosquittoPtr client;
    bool loopRunning = false;

    mutable std::mutex mutex; // guards the fields below; callbacks run on libmosquitto's thread
    std::condition_variable cv;
    bool connected = false;
    int connackCode = -1;
    int64_t published = 0;
    int64_t acked = 0;

    std::string source() const {
        return (options.tls ? "mqtts://" : "mqtt://") + options.host + ":" + std::to_string(options.port);
    }

    static void onConnect(mosquitto*, void* self, int rc) {
        auto* impl = static_cast<Impl*>(self);
        std::lock_guard lock(impl->mutex);
        impl->connackCode = rc;
        impl->connected = rc == 0;
        impl->cv.notify_all();
    }
    static void onDisconnect(mosquitto*, void* self, int) {
        auto* impl = static_cast<Impl*>(self);
        std::lock_guard lock(impl->mutex);
        impl->connected = false;
        impl->cv.notify_all();
    }
    static void onPublish(mosquitto*, void* self, int) {
        auto* impl = static_cast<Impl*>(self);
        std::lock_guard lock(impl->mutex);
        ++impl->acked;
        impl->cv.notify_all();
    }
};

MqttPublisher::MqttPublisher(MqttOptions options) : m(std::make_unique<Impl>()) {
    m->options = std::move(options);
}

MqttPublisher::~MqttPublisher() { disconnect(); }

gis::Result<bool> MqttPublisher::connect(int timeoutMs) {
    using R = gis::Result<bool>;
    if (!m->client) {
        auto client = detail::makeMosquittoClient(m->options, m.get());
        if (!client.ok()) return R::failure(client.diagnostics());
        m->client = client.takeValue();
        mosquitto_connect_callback_set(m->client.get(), &Impl::onConnect);
        mosquitto_disconnect_callback_set(m->client.get(), &Impl::onDisconnect);
        mosquitto_publish_callback_set(m->client.get(), &Impl::onPublish);
        mosquitto_max_inflight_messages_set(m->client.get(), 100);
        // libmosquitto's own thread reconnects (1 s, 2 s, ... 4 s) and resends unacknowledged messages.
        mosquitto_reconnect_delay_set(m->client.get(), 1, 4, true);
    }
    {
        std::lock_guard lock(m->mutex);
        m->connackCode = -1;
    }
    int rc = mosquitto_connect(m->client.get(), m->options.host.c_str(), m->options.port, m->options.keepAliveSeconds);
    if (rc != MOSQ_ERR_SUCCESS) return R::failure("cannot connect: " + detail::mosquittoErrorText(rc), m->source());
    if (!m->loopRunning) {
        rc = mosquitto_loop_start(m->client.get());
        if (rc != MOSQ_ERR_SUCCESS) return R::failure("cannot start MQTT thread: " + detail::mosquittoErrorText(rc), m->source());
        m->loopRunning = true;
    }
    std::unique_lock lock(m->mutex);
    if (!m->cv.wait_for(lock, std::chrono::milliseconds(timeoutMs), [&] { return m->connackCode >= 0; }))
        return R::failure("no CONNACK within " + std::to_string(timeoutMs) + " ms", m->source());
    if (m->connackCode != 0) return R::failure("broker refused: " + detail::connackText(m->connackCode), m->source());
    return true;
}

gis::Result<bool> MqttPublisher::publish(std::string_view topic, std::string_view payload) {
    using R = gis::Result<bool>;
    if (!m->client) return R::failure("not connected", m->source());
    const std::string topicText(topic);
    const int rc = mosquitto_publish(m->client.get(), nullptr, topicText.c_str(), int(payload.size()), payload.data(),
                                     m->options.qos, false);
    // NO_CONN with QoS > 0: the message is queued and sent once the network thread reconnects.
    if (rc == MOSQ_ERR_SUCCESS || (rc == MOSQ_ERR_NO_CONN && m->options.qos > 0)) {
        if (m->options.qos > 0) {
            std::lock_guard lock(m->mutex);
            ++m->published;
        }
        return true;
    }
    return R::failure("cannot publish to " + topicText + ": " + detail::mosquittoErrorText(rc), m->source());
}

gis::Result<bool> MqttPublisher::waitForAcks(int timeoutMs) {
    std::unique_lock lock(m->mutex);
    if (m->cv.wait_for(lock, std::chrono::milliseconds(timeoutMs), [&] { return m->acked >= m->published; }))
        return true;
    return gis::Result<bool>::failure(std::to_string(m->published - m->acked) + " messages not acknowledged within " +
                                          std::to_string(timeoutMs) + " ms",
                                      m->source());
}

size_t MqttPublisher::pendingAcks() const {
    std::lock_guard lock(m->mutex);
    return m->published > m->acked ? size_t(m->published - m->acked) : 0;
}

bool MqttPublisher::connected() const {
    std::lock_guard lock(m->mutex);
    return m->connected;
}

void MqttPublisher::disconnect() {
    if (!m->client) return;
    mosquitto_disconnect(m->client.get());
    if (m->loopRunning) mosquitto_loop_stop(m->client.get(), false);
    m->loopRunning = false;
    m->client.reset();
    std::lock_guard lock(m->mutex);
    m->connected = false;
}

} // namespace citytwin::data
