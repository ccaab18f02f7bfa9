#pragma once
// Worker-side processing of read features: clean, reproject, then by layer
// kind extrude (buildings), ribbon (lines), drape (areas) or place (points).

#include "citytwin/gis/CrsTransformer.h"
#include "citytwin/gis/Extrusion.h"
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
    LayerKind kind = LayerKind::Buildings; ///< resolved kind of the layer (never Auto)
    std::vector<RawFeature> features;
    std::vector<uint8_t> wkb; ///< the WKB of features read without OGR (RawFeature::wkbOffset)
};

/// One processed feature. When `built`, `mesh` is the span of its batch's
/// `meshes` holding its geometry (walls and roof, ribbon or draped polygon;
/// empty for points), relative to `origin`, the centre of tile `tile`.
struct BuiltFeature {
    bool built = false;
    bool repaired = false;
    std::string skipReason;
    FeatureRecord record;
    TileKey tile;
    DVec3 origin;
    Extent2 extent;
    MeshSpan mesh;
    std::vector<Diagnostic> diagnostics;
};

/// A batch's features and, in one set of arrays, all their meshes (one
/// allocation per array and batch, not per feature: allocating and freeing
/// per-feature arrays across threads was a large part of an import).
struct BuiltBatch {
    uint64_t sequence = 0;
    std::vector<BuiltFeature> features;
    MeshChunk meshes; ///< each feature's span relative to its own origin; ids unused
};

/// Per worker thread: owns that thread's CRS transformers (one per source
/// CRS, created once). Construct and use on the same worker thread.
class FeatureBuilder {
public:
    FeatureBuilder(const SceneFrame& frame, const LayerSpec& spec, const ImportOptions& options);
    BuiltBatch build(ReadBatch& batch);

    /// Tile holding a scene point, and that tile's centre at z = 0.
    static TileKey tileFor(const DVec2& p, double tileSizeMeters);
    static DVec3 tileOrigin(const TileKey& key, double tileSizeMeters);

private:
    BuiltFeature buildOne(RawFeature& raw, const ReadBatch& batch, const CrsTransformer* tr,
                          const std::string& crsError, MeshChunk& meshes);
    void buildPolygons(RawFeature& raw, const ReadBatch& batch, const CrsTransformer& tr, BuiltFeature& f,
                       MeshChunk& meshes, std::vector<std::vector<Ring>>* parsed);
    void buildLines(RawFeature& raw, const ReadBatch& batch, const CrsTransformer& tr, BuiltFeature& f,
                    MeshChunk& meshes);
    void buildPoint(RawFeature& raw, const ReadBatch& batch, const CrsTransformer& tr, BuiltFeature& f);
    void placeInTile(BuiltFeature& f) const;
    SceneFrame m_frame;
    HeightRule m_rule;
    LineWidthRule m_lineWidth;
    ElevationModelPtr m_elevation;
    double m_drapeSpacingMeters = 20.0;
    std::map<std::string, std::unique_ptr<CrsTransformer>> m_transformers;
    std::vector<std::vector<Ring>> m_parsed; ///< buildOne()'s scratch: polygons read from WKB
};

} // namespace citytwin::gis
