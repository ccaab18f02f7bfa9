// HistoryStore: concurrent appends all stored, ordered range queries,
// downsampling that keeps extremes, retention, reopening, the state at a
// past time, replay steps over all sensors, refusing files it must not
// touch, and measured throughput.
#include "citytwin/data/sensors/HistoryStore.h"

#include "TestData.h"
#include "test_sensors_Suites.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <thread>

using citytwin::data::HistoryOptions;
using citytwin::data::HistoryPoint;
using citytwin::data::HistoryReader;
using citytwin::data::HistoryStore;
using citytwin::data::SensorSample;

namespace {

/// "prefix" + n without GCC 12's false -Wrestrict on const char* + std::string.
std::string numbered(const char* prefix, long long n) {
    std::string s(prefix);
    s += std::to_string(n);
    return s;
}

constexpr int64_t kT0 = 1'790'000'000'000; // 2026-09-21
constexpr int64_t kMinute = 60'000;
constexpr int64_t kDay = 86'400'000;

QString freshHistoryPath(const QString& name) {
    const QString dir = citytwin::test::testOutDir("sensors/history/" + name);
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    return dir + "/history.citytwin-history";
}

std::unique_ptr<HistoryStore> openStore(const QString& path, HistoryOptions options = {}) {
    auto store = HistoryStore::open(path.toStdString(), options);
    if (!store) qWarning("%s", store.firstError().c_str());
    return store ? store.takeValue() : nullptr;
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

/// Big-endian u32 at `offset` of the SQLite header (user_version 60, application_id 68).
void patchU32(QByteArray& bytes, int offset, uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes[offset + i] = char((v >> (24 - 8 * i)) & 0xFF);
}

} // namespace

class TestHistoryStore : public QObject {
    Q_OBJECT

private slots:
    void appendFromTwoThreadsStoresEverySample() {
        const QString path = freshHistoryPath("threads");
        auto store = openStore(path);
        QVERIFY(store);
        auto producer = [&](int which) {
            for (int chunk = 0; chunk < 100; ++chunk) {
                std::vector<SensorSample> batch;
                for (int i = 0; i < 1000; ++i) {
                    const int n = chunk * 1000 + i;
                    batch.push_back({numbered("s", which * 100 + n % 100), kT0 + n * kMinute, double(n), -1});
                }
                store->append(std::move(batch));
            }
        };
        std::thread a(producer, 0), b(producer, 1);
        a.join();
        b.join();
        QVERIFY(store->flush().ok());
        QCOMPARE(*store->sampleCount(), 200000);
        QCOMPARE(*store->sampleCount("s0"), 1000);
        QCOMPARE(*store->sampleCount("s199"), 1000);
        QCOMPARE(store->sensorIds()->size(), size_t(200));
        const auto stats = store->stats();
        QCOMPARE(stats.appended, 200000);
        QCOMPARE(stats.committed, 200000);
        QCOMPARE(stats.dropped, 0);
        QVERIFY(stats.transactions >= 10); // batches, not one per sample and not one for all
    }

    void rangeQueryIsSortedAndHalfOpen() {
        auto store = openStore(freshHistoryPath("range"));
        QVERIFY(store);
        std::vector<SensorSample> samples;
        for (int i = 0; i < 500; ++i) samples.push_back({"t", kT0 + i * kMinute, double(i), -1});
        std::shuffle(samples.begin(), samples.end(), std::mt19937(7));
        samples.push_back({"other", kT0 + 5 * kMinute, -1, -1});
        store->append(samples);
        QVERIFY(store->flush().ok());
        auto got = store->samples("t", kT0 + 100 * kMinute, kT0 + 200 * kMinute);
        QVERIFY(got.ok());
        QCOMPARE(got->size(), size_t(100));
        for (size_t i = 0; i < got->size(); ++i) {
            QCOMPARE((*got)[i].timeMs, kT0 + int64_t(100 + i) * kMinute);
            QCOMPARE((*got)[i].value, double(100 + i));
            QCOMPARE((*got)[i].count, 1);
        }
        QVERIFY(store->samples("nobody", kT0, kT0 + kDay)->empty());
        QVERIFY(store->samples("t", kT0 + kDay, kT0)->empty());
    }

