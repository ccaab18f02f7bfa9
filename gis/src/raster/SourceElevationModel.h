#pragma once
// ElevationModel at the source DEM's own resolution: bilinear between the raw
// posts (read once), in the source CRS, with the resampled scene grid (what
// the terrain tiles are drawn from) as the drawn surface and as the fallback
// outside the raster or on NoData.

#include "citytwin/gis/CrsTransformer.h"
#include "citytwin/gis/ElevationModel.h"
#include "raster/RasterSource.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace citytwin::gis::raster {

/// Immutable after construction; const calls from any thread (each thread
/// transforms scene -> source CRS with its own CrsTransformer).
class SourceElevationModel final : public ElevationModel {
public:
    /// Source rasters with more samples than this keep the grid model only.
    static constexpr int64_t kMaxSamples = 64LL * 1024 * 1024;

    /// Reads band 1 of `source` fully. Nothing when it is too large, has no
    /// (invertible) geotransform, or cannot be read; the caller then keeps `drawn`.
    /// `drawn` must not be null. Worker thread.
    static std::shared_ptr<const SourceElevationModel> create(const OpenedRaster& source, double exaggeration,
                                                              ElevationModelPtr drawn);

    std::optional<double> heightAt(double x, double y) const override;
    std::optional<double> lowestUnder(const MultiPolygon& footprint) const override;
    std::optional<double> drawnHeightAt(double x, double y) const override { return m_drawn->heightAt(x, y); }
    std::optional<double> lowestDrawnUnder(const MultiPolygon& footprint) const override
    {
        return m_drawn->lowestUnder(footprint);
    }
    Extent2 extent() const override { return m_drawn->extent(); }

    /// Post spacing in scene metres (about).
    double postSpacingMeters() const { return m_postSpacing; }

    SourceElevationModel(const SourceElevationModel&) = delete;
    SourceElevationModel& operator=(const SourceElevationModel&) = delete;

private:
    SourceElevationModel() = default;

    /// This thread's scene -> source transformer, or null when PROJ has none.
    const CrsTransformer* transformer() const;
    /// Scene point -> fractional post coordinates (post (c, r) at (c, r)).
    bool toPost(double x, double y, double& fc, double& fr) const;
    /// Bilinear at fractional post coordinates; nothing off the posts or next to NoData.
    std::optional<double> bilinear(double fc, double fr) const;
    bool validPost(int64_t c, int64_t r) const;
    /// Calls take(height) with the candidates for the lowest height along the
    /// scene edge a-b (pa-pb in post coordinates).
    template <typename Take>
    void edgeMinimum(const DVec2& a, const DVec2& b, const DVec2& pa, const DVec2& pb, Take& take) const;
    float post(int64_t c, int64_t r) const { return m_posts[size_t(r) * size_t(m_width) + size_t(c)]; }

    ElevationModelPtr m_drawn;
    std::vector<float> m_posts; ///< row 0 = first raster row
    int m_width = 0, m_height = 0;
    double m_inverse[6] = {};   ///< georeferenced -> pixel/line
    bool m_hasNoData = false;
    double m_noData = 0;
    double m_exaggeration = 1;
    double m_postSpacing = 0;
    std::string m_sceneWkt, m_sourceWkt;
    uint64_t m_id = 0;          ///< unique per model, keys the per-thread transformers
};

} // namespace citytwin::gis::raster
