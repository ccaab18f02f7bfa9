// SensorPalette: status colours a user tells apart, and value colours on a
// fixed domain per kind (high traffic red, slow speed red, clamped outside).
#include "citytwin/data/sensors/SensorPalette.h"

#include "test_sensors_Suites.h"

#include <QtTest>

#include <set>
#include <tuple>

using namespace citytwin::data;

namespace {

const Rgb kRed{215, 25, 28};   // rdylgn's red end
const Rgb kGreen{26, 150, 65}; // rdylgn's green end

} // namespace

class TestSensorPalette : public QObject {
    Q_OBJECT

private slots:
    void statusColoursAreDistinct() {
        std::set<std::tuple<int, int, int>> seen;
        for (SensorStatus s : {SensorStatus::Ok, SensorStatus::Warning, SensorStatus::Critical, SensorStatus::Stale,
                               SensorStatus::Offline}) {
            const Rgb c = statusColor(s);
            seen.insert({c.r, c.g, c.b});
        }
        QCOMPARE(seen.size(), size_t(5));
        QVERIFY(statusColor(SensorStatus::Critical).r > statusColor(SensorStatus::Critical).g); // red
        QVERIFY(statusColor(SensorStatus::Ok).g > statusColor(SensorStatus::Ok).r);             // green
    }

    void valueColoursFollowFixedDomains() {
        QCOMPARE(valueDomain(SensorKind::TrafficFlow), (ValueDomain{0, 2000, "rdylgn", true}));
        QCOMPARE(valueColor(SensorKind::TrafficFlow, 0), kGreen);
        QCOMPARE(valueColor(SensorKind::TrafficFlow, 2000), kRed);
        QCOMPARE(valueColor(SensorKind::TrafficFlow, 5000), kRed); // clamped
        QCOMPARE(valueColor(SensorKind::AverageSpeed, 0), kRed);   // slow is bad
        QCOMPARE(valueColor(SensorKind::AverageSpeed, 60), kGreen);
        QCOMPARE(valueColor(SensorKind::AirPm25, 75), kRed);
        QCOMPARE(valueColor(SensorKind::Noise, 35), kGreen);
        QCOMPARE(valueColor(SensorKind::Noise, 20), kGreen); // below the domain: clamped
        QVERIFY(valueColor(SensorKind::TrafficFlow, 1000) != kRed);
        QVERIFY(valueColor(SensorKind::TrafficFlow, 1000) != kGreen);
    }
};

int runSensorPaletteTests(int argc, char** argv) {
    TestSensorPalette t;
    return QTest::qExec(&t, argc, argv);
}

#include "test_sensors_Palette.moc"
