#pragma once
// Alerts: threshold crossings, sensors going stale or offline, and feeds
// (the broker) lost, raised from the hub's snapshots; acknowledged and muted
// by the user.

#include "citytwin/data/sensors/SensorHub.h"

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

namespace citytwin::data {

enum class AlertSeverity { Info, Warning, Critical };
const char* alertSeverityName(AlertSeverity severity); ///< "info", "warning", "critical"

enum class AlertCause {
    Threshold, ///< the value crossed the warning or critical threshold
    Stale,     ///< no data for 3× the expected period
    Offline,   ///< the sensor's feed is disconnected or failed
    FeedLost,  ///< a feed (e.g. the MQTT broker connection) was lost
    Recovered, ///< a feed came back (Info; never needs acknowledging)
};

struct Alert {
    uint64_t id = 0;            ///< unique within the log, increasing
    int64_t timeMs = 0;         ///< clock time the alert was raised
    std::string sensorId;       ///< empty for feed alerts
    std::string feedName;       ///< feed alerts: the feed's name
    double value = 0;           ///< the sensor's value at the change (threshold alerts)
    AlertSeverity severity = AlertSeverity::Warning;
    AlertCause cause = AlertCause::Threshold;
    std::string message;        ///< "Traffic 42: 1,830 veh/h above critical 1,500", "Broker connection lost: ..."
    bool acknowledged = false;
    bool operator==(const Alert&) const = default;
};

/// The alert log of one clock timeline. raise rules, from each snapshot:
/// - a sensor transition into Warning or Critical (from any other status, or
///   Warning → Critical) raises a Threshold alert of that severity;
/// - into Stale raises a Stale warning, into Offline an Offline warning
///   (only when the sensor had been seen; a never-seen sensor stays quiet);
/// - a feed event into Reconnecting or Failed after having been Connected
///   raises one FeedLost critical alert (not one per retry); the next
///   Connected raises a Recovered info alert (already acknowledged);
/// - nothing is raised for a muted sensor (until its mute ends);
/// - the log keeps the newest maxAlerts() (oldest dropped first).
///
/// Threads: GUI thread only.
class AlertLog {
public:
    explicit AlertLog(size_t maxAlerts = 10'000);

    /// Raises the alerts of one snapshot (at snapshot.nowMs); returns the new ones.
    std::vector<Alert> ingest(const HubSnapshot& snapshot, const SensorRegistry& registry);

    /// False when the id is unknown.
    bool acknowledge(uint64_t alertId);
    void acknowledgeAll();
    /// Mutes a sensor's alerts until untilMs (clock time); untilMs <= now unmutes.
    void mute(const std::string& sensorId, int64_t untilMs);
    bool isMuted(const std::string& sensorId, int64_t nowMs) const;

    /// Oldest first.
    const std::deque<Alert>& alerts() const;
    const Alert* find(uint64_t alertId) const;
    size_t unacknowledgedCount() const;
    /// Sensors with at least one unacknowledged alert (for badges in 3D), sorted.
    std::vector<std::string> unacknowledgedSensors() const;
    /// Forgets every alert and mute (e.g. when the replay clock jumps).
    void clear();
    size_t maxAlerts() const { return m_max; }

private:
    size_t m_max;
    uint64_t m_nextId = 1;
    std::deque<Alert> m_alerts;
    std::map<std::string, int64_t> m_mutedUntil;
    std::map<FeedId, bool> m_feedWasConnected;
    std::map<FeedId, bool> m_feedLostRaised;
};

} // namespace citytwin::data
