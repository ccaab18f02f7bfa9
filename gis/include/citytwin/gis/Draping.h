#pragma once
// Geometry that lies on the ground: line ribbons and flat area polygons,
// draped on an ElevationModel (or flat at z = 0 without one).

#include "citytwin/gis/ElevationModel.h"
#include "citytwin/gis/Geometry.h"
#include "citytwin/gis/MeshChunk.h"

#include <cstdint>
#include <vector>

namespace citytwin::gis {

/// How draped geometry follows the ground. Areas lie under lines, lines under
/// buildings: different lifts keep them from z-fighting.
struct DrapeOptions {
    double liftMeters = 0.3;           ///< height above the ground
    double sampleSpacingMeters = 20.0; ///< with an elevation model: longest edge between height samples
    /// Lift of line ribbons and of area polygons.
    static constexpr double kLineLiftMeters = 0.3;
    static constexpr double kAreaLiftMeters = 0.15;
    bool operator==(const DrapeOptions&) const = default;
};

/// A line string in the scene CRS (no repeated points needed; repeats are
/// dropped). A string whose last point equals its first is a closed ring.
using LineString = std::vector<DVec2>;

/// Ground height at a scene point: the model's drawn height (the terrain as
/// rendered, ElevationModel::drawnHeightAt), else `fallback` (outside the
/// model or no model). Any thread.
double groundHeight(const ElevationModel* elevation, double x, double y, double fallback = 0.0);

/// Point at half the length of the line strings (the first point of a
/// zero-length set), used to tile a line feature. Pure; any thread.
DVec2 lineMidpoint(const std::vector<LineString>& lines);

/// Appends `line` as a ribbon `widthMeters` wide centred on it to `chunk`
/// (positions relative to chunk.origin): two vertices per point, offset along
/// the mitred bisector so consecutive quads share their edge (no gaps; mitres
/// are limited to 2 × the half width at very sharp turns), normals +z,
/// triangles counter-clockwise from +z, every vertex `featureId`. With an
/// elevation model, segments are first split every `sampleSpacingMeters` and
/// each vertex sits `liftMeters` above the ground under it; without one z =
/// liftMeters. A line of n distinct points gives 2(n - 1) triangles before
/// densifying. Pure; any thread. Returns triangles added.
size_t appendRibbon(const LineString& line, double widthMeters, const ElevationModel* elevation,
                    const DrapeOptions& options, uint32_t featureId, MeshChunk& chunk);

/// Appends `polygon` (outer ring then holes, any orientation) as flat
/// triangles to `chunk`, normals +z, counter-clockwise from +z, every vertex
/// `featureId`. With an elevation model the triangulation is cut along a
/// grid of `sampleSpacingMeters` (edges and interior) and every vertex sits
/// `liftMeters` above the ground; without one z = liftMeters. The triangles'
/// plan area equals the polygon's. Pure; any thread. Returns triangles added.
size_t appendDrapedPolygon(const Polygon& polygon, const ElevationModel* elevation,
                           const DrapeOptions& options, uint32_t featureId, MeshChunk& chunk);

} // namespace citytwin::gis
