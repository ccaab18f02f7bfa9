#pragma once
// One clock for live and replay: every view of the sensors (colours, markers,
// heat map, alerts, charts) reads its time from here.

#include <cstdint>
#include <functional>

namespace citytwin::data {

enum class ClockMode {
    Live,   ///< now() follows the wall clock
    Replay, ///< now() is a chosen past time, paused or advancing at speed()
};

/// The application clock. Live: the wall clock, always playing at 1×.
/// Replay: a time in the past, paused or running at a speed of 1× to 3600×
/// of the wall clock; scrubbing (seek) jumps. Replay never runs past the
/// wall clock: reaching it switches to Live.
///
/// Every discontinuity (a seek, a switch of mode, a change of speed does not
/// count) increments generation(), so consumers that stream history (the
/// replay feed) know to restart from a fresh state.
///
/// Threads: GUI thread only (the thread that owns the clock).
class SensorClock {
public:
    static constexpr double kMinSpeed = 1.0;
    static constexpr double kMaxSpeed = 3600.0;

    /// `wallMs` returns the wall time in ms since the epoch (UTC); the
    /// default reads the system clock. Tests pass a fake.
    explicit SensorClock(std::function<int64_t()> wallMs = {});

    ClockMode mode() const;
    bool isLive() const { return mode() == ClockMode::Live; }

    /// The clock's time in ms since the epoch (UTC).
    int64_t nowMs() const;
    /// The wall clock (the `wallMs` function).
    int64_t wallMs() const;

    /// Switches to Live (a discontinuity when it was Replay).
    void goLive();
    /// Switches to Replay at `timeMs` (clamped to the wall clock), keeping the
    /// playing state; a discontinuity.
    void seek(int64_t timeMs);

    /// Replay: starts / stops advancing. Live is always playing; pause() in
    /// Live switches to Replay paused at the current time (a discontinuity).
    void play();
    void pause();
    bool playing() const;

    /// Replay speed, clamped to [kMinSpeed, kMaxSpeed]; keeps the current time.
    void setSpeed(double speed);
    double speed() const;

    /// Increments on every discontinuity (seek, mode switch).
    uint64_t generation() const;

    /// Call once per tick: a playing Replay that has caught up with the wall
    /// clock switches to Live. Returns true when the mode changed.
    bool update();

private:
    std::function<int64_t()> m_wallMs;
    ClockMode m_mode = ClockMode::Live;
    bool m_playing = true;
    double m_speed = 1.0;
    int64_t m_anchorTimeMs = 0; ///< replay time at m_anchorWallMs
    int64_t m_anchorWallMs = 0;
    uint64_t m_generation = 0;
};

} // namespace citytwin::data
