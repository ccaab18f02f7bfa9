#pragma once
// RAII PROJ transformation between two CRSs, with its own PJ_CONTEXT.

#include "citytwin/gis/Geometry.h"
#include "citytwin/gis/Result.h"

#include <memory>
#include <string>

namespace citytwin::gis {

/// Transforms coordinates from one CRS to another, always in x=east/lon,
/// y=north/lat order (PROJ's normalised axis order). Not thread-safe: create
/// one per thread, once, and reuse it for every feature.
class CrsTransformer {
public:
    /// `from`/`to`: "EPSG:4326", WKT (used as given) or any PROJ string.
    static Result<CrsTransformer> create(const std::string& from, const std::string& to);

    CrsTransformer(CrsTransformer&&) noexcept;
    CrsTransformer& operator=(CrsTransformer&&) noexcept;
    ~CrsTransformer();

    /// In place; false when PROJ reports the point cannot be transformed
    /// (infinite or out of the CRS's domain).
    bool transform(double& x, double& y) const;
    bool transform(double& x, double& y, double& z) const;
    /// In place, `count` points with z = 0 in one PROJ call: the x of point i
    /// at `xs + i * strideBytes` bytes, its y likewise from `ys` (so a
    /// `std::vector<DVec2>` passes `&v[0].x, &v[0].y, n, sizeof(DVec2)`).
    /// Each point gets exactly what transform(x, y) gives it; false when any
    /// point cannot be transformed (the others may then be transformed or not).
    bool transformMany(double* xs, double* ys, size_t count, size_t strideBytes) const;
    /// Inverse direction.
    bool inverse(double& x, double& y) const;

    /// Human readable names of both ends.
    std::string sourceName() const;
    std::string targetName() const;

private:
    struct Impl;
    explicit CrsTransformer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace citytwin::gis
