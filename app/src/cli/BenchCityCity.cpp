#include "cli/BenchCityCity.h"

#include "core/TileCacheAccess.h"

#include "citytwin/render/PagedTiles.h"

#include "citytwin/gis/DemoCity.h"

#include <gdal.h>
#include <ogr_api.h>

#include <malloc.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace citytwin::app {
namespace {

using Clock = std::chrono::steady_clock;
constexpr uint64_t kSeed = 1;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

int64_t statusField(const char* name)
{
    std::ifstream status("/proc/self/status");
    std::string line;
    const std::string key = std::string(name) + ":";
    while (std::getline(status, line)) {
        if (!line.starts_with(key)) continue;
        std::istringstream fields(line.substr(key.size()));
        int64_t kib = 0;
        fields >> kib;
        return kib * 1024;
    }
    return 0;
}

struct DatasetCloser {
    void operator()(void* ds) const { GDALClose(ds); }
};

} // namespace

int64_t currentRssBytes() { return statusField("VmRSS"); }
int64_t peakRssBytes() { return statusField("VmHWM"); }

gis::Result<std::string> benchCityFile(int64_t buildings, const std::string& workDir)
{
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(workDir) / ("city-" + std::to_string(buildings));
    const fs::path stamp = dir / "complete";
    const std::string expected = "buildings=" + std::to_string(buildings) + " seed=" + std::to_string(kSeed);
    {
        std::ifstream in(stamp);
        std::string line;
        if (in && std::getline(in, line) && line == expected && fs::exists(dir / "buildings.gpkg")) {
            std::fprintf(stderr, "bench city: reusing %s\n", (dir / "buildings.gpkg").c_str());
            return (dir / "buildings.gpkg").string();
        }
    }
    std::fprintf(stderr, "bench city: generating %lld buildings in %s\n", (long long)buildings, dir.c_str());
    gis::DemoCityOptions options;
    options.outDir = dir.string();
    options.buildings = buildings;
    options.seed = kSeed;
    auto files = gis::generateDemoCity(options);
    if (!files.ok()) return gis::Result<std::string>::failure(files.diagnostics());
    std::ofstream out(stamp);
    out << expected << "\n";
    return files->buildingsPath;
}

gis::Result<double> rawOgrReadSeconds(const std::string& path, int64_t& features)
{
    GDALAllRegister(); // idempotent; nothing else may have opened GDAL yet
    const auto start = Clock::now();
    std::unique_ptr<void, DatasetCloser> ds(
        GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!ds) return gis::Result<double>::failure("cannot open " + path, path);
    features = 0;
    std::vector<unsigned char> wkb;
    uint64_t checksum = 0; // keeps the loop from being optimised away
    for (int l = 0; l < GDALDatasetGetLayerCount(ds.get()); ++l) {
        OGRLayerH layer = GDALDatasetGetLayer(ds.get(), l);
        OGR_L_ResetReading(layer);
        while (OGRFeatureH feature = OGR_L_GetNextFeature(layer)) {
            if (OGRGeometryH g = OGR_F_GetGeometryRef(feature)) {
                wkb.resize(size_t(OGR_G_WkbSize(g)));
                OGR_G_ExportToWkb(g, wkbNDR, wkb.data());
                checksum += wkb.empty() ? 0 : wkb[wkb.size() / 2];
            }
            ++features;
            OGR_F_Destroy(feature);
        }
    }
    const double seconds = secondsSince(start);
    if (checksum == 1) std::fprintf(stderr, " ");
    return seconds;
}

/// First open: the loader's miss path, as the window takes it (import, the
/// paged index and coarse meshes, the cache store), each step timed by the loader.
static gis::Result<bool> firstOpen(const gis::LayerSpec& spec, const gis::SceneFrame& frame, const std::string& cachePath,
                            BenchCityResult& result)
{
    LoadContext context;
    context.frame = frame;
    context.cachePath = cachePath;
    const auto start = Clock::now();
    auto loaded = loadLayer(spec, context);
    result.importSeconds = secondsSince(start);
    if (!loaded.ok()) return gis::Result<bool>::failure(loaded.diagnostics());
    result.importOnlySeconds = loaded->buildSeconds;
    result.prepareSeconds = loaded->prepareSeconds;
    result.cacheStoreSeconds = loaded->storeSeconds;
    for (const auto& n : loaded.diagnostics())
        if (n.severity != gis::Severity::Info) result.notes.push_back(n.message);
    result.buildings = loaded->stats.featuresBuilt;
    result.tiles = loaded->pagedMeshes ? int64_t(loaded->pagedMeshes->tiles.size())
                                       : int64_t(loaded->vector->chunks.size());
    if (!loaded->pagedMeshes) result.notes.push_back("the first open kept the layer in memory (not paged)");
    return true;
}

