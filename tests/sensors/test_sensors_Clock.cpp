// SensorClock with a fake wall clock: live follows the wall, replay advances
// at its speed, pause holds, speed is clamped, a replay that catches up with
// the wall goes live, and discontinuities (not speed changes) bump the generation.
#include "citytwin/data/sensors/SensorClock.h"

#include "test_sensors_Suites.h"

#include <QtTest>

using citytwin::data::ClockMode;
using citytwin::data::SensorClock;

namespace {

constexpr int64_t kWall0 = 1'795'885'200'000; // 2026-11-28T17:00:00Z
constexpr int64_t kSecond = 1000;
constexpr int64_t kHour = 3'600'000;

/// A wall clock the test moves by hand.
struct FakeWall {
    int64_t ms = kWall0;
    std::function<int64_t()> fn() {
        return [this] { return ms; };
    }
};

} // namespace

class TestSensorClock : public QObject {
    Q_OBJECT

private slots:
    void liveFollowsTheWall() {
        FakeWall wall;
        SensorClock clock(wall.fn());
        QVERIFY(clock.isLive());
        QVERIFY(clock.playing());
        QCOMPARE(clock.nowMs(), kWall0);
        wall.ms += 5 * kSecond;
        QCOMPARE(clock.nowMs(), kWall0 + 5 * kSecond);
        QCOMPARE(clock.wallMs(), kWall0 + 5 * kSecond);
        QVERIFY(!clock.update()); // live stays live
        QCOMPARE(clock.generation(), uint64_t(0));
    }

    void defaultReadsTheSystemClock() {
        SensorClock clock;
        const int64_t system = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(std::abs(clock.nowMs() - system) < 5 * kSecond);
    }

    void replayAdvancesAtItsSpeed_data() {
        QTest::addColumn<double>("speed");
        QTest::addColumn<int64_t>("afterOneSecondMs");
        QTest::newRow("1x") << 1.0 << kSecond;
        QTest::newRow("60x") << 60.0 << 60 * kSecond;
        QTest::newRow("3600x") << 3600.0 << kHour;
    }
    void replayAdvancesAtItsSpeed() {
        QFETCH(double, speed);
        QFETCH(int64_t, afterOneSecondMs);
        FakeWall wall;
        SensorClock clock(wall.fn());
        const int64_t start = kWall0 - 24 * kHour;
        clock.setSpeed(speed);
        clock.seek(start);
        QCOMPARE(clock.mode(), ClockMode::Replay);
        QVERIFY(clock.playing()); // seeking from live keeps playing
        QCOMPARE(clock.nowMs(), start);
        wall.ms += kSecond;
        QCOMPARE(clock.nowMs(), start + afterOneSecondMs);
        wall.ms += kSecond;
        QCOMPARE(clock.nowMs(), start + 2 * afterOneSecondMs);
        QVERIFY(!clock.update());
        QCOMPARE(clock.mode(), ClockMode::Replay);
    }

    void pauseHoldsAndPlayResumes() {
        FakeWall wall;
        SensorClock clock(wall.fn());
        const int64_t start = kWall0 - kHour;
        clock.seek(start);
        clock.setSpeed(60);
        wall.ms += 10 * kSecond; // +10 min
        clock.pause();
        QVERIFY(!clock.playing());
        const int64_t paused = start + 600 * kSecond;
        QCOMPARE(clock.nowMs(), paused);
        wall.ms += 100 * kSecond;
        QCOMPARE(clock.nowMs(), paused); // holds while the wall moves
        clock.play();
        QVERIFY(clock.playing());
        wall.ms += kSecond;
        QCOMPARE(clock.nowMs(), paused + 60 * kSecond); // resumes from where it stopped
    }

