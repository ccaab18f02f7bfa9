// SensorSession: starting and stopping its feeds, and the project's feed settings.

#include "core/sensors/SensorSession.h"

#include "core/sensors/SensorSessionImpl.h"

#include <chrono>
#include <cstdlib>

namespace citytwin::app {
namespace {

constexpr int64_t kRetentionEveryMs = 3'600'000;

std::string brokerUrlOf(const data::MqttOptions& o) {
    std::string url = o.tls ? "mqtts://" : "mqtt://";
    url += o.host;
    url += ':';
    url += std::to_string(o.port);
    return url;
}

/// Same broker, identity and credentials (the rest are tuning knobs the settings do not hold).
bool sameConnection(const data::MqttOptions& a, const data::MqttOptions& b) {
    return a.host == b.host && a.port == b.port && a.tls == b.tls && a.caFile == b.caFile &&
           a.username == b.username && a.password == b.password && a.clientId == b.clientId;
}

} // namespace

data::MqttOptions withEnvironmentCredentials(data::MqttOptions options) {
    if (options.username.empty())
        if (const char* user = std::getenv("CITYTWIN_MQTT_USERNAME")) options.username = user;
    if (options.password.empty())
        if (const char* pass = std::getenv("CITYTWIN_MQTT_PASSWORD")) options.password = pass;
    return options;
}

gis::Result<bool> SensorSession::startMqtt(data::MqttOptions options) {
    options = withEnvironmentCredentials(std::move(options));
    // The message names the field, never its value (the password stays out of logs).
    if (const std::string problem = data::validateMqttOptions(options); !problem.empty())
        return gis::Result<bool>::failure(problem, brokerUrlOf(options));
    stopMqtt();
    m->mqtt = std::make_unique<data::MqttFeed>(m->live, std::move(options), "mqtt");
    auto started = m->mqtt->start();
    m->settings.brokerUrl = brokerUrlOf(m->mqtt->options());
    m->settings.caFile = m->mqtt->options().caFile;
    m->settings.username = m->mqtt->options().username;
    m->settings.clientId = m->mqtt->options().clientId;
    return started;
}

void SensorSession::stopMqtt() {
    if (m->mqtt) m->mqtt->stop();
}

bool SensorSession::mqttRunning() const { return m->mqtt && m->mqtt->running(); }

void SensorSession::startSimulator(uint64_t seed) {
    stopSimulator();
    if (m->simulatorFeed < 0) m->simulatorFeed = m->live.registerFeed("simulator");
    SimulatorFeedOptions o;
    o.seed = seed;
    if (m->history && !m->backfillDone) {
        o.backfillHours = m->options.simulatorBackfillHours;
        m->backfillDone = o.backfillHours > 0;
    }
    m->simulator = std::make_unique<SimulatorFeed>(m->live, m->simulatorFeed, m->history.get(),
                                                   m->live.registry().sensors(), std::move(o));
    m->simulator->start();
    m->settings.simulator = true;
    m->settings.simulatorSeed = seed;
}

void SensorSession::stopSimulator() {
    m->simulator.reset(); // stops and joins its threads
    m->settings.simulator = false;
}

bool SensorSession::simulatorRunning() const { return m->simulator && m->simulator->running(); }

bool SensorSession::simulatorBackfilling() const { return m->simulator && m->simulator->backfilling(); }

void SensorSession::Impl::restartSimulator() {
    if (!simulator) return;
    SimulatorFeedOptions o;
    o.seed = simulator->seed();
    o.resumeFromMs = simulator->lastStepMs();
    simulator.reset();
    simulator = std::make_unique<SimulatorFeed>(live, simulatorFeed, history.get(), live.registry().sensors(),
                                                std::move(o));
    simulator->start();
}

void SensorSession::Impl::maybeApplyRetention(bool now) {
    if (!history || settings.retentionDays <= 0) return;
    const int64_t wall = clock.wallMs();
    if (!now && wall - lastRetentionWallMs < kRetentionEveryMs) return;
    if (retentionJob.valid() &&
        retentionJob.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        return;
    lastRetentionWallMs = wall;
    data::HistoryStore* store = history.get();
    const int days = settings.retentionDays;
    retentionJob = std::async(std::launch::async, [store, wall, days] { store->applyRetention(wall, days); });
}

data::ProjectFeedSettings SensorSession::feedSettings() const {
    data::ProjectFeedSettings s = m->settings;
    if (!m->mqtt || !m->mqtt->running()) s.brokerUrl.clear();
    s.simulator = simulatorRunning();
    s.autoRegister = m->live.autoRegister();
    return s;
}

gis::Result<bool> SensorSession::applyFeedSettings(const data::ProjectFeedSettings& settings,
                                                   const std::string& password) {
    m->live.setAutoRegister(settings.autoRegister);
    m->settings.autoRegister = settings.autoRegister;
    const bool retentionChanged = m->settings.retentionDays != settings.retentionDays;
    m->settings.retentionDays = settings.retentionDays;
    if (retentionChanged) m->maybeApplyRetention(true);

    if (!settings.simulator) stopSimulator();
    else if (!simulatorRunning() || m->simulator->seed() != settings.simulatorSeed) startSimulator(settings.simulatorSeed);

    m->settings.caFile = settings.caFile;
    m->settings.username = settings.username;
    m->settings.clientId = settings.clientId;
    if (settings.brokerUrl.empty()) {
        stopMqtt();
        m->settings.brokerUrl.clear();
        return true;
    }
    data::MqttOptions base;
    base.caFile = settings.caFile;
    base.username = settings.username;
    base.password = password;
    if (!settings.clientId.empty()) base.clientId = settings.clientId;
    auto options = data::parseBrokerUrl(settings.brokerUrl, base);
    if (!options.ok()) return gis::Result<bool>::failure(options.diagnostics());
    const data::MqttOptions wanted = withEnvironmentCredentials(options.takeValue());
    if (mqttRunning() && sameConnection(m->mqtt->options(), wanted)) return true;
    return startMqtt(wanted);
}

} // namespace citytwin::app
