// AlertLog fed by real SensorHub snapshots: threshold crossings (and
// re-crossings), staleness once, mutes, one FeedLost per broker loss however
// many retries, Recovered, acknowledging, badges, the size limit.
#include "citytwin/data/sensors/AlertLog.h"

#include "test_sensors_Suites.h"

#include <QtTest>

#include <algorithm>

using namespace citytwin::data;

namespace {

constexpr int64_t kT0 = 1'795'885'200'000; // 2026-11-28T17:00:00Z
constexpr int64_t kSecond = 1000;
constexpr int64_t kMinute = 60'000;

/// Traffic flow, warning 1,000, critical 1,500 veh/h, every 60 s.
Sensor traffic(const std::string& id, const std::string& name) {
    Sensor s = sensorDefaults(SensorKind::TrafficFlow);
    s.id = id;
    s.name = name;
    s.warning = 1000;
    s.critical = 1500;
    return s;
}

/// A hub and an alert log, stepped frame by frame at chosen clock times.
struct Rig {
    SensorHub hub;
    AlertLog log;
    explicit Rig(size_t maxAlerts = 10'000) : log(maxAlerts) {}

    /// Pushes value at time t (direct feed unless given) and ingests a frame at t.
    std::vector<Alert> at(int64_t t, const std::string& id, double value, FeedId feed = kDirectFeed) {
        hub.push(SensorSample{id, t, value, -1}, feed);
        return frame(t);
    }
    std::vector<Alert> frame(int64_t t) { return log.ingest(hub.coalesce(t), hub.registry()); }
};

size_t countCause(const std::deque<Alert>& alerts, AlertCause cause) {
    return size_t(std::count_if(alerts.begin(), alerts.end(), [&](const Alert& a) { return a.cause == cause; }));
}

FeedState reconnecting(int attempt) {
    return FeedState{FeedConnection::Reconnecting, attempt, 100 * attempt, "connection refused"};
}

} // namespace

class TestAlertLog : public QObject {
    Q_OBJECT

private slots:
    void thresholdCrossingRaisesWithAReadableMessage() {
        Rig rig;
        rig.hub.addSensor(traffic("t42", "Traffic Main St"));
        QVERIFY(rig.frame(kT0).empty());                          // never seen: quiet
        QVERIFY(rig.at(kT0 + 1 * kSecond, "t42", 800).empty());   // first value, ok
        auto raised = rig.at(kT0 + 2 * kSecond, "t42", 1830);      // ok -> critical
        QCOMPARE(raised.size(), size_t(1));
        QCOMPARE(raised[0].cause, AlertCause::Threshold);
        QCOMPARE(raised[0].severity, AlertSeverity::Critical);
        QCOMPARE(raised[0].sensorId, std::string("t42"));
        QCOMPARE(raised[0].value, 1830.0);
        QCOMPARE(raised[0].timeMs, kT0 + 2 * kSecond);
        QCOMPARE(QString::fromStdString(raised[0].message), QStringLiteral("Traffic Main St: 1,830 veh/h above critical 1,500"));
        QVERIFY(!raised[0].acknowledged);

        QVERIFY(rig.at(kT0 + 3 * kSecond, "t42", 1900).empty()); // still critical
        QVERIFY(rig.at(kT0 + 4 * kSecond, "t42", 1200).empty()); // critical -> warning: easing, quiet
        QVERIFY(rig.at(kT0 + 5 * kSecond, "t42", 700).empty());  // back to ok
        raised = rig.at(kT0 + 6 * kSecond, "t42", 1100);           // re-crossing raises again
        QCOMPARE(raised.size(), size_t(1));
        QCOMPARE(raised[0].severity, AlertSeverity::Warning);
        QCOMPARE(QString::fromStdString(raised[0].message), QStringLiteral("Traffic Main St: 1,100 veh/h above warning 1,000"));
        raised = rig.at(kT0 + 7 * kSecond, "t42", 1600); // warning -> critical raises
        QCOMPARE(raised.size(), size_t(1));
        QCOMPARE(raised[0].severity, AlertSeverity::Critical);
        QCOMPARE(rig.log.alerts().size(), size_t(3));
        QVERIFY(rig.log.alerts().front().id < rig.log.alerts().back().id);
    }

    void belowThresholdMessage() {
        Rig rig;
        Sensor speed = sensorDefaults(SensorKind::AverageSpeed); // warning 25, critical 10 km/h, below
        speed.id = "s1";
        speed.name = "Speed Hills Rd";
        rig.hub.addSensor(speed);
        rig.at(kT0, "s1", 40);
        const auto raised = rig.at(kT0 + kSecond, "s1", 8.5);
        QCOMPARE(raised.size(), size_t(1));
        QCOMPARE(QString::fromStdString(raised[0].message), QStringLiteral("Speed Hills Rd: 8.5 km/h below critical 10"));
    }

