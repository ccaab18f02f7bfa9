#pragma once
// The publishing side of `citytwin bench sensors`: several data::MqttPublisher
// clients, each on its own thread and with its own share of the sensors,
// paced to a total rate, QoS 1, CityTwin JSON payloads.

#include "citytwin/data/sensors/MqttOptions.h"

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace citytwin::app {

struct BenchPublisherOptions {
    data::MqttOptions broker;       ///< host, port, TLS, credentials; client ids are derived from clientId
    int sensors = 2000;             ///< ids bench-0000 ...
    double ratePerSecond = 25'000;  ///< total over all threads; 0 = as fast as the acknowledgements allow
    double seconds = 60;
    int threads = 2;                ///< publishing clients (each with its own libmosquitto network thread)
    size_t maxPendingAcks = 20'000; ///< per client: publishing waits while more are unacknowledged
};

/// What the publishers did, after join().
struct BenchPublishResult {
    int64_t published = 0;      ///< messages accepted by libmosquitto (QoS 1)
    int64_t acknowledged = 0;   ///< of those, PUBACKed by the broker by the end
    int64_t firstPublishUs = 0; ///< wall time of the first publish (µs since the epoch)
    int64_t lastPublishUs = 0;  ///< wall time the last publish returned
    std::vector<std::string> errors;
};

/// start() and join() are called from the main thread; each publishing
/// thread owns its MqttPublisher (whose calls all stay on that thread).
class BenchPublisher {
public:
    explicit BenchPublisher(BenchPublisherOptions options);
    ~BenchPublisher();
    BenchPublisher(const BenchPublisher&) = delete;
    BenchPublisher& operator=(const BenchPublisher&) = delete;

    /// Connects every client (so connection time is not measured), then
    /// starts publishing at once on all threads. False with `error` set when a
    /// client cannot connect.
    bool start(std::string& error);
    /// Messages published so far (any thread).
    int64_t published() const { return m_published.load(std::memory_order_relaxed); }
    /// True once every thread has published its share and waited for its acknowledgements.
    bool finished() const { return m_running.load() == 0; }
    /// Waits for the threads and returns what they did.
    BenchPublishResult join();

    static std::string sensorId(int index); ///< "bench-0042"

private:
    struct Client;
    void run(Client& client, int index);

    BenchPublisherOptions m_options;
    std::vector<std::unique_ptr<Client>> m_clients;
    std::vector<std::thread> m_threads;
    std::atomic<int64_t> m_published{0};
    std::atomic<int> m_running{0};
    std::atomic<bool> m_go{false};
};

} // namespace citytwin::app
