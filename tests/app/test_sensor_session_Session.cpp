// SensorSession as the window uses it: the simulator filling the live state
// and the history, alerts, replay of a past time and back to live, a real
// MQTT broker.

#include "test_sensor_session_Suites.h"
#include "test_sensors_MqttBroker.h"

#include "core/sensors/SensorSession.h"

#include "citytwin/data/sensors/MqttPublisher.h"
#include "citytwin/data/sensors/Simulator.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cstdlib>

using namespace citytwin;
using citytwin::test::wallClockMs;

namespace {

constexpr int64_t kMinuteMs = 60'000;

/// A small network around the demo city (Delft), as the demo runs it.
std::vector<data::Sensor> demoNetwork(int count) {
    gis::Extent2 area;
    area.add(4.33, 51.99);
    area.add(4.39, 52.03);
    return data::demoSensorNetwork(area, count, 11);
}

data::Sensor noiseSensor(const std::string& id) {
    data::Sensor s = data::sensorDefaults(data::SensorKind::Noise); // warning 65, critical 75 dB(A)
    s.id = id;
    s.name = id;
    return s;
}

/// A session with its history in `dir`, opened.
std::unique_ptr<app::SensorSession> makeSession(const QTemporaryDir& dir, double backfillHours = 0) {
    app::SensorSessionOptions o;
    o.historyPath = dir.filePath(QStringLiteral("history.sqlite")).toStdString();
    o.simulatorBackfillHours = backfillHours;
    auto session = std::make_unique<app::SensorSession>(o);
    auto opened = session->open();
    if (!opened.ok()) qWarning("%s", opened.firstError().c_str());
    return session;
}

int seenCount(const data::HubSnapshot& snap) {
    int n = 0;
    for (const data::SensorState& s : snap.sensors) n += s.seen ? 1 : 0;
    return n;
}

/// Every sensor the history knows at `timeMs` shows exactly that sample, and no other sensor has a value.
void compareWithHistory(data::HistoryStore& history, const data::HubSnapshot& snap, int64_t timeMs) {
    auto latest = history.latestAtOrBefore(timeMs);
    QVERIFY2(latest.ok(), latest.firstError().c_str());
    QVERIFY(!latest->empty());
    for (const data::SensorSample& sample : *latest) {
        const data::SensorState* state = snap.find(sample.sensorId);
        QVERIFY2(state && state->seen, sample.sensorId.c_str());
        QCOMPARE(state->timeMs, sample.timeMs);
        QCOMPARE(state->value, sample.value);
    }
    QCOMPARE(seenCount(snap), int(latest->size()));
}

} // namespace

class TestSensorSession : public QObject {
    Q_OBJECT

private slots:
    void simulatorFillsLiveStateAndHistory() {
        QTemporaryDir dir;
        auto session = makeSession(dir, 2.0);
        QVERIFY(session->history());
        const std::vector<data::Sensor> sensors = demoNetwork(30);
        session->setSensors(sensors);
        session->startSimulator(5);
        QVERIFY(session->simulatorRunning());
        QVERIFY(session->feedSettings().simulator);
        QCOMPARE(session->feedSettings().simulatorSeed, uint64_t(5));

        // Values at once: the live stream starts one reporting period back.
        QTRY_VERIFY_WITH_TIMEOUT(seenCount(session->tick().snapshot) >= 20, 5000);
        const app::SensorFrame& frame = session->tick();
        QCOMPARE(frame.mode, data::ClockMode::Live);
        QVERIFY(std::llabs(frame.clockMs - wallClockMs()) < 1000);
        // They are the simulator's values for their slots (same seed, same sensors).
        const data::Simulator reference(sensors, 5);
        for (size_t i = 0; i < sensors.size(); ++i) {
            const data::SensorState* state = frame.snapshot.find(sensors[i].id);
            QVERIFY(state);
            if (!state->seen) continue;
            QCOMPARE(state->value, reference.valueAt(i, state->timeMs));
            QVERIFY(state->timeMs > wallClockMs() - 16 * kMinuteMs);
        }
        const auto simulatorFeed = std::find_if(frame.snapshot.feeds.begin(), frame.snapshot.feeds.end(),
                                                [](const data::FeedStatus& f) { return f.name == "simulator"; });
        QVERIFY(simulatorFeed != frame.snapshot.feeds.end());
        QCOMPARE(simulatorFeed->state.connection, data::FeedConnection::Connected);

        // The backfill runs in the background, then the history holds the past two hours.
        QTRY_VERIFY_WITH_TIMEOUT(!session->simulatorBackfilling(), 30000);
        QVERIFY(session->history()->flush().ok());
        auto range = session->history()->timeRange();
        QVERIFY(range.ok() && range->has_value());
        QVERIFY((*range)->firstMs < wallClockMs() - 110 * kMinuteMs);
        auto count = session->history()->sampleCount();
        QVERIFY(count.ok());
        QVERIFY2(*count > 30 * 2 * 10, qPrintable(QString::number(*count)));
        // Live samples are stored too: a sensor's latest live sample is in the history.
        const data::SensorState* live = nullptr;
        for (const data::SensorState& s : session->lastFrame().snapshot.sensors)
            if (s.seen) live = &s;
        QVERIFY(live);
        auto stored = session->history()->samples(live->sensorId, live->timeMs, live->timeMs + 1);
        QVERIFY(stored.ok());
        QCOMPARE(stored->size(), size_t(1));
        QCOMPARE(stored->front().value, live->value);

        session->stopSimulator();
        QVERIFY(!session->simulatorRunning());
        QVERIFY(!session->feedSettings().simulator);
        // A stopped feed's sensors go offline.
        const data::HubSnapshot after = session->tick().snapshot;
        QCOMPARE(after.find(live->sensorId)->status, data::SensorStatus::Offline);
    }

