// citytwin bench NAME: a table of benchmarks, so another one is one more row.

#include "cli/BenchCommands.h"
#include "cli/Commands.h"

#include <cstdio>
#include <cstring>
#include <string>

namespace citytwin::app {
namespace {

struct Benchmark {
    const char* name;
    const char* summary;
    int (*run)(int argc, char** argv);
    void (*usage)();
};

constexpr Benchmark kBenchmarks[] = {
    {"sensors", "MQTT → hub → 60 Hz frames → history: throughput, loss, latency", runBenchSensors,
     printBenchSensorsUsage},
    {"city", "synthetic cities 10k..1M: import, cache, frames, restyle, pick, memory vs baselines",
     runBenchCity, printBenchCityUsage},
    {"fly", "the window flies through a synthetic city: frame times while tiles page (needs a display)",
     runBenchFly, printBenchFlyUsage},
};

void printBenchUsage(std::FILE* to) {
    std::fprintf(to, "Usage: citytwin bench NAME [options]   (citytwin bench NAME --help for its options)\n\n");
    for (const Benchmark& b : kBenchmarks) std::fprintf(to, "  %-10s %s\n", b.name, b.summary);
}

} // namespace

int runBenchCommand(int argc, char** argv) {
    if (argc < 3) {
        printBenchUsage(stderr);
        return 2;
    }
    const std::string name = argv[2];
    if (name == "--help" || name == "-h" || name == "help") {
        printBenchUsage(stdout);
        return 0;
    }
    for (const Benchmark& b : kBenchmarks) {
        if (name != b.name) continue;
        for (int i = 3; i < argc; ++i)
            if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
                b.usage();
                return 0;
            }
        return b.run(argc, argv);
    }
    std::fprintf(stderr, "citytwin bench: unknown benchmark '%s'\n", name.c_str());
    printBenchUsage(stderr);
    return 2;
}

} // namespace citytwin::app
