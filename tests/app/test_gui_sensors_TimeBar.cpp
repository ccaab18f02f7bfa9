// The time bar drives the session's clock: Live, play/pause, speed, and the
// slider scrubbing over the history; the slider and label follow the clock.

#include "test_gui_sensors_Suites.h"
#include "test_gui_sensors_Support.h"

#include "ui/sensors/TimeBar.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QSlider>
#include <QToolButton>
#include <QtTest>

using citytwin::app::TimeBar;
using citytwin::data::ClockMode;
using citytwin::test::makeSensor;
using citytwin::test::SensorFixture;
using citytwin::test::wallNowMs;

namespace {

constexpr int64_t kHourMs = 3'600'000;

} // namespace

class TestTimeBar : public QObject {
    Q_OBJECT

private slots:
    void buttonsDriveTheClock()
    {
        SensorFixture f({makeSensor("s", "S", 10, 20)});
        TimeBar bar(*f.session);
        auto& clock = f.session->clock();
        auto* live = bar.findChild<QToolButton*>(QStringLiteral("liveButton"));
        auto* play = bar.findChild<QToolButton*>(QStringLiteral("playButton"));
        auto* label = bar.findChild<QLabel*>(QStringLiteral("clockLabel"));
        QVERIFY(live && play && label);
        QVERIFY(clock.isLive());
        QVERIFY(live->isChecked());
        QVERIFY(label->text().endsWith(QStringLiteral("LIVE")));

        // Pause in Live freezes the time: replay, paused.
        QTest::mouseClick(play, Qt::LeftButton);
        QCOMPARE(clock.mode(), ClockMode::Replay);
        QVERIFY(!clock.playing());
        QVERIFY(!live->isChecked());
        QVERIFY2(label->text().contains(QStringLiteral("REPLAY")), qPrintable(label->text()));
        QVERIFY(label->text().contains(QStringLiteral("paused")));

        // Speed 60×, play: "REPLAY ×60".
        bar.speedCombo()->setCurrentIndex(bar.speedCombo()->findText(QStringLiteral("60×")));
        QCOMPARE(clock.speed(), 60.0);
        QTest::mouseClick(play, Qt::LeftButton);
        QVERIFY(clock.playing());
        QVERIFY2(label->text().endsWith(QStringLiteral("REPLAY ×60")), qPrintable(label->text()));

        // Live again.
        QTest::mouseClick(live, Qt::LeftButton);
        QVERIFY(clock.isLive());
        QVERIFY(live->isChecked());
        // Unchecking Live freezes the time.
        QTest::mouseClick(live, Qt::LeftButton);
        QCOMPARE(clock.mode(), ClockMode::Replay);
        QVERIFY(!clock.playing());
        bar.speedCombo()->setCurrentIndex(bar.speedCombo()->count() - 1);
        QCOMPARE(clock.speed(), 3600.0);
    }

    void shortcuts()
    {
        SensorFixture f({makeSensor("s", "S", 10, 20)});
        QWidget window;
        auto* bar = new TimeBar(*f.session, &window);
        window.resize(900, 60);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // Through the window system, so the shortcut map sees a user's key press.
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        auto& clock = f.session->clock();
        QTest::keyClick(window.windowHandle(), Qt::Key_K);
        QCOMPARE(clock.mode(), ClockMode::Replay);
        QVERIFY(!clock.playing());
        QTest::keyClick(window.windowHandle(), Qt::Key_K);
        QVERIFY(clock.playing());
        QTest::keyClick(window.windowHandle(), Qt::Key_L);
        QVERIFY(clock.isLive());
        QVERIFY(bar->liveAction()->isChecked());
    }

    void sliderSeeksOverTheHistory()
    {
        SensorFixture f({makeSensor("s", "S", 10, 20)});
        const int64_t first = wallNowMs() - 6 * kHourMs;
        f.appendHistory("s", first, 600'000, 36, [](int i) { return double(i); });
        TimeBar bar(*f.session);
        auto& clock = f.session->clock();
        QSlider* slider = bar.slider();
        // The slider spans the history's first sample up to now.
        QCOMPARE(bar.rangeStartMs(), first);
        QVERIFY(std::abs(bar.rangeEndMs() - wallNowMs()) < 5000);
        QVERIFY(std::abs(slider->maximum() - 6 * 3600) <= 5);
        QVERIFY(slider->value() >= slider->maximum() - 5); // live: at the end

        // A click/keyboard move seeks at once.
        const int target = 2 * 3600; // two hours after the first sample
        slider->setValue(target);
        QCOMPARE(clock.mode(), ClockMode::Replay);
        QVERIFY2(std::abs(clock.nowMs() - (first + 2 * kHourMs)) <= TimeBar::kStepMs,
                 qPrintable(QString::number(clock.nowMs() - (first + 2 * kHourMs))));
        clock.pause();
        slider->setFocus();
        QTest::keyClick(slider, Qt::Key_PageUp); // one hour on
        QVERIFY(std::abs(clock.nowMs() - (first + 3 * kHourMs)) <= TimeBar::kStepMs);

        // Dragging seeks throttled, and at the release.
        slider->setSliderDown(true);
        slider->setValue(4 * 3600);
        QTRY_VERIFY_WITH_TIMEOUT(std::abs(clock.nowMs() - (first + 4 * kHourMs)) <= TimeBar::kStepMs, 2000);
        slider->setValue(5 * 3600);
        slider->setSliderDown(false);
        QVERIFY(std::abs(clock.nowMs() - (first + 5 * kHourMs)) <= TimeBar::kStepMs);

        // The slider follows the clock when the clock moves by itself.
        clock.seek(first + kHourMs);
        f.session->tick();
        QVERIFY(std::abs(slider->value() - 3600) <= 1);
        QVERIFY(bar.labelText().startsWith(
            QDateTime::fromMSecsSinceEpoch(first + kHourMs).toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
    }

    void withoutHistoryTheLastDay()
    {
        SensorFixture f({makeSensor("s", "S", 10, 20)});
        TimeBar bar(*f.session);
        QVERIFY(std::abs(bar.rangeEndMs() - bar.rangeStartMs() - 24 * kHourMs) < 5000);
    }
};

int runTimeBarTests(int argc, char** argv)
{
    TestTimeBar test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_gui_sensors_TimeBar.moc"
