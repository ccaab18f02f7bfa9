#pragma once
// The time bar under the view: Live toggle, play/pause, replay speed
// (1× … 3600×), a slider over the history (its first sample, or the last
// 24 h when there is none, up to now) that scrubs the clock while dragged
// and follows it otherwise, and the clock's date-time with LIVE / REPLAY ×N.
// Everything goes through the session's data::SensorClock.
//
// Shortcuts (window-wide): L goes live, K plays / pauses (Space belongs to
// the 3D view).

#include <QWidget>

#include <cstdint>

class QAction;
class QComboBox;
class QLabel;
class QSlider;
class QTimer;
class QToolButton;

namespace citytwin::app {

class SensorSession;

/// GUI thread only.
class TimeBar : public QWidget {
    Q_OBJECT
public:
    /// Replay speeds offered, in order.
    static constexpr double kSpeeds[] = {1, 10, 60, 300, 900, 3600};
    /// Scrubbing seeks at most this often while the slider is dragged.
    static constexpr int kSeekThrottleMs = 100;

    explicit TimeBar(SensorSession& session, QWidget* parent = nullptr);

    QAction* liveAction() const { return m_liveAction; }
    QAction* playPauseAction() const { return m_playAction; }
    QComboBox* speedCombo() const { return m_speed; }
    QSlider* slider() const { return m_slider; }
    /// "2026-11-28 14:05:00  LIVE" / "…  REPLAY ×60".
    QString labelText() const;

    /// The slider's span in clock time (epoch ms) and one step (ms).
    int64_t rangeStartMs() const { return m_rangeStartMs; }
    int64_t rangeEndMs() const { return m_rangeEndMs; }
    static constexpr int64_t kStepMs = 1000;
    /// The clock time a slider value stands for.
    int64_t timeForValue(int value) const { return m_rangeStartMs + int64_t(value) * kStepMs; }

    /// Re-reads the clock (and, now and then, the history's first sample).
    void refresh();

private:
    void updateRange(bool queryHistory);
    void onSliderValue(int value);
    void seekPending();
    void togglePlay();

    SensorSession& m_session;
    QAction* m_liveAction = nullptr;
    QAction* m_playAction = nullptr;
    QToolButton* m_liveButton = nullptr;
    QToolButton* m_playButton = nullptr;
    QComboBox* m_speed = nullptr;
    QSlider* m_slider = nullptr;
    QLabel* m_label = nullptr;
    QTimer* m_seekTimer = nullptr;
    int64_t m_rangeStartMs = 0;
    int64_t m_rangeEndMs = 0;
    int64_t m_historyFirstMs = 0;    ///< 0 = no history
    int64_t m_lastHistoryQueryMs = 0; ///< wall time of the last timeRange() query
    int m_pendingValue = -1;          ///< a scrub not yet sent to the clock
    int m_shownPlaying = -1;          ///< the play/pause action's state shown (-1 = not yet)
    bool m_updating = false;
};

} // namespace citytwin::app
