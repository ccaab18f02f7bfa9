#pragma once
// Typed, exception-free reads of JSON object members with path-named errors.
// Private to citytwin_data.

#include "citytwin/gis/Result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace citytwin::data::detail {

/// Reads members of one JSON object into existing values. A missing (or
/// null) member leaves the value as it was, so defaults come from the struct;
/// unknown members are ignored (files from newer versions still load); a
/// member of the wrong type adds an error "/path/key: expected ..., got ...".
/// One thread at a time.
class JsonFields {
public:
    JsonFields(const nlohmann::json& object, std::string path, gis::Diagnostics& errors)
        : m_object(object), m_path(std::move(path)), m_errors(errors) {}

    std::string pathOf(const std::string& key) const { return m_path + "/" + key; }

    void read(const char* key, std::string& out) {
        if (const auto* v = member(key, nlohmann::json::value_t::string, "a string"))
            out = v->get_ref<const std::string&>();
    }
    void read(const char* key, double& out) {
        if (const auto* v = numberMember(key)) out = v->get<double>();
    }
    void read(const char* key, int64_t& out) {
        const auto* v = find(key);
        if (!v) return;
        if (!v->is_number_integer()) return typeError(key, "an integer", *v);
        out = v->get<int64_t>();
    }
    void read(const char* key, bool& out) {
        if (const auto* v = member(key, nlohmann::json::value_t::boolean, "true or false"))
            out = v->get<bool>();
    }
    void read(const char* key, std::vector<std::string>& out) {
        const auto* v = member(key, nlohmann::json::value_t::array, "an array of strings");
        if (!v) return;
        std::vector<std::string> values;
        for (size_t i = 0; i < v->size(); ++i) {
            const auto& item = (*v)[i];
            if (!item.is_string()) {
                error(pathOf(key) + "/" + std::to_string(i) + ": expected a string, got " +
                      item.type_name());
                return;
            }
            values.push_back(item.get<std::string>());
        }
        out = std::move(values);
    }

    /// The member if it is an object; nullptr (and an error if present but
    /// of another type) otherwise.
    const nlohmann::json* object(const char* key) {
        return member(key, nlohmann::json::value_t::object, "an object");
    }
    const nlohmann::json* array(const char* key) {
        return member(key, nlohmann::json::value_t::array, "an array");
    }

    void error(std::string message) {
        m_errors.push_back({gis::Severity::Error, std::move(message), {}, -1});
    }

private:
    const nlohmann::json* find(const char* key) const {
        const auto it = m_object.find(key);
        if (it == m_object.end() || it->is_null()) return nullptr;
        return &*it;
    }
    const nlohmann::json* member(const char* key, nlohmann::json::value_t type, const char* what) {
        const auto* v = find(key);
        if (!v) return nullptr;
        if (v->type() != type) {
            typeError(key, what, *v);
            return nullptr;
        }
        return v;
    }
    const nlohmann::json* numberMember(const char* key) {
        const auto* v = find(key);
        if (!v) return nullptr;
        if (!v->is_number()) {
            typeError(key, "a number", *v);
            return nullptr;
        }
        return v;
    }
    void typeError(const char* key, const char* what, const nlohmann::json& got) {
        error(pathOf(key) + ": expected " + what + ", got " + got.type_name());
    }

    const nlohmann::json& m_object;
    std::string m_path;
    gis::Diagnostics& m_errors;
};

} // namespace citytwin::data::detail
