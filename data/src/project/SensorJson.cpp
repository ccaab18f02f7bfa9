#include "project/SensorJson.h"

#include "common/JsonFields.h"

#include <nlohmann/json.hpp>

#include <limits>

namespace citytwin::data::detail {

namespace {

using nlohmann::json;

const char* directionName(ThresholdDirection d) { return d == ThresholdDirection::Below ? "below" : "above"; }

void readDirection(JsonFields& f, const char* key, ThresholdDirection& out) {
    std::string name = directionName(out);
    f.read(key, name);
    if (name == "above") out = ThresholdDirection::Above;
    else if (name == "below") out = ThresholdDirection::Below;
    else f.error(f.pathOf(key) + ": expected \"above\" or \"below\", got \"" + name + "\"");
}

void readKind(JsonFields& f, const char* key, SensorKind& out) {
    std::string name = sensorKindName(out);
    f.read(key, name);
    if (!parseSensorKind(name, out)) f.error(f.pathOf(key) + ": unknown sensor kind \"" + name + "\"");
}

void readLonLat(JsonFields& f, std::optional<gis::DVec2>& out) {
    const auto* v = f.array("lonLat");
    if (!v) return;
    if (v->size() != 2 || !(*v)[0].is_number() || !(*v)[1].is_number()) {
        f.error(f.pathOf("lonLat") + ": expected [longitude, latitude]");
        return;
    }
    out = gis::DVec2{(*v)[0].get<double>(), (*v)[1].get<double>()};
}

void readAttributes(JsonFields& f, std::map<std::string, std::string>& out) {
    const auto* v = f.object("attributes");
    if (!v) return;
    for (const auto& [key, value] : v->items()) {
        if (!value.is_string()) {
            f.error(f.pathOf("attributes") + "/" + key + ": expected a string, got " + value.type_name());
            continue;
        }
        out[key] = value.get<std::string>();
    }
}

template <typename T>
gis::Result<T> parseObject(const std::string& text, const char* what, json& doc) {
    doc = json::parse(text, nullptr, false);
    if (!doc.is_object()) return gis::Result<T>::failure(std::string(what) + " is not a JSON object");
    return T{};
}

} // namespace

std::string sensorToJson(const Sensor& s) {
    json j{{"id", s.id},
           {"name", s.name},
           {"kind", sensorKindName(s.kind)},
           {"unit", s.unit},
           {"warning", s.warning},
           {"critical", s.critical},
           {"direction", directionName(s.direction)},
           {"periodSeconds", s.periodSeconds},
           {"datastreamId", s.datastreamId},
           {"binding",
            {{"layerId", s.binding.layerId},
             {"featureKey", s.binding.featureKey},
             {"keyAttribute", s.binding.keyAttribute}}},
           {"attributes", json(s.attributes)}};
    if (s.lonLat) j["lonLat"] = json::array({s.lonLat->x, s.lonLat->y});
    return j.dump();
}

gis::Result<Sensor> sensorFromJson(const std::string& text) {
    json doc;
    auto result = parseObject<Sensor>(text, "the sensor", doc);
    if (!result) return result;
    Sensor& s = result.value();
    gis::Diagnostics errors;
    JsonFields f(doc, "/sensor", errors);
    f.read("id", s.id);
    f.read("name", s.name);
    readKind(f, "kind", s.kind);
    f.read("unit", s.unit);
    f.read("warning", s.warning);
    f.read("critical", s.critical);
    readDirection(f, "direction", s.direction);
    f.read("periodSeconds", s.periodSeconds);
    f.read("datastreamId", s.datastreamId);
    readLonLat(f, s.lonLat);
    readAttributes(f, s.attributes);
    if (const auto* b = f.object("binding")) {
        JsonFields bf(*b, "/sensor/binding", errors);
        bf.read("layerId", s.binding.layerId);
        bf.read("featureKey", s.binding.featureKey);
        bf.read("keyAttribute", s.binding.keyAttribute);
    }
    if (!errors.empty()) return gis::Result<Sensor>::failure(std::move(errors));
    return result;
}

std::string feedSettingsToJson(const ProjectFeedSettings& s) {
    return json{{"brokerUrl", s.brokerUrl},
                {"caFile", s.caFile},
                {"username", s.username},
                {"clientId", s.clientId},
                {"simulator", s.simulator},
                {"simulatorSeed", s.simulatorSeed},
                {"autoRegister", s.autoRegister},
                {"retentionDays", s.retentionDays}}
        .dump();
}

gis::Result<ProjectFeedSettings> feedSettingsFromJson(const std::string& text) {
    json doc;
    auto result = parseObject<ProjectFeedSettings>(text, "the feed settings", doc);
    if (!result) return result;
    ProjectFeedSettings& s = result.value();
    gis::Diagnostics errors;
    JsonFields f(doc, "/feeds", errors);
    f.read("brokerUrl", s.brokerUrl);
    f.read("caFile", s.caFile);
    f.read("username", s.username);
    f.read("clientId", s.clientId);
    f.read("simulator", s.simulator);
    f.read("autoRegister", s.autoRegister);
    if (const auto it = doc.find("simulatorSeed"); it != doc.end() && !it->is_null()) {
        if (it->is_number_unsigned()) s.simulatorSeed = it->get<uint64_t>();
        else f.error(f.pathOf("simulatorSeed") + ": expected a non-negative integer");
    }
    int64_t days = s.retentionDays;
    f.read("retentionDays", days);
    if (days < 0 || days > std::numeric_limits<int>::max())
        f.error(f.pathOf("retentionDays") + ": out of range");
    else
        s.retentionDays = static_cast<int>(days);
    if (!errors.empty()) return gis::Result<ProjectFeedSettings>::failure(std::move(errors));
    return result;
}

} // namespace citytwin::data::detail
