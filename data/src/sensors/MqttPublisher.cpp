#include "citytwin/data/sensors/MqttPublisher.h"

#include "MosquittoClient.h"

#include <mosquitto.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace citytwin::data {

// The network thread is ours, not mosquitto_loop_start()'s: libmosquitto 2.0
// writes a byte to its internal socket pair for every queued packet, and its
// own thread answers each byte with one select() and one read(), i.e. two
// extra system calls and often a wake-up per published message. Ours sleeps in
// poll() on the socket and an eventfd that publish() signals only when the
// thread is asleep, and reads every acknowledgement waiting in the socket per
// wake-up.
struct MqttPublisher::Impl {
    MqttOptions options;
    detail::MosquittoPtr client;
    std::thread network;               ///< runs serve(); started by connect(), joined by disconnect()
    std::atomic<bool> stopping{false};
    std::atomic<bool> networkAsleep{false};
    int wakeFd = -1;                   ///< eventfd; publish() (owner thread) -> network thread
    uint64_t packetsSeen = 0;          ///< network thread: acknowledgements handled, for the read loop

    mutable std::mutex mutex; // guards the fields below; callbacks run on the network thread
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
        ++impl->packetsSeen;
        std::lock_guard lock(impl->mutex);
        ++impl->acked;
        impl->cv.notify_all();
    }

    /// Owner thread, after queueing a packet: wakes the network thread if it sleeps.
    void wake() {
        if (networkAsleep.exchange(false) && wakeFd >= 0) {
            const uint64_t one = 1;
            [[maybe_unused]] const ssize_t n = ::write(wakeFd, &one, sizeof one);
        }
    }

    /// Network thread: one wait and what it found. False when the connection is gone.
    bool serveOnce(int timeoutMs) {
        mosquitto* c = client.get();
        const int sock = mosquitto_socket(c);
        if (sock < 0) return false;
        // Asleep first, then look for queued packets: a publish() that saw us awake
        // queued its packet before, and the exchange makes it visible here.
        networkAsleep.exchange(true);
        pollfd fds[2] = {{sock, short(POLLIN | (mosquitto_want_write(c) ? POLLOUT : 0)), 0}, {wakeFd, POLLIN, 0}};
        const int ready = ::poll(fds, 2, timeoutMs);
        networkAsleep.store(false);
        if (ready < 0 && errno != EINTR) return false;
        if (fds[1].revents & POLLIN) {
            uint64_t count = 0;
            [[maybe_unused]] const ssize_t n = ::read(wakeFd, &count, sizeof count);
        }
        if (fds[0].revents & (POLLIN | POLLERR | POLLHUP)) {
            // One packet per call; go on while calls complete acknowledgements.
            for (int i = 0; i < 4096; ++i) {
                const uint64_t before = packetsSeen;
                if (mosquitto_loop_read(c, 1) != MOSQ_ERR_SUCCESS) return false;
                if (packetsSeen == before || mosquitto_socket(c) < 0) break;
            }
        }
        if (mosquitto_socket(c) >= 0 && mosquitto_want_write(c)) {
            // libmosquitto writes packet by packet; corked, the queued ones leave as one segment.
            int on = 1;
            ::setsockopt(sock, IPPROTO_TCP, TCP_CORK, &on, sizeof on);
            if (mosquitto_loop_write(c, 1) != MOSQ_ERR_SUCCESS) return false;
            on = 0;
            if (mosquitto_socket(c) >= 0) ::setsockopt(sock, IPPROTO_TCP, TCP_CORK, &on, sizeof on);
        }
        return mosquitto_socket(c) >= 0 && mosquitto_loop_misc(c) == MOSQ_ERR_SUCCESS;
    }

    /// Network thread: serves the connection, reconnecting after 1 s, 2 s, then
    /// every 4 s when it is lost (libmosquitto resends unacknowledged messages);
    /// on stop, sends what is queued (the DISCONNECT) and returns.
    void serve() {
        int attempt = 0;
        while (!stopping) {
            if (serveOnce(1000)) {
                attempt = 0;
                continue;
            }
            if (stopping) break;
            const auto delay = std::chrono::seconds(std::min(4, 1 << std::min(attempt, 2)));
            ++attempt;
            std::unique_lock lock(mutex);
            if (cv.wait_for(lock, delay, [this] { return stopping.load(); })) break;
            lock.unlock();
            mosquitto_reconnect(client.get()); // on failure the next serveOnce() finds no socket
        }
        for (int i = 0; i < 20 && mosquitto_socket(client.get()) >= 0 && mosquitto_want_write(client.get()); ++i) {
            pollfd fd{mosquitto_socket(client.get()), POLLOUT, 0};
            if (::poll(&fd, 1, 50) > 0 && mosquitto_loop_write(client.get(), 1) != MOSQ_ERR_SUCCESS) break;
        }
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
        // A wide window: with 100, a broker busy for a few ms held back a paced publisher's messages.
        mosquitto_max_inflight_messages_set(m->client.get(), 1000);
        mosquitto_threaded_set(m->client.get(), true); // packets are written by the network thread
        m->wakeFd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (m->wakeFd < 0) return R::failure("cannot create an eventfd: " + detail::mosquittoErrorText(MOSQ_ERR_ERRNO));
    }
    {
        std::lock_guard lock(m->mutex);
        m->connackCode = -1;
    }
    int rc = mosquitto_connect(m->client.get(), m->options.host.c_str(), m->options.port, m->options.keepAliveSeconds);
    if (rc != MOSQ_ERR_SUCCESS) return R::failure("cannot connect: " + detail::mosquittoErrorText(rc), m->source());
    if (!m->network.joinable()) {
        m->stopping = false;
        m->network = std::thread([impl = m.get()] { impl->serve(); });
    } else {
        m->wake(); // a new CONNECT is queued
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
        m->wake();
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
    if (m->network.joinable()) {
        {
            std::lock_guard lock(m->mutex);
            m->stopping = true;
        }
        m->cv.notify_all();
        m->networkAsleep = true; // make wake() signal even if the thread is between polls
        m->wake();
        m->network.join();
    }
    m->client.reset();
    if (m->wakeFd >= 0) ::close(m->wakeFd);
    m->wakeFd = -1;
    std::lock_guard lock(m->mutex);
    m->connected = false;
}

} // namespace citytwin::data
