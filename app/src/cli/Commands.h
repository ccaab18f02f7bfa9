#pragma once
// Headless subcommands of the citytwin executable. Each returns the process
// exit code and prints diagnostics to stderr. Main thread.

namespace citytwin::app {

int runRenderCommand(int argc, char** argv);   ///< citytwin render ...
int runGenerateCommand(int argc, char** argv); ///< citytwin generate ...
int runImportCommand(int argc, char** argv);   ///< citytwin import --project P INPUT...
int runSimulateCommand(int argc, char** argv); ///< citytwin simulate --broker URL ...
int runBenchCommand(int argc, char** argv);    ///< citytwin bench NAME ... (bench sensors)
void printUsage();                             ///< citytwin --help
void printVersion();                           ///< citytwin --version

} // namespace citytwin::app
