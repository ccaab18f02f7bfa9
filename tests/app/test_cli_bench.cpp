// `citytwin bench` as a user runs it: usage, a bad name, and a short sensor
// benchmark against its own mosquitto that must lose nothing.

#include "CliRunner.h"
#include "TestData.h"
#include "test_sensors_MqttBroker.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

class TestCliBench : public QObject {
    Q_OBJECT

    using Run = citytwin::test::CliRun;

    static Run run(const QStringList& args, int timeoutMs = 120000) {
        return citytwin::test::runCitytwin(args, timeoutMs);
    }

private slots:
    void usage() {
        const Run bench = run({QStringLiteral("bench"), QStringLiteral("--help")});
        QCOMPARE(bench.exitCode, 0);
        QVERIFY2(bench.out.contains(QStringLiteral("sensors")), qPrintable(bench.out));
        const Run sensors = run({QStringLiteral("bench"), QStringLiteral("sensors"), QStringLiteral("--help")});
        QCOMPARE(sensors.exitCode, 0);
        QVERIFY(sensors.out.contains(QStringLiteral("--rate")));
        QVERIFY(sensors.out.contains(QStringLiteral("--broker")));
        const Run top = run({QStringLiteral("--help")});
        QVERIFY(top.out.contains(QStringLiteral("citytwin bench sensors")));
    }

    void badUsage() {
        const Run unknown = run({QStringLiteral("bench"), QStringLiteral("nonsense")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains(QStringLiteral("nonsense")), qPrintable(unknown.err));
        QCOMPARE(run({QStringLiteral("bench")}).exitCode, 2);
        QCOMPARE(run({QStringLiteral("bench"), QStringLiteral("sensors"), QStringLiteral("--rate"),
                      QStringLiteral("fast")}).exitCode, 2);
        QCOMPARE(run({QStringLiteral("bench"), QStringLiteral("sensors"), QStringLiteral("--broker"),
                      QStringLiteral("ftp://x")}).exitCode, 2);
    }

    void sensorsLosesNothing() {
        CITYTWIN_REQUIRE_MOSQUITTO();
        const QString json = citytwin::test::testOutDir(QStringLiteral("cli")) + QStringLiteral("/bench_sensors.json");
        QFile::remove(json);
        const Run r = run({QStringLiteral("bench"), QStringLiteral("sensors"), QStringLiteral("--seconds"),
                           QStringLiteral("3"), QStringLiteral("--rate"), QStringLiteral("3000"),
                           QStringLiteral("--sensors"), QStringLiteral("200"), QStringLiteral("--json"), json});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY(r.out.contains(QStringLiteral("latency_p99_ms")));
        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
        for (const char* key : {"published", "received", "stored", "lost", "duplicates", "msgs_per_s",
                                "latency_p50_ms", "latency_p99_ms"})
            QVERIFY2(o.contains(QLatin1String(key)), key);
        const qint64 published = o.value(QStringLiteral("published")).toInteger();
        // 3 s at 3000/s; the publisher catches up on a busy machine rather than dropping.
        QVERIFY2(published >= 8500 && published <= 9100, qPrintable(QString::number(published)));
        QCOMPARE(o.value(QStringLiteral("lost")).toInteger(), 0);
        QCOMPARE(o.value(QStringLiteral("stored")).toInteger(), published);
        QCOMPARE(o.value(QStringLiteral("received")).toInteger(), published);
        QCOMPARE(o.value(QStringLiteral("duplicates")).toInteger(), 0);
        QVERIFY(o.value(QStringLiteral("msgs_per_s")).toDouble() > 1000);
        const double p50 = o.value(QStringLiteral("latency_p50_ms")).toDouble();
        const double p99 = o.value(QStringLiteral("latency_p99_ms")).toDouble();
        QVERIFY(p50 >= 0 && p99 >= p50);
    }
};

QTEST_GUILESS_MAIN(TestCliBench)
#include "test_cli_bench.moc"
