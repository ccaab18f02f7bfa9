#include "cli/Commands.h"
#include "core/LayerLoader.h"
#include "core/LayerStack.h"
#include "core/ProjectLoader.h"
#include "core/StyleApplier.h"

#include "citytwin/data/ProjectStore.h"

#include "citytwin/render/CameraView.h"
#include "citytwin/render/CityScene.h"
#include "citytwin/render/OffscreenRenderer.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace citytwin::app {
namespace {

struct RenderArgs {
    int width = 1280, height = 720;
    std::string out = "citytwin.png";
    std::string camera;
    int frames = 0;
    std::string cache; ///< tile cache file; empty = none
    std::vector<std::string> inputs;
};

bool parseSize(const std::string& text, int& w, int& h)
{
    return std::sscanf(text.c_str(), "%dx%d", &w, &h) == 2 && w > 0 && h > 0 && w <= 16384 && h <= 16384;
}

std::optional<RenderArgs> parseArgs(int argc, char** argv)
{
    RenderArgs a;
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        if (arg == "--size") {
            const char* v = next();
            if (!v || !parseSize(v, a.width, a.height)) {
                std::fprintf(stderr, "citytwin render: --size needs WxH, e.g. 1280x720\n");
                return std::nullopt;
            }
        } else if (arg == "--out") {
            const char* v = next();
            if (!v) { std::fprintf(stderr, "citytwin render: --out needs a file name\n"); return std::nullopt; }
            a.out = v;
        } else if (arg == "--camera") {
            const char* v = next();
            if (!v) { std::fprintf(stderr, "citytwin render: --camera needs LON,LAT,RANGE,HEADING,PITCH\n"); return std::nullopt; }
            a.camera = v;
        } else if (arg == "--frames") {
            const char* v = next();
            if (!v || std::atoi(v) < 0) { std::fprintf(stderr, "citytwin render: --frames needs a count\n"); return std::nullopt; }
            a.frames = std::atoi(v);
        } else if (arg == "--cache") {
            const char* v = next();
            if (!v) { std::fprintf(stderr, "citytwin render: --cache needs a file name\n"); return std::nullopt; }
            a.cache = v;
        } else if (arg == "--help" || arg == "-h") {
            printUsage();
            std::exit(0);
        } else if (arg.starts_with("--")) {
            std::fprintf(stderr, "citytwin render: unknown option %s (see citytwin --help)\n", arg.c_str());
            return std::nullopt;
        } else {
            a.inputs.push_back(arg);
        }
    }
    if (a.inputs.empty()) {
        std::fprintf(stderr, "citytwin render: no INPUT given (see citytwin --help)\n");
        return std::nullopt;
    }
    return a;
}

void printDiagnostics(const gis::Diagnostics& diagnostics)
{
    int shown = 0;
    for (const auto& d : diagnostics) {
        if (d.severity == gis::Severity::Info) continue;
        if (++shown > 20) {
            std::fprintf(stderr, "... and %zu more diagnostics\n", diagnostics.size() - 20);
            break;
        }
        std::fprintf(stderr, "%s\n", gis::formatDiagnostic(d).c_str());
    }
}

} // namespace