/// firstOpen() in a child process, so that the reopen and everything measured
/// after it run in a process that never imported (memory as a user who
/// reopens a project has it). The child only reads, builds and writes the
/// cache file (no GL) and reports its figures through a pipe.
static gis::Result<bool> firstOpenInChild(const gis::LayerSpec& spec, const gis::SceneFrame& frame,
                                   const std::string& cachePath, BenchCityResult& result)
{
    int fds[2];
    if (::pipe(fds) != 0) return firstOpen(spec, frame, cachePath, result);
    std::fflush(nullptr);
    // Earlier cities freed their memory but the heap keeps it: the child
    // would reuse it page by page through copy-on-write faults (the 1M
    // import ran 1.5x slower after two smaller cities than alone).
    ::malloc_trim(0);
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return firstOpen(spec, frame, cachePath, result);
    }
    if (pid == 0) {
        ::close(fds[0]);
        BenchCityResult r;
        auto ok = firstOpen(spec, frame, cachePath, r);
        std::ostringstream out;
        out.precision(17);
        out << (ok.ok() ? 1 : 0) << ' ' << r.importSeconds << ' ' << r.importOnlySeconds << ' '
            << r.prepareSeconds << ' ' << r.cacheStoreSeconds << ' ' << r.buildings << ' ' << r.tiles << '\n';
        for (const auto& n : ok.ok() ? r.notes : std::vector<std::string>{ok.firstError()}) out << n << '\n';
        const std::string text = out.str();
        for (size_t done = 0; done < text.size();) {
            const ssize_t n = ::write(fds[1], text.data() + done, text.size() - done);
            if (n <= 0) break;
            done += size_t(n);
        }
        ::_exit(ok.ok() ? 0 : 1); // no destructors: the parent's GL state is not the child's
    }
    ::close(fds[1]);
    std::string text;
    char buffer[4096];
    for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;) text.append(buffer, size_t(n));
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    std::istringstream in(text);
    int ok = 0;
    in >> ok >> result.importSeconds >> result.importOnlySeconds >> result.prepareSeconds >>
        result.cacheStoreSeconds >> result.buildings >> result.tiles;
    std::string line;
    std::getline(in, line);
    std::vector<std::string> lines;
    while (std::getline(in, line)) lines.push_back(line);
    if (!in.eof() || ok != 1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        const std::string why = lines.empty() ? std::string("the import process ended abnormally") : lines.front();
        return gis::Result<bool>::failure("bench city: first open failed: " + why, spec.sources.front());
    }
    result.notes.insert(result.notes.end(), lines.begin(), lines.end());
    return true;
}

gis::Result<std::shared_ptr<LoadedLayer>> importAndReopen(const std::string& path,
                                                          const std::string& cachePath,
                                                          BenchCityResult& result)
{
    using R = gis::Result<std::shared_ptr<LoadedLayer>>;
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(cachePath + suffix, ec);
    const auto specs = specsForInput(path);
    if (specs.size() != 1) return R::failure("bench city: " + path + " is not one vector layer", path);
    gis::LayerSpec spec = specs.front();
    if (spec.kind == gis::LayerKind::Auto) spec.kind = gis::LayerKind::Buildings;
    auto frame = chooseSceneFrame(spec);
    if (!frame.ok()) return R::failure(frame.diagnostics());

    if (auto firstOpen = firstOpenInChild(spec, *frame, cachePath, result); !firstOpen.ok())
        return R::failure(firstOpen.diagnostics());
    result.cacheFileBytes = int64_t(std::filesystem::file_size(cachePath, ec));

    LoadContext context;
    context.frame = *frame;
    context.cachePath = cachePath;
    // Earlier cities of the same run freed their memory; hand it back to the
    // system so that this city's RSS counts only what it holds.
    ::malloc_trim(0);
    result.rssBeforeReopenBytes = currentRssBytes();
    const auto start = Clock::now();
    auto reopened = loadLayer(spec, context);
    result.reopenSeconds = secondsSince(start);
    if (!reopened.ok()) return R::failure(reopened.diagnostics());
    result.reopenFromCache = reopened->fromCache;
    result.reopenPaged = reopened->pagedMeshes != nullptr;
    if (!reopened->fromCache) result.notes.push_back("reopen did not come from the tile cache");
    return std::make_shared<LoadedLayer>(reopened.takeValue());
}

int64_t benchCount(const std::string& text)
{
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || v <= 0) return 0;
    const std::string unit(end);
    if (unit.empty()) return int64_t(v);
    if (unit == "k" || unit == "K") return int64_t(v * 1e3);
    if (unit == "m" || unit == "M") return int64_t(v * 1e6);
    return 0;
}

std::string benchCityWorkDir()
{
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    const char* home = std::getenv("HOME");
    const std::string base = xdg && *xdg ? std::string(xdg)
                             : home && *home ? std::string(home) + "/.cache"
                                             : std::filesystem::temp_directory_path().string();
    return base + "/citytwin/bench-city";
}

} // namespace citytwin::app