    void pauseInLiveFreezesTheCurrentTime() {
        FakeWall wall;
        SensorClock clock(wall.fn());
        wall.ms += 7 * kSecond;
        clock.pause();
        QCOMPARE(clock.mode(), ClockMode::Replay);
        QVERIFY(!clock.playing());
        QCOMPARE(clock.generation(), uint64_t(1));
        wall.ms += kHour;
        QCOMPARE(clock.nowMs(), kWall0 + 7 * kSecond);
        clock.play();
        QVERIFY(!clock.update()); // an hour behind at 1x: never catches up
        QCOMPARE(clock.mode(), ClockMode::Replay);
    }

    void speedIsClamped_data() {
        QTest::addColumn<double>("asked");
        QTest::addColumn<double>("expected");
        QTest::newRow("below") << 0.1 << 1.0;
        QTest::newRow("zero") << 0.0 << 1.0;
        QTest::newRow("negative") << -60.0 << 1.0;
        QTest::newRow("in range") << 120.0 << 120.0;
        QTest::newRow("above") << 100000.0 << 3600.0;
        QTest::newRow("nan") << std::nan("") << 1.0;
    }
    void speedIsClamped() {
        QFETCH(double, asked);
        QFETCH(double, expected);
        FakeWall wall;
        SensorClock clock(wall.fn());
        clock.seek(kWall0 - 48 * kHour);
        clock.setSpeed(asked);
        QCOMPARE(clock.speed(), expected);
        const int64_t before = clock.nowMs();
        wall.ms += kSecond;
        QCOMPARE(clock.nowMs() - before, int64_t(expected * 1000));
    }

    void speedChangeKeepsTheTime() {
        FakeWall wall;
        SensorClock clock(wall.fn());
        clock.seek(kWall0 - 10 * kHour);
        wall.ms += 2 * kSecond;
        const int64_t at = clock.nowMs();
        const uint64_t generation = clock.generation();
        clock.setSpeed(600);
        QCOMPARE(clock.nowMs(), at); // no jump
        QCOMPARE(clock.generation(), generation);
        wall.ms += kSecond;
        QCOMPARE(clock.nowMs(), at + 600 * kSecond);
    }

    void replayCatchingUpGoesLive() {
        FakeWall wall;
        SensorClock clock(wall.fn());
        clock.setSpeed(61); // gains 60 s per wall second
        clock.seek(kWall0 - 120 * kSecond);
        const uint64_t generation = clock.generation();
        wall.ms += kSecond;
        QVERIFY(!clock.update());
        QCOMPARE(clock.mode(), ClockMode::Replay);
        wall.ms += kSecond + 500; // would be 30 s ahead of the wall
        QVERIFY(clock.nowMs() <= clock.wallMs()); // never runs past the wall
        QVERIFY(clock.update());
        QVERIFY(clock.isLive());
        QCOMPARE(clock.nowMs(), wall.ms);
        QCOMPARE(clock.generation(), generation + 1);
        QVERIFY(!clock.update());
    }

    void seekIsClampedToTheWall() {
        FakeWall wall;
        SensorClock clock(wall.fn());
        clock.pause();
        clock.seek(kWall0 + kHour);
        QCOMPARE(clock.nowMs(), kWall0);
        QCOMPARE(clock.mode(), ClockMode::Replay);
        QVERIFY(!clock.playing()); // a paused clock stays paused after a seek
    }

    void generationCountsDiscontinuities() {
        FakeWall wall;
        SensorClock clock(wall.fn());
        QCOMPARE(clock.generation(), uint64_t(0));
        clock.seek(kWall0 - kHour); // live -> replay
        QCOMPARE(clock.generation(), uint64_t(1));
        clock.seek(kWall0 - 2 * kHour); // scrub
        QCOMPARE(clock.generation(), uint64_t(2));
        clock.setSpeed(100);
        clock.pause();
        clock.play();
        QCOMPARE(clock.generation(), uint64_t(2)); // speed, pause and play in replay are continuous
        clock.goLive();
        QCOMPARE(clock.generation(), uint64_t(3));
        QVERIFY(clock.isLive());
        clock.goLive();
        QCOMPARE(clock.generation(), uint64_t(3)); // already live
    }
};

int runSensorClockTests(int argc, char** argv) {
    TestSensorClock t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_sensors_Clock.moc"
