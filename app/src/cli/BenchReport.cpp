#include "cli/BenchReport.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

namespace citytwin::app {

double percentile(std::vector<float>& values, double p) {
    if (values.empty()) return 0;
    // Nearest rank: the smallest value with at least p % of the values at or below it.
    const double rank = std::ceil(std::clamp(p, 0.0, 100.0) / 100.0 * double(values.size()));
    const size_t k = std::min(values.size() - 1, size_t(std::max(1.0, rank)) - 1);
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(k), values.end());
    return values[k];
}

void printBenchSensorsTable(const BenchSensorsReport& r) {
    std::printf("bench sensors: %d sensors, %s, %.0f s, %d publisher threads, broker %s\n", r.sensors,
                r.rateTarget > 0 ? (std::to_string(int64_t(r.rateTarget)) + " msg/s target").c_str()
                                 : "as fast as possible",
                r.seconds, r.publisherThreads, r.broker.c_str());
    const auto row = [](const char* name, const std::string& value, const char* note) {
        std::printf("  %-16s %14s  %s\n", name, value.c_str(), note);
    };
    const auto integer = [](int64_t v) { return std::to_string(v); };
    const auto real = [](double v, int digits) {
        char text[64];
        std::snprintf(text, sizeof text, "%.*f", digits, v);
        return std::string(text);
    };
    row("published", integer(r.published), "QoS 1 messages published");
    row("acknowledged", integer(r.acknowledged), "PUBACKs from the broker");
    row("received", integer(r.received), "messages the MqttFeed received");
    row("accepted", integer(r.accepted), "samples applied to a frame");
    row("stored", integer(r.stored), "distinct samples in the history after flush");
    row("lost", integer(r.lost), "published - stored");
    row("duplicates", integer(r.duplicates), "received beyond published + stored twice");
    row("hub_drops", integer(r.hubDrops), "samples the hub dropped");
    row("publish_s", real(r.publishSeconds, 2), "first to last publish");
    row("publish_rate", real(r.publishRate, 0), "published / publish_s");
    row("delivery_s", real(r.deliverySeconds, 2), "first publish to last message received");
    row("msgs_per_s", real(r.msgsPerSecond, 0), "received / delivery_s");
    row("latency_p50_ms", real(r.latencyP50Ms, 1), "publish to applied in a 60 Hz frame");
    row("latency_p99_ms", real(r.latencyP99Ms, 1), "");
    row("latency_max_ms", real(r.latencyMaxMs, 1), "");
    row("frames", integer(r.frames), "coalesce calls");
    row("frame_p99_ms", real(r.frameP99Ms, 2), "coalesce + history hand-off");
    for (const std::string& e : r.errors) std::printf("  error: %s\n", e.c_str());
}

bool writeBenchSensorsJson(const BenchSensorsReport& r, const std::string& path) {
    const nlohmann::json j = {
        {"sensors", r.sensors},           {"rate_target", r.rateTarget},
        {"seconds", r.seconds},           {"publisher_threads", r.publisherThreads},
        {"broker", r.broker},             {"published", r.published},
        {"acknowledged", r.acknowledged}, {"received", r.received},
        {"accepted", r.accepted},         {"stored", r.stored},
        {"lost", r.lost},                 {"duplicates", r.duplicates},
        {"hub_drops", r.hubDrops},        {"publish_s", r.publishSeconds},
        {"delivery_s", r.deliverySeconds}, {"publish_rate", r.publishRate},
        {"msgs_per_s", r.msgsPerSecond},  {"latency_p50_ms", r.latencyP50Ms},
        {"latency_p99_ms", r.latencyP99Ms}, {"latency_max_ms", r.latencyMaxMs},
        {"frames", r.frames},             {"frame_p99_ms", r.frameP99Ms},
        {"errors", r.errors},
    };
    std::ofstream out(path);
    out << j.dump(2) << '\n';
    return bool(out);
}

} // namespace citytwin::app
