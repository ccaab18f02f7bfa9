#pragma once
// Shared helpers of the gis tests: printing, geometry predicates.

#include "citytwin/gis/Geometry.h"
#include "citytwin/gis/LayerImporter.h"
#include "citytwin/gis/Result.h"

#include <QString>
#include <QtTest>

#include <cmath>

namespace citytwin::test {

inline QString diagnosticsText(const gis::Diagnostics& diags, int max = 20)
{
    QString out;
    int n = 0;
    for (const auto& d : diags) {
        if (n++ == max) { out += QStringLiteral("...\n"); break; }
        out += QString::fromStdString(gis::formatDiagnostic(d)) + QLatin1Char('\n');
    }
    return out;
}

inline bool anyDiagnostic(const gis::Diagnostics& diags, const std::string& source, const std::string& text = {})
{
    for (const auto& d : diags)
        if ((source.empty() || d.source == source) && d.message.find(text) != std::string::npos) return true;
    return false;
}

/// Even-odd point in polygon over all rings.
inline bool insideFootprint(const gis::MultiPolygon& mp, double x, double y)
{
    bool inside = false;
    for (const auto& poly : mp.polygons)
        for (const auto& ring : poly.rings)
            for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
                const auto& a = ring[i];
                const auto& b = ring[j];
                if ((a.y > y) != (b.y > y) && x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x) inside = !inside;
            }
    return inside;
}

/// Triangles per feature id over all chunks of a layer.
inline std::vector<int64_t> trianglesPerFeature(const gis::ImportedLayer& layer)
{
    std::vector<int64_t> out(layer.features.size(), 0);
    for (const auto& c : layer.chunks)
        for (size_t t = 0; t < c.indices.size(); t += 3) ++out[c.featureIds[c.indices[t]]];
    return out;
}

inline std::string attribute(const gis::FeatureRecord& f, const std::string& name)
{
    for (const auto& [k, v] : f.attributes)
        if (k == name) return std::string(v);
    return {};
}

} // namespace citytwin::test
