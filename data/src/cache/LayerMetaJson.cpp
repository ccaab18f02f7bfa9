#include "cache/LayerMetaJson.h"

#include "common/JsonFields.h"
#include "project/LayerSpecJsonDetail.h"

#include <nlohmann/json.hpp>

namespace citytwin::data::detail {

std::string layerMetaToJson(const gis::ImportedLayer& layer) {
    const auto& e = layer.extent;
    const auto& s = layer.stats;
    const nlohmann::json meta = {
        {"spec", layerSpecJson(layer.spec)},
        {"kind", gis::layerKindName(layer.kind)},
        {"frame",
         {{"crsDefinition", layer.frame.crsDefinition},
          {"crsName", layer.frame.crsName},
          {"tileSizeMeters", layer.frame.tileSizeMeters}}},
        {"sourceCrsName", layer.sourceCrsName},
        {"extent", {{"minX", e.minX}, {"minY", e.minY}, {"maxX", e.maxX}, {"maxY", e.maxY}}},
        {"maxHeightMeters", layer.maxHeightMeters},
        {"stats",
         {{"featuresRead", s.featuresRead},
          {"featuresBuilt", s.featuresBuilt},
          {"featuresSkipped", s.featuresSkipped},
          {"featuresRepaired", s.featuresRepaired},
          {"triangles", s.triangles},
          {"cancelled", s.cancelled}}}};
    return meta.dump();
}

void readLayerMeta(const std::string& json, gis::ImportedLayer& layer, gis::Diagnostics& errors) {
    const auto doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object()) {
        errors.push_back({gis::Severity::Error, "layer metadata is not a JSON object", {}, -1});
        return;
    }
    JsonFields f(doc, "", errors);
    if (const auto* spec = f.object("spec")) readLayerSpec(*spec, "/spec", layer.spec, errors);
    // The resolved kind (an Auto spec becomes Buildings, Lines, Areas or Points).
    std::string kind;
    f.read("kind", kind);
    if (!gis::parseLayerKind(kind, layer.kind) || layer.kind == gis::LayerKind::Auto)
        errors.push_back({gis::Severity::Error, "layer metadata has no valid kind", {}, -1});
    if (const auto* frame = f.object("frame")) {
        JsonFields ff(*frame, "/frame", errors);
        ff.read("crsDefinition", layer.frame.crsDefinition);
        ff.read("crsName", layer.frame.crsName);
        ff.read("tileSizeMeters", layer.frame.tileSizeMeters);
    }
    f.read("sourceCrsName", layer.sourceCrsName);
    if (const auto* extent = f.object("extent")) {
        JsonFields fe(*extent, "/extent", errors);
        fe.read("minX", layer.extent.minX);
        fe.read("minY", layer.extent.minY);
        fe.read("maxX", layer.extent.maxX);
        fe.read("maxY", layer.extent.maxY);
    }
    f.read("maxHeightMeters", layer.maxHeightMeters);
    if (const auto* stats = f.object("stats")) {
        JsonFields fs(*stats, "/stats", errors);
        fs.read("featuresRead", layer.stats.featuresRead);
        fs.read("featuresBuilt", layer.stats.featuresBuilt);
        fs.read("featuresSkipped", layer.stats.featuresSkipped);
        fs.read("featuresRepaired", layer.stats.featuresRepaired);
        fs.read("triangles", layer.stats.triangles);
        fs.read("cancelled", layer.stats.cancelled);
    }
}

} // namespace citytwin::data::detail
