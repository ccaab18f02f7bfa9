// Runs the test classes of the app's sensor core (SensorSession, SensorBinder);
// the exit code counts failing classes. `test_sensor_session TestSensorBinder
// [QTest args...]` runs one class.
#include "test_sensor_session_Suites.h"

#include <QCoreApplication>

#include "SuiteRunner.h"

namespace {

const citytwin::test::TestSuite kSuites[] = {
    {"TestSensorSession", runSensorSessionTests},
    {"TestSensorBinder", runSensorBinderTests},
};

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    return citytwin::test::runSuites(kSuites, argc, argv);
}
