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

    /// Scene extent covered.
    virtual Extent2 extent() const = 0;
};

using ElevationModelPtr = std::shared_ptr<const ElevationModel>;

} // namespace citytwin::gis
