#pragma once
// The connection state of a feed (MQTT client, replay, simulator), as the
// feed status panel and the alerts show it.

#include <cstdint>
#include <string>

namespace citytwin::data {

/// A feed registered with a SensorHub. 0 is the hub's built-in "direct" feed.
using FeedId = int;
inline constexpr FeedId kDirectFeed = 0;

enum class FeedConnection {
    Disconnected, ///< not started, or stopped on request
    Connecting,   ///< first connection attempt in progress
    Connected,
    Reconnecting, ///< lost or refused; `attempt` and `nextAttemptInMs` say when it tries again
    Failed,       ///< cannot work with these settings (bad URL, CA file missing); `reason` says why
};

const char* feedConnectionName(FeedConnection c); ///< "disconnected", "connecting", ...

struct FeedState {
    FeedConnection connection = FeedConnection::Disconnected;
    int attempt = 0;             ///< Reconnecting: the number of the next attempt (1 = first retry)
    int64_t nextAttemptInMs = 0; ///< Reconnecting: delay before that attempt (backoff with jitter)
    std::string reason;          ///< Reconnecting / Failed: last error, human-readable
    bool operator==(const FeedState&) const = default;

    /// True when the feed's sensors count as offline (Disconnected or Failed).
    /// Connecting / Reconnecting keep their last status; staleness covers long gaps.
    bool offline() const {
        return connection == FeedConnection::Disconnected || connection == FeedConnection::Failed;
    }
};

/// "connected", "reconnecting (attempt 3, next in 1200 ms): connection refused", ...
std::string describeFeedState(const FeedState& state);

} // namespace citytwin::data
