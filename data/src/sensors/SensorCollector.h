#pragma once
// Builds sensors from rows whatever their source. Private to citytwin_data.

#include "citytwin/data/sensors/SensorImport.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>

class OGRGeometry;

namespace citytwin::data::detail {

/// Applies the mapping's kind, id, name, unit, attribute and duplicate rules
/// to each row of one import (CSV, GeoJSON or OGR). One import, one thread.
class SensorCollector {
public:
    /// `rowNoun` names a row in skip warnings ("row", "feature").
    SensorCollector(const SensorImportMapping& mapping, std::string source, std::string rowNoun = "row")
        : m_mapping(mapping), m_source(std::move(source)), m_rowNoun(std::move(rowNoun)) {}

    /// A mapped field's untrimmed value; nothing when the row lacks it or it is null.
    using Field = std::function<std::optional<std::string>(const std::string& name)>;

    /// Adds the sensor of one row at `lonLat` (already validated), or skips it.
    /// `idOverride` stands for the id when the mapping names no id column.
    void add(int64_t record, const Field& field, gis::DVec2 lonLat,
             const std::optional<std::string>& idOverride = std::nullopt);

    /// Counts a row read but rejected before add().
    void skipRead(int64_t record, std::string why);

    /// The sensors, with `extra` diagnostics ahead of the per-row ones.
    gis::Result<ImportedSensors> finish(gis::Diagnostics extra = {});

private:
    void skip(int64_t record, std::string why);
    bool unique(int64_t record, std::string& id);

    const SensorImportMapping& m_mapping;
    std::string m_source;
    std::string m_rowNoun;
    ImportedSensors m_out;
    gis::Diagnostics m_diagnostics;
    std::unordered_map<std::string, int> m_seen;
};

/// The point standing for a geometry in its own CRS: the point itself, the
/// centroid, or the middle of the bounds; nothing when it is empty.
std::optional<gis::DVec2> representativePoint(const OGRGeometry& geometry);

} // namespace citytwin::data::detail
