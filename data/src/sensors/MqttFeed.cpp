#include "citytwin/data/sensors/MqttFeed.h"

#include "citytwin/data/sensors/PayloadParser.h"
#include "citytwin/data/sensors/SensorHub.h"

#include "MosquittoClient.h"

#include <mosquitto.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

namespace citytwin::data {

using Clock = std::chrono::steady_clock;

namespace {
/// Packets read per wake-up before the loop looks at writes, keepalive and stop().
constexpr int kMaxPacketsPerWake = 1024;

/// TCP_CORK on or off: while on, the PUBACKs libmosquitto writes one by one
/// collect in the socket and leave as one segment when it is taken off, so the
/// broker wakes and reads once per burst (measured: a fifth less broker CPU per
/// message, with the publisher doing the same). Harmless where it does not apply.
void cork(int sock, bool on) {
    const int value = on ? 1 : 0;
    ::setsockopt(sock, IPPROTO_TCP, TCP_CORK, &value, sizeof value);
}
} // namespace

struct MqttFeed::Impl {
    SensorHub& hub;
    MqttOptions options;
    FeedId feed = kDirectFeed;
    PayloadParser parser;
    std::thread thread;
    std::atomic<bool> stopRequested{false};
    std::atomic<uint64_t> received{0}; ///< messages handed to the hub (as samples or drops)
    std::mutex waitMutex;
    std::condition_variable waitCv;
    std::mt19937_64 random{std::random_device{}()};

    // Client thread only.
    detail::MosquittoPtr client;
    bool connackReceived = false;
    int connackCode = 0;
    int pendingSubacks = 0;
    std::string lastLibraryError; ///< libmosquitto's last error log line (e.g. OpenSSL's verify failure)
    std::vector<SensorSample> batch; ///< parsed this wake-up, pushed to the hub with one lock
    uint64_t batchMessages = 0;      ///< messages (parsed or dropped) in this wake-up
    uint64_t messagesSeen = 0;       ///< PUBLISH packets handled, for the read loop

    Impl(SensorHub& h, MqttOptions o, std::string name)
        : hub(h), options(std::move(o)), feed(h.registerFeed(std::move(name))), parser(h.lookup()) {}

    void setState(FeedConnection c, int attempt = 0, int64_t nextMs = 0, std::string reason = {}) {
        hub.setFeedState(feed, FeedState{c, attempt, nextMs, std::move(reason)});
    }

    static void onConnect(mosquitto* client, void* self, int rc) {
        auto* impl = static_cast<Impl*>(self);
        impl->connackReceived = true;
        impl->connackCode = rc;
        if (rc != 0) return;
        // libmosquitto formats a debug line for every packet while a log callback is set
        // (two per message); connected, only the return codes are needed.
        mosquitto_log_callback_set(client, nullptr);
        // Subscriptions are part of the persistent session; renewing them is harmless
        // and covers a broker that lost its state.
        impl->pendingSubacks = 0;
        for (const std::string& topic : impl->options.topics)
            if (mosquitto_subscribe(client, nullptr, topic.c_str(), impl->options.qos) == MOSQ_ERR_SUCCESS)
                ++impl->pendingSubacks;
        if (impl->pendingSubacks == 0) impl->setState(FeedConnection::Connected);
    }

    /// Connected once every subscription is confirmed: from then on nothing
    /// published is missed, even on the session's first connection.
    static void onSubscribe(mosquitto*, void* self, int, int, const int*) {
        auto* impl = static_cast<Impl*>(self);
        if (--impl->pendingSubacks == 0) impl->setState(FeedConnection::Connected);
    }

    /// Client thread: parses into the batch; flushBatch() hands it to the hub.
    static void onMessage(mosquitto*, void* self, const mosquitto_message* msg) {
        auto* impl = static_cast<Impl*>(self);
        ++impl->messagesSeen;
        ++impl->batchMessages;
        const std::string_view payload(static_cast<const char*>(msg->payload), size_t(std::max(0, msg->payloadlen)));
        ParseOutcome out = impl->parser.parse(msg->topic ? msg->topic : "", payload);
        if (out.sample) impl->batch.push_back(std::move(*out.sample));
        else impl->hub.reportDrop(impl->feed, out.reason);
    }

