#include "core/ProjectLoader.h"

#include "core/LayerLoader.h"

#include <algorithm>
#include <numeric>

namespace citytwin::app {

std::optional<gis::SceneFrame> projectFrame(const data::Project& project)
{
    if (project.sceneCrs.empty()) return std::nullopt;
    gis::SceneFrame frame;
    frame.crsDefinition = project.sceneCrs;
    frame.crsName = project.sceneCrsName;
    frame.tileSizeMeters = project.tileSizeMeters;
    return frame;
}

int loadProjectLayers(const data::Project& project, LayerStack& stack,
                      std::optional<gis::SceneFrame>& frame, gis::Diagnostics& diagnostics,
                      const std::string& cachePath)
{
    std::vector<size_t> order(project.layers.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return (project.layers[a].spec.kind == gis::LayerKind::Terrain) >
               (project.layers[b].spec.kind == gis::LayerKind::Terrain);
    });

    int failures = 0;
    std::vector<size_t> placed; // project indices already in the stack, in stack order
    for (size_t index : order) {
        const data::ProjectLayer& layer = project.layers[index];
        LoadContext context;
        context.frame = frame;
        context.elevation = stack.elevation();
        for (const auto& entry : stack.layers())
            if (context.elevation && entry.loaded && entry.loaded->terrain &&
                entry.loaded->terrain->elevation == context.elevation)
                context.elevationIdentity = entry.loaded->buildKey;
        context.cachePath = cachePath;
        auto loaded = loadLayer(layer.spec, context);
        diagnostics.insert(diagnostics.end(), loaded.diagnostics().begin(), loaded.diagnostics().end());

        LayerEntry entry;
        entry.id = layer.id;
        entry.spec = layer.spec;
        entry.state = LayerState{layer.spec.name, layer.visible, layer.opacity, layer.style};
        entry.diagnostics = loaded.diagnostics();
        if (loaded.ok()) {
            frame = loaded->frame;
            auto shared = std::make_shared<const LoadedLayer>(loaded.takeValue());
            entry.sceneId = addToScene(stack.scene(), *shared);
            entry.loaded = std::move(shared);
        } else {
            entry.failed = true;
            ++failures;
        }
        // Stack position: after every placed layer that comes earlier in the project.
        const int position = int(std::count_if(placed.begin(), placed.end(), [&](size_t p) { return p < index; }));
        placed.insert(placed.begin() + position, index);
        stack.insert(std::move(entry), position);
    }
    return failures;
}

} // namespace citytwin::app
