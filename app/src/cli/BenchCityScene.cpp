#include "cli/BenchCityScene.h"

#include "cli/BenchCityBaselines.h"
#include "cli/BenchCityCity.h"
#include "cli/BenchCityPick.h"
#include "core/LayerMeshes.h"

#include "citytwin/render/CameraView.h"
#include "citytwin/render/CityScene.h"

#include <osg/Geometry>
#include <osg/NodeVisitor>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>

namespace citytwin::app {
namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// Every osg::Geometry under a node.
class GeometryCollector : public osg::NodeVisitor {
public:
    GeometryCollector() : osg::NodeVisitor(TRAVERSE_ALL_CHILDREN) {}
    void apply(osg::Geometry& g) override { geometries.push_back(&g); }
    std::vector<osg::Geometry*> geometries;
};

template <typename Fn>
void forEachBuffer(const osg::Geometry& g, Fn fn)
{
    for (const osg::Array* a : {g.getVertexArray(), g.getNormalArray(), g.getColorArray(),
                                g.getSecondaryColorArray(), g.getFogCoordArray()})
        if (a) fn(*a);
    for (const auto& a : g.getTexCoordArrayList()) if (a) fn(*a);
    for (const auto& a : g.getVertexAttribArrayList()) if (a) fn(*a);
    for (unsigned i = 0; i < g.getNumPrimitiveSets(); ++i)
        if (const auto* e = dynamic_cast<const osg::DrawElements*>(g.getPrimitiveSet(i))) fn(*e);
}

struct BufferTally {
    int64_t modifications = 0; ///< sum of modified counts: each bump re-uploads that buffer
    int64_t bytes = 0;
    int64_t geometries = 0;
};

BufferTally tallyBuffers(osg::Node& root)
{
    GeometryCollector collector;
    root.accept(collector);
    BufferTally t;
    for (const osg::Geometry* g : collector.geometries) {
        ++t.geometries;
        forEachBuffer(*g, [&t](const osg::BufferData& b) {
            t.modifications += b.getModifiedCount();
            t.bytes += b.getTotalDataSize();
        });
    }
    return t;
}

/// An orbit around the city that also flies in and out: headings round the
/// circle, range from 0.35 to 1 × the whole-city range.
std::vector<render::CameraView> cameraPath(const render::CameraView& overview, int frames)
{
    std::vector<render::CameraView> path;
    for (int k = 0; k < frames; ++k) {
        const double a = 2 * M_PI * k / std::max(frames, 1);
        render::CameraView v = overview;
        v.headingDeg = 360.0 * k / std::max(frames, 1);
        v.rangeMeters = overview.rangeMeters * (0.35 + 0.65 * (0.5 + 0.5 * std::cos(a)));
        path.push_back(v);
    }
    return path;
}

/// Median frame time of drawing `scene` once from each of `views`.
double medianFrameMs(render::OffscreenRenderer& renderer, render::CityScene& scene,
                     const std::vector<render::CameraView>& views)
{
    std::vector<double> ms;
    for (const auto& v : views) ms.push_back(renderer.measureFrames(scene, v, 1).medianFrameMs);
    if (ms.empty()) return 0;
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

/// Every `step`-th view of a path, `count` of them.
std::vector<render::CameraView> subsample(const std::vector<render::CameraView>& path, int count)
{
    std::vector<render::CameraView> out;
    const int step = std::max(1, int(path.size()) / std::max(count, 1));
    for (size_t i = 0; i < path.size() && int(out.size()) < count; i += size_t(step)) out.push_back(path[i]);
    return out;
}

double baselineFrameMs(render::OffscreenRenderer& renderer, osg::ref_ptr<osg::Node> node,
                       const std::vector<render::CameraView>& views)
{
    render::CityScene baseline; // same viewer set-up, sky and light; no layers
    baseline.root()->addChild(node);
    renderer.measureFrames(baseline, views.front(), 1); // uploads the buffers
    return medianFrameMs(renderer, baseline, views);
}

struct SettledFrames {
    double sceneMs = 0;       ///< the scene, once settled at each view
    double mergedMs = 0;      ///< merged mesh of what it drew, shaded as drawn
    double mergedFixedMs = 0; ///< the same mesh, fixed-function
};

double medianOf(std::vector<double> ms)
{
    if (ms.empty()) return 0;
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

/// Per path view, every figure measured the same way (one frame that
/// settles or uploads, then the median of two): the scene, then one
/// pre-merged mesh of exactly the triangles its frame drew, shaded as the
/// scene shades them (same program, feature-state texture and uniforms),
/// and the same mesh fixed-function. The medians over the path.
SettledFrames settledFrames(render::OffscreenRenderer& renderer, render::CityScene& scene,
                            const std::vector<render::CameraView>& views)
{
    std::vector<double> sceneMs, mergedMs, fixedMs;
    for (const auto& v : views) {
        renderer.measureFrames(scene, v, 1);
        sceneMs.push_back(renderer.measureFrames(scene, v, 2).medianFrameMs);
        const std::vector<render::DrawnMesh> drawn = renderer.lastDrawnMeshes();
        for (BaselineShading shading : {BaselineShading::AsDrawn, BaselineShading::FixedFunction}) {
            render::CityScene baseline; // same viewer set-up, sky and light; no layers
            baseline.root()->addChild(buildMergedOfDrawn(drawn, shading));
            renderer.measureFrames(baseline, v, 1); // uploads the buffers
            const double ms = renderer.measureFrames(baseline, v, 2).medianFrameMs;
            (shading == BaselineShading::AsDrawn ? mergedMs : fixedMs).push_back(ms);
        }
    }
    return {medianOf(sceneMs), medianOf(mergedMs), medianOf(fixedMs)};
}

void restyle(render::OffscreenRenderer& renderer, render::CityScene& scene, render::LayerId id,
             const render::CameraView& overview, BenchCityResult& result)
{
    const uint32_t n = scene.featureCount(id);
    std::vector<render::FeatureColor> colors(n);
    std::mt19937 rng(11);
    for (auto& c : colors) c = {uint8_t(rng()), uint8_t(rng()), uint8_t(rng())};
    const BufferTally before = tallyBuffers(*scene.root());
    const auto start = Clock::now();
    scene.setFeatureColors(id, colors, {});
    result.restyleMs = msSince(start);
    result.restyleFrameMs = renderer.measureFrames(scene, overview, 1).medianFrameMs;
    const BufferTally after = tallyBuffers(*scene.root());
    result.restyleVertexUploads = after.modifications - before.modifications;
    if (after.geometries != before.geometries)
        result.notes.push_back("geometry count changed during restyle: " + std::to_string(before.geometries) +
                               " -> " + std::to_string(after.geometries));
}

} // namespace

gis::Result<bool> measureCityScene(const LoadedLayer& layer, const std::string& sourcePath,
                                   render::OffscreenRenderer& renderer,
                                   const BenchCitySceneOptions& options, BenchCityResult& result)
{
    const double aspect = double(options.width) / options.height;
    render::CityScene scene;
    const auto start = Clock::now();
    const render::LayerId id = addToScene(scene, layer);
    const render::CameraView overview = render::fitCamera(layer.extent, layer.vector->maxHeightMeters, aspect);
    renderer.renderComplete(scene, overview);
    result.firstFrameSeconds = result.reopenSeconds + msSince(start) / 1000.0;
    std::fprintf(stderr, "bench city:   first complete frame after %.2f s\n", result.firstFrameSeconds);

    const BufferTally tiles = tallyBuffers(*scene.root());
    result.vertexIndexBytes = tiles.bytes;
    result.rssBytes = currentRssBytes();
    result.peakRssBytes = peakRssBytes();

    const render::FrameStats still = renderer.measureFrames(scene, overview, 3);
    result.drawCalls = still.drawCalls;
    result.trianglesDrawn = still.triangles;

    const auto path = cameraPath(overview, options.pathFrames);
    result.pathFrames = int(path.size());
    result.flyingFrameMs = medianFrameMs(renderer, scene, path);
    std::fprintf(stderr, "bench city:   %d path frames flown, median %.1f ms, %lld draw calls\n", result.pathFrames,
                 result.flyingFrameMs, (long long)result.drawCalls);

    restyle(renderer, scene, id, overview, result);
    auto picked = measurePicking(scene, id, *layer.vector, sourcePath, options.width, options.height,
                                 options.pickClicks, result);
    if (!picked.ok()) result.notes.push_back(picked.firstError());
    std::fprintf(stderr, "bench city:   restyle %.1f ms, pick median %.2f ms, %.1f %% correct\n", result.restyleMs,
                 result.pickMs, result.pickCorrectPct);

    // A paged layer's meshes are read back from the tile cache for these.
    const LayerMeshes meshes(layer);
    const SettledFrames settled = settledFrames(renderer, scene, path);
    result.frameMs = settled.sceneMs;
    result.mergedFrameMs = settled.mergedMs;
    result.mergedFixedFrameMs = settled.mergedFixedMs;
    {   // (its arrays are freed before the next baseline is built)
        auto merged = buildMergedMesh(meshes);
        if (!merged.ok()) return gis::Result<bool>::failure(merged.diagnostics());
        result.mergedAllFrameMs = baselineFrameMs(renderer, *merged, path);
    }
    std::fprintf(stderr,
                 "bench city:   settled %.1f ms; merged mesh of the triangles drawn %.1f ms (fixed-function %.1f ms, "
                 "of all triangles %.1f ms)\n",
                 result.frameMs, result.mergedFrameMs, result.mergedFixedFrameMs, result.mergedAllFrameMs);
    const auto naivePath = subsample(path, options.naiveFrames);
    result.naiveFrames = int(naivePath.size());
    auto naive = buildNodePerBuilding(meshes, options.naiveMaxBuildings, result.naiveBuildings);
    if (!naive.ok()) return gis::Result<bool>::failure(naive.diagnostics());
    result.naiveFrameMs = baselineFrameMs(renderer, *naive, naivePath);
    if (result.naiveBuildings < result.buildings)
        result.notes.push_back("naive scene: " + std::to_string(result.naiveBuildings) + " of " +
                               std::to_string(result.buildings) + " buildings (a lower bound of its frame time)");
    std::fprintf(stderr, "bench city:   naive (%lld buildings) median %.1f ms over %d frames\n",
                 (long long)result.naiveBuildings, result.naiveFrameMs, result.naiveFrames);
    return true;
}

} // namespace citytwin::app
