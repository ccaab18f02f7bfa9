#include "core/LayerLoader.h"

#include "citytwin/gis/InputExpansion.h"

#include <chrono>
#include <filesystem>

namespace citytwin::app {

gis::LayerSpec specForInput(const std::string& input)
{
    gis::LayerSpec spec;
    spec.sources = gis::expandInput(input);
    std::filesystem::path p(input);
    std::string name = p.filename().string();
    // "boston.shp" → "boston", "tfs_boston.zip" → "tfs_boston", keep connection strings whole.
    if (std::filesystem::exists(p)) {
        name = p.stem().string();
        if (name.ends_with(".osm")) name.resize(name.size() - 4);
    }
    spec.name = name.empty() ? input : name;
    return spec;
}

gis::Result<gis::SceneFrame> chooseSceneFrame(const gis::LayerSpec& spec)
{
    auto extent = gis::probeExtentLonLat(spec.sources, spec.sourceLayer, spec.crsOverride);
    if (!extent.ok())
        return gis::Result<gis::SceneFrame>::failure(extent.diagnostics());
    const gis::DVec2 c = extent->centre();
    return gis::Result<gis::SceneFrame>(gis::SceneFrame::utmFor(c.x, c.y), extent.diagnostics());
}

gis::Result<LoadedLayer> loadLayer(const gis::LayerSpec& spec,
                                   const std::optional<gis::SceneFrame>& frame,
                                   const gis::ProgressFn& progress,
                                   const gis::CancelToken* cancel)
{
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    gis::Diagnostics diagnostics;

    gis::SceneFrame sceneFrame;
    if (frame) {
        sceneFrame = *frame;
    } else {
        auto chosen = chooseSceneFrame(spec);
        if (!chosen.ok()) return gis::Result<LoadedLayer>::failure(chosen.diagnostics());
        sceneFrame = chosen.value();
    }

    auto importProgress = [&](double f) { if (progress) progress(0.9 * f); };
    auto imported = gis::importLayer(spec, sceneFrame, {}, importProgress, cancel);
    diagnostics = imported.diagnostics();
    if (!imported.ok()) return gis::Result<LoadedLayer>::failure(diagnostics);
    if (cancel && cancel->isCancelled())
        return gis::Result<LoadedLayer>::failure("cancelled", spec.name);

    LoadedLayer loaded;
    loaded.layer = imported.takeValue();
    loaded.prepared = render::prepareLayer(loaded.layer, cancel);
    if (progress) progress(1.0);
    loaded.importSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    return gis::Result<LoadedLayer>(std::move(loaded), std::move(diagnostics));
}

} // namespace citytwin::app
