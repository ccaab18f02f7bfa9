// Simulator: reproducible streams, the daily patterns a user would notice
// (commuter peaks, parking by day, air following traffic), dropouts that
// make sensors stale, incidents, and traffic scaled to Cambridge's counts.
#include "citytwin/data/sensors/SensorImport.h"
#include "citytwin/data/sensors/Simulator.h"

#include "TestData.h"
#include "test_sensors_Suites.h"

#include <QDateTime>
#include <QtTest>

#include <cmath>
#include <map>
#include <numeric>
#include <set>

using citytwin::data::demoSensorNetwork;
using citytwin::data::IncidentEvent;
using citytwin::data::Sensor;
using citytwin::data::sensorDefaults;
using citytwin::data::SensorKind;
using citytwin::data::SensorSample;
using citytwin::data::Simulator;
using citytwin::data::SimulatorOptions;

namespace {

/// "prefix" + n without GCC 12's false -Wrestrict on const char* + std::string.
std::string numbered(const char* prefix, long long n) {
    std::string s(prefix);
    s += std::to_string(n);
    return s;
}

constexpr int kOffsetMinutes = -300; // Cambridge, MA in winter
constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;

/// Local midnight (UTC-5) of a date, as epoch ms.
int64_t localMidnight(int y, int m, int d) {
    return QDateTime(QDate(y, m, d), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch() - kOffsetMinutes * 60'000LL;
}
const int64_t kWednesday = localMidnight(2026, 3, 4);

Sensor sensorOf(SensorKind kind, const std::string& id, double lon = -71.1, double lat = 42.37) {
    Sensor s = sensorDefaults(kind);
    s.id = id;
    s.lonLat = citytwin::gis::DVec2{lon, lat};
    return s;
}

SimulatorOptions quiet() {
    SimulatorOptions o;
    o.utcOffsetMinutes = kOffsetMinutes;
    o.dropoutsPerSensorDay = 0;
    return o;
}

std::vector<Sensor> cambridgeStations() {
    const QString path = citytwin::test::sharedDataPath("sensors/average_daily_traffic.csv");
    auto imported = citytwin::data::importTrafficCounts(path.toStdString());
    return imported ? imported->sensors : std::vector<Sensor>{};
}

/// Mean value of every sensor's samples in a window, by sensor id.
std::map<std::string, double> meansOver(const Simulator& sim, int64_t from, int64_t to) {
    std::map<std::string, std::pair<double, int>> sums;
    for (const auto& s : sim.step(from, to)) {
        auto& [sum, n] = sums[s.sensorId];
        sum += s.value;
        ++n;
    }
    std::map<std::string, double> out;
    for (const auto& [id, sn] : sums) out[id] = sn.first / sn.second;
    return out;
}

/// Mean value of one sensor's samples in a window.
double meanOver(const Simulator& sim, size_t index, int64_t from, int64_t to) {
    return meansOver(sim, from, to)[sim.sensors()[index].id];
}

double pearson(const std::vector<double>& a, const std::vector<double>& b) {
    const double ma = std::accumulate(a.begin(), a.end(), 0.0) / double(a.size());
    const double mb = std::accumulate(b.begin(), b.end(), 0.0) / double(b.size());
    double sab = 0, saa = 0, sbb = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / std::sqrt(saa * sbb);
}

} // namespace

class TestSimulator : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QCOMPARE(QDate(2026, 3, 4).dayOfWeek(), 3); } // a Wednesday

    void sameSeedSameStreams() {
        const auto sensors = demoSensorNetwork({-71.15, 42.35, -71.05, 42.40}, 60, 11);
        SimulatorOptions o;
        o.dropoutsPerSensorDay = 3; // dropouts must be reproducible too
        const Simulator a(sensors, 42, o), b(sensors, 42, o), other(sensors, 43, o);
        const auto whole = a.step(kWednesday, kWednesday + 6 * kHour);
        QVERIFY(whole.size() > 10000);
        QCOMPARE(b.step(kWednesday, kWednesday + 6 * kHour), whole);
        // Cut into uneven pieces as an app timer would: the same samples.
        std::vector<SensorSample> pieces;
        for (int64_t t = kWednesday; t < kWednesday + 6 * kHour;) {
            const int64_t next = std::min(kWednesday + 6 * kHour, t + 7'919 + (t / 1000) % 50'000);
            auto part = a.step(t, next);
            pieces.insert(pieces.end(), part.begin(), part.end());
            t = next;
        }
        QCOMPARE(pieces, whole);
        QVERIFY(other.step(kWednesday, kWednesday + 6 * kHour) != whole);
        for (size_t i = 1; i < whole.size(); ++i) QVERIFY(whole[i - 1].timeMs <= whole[i].timeMs);
    }

    void samplesFollowEachSensorsPeriod() {
        std::vector<Sensor> sensors{sensorOf(SensorKind::TrafficFlow, "t"), sensorOf(SensorKind::Energy, "e")};
        const Simulator sim(sensors, 1, quiet());
        std::map<std::string, std::vector<int64_t>> times;
        for (const auto& s : sim.step(kWednesday, kWednesday + kDay)) times[s.sensorId].push_back(s.timeMs);
        QCOMPARE(times["t"].size(), size_t(1440)); // every 60 s
        QCOMPARE(times["e"].size(), size_t(96));   // every 900 s
        for (const auto& [id, ts] : times)
            for (size_t i = 1; i < ts.size(); ++i) QCOMPARE(ts[i] - ts[i - 1], id == "t" ? 60'000 : 900'000);
    }

    /// Every Cambridge station: flow at 08:00 and at 17:30 is more than
    /// twice the flow at 03:00 on a weekday.
    void trafficHasMorningAndEveningPeaks() {
        CITYTWIN_SHARED_DATA(path, "sensors/average_daily_traffic.csv");
        Q_UNUSED(path);
        auto sensors = cambridgeStations();
        QCOMPARE(sensors.size(), size_t(312));
        sensors.push_back(sensorOf(SensorKind::TrafficFlow, "no-counts")); // typical shares
        const Simulator sim(sensors, 5, quiet());
        auto nights = meansOver(sim, kWednesday + 3 * kHour - 10 * 60'000, kWednesday + 3 * kHour + 10 * 60'000);
        for (size_t i = 0; i < sensors.size(); ++i) {
            const double night = nights[sensors[i].id];
            const double am = sim.valueAt(i, kWednesday + 8 * kHour);
            const double pm = sim.valueAt(i, kWednesday + 17 * kHour + 30 * 60'000);
            if (!(am > 2 * night && pm > 2 * night))
                QFAIL(qPrintable(QStringLiteral("%1: 03:00 %2, 08:00 %3, 17:30 %4")
                                     .arg(QString::fromStdString(sensors[i].id)).arg(night).arg(am).arg(pm)));
        }
    }

    /// A weekday's vehicles at each station are within ±30 % of its real
    /// average daily traffic, and the peak hours match its AM/PM counts.
    void dailyTotalsMatchCambridgeCounts() {
        CITYTWIN_SHARED_DATA(path, "sensors/average_daily_traffic.csv");
        Q_UNUSED(path);
        const auto sensors = cambridgeStations();
        QCOMPARE(sensors.size(), size_t(312));
        const Simulator sim(sensors, 9, quiet());
        std::map<std::string, double> vehicles;
        for (const auto& s : sim.step(kWednesday, kWednesday + kDay)) vehicles[s.sensorId] += s.value / 60.0;
        auto amHour = meansOver(sim, kWednesday + 7 * kHour + 30 * 60'000, kWednesday + 8 * kHour + 30 * 60'000);
        auto pmHour = meansOver(sim, kWednesday + 17 * kHour, kWednesday + 18 * kHour);
        double worst = 0;
        int peaksCounted = 0, peaksClose = 0;
        for (size_t i = 0; i < sensors.size(); ++i) {
            const auto& attrs = sensors[i].attributes;
            const double adt = std::stod(attrs.at("adt"));
            const double ratio = vehicles[sensors[i].id] / adt;
            worst = std::max(worst, std::abs(ratio - 1));
            QVERIFY2(ratio > 0.7 && ratio < 1.3, qPrintable(QString::fromStdString(sensors[i].id)));
            // Peak hours within ±40 % of the counted ones, where the counts
            // fit a commuter day at all (a few stations count a PM peak
            // below their daily average, or an AM peak of 81 % of the day).
            for (const auto& [name, simulated] : {std::pair{"am_peak", amHour[sensors[i].id]},
                                                  std::pair{"pm_peak", pmHour[sensors[i].id]}}) {
                if (!attrs.count(name)) continue;
                const double counted = std::stod(attrs.at(name));
                ++peaksCounted;
                if (simulated > 0.6 * counted && simulated < 1.4 * counted) ++peaksClose;
            }
        }
        QVERIFY(peaksCounted > 500);
        QVERIFY2(peaksClose >= 0.95 * peaksCounted, qPrintable(QStringLiteral("%1 of %2").arg(peaksClose).arg(peaksCounted)));
        qInfo("simulated weekday totals: worst deviation from the real ADT %.1f %%; %d of %d peak hours within ±40 %%",
              worst * 100, peaksClose, peaksCounted);
    }

    void weekendsAreQuieterWithoutCommuterPeaks() {
        std::vector<Sensor> sensors{sensorOf(SensorKind::TrafficFlow, "t")};
        sensors[0].attributes = {{"adt", "20000"}, {"am_peak", "1400"}, {"pm_peak", "1700"}};
        const Simulator sim(sensors, 3, quiet());
        const int64_t saturday = kWednesday + 3 * kDay;
        double weekday = 0, weekend = 0;
        for (const auto& s : sim.step(kWednesday, kWednesday + kDay)) weekday += s.value / 60;
        for (const auto& s : sim.step(saturday, saturday + kDay)) weekend += s.value / 60;
        QVERIFY(weekend < 0.9 * weekday && weekend > 0.6 * weekday);
        QVERIFY(sim.valueAt(0, saturday + 8 * kHour) < 0.7 * sim.valueAt(0, kWednesday + 8 * kHour));
    }

    void parkingFillsByDay_data() {
        QTest::addColumn<int>("day");
        QTest::newRow("Wednesday") << 0;
        QTest::newRow("Saturday") << 3;
    }

    void parkingFillsByDay() {
        QFETCH(int, day);
        std::vector<Sensor> sensors;
        for (int i = 0; i < 20; ++i) sensors.push_back(sensorOf(SensorKind::Parking, numbered("p", i)));
        const Simulator sim(sensors, 21, quiet());
        const int64_t midnight = kWednesday + day * kDay;
        for (size_t i = 0; i < sensors.size(); ++i) {
            const double noon = sim.valueAt(i, midnight + 12 * kHour);
            const double night = sim.valueAt(i, midnight + 3 * kHour);
            QVERIFY2(noon > night + 25, qPrintable(QStringLiteral("noon %1 %, 03:00 %2 %").arg(noon).arg(night)));
            QVERIFY(noon <= 100 && night >= 0);
        }
    }

    /// Over three days, hourly PM2.5 and NO2 rise and fall with traffic.
    void airQualityFollowsTraffic() {
        std::vector<Sensor> sensors{sensorOf(SensorKind::TrafficFlow, "t"), sensorOf(SensorKind::AirPm25, "pm"),
                                    sensorOf(SensorKind::AirNo2, "no2"), sensorOf(SensorKind::Noise, "db"),
                                    sensorOf(SensorKind::AverageSpeed, "v")};
        const Simulator sim(sensors, 77, quiet());
        std::vector<double> flow, pm, no2, db, speed;
        for (int64_t h = 0; h < 72; ++h) {
            const int64_t t = kWednesday + h * kHour + 30 * 60'000;
            flow.push_back(meanOver(sim, 0, t - 15 * 60'000, t + 15 * 60'000));
            pm.push_back(meanOver(sim, 1, t - 15 * 60'000, t + 15 * 60'000));
            no2.push_back(meanOver(sim, 2, t - 15 * 60'000, t + 15 * 60'000));
            db.push_back(meanOver(sim, 3, t - 15 * 60'000, t + 15 * 60'000));
            speed.push_back(meanOver(sim, 4, t - 15 * 60'000, t + 15 * 60'000));
        }
        const double rPm = pearson(flow, pm), rNo2 = pearson(flow, no2), rDb = pearson(flow, db), rV = pearson(flow, speed);
        qInfo("correlation with traffic: PM2.5 %.2f, NO2 %.2f, noise %.2f, speed %.2f", rPm, rNo2, rDb, rV);
        QVERIFY(rPm > 0.5);
        QVERIFY(rNo2 > 0.5);
        QVERIFY(rDb > 0.7);
        QVERIFY(rV < -0.5);
    }

    /// Dropouts leave gaps longer than 3 periods (the sensor turns stale);
    /// without dropouts no gap is longer than one period.
    void dropoutsLeaveGaps() {
        std::vector<Sensor> sensors;
        for (int i = 0; i < 10; ++i) sensors.push_back(sensorOf(SensorKind::Noise, numbered("n", i)));
        for (double rate : {2.0, 0.0}) {
            SimulatorOptions o = quiet();
            o.dropoutsPerSensorDay = rate;
            const Simulator sim(sensors, 13, o);
            std::map<std::string, int64_t> last;
            int longGaps = 0;
            int64_t longest = 0;
            for (const auto& s : sim.step(kWednesday, kWednesday + 3 * kDay)) {
                if (last.count(s.sensorId)) {
                    const int64_t gap = s.timeMs - last[s.sensorId];
                    longest = std::max(longest, gap);
                    if (gap > 3 * 60'000) ++longGaps;
                }
                last[s.sensorId] = s.timeMs;
            }
            if (rate > 0) {
                QVERIFY2(longGaps >= 20, qPrintable(QString::number(longGaps))); // ~60 expected
                QVERIFY(longest >= 20 * 60'000);
            } else {
                QCOMPARE(longGaps, 0);
                QCOMPARE(longest, int64_t(60'000));
            }
        }
    }

    void incidentsArePoisson() {
        std::vector<Sensor> sensors;
        for (int i = 0; i < 50; ++i) sensors.push_back(sensorOf(SensorKind::Incident, numbered("i", i)));
        SimulatorOptions o = quiet();
        o.incidentsPerSensorDay = 2;
        const Simulator sim(sensors, 99, o);
        double total = 0;
        for (const auto& s : sim.step(kWednesday, kWednesday + 28 * kDay)) total += s.value;
        const double perSensorDay = total / 50 / 28;
        QVERIFY2(perSensorDay > 1.6 && perSensorDay < 2.2, qPrintable(QString::number(perSensorDay)));
    }

    /// Real crashes are replayed at the nearest incident sensor on their
    /// weekday and time of day.
    void incidentsReplayRealCrashes() {
        std::vector<Sensor> sensors{sensorOf(SensorKind::Incident, "near", -71.1, 42.37),
                                    sensorOf(SensorKind::Incident, "far", -71.0, 42.30)};
        SimulatorOptions o = quiet();
        const int64_t crash = localMidnight(2012, 5, 16) + 14 * kHour + 10 * 60'000; // a Wednesday, 14:10
        o.crashes = {{"c1", crash, citytwin::gis::DVec2{-71.1005, 42.3702}, "Main St"},
                     {"c2", crash + 7 * kDay, citytwin::gis::DVec2{-71.0995, 42.3698}, ""},
                     {"c3", crash, citytwin::gis::DVec2{-70.5, 42.0}, "far from every sensor"},
                     {"c4", crash, std::nullopt, "no coordinates"}};
        const Simulator sim(sensors, 1, o);
        std::map<std::string, std::vector<SensorSample>> hits;
        for (const auto& s : sim.step(kWednesday, kWednesday + 14 * kDay))
            if (s.value > 0) hits[s.sensorId].push_back(s);
        QVERIFY(!hits.count("far"));
        QCOMPARE(hits["near"].size(), size_t(2));
        for (const auto& s : hits["near"]) {
            // The hourly slot holds Wednesday 14:10 local, one week after the other.
            const int64_t wednesday1410 = kWednesday + 14 * kHour + 10 * 60'000;
            int64_t at = (s.timeMs - wednesday1410) % (7 * kDay);
            if (at > 0) at -= 7 * kDay;
            QVERIFY2(at > -kHour && at <= 0, qPrintable(QStringLiteral("%1 %2").arg(at).arg(QDateTime::fromMSecsSinceEpoch(s.timeMs, QTimeZone::utc()).toString(Qt::ISODate))));
            QCOMPARE(s.value, 1.0);
        }
        QCOMPARE(hits["near"][1].timeMs - hits["near"][0].timeMs, 7 * kDay);
    }

    void demoNetworkIsAPlausibleMix() {
        const citytwin::gis::Extent2 extent{7.40, 43.72, 7.44, 43.75};
        const auto a = demoSensorNetwork(extent, 200, 5);
        QCOMPARE(a, demoSensorNetwork(extent, 200, 5));
        QVERIFY(a != demoSensorNetwork(extent, 200, 6));
        QCOMPARE(a.size(), size_t(200));
        std::map<SensorKind, int> kinds;
        std::set<std::string> ids;
        for (const auto& s : a) {
            ++kinds[s.kind];
            ids.insert(s.id);
            QVERIFY(s.lonLat && s.lonLat->x >= extent.minX && s.lonLat->x <= extent.maxX);
            QVERIFY(s.lonLat->y >= extent.minY && s.lonLat->y <= extent.maxY);
            QVERIFY(!s.unit.empty() || s.kind == SensorKind::CameraStatus || s.kind == SensorKind::Incident);
        }
        QCOMPARE(ids.size(), size_t(200));
        QVERIFY(kinds[SensorKind::TrafficFlow] >= 40);
        for (SensorKind k : {SensorKind::Parking, SensorKind::AirPm25, SensorKind::AirNo2, SensorKind::Noise,
                             SensorKind::AverageSpeed, SensorKind::Energy, SensorKind::WaterLevel,
                             SensorKind::CameraStatus, SensorKind::Incident})
            QVERIFY(kinds[k] >= 1);
        QVERIFY(demoSensorNetwork(extent, 0, 5).empty());
        // It simulates: an hour of the demo city gives samples of every sensor.
        const Simulator sim(a, 5, quiet());
        std::set<std::string> reporting;
        for (const auto& s : sim.step(kWednesday, kWednesday + kHour)) reporting.insert(s.sensorId);
        QCOMPARE(reporting.size(), size_t(200));
    }
};

int runSimulatorTests(int argc, char** argv) {
    TestSimulator t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_sensors_Simulator.moc"
