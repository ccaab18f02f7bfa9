// citytwin bench city: synthetic cities of given sizes (or one input) measured
// in one run against baselines of the same run; a table and a JSON array.

#include "cli/BenchCityCity.h"
#include "cli/BenchCityReport.h"
#include "cli/BenchCityScene.h"
#include "cli/BenchCommands.h"

#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace citytwin::app {
namespace {

struct BenchCityArgs {
    std::vector<int64_t> sizes{10000, 100000, 1000000};
    std::string input;
    std::string json;
    std::string workDir;
    int width = 640, height = 360;
    int clicks = 1000;
    int64_t naiveMax = 0; ///< naive scene size cap; 0 = every building
};

std::optional<BenchCityArgs> parseArgs(int argc, char** argv)
{
    BenchCityArgs a;
    a.workDir = benchCityWorkDir();
    for (int i = 3; i < argc; ++i) {
        const std::string arg = argv[i];
        const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
        auto need = [&](const char* what) {
            if (!value) std::fprintf(stderr, "citytwin bench city: %s needs %s\n", arg.c_str(), what);
            return value != nullptr;
        };
        if (arg == "--sizes") {
            if (!need("a list like 10k,100k,1M")) return std::nullopt;
            a.sizes.clear();
            std::stringstream list(value);
            for (std::string item; std::getline(list, item, ',');) {
                const int64_t n = benchCount(item);
                if (n <= 0) {
                    std::fprintf(stderr, "citytwin bench city: bad size '%s'\n", item.c_str());
                    return std::nullopt;
                }
                a.sizes.push_back(n);
            }
        } else if (arg == "--input") {
            if (!need("a file")) return std::nullopt;
            a.input = value;
        } else if (arg == "--json") {
            if (!need("a file")) return std::nullopt;
            a.json = value;
        } else if (arg == "--work") {
            if (!need("a folder")) return std::nullopt;
            a.workDir = value;
        } else if (arg == "--clicks") {
            if (!need("a count") || std::atoi(value) <= 0) return std::nullopt;
            a.clicks = std::atoi(value);
        } else if (arg == "--naive-max") {
            if (!need("a count like 200k")) return std::nullopt;
            a.naiveMax = benchCount(value);
            if (a.naiveMax <= 0) {
                std::fprintf(stderr, "citytwin bench city: bad count '%s'\n", value);
                return std::nullopt;
            }
        } else if (arg == "--size") {
            if (!need("WxH") || std::sscanf(value, "%dx%d", &a.width, &a.height) != 2 || a.width <= 0 ||
                a.height <= 0) return std::nullopt;
        } else {
            std::fprintf(stderr, "citytwin bench city: unknown option %s\n", arg.c_str());
            return std::nullopt;
        }
        ++i;
    }
    return a;
}

/// Fewer frames where each one costs seconds, so 1M stays within minutes.
BenchCitySceneOptions sceneOptions(const BenchCityArgs& args, int64_t buildings)
{
    BenchCitySceneOptions o;
    o.width = args.width;
    o.height = args.height;
    o.pickClicks = args.clicks;
    o.naiveMaxBuildings = args.naiveMax;
    if (buildings > 300000) {
        o.pathFrames = 20;
        o.naiveFrames = 3;
    }
    return o;
}

bool measureOne(const std::string& path, const std::string& cachePath, const BenchCityArgs& args,
                render::OffscreenRenderer& renderer, BenchCityResult& r)
{
    r.input = path;
    int64_t features = 0;
    auto raw = rawOgrReadSeconds(path, features);
    if (!raw.ok()) {
        std::fprintf(stderr, "citytwin bench city: %s\n", raw.firstError().c_str());
        return false;
    }
    r.rawReadSeconds = *raw;
    std::fprintf(stderr, "bench city:   raw OGR read of %lld features: %.2f s\n", (long long)features, *raw);
    auto reopened = importAndReopen(path, cachePath, r);
    if (!reopened.ok()) {
        std::fprintf(stderr, "citytwin bench city: %s\n", reopened.firstError().c_str());
        return false;
    }
    std::fprintf(stderr, "bench city:   import %.2f s (read+build %.2f, LOD %.2f, cache store %.2f), reopen %.2f s%s%s\n",
                 r.importSeconds, r.importOnlySeconds, r.prepareSeconds, r.cacheStoreSeconds, r.reopenSeconds,
                 r.reopenFromCache ? " from the cache" : " NOT from the cache", r.reopenPaged ? ", paged" : "");
    // The import's freed heap goes back to the system, as in a process that
    // only reopened the project.
    malloc_trim(0);
    auto measured = measureCityScene(**reopened, path, renderer, sceneOptions(args, r.buildings), r);
    if (!measured.ok()) {
        std::fprintf(stderr, "citytwin bench city: %s\n", measured.firstError().c_str());
        return false;
    }
    return true;
}

} // namespace

