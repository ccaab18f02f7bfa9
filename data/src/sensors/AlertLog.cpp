#include "citytwin/data/sensors/AlertLog.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace citytwin::data {
namespace {

/// "1,830", "27.4", "2.35": fewer decimals for bigger values, grouped thousands.
std::string formatNumber(double v) {
    if (!std::isfinite(v)) return std::isnan(v) ? std::string("nan") : std::string(v > 0 ? "inf" : "-inf");
    const double a = std::fabs(v);
    const int decimals = a >= 100 ? 0 : a >= 10 ? 1 : 2;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, a);
    std::string text(buf);
    std::string frac;
    if (const size_t dot = text.find('.'); dot != std::string::npos) {
        frac = text.substr(dot);
        text.resize(dot);
        while (!frac.empty() && (frac.back() == '0' || frac.back() == '.')) frac.pop_back();
    }
    std::string grouped;
    for (size_t i = 0; i < text.size(); ++i) {
        if (i > 0 && (text.size() - i) % 3 == 0) grouped += ',';
        grouped += text[i];
    }
    const bool negative = v < 0 && (grouped != "0" || !frac.empty());
    return (negative ? std::string("-") : std::string()) + grouped + frac;
}

std::string withUnit(double v, const std::string& unit) {
    std::string s = formatNumber(v);
    if (!unit.empty()) {
        s += ' ';
        s += unit;
    }
    return s;
}

/// "45 s", "12 min", "3 h".
std::string formatDuration(double seconds) {
    if (seconds < 120) return formatNumber(std::round(seconds)) + " s";
    if (seconds < 120 * 60) return formatNumber(std::round(seconds / 60)) + " min";
    return formatNumber(std::round(seconds / 3600)) + " h";
}

std::string displayName(const Sensor* sensor, const std::string& id) {
    return sensor && !sensor->name.empty() ? sensor->name : id;
}

/// "Traffic Main St: 1,830 veh/h above critical 1,500".
std::string thresholdMessage(const Sensor* sensor, const StatusTransition& t) {
    std::string msg = displayName(sensor, t.sensorId);
    msg += ": ";
    const std::string unit = sensor ? sensor->unit : std::string();
    msg += withUnit(t.value, unit);
    const bool below = sensor && sensor->direction == ThresholdDirection::Below;
    msg += below ? " below " : " above ";
    const bool critical = t.to == SensorStatus::Critical;
    msg += critical ? "critical " : "warning ";
    const double threshold = sensor ? (critical ? sensor->critical : sensor->warning) : 0.0;
    msg += formatNumber(threshold);
    return msg;
}

std::string feedName(const HubSnapshot& snapshot, FeedId id) {
    for (const FeedStatus& f : snapshot.feeds)
        if (f.id == id) return f.name;
    return std::string("feed ") + std::to_string(id);
}

/// "Traffic Main St: offline (mqtt: disconnected)".
std::string offlineMessage(const HubSnapshot& snapshot, const std::string& name, FeedId feed) {
    for (const FeedStatus& f : snapshot.feeds)
        if (f.id == feed) return name + ": offline (" + f.name + ": " + describeFeedState(f.state) + ")";
    return name + ": offline";
}

bool isThreshold(SensorStatus s) { return s == SensorStatus::Warning || s == SensorStatus::Critical; }

} // namespace

const char* alertSeverityName(AlertSeverity severity) {
    switch (severity) {
    case AlertSeverity::Info: return "info";
    case AlertSeverity::Warning: return "warning";
    case AlertSeverity::Critical: return "critical";
    }
    return "warning";
}

AlertLog::AlertLog(size_t maxAlerts) : m_max(maxAlerts) {}

