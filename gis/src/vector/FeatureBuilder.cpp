#include "vector/FeatureBuilder.h"

#include "citytwin/gis/Draping.h"
#include "citytwin/gis/Extrusion.h"
#include "vector/FootprintCleaner.h"
#include "vector/LineCleaner.h"
#include "vector/WkbPolygons.h"

#include <cmath>

namespace citytwin::gis {

namespace {

/// OSM `min_height`: the bottom of the extrusion above the ground (a column
/// of that name or the other_tags entry).
double minHeightOf(const AttributeList& attributes)
{
    std::optional<std::string> text;
    for (const auto& [key, value] : attributes) {
        if (key == "min_height") text = std::string(value);
        else if (key == "other_tags" && !text) text = otherTagsValue(value, "min_height");
    }
    const auto v = text ? parseNumberInText(*text) : std::nullopt;
    return v && *v > 0 ? *v : 0.0;
}

/// Terrain base of a footprint: lowest height of the (source) DEM under it,
/// else the height at its centroid, else 0.
double footprintBase(const ElevationModel* elevation, const MultiPolygon& fp, const DVec2& centroid)
{
    if (!elevation) return 0;
    if (const auto low = elevation->lowestUnder(fp); low && std::isfinite(*low)) return *low;
    const auto h = elevation->heightAt(centroid.x, centroid.y);
    return h && std::isfinite(*h) ? *h : 0.0;
}

} // namespace

FeatureBuilder::FeatureBuilder(const SceneFrame& frame, const LayerSpec& spec, const ImportOptions& options)
    : m_frame(frame), m_rule(spec.heightRule), m_lineWidth(spec.lineWidth), m_elevation(options.elevation),
      m_drapeSpacingMeters(options.drapeSpacingMeters)
{
}

TileKey FeatureBuilder::tileFor(const DVec2& p, double tileSizeMeters)
{
    return {static_cast<int32_t>(std::floor(p.x / tileSizeMeters)),
            static_cast<int32_t>(std::floor(p.y / tileSizeMeters)), 0};
}

DVec3 FeatureBuilder::tileOrigin(const TileKey& key, double tileSizeMeters)
{
    return {(key.x + 0.5) * tileSizeMeters, (key.y + 0.5) * tileSizeMeters, 0.0};
}

BuiltBatch FeatureBuilder::build(ReadBatch& batch)
{
    std::string crsError;
    auto it = m_transformers.find(batch.crsDefinition);
    if (it == m_transformers.end()) {
        auto created = CrsTransformer::create(batch.crsDefinition, m_frame.crsDefinition);
        std::unique_ptr<CrsTransformer> tr;
        if (created) tr = std::make_unique<CrsTransformer>(created.takeValue());
        else crsError = created.firstError();
        it = m_transformers.emplace(batch.crsDefinition, std::move(tr)).first;
    }
    if (!it->second && crsError.empty()) crsError = "no transformation to the scene CRS";
    BuiltBatch out;
    out.sequence = batch.sequence;
    out.features.reserve(batch.features.size());
    for (RawFeature& raw : batch.features)
        out.features.push_back(buildOne(raw, batch, it->second.get(), crsError, out.meshes));
    return out;
}

void FeatureBuilder::placeInTile(BuiltFeature& f) const
{
    f.tile = tileFor(f.record.centroid, m_frame.tileSizeMeters);
    f.origin = tileOrigin(f.tile, m_frame.tileSizeMeters);
}

BuiltFeature FeatureBuilder::buildOne(RawFeature& raw, const ReadBatch& batch,
                                      const CrsTransformer* tr, const std::string& crsError, MeshChunk& meshes)
{
    BuiltFeature f;
    f.record.sourceFid = raw.fid;
    f.record.sourceIndex = batch.sourceIndex;
    if (!tr) {
        f.skipReason = "CRS problem: " + crsError;
        return f;
    }
    f.mesh.firstVertex = meshes.vertexCount();
    f.mesh.firstIndex = meshes.indices.size();
    // Read without OGR: plain polygons go straight to rings, anything else
    // becomes the OGR geometry OGR would have read.
    std::vector<std::vector<Ring>>* parsed = nullptr;
    const bool polygons = batch.kind != LayerKind::Lines && batch.kind != LayerKind::Points;
    if (!raw.geometry && raw.wkbSize > 0) {
        const uint8_t* wkb = batch.wkb.data() + raw.wkbOffset;
        m_parsed.clear();
        if (polygons && !raw.wkbEmpty && parseWkbPolygons(wkb, raw.wkbSize, m_parsed)) {
            parsed = &m_parsed;
        } else {
            OGRGeometry* g = nullptr;
            if (OGRGeometryFactory::createFromWkb(wkb, nullptr, &g, raw.wkbSize) == OGRERR_NONE) raw.geometry.reset(g);
            else OGRGeometryFactory::destroyGeometry(g);
        }
    }
    switch (batch.kind) {
    case LayerKind::Lines: buildLines(raw, batch, *tr, f, meshes); break;
    case LayerKind::Points: buildPoint(raw, batch, *tr, f); break;
    default: buildPolygons(raw, batch, *tr, f, meshes, parsed); break;
    }
    f.mesh.vertices = meshes.vertexCount() - f.mesh.firstVertex;
    f.mesh.indices = meshes.indices.size() - f.mesh.firstIndex;
    raw.geometry.reset();
    return f;
}

void FeatureBuilder::buildPolygons(RawFeature& raw, const ReadBatch& batch, const CrsTransformer& tr,
                                   BuiltFeature& f, MeshChunk& meshes, std::vector<std::vector<Ring>>* parsed)
{
    CleanedFootprint clean = parsed ? cleanFootprint(*parsed, tr, batch.crsIsGeographic)
                                    : cleanFootprint(raw.geometry.get(), tr, batch.crsIsGeographic);
    f.repaired = clean.repaired;
    for (std::string& w : clean.warnings)
        f.diagnostics.push_back({Severity::Warning, std::move(w), batch.sourcePath, raw.fid});
    if (!clean.footprint) {
        f.skipReason = std::move(clean.skipReason);
        return;
    }
    const MultiPolygon& fp = *clean.footprint;
    for (const Polygon& p : fp.polygons)
        for (const DVec2& v : p.rings[0]) f.extent.add(v.x, v.y);
    f.record.centroid = footprintCentroid(fp);
    placeInTile(f);
    meshes.origin = f.origin; // this feature's vertices are relative to its tile
    const ElevationModel* elevation = m_elevation.get();
    if (batch.kind == LayerKind::Areas) {
        f.record.baseMeters = groundHeight(elevation, f.record.centroid.x, f.record.centroid.y);
        DrapeOptions drape;
        drape.liftMeters = DrapeOptions::kAreaLiftMeters;
        drape.sampleSpacingMeters = m_drapeSpacingMeters;
        size_t triangles = 0;
        for (const Polygon& p : fp.polygons) triangles += appendDrapedPolygon(p, elevation, drape, 0, meshes);
        f.record.attributes = std::move(raw.attributes);
        if (triangles == 0) f.skipReason = "degenerate polygon (nothing to triangulate)";
        else f.built = true;
        return;
    }
    f.record.heightMeters = evaluateHeight(m_rule, raw.attributes).heightMeters;
    f.record.baseMeters = footprintBase(elevation, fp, f.record.centroid);
    const double minHeight = minHeightOf(raw.attributes);
    double bottom = f.record.baseMeters;
    if (minHeight > 0 && minHeight < f.record.heightMeters) {
        bottom += minHeight; // raised parts (overhangs, bridges) start at min_height
    } else if (elevation) {
        // The base is the source DEM's; the drawn terrain (a coarser grid) can
        // lie lower under the footprint: a foundation reaches down to it so
        // no building floats above the visible ground.
        if (const auto drawn = elevation->lowestDrawnUnder(fp); drawn && std::isfinite(*drawn))
            bottom = std::min(bottom, *drawn);
    }
    f.record.attributes = std::move(raw.attributes);
    if (extrudeFootprint(fp, bottom, f.record.baseMeters + f.record.heightMeters, 0, meshes) == 0) {
        f.skipReason = "degenerate polygon (nothing to extrude)";
        return;
    }
    f.built = true;
}

void FeatureBuilder::buildLines(RawFeature& raw, const ReadBatch& batch, const CrsTransformer& tr, BuiltFeature& f,
                                MeshChunk& meshes)
{
    CleanedLines clean = cleanLines(raw.geometry.get(), tr, batch.crsIsGeographic);
    if (clean.lines.empty()) {
        f.skipReason = std::move(clean.skipReason);
        return;
    }
    if (clean.partsDropped > 0) {
        f.repaired = true;
        f.diagnostics.push_back({Severity::Warning,
                                 std::to_string(clean.partsDropped) + " line part(s) degenerate or not reprojectable; dropped",
                                 batch.sourcePath, raw.fid});
    }
    for (const LineString& l : clean.lines)
        for (const DVec2& v : l) f.extent.add(v.x, v.y);
    f.record.centroid = lineMidpoint(clean.lines);
    placeInTile(f);
    meshes.origin = f.origin; // this feature's vertices are relative to its tile
    const ElevationModel* elevation = m_elevation.get();
    f.record.baseMeters = groundHeight(elevation, f.record.centroid.x, f.record.centroid.y);
    const double width = evaluateLineWidth(m_lineWidth, raw.attributes);
    DrapeOptions drape;
    drape.liftMeters = DrapeOptions::kLineLiftMeters;
    drape.sampleSpacingMeters = m_drapeSpacingMeters;
    size_t triangles = 0;
    for (const LineString& l : clean.lines) triangles += appendRibbon(l, width, elevation, drape, 0, meshes);
    f.record.attributes = std::move(raw.attributes);
    if (triangles == 0) f.skipReason = "degenerate line (nothing to draw)";
    else f.built = true;
}

void FeatureBuilder::buildPoint(RawFeature& raw, const ReadBatch& batch, const CrsTransformer& tr, BuiltFeature& f)
{
    CleanedPoint clean = cleanPoint(raw.geometry.get(), tr, batch.crsIsGeographic);
    if (!clean.point) {
        f.skipReason = std::move(clean.skipReason);
        return;
    }
    f.record.centroid = *clean.point;
    f.extent.add(clean.point->x, clean.point->y);
    placeInTile(f);
    f.record.baseMeters = groundHeight(m_elevation.get(), clean.point->x, clean.point->y);
    f.record.attributes = std::move(raw.attributes);
    f.built = true;
}

} // namespace citytwin::gis
