#pragma once
// SensorSession: the live city's sensor side, as the window uses it. Owns the
// hub, the feeds (MQTT, in-process simulator, replay), the history store, the
// clock and the alert log, and once per tick turns them into one SensorFrame
// that markers, bound-object colours, heat map, alerts and charts all read.

#include "citytwin/data/Project.h"
#include "citytwin/data/sensors/AlertLog.h"
#include "citytwin/data/sensors/HistoryStore.h"
#include "citytwin/data/sensors/MqttOptions.h"
#include "citytwin/data/sensors/SensorClock.h"
#include "citytwin/data/sensors/SensorHub.h"
#include "citytwin/gis/Result.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <string>
#include <vector>

namespace citytwin::app {

/// What every view of the sensors reads after a tick: the state of every
/// registered sensor at the clock's time (live hub or replay hub), the alerts
/// raised in this tick, and the feeds.
struct SensorFrame {
    int64_t clockMs = 0;
    data::ClockMode mode = data::ClockMode::Live;
    data::HubSnapshot snapshot;          ///< of the hub the clock's mode selects
    std::vector<data::Alert> newAlerts;  ///< raised in this tick
    uint64_t clockGeneration = 0;        ///< changed: views reset (e.g. charts re-query)
};

/// Where the session's parts come from.
struct SensorSessionOptions {
    std::string historyPath;          ///< history SQLite file; empty = no history (no replay, no charts)
    data::HistoryOptions history;
    int tickIntervalMs = 100;         ///< how often tick() runs from the session's own timer
    /// Simulator: hours of history generated into the store at start, so charts
    /// and replay have data at once (demo); 0 = none.
    double simulatorBackfillHours = 0;
};

/// Fills an empty username / password from CITYTWIN_MQTT_USERNAME /
/// CITYTWIN_MQTT_PASSWORD. Any thread.
data::MqttOptions withEnvironmentCredentials(data::MqttOptions options);

/// GUI thread only (it is a QObject living on the GUI thread); the feeds it
/// owns run on their own threads and talk to it through the hub.
class SensorSession : public QObject {
    Q_OBJECT
public:
    explicit SensorSession(SensorSessionOptions options, QObject* parent = nullptr);
    ~SensorSession() override;

    /// Opens the history store (if a path was given). Errors name the file.
    gis::Result<bool> open();

    // --- sensors (the registry the project saves) ---------------------------
    void setSensors(std::vector<data::Sensor> sensors);
    const data::SensorRegistry& registry() const;
    bool addSensor(data::Sensor sensor);
    bool updateSensor(data::Sensor sensor);
    bool removeSensor(const std::string& id);

    // --- feeds ---------------------------------------------------------------
    /// Starts an MQTT feed (replacing a running one). Credentials: `options`
    /// as given; empty username/password are filled from the environment
    /// (CITYTWIN_MQTT_USERNAME / CITYTWIN_MQTT_PASSWORD). Fails on bad options.
    gis::Result<bool> startMqtt(data::MqttOptions options);
    void stopMqtt();
    bool mqttRunning() const;
    /// Runs the built-in simulator over the registered sensors, in-process on
    /// its own thread, following the live clock (no broker).
    void startSimulator(uint64_t seed);
    void stopSimulator();
    bool simulatorRunning() const;
    /// True while the simulator's backfill (options.simulatorBackfillHours,
    /// written once per session on the first startSimulator() after open())
    /// is still writing past samples into the history.
    bool simulatorBackfilling() const;

    // --- clock, history, alerts ---------------------------------------------
    data::SensorClock& clock();
    /// The alert log of the clock's mode: the live log in Live, the replay log
    /// in Replay (emptied on every replay discontinuity: a seek or a new replay).
    data::AlertLog& alerts();
    /// The live log, which keeps collecting while the user replays.
    data::AlertLog& liveAlerts();
    data::HistoryStore* history() const; ///< null when none is open
    data::SensorHub& liveHub();
    /// The hub replay frames come from; null in Live (rebuilt on each discontinuity).
    data::SensorHub* replayHub();

    /// Drains the hub of the clock's mode, raises alerts, stores samples,
    /// emits frameReady(). Runs from the session's timer; tests call it directly.
    const SensorFrame& tick();
    const SensorFrame& lastFrame() const;

    /// The project's sensor settings and sensors (no password).
    data::ProjectFeedSettings feedSettings() const;
    /// Applies settings: starts/stops MQTT and simulator as they say.
    /// The password comes from the environment or `password`.
    gis::Result<bool> applyFeedSettings(const data::ProjectFeedSettings& settings,
                                        const std::string& password = {});

signals:
    void frameReady();
    void sensorsChanged();

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

} // namespace citytwin::app
