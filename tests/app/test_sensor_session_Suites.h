#pragma once
// The test classes of test_sensor_session, one per subject; main() runs them in turn.

int runSensorSessionTests(int argc, char** argv);
int runSensorBinderTests(int argc, char** argv);
