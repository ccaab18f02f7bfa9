#pragma once
// A real SensorSession over a temporary history file for the sensor widget
// tests; the session's own timer is parked so tests tick it themselves.

#include "core/sensors/SensorSession.h"

#include "citytwin/data/sensors/HistoryStore.h"
#include "citytwin/data/sensors/Sensor.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace citytwin::test {

inline data::Sensor makeSensor(const std::string& id, const std::string& name, double warning, double critical,
                               data::ThresholdDirection direction = data::ThresholdDirection::Above)
{
    data::Sensor s = data::sensorDefaults(data::SensorKind::TrafficFlow);
    s.id = id;
    s.name = name;
    s.unit = "veh/h";
    s.warning = warning;
    s.critical = critical;
    s.direction = direction;
    s.periodSeconds = 600;
    s.lonLat = gis::DVec2{-71.1, 42.37};
    return s;
}

inline int64_t wallNowMs() { return QDateTime::currentMSecsSinceEpoch(); }

/// A session with a history file in a fresh temporary folder.
class SensorFixture {
public:
    explicit SensorFixture(std::vector<data::Sensor> sensors)
    {
        QVERIFY(m_dir.isValid());
        app::SensorSessionOptions options;
        options.historyPath = m_dir.filePath(QStringLiteral("history.sqlite")).toStdString();
        options.history.flushIntervalMs = 20;
        options.tickIntervalMs = 3'600'000; // tests tick by hand
        session = std::make_unique<app::SensorSession>(options);
        auto opened = session->open();
        QVERIFY2(opened.ok(), opened.firstError().c_str());
        QVERIFY(session->history());
        session->setSensors(std::move(sensors));
    }

    /// Pushes one live sample and ticks; the sample is `agoMs` before now.
    const app::SensorFrame& pushAndTick(const std::string& id, double value, int64_t agoMs = 0)
    {
        // Strictly increasing times per test, so the hub never sees a duplicate.
        const int64_t t = std::max(wallNowMs() - agoMs, m_lastTimeMs + 1);
        m_lastTimeMs = t;
        session->liveHub().push({id, t, value, -1});
        return session->tick();
    }

    /// Writes `count` samples of `id` straight into the history, from
    /// `firstMs` every `stepMs`, and waits until they are committed.
    void appendHistory(const std::string& id, int64_t firstMs, int64_t stepMs, int count,
                       const std::function<double(int)>& value)
    {
        std::vector<data::SensorSample> samples;
        for (int i = 0; i < count; ++i) samples.push_back({id, firstMs + i * stepMs, value(i), -1});
        session->history()->append(std::move(samples));
        QVERIFY(session->history()->flush().ok());
    }

    QTemporaryDir m_dir;
    std::unique_ptr<app::SensorSession> session;

private:
    int64_t m_lastTimeMs = 0;
};

} // namespace citytwin::test
