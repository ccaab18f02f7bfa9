#include "cli/BenchPublisher.h"

#include "citytwin/data/sensors/MqttPublisher.h"

#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <mutex>

namespace citytwin::app {
namespace {

constexpr int kPaceUs = 1000; ///< publishing pause when nothing is due

int64_t wallUs() {
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace

/// One publishing client; everything in it belongs to its thread until join().
struct BenchPublisher::Client {
    std::unique_ptr<data::MqttPublisher> publisher;
    std::vector<int> sensors;          ///< indices of its share
    std::atomic<int> state{0};         ///< 0 connecting, 1 connected, -1 failed
    std::string error;
    int64_t published = 0;
    int64_t acknowledged = 0;
    int64_t firstUs = 0, lastUs = 0;
};

std::string BenchPublisher::sensorId(int index) {
    char id[32];
    std::snprintf(id, sizeof id, "bench-%04d", index);
    return id;
}

BenchPublisher::BenchPublisher(BenchPublisherOptions options) : m_options(std::move(options)) {
    m_options.threads = std::clamp(m_options.threads, 1, std::max(1, m_options.sensors));
    for (int k = 0; k < m_options.threads; ++k) m_clients.push_back(std::make_unique<Client>());
    for (int i = 0; i < m_options.sensors; ++i) m_clients[size_t(i % m_options.threads)]->sensors.push_back(i);
}

BenchPublisher::~BenchPublisher() {
    m_go = true; // a thread still waiting to start runs its (empty) course
    for (std::thread& t : m_threads)
        if (t.joinable()) t.join();
}

bool BenchPublisher::start(std::string& error) {
    m_running = int(m_clients.size());
    for (size_t k = 0; k < m_clients.size(); ++k)
        m_threads.emplace_back([this, k] { run(*m_clients[k], int(k)); });
    for (auto& c : m_clients) {
        while (c->state.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        if (c->state.load() < 0) {
            error = c->error;
            m_go = true;
            return false;
        }
    }
    m_go = true;
    return true;
}

// Publishing thread: paced by a schedule (message n of this client is due at
// n / rate seconds), so a slow moment is caught up rather than lost; the
// payload's "t" is the wall time of the publish call, strictly increasing per
// sensor so every message is a distinct (sensor, time) in the history.
void BenchPublisher::run(Client& c, int index) {
    data::MqttOptions o = m_options.broker;
    o.clientId += "-pub-" + std::to_string(::getpid()) + "-" + std::to_string(index);
    o.cleanSession = true;
    o.qos = 1;
    c.publisher = std::make_unique<data::MqttPublisher>(o);
    // Names for top and perf: libmosquitto's network thread, started by
    // connect(), inherits "bench-net"; this thread then becomes "bench-pub".
    ::pthread_setname_np(::pthread_self(), "bench-net");
    const auto connected = c.publisher->connect();
    ::pthread_setname_np(::pthread_self(), "bench-pub");
    if (!connected.ok()) {
        c.error = connected.firstError();
        c.state = -1;
        --m_running;
        return;
    }
    c.state = 1;
    while (!m_go) std::this_thread::sleep_for(std::chrono::microseconds(200));

    std::vector<std::string> topics;
    for (int s : c.sensors) topics.push_back("citytwin/" + sensorId(s));
    std::vector<int64_t> seq(c.sensors.size(), 0), lastT(c.sensors.size(), 0);
    const double rate = m_options.ratePerSecond / double(m_options.threads);
    const int64_t start = wallUs();
    const int64_t end = start + int64_t(m_options.seconds * 1e6);
    c.firstUs = start;
    size_t next = 0;
    char payload[96];
    for (int64_t now = start; now < end && !c.sensors.empty(); now = wallUs()) {
        int64_t due = rate > 0 ? int64_t(double(now - start) * rate / 1e6) + 1 : c.published + 256;
        if (c.publisher->pendingAcks() > m_options.maxPendingAcks) due = c.published; // back-pressure
        if (c.published >= due) {
            // Bursts about 1 ms apart: each wakes this thread, the network thread and the broker
            // once for ~12 messages (at 25,000/s over 2 threads) instead of once for 2 or 3.
            std::this_thread::sleep_for(std::chrono::microseconds(kPaceUs));
            continue;
        }
        for (; c.published < due; ++c.published) {
            if ((c.published & 63) == 63) now = wallUs(); // "t" stays the publish time during a catch-up burst
            const int64_t t = std::max(now / 1000, lastT[next] + 1);
            lastT[next] = t;
            const int64_t s = seq[next]++;
            const int n = std::snprintf(payload, sizeof payload, "{\"t\":%lld,\"v\":%.2f,\"seq\":%lld}",
                                        (long long)t, 50.0 + 40.0 * std::sin(double(s) * 0.1), (long long)s);
            if (auto sent = c.publisher->publish(topics[next], std::string_view(payload, size_t(n))); !sent.ok()) {
                c.error = sent.firstError();
                now = end;
                break;
            }
            m_published.fetch_add(1, std::memory_order_relaxed);
            next = (next + 1) % c.sensors.size();
        }
    }
    c.lastUs = wallUs();
    if (auto acked = c.publisher->waitForAcks(60'000); !acked.ok() && c.error.empty()) c.error = acked.firstError();
    c.acknowledged = c.published - int64_t(c.publisher->pendingAcks());
    c.publisher->disconnect();
    --m_running;
}

BenchPublishResult BenchPublisher::join() {
    for (std::thread& t : m_threads)
        if (t.joinable()) t.join();
    BenchPublishResult r;
    r.firstPublishUs = INT64_MAX;
    for (const auto& c : m_clients) {
        r.published += c->published;
        r.acknowledged += c->acknowledged;
        if (c->firstUs > 0) r.firstPublishUs = std::min(r.firstPublishUs, c->firstUs);
        r.lastPublishUs = std::max(r.lastPublishUs, c->lastUs);
        if (!c->error.empty()) r.errors.push_back(c->error);
    }
    if (r.firstPublishUs == INT64_MAX) r.firstPublishUs = 0;
    return r;
}

} // namespace citytwin::app
