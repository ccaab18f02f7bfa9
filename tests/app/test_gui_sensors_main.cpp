// Runs every sensor widget test class under one QApplication; the exit code
// counts failing classes. `test_gui_sensors TestAlertsDock [QTest args...]`
// runs one class.
#include "test_gui_sensors_Suites.h"

#include <QApplication>

#include "SuiteRunner.h"

namespace {

const citytwin::test::TestSuite kSuites[] = {
    {"TestAlertsDock", runAlertsDockTests},
    {"TestTimeBar", runTimeBarTests},
    {"TestSensorChart", runSensorChartTests},
    {"TestSensorPanels", runSensorPanelsTests},
    {"TestSensorDialogs", runSensorDialogsTests},
    {"TestSensorImportOgr", runSensorImportOgrTests},
    {"TestSensorBinding", runSensorBindingTests},
};

} // namespace

int main(int argc, char** argv)
{
    qputenv("CITYTWIN_NO_DIALOGS", "1");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("CityTwinTests"));
    return citytwin::test::runSuites(kSuites, argc, argv);
}
