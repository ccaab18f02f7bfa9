// The alerts dock: a threshold crossing appears as a row (newest first,
// coloured by severity), acknowledging dims it and lowers the count,
// double-click asks to fly to the sensor, a muted sensor raises nothing.

#include "test_gui_sensors_Suites.h"
#include "test_gui_sensors_Support.h"

#include "ui/sensors/AlertsDockWidget.h"

#include <QAction>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QToolButton>
#include <QtTest>

using citytwin::app::AlertsDockWidget;
using citytwin::test::makeSensor;
using citytwin::test::SensorFixture;

namespace {

QString cell(const QTableWidget* table, int row, int column)
{
    const QTableWidgetItem* item = table->item(row, column);
    return item ? item->text() : QString();
}

void selectRow(QTableWidget* table, int row)
{
    table->clearSelection();
    table->setCurrentCell(row, 0);
    table->selectRow(row);
}

} // namespace

class TestAlertsDock : public QObject {
    Q_OBJECT

private slots:
    void thresholdCrossingShowsAndAcknowledges()
    {
        SensorFixture f({makeSensor("traffic-1", "Main Street", 1000, 1500)});
        AlertsDockWidget dock(*f.session);
        QSignalSpy count(&dock, &AlertsDockWidget::unacknowledgedChanged);
        QTableWidget* table = dock.table();
        QCOMPARE(table->rowCount(), 0);

        f.pushAndTick("traffic-1", 500, 5000);
        QCOMPARE(table->rowCount(), 0);
        f.pushAndTick("traffic-1", 1600, 4000);
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(cell(table, 0, AlertsDockWidget::SeverityColumn), QStringLiteral("critical"));
        QCOMPARE(cell(table, 0, AlertsDockWidget::SensorColumn), QStringLiteral("Main Street"));
        QCOMPARE(cell(table, 0, AlertsDockWidget::ValueColumn), QStringLiteral("1,600 veh/h"));
        QVERIFY(!cell(table, 0, AlertsDockWidget::MessageColumn).isEmpty());
        QCOMPARE(cell(table, 0, AlertsDockWidget::TimeColumn).size(), qsizetype(19)); // yyyy-MM-dd HH:mm:ss
        const QColor critical = table->item(0, AlertsDockWidget::SeverityColumn)->background().color();
        QVERIFY2(critical.red() > 150 && critical.green() < 100, qPrintable(critical.name()));
        QCOMPARE(dock.unacknowledgedCount(), 1);
        QVERIFY(!count.isEmpty());
        QCOMPARE(count.last().at(0).toInt(), 1);

        // Back to ok, then a warning: the newest row is on top.
        f.pushAndTick("traffic-1", 500, 3000);
        f.pushAndTick("traffic-1", 1200, 2000);
        QCOMPARE(table->rowCount(), 2);
        QCOMPARE(cell(table, 0, AlertsDockWidget::SeverityColumn), QStringLiteral("warning"));
        QCOMPARE(cell(table, 1, AlertsDockWidget::SeverityColumn), QStringLiteral("critical"));
        const QColor warning = table->item(0, AlertsDockWidget::SeverityColumn)->background().color();
        QVERIFY2(warning.red() > 200 && warning.green() > 120 && warning.blue() < 80, qPrintable(warning.name()));
        QCOMPARE(count.last().at(0).toInt(), 2);

        // Acknowledge the critical one: dimmed, count 1.
        const QColor before = table->item(1, AlertsDockWidget::MessageColumn)->foreground().color();
        selectRow(table, 1);
        QPushButton* ack = dock.findChild<QPushButton*>(QStringLiteral("acknowledgeButton"));
        QVERIFY(ack && ack->isEnabled());
        QTest::mouseClick(ack, Qt::LeftButton);
        QCOMPARE(dock.unacknowledgedCount(), 1);
        QCOMPARE(count.last().at(0).toInt(), 1);
        QCOMPARE(f.session->alerts().unacknowledgedCount(), size_t(1));
        const QColor after = table->item(1, AlertsDockWidget::MessageColumn)->foreground().color();
        QVERIFY2(after != before, qPrintable(after.name()));
        QCOMPARE(table->item(0, AlertsDockWidget::MessageColumn)->foreground().color(), before); // still bright

        // Space in the table acknowledges the selection.
        selectRow(table, 0);
        QTest::keyClick(table, Qt::Key_Space);
        QCOMPARE(dock.unacknowledgedCount(), 0);
        QCOMPARE(count.last().at(0).toInt(), 0);
        QCOMPARE(table->item(0, AlertsDockWidget::MessageColumn)->foreground().color(), after);
    }

