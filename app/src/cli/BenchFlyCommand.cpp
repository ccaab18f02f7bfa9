// citytwin bench fly: the real window on a synthetic city (or an input), a
// scripted fly-through with every frame of the view timed; paging hitches
// show as frames far over the median (issue 5: none over 10x).

#include "cli/BenchCityCity.h"
#include "cli/BenchCommands.h"
#include "cli/BenchReport.h"
#include "core/LayerStack.h"
#include "ui/FlyThrough.h"
#include "ui/MainWindow.h"
#include "ui/SurfaceFormat.h"
#include "ui/ViewerWidget.h"

#include "citytwin/render/CityScene.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QOpenGLContext>
#include <QOpenGLFunctions>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace citytwin::app {
namespace {

struct BenchFlyArgs {
    int64_t buildings = 1000000;
    std::string input;
    std::string json;
    std::string workDir;
    double seconds = 30;
    double fps = 60;
    int width = 1280, height = 720;
    double budgetMb = 512;
    double lodErrorPixels = 0; ///< 0: the scene's default
    double loadTimeoutS = 3600;
};

std::optional<BenchFlyArgs> parseArgs(int argc, char** argv)
{
    BenchFlyArgs a;
    a.workDir = benchCityWorkDir();
    auto positive = [](const char* text, double& out) {
        char* end = nullptr;
        const double v = std::strtod(text, &end);
        if (end == text || *end || !(v > 0)) return false;
        out = v;
        return true;
    };
    for (int i = 3; i < argc; ++i) {
        const std::string arg = argv[i];
        const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
        if (!value) {
            std::fprintf(stderr, "citytwin bench fly: %s needs a value (see citytwin bench fly --help)\n",
                         arg.c_str());
            return std::nullopt;
        }
        bool ok = true;
        if (arg == "--buildings") {
            a.buildings = benchCount(value);
            ok = a.buildings > 0;
        } else if (arg == "--input") {
            a.input = value;
        } else if (arg == "--json") {
            a.json = value;
        } else if (arg == "--work") {
            a.workDir = value;
        } else if (arg == "--seconds") {
            ok = positive(value, a.seconds);
        } else if (arg == "--fps") {
            ok = positive(value, a.fps);
        } else if (arg == "--load-timeout") {
            ok = positive(value, a.loadTimeoutS);
        } else if (arg == "--budget-mb") {
            char* end = nullptr;
            a.budgetMb = std::strtod(value, &end);
            ok = end != value && !*end && a.budgetMb >= 0;
        } else if (arg == "--lod-error") {
            ok = positive(value, a.lodErrorPixels);
        } else if (arg == "--size") {
            ok = std::sscanf(value, "%dx%d", &a.width, &a.height) == 2 && a.width >= 320 && a.height >= 200;
        } else {
            std::fprintf(stderr, "citytwin bench fly: unknown option %s\n", arg.c_str());
            return std::nullopt;
        }
        if (!ok) {
            std::fprintf(stderr, "citytwin bench fly: bad value '%s' for %s\n", value, arg.c_str());
            return std::nullopt;
        }
        ++i;
    }
    return a;
}

/// Why the window cannot be shown here, or empty. Checked before QApplication
/// exists: Qt aborts when its platform cannot connect to a display.
std::string displayProblem()
{
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    if (platform.startsWith("offscreen") || platform.startsWith("minimal"))
        return "QT_QPA_PLATFORM=" + platform.toStdString() +
               " has no OpenGL window; unset it and run under a display (e.g. xvfb-run)";
    if (platform.startsWith("wayland")) return qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ? "no WAYLAND_DISPLAY" : "";
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        return "no display (DISPLAY is not set)";
    return {};
}

struct Figures {
    int64_t buildings = 0;
    std::string input;
    bool fromCache = false;
    double loadS = 0;
    double settleS = 0;
    int frames = 0;
    int drivenFrames = 0;
    double flySeconds = 0;
    double medianMs = 0, p95Ms = 0, p99Ms = 0, maxMs = 0, meanMs = 0;
    double maxOverMedian = 0;
    int framesOver10x = 0;
    int framesOver2x = 0;
    int worstFrame = -1;
    int over10xWhilePaging = 0;  ///< of the frames over 10x, those where attached bytes changed
    std::vector<int> worstFrames; ///< the five slowest, slowest first
    std::string loadAverage;      ///< /proc/loadavg before the fly-through (a shared machine shows here)
    double worstAtS = 0, worstU = 0;
    double intervalMedianMs = 0, intervalMaxMs = 0;
    int64_t peakAttachedBytes = 0;
    int64_t finalAttachedBytes = 0;
    int64_t minAttachedBytes = 0;
    int64_t budgetBytes = 0;
    int64_t coarseBytes = 0;
    int maxPendingTiles = 0;
    int tilesPerFrame = 0;
    int64_t rssBytes = 0;
    int64_t peakRssBytes = 0;
    int width = 0, height = 0;
    std::string glRenderer;
    bool passed = false;
};

void summarise(const FlyThroughResult& fly, Figures& f)
{
    f.frames = int(fly.frames.size());
    f.flySeconds = fly.seconds;
    std::vector<float> ms, intervals;
    double sum = 0;
    f.minAttachedBytes = fly.frames.empty() ? 0 : fly.frames.front().attachedBytes;
    for (size_t i = 0; i < fly.frames.size(); ++i) {
        const FlyFrame& frame = fly.frames[i];
        ms.push_back(float(frame.ms));
        sum += frame.ms;
        if (i > 0) intervals.push_back(float((frame.endS - fly.frames[i - 1].endS) * 1e3));
        if (frame.driven) ++f.drivenFrames;
        f.peakAttachedBytes = std::max(f.peakAttachedBytes, frame.attachedBytes);
        f.minAttachedBytes = std::min(f.minAttachedBytes, frame.attachedBytes);
        f.maxPendingTiles = std::max(f.maxPendingTiles, frame.pendingTiles);
        if (f.worstFrame < 0 || frame.ms > fly.frames[size_t(f.worstFrame)].ms) f.worstFrame = int(i);
    }
    if (!fly.frames.empty()) {
        f.finalAttachedBytes = fly.frames.back().attachedBytes;
        const FlyFrame& worst = fly.frames[size_t(f.worstFrame)];
        f.worstAtS = worst.endS;
        f.worstU = worst.u;
    }
    f.meanMs = ms.empty() ? 0 : sum / double(ms.size());
    f.medianMs = percentile(ms, 50);
    f.p95Ms = percentile(ms, 95);
    f.p99Ms = percentile(ms, 99);
    f.maxMs = percentile(ms, 100);
    f.intervalMedianMs = percentile(intervals, 50);
    f.intervalMaxMs = percentile(intervals, 100);
    f.maxOverMedian = f.medianMs > 0 ? f.maxMs / f.medianMs : 0;
    for (size_t i = 0; i < fly.frames.size(); ++i) {
        const FlyFrame& frame = fly.frames[i];
        const bool paging = i > 0 && frame.attachedBytes != fly.frames[i - 1].attachedBytes;
        if (frame.ms > 10 * f.medianMs) {
            ++f.framesOver10x;
            if (paging) ++f.over10xWhilePaging;
        }
        if (frame.ms > 2 * f.medianMs) ++f.framesOver2x;
    }
    std::vector<int> order(fly.frames.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = int(i);
    std::sort(order.begin(), order.end(),
              [&](int a, int b) { return fly.frames[size_t(a)].ms > fly.frames[size_t(b)].ms; });
    order.resize(std::min<size_t>(order.size(), 5));
    f.worstFrames = order;
    f.passed = f.frames > 0 && f.maxOverMedian <= 10.0;
}

void printTable(const Figures& f, const FlyThroughResult& fly)
{
    const auto mib = [](int64_t b) { return double(b) / (1024.0 * 1024.0); };
    std::printf("bench fly: %lld buildings, %dx%d, %s%s\n", (long long)f.buildings, f.width, f.height,
                f.glRenderer.c_str(), f.fromCache ? ", layer from the tile cache" : "");
    std::printf("  %-24s %12.2f\n", "load_s", f.loadS);
    std::printf("  %-24s %12.2f  (%d frames, %d driven)\n", "fly_s", f.flySeconds, f.frames, f.drivenFrames);
    std::printf("  %-24s %12.2f\n", "median_ms", f.medianMs);
    std::printf("  %-24s %12.2f\n", "p95_ms", f.p95Ms);
    std::printf("  %-24s %12.2f\n", "p99_ms", f.p99Ms);
    std::printf("  %-24s %12.2f  (frame %d, %.1f s in, path %.2f)\n", "max_ms", f.maxMs, f.worstFrame, f.worstAtS,
                f.worstU);
    std::printf("  %-24s %12.2f  (target <= 10)\n", "max_over_median", f.maxOverMedian);
    std::printf("  %-24s %12d  (%d of them attached or detached tiles)\n", "frames_over_10x_median",
                f.framesOver10x, f.over10xWhilePaging);
    std::printf("  %-24s %12d\n", "frames_over_2x_median", f.framesOver2x);
    std::printf("  %-24s %12.2f / %.2f\n", "interval_ms median/max", f.intervalMedianMs, f.intervalMaxMs);
    std::printf("  %-24s %12.1f MiB (budget %s)\n", "peak_attached", mib(f.peakAttachedBytes),
                f.budgetBytes > 0 ? (std::to_string(int64_t(mib(f.budgetBytes))) + " MiB").c_str() : "none");
    std::printf("  %-24s %12d\n", "max_pending_tiles", f.maxPendingTiles);
    std::printf("  %-24s %12.1f MiB (peak %.1f MiB)\n", "rss", mib(f.rssBytes), mib(f.peakRssBytes));
    std::printf("  %-24s %12s\n", "load average", f.loadAverage.c_str());
    for (int i : f.worstFrames) {
        const FlyFrame& w = fly.frames[size_t(i)];
        const int64_t before = i > 0 ? fly.frames[size_t(i) - 1].attachedBytes : w.attachedBytes;
        std::printf("  slow frame %5d %8.1f ms  path %.3f  attached %+.1f MiB  pending %d  %lld draws, %.2fM triangles\n",
                    i, w.ms, w.u, double(w.attachedBytes - before) / (1024.0 * 1024.0), w.pendingTiles,
                    (long long)w.drawCalls, double(w.triangles) / 1e6);
    }
    std::printf("  %-24s %12s\n", "result", f.passed ? "PASS" : "FAIL");
}

bool writeJson(const Figures& f, const FlyThroughResult& fly, const std::string& path)
{
    nlohmann::json frames = nlohmann::json::array();
    for (const FlyFrame& frame : fly.frames)
        frames.push_back({{"ms", frame.ms}, {"t", frame.endS}, {"u", frame.u}, {"attached", frame.attachedBytes},
                          {"pending", frame.pendingTiles}, {"driven", frame.driven},
                          {"draw_calls", frame.drawCalls}, {"triangles", frame.triangles}});
    const nlohmann::json j = {
        {"buildings", f.buildings},
        {"input", f.input},
        {"from_cache", f.fromCache},
        {"width", f.width},
        {"height", f.height},
        {"gl_renderer", f.glRenderer},
        {"measured", "per frame: the viewer's paint event (paintGL: OSG event, update with paging, cull, "
                     "draw into the widget FBO) + glFinish; composition excluded"},
        {"load_s", f.loadS},
        {"settle_s", f.settleS},
        {"fly_s", f.flySeconds},
        {"frames", f.frames},
        {"driven_frames", f.drivenFrames},
        {"mean_ms", f.meanMs},
        {"median_ms", f.medianMs},
        {"p95_ms", f.p95Ms},
        {"p99_ms", f.p99Ms},
        {"max_ms", f.maxMs},
        {"max_over_median", f.maxOverMedian},
        {"frames_over_10x_median", f.framesOver10x},
        {"frames_over_10x_median_paging", f.over10xWhilePaging},
        {"frames_over_2x_median", f.framesOver2x},
        {"slowest_frames", f.worstFrames},
        {"load_average", f.loadAverage},
        {"worst_frame", f.worstFrame},
        {"worst_frame_t", f.worstAtS},
        {"worst_frame_u", f.worstU},
        {"interval_median_ms", f.intervalMedianMs},
        {"interval_max_ms", f.intervalMaxMs},
        {"peak_attached_bytes", f.peakAttachedBytes},
        {"min_attached_bytes", f.minAttachedBytes},
        {"final_attached_bytes", f.finalAttachedBytes},
        {"coarse_bytes", f.coarseBytes},
        {"budget_bytes", f.budgetBytes},
        {"max_pending_tiles", f.maxPendingTiles},
        {"tiles_per_frame", f.tilesPerFrame},
        {"rss_bytes", f.rssBytes},
        {"peak_rss_bytes", f.peakRssBytes},
        {"passed", f.passed},
        {"per_frame", frames},
    };
    std::ofstream out(path);
    out << j.dump(1) << '\n';
    return bool(out);
}

/// Runs the event loop until `done` or `timeoutS`; false on timeout.
template <class Done>
bool waitFor(Done done, double timeoutS, const char* what)
{
    QElapsedTimer t;
    t.start();
    qint64 lastNote = 0;
    while (!done()) {
        if (t.elapsed() > qint64(timeoutS * 1000)) return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        if (t.elapsed() - lastNote > 10000) {
            lastNote = t.elapsed();
            std::fprintf(stderr, "bench fly:   %s… %.0f s\n", what, double(t.elapsed()) / 1000.0);
        }
    }
    return true;
}

} // namespace

void printBenchFlyUsage()
{
    std::printf(
        "Usage: citytwin bench fly [--buildings N | --input FILE] [--seconds S] [--size WxH]\n"
        "                          [--budget-mb M] [--fps F] [--json FILE] [--work DIR]\n"
        "                          [--load-timeout S] [--lod-error PX]\n\n"
        "Opens the main window (needs a display; e.g. xvfb-run -a -s \"-screen 0 1280x800x24\"),\n"
        "loads the synthetic city of N buildings (default 1M; generated once in DIR, default\n"
        "~/.cache/citytwin/bench-city, shared with bench city) or FILE through the window's\n"
        "loading path, waits for the load, fits the view, then flies for S seconds (default 30):\n"
        "high over a corner, down to street level, low across the city, a turn, a climb out.\n"
        "Camera steps at F per second (default 60), each drawn before the next.\n"
        "Per frame it measures the viewer's paint event (paintGL: OSG update with tile paging,\n"
        "cull, draw) plus glFinish. View size WxH (default 1280x720); memory budget for\n"
        "full-detail tiles M MiB (default 512; 0 = none). Prints a table; --json writes the\n"
        "figures and every frame. --lod-error sets the level of detail's screen error (pixels).\n"
        "Exit 0 when the slowest frame is at most 10x the median.\n");
}

int runBenchFly(int argc, char** argv)
{
    const auto args = parseArgs(argc, argv);
    if (!args) return 2;
    if (const std::string problem = displayProblem(); !problem.empty()) {
        std::fprintf(stderr,
                     "citytwin bench fly: needs a display for the window: %s.\n"
                     "  Run it under X, Wayland or Xvfb, e.g.: xvfb-run -a -s \"-screen 0 1280x800x24\" "
                     "citytwin bench fly ...\n",
                     problem.c_str());
        return 1;
    }
    Figures f;
    f.width = args->width;
    f.height = args->height;
    if (!args->input.empty()) {
        f.input = args->input;
    } else {
        std::error_code ec;
        std::filesystem::create_directories(args->workDir, ec);
        auto file = benchCityFile(args->buildings, args->workDir);
        if (!file.ok()) {
            std::fprintf(stderr, "citytwin bench fly: %s\n", file.firstError().c_str());
            return 1;
        }
        f.input = *file;
    }

    installSurfaceFormat();
    int qtArgc = 1;
    char* qtArgv[] = {argv[0], nullptr};
    QApplication app(qtArgc, qtArgv);
    // Its own settings and tile cache (not the user's window's), no dialogs.
    QApplication::setOrganizationName(QStringLiteral("CityTwin"));
    QApplication::setApplicationName(QStringLiteral("citytwin-bench-fly"));
    qputenv("CITYTWIN_NO_DIALOGS", "1");

    MainWindow window;
    render::CityScene& scene = window.scene();
    f.budgetBytes = int64_t(args->budgetMb * 1024 * 1024);
    scene.setMemoryBudget(f.budgetBytes);
    if (args->lodErrorPixels > 0) scene.setMaxScreenErrorPixels(args->lodErrorPixels);
    f.tilesPerFrame = scene.tilesPerFrame();
    ViewerWidget* viewer = window.viewer();
    viewer->setFixedSize(args->width, args->height);
    window.show();
    if (!waitFor([&] { return viewer->framesDrawn() > 0; }, 30, "waiting for the first frame of the window") ||
        !viewer->context() || !viewer->context()->isValid()) {
        std::fprintf(stderr, "citytwin bench fly: the window drew no OpenGL frame (no GL context?)\n");
        return 1;
    }
    viewer->makeCurrent();
    if (const auto* renderer = viewer->context()->functions()->glGetString(GL_RENDERER))
        f.glRenderer = reinterpret_cast<const char*>(renderer);
    viewer->doneCurrent();

    std::fprintf(stderr, "bench fly: loading %s (%s)\n", f.input.c_str(), f.glRenderer.c_str());
    QElapsedTimer load;
    load.start();
    window.openInputs({QString::fromStdString(f.input)});
    // The initial load only: the layers in, and the tiles the first view wants attached.
    if (!waitFor([&] { return !window.isLoading() && scene.pendingTiles() == 0; }, args->loadTimeoutS,
                 "loading")) {
        std::fprintf(stderr, "citytwin bench fly: not loaded after %.0f s\n", args->loadTimeoutS);
        return 1;
    }
    f.loadS = double(load.nsecsElapsed()) / 1e9;
    for (const LayerEntry& entry : window.layers().layers()) {
        if (entry.failed || !entry.loaded) {
            std::fprintf(stderr, "citytwin bench fly: %s could not be loaded: %s\n", f.input.c_str(),
                         qPrintable(window.statusMessage()));
            return 1;
        }
        f.buildings += entry.loaded->stats.featuresBuilt;
        f.fromCache = f.fromCache || entry.loaded->fromCache;
    }
    std::fprintf(stderr, "bench fly: loaded %lld features in %.2f s%s\n", (long long)f.buildings, f.loadS,
                 f.fromCache ? " (from the tile cache)" : "");

    // Fit, and start from a settled view: its tiles in, its frame drawn.
    QElapsedTimer settle;
    settle.start();
    const qint64 drawn = viewer->framesDrawn();
    viewer->fitTo(scene.extent(), scene.maxHeightMeters());
    if (!waitFor([&] { return viewer->framesDrawn() > drawn && scene.pendingTiles() == 0; }, 120, "settling"))
        std::fprintf(stderr, "bench fly: note: %d tiles still pending at the start\n", scene.pendingTiles());
    f.settleS = double(settle.nsecsElapsed()) / 1e9;
    f.coarseBytes = scene.coarseGeometryBytes();

    if (std::ifstream loadavg("/proc/loadavg"); loadavg) {
        std::getline(loadavg, f.loadAverage);
        if (const auto cut = f.loadAverage.find(' ', f.loadAverage.find(' ', f.loadAverage.find(' ') + 1) + 1);
            cut != std::string::npos)
            f.loadAverage.resize(cut); // the 1, 5 and 15 minute averages
    }
    std::fprintf(stderr, "bench fly: flying for %.0f s\n", args->seconds);
    FlyThroughOptions options;
    options.seconds = args->seconds;
    options.fps = args->fps;
    const FlyThroughResult fly = runFlyThrough(window, options);
    if (!fly.error.empty()) {
        std::fprintf(stderr, "citytwin bench fly: %s\n", fly.error.c_str());
        return 1;
    }
    f.rssBytes = currentRssBytes();
    f.peakRssBytes = peakRssBytes();
    summarise(fly, f);
    printTable(f, fly);
    if (!args->json.empty() && !writeJson(f, fly, args->json)) {
        std::fprintf(stderr, "citytwin bench fly: cannot write %s\n", args->json.c_str());
        return 1;
    }
    return f.passed ? 0 : 1;
}

} // namespace citytwin::app
