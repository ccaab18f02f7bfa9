#pragma once
// What the user asked to open: a plain copyable value, safe to hand to workers.

#include "citytwin/gis/HeightRule.h"

#include <string>
#include <utility>
#include <vector>

namespace citytwin::gis {

/// What a layer becomes in the scene. Auto: decided from the source (polygons
/// → Buildings, lines → Lines, points → Points, a raster with one band →
/// Terrain, a raster with 3+ bands → Imagery).
enum class LayerKind { Auto, Buildings, Lines, Areas, Points, Terrain, Imagery };

const char* layerKindName(LayerKind kind);            ///< "buildings", "lines", ...
bool parseLayerKind(const std::string& name, LayerKind& kind);

/// Width of line ribbons (roads, rails, rivers): a numeric attribute in
/// metres, else a width per category value of `categoryAttribute`
/// (e.g. OSM `highway` = motorway → 14 m), else the default.
struct LineWidthRule {
    std::string widthAttribute;                                 ///< metres; empty = none
    std::string categoryAttribute;                              ///< e.g. "highway"
    std::vector<std::pair<std::string, double>> categoryWidths; ///< value → metres
    double defaultWidthMeters = 6.0;

    /// Defaults: `width` in metres, OSM `highway` classes.
    static LineWidthRule defaults();
    bool operator==(const LineWidthRule&) const = default;
};

/// Ribbon width of one feature by `rule`: a positive number in
/// `widthAttribute`, else the width of the `categoryAttribute` value (the
/// column, or the OSM `other_tags` entry of that name), else the default.
/// Pure; any thread.
double evaluateLineWidth(const LineWidthRule& rule, const AttributeList& attributes);

/// A layer of one or more GDAL/OGR (vector) or GDAL (raster) sources.
struct LayerSpec {
    std::string name;                 ///< shown in the layer list
    std::vector<std::string> sources; ///< paths, /vsizip/ paths or GDAL connection strings; all read into this layer
    std::string sourceLayer;          ///< OGR layer name inside each source; empty = the first layer whose geometry suits `kind`
    std::string crsOverride;          ///< EPSG:xxxx or WKT; when set it replaces every source's declared CRS; empty = as declared (no CRS = error)
    HeightRule heightRule = HeightRule::defaults();
    LayerKind kind = LayerKind::Auto;
    std::string attributeFilter;      ///< OGR SQL WHERE clause applied when reading; empty = all
    LineWidthRule lineWidth = LineWidthRule::defaults();
    double verticalExaggeration = 1.0; ///< terrain heights (and what stands on them) × this

    bool operator==(const LayerSpec&) const = default;
};

} // namespace citytwin::gis