    void staleAfterThreePeriodsRaisesOnce() {
        Rig rig;
        rig.hub.addSensor(traffic("t1", "Traffic Mill Rd"));
        rig.at(kT0, "t1", 500);
        QVERIFY(rig.frame(kT0 + 3 * kMinute).empty()); // exactly 3x the period: not yet
        auto raised = rig.frame(kT0 + 3 * kMinute + kSecond);
        QCOMPARE(raised.size(), size_t(1));
        QCOMPARE(raised[0].cause, AlertCause::Stale);
        QCOMPARE(raised[0].severity, AlertSeverity::Warning);
        QVERIFY2(raised[0].message.find("Traffic Mill Rd: no data for") == 0, raised[0].message.c_str());
        for (int i = 1; i <= 10; ++i) QVERIFY(rig.frame(kT0 + (3 + i) * kMinute).empty());
        QCOMPARE(countCause(rig.log.alerts(), AlertCause::Stale), size_t(1));
        QVERIFY(rig.at(kT0 + 20 * kMinute, "t1", 500).empty()); // back: stale -> ok is quiet
        QVERIFY(!rig.frame(kT0 + 24 * kMinute).empty());       // stale again: raised again
    }

    void muteSuppressesUntilItsEnd() {
        Rig rig;
        rig.hub.addSensor(traffic("t1", "Traffic Mill Rd"));
        rig.at(kT0, "t1", 500);
        rig.log.mute("t1", kT0 + 10 * kMinute);
        QVERIFY(rig.log.isMuted("t1", kT0 + kMinute));
        QVERIFY(rig.at(kT0 + kMinute, "t1", 1700).empty()); // crossing while muted
        QVERIFY(rig.at(kT0 + 2 * kMinute, "t1", 500).empty());
        QVERIFY(rig.at(kT0 + 3 * kMinute, "t1", 1200).empty());
        QVERIFY(rig.at(kT0 + 4 * kMinute, "t1", 500).empty());
        QVERIFY(rig.log.alerts().empty());
        QVERIFY(!rig.log.isMuted("t1", kT0 + 10 * kMinute)); // the mute has ended
        const auto raised = rig.at(kT0 + 11 * kMinute, "t1", 1700);
        QCOMPARE(raised.size(), size_t(1));
        QCOMPARE(raised[0].severity, AlertSeverity::Critical);

        rig.log.mute("t1", kT0 + 60 * kMinute);
        rig.at(kT0 + 12 * kMinute, "t1", 500);
        rig.log.mute("t1", kT0 + 12 * kMinute); // untilMs <= now unmutes
        QVERIFY(!rig.log.isMuted("t1", kT0 + 12 * kMinute));
        QCOMPARE(rig.at(kT0 + 13 * kMinute, "t1", 1700).size(), size_t(1));
    }

    void brokerLossRaisesOneFeedLostThenRecovered() {
        Rig rig;
        rig.hub.addSensor(traffic("t1", "Traffic Mill Rd"));
        const FeedId mqtt = rig.hub.registerFeed("mqtt://broker.city:8883");
        rig.hub.setFeedState(mqtt, {FeedConnection::Connecting, 0, 0, {}});
        rig.hub.setFeedState(mqtt, reconnecting(1)); // never connected yet: no loss
        QVERIFY(rig.frame(kT0).empty());
        rig.hub.setFeedState(mqtt, {FeedConnection::Connected, 0, 0, {}});
        QVERIFY(rig.at(kT0 + kSecond, "t1", 500, mqtt).empty());

        rig.hub.setFeedState(mqtt, reconnecting(1));
        auto raised = rig.frame(kT0 + 2 * kSecond);
        QCOMPARE(raised.size(), size_t(1));
        QCOMPARE(raised[0].cause, AlertCause::FeedLost);
        QCOMPARE(raised[0].severity, AlertSeverity::Critical);
        QCOMPARE(raised[0].feedName, std::string("mqtt://broker.city:8883"));
        QVERIFY(raised[0].sensorId.empty());
        QCOMPARE(QString::fromStdString(raised[0].message), QStringLiteral("Connection to mqtt://broker.city:8883 lost: connection refused"));
        for (int attempt = 2; attempt <= 30; ++attempt) { // retries, some within one frame
            rig.hub.setFeedState(mqtt, reconnecting(attempt));
            if (attempt % 3 == 0) QVERIFY(rig.frame(kT0 + (2 + attempt) * kSecond).empty());
        }
        QVERIFY(rig.frame(kT0 + 40 * kSecond).empty());
        QCOMPARE(countCause(rig.log.alerts(), AlertCause::FeedLost), size_t(1));
        QCOMPARE(countCause(rig.log.alerts(), AlertCause::Offline), size_t(0)); // reconnecting keeps statuses

        rig.hub.setFeedState(mqtt, {FeedConnection::Connected, 0, 0, {}});
        raised = rig.frame(kT0 + 41 * kSecond);
        QCOMPARE(raised.size(), size_t(1));
        QCOMPARE(raised[0].cause, AlertCause::Recovered);
        QCOMPARE(raised[0].severity, AlertSeverity::Info);
        QVERIFY(raised[0].acknowledged);
        QCOMPARE(rig.log.unacknowledgedCount(), size_t(1)); // only the loss

        rig.hub.setFeedState(mqtt, reconnecting(1)); // a second loss is a new alert
        QCOMPARE(rig.frame(kT0 + 50 * kSecond).size(), size_t(1));
        QCOMPARE(countCause(rig.log.alerts(), AlertCause::FeedLost), size_t(2));
    }