std::vector<Alert> AlertLog::ingest(const HubSnapshot& snapshot, const SensorRegistry& registry) {
    std::vector<Alert> raised;
    auto raise = [&](Alert a) {
        a.id = m_nextId++;
        a.timeMs = snapshot.nowMs;
        raised.push_back(std::move(a));
    };

    for (auto it = m_mutedUntil.begin(); it != m_mutedUntil.end();)
        it = it->second <= snapshot.nowMs ? m_mutedUntil.erase(it) : std::next(it);

    for (const StatusTransition& t : snapshot.transitions) {
        if (isMuted(t.sensorId, snapshot.nowMs)) continue;
        const Sensor* sensor = registry.find(t.sensorId);
        Alert a;
        a.sensorId = t.sensorId;
        a.value = t.value;
        if (isThreshold(t.to)) {
            if (t.from == SensorStatus::Critical && t.to == SensorStatus::Warning) continue; // easing off
            a.cause = AlertCause::Threshold;
            a.severity = t.to == SensorStatus::Critical ? AlertSeverity::Critical : AlertSeverity::Warning;
            a.message = thresholdMessage(sensor, t);
        } else if (t.to == SensorStatus::Stale) {
            a.cause = AlertCause::Stale;
            a.severity = AlertSeverity::Warning;
            const double period = sensor ? sensor->periodSeconds : 60.0;
            a.message = displayName(sensor, t.sensorId) + ": no data for " +
                        formatDuration(double(snapshot.nowMs - t.timeMs) / 1000.0) + " (expected every " +
                        formatDuration(period) + ")";
        } else if (t.to == SensorStatus::Offline) {
            const SensorState* state = snapshot.find(t.sensorId);
            if (!state || !state->seen) continue; // never seen: nothing went away
            a.cause = AlertCause::Offline;
            a.severity = AlertSeverity::Warning;
            a.message = offlineMessage(snapshot, displayName(sensor, t.sensorId), state->feed);
        } else {
            continue;
        }
        raise(std::move(a));
    }

    for (const FeedEvent& e : snapshot.feedEvents) {
        const FeedConnection c = e.state.connection;
        bool& wasConnected = m_feedWasConnected[e.feed];
        bool& lostRaised = m_feedLostRaised[e.feed];
        if (c == FeedConnection::Connected) {
            if (lostRaised) {
                Alert a;
                a.feedName = feedName(snapshot, e.feed);
                a.cause = AlertCause::Recovered;
                a.severity = AlertSeverity::Info;
                a.acknowledged = true;
                a.message = std::string("Connection to ") + a.feedName + " restored";
                raise(std::move(a));
            }
            wasConnected = true;
            lostRaised = false;
        } else if ((c == FeedConnection::Reconnecting || c == FeedConnection::Failed) && wasConnected && !lostRaised) {
            Alert a;
            a.feedName = feedName(snapshot, e.feed);
            a.cause = AlertCause::FeedLost;
            a.severity = AlertSeverity::Critical;
            a.message = std::string("Connection to ") + a.feedName + " lost";
            if (!e.state.reason.empty()) {
                a.message += ": ";
                a.message += e.state.reason;
            }
            raise(std::move(a));
            lostRaised = true;
        }
    }

    for (const Alert& a : raised) m_alerts.push_back(a);
    while (m_alerts.size() > m_max) m_alerts.pop_front();
    return raised;
}

bool AlertLog::acknowledge(uint64_t alertId) {
    for (Alert& a : m_alerts)
        if (a.id == alertId) {
            a.acknowledged = true;
            return true;
        }
    return false;
}

void AlertLog::acknowledgeAll() {
    for (Alert& a : m_alerts) a.acknowledged = true;
}

void AlertLog::mute(const std::string& sensorId, int64_t untilMs) { m_mutedUntil[sensorId] = untilMs; }

bool AlertLog::isMuted(const std::string& sensorId, int64_t nowMs) const {
    const auto it = m_mutedUntil.find(sensorId);
    return it != m_mutedUntil.end() && it->second > nowMs;
}

const std::deque<Alert>& AlertLog::alerts() const { return m_alerts; }

const Alert* AlertLog::find(uint64_t alertId) const {
    for (const Alert& a : m_alerts)
        if (a.id == alertId) return &a;
    return nullptr;
}

size_t AlertLog::unacknowledgedCount() const {
    return size_t(std::count_if(m_alerts.begin(), m_alerts.end(), [](const Alert& a) { return !a.acknowledged; }));
}

std::vector<std::string> AlertLog::unacknowledgedSensors() const {
    std::set<std::string> ids;
    for (const Alert& a : m_alerts)
        if (!a.acknowledged && !a.sensorId.empty()) ids.insert(a.sensorId);
    return {ids.begin(), ids.end()};
}

void AlertLog::clear() {
    m_alerts.clear();
    m_mutedUntil.clear();
}

} // namespace citytwin::data
