#include "citytwin/data/LayerSpecJson.h"

#include "common/JsonFields.h"
#include "project/LayerSpecJsonDetail.h"

namespace citytwin::data {

namespace detail {

namespace {

const char* unitName(gis::HeightUnit unit) {
    switch (unit) {
    case gis::HeightUnit::Meters: return "meters";
    case gis::HeightUnit::Storeys: return "storeys";
    }
    return "meters";
}

nlohmann::json heightRuleJson(const gis::HeightRule& rule) {
    nlohmann::json candidates = nlohmann::json::array();
    for (const auto& c : rule.candidates)
        candidates.push_back({{"attribute", c.attribute}, {"unit", unitName(c.unit)}});
    return {{"candidates", std::move(candidates)},
            {"storeyHeightMeters", rule.storeyHeightMeters},
            {"defaultHeightMeters", rule.defaultHeightMeters},
            {"minHeightMeters", rule.minHeightMeters},
            {"maxHeightMeters", rule.maxHeightMeters}};
}

void readCandidate(const nlohmann::json& item, const std::string& path, gis::HeightCandidate& c,
                   gis::Diagnostics& errors) {
    JsonFields f(item, path, errors);
    f.read("attribute", c.attribute);
    std::string unit = unitName(c.unit);
    f.read("unit", unit);
    if (unit == "meters" || unit == "metres")
        c.unit = gis::HeightUnit::Meters;
    else if (unit == "storeys" || unit == "stories")
        c.unit = gis::HeightUnit::Storeys;
    else
        f.error(f.pathOf("unit") + ": expected \"meters\" or \"storeys\", got \"" + unit + "\"");
}

void readHeightRule(const nlohmann::json& object, const std::string& path, gis::HeightRule& rule,
                    gis::Diagnostics& errors) {
    JsonFields f(object, path, errors);
    if (const auto* list = f.array("candidates")) {
        rule.candidates.clear();
        for (size_t i = 0; i < list->size(); ++i) {
            const std::string itemPath = f.pathOf("candidates") + "/" + std::to_string(i);
            const auto& item = (*list)[i];
            if (!item.is_object()) {
                f.error(itemPath + ": expected an object, got " + item.type_name());
                continue;
            }
            gis::HeightCandidate c;
            readCandidate(item, itemPath, c, errors);
            rule.candidates.push_back(std::move(c));
        }
    }
    f.read("storeyHeightMeters", rule.storeyHeightMeters);
    f.read("defaultHeightMeters", rule.defaultHeightMeters);
    f.read("minHeightMeters", rule.minHeightMeters);
    f.read("maxHeightMeters", rule.maxHeightMeters);
}

nlohmann::json lineWidthJson(const gis::LineWidthRule& rule) {
    nlohmann::json widths = nlohmann::json::array();
    for (const auto& [value, meters] : rule.categoryWidths)
        widths.push_back({{"value", value}, {"widthMeters", meters}});
    return {{"widthAttribute", rule.widthAttribute},
            {"categoryAttribute", rule.categoryAttribute},
            {"categoryWidths", std::move(widths)},
            {"defaultWidthMeters", rule.defaultWidthMeters}};
}

void readLineWidth(const nlohmann::json& object, const std::string& path, gis::LineWidthRule& rule,
                   gis::Diagnostics& errors) {
    JsonFields f(object, path, errors);
    f.read("widthAttribute", rule.widthAttribute);
    f.read("categoryAttribute", rule.categoryAttribute);
    if (const auto* list = f.array("categoryWidths")) {
        rule.categoryWidths.clear();
        for (size_t i = 0; i < list->size(); ++i) {
            const std::string itemPath = f.pathOf("categoryWidths") + "/" + std::to_string(i);
            const auto& item = (*list)[i];
            if (!item.is_object()) {
                f.error(itemPath + ": expected an object, got " + item.type_name());
                continue;
            }
            std::pair<std::string, double> entry{std::string(), 0.0};
            JsonFields fi(item, itemPath, errors);
            fi.read("value", entry.first);
            fi.read("widthMeters", entry.second);
            rule.categoryWidths.push_back(std::move(entry));
        }
    }
    f.read("defaultWidthMeters", rule.defaultWidthMeters);
}

void readKind(JsonFields& f, gis::LayerKind& kind) {
    std::string name = gis::layerKindName(kind);
    f.read("kind", name);
    if (!gis::parseLayerKind(name, kind))
        f.error(f.pathOf("kind") + ": expected one of auto, buildings, lines, areas, points, "
                                   "terrain, imagery, got \"" + name + "\"");
}

} // namespace

nlohmann::json layerSpecJson(const gis::LayerSpec& spec) {
    return {{"name", spec.name},
            {"sources", spec.sources},
            {"sourceLayer", spec.sourceLayer},
            {"crsOverride", spec.crsOverride},
            {"heightRule", heightRuleJson(spec.heightRule)},
            {"kind", gis::layerKindName(spec.kind)},
            {"attributeFilter", spec.attributeFilter},
            {"lineWidth", lineWidthJson(spec.lineWidth)},
            {"verticalExaggeration", spec.verticalExaggeration}};
}

void readLayerSpec(const nlohmann::json& object, const std::string& path, gis::LayerSpec& spec,
                   gis::Diagnostics& errors) {
    JsonFields f(object, path, errors);
    f.read("name", spec.name);
    f.read("sources", spec.sources);
    f.read("sourceLayer", spec.sourceLayer);
    f.read("crsOverride", spec.crsOverride);
    if (const auto* rule = f.object("heightRule"))
        readHeightRule(*rule, f.pathOf("heightRule"), spec.heightRule, errors);
    readKind(f, spec.kind);
    f.read("attributeFilter", spec.attributeFilter);
    if (const auto* width = f.object("lineWidth"))
        readLineWidth(*width, f.pathOf("lineWidth"), spec.lineWidth, errors);
    f.read("verticalExaggeration", spec.verticalExaggeration);
}

} // namespace detail

std::string layerSpecToJson(const gis::LayerSpec& spec) {
    return detail::layerSpecJson(spec).dump();
}

gis::Result<gis::LayerSpec> layerSpecFromJson(std::string_view json) {
    using R = gis::Result<gis::LayerSpec>;
    const auto doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return R::failure("layer spec: not valid JSON");
    if (!doc.is_object())
        return R::failure(std::string("layer spec: expected a JSON object, got ") + doc.type_name());
    gis::LayerSpec spec;
    gis::Diagnostics errors;
    detail::readLayerSpec(doc, "", spec, errors);
    if (!errors.empty()) {
        for (auto& e : errors) e.message = "layer spec: " + e.message;
        return R::failure(std::move(errors));
    }
    return spec;
}

} // namespace citytwin::data
