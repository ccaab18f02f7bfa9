#pragma once
// ElevationModel over the resampled terrain grid (the same samples the terrain
// tiles are cut from, so buildings stand on what is drawn).

#include "citytwin/gis/ElevationModel.h"
#include "raster/RasterSource.h"

#include <cstdint>
#include <vector>

namespace citytwin::gis::raster {

/// Immutable after construction; const calls from any thread.
class GridElevationModel final : public ElevationModel {
public:
    /// `heights`: grid.width x grid.height, row 0 = south; `tileHasData`:
    /// grid.tilesX x grid.tilesY, row 0 = south (tiles without data read as nothing).
    GridElevationModel(SceneGrid grid, std::vector<float> heights, std::vector<uint8_t> tileHasData);

    std::optional<double> heightAt(double x, double y) const override;
    std::optional<double> lowestUnder(const MultiPolygon& footprint) const override;
    Extent2 extent() const override { return m_extent; }

private:
    bool covered(double x, double y) const;
    float sample(int64_t col, int64_t row) const { return m_heights[size_t(row) * m_grid.width + size_t(col)]; }

    SceneGrid m_grid;
    std::vector<float> m_heights;
    std::vector<uint8_t> m_tileHasData;
    Extent2 m_extent;
};

} // namespace citytwin::gis::raster