    void crossingAThresholdRaisesAnAlert() {
        QTemporaryDir dir;
        auto session = makeSession(dir);
        session->setSensors({noiseSensor("noise-1"), noiseSensor("noise-2")});
        const int64_t now = wallClockMs();
        session->liveHub().push({"noise-1", now - 1000, 60, 1});
        session->liveHub().push({"noise-2", now - 1000, 58, 1});
        QVERIFY(session->tick().newAlerts.empty()); // below the warning threshold: quiet
        session->liveHub().push({"noise-1", now, 80, 2});
        const app::SensorFrame& frame = session->tick();
        QCOMPARE(frame.newAlerts.size(), size_t(1));
        QCOMPARE(frame.newAlerts[0].sensorId, std::string("noise-1"));
        QCOMPARE(frame.newAlerts[0].cause, data::AlertCause::Threshold);
        QCOMPARE(frame.newAlerts[0].severity, data::AlertSeverity::Critical);
        QCOMPARE(frame.snapshot.find("noise-1")->status, data::SensorStatus::Critical);
        QCOMPARE(session->alerts().unacknowledgedCount(), size_t(1));

        // Replay has its own log, emptied on each jump; the live log waits for the return.
        session->clock().pause();
        session->clock().seek(now - 10 * kMinuteMs);
        session->tick();
        QCOMPARE(session->alerts().unacknowledgedCount(), size_t(0));
        QCOMPARE(session->liveAlerts().unacknowledgedCount(), size_t(1));
        session->clock().goLive();
        session->tick();
        QCOMPARE(session->alerts().unacknowledgedCount(), size_t(1));
        QCOMPARE(session->alerts().alerts().back().sensorId, std::string("noise-1"));
    }

