// SensorBinder: binding sensors to the nearest feature, and sensor positions.

#include "core/sensors/SensorBinder.h"

#include "citytwin/gis/CrsTransformer.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace citytwin::app {
namespace {

/// Points bucketed on a square grid, for "what is near here" queries.
class PointGrid {
public:
    explicit PointGrid(double cellMeters) : m_cell(std::max(1.0, cellMeters)) {}

    void add(const gis::DVec2& p, uint32_t id) { m_cells[key(cellOf(p.x), cellOf(p.y))].push_back(id); }

    /// Whether any point lies in a cell the box (grown by `radius`) touches.
    bool anyNear(const gis::DVec3& boxMin, const gis::DVec3& boxMax, double radius) const {
        const int64_t x0 = cellOf(boxMin.x - radius), x1 = cellOf(boxMax.x + radius);
        const int64_t y0 = cellOf(boxMin.y - radius), y1 = cellOf(boxMax.y + radius);
        if ((x1 - x0 + 1) * (y1 - y0 + 1) > int64_t(m_cells.size())) {
            for (const auto& [k, ids] : m_cells) {
                const int64_t x = int32_t(uint32_t(k >> 32)), y = int32_t(uint32_t(k));
                if (x >= x0 && x <= x1 && y >= y0 && y <= y1) return true;
            }
            return false;
        }
        for (int64_t x = x0; x <= x1; ++x)
            for (int64_t y = y0; y <= y1; ++y)
                if (m_cells.count(key(x, y))) return true;
        return false;
    }

    template <typename Fn>
    void forEachNear(const gis::DVec2& p, double radius, Fn&& fn) const {
        const int64_t x0 = cellOf(p.x - radius), x1 = cellOf(p.x + radius);
        const int64_t y0 = cellOf(p.y - radius), y1 = cellOf(p.y + radius);
        for (int64_t x = x0; x <= x1; ++x)
            for (int64_t y = y0; y <= y1; ++y)
                if (const auto it = m_cells.find(key(x, y)); it != m_cells.end())
                    for (uint32_t id : it->second) fn(id);
    }

private:
    int64_t cellOf(double v) const { return int64_t(std::floor(v / m_cell)); }
    static uint64_t key(int64_t x, int64_t y) { return (uint64_t(uint32_t(x)) << 32) | uint32_t(y); }

