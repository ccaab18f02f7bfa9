#pragma once
// A sensor heat map: inverse-distance-weighted values on a regular grid,
// coloured on a fixed domain. The maths here is free of any scene graph, so
// tests and the app can call it on any thread.

#include "citytwin/gis/Geometry.h"
#include "citytwin/render/CityScene.h"

#include <functional>
#include <string>
#include <vector>

namespace citytwin::render {

/// What the heat map shows and where. A plain value; see SensorOverlay::setHeatMap.
struct HeatMapInput {
    std::vector<gis::DVec2> positions;  ///< sensor positions (scene CRS)
    std::vector<double> values;         ///< value of positions[i]; NaN = no value (sensor ignored)
    gis::Extent2 extent;                ///< area covered (scene CRS); empty = the positions' box
    double cellMeters = 25;             ///< grid spacing; enlarged so the grid stays <= kMaxHeatCells a side
    double maxDistanceMeters = 300;     ///< beyond this from every sensor: transparent (<= 0: no limit)
    double domainMin = 0, domainMax = 1; ///< colour domain: values are clamped to it, never rescaled
    std::vector<FeatureColor> ramp;     ///< colour stops low → high, evenly spaced (empty: blue → red)
    std::function<double(double, double)> groundHeight; ///< ground z at (x, y); empty = 0
    double opacity = 0.6;               ///< alpha of the mesh where it is covered
};

/// Cells a side at most (the grid has up to kMaxHeatCells + 1 nodes a side).
inline constexpr int kMaxHeatCells = 256;
/// How far above the ground the heat mesh is drawn (metres).
inline constexpr double kHeatLiftMeters = 2.0;

/// IDW values on the grid nodes: node (col, row) lies at
/// (originX + col * cellMeters, originY + row * cellMeters). NaN where no
/// sensor with a value lies within maxDistanceMeters.
struct HeatGrid {
    double originX = 0, originY = 0;
    double cellMeters = 0;
    int cols = 0, rows = 0;        ///< nodes, not cells
    std::vector<double> values;    ///< row-major, cols * rows
    double valueAt(int col, int row) const { return values[size_t(row) * cols + col]; }
    gis::DVec2 nodePosition(int col, int row) const {
        return {originX + col * cellMeters, originY + row * cellMeters};
    }
};

/// The value at (x, y): inverse distance weighting (power 2) of the sensors
/// within maxDistanceMeters; the sensor's own value at its position; NaN when
/// no sensor is in reach. Any thread.
double interpolateHeatAt(const HeatMapInput& input, double x, double y);

/// interpolateHeatAt() on every node of the input's grid. Any thread.
HeatGrid interpolateHeat(const HeatMapInput& input);

/// Colour of a value on the fixed domain (clamped at both ends; NaN gives
/// the lowest colour), linear between the ramp's evenly spaced stops.
FeatureColor heatColor(double value, double domainMin, double domainMax,
                       const std::vector<FeatureColor>& ramp);

/// The ramp used when HeatMapInput::ramp is empty: blue, cyan, yellow, red.
std::vector<FeatureColor> defaultHeatRamp();

/// Legend rows for a heat map, for the app to compose into
/// CityScene::setLegend: a header `title`, then `steps` swatches from
/// domainMax down to domainMin labelled with the value and `unit`
/// (e.g. "80 km/h"); the top one reads "≥ max", the bottom "≤ min". Any thread.
std::vector<LegendEntry> heatLegend(const HeatMapInput& input, const std::string& title,
                                    const std::string& unit, int steps = 5);

} // namespace citytwin::render
