// The sensor chart: the history of the chosen span as a line (downsampled to
// at most 600 points), dashed threshold lines, live values appended, a new
// query when the replay clock jumps, an empty state without history.

#include "test_gui_sensors_Suites.h"
#include "test_gui_sensors_Support.h"

#include "ui/sensors/SensorChartPanel.h"

#include <QChart>
#include <QComboBox>
#include <QLineSeries>
#include <QtTest>

using citytwin::app::SensorChartPanel;
using citytwin::test::makeSensor;
using citytwin::test::SensorFixture;
using citytwin::test::wallNowMs;

namespace {

constexpr int64_t kHourMs = 3'600'000;
constexpr int64_t kStepMs = 18'000; // 200 samples an hour

} // namespace

class TestSensorChart : public QObject {
    Q_OBJECT

private slots:
    void historyAndThresholds()
    {
        SensorFixture f({makeSensor("traffic-9", "Hampshire Street", 1000, 1500)});
        // Ten hours of samples up to 5 s ago.
        const int64_t last = wallNowMs() - 5000;
        const int count = int(10 * kHourMs / kStepMs);
        f.appendHistory("traffic-9", last - (count - 1) * kStepMs, kStepMs, count,
                        [](int i) { return 500.0 + (i % 100) * 10; });
        SensorChartPanel chart(*f.session);
        QVERIFY(chart.showsEmptyState()); // no sensor yet
        chart.setSensor(QStringLiteral("traffic-9"));
        QVERIFY(!chart.showsEmptyState());
        QVERIFY2(chart.title().startsWith(QStringLiteral("Hampshire Street")), qPrintable(chart.title()));

        // 24 h: ten hours of samples in 600 buckets over 24 h → about 250 points.
        QCOMPARE(chart.spanCombo()->currentIndex(), 2);
        QVERIFY2(chart.pointCount() >= 245 && chart.pointCount() <= 255, qPrintable(QString::number(chart.pointCount())));
        // 1 h: 200 samples, under the budget: every one.
        chart.spanCombo()->setCurrentIndex(0);
        QCOMPARE(chart.pointCount(), 200);
        QCOMPARE(chart.meanSeries()->at(chart.pointCount() - 1).x(), double(last));

        // Dashed threshold lines at 1,000 (amber) and 1,500 (red) across the window.
        QCOMPARE(chart.warningLine()->count(), 2);
        QCOMPARE(chart.warningLine()->at(0).y(), 1000.0);
        QCOMPARE(chart.criticalLine()->at(1).y(), 1500.0);
        QCOMPARE(chart.warningLine()->pen().style(), Qt::DashLine);
        QCOMPARE(chart.criticalLine()->pen().color(), QColor(0xd3, 0x2f, 0x2f));
        QVERIFY(chart.warningLine()->pen().color() != chart.criticalLine()->pen().color());
        QCOMPARE(chart.criticalLine()->at(0).x(), double(chart.windowStartMs()));
        QCOMPARE(chart.criticalLine()->at(1).x(), double(chart.windowEndMs()));
        QVERIFY(chart.chart()->series().contains(chart.meanSeries()));
        QVERIFY(chart.chart()->series().contains(chart.criticalLine()));

        // A live value is appended and shows in the title.
        f.pushAndTick("traffic-9", 1600);
        QCOMPARE(chart.pointCount(), 201);
        QVERIFY2(chart.title().contains(QStringLiteral("1,600 veh/h")), qPrintable(chart.title()));
        QVERIFY(chart.title().contains(QStringLiteral("critical")));
    }

    void replayQueriesAgain()
    {
        SensorFixture f({makeSensor("traffic-9", "Hampshire Street", 1000, 1500)});
        const int64_t last = wallNowMs() - 5000;
        const int count = int(10 * kHourMs / kStepMs);
        const int64_t first = last - (count - 1) * kStepMs;
        f.appendHistory("traffic-9", first, kStepMs, count, [](int i) { return double(i); });
        SensorChartPanel chart(*f.session);
        chart.spanCombo()->setCurrentIndex(0);
        chart.setSensor(QStringLiteral("traffic-9"));
        QCOMPARE(chart.pointCount(), 200);

        // Replay at 90 min after the first sample: only 90 minutes of history before it.
        auto& clock = f.session->clock();
        clock.seek(first + 90 * 60'000 + kStepMs / 2);
        clock.pause();
        f.session->tick();
        QCOMPARE(chart.windowEndMs(), clock.nowMs());
        QCOMPARE(chart.pointCount(), 200);
        clock.seek(first + 30 * 60'000 + kStepMs / 2);
        f.session->tick();
        QCOMPARE(chart.pointCount(), 101); // samples 0..100 lie in the half hour
        // Before the history: the empty state says so.
        clock.seek(first - 2 * kHourMs);
        f.session->tick();
        QCOMPARE(chart.pointCount(), 0);
        QVERIFY(chart.showsEmptyState());
    }

    void unknownSensorIsEmpty()
    {
        SensorFixture f({makeSensor("a", "A", 1, 2)});
        SensorChartPanel chart(*f.session);
        chart.setSensor(QStringLiteral("nope"));
        QCOMPARE(chart.pointCount(), 0);
        QVERIFY(chart.showsEmptyState());
        QCOMPARE(chart.warningLine()->count(), 0);
    }
};

int runSensorChartTests(int argc, char** argv)
{
    TestSensorChart test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_gui_sensors_Chart.moc"
