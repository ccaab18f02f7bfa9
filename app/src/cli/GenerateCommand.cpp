#include "cli/Commands.h"

#include "citytwin/gis/DemoCity.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace citytwin::app {

int runGenerateCommand(int argc, char** argv)
{
    gis::DemoCityOptions options;
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
        if (arg == "--help" || arg == "-h") { printUsage(); return 0; }
        if (!value) {
            std::fprintf(stderr, "citytwin generate: %s needs a value (see citytwin --help)\n", arg.c_str());
            return 2;
        }
        ++i;
        if (arg == "--out") options.outDir = value;
        else if (arg == "--buildings") options.buildings = std::strtoll(value, nullptr, 10);
        else if (arg == "--seed") options.seed = std::strtoull(value, nullptr, 10);
        else {
            std::fprintf(stderr, "citytwin generate: unknown option %s\n", arg.c_str());
            return 2;
        }
    }
    if (options.outDir.empty() || options.buildings <= 0) {
        std::fprintf(stderr, "citytwin generate: needs --out DIR and a positive --buildings\n");
        return 2;
    }
    int lastPercent = -1;
    auto progress = [&](double f) {
        const int p = int(f * 100);
        if (p / 10 != lastPercent / 10) { std::fprintf(stderr, "\r%3d%%", p); lastPercent = p; }
    };
    auto files = gis::generateDemoCity(options, progress);
    std::fputc('\n', stderr);
    for (const auto& d : files.diagnostics()) std::fprintf(stderr, "%s\n", gis::formatDiagnostic(d).c_str());
    if (!files.ok()) return 1;
    std::printf("%lld buildings: %s\nstreets: %s\n", (long long)files->buildingCount,
                files->buildingsPath.c_str(), files->streetsPath.c_str());
    return 0;
}

} // namespace citytwin::app
