#include "core/StyleApplier.h"

#include "citytwin/data/StyleEvaluator.h"

#include <algorithm>
#include <cctype>

namespace citytwin::app {
namespace {

bool nameHas(std::string name, const char* word)
{
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return name.find(word) != std::string::npos;
}

render::FeatureColor toScene(const data::Rgb& c) { return {c.r, c.g, c.b}; }

} // namespace

data::LayerStyle defaultStyleFor(gis::LayerKind kind, const std::string& layerName)
{
    data::LayerStyle style;
    switch (kind) {
    case gis::LayerKind::Lines: style.color = {70, 72, 78}; break;
    case gis::LayerKind::Points: style.color = {214, 68, 52}; break;
    case gis::LayerKind::Areas:
        if (nameHas(layerName, "water") || nameHas(layerName, "waterdeel")) style.color = {112, 160, 206};
        else if (nameHas(layerName, "weg") || nameHas(layerName, "road")) style.color = {120, 120, 124};
        else style.color = {128, 178, 104};
        break;
    default: style.color = {218, 210, 196}; break;
    }
    return style;
}

std::vector<render::LegendEntry> applyStyle(render::CityScene& scene, render::LayerId id,
                                            const data::LayerStyle& style,
                                            const gis::ImportedLayer& layer,
                                            gis::Diagnostics* diagnostics)
{
    const data::StyleResult result = data::evaluateStyle(style, layer.features);
    if (diagnostics) *diagnostics = result.diagnostics;

    std::vector<render::FeatureColor> colors;
    colors.reserve(result.colors.size());
    for (const auto& c : result.colors) colors.push_back(toScene(c));
    scene.setFeatureColors(id, colors, result.visible);
    scene.setLayerLabels(id, style.labelAttribute.empty() ? std::vector<std::string>() : result.labels);

    std::vector<render::LegendEntry> legend;
    if (style.mode == data::StyleMode::Single) return legend;
    for (const auto& item : result.legend) {
        render::LegendEntry e;
        e.label = item.label;
        e.color = toScene(item.color);
        e.isHeader = item.header;
        legend.push_back(e);
    }
    return legend;
}

} // namespace citytwin::app