    void replayShowsThePastAndLiveComesBack() {
        QTemporaryDir dir;
        auto session = makeSession(dir, 3.0);
        session->setSensors(demoNetwork(25));
        session->startSimulator(9);
        QTRY_VERIFY_WITH_TIMEOUT(!session->simulatorBackfilling(), 30000);
        QVERIFY(session->history()->flush().ok());
        session->tick();

        // Seek 90 minutes back, paused: the frame is the history's state at that time.
        const int64_t past = wallClockMs() - 90 * kMinuteMs;
        session->clock().pause();
        session->clock().seek(past);
        const app::SensorFrame first = session->tick();
        QCOMPARE(first.mode, data::ClockMode::Replay);
        QCOMPARE(first.clockMs, past);
        QVERIFY(session->replayHub());
        compareWithHistory(*session->history(), first.snapshot, past);
        // Statuses are judged at the replay time, not now: values 90 min old are not stale there.
        for (const data::SensorState& s : first.snapshot.sensors)
            if (s.seen && past - s.timeMs < 60'000) QVERIFY(s.status != data::SensorStatus::Stale);

        // Playing at 3600x streams the samples in between (no rebuild: same generation).
        session->clock().setSpeed(3600);
        session->clock().play();
        QTest::qWait(400);
        const app::SensorFrame later = session->tick();
        QCOMPARE(later.clockGeneration, first.clockGeneration);
        QVERIFY(later.clockMs > past + 10 * kMinuteMs);
        compareWithHistory(*session->history(), later.snapshot, later.clockMs);

        // Before the history starts nothing is known.
        auto range = session->history()->timeRange();
        QVERIFY(range.ok() && range->has_value());
        session->clock().pause();
        session->clock().seek((*range)->firstMs - 60 * kMinuteMs);
        const app::SensorFrame before = session->tick();
        QVERIFY(before.clockGeneration != later.clockGeneration);
        QCOMPARE(seenCount(before.snapshot), 0);
        for (const data::SensorState& s : before.snapshot.sensors) QCOMPARE(s.status, data::SensorStatus::Offline);

        // Back to live: the live values, which kept coming (and being stored) meanwhile.
        session->clock().goLive();
        const app::SensorFrame live = session->tick();
        QCOMPARE(live.mode, data::ClockMode::Live);
        QVERIFY(!session->replayHub());
        QVERIFY(seenCount(live.snapshot) >= 15);
        for (const data::SensorState& s : live.snapshot.sensors)
            if (s.seen) QVERIFY(s.timeMs > wallClockMs() - 61 * kMinuteMs);
    }

    void mqttSessionShowsPublishedMessages() {
        CITYTWIN_REQUIRE_MOSQUITTO();
        test::MosquittoBroker broker;
        CITYTWIN_START_BROKER(broker);
        QTemporaryDir dir;
        auto session = makeSession(dir);
        session->setSensors({noiseSensor("noise-7"), noiseSensor("noise-8")});
        data::ProjectFeedSettings settings;
        settings.brokerUrl = "mqtt://127.0.0.1:" + std::to_string(broker.port());
        settings.clientId = "session-test";
        auto applied = session->applyFeedSettings(settings);
        QVERIFY2(applied.ok(), applied.firstError().c_str());
        QVERIFY(session->mqttRunning());
        QCOMPARE(session->feedSettings().brokerUrl, settings.brokerUrl);
        const auto mqttConnected = [&] {
            for (const data::FeedStatus& f : session->tick().snapshot.feeds)
                if (f.name == "mqtt" && f.state.connection == data::FeedConnection::Connected) return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(mqttConnected(), 10000);

        data::MqttPublisher publisher(broker.options(QStringLiteral("session-test-pub")));
        QVERIFY(publisher.connect().ok());
        const int64_t t = wallClockMs();
        const std::string payload = "{\"t\":" + std::to_string(t) + ",\"v\":77.5,\"seq\":1}";
        QVERIFY(publisher.publish("citytwin/noise-8", payload).ok());
        QVERIFY(publisher.waitForAcks(5000).ok());
        QTRY_VERIFY_WITH_TIMEOUT(session->tick().snapshot.find("noise-8")->seen, 10000);
        const data::SensorState* state = session->lastFrame().snapshot.find("noise-8");
        QCOMPARE(state->value, 77.5);
        QCOMPARE(state->timeMs, t);
        QCOMPARE(state->status, data::SensorStatus::Critical);
        QVERIFY(!session->lastFrame().snapshot.find("noise-7")->seen);
        QVERIFY(session->history()->flush().ok());
        QCOMPARE(*session->history()->sampleCount("noise-8"), int64_t(1));

        settings.brokerUrl.clear();
        QVERIFY(session->applyFeedSettings(settings).ok());
        QVERIFY(!session->mqttRunning());
        QCOMPARE(session->tick().snapshot.find("noise-8")->status, data::SensorStatus::Offline);
    }

    void mqttBadSettingsFailWithoutCrashing() {
        QTemporaryDir dir;
        auto session = makeSession(dir);
        data::ProjectFeedSettings settings;
        settings.brokerUrl = "ftp://example.org";
        QVERIFY(!session->applyFeedSettings(settings).ok());
        settings.brokerUrl = "mqtts://127.0.0.1:8883";
        settings.caFile = "/nonexistent/ca.pem";
        const auto failed = session->applyFeedSettings(settings);
        QVERIFY(!failed.ok());
        QVERIFY2(failed.firstError().find("/nonexistent/ca.pem") != std::string::npos, failed.firstError().c_str());
        QVERIFY(!session->mqttRunning());
    }

    void credentialsComeFromTheEnvironment() {
        qputenv("CITYTWIN_MQTT_USERNAME", "env-user");
        qputenv("CITYTWIN_MQTT_PASSWORD", "env-secret");
        data::MqttOptions empty;
        const data::MqttOptions filled = app::withEnvironmentCredentials(empty);
        QCOMPARE(filled.username, std::string("env-user"));
        QCOMPARE(filled.password, std::string("env-secret"));
        data::MqttOptions given;
        given.username = "me";
        given.password = "mine";
        const data::MqttOptions kept = app::withEnvironmentCredentials(given);
        QCOMPARE(kept.username, std::string("me"));
        QCOMPARE(kept.password, std::string("mine"));
        qunsetenv("CITYTWIN_MQTT_USERNAME");
        qunsetenv("CITYTWIN_MQTT_PASSWORD");
        QVERIFY(app::withEnvironmentCredentials(empty).password.empty());
    }
};

int runSensorSessionTests(int argc, char** argv) {
    TestSensorSession t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_sensor_session_Session.moc"
