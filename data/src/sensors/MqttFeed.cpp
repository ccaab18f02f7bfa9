#include "citytwin/data/sensors/MqttFeed.h"

#include "citytwin/data/sensors/PayloadParser.h"
#include "citytwin/data/sensors/SensorHub.h"

#include "MosquittoClient.h"

#include <mosquitto.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>

namespace citytwin::data {

using Clock = std::chrono::steady_clock;

struct MqttFeed::Impl {
    SensorHub& hub;
    MqttOptions options;
    FeedId feed = kDirectFeed;
    PayloadParser parser;
    std::thread thread;
    std::atomic<bool> stopRequested{false};
    std::atomic<uint64_t> received{0};
    std::mutex waitMutex;
    std::condition_variable waitCv;
    std::mt19937_64 random{std::random_device{}()};

    // Client thread only.
    detail::MosquittoPtr client;
    bool connackReceived = false;
    int connackCode = 0;
    int pendingSubacks = 0;
    std::string lastLibraryError; ///< libmosquitto's last error log line (e.g. OpenSSL's verify failure)

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

    static void onMessage(mosquitto*, void* self, const mosquitto_message* msg) {
        auto* impl = static_cast<Impl*>(self);
        impl->received.fetch_add(1, std::memory_order_relaxed);
        impl->hub.reportReceived(impl->feed);
        const std::string_view payload(static_cast<const char*>(msg->payload), size_t(std::max(0, msg->payloadlen)));
        ParseOutcome out = impl->parser.parse(msg->topic ? msg->topic : "", payload);
        if (out.sample) impl->hub.push(std::move(*out.sample), impl->feed);
        else impl->hub.reportDrop(impl->feed, out.reason);
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
        // Asynchronous, so that stop() never waits for a TCP timeout to an unreachable host
        // (name resolution still blocks); the deadline below covers a silent broker.
        int rc = mosquitto_connect_async(client.get(), options.host.c_str(), options.port, options.keepAliveSeconds);
        if (rc != MOSQ_ERR_SUCCESS)
            return withLibraryError("connect to " + options.host + ":" + std::to_string(options.port) +
                                    " failed: " + detail::mosquittoErrorText(rc));
        const auto connackDeadline = Clock::now() + std::chrono::seconds(std::max(10, options.keepAliveSeconds));
        std::string ended;
        while (!stopRequested) {
            rc = mosquitto_loop(client.get(), 100, 1);
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
            return {};
        }
        mosquitto_disconnect(client.get()); // closes the socket of a dead connection
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
    m->thread = std::thread([impl = m.get()] { impl->run(); });
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
