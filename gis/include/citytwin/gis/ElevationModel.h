#pragma once
// Ground heights in the scene CRS, for standing buildings on the terrain and
// draping lines and areas over it.

#include "citytwin/gis/Geometry.h"

#include <memory>
#include <optional>

namespace citytwin::gis {

/// Immutable once built; safe to share between worker threads (const calls
/// only). Heights are metres in the scene's vertical frame, already multiplied
/// by the terrain layer's vertical exaggeration.
class ElevationModel {
public:
    virtual ~ElevationModel() = default;

    /// Height at a scene point (bilinear), or nothing outside the model / NoData.
    virtual std::optional<double> heightAt(double x, double y) const = 0;

    /// Lowest sample under a footprint (its vertices and the grid cells it
    /// covers), or nothing where the model has no data there.
    virtual std::optional<double> lowestUnder(const MultiPolygon& footprint) const = 0;

    /// Height of the ground as drawn (the terrain tiles' surface) at a scene
    /// point, where that differs from heightAt (a model sampling the source
    /// DEM at its own resolution); by default heightAt. Draped lines and areas
    /// lie on this surface.
    virtual std::optional<double> drawnHeightAt(double x, double y) const { return heightAt(x, y); }

    /// Lowest height of the drawn ground under a footprint; by default
    /// lowestUnder. Building walls reach down to it so none float above the
    /// visible terrain.
    virtual std::optional<double> lowestDrawnUnder(const MultiPolygon& footprint) const
    {
        return lowestUnder(footprint);
    }

    /// Scene extent covered.
    virtual Extent2 extent() const = 0;
};

using ElevationModelPtr = std::shared_ptr<const ElevationModel>;

} // namespace citytwin::gis
