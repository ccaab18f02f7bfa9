// citytwin bench sensors: the live-city sensor path under load, end to end.
// Publishers (QoS 1) → broker → MqttFeed → SensorHub → coalesced at 60 Hz on
// this thread → HistoryStore, measuring loss, duplicates, throughput and the
// publish-to-frame latency.

#include "cli/BenchBroker.h"
#include "cli/BenchCommands.h"
#include "cli/BenchPublisher.h"
#include "cli/BenchReport.h"
#include "core/sensors/SensorSession.h"

#include "citytwin/data/sensors/HistoryStore.h"
#include "citytwin/data/sensors/MqttFeed.h"
#include "citytwin/data/sensors/SensorHub.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace citytwin::app {
namespace {

constexpr double kFrameMs = 1000.0 / 60.0;
constexpr int kDrainTimeoutMs = 15'000; ///< after publishing: give up when nothing new arrives for this long

struct BenchArgs {
    double seconds = 60;
    double rate = 25'000;
    int sensors = 2000;
    int threads = 2;
    std::string broker; ///< empty = start a private mosquitto
    std::string json;
};

bool parse(int argc, char** argv, BenchArgs& a) {
    for (int i = 3; i < argc; ++i) {
        const std::string arg = argv[i];
        if (i + 1 >= argc) {
            std::fprintf(stderr, "citytwin bench sensors: %s needs a value (see citytwin bench sensors --help)\n",
                         arg.c_str());
            return false;
        }
        const std::string v = argv[++i];
        char* end = nullptr;
        const double number = std::strtod(v.c_str(), &end);
        const bool numeric = end && *end == '\0' && !v.empty();
        if (arg == "--broker") a.broker = v;
        else if (arg == "--json") a.json = v;
        else if (arg == "--seconds" && numeric) a.seconds = number;
        else if (arg == "--rate" && numeric) a.rate = number;
        else if (arg == "--sensors" && numeric) a.sensors = int(number);
        else if (arg == "--threads" && numeric) a.threads = int(number);
        else {
            std::fprintf(stderr, "citytwin bench sensors: bad option %s %s\n", arg.c_str(), v.c_str());
            return false;
        }
    }
    if (a.seconds <= 0 || a.rate < 0 || a.sensors <= 0 || a.sensors > 1'000'000 || a.threads < 1 || a.threads > 16) {
        std::fprintf(stderr, "citytwin bench sensors: --seconds and --sensors must be positive, --rate >= 0, "
                             "--threads 1..16\n");
        return false;
    }
    return true;
}

int64_t wallUs() {
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

/// The app side: what the window runs for a broker, without the window.
struct AppSide {
    data::SensorHub hub;
    std::unique_ptr<data::HistoryStore> history;
    std::unique_ptr<data::MqttFeed> feed;
    std::vector<float> latenciesMs;
    std::vector<float> frameMs;
    int64_t accepted = 0;
    int64_t coalesceUs = 0; ///< wall time of the coalesce in progress (read by the sink)

    /// One 60 Hz frame on this (the hub's) thread.
    void frame() {
        coalesceUs = wallUs();
        const auto t0 = std::chrono::steady_clock::now();
        hub.coalesce(coalesceUs / 1000);
        frameMs.push_back(float(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count()));
    }
};

std::optional<int> setUp(const BenchArgs& args, AppSide& app, data::MqttOptions& broker, const std::string& dir) {
    std::vector<data::Sensor> sensors;
    sensors.reserve(size_t(args.sensors));
    for (int i = 0; i < args.sensors; ++i) {
        data::Sensor s = data::sensorDefaults(data::SensorKind::Custom);
        s.id = BenchPublisher::sensorId(i);
        s.name = s.id;
        sensors.push_back(std::move(s));
    }
    app.hub.setSensors(std::move(sensors));
    auto history = data::HistoryStore::open(dir + "/history.sqlite");
    if (!history.ok()) {
        std::fprintf(stderr, "citytwin bench sensors: %s\n", history.firstError().c_str());
        return 1;
    }
    app.history = history.takeValue();
    app.hub.setSampleSink([&app](const std::vector<data::SensorSample>& batch) {
        const double appliedMs = double(app.coalesceUs) / 1000.0;
        for (const data::SensorSample& s : batch) app.latenciesMs.push_back(float(appliedMs - double(s.timeMs)));
        app.accepted += int64_t(batch.size());
        app.history->append(batch);
    });
    data::MqttOptions feedOptions = broker;
    feedOptions.clientId = "citytwin-bench-app-" + std::to_string(::getpid());
    feedOptions.cleanSession = true; // leaves nothing behind on a shared broker
    feedOptions.topics = {"citytwin/+"};
    app.feed = std::make_unique<data::MqttFeed>(app.hub, feedOptions, "bench");
    if (auto started = app.feed->start(); !started.ok()) {
        std::fprintf(stderr, "citytwin bench sensors: %s\n", started.firstError().c_str());
        return 1;
    }
    // Connected = subscribed: from then on nothing published is missed.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (app.hub.feedState(app.feed->feedId()).connection != data::FeedConnection::Connected) {
        if (std::chrono::steady_clock::now() > deadline) {
            std::fprintf(stderr, "citytwin bench sensors: the feed did not connect to %s:%d: %s\n",
                         broker.host.c_str(), broker.port,
                         data::describeFeedState(app.hub.feedState(app.feed->feedId())).c_str());
            return 1;
        }
        app.frame();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    app.latenciesMs.clear();
    app.frameMs.clear();
    return std::nullopt;
}

/// Frames at 60 Hz until the publishers are done and every published message
/// arrived (or nothing new arrived for kDrainTimeoutMs). Returns the wall
/// time (µs) of the frame that saw the last message received.
int64_t runFrames(AppSide& app, BenchPublisher& publisher) {
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    int64_t frameNo = 0;
    uint64_t lastReceived = 0;
    int64_t lastReceivedUs = wallUs();
    auto lastProgress = Clock::now();
    for (;;) {
        ++frameNo;
        std::this_thread::sleep_until(start + std::chrono::microseconds(int64_t(double(frameNo) * kFrameMs * 1000.0)));
        app.frame();
        const uint64_t received = app.feed->messagesReceived();
        if (received != lastReceived) {
            lastReceived = received;
            lastReceivedUs = app.coalesceUs;
            lastProgress = Clock::now();
        }
        if (!publisher.finished()) continue;
        if (int64_t(received) >= publisher.published()) break;
        if (Clock::now() - lastProgress > std::chrono::milliseconds(kDrainTimeoutMs)) break;
    }
    app.frame(); // the last queued samples
    return lastReceivedUs;
}

void fillReport(BenchSensorsReport& r, AppSide& app, const BenchPublishResult& pub, int64_t lastReceivedUs) {
    r.published = pub.published;
    r.acknowledged = pub.acknowledged;
    r.errors = pub.errors;
    r.received = int64_t(app.feed->messagesReceived());
    r.accepted = app.accepted;
    if (auto flushed = app.history->flush(); !flushed.ok()) r.errors.push_back(flushed.firstError());
    if (auto count = app.history->sampleCount(); count.ok()) r.stored = *count;
    else r.errors.push_back(count.firstError());
    const data::HistoryStats stats = app.history->stats();
    r.lost = r.published - r.stored;
    r.duplicates = std::max<int64_t>(0, r.received - r.published) +
                   std::max<int64_t>(0, stats.appended - stats.dropped - r.stored);
    r.hubDrops = int64_t(app.hub.dropCounts().total());
    r.publishSeconds = double(pub.lastPublishUs - pub.firstPublishUs) / 1e6;
    r.deliverySeconds = double(lastReceivedUs - pub.firstPublishUs) / 1e6;
    r.publishRate = r.publishSeconds > 0 ? double(r.published) / r.publishSeconds : 0;
    r.msgsPerSecond = r.deliverySeconds > 0 ? double(r.received) / r.deliverySeconds : 0;
    r.latencyMaxMs = percentile(app.latenciesMs, 100);
    r.latencyP99Ms = percentile(app.latenciesMs, 99);
    r.latencyP50Ms = percentile(app.latenciesMs, 50);
    r.frames = int(app.frameMs.size());
    r.frameP99Ms = percentile(app.frameMs, 99);
}

} // namespace

void printBenchSensorsUsage() {
    std::puts(
        "Usage: citytwin bench sensors [--seconds N] [--rate R] [--sensors S] [--threads P]\n"
        "                              [--broker mqtt://HOST:PORT] [--json FILE]\n"
        "\n"
        "Publishes CityTwin JSON (QoS 1, citytwin/bench-0000 ...; \"t\" = publish wall time in ms,\n"
        "\"seq\" per sensor) for N seconds (default 60) at R messages/s in total (default 25000;\n"
        "0 = as fast as the broker acknowledges) to S sensors (default 2000) from P publishing\n"
        "clients (default 2), and receives them as the window does: MqttFeed -> SensorHub,\n"
        "coalesced at 60 Hz on the main thread -> history in a temporary SQLite file.\n"
        "Without --broker it starts its own mosquitto on a free 127.0.0.1 port\n"
        "(max_queued_messages 0, persistence on, in a temporary folder).\n"
        "\n"
        "Figures: published, received (by the feed), stored (distinct samples in the history\n"
        "after flush), lost = published - stored, duplicates, msgs_per_s = received / seconds\n"
        "from the first publish to the frame that saw the last message, latency_p50_ms and\n"
        "latency_p99_ms from \"t\" to the frame that applied the sample.\n"
        "Credentials for --broker: CITYTWIN_MQTT_USERNAME / CITYTWIN_MQTT_PASSWORD.\n"
        "Exit status: 0 when nothing was lost, 1 on loss or failure, 2 on bad usage.");
}

int runBenchSensors(int argc, char** argv) {
    BenchArgs args;
    if (!parse(argc, argv, args)) return 2;

    BenchBroker ownBroker;
    data::MqttOptions broker;
    if (args.broker.empty()) {
        if (auto started = ownBroker.start(); !started.ok()) {
            std::fprintf(stderr, "citytwin bench sensors: %s\n", started.firstError().c_str());
            return 1;
        }
        broker.host = "127.0.0.1";
        broker.port = ownBroker.port();
    } else {
        auto parsed = data::parseBrokerUrl(args.broker);
        if (!parsed.ok()) {
            std::fprintf(stderr, "citytwin bench sensors: %s\n", parsed.firstError().c_str());
            return 2;
        }
        broker = withEnvironmentCredentials(parsed.takeValue());
    }
    broker.clientId = "citytwin-bench";

    std::string dir = (std::filesystem::temp_directory_path() / "citytwin-bench-app-XXXXXX").string();
    if (!::mkdtemp(dir.data())) {
        std::fprintf(stderr, "citytwin bench sensors: cannot create a temporary folder\n");
        return 1;
    }
    int code = 1;
    {
        AppSide app;
        if (const auto failed = setUp(args, app, broker, dir)) {
            std::filesystem::remove_all(dir);
            return *failed;
        }
        BenchPublisherOptions po;
        po.broker = broker;
        po.sensors = args.sensors;
        po.ratePerSecond = args.rate;
        po.seconds = args.seconds;
        po.threads = args.threads;
        BenchPublisher publisher(po);
        std::string error;
        if (!publisher.start(error)) {
            std::fprintf(stderr, "citytwin bench sensors: publisher cannot connect: %s\n", error.c_str());
            std::filesystem::remove_all(dir);
            return 1;
        }
        const int64_t lastReceivedUs = runFrames(app, publisher);
        const BenchPublishResult published = publisher.join();

        BenchSensorsReport report;
        report.sensors = args.sensors;
        report.rateTarget = args.rate;
        report.seconds = args.seconds;
        report.publisherThreads = args.threads;
        report.broker = "mqtt://" + broker.host + ":" + std::to_string(broker.port);
        fillReport(report, app, published, lastReceivedUs);
        app.feed->stop();
        printBenchSensorsTable(report);
        if (!args.json.empty() && !writeBenchSensorsJson(report, args.json)) {
            std::fprintf(stderr, "citytwin bench sensors: cannot write %s\n", args.json.c_str());
            code = 1;
        } else {
            code = report.lost == 0 && report.errors.empty() ? 0 : 1;
        }
    }
    std::filesystem::remove_all(dir);
    return code;
}

} // namespace citytwin::app
