#pragma once
// The test classes of test_gui_sensors, one per widget; main() runs them in turn.

int runAlertsDockTests(int argc, char** argv);
int runTimeBarTests(int argc, char** argv);
int runSensorChartTests(int argc, char** argv);
int runSensorPanelsTests(int argc, char** argv);
int runSensorDialogsTests(int argc, char** argv);
int runSensorImportOgrTests(int argc, char** argv);
int runSensorBindingTests(int argc, char** argv);