    double m_cell;
    std::unordered_map<uint64_t, std::vector<uint32_t>> m_cells;
};

bool inTriangle(const gis::DVec2& p, const gis::DVec2& a, const gis::DVec2& b, const gis::DVec2& c) {
    const auto side = [](const gis::DVec2& o, const gis::DVec2& u, const gis::DVec2& v) {
        return (u.x - o.x) * (v.y - o.y) - (u.y - o.y) * (v.x - o.x);
    };
    const double d1 = side(p, a, b), d2 = side(p, b, c), d3 = side(p, c, a);
    const bool negative = d1 < 0 || d2 < 0 || d3 < 0;
    const bool positive = d1 > 0 || d2 > 0 || d3 > 0;
    return !(negative && positive);
}

double distanceToSegment(const gis::DVec2& p, const gis::DVec2& a, const gis::DVec2& b) {
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    const double t = len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0.0;
    return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/// For each point, the line feature whose ribbon (its drawn surface) passes
/// nearest, within `radius`: a sensor beside a long street binds to it even
/// far from the street's centroid.
gis::Result<std::vector<std::optional<uint32_t>>> nearestRibbonFeatures(const LayerMeshes& meshes,
                                                                        const std::vector<gis::DVec2>& points,
                                                                        double radius) {
    std::vector<std::optional<uint32_t>> out(points.size());
    std::vector<double> best(points.size(), radius);
    PointGrid grid(std::max(radius, 50.0));
    for (size_t i = 0; i < points.size(); ++i) grid.add(points[i], uint32_t(i));
    const auto nearPoints = [&](const gis::DVec3& lo, const gis::DVec3& hi) { return grid.anyNear(lo, hi, radius); };
    auto read = meshes.forEach([&](const gis::MeshChunk& chunk) {
        const auto vertex = [&](uint32_t v) {
            return gis::DVec2{chunk.origin.x + chunk.positions[3 * v], chunk.origin.y + chunk.positions[3 * v + 1]};
        };
        for (size_t t = 0; t + 2 < chunk.indices.size(); t += 3) {
            const uint32_t i0 = chunk.indices[t], i1 = chunk.indices[t + 1], i2 = chunk.indices[t + 2];
            const gis::DVec2 a = vertex(i0), b = vertex(i1), c = vertex(i2);
            gis::Extent2 box;
            box.add(a.x, a.y), box.add(b.x, b.y), box.add(c.x, c.y);
            const double reach = std::max(box.width(), box.height()) / 2 + radius;
            grid.forEachNear(box.centre(), reach, [&](uint32_t i) {
                const gis::DVec2& p = points[i];
                const double d = inTriangle(p, a, b, c)
                                     ? 0.0
                                     : std::min({distanceToSegment(p, a, b), distanceToSegment(p, b, c),
                                                 distanceToSegment(p, c, a)});
                if (d < best[i] || (d == best[i] && !out[i])) {
                    best[i] = d;
                    out[i] = chunk.featureIds[i0];
                }
            });
        }
    }, nearPoints);
    if (!read.ok()) return gis::Result<std::vector<std::optional<uint32_t>>>::failure(read.diagnostics());
    return out;
}

/// For each point, the feature whose roof (flat, upward-facing triangles of
/// the layer's meshes: building roofs, area surfaces) contains it. One pass
/// over the triangles, tested only against points in the cells they cover.
gis::Result<std::vector<std::optional<uint32_t>>> containingFeatures(const LayerMeshes& meshes,
                                                                     const std::vector<gis::DVec2>& points) {
    std::vector<std::optional<uint32_t>> out(points.size());
    constexpr double kCell = 100;
    PointGrid grid(kCell);
    for (size_t i = 0; i < points.size(); ++i) grid.add(points[i], uint32_t(i));
    const auto nearPoints = [&](const gis::DVec3& lo, const gis::DVec3& hi) { return grid.anyNear(lo, hi, 0); };
    auto read = meshes.forEach([&](const gis::MeshChunk& chunk) {
        const auto vertex = [&](uint32_t v) {
            return gis::DVec2{chunk.origin.x + chunk.positions[3 * v], chunk.origin.y + chunk.positions[3 * v + 1]};
        };
        const auto upward = [&](uint32_t v) { return chunk.normals.size() > 3 * v + 2 && chunk.normals[3 * v + 2] > 0.9f; };
        for (size_t t = 0; t + 2 < chunk.indices.size(); t += 3) {
            const uint32_t i0 = chunk.indices[t], i1 = chunk.indices[t + 1], i2 = chunk.indices[t + 2];
            if (!upward(i0) || !upward(i1) || !upward(i2)) continue;
            const gis::DVec2 a = vertex(i0), b = vertex(i1), c = vertex(i2);
            gis::Extent2 box;
            box.add(a.x, a.y), box.add(b.x, b.y), box.add(c.x, c.y);
            const gis::DVec2 centre = box.centre();
            const double reach = std::max(box.width(), box.height()) / 2;
            grid.forEachNear(centre, reach, [&](uint32_t i) {
                const gis::DVec2& p = points[i];
                if (out[i] || p.x < box.minX || p.x > box.maxX || p.y < box.minY || p.y > box.maxY) return;
                if (inTriangle(p, a, b, c)) out[i] = chunk.featureIds[i0];
            });
        }
    }, nearPoints);
    if (!read.ok()) return gis::Result<std::vector<std::optional<uint32_t>>>::failure(read.diagnostics());
    return out;
}

gis::Result<gis::CrsTransformer> lonLatTo(const gis::SceneFrame& frame) {
    return gis::CrsTransformer::create("EPSG:4326", frame.crsDefinition);
}

double topOf(const gis::FeatureRecord& f) { return f.baseMeters + f.heightMeters; }

} // namespace

gis::Result<BindNearestReport> bindNearest(std::vector<data::Sensor>& sensors, const LayerMeshes& meshes,
                                           const BindNearestOptions& options) {
    using R = gis::Result<BindNearestReport>;
    const gis::ImportedLayer& layer = meshes.layer();
    auto transformer = lonLatTo(layer.frame);
    if (!transformer.ok()) return R::failure(transformer.diagnostics());
    const std::string keyAttribute = options.keyAttribute.empty() ? std::string(kFidKeyAttribute) : options.keyAttribute;

    std::vector<size_t> todo;   // indices into sensors
    std::vector<gis::DVec2> at; // their scene positions
    BindNearestReport report;
    for (size_t i = 0; i < sensors.size(); ++i) {
        const data::Sensor& s = sensors[i];
        if (!s.lonLat || (!options.rebind && !s.binding.layerId.empty())) continue;
        double x = s.lonLat->x, y = s.lonLat->y;
        if (!transformer->transform(x, y)) {
            report.unbound.push_back(s.id);
            continue;
        }
        todo.push_back(i);
        at.push_back({x, y});
    }

    const bool footprints = options.preferContaining &&
                            (layer.kind == gis::LayerKind::Buildings || layer.kind == gis::LayerKind::Areas);
    // Lines: distance to the drawn ribbon; buildings and areas: a containing footprint first.
    auto found = layer.kind == gis::LayerKind::Lines
                     ? nearestRibbonFeatures(meshes, at, options.radiusMeters)
                 : footprints ? containingFeatures(meshes, at)
                              : gis::Result<std::vector<std::optional<uint32_t>>>(
                                    std::vector<std::optional<uint32_t>>(at.size()));
    if (!found.ok()) return R::failure(found.diagnostics());
    const auto& containing = found.value();
    PointGrid centroids(options.radiusMeters);
    for (size_t f = 0; f < layer.features.size(); ++f) centroids.add(layer.features[f].centroid, uint32_t(f));

    for (size_t k = 0; k < todo.size(); ++k) {
        std::optional<uint32_t> best = containing[k];
        if (!best) {
            double bestDistance = std::numeric_limits<double>::max();
            centroids.forEachNear(at[k], options.radiusMeters, [&](uint32_t f) {
                const gis::DVec2& c = layer.features[f].centroid;
                const double d = std::hypot(c.x - at[k].x, c.y - at[k].y);
                if (d <= options.radiusMeters && (d < bestDistance || (d == bestDistance && f < *best))) {
                    bestDistance = d;
                    best = f;
                }
            });
        }
        data::Sensor& s = sensors[todo[k]];
        const std::optional<std::string> key = best ? featureKey(layer.features[*best], keyAttribute) : std::nullopt;
        if (!key) {
            report.unbound.push_back(s.id);
            continue;
        }
        s.binding = data::SensorBinding{options.layerId, *key, keyAttribute};
        ++report.bound;
    }
    return R(std::move(report));
}

gis::Result<std::vector<SensorPosition>> sensorPositions(const std::vector<data::Sensor>& sensors,
                                                         const gis::SceneFrame& frame,
                                                         const ResolvedBindings& resolved,
                                                         const VectorLayerLookup& layers) {
    using R = gis::Result<std::vector<SensorPosition>>;
    std::optional<gis::CrsTransformer> transformer;
    std::map<std::string, std::shared_ptr<const gis::ImportedLayer>> seen;
    std::vector<SensorPosition> out;
    out.reserve(sensors.size());
    for (const data::Sensor& s : sensors) {
        const gis::FeatureRecord* feature = nullptr;
        if (const auto bound = resolved.find(s.id); bound != resolved.end() && layers) {
            auto it = seen.find(bound->second.layerId);
            if (it == seen.end()) it = seen.emplace(bound->second.layerId, layers(bound->second.layerId)).first;
            if (it->second && bound->second.featureIndex < it->second->features.size())
                feature = &it->second->features[bound->second.featureIndex];
        }
        SensorPosition p;
        p.sensorId = s.id;
        if (s.lonLat) {
            if (!transformer) {
                auto made = lonLatTo(frame);
                if (!made.ok()) return R::failure(made.diagnostics());
                transformer = made.takeValue();
            }
            double x = s.lonLat->x, y = s.lonLat->y;
            if (!transformer->transform(x, y)) continue;
            p.position = {x, y, 0};
        } else if (feature) {
            p.position = {feature->centroid.x, feature->centroid.y, 0};
        } else {
            continue;
        }
        if (feature) {
            p.position.z = topOf(*feature);
            p.onFeature = true;
        }
        out.push_back(std::move(p));
    }
    return R(std::move(out));
}

} // namespace citytwin::app
