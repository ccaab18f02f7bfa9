#pragma once
// ISO 8601 times <-> milliseconds since the Unix epoch (UTC), independent of
// locale and time zone settings of the process.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace citytwin::data {

/// Parses "2026-11-28T17:00:00Z", "2026-11-28T18:00:00.250+01:00",
/// "2026-11-28 17:00:00+0100", "20261128T170000Z". Fractional seconds of any
/// length (truncated to ms); a time without offset is taken as UTC. Years
/// 1970..9999. Returns nothing for anything else (no partial parses).
std::optional<int64_t> parseIsoTimeMs(std::string_view text);

/// "2026-11-28T17:00:00.000Z" (always milliseconds, always Z).
std::string formatIsoTimeMs(int64_t timeMs);

} // namespace citytwin::data
