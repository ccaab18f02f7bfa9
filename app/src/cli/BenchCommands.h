#pragma once
// The benchmarks of `citytwin bench NAME`. Main thread; each returns the exit code.

namespace citytwin::app {

int runBenchSensors(int argc, char** argv); ///< citytwin bench sensors ... (options from argv[3])
void printBenchSensorsUsage();
int runBenchCity(int argc, char** argv);    ///< citytwin bench city ... (options from argv[3])
void printBenchCityUsage();
int runBenchFly(int argc, char** argv);     ///< citytwin bench fly ... (options from argv[3]; opens the window)
void printBenchFlyUsage();

} // namespace citytwin::app