    void acknowledgeAllAndExternalAcknowledge()
    {
        SensorFixture f({makeSensor("a", "A", 10, 20), makeSensor("b", "B", 10, 20)});
        AlertsDockWidget dock(*f.session);
        f.pushAndTick("a", 1, 9000);
        f.pushAndTick("b", 1, 8000);
        f.pushAndTick("a", 30, 7000);
        f.pushAndTick("b", 15, 6000);
        QCOMPARE(dock.table()->rowCount(), 2);
        QCOMPARE(dock.unacknowledgedCount(), 2);
        // Acknowledged elsewhere (e.g. a badge in 3D): the next frame shows it.
        f.session->alerts().acknowledge(dock.alertIdAt(1));
        f.session->tick();
        QCOMPARE(dock.unacknowledgedCount(), 1);
        QTest::mouseClick(dock.findChild<QPushButton*>(QStringLiteral("acknowledgeAllButton")), Qt::LeftButton);
        QCOMPARE(dock.unacknowledgedCount(), 0);
        QCOMPARE(f.session->alerts().unacknowledgedCount(), size_t(0));
    }

    void doubleClickFliesToSensor()
    {
        SensorFixture f({makeSensor("traffic-7", "Broadway", 1000, 1500)});
        AlertsDockWidget dock(*f.session);
        dock.resize(700, 300);
        dock.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dock));
        f.pushAndTick("traffic-7", 100, 3000);
        f.pushAndTick("traffic-7", 2000, 2000);
        QCOMPARE(dock.table()->rowCount(), 1);
        QSignalSpy fly(&dock, &AlertsDockWidget::flyToSensor);
        QTableWidget* table = dock.table();
        const QRect rect = table->visualItemRect(table->item(0, AlertsDockWidget::MessageColumn));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(fly.count(), 1);
        QCOMPARE(fly.first().at(0).toString(), QStringLiteral("traffic-7"));
    }

    void muteSuppressesTheNextAlert()
    {
        SensorFixture f({makeSensor("traffic-3", "Cambridge Street", 1000, 1500)});
        AlertsDockWidget dock(*f.session);
        f.pushAndTick("traffic-3", 100, 9000);
        f.pushAndTick("traffic-3", 1700, 8000);
        QCOMPARE(dock.table()->rowCount(), 1);
        selectRow(dock.table(), 0);
        QCOMPARE(dock.selectedSensorId(), QStringLiteral("traffic-3"));
        auto* muteButton = dock.findChild<QToolButton*>(QStringLiteral("muteButton"));
        QVERIFY(muteButton && muteButton->isEnabled());
        QAction* mute15 = muteButton->menu()->findChild<QAction*>(QStringLiteral("mute15"));
        QVERIFY(mute15);
        mute15->trigger();
        QVERIFY(f.session->alerts().isMuted("traffic-3", f.session->clock().nowMs()));
        QVERIFY(f.session->alerts().isMuted("traffic-3", f.session->clock().nowMs() + 14 * 60'000));
        QVERIFY(!f.session->alerts().isMuted("traffic-3", f.session->clock().nowMs() + 16 * 60'000));
        auto* unmute = dock.findChild<QPushButton*>(QStringLiteral("unmuteButton"));
        QVERIFY(unmute->isEnabled());

        f.pushAndTick("traffic-3", 100, 7000);
        f.pushAndTick("traffic-3", 1800, 6000);
        QCOMPARE(dock.table()->rowCount(), 1); // muted: nothing new

        QTest::mouseClick(unmute, Qt::LeftButton);
        QVERIFY(!f.session->alerts().isMuted("traffic-3", f.session->clock().nowMs()));
        f.pushAndTick("traffic-3", 100, 5000);
        f.pushAndTick("traffic-3", 1900, 4000);
        QCOMPARE(dock.table()->rowCount(), 2);
        QCOMPARE(cell(dock.table(), 0, AlertsDockWidget::ValueColumn), QStringLiteral("1,900 veh/h"));
    }

    void replayShowsItsOwnLog()
    {
        SensorFixture f({makeSensor("traffic-1", "Main Street", 1000, 1500)});
        AlertsDockWidget dock(*f.session);
        f.pushAndTick("traffic-1", 100, 9000);
        f.pushAndTick("traffic-1", 1700, 8000);
        QCOMPARE(dock.table()->rowCount(), 1);
        // Replay an hour ago (no history then): the replay log is empty.
        f.session->clock().seek(f.session->clock().nowMs() - 3'600'000);
        f.session->tick();
        QCOMPARE(dock.table()->rowCount(), int(f.session->alerts().alerts().size()));
        QCOMPARE(dock.table()->rowCount(), 0);
        f.session->clock().goLive();
        f.session->tick();
        QCOMPARE(dock.table()->rowCount(), 1);
    }
};

int runAlertsDockTests(int argc, char** argv)
{
    TestAlertsDock test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_gui_sensors_Alerts.moc"
