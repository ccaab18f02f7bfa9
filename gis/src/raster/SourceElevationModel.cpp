#include "raster/SourceElevationModel.h"

#include <gdal_priv.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace citytwin::gis::raster {

namespace {

std::atomic<uint64_t> g_nextId{1};

/// Even-odd rule over rings (holes excluded).
bool insideRings(const std::vector<std::vector<DVec2>>& rings, double x, double y)
{
    bool inside = false;
    for (const auto& ring : rings)
        for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            const DVec2& a = ring[i];
            const DVec2& b = ring[j];
            if ((a.y > y) != (b.y > y) && x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x) inside = !inside;
        }
    return inside;
}

} // namespace

std::shared_ptr<const SourceElevationModel> SourceElevationModel::create(const OpenedRaster& source,
                                                                         double exaggeration,
                                                                         ElevationModelPtr drawn)
{
    if (!drawn || !source.dataset || source.dataset->GetRasterCount() < 1) return nullptr;
    GDALDataset& ds = *source.dataset;
    const int width = ds.GetRasterXSize(), height = ds.GetRasterYSize();
    if (width < 2 || height < 2 || int64_t(width) * int64_t(height) > kMaxSamples) return nullptr;
    double gt[6];
    if (ds.GetGeoTransform(gt) != CE_None) return nullptr; // GCPs only: the grid model stays
    std::shared_ptr<SourceElevationModel> m(new SourceElevationModel());
    if (!GDALInvGeoTransform(gt, m->m_inverse)) return nullptr;
    m->m_posts.resize(size_t(width) * size_t(height));
    GDALRasterBand* band = ds.GetRasterBand(1);
    if (band->RasterIO(GF_Read, 0, 0, width, height, m->m_posts.data(), width, height, GDT_Float32, 0, 0, nullptr)
        != CE_None)
        return nullptr;
    int has = FALSE;
    m->m_noData = band->GetNoDataValue(&has);
    m->m_hasNoData = has != FALSE;
    m->m_width = width;
    m->m_height = height;
    m->m_drawn = std::move(drawn);
    m->m_exaggeration = exaggeration;
    m->m_postSpacing = source.sceneResolution > 0 ? source.sceneResolution : 1.0;
    m->m_sceneWkt = source.sceneWkt;
    m->m_sourceWkt = source.sourceWkt;
    m->m_id = g_nextId.fetch_add(1);
    if (!m->transformer()) return nullptr; // PROJ cannot do scene -> source
    return m;
}

const CrsTransformer* SourceElevationModel::transformer() const
{
    // CrsTransformer is not thread-safe: one per thread and model, keyed by
    // the model's unique id (a pointer could be reused by a later model).
    thread_local std::unordered_map<uint64_t, std::unique_ptr<CrsTransformer>> cache;
    auto it = cache.find(m_id);
    if (it == cache.end()) {
        std::unique_ptr<CrsTransformer> tr;
        if (auto created = CrsTransformer::create(m_sceneWkt, m_sourceWkt))
            tr = std::make_unique<CrsTransformer>(created.takeValue());
        it = cache.emplace(m_id, std::move(tr)).first;
    }
    return it->second.get();
}

bool SourceElevationModel::toPost(double x, double y, double& fc, double& fr) const
{
    const CrsTransformer* tr = transformer();
    if (!tr || !tr->transform(x, y)) return false;
    const double* inv = m_inverse;
    // Posts sit at pixel centres.
    fc = inv[0] + inv[1] * x + inv[2] * y - 0.5;
    fr = inv[3] + inv[4] * x + inv[5] * y - 0.5;
    return std::isfinite(fc) && std::isfinite(fr);
}

bool SourceElevationModel::validPost(int64_t c, int64_t r) const
{
    const float v = post(c, r);
    if (!std::isfinite(v)) return false;
    return !m_hasNoData || std::abs(double(v) - m_noData) > 1e-6 * std::max(1.0, std::abs(m_noData));
}

std::optional<double> SourceElevationModel::bilinear(double fc, double fr) const
{
    // The raster covers half a pixel beyond its outer posts: clamp there.
    if (!(fc >= -0.5 && fc <= m_width - 0.5 && fr >= -0.5 && fr <= m_height - 0.5)) return std::nullopt;
    fc = std::clamp(fc, 0.0, double(m_width - 1));
    fr = std::clamp(fr, 0.0, double(m_height - 1));
    const int64_t c0 = std::min<int64_t>(int64_t(std::floor(fc)), m_width - 2);
    const int64_t r0 = std::min<int64_t>(int64_t(std::floor(fr)), m_height - 2);
    const double u = fc - double(c0), v = fr - double(r0);
    // A NoData post only matters where it has weight (on a post, or on the
    // line between two, its far neighbours do not).
    double sum = 0, wsum = 0;
    const double weights[4] = {(1 - u) * (1 - v), u * (1 - v), (1 - u) * v, u * v};
    const int64_t cs[4] = {c0, c0 + 1, c0, c0 + 1}, rs[4] = {r0, r0, r0 + 1, r0 + 1};
    for (int k = 0; k < 4; ++k) {
        if (weights[k] < 1e-6) continue; // round-off off a post or cell line
        if (!validPost(cs[k], rs[k])) return std::nullopt;
        sum += weights[k] * double(post(cs[k], rs[k]));
        wsum += weights[k];
    }
    return sum / wsum * m_exaggeration;
}

