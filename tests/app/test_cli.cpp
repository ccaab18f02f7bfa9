// The citytwin executable as a user runs it: exit codes, messages, outputs.

#include "CliRunner.h"
#include "TestData.h"

#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QtTest>

class TestCli : public QObject {
    Q_OBJECT

    using Run = citytwin::test::CliRun;

    static Run run(const QStringList& args, int timeoutMs = 300000)
    {
        return citytwin::test::runCitytwin(args, timeoutMs);
    }

private slots:
    void helpAndVersion()
    {
        const Run help = run({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(QStringLiteral("citytwin render")));
        QVERIFY(help.out.contains(QStringLiteral("--camera LON,LAT,RANGE,HEADING,PITCH")));
        const Run version = run({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith(QStringLiteral("citytwin ")));
    }

    void renderMissingInputNamesTheFile()
    {
        const QString missing = QStringLiteral("/nonexistent/nowhere.gpkg");
        const Run r = run({QStringLiteral("render"), QStringLiteral("--out"),
                           citytwin::test::testOutDir(QStringLiteral("cli")) + QStringLiteral("/never.png"), missing});
        QVERIFY2(r.exitCode != 0 && r.exitCode != -1, qPrintable(r.err));
        QVERIFY2(r.err.contains(missing), qPrintable(r.err));
        QVERIFY(!QFile::exists(citytwin::test::testOutDir(QStringLiteral("cli")) + QStringLiteral("/never.png")));
    }

    void renderBadUsage()
    {
        QCOMPARE(run({QStringLiteral("render")}).exitCode, 2);
        QCOMPARE(run({QStringLiteral("render"), QStringLiteral("--size"), QStringLiteral("big"), QStringLiteral("x.gpkg")}).exitCode, 2);
    }

    void renderBostonWritesPngAndStats()
    {
        CITYTWIN_SHARED_DATA(boston, "boston/boston_buildings_wgs84.gpkg");
        const QString out = citytwin::test::testOutDir(QStringLiteral("cli")) + QStringLiteral("/boston.png");
        QFile::remove(out);
        const Run r = run({QStringLiteral("render"), QStringLiteral("--size"), QStringLiteral("320x180"),
                           QStringLiteral("--out"), out, QStringLiteral("--camera"),
                           QStringLiteral("-71.0585,42.3568,2000,0,-45"), QStringLiteral("--frames"),
                           QStringLiteral("3"), boston});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QImage image(out);
        QCOMPARE(image.size(), QSize(320, 180));
        QVERIFY(r.out.contains(QStringLiteral("frame_ms_median")));
        QVERIFY(r.out.contains(QStringLiteral("draw_calls")));
        // Buildings cover a good part of the view: many pixels differ from the sky.
        const QRgb sky = image.pixel(2, 2);
        int differing = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                if (qAbs(qRed(image.pixel(x, y)) - qRed(sky)) + qAbs(qGreen(image.pixel(x, y)) - qGreen(sky)) +
                        qAbs(qBlue(image.pixel(x, y)) - qBlue(sky)) > 30)
                    ++differing;
        QVERIFY2(differing > image.width() * image.height() / 10, qPrintable(QString::number(differing)));
    }

    /// With --cache the first render stores the build and the second draws
    /// the same picture from the cache without reading the source (so the
    /// source's per-feature warnings are not repeated).
    void renderWithCacheDrawsTheSecondTimeFromIt()
    {
        CITYTWIN_SHARED_DATA(boston, "boston/boston_buildings_wgs84.gpkg");
        const QString dir = citytwin::test::testOutDir(QStringLiteral("cli"));
        const QString cache = dir + QStringLiteral("/render-cache.sqlite");
        for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) QFile::remove(cache + suffix);
        auto render = [&](const QString& out) {
            return run({QStringLiteral("render"), QStringLiteral("--size"), QStringLiteral("320x180"),
                        QStringLiteral("--out"), out, QStringLiteral("--camera"),
                        QStringLiteral("-71.0585,42.3568,2000,0,-45"), QStringLiteral("--cache"), cache, boston});
        };
        const Run first = render(dir + QStringLiteral("/cached-1.png"));
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        QVERIFY(QFileInfo(cache).size() > 0);
        QVERIFY2(first.err.contains(QStringLiteral("degenerate polygon")), qPrintable(first.err));
        const Run second = render(dir + QStringLiteral("/cached-2.png"));
        QVERIFY2(second.exitCode == 0, qPrintable(second.err));
        QVERIFY2(!second.err.contains(QStringLiteral("degenerate polygon")), qPrintable(second.err));
        const QImage a(dir + QStringLiteral("/cached-1.png")), b(dir + QStringLiteral("/cached-2.png"));
        QCOMPARE(a.size(), QSize(320, 180));
        QVERIFY(a == b);
    }

    void renderNotGisDataFails()
    {
        const QString junk = citytwin::test::testOutDir(QStringLiteral("cli")) + QStringLiteral("/notes.txt");
        QFile f(junk);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not GIS data\n");
        f.close();
        const Run r = run({QStringLiteral("render"), QStringLiteral("--out"), junk + QStringLiteral(".png"), junk});
        QVERIFY2(r.exitCode == 1, qPrintable(r.err));
        QVERIFY2(r.err.contains(junk), qPrintable(r.err));
    }

    void generateWritesDemoCity()
    {
        const QString dir = citytwin::test::testOutDir(QStringLiteral("cli/gen"));
        const Run r = run({QStringLiteral("generate"), QStringLiteral("--out"), dir,
                           QStringLiteral("--buildings"), QStringLiteral("500"), QStringLiteral("--seed"), QStringLiteral("7")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("500 buildings")));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
