#pragma once
// Turns an MQTT message (topic + payload bytes) into a SensorSample, or says
// why not. Two dialects:
//  - CityTwin JSON on `citytwin/<sensor-id>`:
//      {"t": "2026-11-28T17:00:00Z" | epoch-ms, "v": 42.1, "seq": 17}
//    ("seq" optional, a non-negative integer);
//  - OGC SensorThings observations on `v1.1/Datastreams(<id>)/Observations`
//    (also v1.0, quoted ids): "phenomenonTime" (ISO 8601 instant, or an
//    interval "start/end" of which the end is taken) and "result".
// Values may be numbers, numeric strings ("42.5") or booleans (1/0).

#include "citytwin/data/sensors/DropReason.h"
#include "citytwin/data/sensors/Sensor.h"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace citytwin::data {

/// What the parser asks about sensors. Both functions are called on the
/// thread that calls PayloadParser::parse (a feed thread) and must be
/// thread-safe; SensorHub::lookup() provides such a pair.
struct SensorLookup {
    /// True when samples for this sensor id are accepted. Empty: every id is.
    std::function<bool(std::string_view sensorId)> isKnown;
    /// The sensor id mapped to a SensorThings Datastream id. Empty: none is mapped.
    std::function<std::optional<std::string>(std::string_view datastreamId)> sensorForDatastream;
};

/// A parsed message: a sample, or the reason it was rejected.
struct ParseOutcome {
    std::optional<SensorSample> sample;
    DropReason reason = DropReason::MalformedJson; ///< meaningful only without sample
    std::string detail;                            ///< human-readable, for logs; never payload bytes
    bool ok() const { return sample.has_value(); }
};

/// Which dialect a topic is, with the id it carries.
struct TopicInfo {
    enum class Kind { Unknown, CityTwin, SensorThings } kind = Kind::Unknown;
    std::string id; ///< sensor id (CityTwin) or Datastream id (SensorThings, quotes removed)
};

/// Stateless apart from its lookup; parse() is const and may be called from
/// any thread as long as the lookup's functions may.
class PayloadParser {
public:
    static constexpr size_t kMaxPayloadBytes = 256 * 1024;

    explicit PayloadParser(SensorLookup lookup = {});

    ParseOutcome parse(std::string_view topic, std::string_view payload) const;

    static TopicInfo classifyTopic(std::string_view topic);
    static bool isValidUtf8(std::string_view bytes);

private:
    SensorLookup m_lookup;
};

} // namespace citytwin::data