    void failedFeedTakesSeenSensorsOffline() {
        Rig rig;
        rig.hub.addSensor(traffic("seen", "Traffic Seen"));
        rig.hub.addSensor(traffic("never", "Traffic Never"));
        const FeedId mqtt = rig.hub.registerFeed("mqtt");
        rig.hub.setFeedState(mqtt, {FeedConnection::Connected, 0, 0, {}});
        rig.at(kT0, "seen", 500, mqtt);
        rig.hub.setFeedState(mqtt, {FeedConnection::Failed, 0, 0, "not authorised"});
        const auto raised = rig.frame(kT0 + kSecond);
        QCOMPARE(raised.size(), size_t(2));
        const auto offline = std::find_if(raised.begin(), raised.end(),
                                          [](const Alert& a) { return a.cause == AlertCause::Offline; });
        QVERIFY(offline != raised.end());
        QCOMPARE(offline->sensorId, std::string("seen"));
        QCOMPARE(offline->severity, AlertSeverity::Warning);
        QVERIFY2(offline->message.find("Traffic Seen: offline") == 0, offline->message.c_str());
        QCOMPARE(countCause(rig.log.alerts(), AlertCause::FeedLost), size_t(1));
    }

    void acknowledgeAndBadges() {
        Rig rig;
        rig.hub.addSensor(traffic("b", "Traffic B"));
        rig.hub.addSensor(traffic("a", "Traffic A"));
        rig.at(kT0, "b", 500);
        rig.at(kT0, "a", 500);
        const auto first = rig.at(kT0 + kSecond, "b", 1600);
        const auto second = rig.at(kT0 + kSecond, "a", 1600);
        QCOMPARE(first.size(), size_t(1));
        QCOMPARE(second.size(), size_t(1));
        QCOMPARE(rig.log.unacknowledgedCount(), size_t(2));
        QCOMPARE(rig.log.unacknowledgedSensors(), (std::vector<std::string>{"a", "b"}));
        QVERIFY(rig.log.acknowledge(first[0].id));
        QVERIFY(rig.log.find(first[0].id)->acknowledged);
        QCOMPARE(rig.log.unacknowledgedSensors(), std::vector<std::string>{"a"});
        QVERIFY(!rig.log.acknowledge(9999));
        rig.log.acknowledgeAll();
        QCOMPARE(rig.log.unacknowledgedCount(), size_t(0));
        QVERIFY(rig.log.unacknowledgedSensors().empty());
        rig.log.clear();
        QVERIFY(rig.log.alerts().empty());
    }

    void maxAlertsDropsOldest() {
        Rig rig(3);
        QCOMPARE(rig.log.maxAlerts(), size_t(3));
        rig.hub.addSensor(traffic("t1", "Traffic Mill Rd"));
        std::vector<uint64_t> ids;
        for (int i = 0; i < 5; ++i) {
            rig.at(kT0 + (2 * i) * kSecond, "t1", 500);
            const auto raised = rig.at(kT0 + (2 * i + 1) * kSecond, "t1", 1600);
            QCOMPARE(raised.size(), size_t(1));
            ids.push_back(raised[0].id);
        }
        QCOMPARE(rig.log.alerts().size(), size_t(3));
        QCOMPARE(rig.log.alerts().front().id, ids[2]);
        QCOMPARE(rig.log.alerts().back().id, ids[4]);
        QVERIFY(rig.log.find(ids[0]) == nullptr);
        QVERIFY(!rig.log.acknowledge(ids[1]));
    }
};

int runAlertLogTests(int argc, char** argv) {
    TestAlertLog t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_sensors_Alerts.moc"