    /// Client thread: pushes what this wake-up parsed (one hub lock) and only
    /// then counts the messages as received, so a reader of messagesReceived()
    /// finds their samples queued in the hub.
    void flushBatch() {
        if (batchMessages == 0) return;
        if (!batch.empty()) hub.pushBatch(batch, feed);
        hub.reportReceived(feed, batchMessages);
        received.fetch_add(batchMessages, std::memory_order_release);
        batchMessages = 0;
    }

    /// Client thread: one wake-up of the network loop. Unlike mosquitto_loop(),
    /// which reads one packet per select() (libmosquitto 2.0), it reads every
    /// packet already in the socket (up to kMaxPacketsPerWake) before waiting
    /// again, and hands them to the hub as one batch.
    int serviceOnce(int timeoutMs) {
        mosquitto* c = client.get();
        const int sock = mosquitto_socket(c);
        if (sock < 0) return MOSQ_ERR_NO_CONN;
        pollfd pfd{sock, short(POLLIN | (mosquitto_want_write(c) ? POLLOUT : 0)), 0};
        const int ready = ::poll(&pfd, 1, timeoutMs);
        if (ready < 0) return errno == EINTR ? MOSQ_ERR_SUCCESS : MOSQ_ERR_ERRNO;
        int rc = MOSQ_ERR_SUCCESS;
        if (pfd.revents & (POLLIN | POLLERR | POLLHUP)) {
            // A call reads at most one packet; another one is worth trying while
            // the last call completed a message. The first call that completes
            // none met an empty socket (or a control packet): back to poll().
            cork(sock, true);
            for (int i = 0; i < kMaxPacketsPerWake && rc == MOSQ_ERR_SUCCESS; ++i) {
                const uint64_t before = messagesSeen;
                rc = mosquitto_loop_read(c, 1);
                if (messagesSeen == before || mosquitto_socket(c) < 0) break;
            }
            flushBatch();
            if (rc != MOSQ_ERR_SUCCESS) return rc;
            if (mosquitto_socket(c) < 0) return MOSQ_ERR_CONN_LOST;
            cork(sock, false); // the burst's PUBACKs leave now
        }
        if (mosquitto_want_write(c)) {
            rc = mosquitto_loop_write(c, 1);
            if (rc != MOSQ_ERR_SUCCESS) return rc;
        }
        return mosquitto_loop_misc(c);
    }

    static void onLog(mosquitto*, void* self, int level, const char* text) {
        if (level == MOSQ_LOG_ERR && text) static_cast<Impl*>(self)->lastLibraryError = text;
    }

    /// Adds libmosquitto's own explanation (which never contains credentials) to a reason.
    std::string withLibraryError(std::string reason) {
        if (!lastLibraryError.empty()) reason += " (" + lastLibraryError + ")";
        lastLibraryError.clear();
        return reason;
    }

