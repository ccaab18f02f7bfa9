#pragma once
// One opened GDAL/OGR vector source: the dataset, the chosen polygon layer and its CRS.

#include "citytwin/gis/Geometry.h"
#include "citytwin/gis/HeightRule.h"
#include "citytwin/gis/LayerSpec.h"
#include "citytwin/gis/Result.h"
#include "vector/GdalHandles.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace citytwin::gis {

/// A raw feature as read: geometry in the source CRS plus attributes as text.
struct RawFeature {
    int64_t fid = -1;
    OgrGeometryPtr geometry;
    AttributeList attributes;
};

/// Owns one read-only dataset. Not thread-safe: use it on one thread only
/// (the reader thread of an import, or the caller of probeExtentLonLat).
class VectorSource {
public:
    /// Opens `path` read-only and picks `layerName`, or when empty the first
    /// layer whose geometry suits `kind` (Lines → line layer, Points → point
    /// layer, Buildings/Areas → polygon layer, Auto → polygons, else lines,
    /// else points; OSM: `multipolygons` / `lines` / `points`).
    /// `attributeFilter` is applied as an OGR SQL WHERE clause (an invalid one
    /// is an error); OSM buildings without a filter read `building IS NOT NULL`.
    /// `crsOverride` replaces the declared CRS; no CRS at all is an error.
    static Result<std::unique_ptr<VectorSource>> open(const std::string& path,
                                                      const std::string& layerName,
                                                      const std::string& crsOverride,
                                                      LayerKind kind = LayerKind::Auto,
                                                      const std::string& attributeFilter = {});

    /// The kind the chosen layer's geometry suggests: Buildings (polygons),
    /// Lines or Points; Auto when the layer's type is unknown and empty.
    LayerKind geometryKind() const { return m_geometryKind; }

    const std::string& path() const { return m_path; }
    const std::string& layerName() const { return m_layerName; }
    const std::vector<std::string>& fieldNames() const { return m_fieldNames; }
    /// CRS as WKT (as declared, never replaced by an EPSG guess) or the override.
    const std::string& crsDefinition() const { return m_crsDefinition; }
    const std::string& crsName() const { return m_crsName; }
    bool crsIsGeographic() const { return m_crsGeographic; }
    /// Feature count if cheap to know, else -1.
    int64_t featureCountHint() const { return m_countHint; }
    /// Layer extent in the source CRS (may be empty when unknown).
    Extent2 extent() const;

    /// Next feature, or false at the end. Read errors go to the caller's
    /// GdalErrorCapture.
    bool next(RawFeature& out);

private:
    VectorSource() = default;
    GdalDatasetPtr m_dataset;
    OGRLayer* m_layer = nullptr;
    bool m_isOsm = false;
    LayerKind m_geometryKind = LayerKind::Auto;
    std::string m_path;
    std::string m_layerName;
    std::string m_crsDefinition;
    std::string m_crsName;
    bool m_crsGeographic = false;
    int64_t m_countHint = -1;
    std::vector<std::string> m_fieldNames;

    /// How next() turns a field into text: numbers it formats itself, as
    /// OGR does (printf-like, %d / %lld / %.15g), checked against OGR's own
    /// text on the first features and given back to OGR on any difference.
    struct FieldText {
        enum Kind { Ogr, Integer, Integer64, Real } kind = Ogr;
        int checksLeft = 0; ///< features still compared with OGR's text
        std::string ogrCopy; ///< OGR's text of this field, this feature
        char number[32] = {};
    };
    std::vector<FieldText> m_fieldText;
    std::vector<std::pair<std::string_view, std::string_view>> m_entries; ///< next()'s scratch
    static FieldText::Kind textKindOf(const OGRFieldDefn& field);
    std::string_view fieldText(OGRFeature& feature, int field);
};

} // namespace citytwin::gis
