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
/// The geometry is an OGR object, or, read straight from a GeoPackage, WKB
/// bytes [wkbOffset, wkbOffset + wkbSize) of the arena given to next().
struct RawFeature {
    int64_t fid = -1;
    OgrGeometryPtr geometry;
    size_t wkbOffset = 0;
    size_t wkbSize = 0;   ///< 0: no WKB (see geometry)
    bool wkbEmpty = false; ///< the GeoPackage blob says "empty"
    AttributeList attributes;
};

class GpkgRows;

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

    /// Reads a GeoPackage table's rows straight with SQLite from now on,
    /// when this source allows it (GeoPackage, a feature table, no attribute
    /// filter, only text and plain number fields) and its first features
    /// read that way equal OGR's (FID, attribute text, rings). Returns whether
    /// it does. Call before the first next().
    bool readDirectly();

    /// Next feature, or false at the end. Read errors go to the caller's
    /// GdalErrorCapture (OGR) or readError(). Rows read directly put their
    /// WKB at the end of `wkbArena`.
    bool next(RawFeature& out, std::vector<uint8_t>& wkbArena);
    /// An error that ended direct reading early (empty if none).
    const std::string& readError() const;

    ~VectorSource();

private:
    VectorSource() = default;
    bool nextDirect(RawFeature& out, std::vector<uint8_t>& wkbArena);
    std::string_view directText(int field);
    bool sameAsOgr(int features);
    void packAttributes(RawFeature& out);
    std::unique_ptr<GpkgRows> m_rows; ///< set while reading directly
    OgrFeaturePtr m_scratch;          ///< formats what only OGR words (infinities)
    bool m_filtered = false;
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