int runRenderCommand(int argc, char** argv)
{
    const auto args = parseArgs(argc, argv);
    if (!args) return 2;

    // Plain inputs become a transient project with default styles, so one
    // path renders both.
    data::Project project;
    const bool isProject = args->inputs.size() == 1 && args->inputs.front().ends_with(".citytwin");
    if (isProject) {
        auto loaded = data::ProjectStore::load(args->inputs.front());
        if (!loaded.ok()) {
            std::fprintf(stderr, "citytwin render: cannot open %s: %s\n", args->inputs.front().c_str(),
                         loaded.firstError().c_str());
            return 1;
        }
        project = loaded.takeValue();
    } else {
        for (const auto& input : args->inputs)
            for (auto& spec : specsForInput(input)) {
                data::ProjectLayer layer;
                layer.id = data::newLayerId();
                layer.style = defaultStyleFor(spec.kind, spec.name);
                layer.spec = std::move(spec);
                project.layers.push_back(std::move(layer));
            }
    }

    render::CityScene scene;
    LayerStack stack(scene);
    std::optional<gis::SceneFrame> frame = projectFrame(project);
    gis::Diagnostics diagnostics;
    const int failures = loadProjectLayers(project, stack, frame, diagnostics, args->cache);
    if (!isProject) {
        // A plain input's kind is known only once read (polygons may be
        // buildings or areas): give each its kind's default colours now.
        std::vector<std::pair<std::string, LayerState>> restyled;
        for (const auto& entry : stack.layers())
            if (entry.loaded) {
                LayerState state = entry.state;
                state.style = defaultStyleFor(entry.loaded->kind, entry.state.name);
                restyled.emplace_back(entry.id, state);
            }
        for (const auto& [id, state] : restyled) stack.setState(id, state);
    }
    printDiagnostics(diagnostics);
    for (const auto& entry : stack.layers()) {
        const std::string what = entry.spec.sources.empty() ? entry.state.name : entry.spec.sources.front();
        if (entry.failed) {
            std::string why;
            for (const auto& d : entry.diagnostics)
                if (d.severity == gis::Severity::Error) { why = d.message; break; }
            std::fprintf(stderr, "citytwin render: cannot read %s: %s\n", what.c_str(), why.c_str());
        } else if (entry.loaded->vector) {
            const auto& st = entry.loaded->stats;
            std::fprintf(stderr, "%s: %lld features read, %lld built, %lld skipped (%.2f s)\n",
                         entry.state.name.c_str(), (long long)st.featuresRead, (long long)st.featuresBuilt,
                         (long long)st.featuresSkipped, entry.loaded->importSeconds);
        } else {
            std::fprintf(stderr, "%s: %s (%.2f s)\n", entry.state.name.c_str(),
                         gis::layerKindName(entry.loaded->kind), entry.loaded->importSeconds);
        }
    }
    if (failures > 0 || !frame) return 1;
    const gis::Extent2 extent = scene.extent();
    const double maxHeight = scene.maxHeightMeters();

    render::CameraView view = render::fitCamera(extent, maxHeight, double(args->width) / args->height);
    if (project.camera) {
        const auto& c = *project.camera;
        view.target = {c.targetX, c.targetY, c.targetZ};
        view.rangeMeters = c.range;
        view.headingDeg = c.heading;
        view.pitchDeg = c.pitch;
    }
    if (!args->camera.empty()) {
        auto parsed = render::parseCameraArgument(args->camera, *frame);
        if (!parsed.ok()) {
            std::fprintf(stderr, "citytwin render: --camera: %s\n", parsed.firstError().c_str());
            return 2;
        }
        view = parsed.value();
    }

    auto renderer = render::OffscreenRenderer::create(args->width, args->height);
    if (!renderer.ok()) {
        std::fprintf(stderr, "citytwin render: no offscreen OpenGL context: %s\n", renderer.firstError().c_str());
        return 1;
    }
    const render::RgbaImage image = renderer.value()->renderComplete(scene, view);
    auto written = render::writePng(image, args->out);
    if (!written.ok()) {
        std::fprintf(stderr, "citytwin render: cannot write %s: %s\n", args->out.c_str(), written.firstError().c_str());
        return 1;
    }
    std::printf("wrote %s (%dx%d)\n", args->out.c_str(), image.width, image.height);

    if (args->frames > 0) {
        const render::FrameStats s = renderer.value()->measureFrames(scene, view, args->frames);
        std::printf("first_frame_s %.3f\nframe_ms_median %.2f\nframe_ms_p95 %.2f\n"
                    "draw_calls %lld\ntriangles %lld\npeak_rss_mib %.1f\n",
                    s.firstFrameSeconds, s.medianFrameMs, s.p95FrameMs, (long long)s.drawCalls,
                    (long long)s.triangles, double(s.peakRssBytes) / (1024.0 * 1024.0));
    }
    return 0;
}

} // namespace citytwin::app