    void sameSensorAndTimeIsStoredOnce() {
        auto store = openStore(freshHistoryPath("dup"));
        QVERIFY(store);
        store->append({{"d", kT0, 1, 1}, {"d", kT0, 2, 1}, {"d", kT0 + 1, 3, 2}});
        QVERIFY(store->flush().ok());
        auto got = store->samples("d", kT0, kT0 + 10);
        QCOMPARE(got->size(), size_t(2));
        QCOMPARE((*got)[0].value, 2.0); // the redelivery replaces, never doubles
    }

    void nonFiniteValuesAreDroppedNotFatal() {
        auto store = openStore(freshHistoryPath("nan"));
        QVERIFY(store);
        store->append({{"n", kT0, std::numeric_limits<double>::quiet_NaN(), -1},
                       {"n", kT0 + 1, 4, -1},
                       {"", kT0 + 2, 5, -1},
                       {"n", kT0 + 3, std::numeric_limits<double>::infinity(), -1}});
        QVERIFY(store->flush().ok());
        QCOMPARE(*store->sampleCount(), 1);
        QCOMPARE(store->stats().dropped, 3);
    }

    void downsamplingKeepsMinAndMax_data() {
        QTest::addColumn<int>("maxPoints");
        QTest::newRow("100") << 100;
        QTest::newRow("7") << 7;
        QTest::newRow("1") << 1;
    }

    void downsamplingKeepsMinAndMax() {
        QFETCH(int, maxPoints);
        auto store = openStore(freshHistoryPath("down" + QString::number(maxPoints)));
        QVERIFY(store);
        std::vector<SensorSample> samples;
        const int n = 10000;
        for (int i = 0; i < n; ++i) samples.push_back({"x", kT0 + i * 1000, 50 + 10 * std::sin(i / 300.0), -1});
        samples[4321].value = 987;  // one spike
        samples[777].value = -55;   // one dip
        store->append(samples);
        QVERIFY(store->flush().ok());
        auto points = store->samples("x", kT0, kT0 + n * 1000, size_t(maxPoints));
        QVERIFY(points.ok());
        QVERIFY(!points->empty() && points->size() <= size_t(maxPoints));
        double lo = 1e9, hi = -1e9;
        int64_t total = 0;
        for (const HistoryPoint& p : *points) {
            lo = std::min(lo, p.min);
            hi = std::max(hi, p.max);
            total += p.count;
            QVERIFY(p.min <= p.value && p.value <= p.max);
        }
        QCOMPARE(hi, 987.0);
        QCOMPARE(lo, -55.0);
        QCOMPARE(total, int64_t(n));
        QVERIFY(std::is_sorted(points->begin(), points->end(),
                               [](const auto& a, const auto& b) { return a.timeMs < b.timeMs; }));
        // Under the limit nothing is merged.
        QCOMPARE(store->samples("x", kT0, kT0 + 50 * 1000, 100)->size(), size_t(50));
    }

    void retentionDeletesExactlyTheOldOnes() {
        auto store = openStore(freshHistoryPath("retention"));
        QVERIFY(store);
        std::vector<SensorSample> samples;
        for (int day = 0; day < 10; ++day)
            for (int i = 0; i < 24; ++i)
                for (const char* id : {"a", "b"}) samples.push_back({id, kT0 + day * kDay + i * 3'600'000, 1, -1});
        store->append(samples); // not flushed: retention runs after what is queued
        const int64_t now = kT0 + 10 * kDay;
        auto deleted = store->applyRetention(now, 7); // keeps time >= kT0 + 3 days
        QVERIFY(deleted.ok());
        QCOMPARE(*deleted, int64_t(3 * 24 * 2));
        QCOMPARE(*store->sampleCount(), int64_t(7 * 24 * 2));
        QCOMPARE(store->timeRange()->value().firstMs, kT0 + 3 * kDay);
        QCOMPARE(*store->applyRetention(now, 7), 0);
    }

