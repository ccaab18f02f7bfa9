#include "citytwin/gis/CrsTransformer.h"

#include <proj.h>

#include <cmath>
#include <vector>

namespace citytwin::gis {

struct CrsTransformer::Impl {
    PJ_CONTEXT* ctx = nullptr;
    PJ* pj = nullptr;
    std::string sourceName;
    std::string targetName;
    std::vector<double> zScratch; // heights of transformMany, reused between calls

    ~Impl()
    {
        if (pj) proj_destroy(pj);
        if (ctx) proj_context_destroy(ctx);
    }
};

namespace {

std::string crsName(PJ_CONTEXT* ctx, const std::string& definition)
{
    PJ* crs = proj_create(ctx, definition.c_str());
    if (!crs) return definition.substr(0, 60);
    const char* name = proj_get_name(crs);
    std::string out = name ? name : definition.substr(0, 60);
    proj_destroy(crs);
    return out;
}

bool finite(const PJ_COORD& c)
{
    return std::isfinite(c.xyz.x) && std::isfinite(c.xyz.y) && std::isfinite(c.xyz.z)
        && c.xyz.x != HUGE_VAL && c.xyz.y != HUGE_VAL;
}

} // namespace

Result<CrsTransformer> CrsTransformer::create(const std::string& from, const std::string& to)
{
    auto impl = std::make_unique<Impl>();
    impl->ctx = proj_context_create();
    if (!impl->ctx) return Result<CrsTransformer>::failure("cannot create a PROJ context");
    proj_log_level(impl->ctx, PJ_LOG_NONE);
    PJ* raw = proj_create_crs_to_crs(impl->ctx, from.c_str(), to.c_str(), nullptr);
    if (!raw) {
        const int err = proj_context_errno(impl->ctx);
        return Result<CrsTransformer>::failure(
            std::string("cannot create a transformation from '") + from.substr(0, 80) + "' to '"
            + to.substr(0, 80) + "': " + proj_context_errno_string(impl->ctx, err));
    }
    // Always x = east/longitude, y = north/latitude, whatever the CRS axis order.
    impl->pj = proj_normalize_for_visualization(impl->ctx, raw);
    proj_destroy(raw);
    if (!impl->pj) return Result<CrsTransformer>::failure("cannot normalise the axis order of a transformation");
    impl->sourceName = crsName(impl->ctx, from);
    impl->targetName = crsName(impl->ctx, to);
    return CrsTransformer(std::move(impl));
}

CrsTransformer::CrsTransformer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
CrsTransformer::CrsTransformer(CrsTransformer&&) noexcept = default;
CrsTransformer& CrsTransformer::operator=(CrsTransformer&&) noexcept = default;
CrsTransformer::~CrsTransformer() = default;

bool CrsTransformer::transform(double& x, double& y) const
{
    double z = 0;
    return transform(x, y, z);
}

bool CrsTransformer::transform(double& x, double& y, double& z) const
{
    PJ_COORD c = proj_coord(x, y, z, 0);
    c = proj_trans(m_impl->pj, PJ_FWD, c);
    if (!finite(c)) return false;
    x = c.xyz.x;
    y = c.xyz.y;
    z = c.xyz.z;
    return true;
}

bool CrsTransformer::transformMany(double* xs, double* ys, size_t count, size_t strideBytes) const
{
    if (count == 0) return true;
    // z per point (not a broadcast constant) so that a non-finite height
    // fails a point exactly as transform() would; t = 0 as proj_coord gives.
    std::vector<double>& zs = m_impl->zScratch;
    zs.assign(count, 0.0);
    double t = 0;
    const size_t done = proj_trans_generic(m_impl->pj, PJ_FWD, xs, strideBytes, count, ys, strideBytes, count,
                                           zs.data(), sizeof(double), count, &t, 0, 1);
    if (done != count) return false;
    const auto* xb = reinterpret_cast<const char*>(xs);
    const auto* yb = reinterpret_cast<const char*>(ys);
    for (size_t i = 0; i < count; ++i) {
        const double x = *reinterpret_cast<const double*>(xb + i * strideBytes);
        const double y = *reinterpret_cast<const double*>(yb + i * strideBytes);
        if (!std::isfinite(x) || !std::isfinite(y) || !std::isfinite(zs[i])) return false;
    }
    return true;
}

bool CrsTransformer::inverse(double& x, double& y) const
{
    PJ_COORD c = proj_coord(x, y, 0, 0);
    c = proj_trans(m_impl->pj, PJ_INV, c);
    if (!finite(c)) return false;
    x = c.xyz.x;
    y = c.xyz.y;
    return true;
}

std::string CrsTransformer::sourceName() const { return m_impl->sourceName; }
std::string CrsTransformer::targetName() const { return m_impl->targetName; }

} // namespace citytwin::gis
