// The live city in the real window under Xvfb: the demo with its in-process
// simulator shows coloured markers and sensor-coloured buildings; an alert
// appears in the dock and flies the camera to its sensor; the chart shows
// the sensor's history; replay at a past time shows that time's state.

#include "GuiTestSupport.h"
#include "TestData.h"
#include "test_sensors_MqttBroker.h"

#include "core/SensorSceneSync.h"
#include "core/sensors/SensorSession.h"
#include "ui/MainWindow.h"
#include "ui/ViewerWidget.h"
#include "ui/sensors/AlertsDockWidget.h"
#include "ui/sensors/SensorChartPanel.h"

#include "citytwin/data/sensors/MqttPublisher.h"
#include "citytwin/data/sensors/SensorPalette.h"
#include "citytwin/render/CityScene.h"
#include "citytwin/render/SensorOverlay.h"

#include <QApplication>
#include <QDateTime>
#include <QFile>
#include <QStandardPaths>
#include <QTableWidget>
#include <QtTest>

#include <cmath>
#include <map>

using citytwin::app::MainWindow;
namespace data = citytwin::data;

namespace {

/// Pixels within a small distance of a colour.
int pixelsNear(const QImage& image, const data::Rgb& c, int tolerance = 24)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QRgb p = image.pixel(x, y);
            if (std::abs(qRed(p) - c.r) + std::abs(qGreen(p) - c.g) + std::abs(qBlue(p) - c.b) <= tolerance) ++n;
        }
    return n;
}

int seenSensors(const data::HubSnapshot& snapshot)
{
    int n = 0;
    for (const auto& s : snapshot.sensors) n += s.seen ? 1 : 0;
    return n;
}

} // namespace

