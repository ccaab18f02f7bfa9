#include "sensors/SensorCollector.h"

#include "sensors/SensorImportDetail.h"

#include <ogr_geometry.h>

namespace citytwin::data::detail {

void SensorCollector::add(int64_t record, const Field& field, gis::DVec2 lonLat,
                          const std::optional<std::string>& idOverride) {
    ++m_out.rowsRead;
    const auto text = [&](const std::string& name) { return std::string(trimView(field(name).value_or(""))); };
    SensorKind kind = m_mapping.fixedKind;
    if (!m_mapping.kind.empty()) {
        const std::string name = text(m_mapping.kind);
        if (!parseSensorKind(name, kind)) return skip(record, "unknown sensor kind '" + name + "'");
    }
    Sensor s = sensorDefaults(kind);
    std::string id = idOverride             ? *idOverride
                     : m_mapping.id.empty() ? std::to_string(record)
                                            : text(m_mapping.id);
    if (id.empty()) return skip(record, "no sensor id");
    s.id = m_mapping.idPrefix + id;
    if (!unique(record, s.id)) return;
    if (!m_mapping.name.empty()) s.name = text(m_mapping.name);
    if (s.name.empty()) s.name = s.id;
    if (!m_mapping.unit.empty())
        if (std::string unit = text(m_mapping.unit); !unit.empty()) s.unit = std::move(unit);
    for (const auto& a : m_mapping.attributes)
        if (auto v = field(a)) s.attributes[a] = *v;
    s.lonLat = lonLat;
    m_out.sensors.push_back(std::move(s));
}

void SensorCollector::skipRead(int64_t record, std::string why) {
    ++m_out.rowsRead;
    skip(record, std::move(why));
}

gis::Result<ImportedSensors> SensorCollector::finish(gis::Diagnostics extra) {
    m_diagnostics.insert(m_diagnostics.begin(), extra.begin(), extra.end());
    return gis::Result<ImportedSensors>(std::move(m_out), std::move(m_diagnostics));
}

void SensorCollector::skip(int64_t record, std::string why) {
    ++m_out.rowsSkipped;
    m_diagnostics.push_back(rowWarning(m_source, record, std::move(why) + "; " + m_rowNoun + " skipped"));
}

bool SensorCollector::unique(int64_t record, std::string& id) {
    auto [it, inserted] = m_seen.try_emplace(id, 1);
    if (inserted) return true;
    if (m_mapping.duplicates == DuplicateIds::Skip) {
        skip(record, "sensor id '" + id + "' appears again");
        return false;
    }
    std::string renamed;
    do renamed = id + "-" + std::to_string(++it->second);
    while (m_seen.count(renamed));
    m_seen.emplace(renamed, 1);
    m_diagnostics.push_back(
        rowWarning(m_source, record, "sensor id '" + id + "' appears again; imported as '" + renamed + "'"));
    id = renamed;
    return true;
}

std::optional<gis::DVec2> representativePoint(const OGRGeometry& geometry) {
    if (geometry.IsEmpty()) return std::nullopt;
    if (const auto* p = dynamic_cast<const OGRPoint*>(&geometry)) return gis::DVec2{p->getX(), p->getY()};
    OGRPoint c;
    if (geometry.Centroid(&c) == OGRERR_NONE && !c.IsEmpty()) return gis::DVec2{c.getX(), c.getY()};
    OGREnvelope e; // no GEOS: the middle of the bounds is close enough for a marker
    geometry.getEnvelope(&e);
    return gis::DVec2{(e.MinX + e.MaxX) / 2, (e.MinY + e.MaxY) / 2};
}

} // namespace citytwin::data::detail
