#include "core/sensors/SensorSession.h"

#include "core/sensors/SensorSessionImpl.h"

#include <utility>

namespace citytwin::app {

SensorSession::SensorSession(SensorSessionOptions options, QObject* parent)
    : QObject(parent), m(std::make_unique<Impl>(std::move(options))) {
    m->lastGeneration = m->clock.generation();
    m->frame.clockMs = m->clock.nowMs();
    m->frame.clockGeneration = m->lastGeneration;
    m->timer.setInterval(std::max(1, m->options.tickIntervalMs));
    connect(&m->timer, &QTimer::timeout, this, [this] { tick(); });
    m->timer.start();
}

SensorSession::~SensorSession() {
    m->timer.stop();
    stopSimulator();
    stopMqtt();
}

gis::Result<bool> SensorSession::open() {
    if (m->history || m->options.historyPath.empty()) return true;
    auto store = data::HistoryStore::open(m->options.historyPath, m->options.history);
    if (!store.ok()) return gis::Result<bool>::failure(store.diagnostics());
    m->history = store.takeValue();
    data::HistoryStore* history = m->history.get();
    // Every sample the live hub accepts is stored, whatever the clock shows,
    // so nothing is lost while the user replays.
    m->live.setSampleSink([history](const std::vector<data::SensorSample>& batch) { history->append(batch); });
    return true;
}

// --- sensors -----------------------------------------------------------------

void SensorSession::setSensors(std::vector<data::Sensor> sensors) {
    m->live.setSensors(std::move(sensors));
    m->replay.setSensors(m->live.registry());
    m->restartSimulator();
    emit sensorsChanged();
}

const data::SensorRegistry& SensorSession::registry() const { return m->live.registry(); }

bool SensorSession::addSensor(data::Sensor sensor) {
    if (!m->live.addSensor(std::move(sensor))) return false;
    m->replay.setSensors(m->live.registry());
    m->restartSimulator();
    emit sensorsChanged();
    return true;
}

bool SensorSession::updateSensor(data::Sensor sensor) {
    if (!m->live.updateSensor(std::move(sensor))) return false;
    m->replay.setSensors(m->live.registry());
    m->restartSimulator();
    emit sensorsChanged();
    return true;
}

bool SensorSession::removeSensor(const std::string& id) {
    if (!m->live.removeSensor(id)) return false;
    m->replay.setSensors(m->live.registry());
    m->restartSimulator();
    emit sensorsChanged();
    return true;
}

// --- clock, history, alerts ----------------------------------------------------

data::SensorClock& SensorSession::clock() { return m->clock; }

data::AlertLog& SensorSession::alerts() { return m->clock.isLive() ? m->liveAlerts : m->replayAlerts; }

data::AlertLog& SensorSession::liveAlerts() { return m->liveAlerts; }

data::HistoryStore* SensorSession::history() const { return m->history.get(); }

data::SensorHub& SensorSession::liveHub() { return m->live; }

data::SensorHub* SensorSession::replayHub() { return m->replay.hub(); }

const SensorFrame& SensorSession::lastFrame() const { return m->frame; }

// The live hub is coalesced on every tick, in replay too: its accepted
// samples go to the history and its alerts to the live log, so returning to
// Live finds both complete.
const SensorFrame& SensorSession::tick() {
    m->clock.update();
    const uint64_t generation = m->clock.generation();
    const bool discontinuity = generation != m->lastGeneration;
    m->lastGeneration = generation;

    SensorFrame frame;
    frame.mode = m->clock.mode();
    frame.clockMs = m->clock.nowMs();
    frame.clockGeneration = generation;
    data::HubSnapshot live = m->live.coalesce(m->clock.wallMs());
    std::vector<data::Alert> liveNew = m->liveAlerts.ingest(live, m->live.registry());
    if (frame.mode == data::ClockMode::Live) {
        frame.snapshot = std::move(live);
        frame.newAlerts = std::move(liveNew);
        m->replay.reset();
        m->replayAlerts.clear();
    } else {
        // Alerts of a replay belong to the stretch being replayed: a seek or
        // a new replay starts an empty log rather than mixing times.
        if (discontinuity) m->replayAlerts.clear();
        frame.snapshot = m->replay.frame(m->history.get(), m->live.registry(), m->live.autoRegister(),
                                         frame.clockMs, generation);
        frame.newAlerts = m->replayAlerts.ingest(frame.snapshot, m->live.registry());
    }
    m->frame = std::move(frame);
    m->maybeApplyRetention(false);
    emit frameReady();
    return m->frame;
}

} // namespace citytwin::app
