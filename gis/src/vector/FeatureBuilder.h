#pragma once
// Worker-side processing of read features: clean, reproject, height, extrude.

#include "citytwin/gis/CrsTransformer.h"
#include "citytwin/gis/LayerImporter.h"
#include "vector/VectorSource.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace citytwin::gis {

/// What the reader hands to workers: features of one source, in read order.
struct ReadBatch {
    uint64_t sequence = 0;
    uint32_t sourceIndex = 0;
    std::string sourcePath;
    std::string crsDefinition;     ///< of the source (or the override)
    bool crsIsGeographic = false;
    std::vector<RawFeature> features;
};

/// One processed feature. When `built`, `mesh` holds its walls and roof
/// relative to the origin of tile `tile` with feature id 0.
struct BuiltFeature {
    bool built = false;
    bool repaired = false;
    std::string skipReason;
    FeatureRecord record;
    TileKey tile;
    Extent2 extent;
    MeshChunk mesh;
    std::vector<Diagnostic> diagnostics;
};

struct BuiltBatch {
    uint64_t sequence = 0;
    std::vector<BuiltFeature> features;
};

/// Per worker thread: owns that thread's CRS transformers (one per source
/// CRS, created once). Construct and use on the same worker thread.
class FeatureBuilder {
public:
    FeatureBuilder(const SceneFrame& frame, const HeightRule& rule);
    BuiltBatch build(ReadBatch& batch);

    /// Tile holding a scene point, and that tile's centre at z = 0.
    static TileKey tileFor(const DVec2& p, double tileSizeMeters);
    static DVec3 tileOrigin(const TileKey& key, double tileSizeMeters);

private:
    BuiltFeature buildOne(RawFeature& raw, const ReadBatch& batch, const CrsTransformer* tr,
                          const std::string& crsError);
    SceneFrame m_frame;
    HeightRule m_rule;
    std::map<std::string, std::unique_ptr<CrsTransformer>> m_transformers;
};

} // namespace citytwin::gis
