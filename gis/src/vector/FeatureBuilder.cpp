#include "vector/FeatureBuilder.h"

#include "citytwin/gis/Extrusion.h"
#include "vector/FootprintCleaner.h"

#include <cmath>

namespace citytwin::gis {

FeatureBuilder::FeatureBuilder(const SceneFrame& frame, const HeightRule& rule)
    : m_frame(frame), m_rule(rule)
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
        out.features.push_back(buildOne(raw, batch, it->second.get(), crsError));
    return out;
}

BuiltFeature FeatureBuilder::buildOne(RawFeature& raw, const ReadBatch& batch,
                                      const CrsTransformer* tr, const std::string& crsError)
{
    BuiltFeature f;
    f.record.sourceFid = raw.fid;
    f.record.sourceIndex = batch.sourceIndex;
    if (!tr) {
        f.skipReason = "CRS problem: " + crsError;
        return f;
    }
    CleanedFootprint clean = cleanFootprint(raw.geometry.get(), *tr, batch.crsIsGeographic);
    raw.geometry.reset();
    f.repaired = clean.repaired;
    for (std::string& w : clean.warnings)
        f.diagnostics.push_back({Severity::Warning, std::move(w), batch.sourcePath, raw.fid});
    if (!clean.footprint) {
        f.skipReason = std::move(clean.skipReason);
        return f;
    }
    const MultiPolygon& fp = *clean.footprint;
    for (const Polygon& p : fp.polygons)
        for (const DVec2& v : p.rings[0]) f.extent.add(v.x, v.y);
    f.record.centroid = footprintCentroid(fp);
    f.record.heightMeters = evaluateHeight(m_rule, raw.attributes).heightMeters;
    f.record.attributes = std::move(raw.attributes);
    f.tile = tileFor(f.record.centroid, m_frame.tileSizeMeters);
    f.mesh.tile = f.tile;
    f.mesh.origin = tileOrigin(f.tile, m_frame.tileSizeMeters);
    if (extrudeFootprint(fp, f.record.baseMeters, f.record.baseMeters + f.record.heightMeters, 0, f.mesh) == 0) {
        f.skipReason = "degenerate polygon (nothing to extrude)";
        return f;
    }
    f.built = true;
    return f;
}

} // namespace citytwin::gis