std::optional<double> SourceElevationModel::heightAt(double x, double y) const
{
    double fc = 0, fr = 0;
    if (toPost(x, y, fc, fr))
        if (auto h = bilinear(fc, fr)) return h;
    return m_drawn->heightAt(x, y);
}

template <typename Take>
void SourceElevationModel::edgeMinimum(const DVec2& a, const DVec2& b, const DVec2& pa, const DVec2& pb,
                                       Take& take) const
{
    std::vector<double> ts{0.0, 1.0};
    auto crossings = [&](double from, double to) {
        if (std::abs(to - from) < 1e-12) return;
        const double lo = std::min(from, to), hi = std::max(from, to);
        for (double k = std::ceil(lo); k <= std::floor(hi) && ts.size() < 4096; k += 1.0) {
            const double t = (k - from) / (to - from);
            if (t > 0 && t < 1) ts.push_back(t);
        }
    };
    crossings(pa.x, pb.x);
    crossings(pa.y, pb.y);
    std::sort(ts.begin(), ts.end());
    auto at = [&](double t) -> std::optional<double> {
        if (auto h = bilinear(pa.x + (pb.x - pa.x) * t, pa.y + (pb.y - pa.y) * t)) return h;
        return m_drawn->heightAt(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
    };
    for (size_t k = 0; k + 1 < ts.size(); ++k) {
        const double t0 = ts[k], t1 = ts[k + 1];
        if (t1 - t0 < 1e-12) continue;
        const auto h0 = at(t0), hm = at((t0 + t1) / 2), h1 = at(t1);
        take(h0);
        take(h1);
        if (!h0 || !hm || !h1) continue;
        // q(s) = qa s^2 + qb s + h0 on s in [0, 1] through the three values.
        const double qa = 2 * (*h1 - 2 * *hm + *h0), qb = *h1 - *h0 - qa;
        if (qa > 1e-12) {
            const double s0 = -qb / (2 * qa);
            if (s0 > 0 && s0 < 1) take(at(t0 + (t1 - t0) * s0));
        }
    }
}

std::optional<double> SourceElevationModel::lowestUnder(const MultiPolygon& footprint) const
{
    double lowest = std::numeric_limits<double>::max();
    bool any = false;
    auto take = [&](std::optional<double> h) {
        if (h && std::isfinite(*h)) {
            lowest = std::min(lowest, *h);
            any = true;
        }
    };
    for (const Polygon& poly : footprint.polygons) {
        std::vector<std::vector<DVec2>> postRings;
        Extent2 box;
        bool mapped = true;
        for (const Ring& ring : poly.rings) {
            if (ring.empty()) continue;
            std::vector<DVec2>& out = postRings.emplace_back();
            for (const DVec2& p : ring) {
                double fc = 0, fr = 0;
                if (!toPost(p.x, p.y, fc, fr)) { mapped = false; break; }
                out.push_back({fc, fr});
                box.add(fc, fr);
            }
            if (!mapped) break;
            // Along each edge (straight in post space) the bilinear surface
            // is quadratic within each cell: its minimum is at a cell-line
            // crossing, an end, or the parabola's vertex.
            for (size_t i = 0; i < ring.size(); ++i) {
                const size_t j = (i + 1) % ring.size();
                edgeMinimum(ring[i], ring[j], out[i], out[j], take);
            }
        }
        if (!mapped) {
            for (const Ring& ring : poly.rings)
                for (const DVec2& p : ring) take(heightAt(p.x, p.y));
            continue;
        }
        if (!mapped || box.empty()) continue;
        // Posts inside: a bilinear surface has its interior minima there.
        const int64_t c0 = std::max<int64_t>(0, int64_t(std::ceil(box.minX)));
        const int64_t c1 = std::min<int64_t>(m_width - 1, int64_t(std::floor(box.maxX)));
        const int64_t r0 = std::max<int64_t>(0, int64_t(std::ceil(box.minY)));
        const int64_t r1 = std::min<int64_t>(m_height - 1, int64_t(std::floor(box.maxY)));
        for (int64_t r = r0; r <= r1; ++r)
            for (int64_t c = c0; c <= c1; ++c)
                if (validPost(c, r) && insideRings(postRings, double(c), double(r)))
                    take(double(post(c, r)) * m_exaggeration);
    }
    if (!any) return m_drawn->lowestUnder(footprint);
    return lowest;
}

} // namespace citytwin::gis::raster
