// Runs every test class of the sensors part of citytwin_data (parser, hub,
// MQTT feed against a real mosquitto, history, simulator, import, clock,
// alerts, palette, history surviving kill -9); the exit code counts failures.
// `test_sensors TestSensorHub [QTest args...]` runs one class, so QTest's
// function names and options apply to it alone.
#include "test_sensors_Suites.h"

#include <QCoreApplication>

#include "SuiteRunner.h"

namespace {

const citytwin::test::TestSuite kSuites[] = {
    {"TestPayloadParser", runPayloadParserTests},
    {"TestSensorHub", runSensorHubTests},
    {"TestMqttUrl", runMqttUrlTests},
    {"TestMqttFeed", runMqttFeedTests},
    {"TestCsvReader", runCsvReaderTests},
    {"TestSensorImport", runSensorImportTests},
    {"TestHistoryStore", runHistoryStoreTests},
    {"TestSimulator", runSimulatorTests},
    {"TestSimulateCli", runSimulateCliTests},
    {"TestSensorClock", runSensorClockTests},
    {"TestAlertLog", runAlertLogTests},
    {"TestSensorPalette", runSensorPaletteTests},
    {"TestHistoryKill", runHistoryKillTests},
};

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    return citytwin::test::runSuites(kSuites, argc, argv);
}
