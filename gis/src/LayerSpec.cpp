#include "citytwin/gis/LayerSpec.h"

#include <array>
#include <utility>

namespace citytwin::gis {
namespace {

constexpr std::array<std::pair<LayerKind, const char*>, 7> kKindNames = {{
    {LayerKind::Auto, "auto"},
    {LayerKind::Buildings, "buildings"},
    {LayerKind::Lines, "lines"},
    {LayerKind::Areas, "areas"},
    {LayerKind::Points, "points"},
    {LayerKind::Terrain, "terrain"},
    {LayerKind::Imagery, "imagery"},
}};

} // namespace

const char* layerKindName(LayerKind kind)
{
    for (const auto& [k, name] : kKindNames)
        if (k == kind) return name;
    return "auto";
}

bool parseLayerKind(const std::string& name, LayerKind& kind)
{
    for (const auto& [k, n] : kKindNames)
        if (name == n) {
            kind = k;
            return true;
        }
    return false;
}

LineWidthRule LineWidthRule::defaults()
{
    LineWidthRule rule;
    rule.widthAttribute = "width";
    rule.categoryAttribute = "highway";
    // Typical carriageway widths by OSM highway class, metres.
    rule.categoryWidths = {
        {"motorway", 16}, {"trunk", 14}, {"primary", 12}, {"secondary", 10},
        {"tertiary", 8},  {"residential", 6}, {"unclassified", 6}, {"service", 4},
        {"living_street", 5}, {"pedestrian", 4}, {"footway", 2}, {"path", 1.5},
        {"cycleway", 2}, {"steps", 2}, {"track", 3},
        {"motorway_link", 8}, {"trunk_link", 7}, {"primary_link", 7}, {"secondary_link", 6},
    };
    rule.defaultWidthMeters = 6.0;
    return rule;
}

} // namespace citytwin::gis
