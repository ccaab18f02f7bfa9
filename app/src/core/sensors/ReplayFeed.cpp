#include "core/sensors/ReplayFeed.h"

#include <algorithm>

namespace citytwin::app {

ReplayFeed::ReplayFeed(size_t maxSamplesPerFrame) : m_maxPerFrame(std::max<size_t>(1, maxSamplesPerFrame)) {}

void ReplayFeed::reset() { m_hub.reset(); }

void ReplayFeed::setSensors(const data::SensorRegistry& registry) {
    if (m_hub) m_hub->setSensors(registry.sensors());
}

data::HubSnapshot ReplayFeed::frame(data::HistoryStore* history, const data::SensorRegistry& registry,
                                    bool autoRegister, int64_t timeMs, uint64_t generation) {
    if (!m_hub || generation != m_generation) {
        m_generation = generation;
        rebuild(history, registry, autoRegister, timeMs);
    } else if (history && timeMs > m_cursorMs) {
        stream(*history, timeMs);
    }
    return m_hub->coalesce(timeMs);
}

// A fresh hub: no leftover queue, states or transitions from another time.
void ReplayFeed::rebuild(data::HistoryStore* history, const data::SensorRegistry& registry, bool autoRegister,
                         int64_t timeMs) {
    m_hub = std::make_unique<data::SensorHub>(data::SensorHubOptions{autoRegister, 10'000'000});
    m_hub->setSensors(registry.sensors());
    m_feed = m_hub->registerFeed("replay");
    m_hub->setFeedState(m_feed, data::FeedState{data::FeedConnection::Connected, 0, 0, {}});
    m_cursorMs = timeMs;
    if (!history) return;
    auto latest = history->latestAtOrBefore(timeMs);
    if (!latest.ok()) {
        m_lastError = latest.firstError();
        return;
    }
    m_lastError.clear();
    for (data::SensorSample& s : *latest) m_hub->push(std::move(s), m_feed);
}

void ReplayFeed::stream(data::HistoryStore& history, int64_t timeMs) {
    auto batch = history.samplesBetween(m_cursorMs, timeMs, m_maxPerFrame);
    if (!batch.ok()) {
        m_lastError = batch.firstError();
        return;
    }
    m_lastError.clear();
    if (batch->size() < m_maxPerFrame || batch->empty()) {
        m_cursorMs = timeMs;
    } else {
        // Capped: go on from just before the last time returned, so samples
        // sharing that time are not skipped (the hub drops the repeats as
        // duplicates); always advance, even when a whole batch shares one time.
        const int64_t last = batch->back().timeMs;
        m_cursorMs = last - 1 > m_cursorMs ? last - 1 : last;
    }
    for (data::SensorSample& s : *batch) m_hub->push(std::move(s), m_feed);
}

} // namespace citytwin::app
