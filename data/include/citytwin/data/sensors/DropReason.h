#pragma once
// Why a message or sample was dropped on its way to the sensor state. Feeds
// count parse failures, the hub counts what it refuses; the feed status panel
// shows both.

#include <array>
#include <cstddef>
#include <cstdint>

namespace citytwin::data {

enum class DropReason {
    MalformedJson,  ///< not JSON, or not a JSON object
    NotUtf8,        ///< payload bytes are not valid UTF-8
    TooLarge,       ///< payload over PayloadParser::kMaxPayloadBytes
    UnknownTopic,   ///< topic is neither citytwin/<id> nor a SensorThings observation topic
    UnknownSensor,  ///< sensor id or Datastream id not registered (and auto-registration off)
    MissingField,   ///< a required field ("t", "v", "phenomenonTime", "result") is absent
    InvalidTime,    ///< time not ISO 8601 / epoch-ms, or out of range
    InvalidValue,   ///< value not a number (or numeric string)
    NonFinite,      ///< value is NaN or infinite
    InvalidSeq,     ///< "seq" present but not a non-negative integer
    Duplicate,      ///< same sensor, seq not newer (or same time and value) — dropped by the hub
    QueueFull,      ///< the hub's queue was full (the GUI thread stopped coalescing)
};

inline constexpr size_t kDropReasonCount = size_t(DropReason::QueueFull) + 1;

/// Stable short name: "malformed_json", "not_utf8", ...
const char* dropReasonName(DropReason reason);

/// Number of drops per reason, indexed by DropReason.
struct DropCounts {
    std::array<uint64_t, kDropReasonCount> counts{};
    uint64_t operator[](DropReason r) const { return counts[size_t(r)]; }
    uint64_t& operator[](DropReason r) { return counts[size_t(r)]; }
    uint64_t total() const {
        uint64_t sum = 0;
        for (uint64_t c : counts) sum += c;
        return sum;
    }
    bool operator==(const DropCounts&) const = default;
};

} // namespace citytwin::data
