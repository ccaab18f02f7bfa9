// `citytwin simulate` against a real broker: every published sample arrives,
// from every sensor of the network, with plausible values.

#include "test_sensors_MqttBroker.h"
#include "test_sensors_Suites.h"

#include "citytwin/data/sensors/MqttFeed.h"
#include "citytwin/data/sensors/SensorHub.h"

#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

#include <cmath>
#include <set>

using namespace citytwin::data;
using citytwin::test::MosquittoBroker;

class TestSimulateCli : public QObject {
    Q_OBJECT

private slots:
    void publishesADayOfTheDemoNetwork()
    {
        CITYTWIN_REQUIRE_MOSQUITTO();
        MosquittoBroker broker;
        CITYTWIN_START_BROKER(broker);

        SensorHub hub(SensorHubOptions{true, 1'000'000});
        size_t received = 0;
        std::set<std::string> sensors;
        hub.setSampleSink([&](const std::vector<SensorSample>& batch) {
            received += batch.size();
            for (const auto& s : batch) sensors.insert(s.sensorId);
        });
        MqttFeed feed(hub, broker.options(QStringLiteral("sim-listener")));
        QVERIFY(feed.start().ok());
        QVERIFY(citytwin::test::pumpUntil(hub, [&] {
            return hub.feedState(feed.feedId()).connection == FeedConnection::Connected;
        }, 10'000));

        QProcess sim;
        sim.start(QStringLiteral(CITYTWIN_BINARY),
                  {QStringLiteral("simulate"), QStringLiteral("--broker"),
                   QStringLiteral("mqtt://127.0.0.1:%1").arg(broker.port()), QStringLiteral("--demo-network"),
                   QStringLiteral("12"), QStringLiteral("--start"), QStringLiteral("2026-11-24T00:00:00Z"),
                   QStringLiteral("--duration"), QStringLiteral("86400"), QStringLiteral("--speed"),
                   QStringLiteral("0"), QStringLiteral("--seed"), QStringLiteral("5")});
        QVERIFY(sim.waitForFinished(120'000));
        const QString out = QString::fromLocal8Bit(sim.readAllStandardOutput());
        QVERIFY2(sim.exitCode() == 0, qPrintable(QString::fromLocal8Bit(sim.readAllStandardError())));
        const auto match = QRegularExpression(QStringLiteral("published (\\d+) samples of (\\d+) sensors")).match(out);
        QVERIFY2(match.hasMatch(), qPrintable(out));
        const size_t published = match.captured(1).toULongLong();
        QCOMPARE(match.captured(2).toInt(), 12);
        QVERIFY2(published > 12 * 24, qPrintable(out)); // every sensor reports at least hourly

        QVERIFY2(citytwin::test::pumpUntil(hub, [&] { return received >= published; }, 60'000),
                 qPrintable(QStringLiteral("received %1 of %2").arg(received).arg(published)));
        QCOMPARE(received, published);
        QCOMPARE(int(sensors.size()), 12);
        const HubSnapshot snap = hub.coalesce(citytwin::test::wallClockMs());
        QCOMPARE(snap.drops.total(), uint64_t(0));
        for (const auto& state : snap.sensors) QVERIFY2(std::isfinite(state.value), state.sensorId.c_str());
    }

    void unreachableBrokerFailsClearly()
    {
        QProcess sim;
        sim.start(QStringLiteral(CITYTWIN_BINARY),
                  {QStringLiteral("simulate"), QStringLiteral("--broker"),
                   QStringLiteral("mqtt://127.0.0.1:%1").arg(MosquittoBroker::freePort()),
                   QStringLiteral("--duration"), QStringLiteral("60"), QStringLiteral("--speed"), QStringLiteral("0")});
        QVERIFY(sim.waitForFinished(60'000));
        QCOMPARE(sim.exitCode(), 1);
        const QString err = QString::fromLocal8Bit(sim.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("cannot connect")), qPrintable(err));
    }
};

int runSimulateCliTests(int argc, char** argv)
{
    TestSimulateCli t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_sensors_SimulateCli.moc"
