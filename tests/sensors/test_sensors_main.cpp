// Runs every test class of the sensors part of citytwin_data (parser, hub,
// MQTT feed against a real mosquitto, history, simulator, import); the exit
// code counts failures. `test_sensors TestSensorHub [QTest args...]` runs one
// class, so QTest's function names and options apply to it alone.
#include "test_sensors_Suites.h"

#include <QCoreApplication>

#include <cstring>
#include <vector>

namespace {

struct Suite {
    const char* name;
    int (*run)(int, char**);
};

const Suite kSuites[] = {
    {"TestPayloadParser", runPayloadParserTests},
    {"TestSensorHub", runSensorHubTests},
    {"TestMqttUrl", runMqttUrlTests},
    {"TestMqttFeed", runMqttFeedTests},
    {"TestCsvReader", runCsvReaderTests},
    {"TestSensorImport", runSensorImportTests},
    {"TestHistoryStore", runHistoryStoreTests},
    {"TestSimulator", runSimulatorTests},
    {"TestSimulateCli", runSimulateCliTests},
};

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    if (argc > 1) {
        for (const auto& suite : kSuites) {
            if (std::strcmp(argv[1], suite.name) != 0) continue;
            std::vector<char*> args{argv[0]};
            args.insert(args.end(), argv + 2, argv + argc);
            return suite.run(static_cast<int>(args.size()), args.data());
        }
    }
    int failures = 0;
    for (const auto& suite : kSuites) failures += suite.run(argc, argv);
    return failures;
}
