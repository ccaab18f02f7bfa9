#include "citytwin/data/sensors/FeedState.h"

namespace citytwin::data {

const char* feedConnectionName(FeedConnection c) {
    switch (c) {
    case FeedConnection::Disconnected: return "disconnected";
    case FeedConnection::Connecting: return "connecting";
    case FeedConnection::Connected: return "connected";
    case FeedConnection::Reconnecting: return "reconnecting";
    case FeedConnection::Failed: return "failed";
    }
    return "disconnected";
}

std::string describeFeedState(const FeedState& state) {
    std::string text = feedConnectionName(state.connection);
    if (state.connection == FeedConnection::Reconnecting)
        text += " (attempt " + std::to_string(state.attempt) + ", next in " +
                std::to_string(state.nextAttemptInMs) + " ms)";
    if (!state.reason.empty()) text += ": " + state.reason;
    return text;
}

} // namespace citytwin::data
