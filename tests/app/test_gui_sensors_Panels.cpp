// The feed status panel (one row per feed with drops per reason, the history
// writer's line) and the feature info panel (attributes, bound sensors with
// live values, status dots and sparklines).

#include "test_gui_sensors_Suites.h"
#include "test_gui_sensors_Support.h"

#include "ui/sensors/FeatureInfoPanel.h"
#include "ui/sensors/FeedStatusPanel.h"

#include "citytwin/data/sensors/SensorPalette.h"

#include <QTableWidget>
#include <QtTest>

using citytwin::app::FeatureInfoPanel;
using citytwin::app::FeedStatusPanel;
using citytwin::test::makeSensor;
using citytwin::test::SensorFixture;
using citytwin::test::wallNowMs;
namespace data = citytwin::data;

namespace {

int rowNamed(const QTableWidget* table, const QString& name)
{
    for (int r = 0; r < table->rowCount(); ++r)
        if (table->item(r, 0) && table->item(r, 0)->text() == name) return r;
    return -1;
}

} // namespace

class TestSensorPanels : public QObject {
    Q_OBJECT

private slots:
    void feedRowsAndHistoryLine()
    {
        SensorFixture f({makeSensor("s1", "S1", 10, 20)});
        data::SensorHub& hub = f.session->liveHub();
        const data::FeedId feed = hub.registerFeed("test broker");
        hub.setFeedState(feed, {data::FeedConnection::Connected, 0, 0, {}});
        hub.reportReceived(feed, 5);
        hub.reportDrop(feed, data::DropReason::MalformedJson);
        hub.reportDrop(feed, data::DropReason::MalformedJson);
        hub.reportDrop(feed, data::DropReason::UnknownSensor);
        hub.push({"s1", wallNowMs() - 2000, 5, -1}, feed);
        hub.push({"s1", wallNowMs() - 1000, 6, -1}, feed);
        f.session->tick();
        QVERIFY(f.session->history()->flush().ok());

        FeedStatusPanel panel(*f.session);
        QTableWidget* table = panel.table();
        const int row = rowNamed(table, QStringLiteral("test broker"));
        QVERIFY(row >= 0);
        QCOMPARE(table->item(row, FeedStatusPanel::StateColumn)->text(), QStringLiteral("connected"));
        QCOMPARE(table->item(row, FeedStatusPanel::ReceivedColumn)->text(), QStringLiteral("5"));
        QCOMPARE(table->item(row, FeedStatusPanel::AcceptedColumn)->text(), QStringLiteral("2"));
        QCOMPARE(table->item(row, FeedStatusPanel::DroppedColumn)->text(), QStringLiteral("3"));
        const int malformed = FeedStatusPanel::FirstReasonColumn + int(data::DropReason::MalformedJson);
        QCOMPARE(table->horizontalHeaderItem(malformed)->text(), QStringLiteral("malformed_json"));
        QCOMPARE(table->item(row, malformed)->text(), QStringLiteral("2"));
        const int unknown = FeedStatusPanel::FirstReasonColumn + int(data::DropReason::UnknownSensor);
        QCOMPARE(table->item(row, unknown)->text(), QStringLiteral("1"));
        QVERIFY2(panel.historyText().contains(QStringLiteral("2 samples committed")), qPrintable(panel.historyText()));

        // The state follows the feed.
        hub.setFeedState(feed, {data::FeedConnection::Reconnecting, 3, 1200, "connection refused"});
        f.session->tick();
        panel.refresh();
        const QString state = table->item(row, FeedStatusPanel::StateColumn)->text();
        QVERIFY2(state.startsWith(QStringLiteral("reconnecting")) && state.contains(QStringLiteral("refused")),
                 qPrintable(state));
    }

    void featureWithBoundSensors()
    {
        SensorFixture f({makeSensor("s1", "Entrance counter", 1000, 1500), makeSensor("s2", "Car park", 80, 95)});
        const int64_t now = wallNowMs();
        // s1: 72 samples over the last 6 h (every 5 min); s2: 1,000 (downsampled to 120).
        f.appendHistory("s1", now - 6 * 3'600'000 + 60'000, 300'000, 72, [](int i) { return 100.0 + i; });
        f.appendHistory("s2", now - 6 * 3'600'000 + 60'000, 21'000, 1000, [](int i) { return double(i % 90); });

        FeatureInfoPanel panel(*f.session);
        QCOMPARE(panel.sensorCount(), 0);
        panel.showFeature(QStringLiteral("Buildings"), {{"name", "Town Hall"}, {"height", "12.5"}},
                          {QStringLiteral("s1"), QStringLiteral("s2")});
        QCOMPARE(panel.layerName(), QStringLiteral("Buildings"));
        QCOMPARE(panel.attributeTable()->rowCount(), 2);
        QCOMPARE(panel.attributeTable()->item(0, 0)->text(), QStringLiteral("name"));
        QCOMPARE(panel.attributeTable()->item(0, 1)->text(), QStringLiteral("Town Hall"));
        QCOMPARE(panel.sensorCount(), 2);
        const QList<int> counts = panel.sparklinePointCounts();
        QCOMPARE(counts.size(), 2);
        QCOMPARE(counts[0], 72);
        QVERIFY2(counts[1] > 100 && counts[1] <= 120, qPrintable(QString::number(counts[1])));
        QVERIFY(panel.sensorText(0).contains(QStringLiteral("no data")));

        // A live value above critical: the value shows, the dot turns red.
        f.pushAndTick("s1", 1600);
        QVERIFY2(panel.sensorText(0).contains(QStringLiteral("1,600 veh/h")), qPrintable(panel.sensorText(0)));
        const data::Rgb red = data::statusColor(data::SensorStatus::Critical);
        QCOMPARE(panel.sensorStatusColor(0), QColor(red.r, red.g, red.b));
        QVERIFY(panel.sensorStatusColor(1) != panel.sensorStatusColor(0));

        panel.clear();
        QCOMPARE(panel.sensorCount(), 0);
        QCOMPARE(panel.attributeTable()->rowCount(), 0);
    }
};

int runSensorPanelsTests(int argc, char** argv)
{
    TestSensorPanels test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_gui_sensors_Panels.moc"
