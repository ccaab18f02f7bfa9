#include "cli/Commands.h"
#include "core/LayerLoader.h"
#include "core/StyleApplier.h"

#include "citytwin/data/ProjectStore.h"

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace citytwin::app {

int runImportCommand(int argc, char** argv)
{
    std::string projectPath;
    std::vector<std::string> inputs;
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") { printUsage(); return 0; }
        if (arg == "--project") {
            if (i + 1 >= argc) { std::fprintf(stderr, "citytwin import: --project needs a file\n"); return 2; }
            projectPath = argv[++i];
        } else if (arg.starts_with("--")) {
            std::fprintf(stderr, "citytwin import: unknown option %s (see citytwin --help)\n", arg.c_str());
            return 2;
        } else {
            inputs.push_back(arg);
        }
    }
    if (projectPath.empty() || inputs.empty()) {
        std::fprintf(stderr, "citytwin import: needs --project P.citytwin and at least one INPUT\n");
        return 2;
    }

    data::Project project;
    if (std::filesystem::exists(projectPath)) {
        auto loaded = data::ProjectStore::load(projectPath);
        if (!loaded.ok()) {
            std::fprintf(stderr, "citytwin import: cannot open %s: %s\n", projectPath.c_str(), loaded.firstError().c_str());
            return 1;
        }
        project = loaded.takeValue();
    }

    // Every input is read in full before the project changes: one bad input
    // leaves the project file exactly as it was.
    std::optional<gis::SceneFrame> frame;
    if (!project.sceneCrs.empty())
        frame = gis::SceneFrame{project.sceneCrs, project.sceneCrsName, project.tileSizeMeters};
    std::vector<data::ProjectLayer> added;
    for (const auto& input : inputs) {
        for (const auto& spec : specsForInput(input)) {
            LoadContext context;
            context.frame = frame;
            auto loaded = loadLayer(spec, context);
            if (!loaded.ok()) {
                std::fprintf(stderr, "citytwin import: cannot read %s: %s\n", input.c_str(), loaded.firstError().c_str());
                std::fprintf(stderr, "citytwin import: %s left unchanged\n", projectPath.c_str());
                return 1;
            }
            frame = loaded->frame;
            data::ProjectLayer layer;
            layer.id = data::newLayerId();
            layer.spec = spec;
            layer.style = defaultStyleFor(loaded->kind, spec.name);
            added.push_back(std::move(layer));
            std::printf("%s: %s, %lld features\n", spec.name.c_str(), gis::layerKindName(loaded->kind),
                        (long long)loaded->stats.featuresBuilt);
        }
    }
    if (project.sceneCrs.empty() && frame) {
        project.sceneCrs = frame->crsDefinition;
        project.sceneCrsName = frame->crsName;
        project.tileSizeMeters = frame->tileSizeMeters;
    }
    project.layers.insert(project.layers.end(), added.begin(), added.end());
    auto saved = data::ProjectStore::save(project, projectPath);
    if (!saved.ok()) {
        std::fprintf(stderr, "citytwin import: cannot save %s: %s\n", projectPath.c_str(), saved.firstError().c_str());
        return 1;
    }
    std::printf("%s: %zu layers\n", projectPath.c_str(), project.layers.size());
    return 0;
}

} // namespace citytwin::app
