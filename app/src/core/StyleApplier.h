#pragma once
// Applies a layer style to the scene: evaluated per feature (data), written
// into the layer's feature-state texture (render). Never touches geometry.

#include "citytwin/data/LayerStyle.h"
#include "citytwin/gis/LayerImporter.h"
#include "citytwin/gis/Result.h"
#include "citytwin/render/CityScene.h"

#include <string>
#include <vector>

namespace citytwin::app {

/// A default style for a new layer of this kind and name (parks green,
/// water blue, roads dark grey, buildings light beige).
data::LayerStyle defaultStyleFor(gis::LayerKind kind, const std::string& layerName);

/// Evaluates `style` over the layer's features and writes colours,
/// visibility and labels into the scene; returns the layer's legend entries
/// (empty for a single-colour style) and the style's diagnostics
/// (e.g. filter errors). GUI thread.
std::vector<render::LegendEntry> applyStyle(render::CityScene& scene, render::LayerId id,
                                            const data::LayerStyle& style,
                                            const gis::ImportedLayer& layer,
                                            gis::Diagnostics* diagnostics = nullptr);

} // namespace citytwin::app
