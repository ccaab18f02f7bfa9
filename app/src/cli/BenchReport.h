#pragma once
// Figures of `citytwin bench sensors`, printed as a table and written as JSON.

#include <cstdint>
#include <string>
#include <vector>

namespace citytwin::app {

struct BenchSensorsReport {
    // Set-up.
    int sensors = 0;
    double rateTarget = 0;      ///< msgs/s asked for; 0 = as fast as possible
    double seconds = 0;         ///< publishing time asked for
    int publisherThreads = 0;
    std::string broker;         ///< mqtt://HOST:PORT
    // Counts.
    int64_t published = 0;      ///< QoS 1 messages the publishers handed to libmosquitto
    int64_t acknowledged = 0;   ///< of those, acknowledged by the broker
    int64_t received = 0;       ///< messages the feed received (parsed or not)
    int64_t accepted = 0;       ///< samples the hub applied to a frame (and handed to the history)
    int64_t stored = 0;         ///< distinct (sensor, time) rows in the history after flush
    int64_t lost = 0;           ///< published - stored
    int64_t duplicates = 0;     ///< received beyond published + samples handed to the history twice
    int64_t hubDrops = 0;       ///< samples the hub dropped, any reason
    // Rates and times.
    double publishSeconds = 0;  ///< first publish to last publish call
    double deliverySeconds = 0; ///< first publish to the frame that saw the last message received
    double publishRate = 0;     ///< published / publishSeconds
    double msgsPerSecond = 0;   ///< received / deliverySeconds (end-to-end throughput)
    double latencyP50Ms = 0;    ///< publish ("t") to the coalesce that applied the sample, wall clock
    double latencyP99Ms = 0;
    double latencyMaxMs = 0;
    int frames = 0;             ///< coalesce calls (60 Hz)
    double frameP99Ms = 0;      ///< duration of a coalesce (sink included), p99
    std::vector<std::string> errors;
};

/// The p-th percentile (0..100) of `values` (reordered); 0 when empty.
double percentile(std::vector<float>& values, double p);

void printBenchSensorsTable(const BenchSensorsReport& report);
/// Writes the report as a JSON object; false when the file cannot be written.
bool writeBenchSensorsJson(const BenchSensorsReport& report, const std::string& path);

} // namespace citytwin::app