class TestGuiLive : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qputenv("CITYTWIN_NO_DIALOGS", "1");
    }

    void demoRunsLiveSensorsAndReplay()
    {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.openDemoCity();
        // The demo city is generated on first use, then loaded; once its
        // layers are in, it registers its sensor network (a new session).
        QTRY_VERIFY_WITH_TIMEOUT(w.sensorSession().registry().size() >= 200, 300000);
        QVERIFY(citytwin::test::waitUntilLoaded(w, 60000));
        auto& session = w.sensorSession();
        QVERIFY(session.simulatorRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!session.simulatorBackfilling(), 180000);
        QTRY_VERIFY_WITH_TIMEOUT(seenSensors(session.lastFrame().snapshot) > 150, 30000);

        // Coloured markers: one per positioned sensor, status colours on screen.
        const auto& markers = w.scene().sensors().markers();
        QVERIFY2(markers.size() >= 200, qPrintable(QString::number(markers.size())));
        const QImage live = citytwin::test::settledImage(w);
        live.save(citytwin::test::testOutDir(QStringLiteral("gui")) + QStringLiteral("/demo_live.png"));
        const int okPixels = pixelsNear(live, data::statusColor(data::SensorStatus::Ok));
        QVERIFY2(okPixels > 200, qPrintable(QStringLiteral("ok-green marker pixels: %1").arg(okPixels)));
        // Bound buildings and streets take their sensors' colours.
        QVERIFY2(w.sensorSync().colouredFeatureCount() > 20,
                 qPrintable(QStringLiteral("%1 coloured, %2 bindings; %3").arg(w.sensorSync().colouredFeatureCount()).arg(w.sensorSync().bindings().size()).arg(w.statusMessage())));

        // Heat map of PM2.5 with its legend, and value labels on demand.
        w.sensorSync().setHeatKind(data::SensorKind::AirPm25);
        QVERIFY(w.scene().sensors().hasHeatMap());
        int heatRows = 0;
        for (const auto& row : w.scene().legend()) heatRows += row.label.find("PM2.5") != std::string::npos ? 1 : 0;
        QVERIFY2(heatRows == 1, "the legend has no heat map header");
        const QImage heat = citytwin::test::settledImage(w);
        heat.save(citytwin::test::testOutDir(QStringLiteral("gui")) + QStringLiteral("/demo_heat.png"));
        QVERIFY2(citytwin::test::differingPixels(live, heat) > live.width() * live.height() / 20,
                 "the heat map changed little of the view");
        w.sensorSync().setHeatKind(std::nullopt);
        QVERIFY(!w.scene().sensors().hasHeatMap());
        w.sensorSync().setLabelsVisible(true);
        QTRY_VERIFY_WITH_TIMEOUT(w.scene().placedLabelCount() > 10, 5000);
        citytwin::test::settledImage(w).save(citytwin::test::testOutDir(QStringLiteral("gui")) +
                                             QStringLiteral("/demo_labels.png"));
        w.sensorSync().setLabelsVisible(false);

        // A critical value raises an alert in the dock. (The simulator stops
        // first, so no newer alert moves the row while the test clicks it.)
        session.stopSimulator();
        std::string target;
        for (const auto& s : session.registry().sensors())
            if (s.kind == data::SensorKind::TrafficFlow && s.lonLat) { target = s.id; break; }
        QVERIFY(!target.empty());
        const data::Sensor* sensor = session.registry().find(target);
        const double critical = sensor->critical * 1.5 + 10;
        session.liveHub().push({target, session.clock().nowMs(), critical, -1});
        QTRY_VERIFY_WITH_TIMEOUT(w.alertsPanel()->table()->rowCount() > 0, 5000);
        int row = -1;
        auto* table = w.alertsPanel()->table();
        QTRY_VERIFY_WITH_TIMEOUT(
            [&]() {
                for (int r = 0; r < table->rowCount(); ++r) {
                    const data::Alert* alert = session.alerts().find(w.alertsPanel()->alertIdAt(r));
                    if (alert && alert->sensorId == target && alert->severity == data::AlertSeverity::Critical) {
                        row = r;
                        return true;
                    }
                }
                return false;
            }(),
            5000);
        QVERIFY2(row >= 0, "the critical traffic sensor has no row in the alerts dock");
        QVERIFY(w.alertsPanel()->unacknowledgedCount() > 0);
        QVERIFY(w.scene().sensors().badgeCount() > 0);

        // Double-clicking the alert flies the camera to the sensor.
        const auto before = w.viewer()->cameraView();
        const auto position = w.sensorSync().sensorPosition(target);
        QVERIFY(position.has_value());
        const QRect cell = table->visualItemRect(table->item(row, 0));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QTRY_VERIFY2_WITH_TIMEOUT(std::hypot(w.viewer()->cameraView().target.x - position->x,
                                             w.viewer()->cameraView().target.y - position->y) < 1.0,
                                  qPrintable(QStringLiteral("camera at %1 %2, sensor at %3 %4, chart %5")
                                                 .arg(w.viewer()->cameraView().target.x, 0, 'f', 1)
                                                 .arg(w.viewer()->cameraView().target.y, 0, 'f', 1)
                                                 .arg(position->x, 0, 'f', 1)
                                                 .arg(position->y, 0, 'f', 1)
                                                 .arg(w.chartPanel()->sensor())),
                                  5000);
        QVERIFY(!(w.viewer()->cameraView() == before));
        // ... and shows its chart, with the simulated day as a series.
        QCOMPARE(w.chartPanel()->sensor(), QString::fromStdString(target));
        QTRY_VERIFY_WITH_TIMEOUT(w.chartPanel()->pointCount() > 10, 10000);
        const QImage flown = citytwin::test::settledImage(w);
        flown.save(citytwin::test::testOutDir(QStringLiteral("gui")) + QStringLiteral("/demo_alert.png"));

        // Replay: 9 hours ago the state is the history's state at that time.
        std::map<std::string, data::SensorStatus> liveStatus;
        for (const auto& s : session.lastFrame().snapshot.sensors) liveStatus[s.sensorId] = s.status;
        const int64_t past = session.clock().wallMs() - 9 * 3'600'000LL;
        session.clock().seek(past);
        session.clock().pause();
        session.tick();
        session.tick();
        QVERIFY(!session.clock().isLive());
        const auto& replay = session.lastFrame().snapshot;
        auto expected = session.history()->latestAtOrBefore(session.clock().nowMs());
        QVERIFY(expected.ok());
        int compared = 0, statusChanged = 0;
        for (const data::SensorSample& sample : expected.value()) {
            const data::SensorState* state = replay.find(sample.sensorId);
            if (!state) continue;
            QCOMPARE(state->value, sample.value);
            ++compared;
            if (liveStatus[sample.sensorId] != state->status) ++statusChanged;
        }
        QVERIFY2(compared > 150, qPrintable(QString::number(compared)));
        const QImage replayed = citytwin::test::settledImage(w);
        replayed.save(citytwin::test::testOutDir(QStringLiteral("gui")) + QStringLiteral("/demo_replay.png"));
        QVERIFY2(statusChanged > 0 || citytwin::test::differingPixels(flown, replayed) > 50,
                 "replay nine hours back changed neither statuses nor colours");
        QVERIFY2(citytwin::test::differingPixels(flown, replayed) > 0, "the view did not change in replay");

        // Back to live.
        session.clock().goLive();
        session.tick();
        QVERIFY(session.clock().isLive());
    }

    /// `citytwin --broker URL`: the window's sensors take values from a real
    /// broker; the password (from the environment) never reaches the project.
    void brokerFeedsTheWindowAndThePasswordStaysOut()
    {
        CITYTWIN_REQUIRE_MOSQUITTO();
        citytwin::test::MosquittoBroker broker;
        CITYTWIN_START_BROKER(broker);
        qputenv("CITYTWIN_MQTT_USERNAME", "citytwin-operator");
        qputenv("CITYTWIN_MQTT_PASSWORD", "pw-never-in-project-7731");

        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        data::Sensor room = data::sensorDefaults(data::SensorKind::AirNo2);
        room.id = "no2-town-hall";
        room.name = "Town hall NO2";
        room.lonLat = citytwin::gis::DVec2{4.357, 52.012};
        w.sensorSession().setSensors({room});

        QVERIFY(!w.connectBroker(QStringLiteral("mqtt://127.0.0.1:99999")));
        QVERIFY2(w.statusMessage().contains(QStringLiteral("port")), qPrintable(w.statusMessage()));
        const QString url = QStringLiteral("mqtt://127.0.0.1:%1").arg(broker.port());
        QVERIFY2(w.connectBroker(url), qPrintable(w.statusMessage()));
        auto connected = [&]() {
            for (const auto& feed : w.sensorSession().lastFrame().snapshot.feeds)
                if (feed.state.connection == data::FeedConnection::Connected) return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(connected(), 10000);

        data::MqttPublisher publisher(broker.options(QStringLiteral("gui-live-pub")));
        QVERIFY(publisher.connect().ok());
        const int64_t now = QDateTime::currentMSecsSinceEpoch();
        const std::string payload = std::string("{\"t\": ") + std::to_string(now) + ", \"v\": 42.5, \"seq\": 1}";
        QVERIFY(publisher.publish("citytwin/no2-town-hall", payload).ok());
        QTRY_VERIFY_WITH_TIMEOUT(
            [&]() {
                const data::SensorState* s = w.sensorSession().lastFrame().snapshot.find("no2-town-hall");
                return s && s->seen && s->value == 42.5;
            }(),
            10000);

        const QString path = citytwin::test::testOutDir(QStringLiteral("gui")) + QStringLiteral("/broker.citytwin");
        QFile::remove(path);
        QVERIFY(w.saveProject(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY2(bytes.contains(url.toUtf8()), "the broker URL is not saved with the project");
        QVERIFY2(!bytes.contains("pw-never-in-project-7731"), "the password was written into the project");
        qunsetenv("CITYTWIN_MQTT_PASSWORD");
        qunsetenv("CITYTWIN_MQTT_USERNAME");
    }
};

QTEST_MAIN(TestGuiLive)
#include "test_gui_live.moc"
