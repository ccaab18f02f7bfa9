#include "citytwin/data/sensors/SensorClock.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace citytwin::data {
namespace {

int64_t systemWallMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace

SensorClock::SensorClock(std::function<int64_t()> wallMs) : m_wallMs(std::move(wallMs)) {
    if (!m_wallMs) m_wallMs = systemWallMs;
    m_anchorWallMs = m_wallMs();
    m_anchorTimeMs = m_anchorWallMs;
}

ClockMode SensorClock::mode() const { return m_mode; }

int64_t SensorClock::wallMs() const { return m_wallMs(); }

int64_t SensorClock::nowMs() const {
    const int64_t wall = wallMs();
    if (m_mode == ClockMode::Live) return wall;
    if (!m_playing) return std::min(m_anchorTimeMs, wall);
    const double advanced = double(wall - m_anchorWallMs) * m_speed;
    const int64_t t = m_anchorTimeMs + int64_t(std::llround(advanced));
    return std::min(t, wall); // replay never runs past the wall clock
}

void SensorClock::goLive() {
    if (m_mode == ClockMode::Live) return;
    m_mode = ClockMode::Live;
    m_playing = true;
    ++m_generation;
}

void SensorClock::seek(int64_t timeMs) {
    const int64_t wall = wallMs();
    m_anchorTimeMs = std::min(timeMs, wall);
    m_anchorWallMs = wall;
    m_mode = ClockMode::Replay; // Live was playing, so seeking from Live plays on
    ++m_generation;
}

void SensorClock::play() {
    if (m_mode == ClockMode::Live || m_playing) return;
    m_anchorTimeMs = nowMs();
    m_anchorWallMs = wallMs();
    m_playing = true;
}

void SensorClock::pause() {
    if (m_mode == ClockMode::Live) {
        m_anchorTimeMs = wallMs();
        m_anchorWallMs = m_anchorTimeMs;
        m_mode = ClockMode::Replay;
        m_playing = false;
        ++m_generation;
        return;
    }
    if (!m_playing) return;
    m_anchorTimeMs = nowMs();
    m_anchorWallMs = wallMs();
    m_playing = false;
}

bool SensorClock::playing() const { return m_mode == ClockMode::Live || m_playing; }

void SensorClock::setSpeed(double speed) {
    if (std::isnan(speed)) speed = kMinSpeed;
    speed = std::clamp(speed, kMinSpeed, kMaxSpeed);
    // Re-anchor so the time shown now does not jump.
    m_anchorTimeMs = nowMs();
    m_anchorWallMs = wallMs();
    m_speed = speed;
}

double SensorClock::speed() const { return m_speed; }

uint64_t SensorClock::generation() const { return m_generation; }

bool SensorClock::update() {
    if (m_mode != ClockMode::Replay || !m_playing) return false;
    const int64_t wall = wallMs();
    const double advanced = double(wall - m_anchorWallMs) * m_speed;
    if (m_anchorTimeMs + int64_t(std::llround(advanced)) < wall) return false;
    goLive();
    return true;
}

} // namespace citytwin::data