    void reopenKeepsData() {
        const QString path = freshHistoryPath("reopen");
        {
            auto store = openStore(path);
            QVERIFY(store);
            std::vector<SensorSample> samples;
            for (int i = 0; i < 1000; ++i) samples.push_back({numbered("r", i % 3), kT0 + i, double(i), -1});
            store->append(std::move(samples)); // the destructor commits what is queued
        }
        auto store = openStore(path);
        QVERIFY(store);
        QCOMPARE(*store->sampleCount(), 1000);
        store->append({{"r0", kT0 + 5000, 42, -1}, {"new", kT0 + 5000, 1, -1}});
        QVERIFY(store->flush().ok());
        QCOMPARE(*store->sampleCount("r0"), 335);
        QCOMPARE(store->samples("r0", kT0 + 5000, kT0 + 5001)->front().value, 42.0);
        const auto range = store->timeRange();
        QVERIFY(range.ok() && range->has_value());
        QCOMPARE((*range)->firstMs, kT0);
        QCOMPARE((*range)->lastMs, kT0 + 5000);
        auto reader = HistoryReader::open(path.toStdString()); // a separate reading connection
        QVERIFY(reader.ok());
        QCOMPARE(*reader->sampleCount(), 1002);
    }

    void latestAtOrBefore_data() {
        QTest::addColumn<qint64>("at");
        QTest::addColumn<QString>("expected"); // "id=value@minute ..."
        QTest::newRow("before everything") << qint64(kT0 - 1) << "";
        QTest::newRow("first sample") << qint64(kT0) << "a=1@0";
        QTest::newRow("between") << qint64(kT0 + 15 * kMinute) << "a=2@10 b=20@5";
        QTest::newRow("exactly on a sample") << qint64(kT0 + 20 * kMinute) << "a=3@20 b=20@5";
        QTest::newRow("after everything") << qint64(kT0 + kDay) << "a=3@20 b=21@30 c=7@40";
    }

    void latestAtOrBefore() {
        QFETCH(qint64, at);
        QFETCH(QString, expected);
        const QString path = freshHistoryPath("latest");
        auto store = openStore(path);
        QVERIFY(store);
        store->append({{"a", kT0, 1, -1}, {"a", kT0 + 10 * kMinute, 2, -1}, {"a", kT0 + 20 * kMinute, 3, -1},
                       {"b", kT0 + 5 * kMinute, 20, -1}, {"b", kT0 + 30 * kMinute, 21, -1},
                       {"c", kT0 + 40 * kMinute, 7, -1}});
        QVERIFY(store->flush().ok());
        auto state = store->latestAtOrBefore(at);
        QVERIFY(state.ok());
        QStringList got;
        for (const auto& s : *state)
            got << QStringLiteral("%1=%2@%3").arg(QString::fromStdString(s.sensorId)).arg(s.value).arg((s.timeMs - kT0) / kMinute);
        QCOMPARE(got.join(' '), expected);
    }

    void samplesBetweenIsOpenOnTheLeftSortedAndCapped() {
        const QString path = freshHistoryPath("between");
        auto store = openStore(path);
        QVERIFY(store);
        // Minute m: sensors in reverse name order at m = 2 (a tie at one time).
        std::vector<SensorSample> samples = {
            {"b", kT0, 1, -1},
            {"a", kT0 + kMinute, 2, -1},
            {"c", kT0 + 2 * kMinute, 3, -1},
            {"b", kT0 + 2 * kMinute, 4, -1},
            {"a", kT0 + 2 * kMinute, 5, -1},
            {"c", kT0 + 3 * kMinute, 6, -1},
        };
        std::vector<SensorSample> shuffled = samples;
        std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(3));
        store->append(shuffled);
        QVERIFY(store->flush().ok());
        const std::vector<SensorSample> sorted = {samples[0], samples[1], samples[4], samples[3], samples[2], samples[5]};

