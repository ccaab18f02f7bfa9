// `citytwin bench city` as a user runs it, on two small synthetic cities:
// the JSON has every figure, a restyle uploads no vertex buffer, every click
// picks the right building, and reopening from the tile cache beats importing.

#include "CliRunner.h"
#include "TestData.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

class TestCliBenchCity : public QObject {
    Q_OBJECT

    using Run = citytwin::test::CliRun;

    static Run run(const QStringList& args, int timeoutMs) {
        return citytwin::test::runCitytwin(args, timeoutMs);
    }

private slots:
    void listedAndBadUsage() {
        const Run list = run({QStringLiteral("bench"), QStringLiteral("--help")}, 30000);
        QVERIFY2(list.out.contains(QStringLiteral("city")), qPrintable(list.out));
        const Run help = run({QStringLiteral("bench"), QStringLiteral("city"), QStringLiteral("--help")}, 30000);
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(QStringLiteral("--sizes")));
        QCOMPARE(run({QStringLiteral("bench"), QStringLiteral("city"), QStringLiteral("--sizes"),
                      QStringLiteral("ten")}, 30000).exitCode, 2);
    }

    void twoSmallCities() {
        const QString dir = citytwin::test::testOutDir(QStringLiteral("bench_city"));
        const QString json = dir + QStringLiteral("/bench.json");
        QFile::remove(json);
        const Run r = run({QStringLiteral("bench"), QStringLiteral("city"), QStringLiteral("--sizes"),
                           QStringLiteral("2k,8k"), QStringLiteral("--clicks"), QStringLiteral("300"),
                           QStringLiteral("--work"), dir, QStringLiteral("--json"), json},
                          600000);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err.right(3000)));
        QVERIFY2(r.out.contains(QStringLiteral("pick correct")), qPrintable(r.out));

        QFile f(json);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonArray cities = QJsonDocument::fromJson(f.readAll()).array();
        QCOMPARE(cities.size(), 2);
        const QStringList keys{"buildings", "import_s", "raw_read_s", "import_ratio", "reopen_s", "reopen_ratio",
                               "draw_calls", "frame_ms", "merged_frame_ms", "naive_frame_ms", "restyle_ms",
                               "restyle_vertex_uploads", "pick_ms", "pick_correct_pct", "rss_bytes",
                               "vertex_index_bytes", "first_frame_s", "frame_vs_merged", "naive_speedup",
                               "rss_ratio", "targets"};
        const double expectedBuildings[] = {2000, 8000};
        for (int i = 0; i < cities.size(); ++i) {
            const QJsonObject city = cities[i].toObject();
            for (const QString& key : keys) QVERIFY2(city.contains(key), qPrintable(key));
            QVERIFY(std::abs(city["buildings"].toDouble() - expectedBuildings[i]) < expectedBuildings[i] * 0.05);
            QCOMPARE(city["restyle_vertex_uploads"].toInt(-1), 0);
            QCOMPARE(city["pick_correct_pct"].toDouble(), 100.0);
            QVERIFY(city["reopen_from_cache"].toBool());
            QVERIFY2(city["reopen_s"].toDouble() < city["import_s"].toDouble(),
                     qPrintable(QString::number(city["reopen_s"].toDouble())));
            QVERIFY(city["draw_calls"].toInt() > 0);
            QVERIFY(city["frame_ms"].toDouble() > 0 && city["merged_frame_ms"].toDouble() > 0 &&
                    city["naive_frame_ms"].toDouble() > 0);
            QVERIFY(city["vertex_index_bytes"].toDouble() > 0);
        }
        // The 8k city draws more triangles than the 2k one.
        QVERIFY(cities[1].toObject()["vertex_index_bytes"].toDouble() >
                cities[0].toObject()["vertex_index_bytes"].toDouble());
    }
};

QTEST_GUILESS_MAIN(TestCliBenchCity)
#include "test_cli_bench_city.moc"
