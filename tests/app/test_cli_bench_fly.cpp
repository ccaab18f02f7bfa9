// `citytwin bench fly` as a user runs it: the real window under the test's
// display (ctest runs under xvfb-run) flies through a small synthetic city;
// the JSON has every figure and enough frames. Without a display it says so.

#include "CliRunner.h"
#include "TestData.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

class TestCliBenchFly : public QObject {
    Q_OBJECT

    using Run = citytwin::test::CliRun;

    static Run run(const QStringList& args, const QProcessEnvironment& env, int timeoutMs)
    {
        return citytwin::test::runCitytwin(args, timeoutMs, env);
    }

    /// The window's tile cache and settings in the test's folder, not the user's.
    static QProcessEnvironment environment(const QString& dir)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CACHE_HOME"), dir + QStringLiteral("/cache"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir + QStringLiteral("/config"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), dir + QStringLiteral("/data"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM")); // the window needs the display's platform
        return env;
    }

private slots:
    void listedAndBadUsage()
    {
        const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        const Run list = run({QStringLiteral("bench"), QStringLiteral("--help")}, env, 30000);
        QVERIFY2(list.out.contains(QStringLiteral("fly")), qPrintable(list.out));
        const Run help = run({QStringLiteral("bench"), QStringLiteral("fly"), QStringLiteral("--help")}, env, 30000);
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(QStringLiteral("--budget-mb")));
        QCOMPARE(run({QStringLiteral("bench"), QStringLiteral("fly"), QStringLiteral("--seconds"),
                      QStringLiteral("soon")}, env, 30000).exitCode, 2);
        QCOMPARE(run({QStringLiteral("bench"), QStringLiteral("fly"), QStringLiteral("--size"),
                      QStringLiteral("big")}, env, 30000).exitCode, 2);
    }

    void withoutDisplaySaysSo()
    {
        const QString dir = citytwin::test::testOutDir(QStringLiteral("bench_fly_nodisplay"));
        QProcessEnvironment env = environment(dir);
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        const Run r = run({QStringLiteral("bench"), QStringLiteral("fly"), QStringLiteral("--buildings"),
                           QStringLiteral("500"), QStringLiteral("--work"), dir},
                          env, 60000);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("needs a display")), qPrintable(r.err));
    }

    void smallCityFlyThrough()
    {
        if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
            QSKIP("no display: run the tests under xvfb-run (scripts/test does)");
        const QString dir = citytwin::test::testOutDir(QStringLiteral("bench_fly"));
        const QString json = dir + QStringLiteral("/fly.json");
        QFile::remove(json);
        const Run r = run({QStringLiteral("bench"), QStringLiteral("fly"), QStringLiteral("--buildings"),
                           QStringLiteral("5000"), QStringLiteral("--seconds"), QStringLiteral("4"),
                           QStringLiteral("--size"), QStringLiteral("640x360"), QStringLiteral("--work"), dir,
                           QStringLiteral("--json"), json},
                          environment(dir), 600000);
        // Exit 1 is the criterion failing (max over 10x the median), which a
        // busy test machine can cause; anything else is a failure to run.
        QVERIFY2(r.exitCode == 0 || r.exitCode == 1, qPrintable(r.err.right(3000)));
        QVERIFY2(r.out.contains(QStringLiteral("max_over_median")), qPrintable(r.out + r.err.right(3000)));

        QFile f(json);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(r.err.right(3000)));
        const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
        const QStringList keys{"buildings", "frames", "median_ms", "p95_ms", "p99_ms", "max_ms",
                               "max_over_median", "frames_over_10x_median", "load_s", "peak_attached_bytes",
                               "budget_bytes", "rss_bytes", "per_frame", "passed"};
        for (const QString& key : keys) QVERIFY2(o.contains(key), qPrintable(key));
        QVERIFY(std::abs(o["buildings"].toDouble() - 5000) < 5000 * 0.05);
        QVERIFY2(o["frames"].toInt() > 20, qPrintable(QString::number(o["frames"].toInt())));
        QCOMPARE(o["per_frame"].toArray().size(), o["frames"].toInt());
        const double median = o["median_ms"].toDouble();
        QVERIFY(median > 0);
        QVERIFY(o["p95_ms"].toDouble() >= median && o["max_ms"].toDouble() >= o["p99_ms"].toDouble());
        QCOMPARE(o["max_over_median"].toDouble(), o["max_ms"].toDouble() / median);
        QCOMPARE(o["passed"].toBool(), o["max_over_median"].toDouble() <= 10.0);
        QCOMPARE(r.exitCode, o["passed"].toBool() ? 0 : 1);
        QVERIFY(o["peak_attached_bytes"].toDouble() > 0);
        QVERIFY(o["budget_bytes"].toDouble() > 0);
        QVERIFY(o["rss_bytes"].toDouble() > 0);
        // The fly-through started from the whole city and ended over it again.
        const QJsonArray frames = o["per_frame"].toArray();
        QCOMPARE(frames.last().toObject()["u"].toDouble(), 1.0);
        QVERIFY(frames.first().toObject()["u"].toDouble() < 0.05);
    }
};

QTEST_GUILESS_MAIN(TestCliBenchFly)
#include "test_cli_bench_fly.moc"