        auto all = store->samplesBetween(kT0 - 1, kT0 + kDay);
        QVERIFY2(all.ok(), all.firstError().c_str());
        QCOMPARE(*all, sorted);
        auto leftOpen = store->samplesBetween(kT0, kT0 + 2 * kMinute); // (t0, t0 + 2 min]
        QCOMPARE(*leftOpen, std::vector<SensorSample>(sorted.begin() + 1, sorted.begin() + 5));

        std::vector<SensorSample> stepped; // consecutive replay ticks (a,b], (b,c], ...
        for (int64_t t = kT0 - kMinute; t < kT0 + 5 * kMinute; t += 30'000) {
            auto tick = store->samplesBetween(t, t + 30'000);
            QVERIFY(tick.ok());
            stepped.insert(stepped.end(), tick->begin(), tick->end());
        }
        QCOMPARE(stepped, sorted); // every sample once, none twice

        auto capped = store->samplesBetween(kT0 - 1, kT0 + kDay, 3);
        QCOMPARE(*capped, std::vector<SensorSample>(sorted.begin(), sorted.begin() + 3)); // the earliest
        QVERIFY(store->samplesBetween(kT0, kT0)->empty());
        QVERIFY(store->samplesBetween(kT0 + kDay, kT0)->empty());

        auto reader = HistoryReader::open(path.toStdString());
        QVERIFY(reader.ok());
        QCOMPARE(*reader->samplesBetween(kT0 - 1, kT0 + kDay), sorted);
    }

    void emptyHistoryHasNoTimeRange() {
        auto store = openStore(freshHistoryPath("empty"));
        QVERIFY(store);
        auto range = store->timeRange();
        QVERIFY(range.ok());
        QVERIFY(!range->has_value());
        QVERIFY(store->latestAtOrBefore(kT0)->empty());
        QVERIFY(store->samplesBetween(kT0 - kDay, kT0 + kDay)->empty());
    }

    void refusesFilesItMustNotTouch_data() {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("message");
        QTest::newRow("newer schema") << "newer" << "newer than this CityTwin supports";
        QTest::newRow("another application") << "foreign" << "another application";
        QTest::newRow("not SQLite") << "garbage" << "not an SQLite database";
        QTest::newRow("damaged header") << "header" << "cannot use sensor history";
    }

    void refusesFilesItMustNotTouch() {
        QFETCH(QString, damage);
        QFETCH(QString, message);
        const QString path = freshHistoryPath("refuse-" + damage);
        {
            auto store = openStore(path);
            QVERIFY(store);
            store->append({{"a", kT0, 1, -1}});
        } // closed: WAL checkpointed into the main file
        QVERIFY(!QFile::exists(path + "-wal"));
        QByteArray bytes = readAll(path);
        QVERIFY(bytes.size() >= 4096);
        if (damage == "newer") patchU32(bytes, 60, HistoryStore::kSchemaVersion + 1);
        else if (damage == "foreign") patchU32(bytes, 68, 0x12345678);
        else if (damage == "garbage") bytes = QByteArray(8192, 'x');
        else if (damage == "header") bytes.replace(16, 2, QByteArray("\x00\x03", 2)); // page size 3: invalid
        QVERIFY(writeAll(path, bytes));

        auto store = HistoryStore::open(path.toStdString());
        QVERIFY(!store.ok());
        QVERIFY2(QString::fromStdString(store.firstError()).contains(message), store.firstError().c_str());
        QVERIFY(QString::fromStdString(store.firstError()).contains("left unchanged") || damage == "header");
        auto reader = HistoryReader::open(path.toStdString());
        QVERIFY(!reader.ok());
        QCOMPARE(readAll(path), bytes); // byte for byte
        QVERIFY(!QFile::exists(path + "-wal"));
    }

