#include "cli/Commands.h"

#include "citytwin/data/sensors/IsoTime.h"
#include "citytwin/gis/DemoCity.h"
#include "citytwin/data/sensors/MqttOptions.h"
#include "citytwin/data/sensors/MqttPublisher.h"
#include "citytwin/data/sensors/SensorImport.h"
#include "citytwin/data/sensors/Simulator.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

namespace citytwin::app {
namespace {

struct SimulateArgs {
    std::string broker;
    std::string trafficCounts;   ///< Cambridge-style traffic count CSV
    int demoNetwork = 60;        ///< sensors of the demo network when no CSV
    double durationSeconds = 3600;
    double speed = 60;           ///< simulated seconds per real second; 0 = as fast as possible
    uint64_t seed = 1;
    int64_t startMs = -1;        ///< -1 = now
    std::string clientId = "citytwin-simulator";
};

bool parse(int argc, char** argv, SimulateArgs& a)
{
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") { printUsage(); std::exit(0); }
        if (i + 1 >= argc) {
            std::fprintf(stderr, "citytwin simulate: %s needs a value (see citytwin --help)\n", arg.c_str());
            return false;
        }
        const std::string v = argv[++i];
        if (arg == "--broker") a.broker = v;
        else if (arg == "--traffic-counts") a.trafficCounts = v;
        else if (arg == "--demo-network") a.demoNetwork = std::atoi(v.c_str());
        else if (arg == "--duration") a.durationSeconds = std::atof(v.c_str());
        else if (arg == "--speed") a.speed = std::atof(v.c_str());
        else if (arg == "--seed") a.seed = std::strtoull(v.c_str(), nullptr, 10);
        else if (arg == "--client-id") a.clientId = v;
        else if (arg == "--start") {
            const auto t = data::parseIsoTimeMs(v);
            if (!t) { std::fprintf(stderr, "citytwin simulate: --start needs an ISO 8601 time\n"); return false; }
            a.startMs = *t;
        } else {
            std::fprintf(stderr, "citytwin simulate: unknown option %s\n", arg.c_str());
            return false;
        }
    }
    if (a.broker.empty()) { std::fprintf(stderr, "citytwin simulate: needs --broker mqtt://HOST:PORT\n"); return false; }
    if (a.durationSeconds <= 0 || a.speed < 0 || a.demoNetwork <= 0) {
        std::fprintf(stderr, "citytwin simulate: --duration and --demo-network must be positive, --speed >= 0\n");
        return false;
    }
    return true;
}

std::string payloadFor(const data::SensorSample& s)
{
    nlohmann::json j = {{"t", s.timeMs}, {"v", s.value}};
    if (s.seq >= 0) j["seq"] = s.seq;
    return j.dump();
}

} // namespace

int runSimulateCommand(int argc, char** argv)
{
    SimulateArgs args;
    if (!parse(argc, argv, args)) return 2;

    std::vector<data::Sensor> sensors;
    if (!args.trafficCounts.empty()) {
        auto imported = data::importTrafficCounts(args.trafficCounts);
        if (!imported.ok()) {
            std::fprintf(stderr, "citytwin simulate: cannot read %s: %s\n", args.trafficCounts.c_str(),
                         imported.firstError().c_str());
            return 1;
        }
        sensors = imported->sensors;
    } else {
        // Around the built-in demo city.
        const gis::DemoCityOptions demo;
        gis::Extent2 area;
        area.add(demo.centreLonDeg - 0.03, demo.centreLatDeg - 0.02);
        area.add(demo.centreLonDeg + 0.03, demo.centreLatDeg + 0.02);
        sensors = data::demoSensorNetwork(area, args.demoNetwork, args.seed);
    }

    auto options = data::parseBrokerUrl(args.broker);
    if (!options.ok()) {
        std::fprintf(stderr, "citytwin simulate: %s\n", options.firstError().c_str());
        return 2;
    }
    options->clientId = args.clientId;
    if (const char* user = std::getenv("CITYTWIN_MQTT_USERNAME")) options->username = user;
    if (const char* pass = std::getenv("CITYTWIN_MQTT_PASSWORD")) options->password = pass;
    data::MqttPublisher publisher(*options);
    if (auto connected = publisher.connect(); !connected.ok()) {
        std::fprintf(stderr, "citytwin simulate: cannot connect to %s: %s\n", args.broker.c_str(),
                     connected.firstError().c_str());
        return 1;
    }

    const data::Simulator simulator(std::move(sensors), args.seed);
    const int64_t start = args.startMs >= 0
        ? args.startMs
        : std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    const int64_t end = start + int64_t(args.durationSeconds * 1000.0);
    // One simulated step per real 250 ms (or per simulated minute when unthrottled).
    const int64_t stepMs = args.speed > 0 ? std::max<int64_t>(1, int64_t(250.0 * args.speed)) : 60'000;
    int64_t published = 0;
    for (int64_t t = start; t < end; t += stepMs) {
        for (const auto& sample : simulator.step(t, std::min(end, t + stepMs))) {
            if (auto sent = publisher.publish("citytwin/" + sample.sensorId, payloadFor(sample)); !sent.ok()) {
                std::fprintf(stderr, "citytwin simulate: publish failed: %s\n", sent.firstError().c_str());
                return 1;
            }
            ++published;
        }
        if (args.speed > 0) std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    if (auto acked = publisher.waitForAcks(); !acked.ok()) {
        std::fprintf(stderr, "citytwin simulate: broker did not acknowledge: %s\n", acked.firstError().c_str());
        return 1;
    }
    publisher.disconnect();
    std::printf("published %lld samples of %zu sensors from %s to %s\n", (long long)published,
                simulator.sensors().size(), data::formatIsoTimeMs(start).c_str(), data::formatIsoTimeMs(end).c_str());
    return 0;
}

} // namespace citytwin::app