void printBenchCityUsage()
{
    std::printf("Usage: citytwin bench city [--sizes 10k,100k,1M] [--input FILE] [--json FILE]\n"
                "                           [--size WxH] [--work DIR] [--clicks N] [--naive-max N]\n\n"
                "Generates synthetic cities (GeoPackage, seed 1; reused when present in DIR,\n"
                "default ~/.cache/citytwin/bench-city) or measures FILE, and compares in one run:\n"
                "import (in a child process) and reopen from the tile cache against a plain OGR\n"
                "read, draw calls, frame times (640x360 by default; each view settled, and flown)\n"
                "against one merged mesh of the triangles each frame drew (shaded as the scene\n"
                "shades them, and fixed-function) and one node per building, restyle, picking and memory\n"
                "(RSS and its growth from the reopen). Prints a table; --json writes one object per city.\n\n"
                "The node-per-building scene holds every building (about 9 GiB at 1M); --naive-max N\n"
                "caps it at N buildings on a smaller machine (its frame time is then a lower bound).\n");
}

int runBenchCity(int argc, char** argv)
{
    const auto args = parseArgs(argc, argv);
    if (!args) return 2;
    std::error_code ec;
    std::filesystem::create_directories(args->workDir, ec);
    std::vector<BenchCityResult> results;
    bool ok = true;
    auto run = [&](const std::string& path, const std::string& cachePath) {
        // A context per city: the GL objects of an earlier city's scenes
        // (one buffer per building in the naive one) go with its context,
        // not into this city's memory.
        auto renderer = render::OffscreenRenderer::create(args->width, args->height);
        if (!renderer.ok()) {
            std::fprintf(stderr, "citytwin bench city: no offscreen OpenGL context: %s\n",
                         renderer.firstError().c_str());
            ok = false;
            return;
        }
        if (results.empty())
            std::fprintf(stderr, "bench city: %s, %dx%d\n", renderer.value()->glDescription().c_str(), args->width,
                         args->height);
        BenchCityResult r;
        ok = measureOne(path, cachePath, *args, *renderer.value(), r) && ok;
        results.push_back(std::move(r));
    };
    if (!args->input.empty()) {
        std::fprintf(stderr, "bench city: %s\n", args->input.c_str());
        run(args->input, args->workDir + "/input.citytwin-tiles");
    } else {
        for (int64_t n : args->sizes) {
            auto file = benchCityFile(n, args->workDir);
            if (!file.ok()) {
                std::fprintf(stderr, "citytwin bench city: %s\n", file.firstError().c_str());
                return 1;
            }
            std::fprintf(stderr, "bench city: city of %lld buildings\n", (long long)n);
            run(*file, std::filesystem::path(*file).parent_path().string() + "/buildings.citytwin-tiles");
        }
    }
    printBenchCityTable(results);
    if (!args->json.empty()) {
        std::string error;
        if (!writeBenchCityJson(results, args->json, error)) {
            std::fprintf(stderr, "citytwin bench city: %s\n", error.c_str());
            return 1;
        }
    }
    return ok ? 0 : 1;
}

} // namespace citytwin::app