    /// Sleeps up to `ms`, waking early on stop(). Returns false when stopping.
    bool waitFor(int64_t ms) {
        std::unique_lock lock(waitMutex);
        return !waitCv.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopRequested.load(); });
    }

    /// One connection: connect, wait for CONNACK, run until lost or stopped.
    /// Returns the reason the connection ended (empty when stopped), and sets
    /// `fatal` when retrying cannot help.
    std::string connectAndServe(bool& fatal, bool& wasConnected) {
        connackReceived = false;
        lastLibraryError.clear();
        mosquitto_log_callback_set(client.get(), &Impl::onLog); // explains connect and TLS failures
        // Asynchronous, so that stop() never waits for a TCP timeout to an unreachable host
        // (name resolution still blocks); the deadline below covers a silent broker.
        int rc = mosquitto_connect_async(client.get(), options.host.c_str(), options.port, options.keepAliveSeconds);
        if (rc != MOSQ_ERR_SUCCESS)
            return withLibraryError("connect to " + options.host + ":" + std::to_string(options.port) +
                                    " failed: " + detail::mosquittoErrorText(rc));
        const auto connackDeadline = Clock::now() + std::chrono::seconds(std::max(10, options.keepAliveSeconds));
        std::string ended;
        while (!stopRequested) {
            rc = serviceOnce(100);
            if (rc != MOSQ_ERR_SUCCESS) {
                ended = withLibraryError("connection lost: " + detail::mosquittoErrorText(rc));
                break;
            }
            if (connackReceived && connackCode != 0) {
                fatal = detail::connackIsFatal(connackCode);
                ended = "broker refused: " + detail::connackText(connackCode);
                break;
            }
            if (connackReceived) wasConnected = true;
            else if (Clock::now() > connackDeadline) {
                ended = "no answer (CONNACK) from the broker";
                break;
            }
        }
        if (stopRequested) {
            // DISCONNECT without cleaning the session: the broker queues QoS 1 messages for us.
            mosquitto_disconnect(client.get());
            for (int i = 0; i < 10 && mosquitto_socket(client.get()) >= 0; ++i) mosquitto_loop(client.get(), 50, 1);
            flushBatch();
            return {};
        }
        mosquitto_disconnect(client.get()); // closes the socket of a dead connection
        flushBatch();
        return ended;
    }

    void run() {
        int attempt = 0;
        setState(FeedConnection::Connecting);
        while (!stopRequested) {
            bool fatal = false;
            bool wasConnected = false;
            const std::string reason = connectAndServe(fatal, wasConnected);
            if (stopRequested) break;
            if (fatal) {
                setState(FeedConnection::Failed, 0, 0, reason);
                return;
            }
            attempt = wasConnected ? 1 : attempt + 1;
            const double unit = std::uniform_real_distribution<double>(0.0, 1.0)(random);
            const int64_t delay = reconnectDelayMs(options, attempt, unit);
            setState(FeedConnection::Reconnecting, attempt, delay, reason);
            if (!waitFor(delay)) break;
        }
        setState(FeedConnection::Disconnected);
    }
};

MqttFeed::MqttFeed(SensorHub& hub, MqttOptions options, std::string name)
    : m(std::make_unique<Impl>(hub, std::move(options), std::move(name))) {}

MqttFeed::~MqttFeed() { stop(); }

gis::Result<bool> MqttFeed::start() {
    if (m->thread.joinable()) return true;
    auto client = detail::makeMosquittoClient(m->options, m.get());
    if (!client.ok()) {
        m->setState(FeedConnection::Failed, 0, 0, client.firstError());
        return gis::Result<bool>::failure(client.diagnostics());
    }
    m->client = client.takeValue();
    mosquitto_connect_callback_set(m->client.get(), &Impl::onConnect);
    mosquitto_message_callback_set(m->client.get(), &Impl::onMessage);
    mosquitto_subscribe_callback_set(m->client.get(), &Impl::onSubscribe);
    mosquitto_log_callback_set(m->client.get(), &Impl::onLog);
    m->stopRequested = false;
    m->thread = std::thread([impl = m.get()] {
        ::pthread_setname_np(::pthread_self(), "citytwin-mqtt"); // for top and perf
        impl->run();
    });
    return true;
}

void MqttFeed::stop() {
    if (!m->thread.joinable()) return;
    {
        std::lock_guard lock(m->waitMutex);
        m->stopRequested = true;
    }
    m->waitCv.notify_all();
    m->thread.join();
    m->client.reset();
}

bool MqttFeed::running() const { return m->thread.joinable(); }
FeedId MqttFeed::feedId() const { return m->feed; }
const MqttOptions& MqttFeed::options() const { return m->options; }
uint64_t MqttFeed::messagesReceived() const { return m->received.load(std::memory_order_relaxed); }

} // namespace citytwin::data
