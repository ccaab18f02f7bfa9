#pragma once
// The test classes of test_sensors, one per subject; main() runs them in turn.

int runPayloadParserTests(int argc, char** argv);
int runSensorHubTests(int argc, char** argv);
int runMqttUrlTests(int argc, char** argv);
int runMqttFeedTests(int argc, char** argv);
int runCsvReaderTests(int argc, char** argv);
int runSensorImportTests(int argc, char** argv);
int runHistoryStoreTests(int argc, char** argv);
int runSimulatorTests(int argc, char** argv);
int runSimulateCliTests(int argc, char** argv);
int runSensorClockTests(int argc, char** argv);
int runAlertLogTests(int argc, char** argv);
int runSensorPaletteTests(int argc, char** argv);
int runHistoryKillTests(int argc, char** argv);