    /// Measures: 1,000,000 samples (2,000 sensors, one per 5 minutes) →
    /// append-to-durable throughput; then a day of one sensor (288 samples),
    /// raw and downsampled, and the city state at a past time.
    void throughputOneMillion() {
        auto store = openStore(freshHistoryPath("million"));
        QVERIFY(store);
        const int sensors = 2000, steps = 500;
        std::vector<std::string> ids;
        for (int s = 0; s < sensors; ++s) ids.push_back(numbered("bench-", s));
        QElapsedTimer timer;
        timer.start();
        for (int k = 0; k < steps; ++k) {
            std::vector<SensorSample> tick;
            tick.reserve(sensors);
            for (int s = 0; s < sensors; ++s) tick.push_back({ids[size_t(s)], kT0 + k * 5 * kMinute, double(s + k), k});
            store->append(std::move(tick));
        }
        const double appendMs = double(timer.nsecsElapsed()) / 1e6;
        QVERIFY(store->flush().ok());
        const double durableMs = double(timer.nsecsElapsed()) / 1e6;
        QCOMPARE(*store->sampleCount(), int64_t(sensors) * steps);
        timer.restart();
        const int queries = 50;
        for (int q = 0; q < queries; ++q) {
            auto day = store->samples(ids[size_t(q * 37 % sensors)], kT0, kT0 + kDay);
            QCOMPARE(day->size(), size_t(288));
        }
        const double dayMs = double(timer.nsecsElapsed()) / 1e6 / queries;
        timer.restart();
        auto down = store->samples(ids[5], kT0, kT0 + steps * 5 * kMinute, 200);
        const double downMs = double(timer.nsecsElapsed()) / 1e6;
        QVERIFY(down->size() <= 200);
        timer.restart();
        auto state = store->latestAtOrBefore(kT0 + 250 * 5 * kMinute);
        const double stateMs = double(timer.nsecsElapsed()) / 1e6;
        QCOMPARE(state->size(), size_t(sensors));
        timer.restart();
        const int ticks = 20; // replay: every sensor's samples of one 5-minute step, tick after tick
        for (int k = 0; k < ticks; ++k) {
            const int64_t from = kT0 + (100 + k) * 5 * kMinute - 1;
            auto tick = store->samplesBetween(from, from + 5 * kMinute);
            QVERIFY(tick.ok());
            QCOMPARE(tick->size(), size_t(sensors));
            QCOMPARE(tick->front().timeMs, from + 1);
            QCOMPARE(tick->front().sensorId, std::string("bench-0"));
        }
        const double tickMs = double(timer.nsecsElapsed()) / 1e6 / ticks;
        const double perSecond = sensors * double(steps) / (durableMs / 1000);
        qInfo("history: 1,000,000 samples appended in %.0f ms, durable after %.0f ms (%.0f samples/s, %lld transactions); "
              "one sensor's day %.2f ms; 500 → 200 points %.2f ms; state of 2,000 sensors at a past time %.1f ms; "
              "one replay step of 2,000 samples %.2f ms",
              appendMs, durableMs, perSecond, static_cast<long long>(store->stats().transactions), dayMs, downMs, stateMs,
              tickMs);
        QVERIFY2(perSecond > 20'000, "history writer slower than the 20,000 msg/s ingest target");
        QVERIFY2(dayMs < 50, "a day of one sensor should come back well within a frame");
        QVERIFY2(tickMs < 25, "a replay step should read its time range, not scan the whole history");
    }
};

int runHistoryStoreTests(int argc, char** argv) {
    TestHistoryStore t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_sensors_History.moc"
