// Kill -9 during ingest, 20 times on one history file: every time the file
// passes PRAGMA integrity_check, keeps every sample the writer had reported
// durable, and loses at most the last batch (issue acceptance).
#include "TestData.h"
#include "test_sensors_Suites.h"

#include <QDir>
#include <QProcess>
#include <QtTest>

#include <sqlite3.h>

#include <algorithm>
#include <memory>
#include <random>

#ifndef CITYTWIN_HISTORY_INGEST_CHILD
#error "CITYTWIN_HISTORY_INGEST_CHILD (the path of history_ingest_child) must be defined"
#endif

namespace {

constexpr int64_t kT0 = 1'790'000'000'000;
constexpr int64_t kRunSpanMs = 10'000'000'000; // each run's samples in its own time range
constexpr int64_t kBatchSamples = 500;         // the child's HistoryOptions::batchSamples
constexpr int64_t kChunkSamples = 50;          // the child's samples per append()

/// What the child printed last before it died.
struct Reported {
    int64_t appended = 0;  ///< "appended A ...": samples handed to append()
    int64_t committed = 0; ///< the highest durable count it reported (append lines and flushes)
    int flushes = 0;
};

Reported parseOutput(const QByteArray& out) {
    Reported r;
    for (const QByteArray& line : out.split('\n')) {
        const QList<QByteArray> f = line.split(' ');
        if (f.size() == 4 && f[0] == "appended" && f[2] == "committed") {
            r.appended = std::max<int64_t>(r.appended, f[1].toLongLong());
            r.committed = std::max<int64_t>(r.committed, f[3].toLongLong());
        } else if (f.size() == 2 && f[0] == "flushed") {
            r.committed = std::max<int64_t>(r.committed, f[1].toLongLong());
            ++r.flushes;
        }
    }
    return r;
}

struct DbCloser {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;

/// The first row's first column of `sql` as text ("" when none or on error).
QString scalar(sqlite3* db, const char* sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK) return {};
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, sqlite3_finalize);
    if (sqlite3_step(raw) != SQLITE_ROW) return {};
    const auto* text = sqlite3_column_text(raw, 0);
    return text ? QString::fromUtf8(reinterpret_cast<const char*>(text)) : QString();
}

/// Samples of one run: count and the highest sample number stored.
struct Stored {
    int64_t count = 0;
    int64_t lastIndex = -1;
};

Stored storedInRun(sqlite3* db, int run) {
    const int64_t base = kT0 + run * kRunSpanMs;
    const QByteArray sql = QStringLiteral("SELECT count(*), coalesce(max(time_ms) - %1, -1) FROM sample "
                                          "WHERE time_ms >= %1 AND time_ms < %2")
                               .arg(base)
                               .arg(base + kRunSpanMs)
                               .toUtf8();
    sqlite3_stmt* raw = nullptr;
    Stored s;
    if (sqlite3_prepare_v2(db, sql.constData(), -1, &raw, nullptr) != SQLITE_OK) return s; // no table yet
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, sqlite3_finalize);
    if (sqlite3_step(raw) == SQLITE_ROW) {
        s.count = sqlite3_column_int64(raw, 0);
        s.lastIndex = sqlite3_column_int64(raw, 1);
    }
    return s;
}

} // namespace

class TestHistoryKill : public QObject {
    Q_OBJECT

private slots:
    /// The child appends 50 samples at a time and calls flush() after every
    /// 500 (one batch), while the writer also commits on its own (batches of
    /// 500, every 20 ms). Asserted after each kill: integrity_check is "ok";
    /// the run's stored samples are exactly its first S samples (no holes:
    /// batches commit in order); S >= the highest count the child reported
    /// durable (nothing committed is lost); and A - S <= 500, where A is the
    /// last "appended" count it printed — at most the last batch is lost (plus
    /// the one chunk of 50 it may have appended after its last line). Earlier
    /// runs' samples stay exactly as they were.
    void killDuringIngestTwentyTimes() {
        const QString dir = citytwin::test::testOutDir("sensors/history-kill");
        QDir(dir).removeRecursively();
        QDir().mkpath(dir);
        const QString path = dir + "/history.citytwin-history";
        std::mt19937 random(20261128);
        std::uniform_int_distribution<int> waitMs(100, 600);
        std::vector<int64_t> storedPerRun;
        int64_t totalLost = 0, maxLost = 0;
        for (int run = 0; run < 20; ++run) {
            QProcess child;
            child.setProcessChannelMode(QProcess::SeparateChannels);
            child.start(QStringLiteral(CITYTWIN_HISTORY_INGEST_CHILD),
                        {path, QString::number(kT0 + run * kRunSpanMs)});
            QVERIFY2(child.waitForStarted(5000), qPrintable(child.errorString()));
            QVERIFY2(child.waitForReadyRead(10000), child.readAllStandardError().constData()); // ingesting
            const int wait = waitMs(random);
            QVERIFY2(!child.waitForFinished(wait), child.readAllStandardError().constData()); // still running
            child.kill(); // SIGKILL
            QVERIFY(child.waitForFinished(5000));
            QCOMPARE(child.exitStatus(), QProcess::CrashExit);
            const Reported reported = parseOutput(child.readAllStandardOutput());

            sqlite3* raw = nullptr;
            QCOMPARE(sqlite3_open_v2(path.toUtf8().constData(), &raw, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
            Db db(raw);
            sqlite3_busy_timeout(db.get(), 5000);
            QCOMPARE(scalar(db.get(), "PRAGMA integrity_check"), QStringLiteral("ok"));
            const Stored stored = storedInRun(db.get(), run);
            const QByteArray where = QStringLiteral("run %1 killed after %2 ms: appended %3, reported durable %4, "
                                                    "stored %5")
                                         .arg(run)
                                         .arg(wait)
                                         .arg(reported.appended)
                                         .arg(reported.committed)
                                         .arg(stored.count)
                                         .toUtf8();
            QVERIFY2(stored.lastIndex == stored.count - 1, where.constData());    // a prefix, no holes
            QVERIFY2(stored.count >= reported.committed, where.constData());      // nothing durable lost
            QVERIFY2(reported.appended - stored.count <= kBatchSamples, where.constData()); // at most a batch
            for (int earlier = 0; earlier < run; ++earlier)
                QCOMPARE(storedInRun(db.get(), earlier).count, storedPerRun[size_t(earlier)]);
            storedPerRun.push_back(stored.count);
            const int64_t lost = std::max<int64_t>(0, reported.appended - stored.count);
            totalLost += lost;
            maxLost = std::max(maxLost, lost);
        }
        qInfo("kill -9 x20: integrity ok every time; lost at most %lld of the printed appends in one run "
              "(batch %lld, chunk %lld), %lld in all",
              static_cast<long long>(maxLost), static_cast<long long>(kBatchSamples),
              static_cast<long long>(kChunkSamples), static_cast<long long>(totalLost));
    }
};

int runHistoryKillTests(int argc, char** argv) {
    TestHistoryKill t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_sensors_HistoryKill.moc"
