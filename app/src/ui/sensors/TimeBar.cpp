#include "ui/sensors/TimeBar.h"

#include "core/sensors/SensorSession.h"
#include "ui/sensors/SensorUi.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QShortcut>
#include <QSlider>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

#include <algorithm>
#include <cmath>

namespace citytwin::app {
namespace {

constexpr int64_t kDefaultSpanMs = 24 * 3'600'000LL;
/// The history's first sample moves rarely (retention); ask for it now and then.
constexpr int64_t kHistoryRequeryMs = 10'000;

QString speedText(double speed) { return QStringLiteral("%1×").arg(speed, 0, 'g', 6); }

} // namespace

TimeBar::TimeBar(SensorSession& session, QWidget* parent) : QWidget(parent), m_session(session)
{
    m_liveAction = new QAction(tr("Live"), this);
    m_liveAction->setObjectName(QStringLiteral("liveAction"));
    m_liveAction->setCheckable(true);
    m_liveAction->setToolTip(tr("Follow the wall clock (L); uncheck to freeze the time for replay"));
    connect(m_liveAction, &QAction::triggered, this, [this](bool checked) {
        if (checked) m_session.clock().goLive();
        else m_session.clock().pause();
        refresh();
    });
    auto* liveShortcut = new QShortcut(QKeySequence(Qt::Key_L), this);
    liveShortcut->setObjectName(QStringLiteral("liveShortcut"));
    connect(liveShortcut, &QShortcut::activated, this, [this]() {
        m_session.clock().goLive();
        refresh();
    });

    m_playAction = new QAction(tr("Pause"), this);
    m_playAction->setObjectName(QStringLiteral("playPauseAction"));
    m_playAction->setShortcut(QKeySequence(Qt::Key_K));
    m_playAction->setShortcutContext(Qt::WindowShortcut);
    m_playAction->setToolTip(tr("Play or pause the replay (K)"));
    connect(m_playAction, &QAction::triggered, this, &TimeBar::togglePlay);
    addAction(m_playAction);

    m_liveButton = new QToolButton;
    m_liveButton->setObjectName(QStringLiteral("liveButton"));
    m_liveButton->setDefaultAction(m_liveAction);
    m_playButton = new QToolButton;
    m_playButton->setObjectName(QStringLiteral("playButton"));
    m_playButton->setDefaultAction(m_playAction);

    m_speed = new QComboBox;
    m_speed->setObjectName(QStringLiteral("speedCombo"));
    m_speed->setToolTip(tr("Replay speed"));
    for (double s : kSpeeds) m_speed->addItem(speedText(s), s);
    connect(m_speed, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (m_updating || index < 0) return;
        m_session.clock().setSpeed(m_speed->itemData(index).toDouble());
        refresh();
    });

    m_slider = new QSlider(Qt::Horizontal);
    m_slider->setObjectName(QStringLiteral("timeSlider"));
    m_slider->setToolTip(tr("Drag to replay another time"));
    m_slider->setSingleStep(60);    // a minute
    m_slider->setPageStep(3600);    // an hour
    connect(m_slider, &QSlider::valueChanged, this, &TimeBar::onSliderValue);
    connect(m_slider, &QSlider::sliderReleased, this, &TimeBar::seekPending);
    m_seekTimer = new QTimer(this);
    m_seekTimer->setSingleShot(true);
    connect(m_seekTimer, &QTimer::timeout, this, &TimeBar::seekPending);

    m_label = new QLabel;
    m_label->setObjectName(QStringLiteral("clockLabel"));
    m_label->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("0000-00-00 00:00:00  REPLAY ×3600 (paused)")));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(m_liveButton);
    layout->addWidget(m_playButton);
    layout->addWidget(m_speed);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_label);

    connect(&m_session, &SensorSession::frameReady, this, &TimeBar::refresh);
    refresh();
}

QString TimeBar::labelText() const { return m_label->text(); }

void TimeBar::refresh()
{
    const data::SensorClock& clock = m_session.clock();
    m_updating = true;
    m_liveAction->setChecked(clock.isLive());
    const bool playing = clock.playing();
    if (int(playing) != m_shownPlaying) {
        m_shownPlaying = int(playing);
        m_playAction->setText(playing ? tr("Pause") : tr("Play"));
        m_playAction->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    }
    int best = 0;
    for (int i = 1; i < m_speed->count(); ++i)
        if (std::fabs(m_speed->itemData(i).toDouble() - clock.speed()) <
            std::fabs(m_speed->itemData(best).toDouble() - clock.speed()))
            best = i;
    m_speed->setCurrentIndex(best);
    updateRange(clock.wallMs() - m_lastHistoryQueryMs > kHistoryRequeryMs);
    if (!m_slider->isSliderDown() && m_pendingValue < 0) {
        const int64_t steps = (std::clamp(clock.nowMs(), m_rangeStartMs, m_rangeEndMs) - m_rangeStartMs) / kStepMs;
        m_slider->setValue(int(steps));
    }
    m_updating = false;

    QString mode = tr("LIVE");
    if (!clock.isLive())
        mode = playing ? tr("REPLAY ×%1").arg(clock.speed(), 0, 'g', 6)
                       : tr("REPLAY ×%1 (paused)").arg(clock.speed(), 0, 'g', 6);
    m_label->setText(sensorui::formatClockTime(clock.nowMs()) + QStringLiteral("  ") + mode);
}

void TimeBar::updateRange(bool queryHistory)
{
    const int64_t wall = m_session.clock().wallMs();
    if (queryHistory) {
        m_lastHistoryQueryMs = wall;
        m_historyFirstMs = 0;
        if (data::HistoryStore* history = m_session.history()) {
            auto range = history->timeRange();
            if (range.ok() && range.value()) m_historyFirstMs = range.value()->firstMs;
        }
    }
    m_rangeEndMs = wall;
    m_rangeStartMs = m_historyFirstMs > 0 && m_historyFirstMs < wall ? m_historyFirstMs : wall - kDefaultSpanMs;
    const bool was = m_updating;
    m_updating = true;
    m_slider->setRange(0, int(std::min<int64_t>((m_rangeEndMs - m_rangeStartMs) / kStepMs, INT32_MAX)));
    m_updating = was;
}

void TimeBar::onSliderValue(int value)
{
    if (m_updating) return;
    m_pendingValue = value;
    if (!m_slider->isSliderDown()) {
        seekPending();
    } else if (!m_seekTimer->isActive()) {
        m_seekTimer->start(kSeekThrottleMs);
    }
}

void TimeBar::seekPending()
{
    m_seekTimer->stop();
    if (m_pendingValue < 0) return;
    const int value = m_pendingValue;
    m_pendingValue = -1;
    m_session.clock().seek(timeForValue(value));
    refresh();
}

void TimeBar::togglePlay()
{
    data::SensorClock& clock = m_session.clock();
    if (clock.playing()) clock.pause();
    else clock.play();
    refresh();
}

} // namespace citytwin::app
