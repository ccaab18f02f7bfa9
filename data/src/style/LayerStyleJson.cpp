#include "citytwin/data/LayerStyleJson.h"

#include "common/JsonFields.h"

namespace citytwin::data {

namespace {

using detail::JsonFields;

/// A missing member keeps `out`: its own hex text parses back to it.
void readColor(JsonFields& f, const char* key, Rgb& out) {
    std::string text = rgbToHex(out);
    f.read(key, text);
    if (!parseRgbHex(text, out))
        f.error(f.pathOf(key) + ": expected a colour \"#rrggbb\", got \"" + text + "\"");
}

/// Reads an array member of objects, calling `item(object, path)` for each.
template <typename Fn>
void readObjects(JsonFields& f, const char* key, Fn&& item) {
    const auto* list = f.array(key);
    if (!list) return;
    for (size_t i = 0; i < list->size(); ++i) {
        const std::string path = f.pathOf(key) + "/" + std::to_string(i);
        const auto& value = (*list)[i];
        if (!value.is_object()) {
            f.error(path + ": expected an object, got " + value.type_name());
            continue;
        }
        item(value, path);
    }
}

nlohmann::json categoriesJson(const std::vector<StyleCategory>& categories) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& c : categories)
        list.push_back({{"value", c.value},
                        {"color", rgbToHex(c.color)},
                        {"label", c.label},
                        {"visible", c.visible}});
    return list;
}

nlohmann::json classesJson(const std::vector<StyleClass>& classes) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& c : classes)
        list.push_back({{"lower", c.lower},
                        {"upper", c.upper},
                        {"color", rgbToHex(c.color)},
                        {"label", c.label}});
    return list;
}

void readEnums(JsonFields& f, LayerStyle& style) {
    std::string mode = styleModeName(style.mode);
    f.read("mode", mode);
    if (!parseStyleMode(mode, style.mode))
        f.error(f.pathOf("mode") +
                ": expected \"single\", \"categorised\" or \"graduated\", got \"" + mode + "\"");
    std::string method = classMethodName(style.method);
    f.read("method", method);
    if (!parseClassMethod(method, style.method))
        f.error(f.pathOf("method") + ": expected \"equalInterval\" or \"quantile\", got \"" +
                method + "\"");
}

void readStyle(const nlohmann::json& doc, LayerStyle& style, gis::Diagnostics& errors) {
    JsonFields f(doc, "", errors);
    readEnums(f, style);
    readColor(f, "color", style.color);
    f.read("attribute", style.attribute);
    readObjects(f, "categories", [&](const nlohmann::json& item, const std::string& path) {
        JsonFields fi(item, path, errors);
        StyleCategory c;
        fi.read("value", c.value);
        readColor(fi, "color", c.color);
        fi.read("label", c.label);
        fi.read("visible", c.visible);
        style.categories.push_back(std::move(c));
    });
    readObjects(f, "classes", [&](const nlohmann::json& item, const std::string& path) {
        JsonFields fi(item, path, errors);
        StyleClass c;
        fi.read("lower", c.lower);
        fi.read("upper", c.upper);
        readColor(fi, "color", c.color);
        fi.read("label", c.label);
        style.classes.push_back(std::move(c));
    });
    readColor(f, "otherColor", style.otherColor);
    f.read("otherVisible", style.otherVisible);
    int64_t classCount = style.classCount;
    f.read("classCount", classCount);
    if (classCount < 1 || classCount > 100)
        f.error(f.pathOf("classCount") + ": expected 1..100, got " + std::to_string(classCount));
    else
        style.classCount = static_cast<int>(classCount);
    f.read("ramp", style.ramp);
    f.read("filter", style.filter);
    f.read("labelAttribute", style.labelAttribute);
}

} // namespace

std::string layerStyleToJson(const LayerStyle& style) {
    const nlohmann::json doc = {
        {"mode", styleModeName(style.mode)},
        {"color", rgbToHex(style.color)},
        {"attribute", style.attribute},
        {"categories", categoriesJson(style.categories)},
        {"classes", classesJson(style.classes)},
        {"otherColor", rgbToHex(style.otherColor)},
        {"otherVisible", style.otherVisible},
        {"method", classMethodName(style.method)},
        {"classCount", style.classCount},
        {"ramp", style.ramp},
        {"filter", style.filter},
        {"labelAttribute", style.labelAttribute},
    };
    return doc.dump();
}

gis::Result<LayerStyle> layerStyleFromJson(std::string_view json) {
    using R = gis::Result<LayerStyle>;
    const auto doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return R::failure("layer style: not valid JSON");
    if (!doc.is_object())
        return R::failure(std::string("layer style: expected a JSON object, got ") + doc.type_name());
    LayerStyle style;
    gis::Diagnostics errors;
    readStyle(doc, style, errors);
    if (!errors.empty()) {
        for (auto& e : errors) e.message = "layer style: " + e.message;
        return R::failure(std::move(errors));
    }
    return style;
}

const char* styleModeName(StyleMode mode) {
    switch (mode) {
    case StyleMode::Single: return "single";
    case StyleMode::Categorised: return "categorised";
    case StyleMode::Graduated: return "graduated";
    }
    return "single";
}

bool parseStyleMode(const std::string& name, StyleMode& mode) {
    if (name == "single") mode = StyleMode::Single;
    else if (name == "categorised" || name == "categorized") mode = StyleMode::Categorised;
    else if (name == "graduated") mode = StyleMode::Graduated;
    else return false;
    return true;
}

const char* classMethodName(ClassMethod method) {
    switch (method) {
    case ClassMethod::EqualInterval: return "equalInterval";
    case ClassMethod::Quantile: return "quantile";
    }
    return "equalInterval";
}

bool parseClassMethod(const std::string& name, ClassMethod& method) {
    if (name == "equalInterval") method = ClassMethod::EqualInterval;
    else if (name == "quantile") method = ClassMethod::Quantile;
    else return false;
    return true;
}

} // namespace citytwin::data
