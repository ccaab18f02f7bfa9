#include "citytwin/data/sensors/PayloadParser.h"

#include "citytwin/data/sensors/IsoTime.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <limits>

namespace citytwin::data {
namespace {

using nlohmann::json;

constexpr int64_t kMaxTimeMs = 253'402'300'799'999; // 9999-12-31T23:59:59.999Z

ParseOutcome reject(DropReason reason, std::string detail) {
    ParseOutcome out;
    out.reason = reason;
    out.detail = std::move(detail);
    return out;
}

std::string_view trimAscii(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

/// A value field: number, numeric string (from_chars: no locale) or boolean.
/// On failure sets `reason` and returns nothing.
std::optional<double> readValue(const json& v, DropReason& reason) {
    double value = 0;
    if (v.is_boolean()) {
        value = v.get<bool>() ? 1.0 : 0.0;
    } else if (v.is_number()) {
        value = v.get<double>();
    } else if (v.is_string()) {
        const std::string_view s = trimAscii(v.get_ref<const std::string&>());
        const char* end = s.data() + s.size();
        auto [ptr, ec] = std::from_chars(s.data(), end, value);
        if (s.empty() || ec != std::errc() || ptr != end) {
            reason = DropReason::InvalidValue;
            return std::nullopt;
        }
    } else {
        reason = DropReason::InvalidValue;
        return std::nullopt;
    }
    if (!std::isfinite(value)) {
        reason = DropReason::NonFinite;
        return std::nullopt;
    }
    return value;
}

/// "t" of the CityTwin dialect: ISO 8601 string or epoch milliseconds.
std::optional<int64_t> readTime(const json& t) {
    if (t.is_string()) return parseIsoTimeMs(t.get_ref<const std::string&>());
    if (!t.is_number()) return std::nullopt;
    double ms = 0;
    if (t.is_number_unsigned()) {
        const uint64_t u = t.get<uint64_t>();
        if (u > uint64_t(kMaxTimeMs)) return std::nullopt;
        return int64_t(u);
    }
    if (t.is_number_integer()) {
        const int64_t i = t.get<int64_t>();
        if (i < 0 || i > kMaxTimeMs) return std::nullopt;
        return i;
    }
    ms = t.get<double>();
    if (!std::isfinite(ms) || ms < 0 || ms > double(kMaxTimeMs)) return std::nullopt;
    return int64_t(std::floor(ms));
}

/// phenomenonTime: an instant, or an interval "start/end" whose end is taken.
std::optional<int64_t> readPhenomenonTime(const json& t) {
    if (!t.is_string()) return std::nullopt;
    std::string_view s = t.get_ref<const std::string&>();
    if (const size_t slash = s.find('/'); slash != std::string_view::npos) {
        if (!parseIsoTimeMs(s.substr(0, slash))) return std::nullopt; // the start must be valid too
        s = s.substr(slash + 1);
    }
    return parseIsoTimeMs(s);
}

const json* member(const json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return nullptr;
    return &*it;
}

} // namespace

const char* dropReasonName(DropReason reason) {
    switch (reason) {
    case DropReason::MalformedJson: return "malformed_json";
    case DropReason::NotUtf8: return "not_utf8";
    case DropReason::TooLarge: return "too_large";
    case DropReason::UnknownTopic: return "unknown_topic";
    case DropReason::UnknownSensor: return "unknown_sensor";
    case DropReason::MissingField: return "missing_field";
    case DropReason::InvalidTime: return "invalid_time";
    case DropReason::InvalidValue: return "invalid_value";
    case DropReason::NonFinite: return "non_finite";
    case DropReason::InvalidSeq: return "invalid_seq";
    case DropReason::Duplicate: return "duplicate";
    case DropReason::QueueFull: return "queue_full";
    }
    return "unknown";
}

PayloadParser::PayloadParser(SensorLookup lookup) : m_lookup(std::move(lookup)) {}

TopicInfo PayloadParser::classifyTopic(std::string_view topic) {
    TopicInfo info;
    constexpr std::string_view kCityTwin = "citytwin/";
    if (topic.starts_with(kCityTwin)) {
        const std::string_view id = topic.substr(kCityTwin.size());
        if (id.empty() || id.find('/') != std::string_view::npos) return info;
        info.kind = TopicInfo::Kind::CityTwin;
        info.id = std::string(id);
        return info;
    }
    // v1.0 or v1.1, then Datastreams(<id>)/Observations; ids may be quoted strings.
    constexpr std::string_view kPrefix = "/Datastreams(";
    constexpr std::string_view kSuffix = ")/Observations";
    if (!(topic.starts_with("v1.1") || topic.starts_with("v1.0"))) return info;
    std::string_view rest = topic.substr(4);
    if (!rest.starts_with(kPrefix) || !rest.ends_with(kSuffix)) return info;
    std::string_view id = rest.substr(kPrefix.size(), rest.size() - kPrefix.size() - kSuffix.size());
    if (id.size() >= 2 && id.front() == '\'' && id.back() == '\'') id = id.substr(1, id.size() - 2);
    if (id.empty() || id.find_first_of("/()'") != std::string_view::npos) return info;
    info.kind = TopicInfo::Kind::SensorThings;
    info.id = std::string(id);
    return info;
}

bool PayloadParser::isValidUtf8(std::string_view bytes) {
    size_t i = 0;
    const size_t n = bytes.size();
    while (i < n) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        int len = 0;
        uint32_t cp = 0;
        if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
        else return false;
        if (i + size_t(len) > n) return false;
        for (int k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(bytes[i + size_t(k)]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false; // overlong, range, surrogate
        i += size_t(len);
    }
    return true;
}

ParseOutcome PayloadParser::parse(std::string_view topic, std::string_view payload) const {
    const TopicInfo info = classifyTopic(topic);
    if (info.kind == TopicInfo::Kind::Unknown) return reject(DropReason::UnknownTopic, "unrecognised topic");
    if (payload.size() > kMaxPayloadBytes)
        return reject(DropReason::TooLarge, "payload of " + std::to_string(payload.size()) + " bytes");
    if (!isValidUtf8(payload)) return reject(DropReason::NotUtf8, "payload is not UTF-8");

    std::string sensorId;
    if (info.kind == TopicInfo::Kind::CityTwin) {
        if (m_lookup.isKnown && !m_lookup.isKnown(info.id))
            return reject(DropReason::UnknownSensor, "unknown sensor " + info.id);
        sensorId = info.id;
    } else {
        std::optional<std::string> mapped;
        if (m_lookup.sensorForDatastream) mapped = m_lookup.sensorForDatastream(info.id);
        if (!mapped) return reject(DropReason::UnknownSensor, "unmapped Datastream " + info.id);
        sensorId = std::move(*mapped);
    }

    const json doc = json::parse(payload.begin(), payload.end(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object()) return reject(DropReason::MalformedJson, "not a JSON object");

    const bool cityTwin = info.kind == TopicInfo::Kind::CityTwin;
    const char* timeKey = cityTwin ? "t" : "phenomenonTime";
    const char* valueKey = cityTwin ? "v" : "result";
    const json* t = member(doc, timeKey);
    const json* v = member(doc, valueKey);
    if (!t) return reject(DropReason::MissingField, std::string("missing \"") + timeKey + "\"");
    if (!v) return reject(DropReason::MissingField, std::string("missing \"") + valueKey + "\"");

    SensorSample sample;
    sample.sensorId = std::move(sensorId);
    const std::optional<int64_t> timeMs = cityTwin ? readTime(*t) : readPhenomenonTime(*t);
    if (!timeMs) return reject(DropReason::InvalidTime, std::string("invalid \"") + timeKey + "\"");
    sample.timeMs = *timeMs;

    DropReason valueReason = DropReason::InvalidValue;
    const std::optional<double> value = readValue(*v, valueReason);
    if (!value) return reject(valueReason, std::string("invalid \"") + valueKey + "\"");
    sample.value = *value;

    if (cityTwin) {
        if (const json* seq = member(doc, "seq")) {
            if (seq->is_number_unsigned() && seq->get<uint64_t>() <= uint64_t(std::numeric_limits<int64_t>::max()))
                sample.seq = int64_t(seq->get<uint64_t>());
            else if (seq->is_number_integer() && seq->get<int64_t>() >= 0)
                sample.seq = seq->get<int64_t>();
            else
                return reject(DropReason::InvalidSeq, "\"seq\" is not a non-negative integer");
        }
    }
    ParseOutcome out;
    out.sample = std::move(sample);
    return out;
}

} // namespace citytwin::data
