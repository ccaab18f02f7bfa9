#pragma once
// main() of a test executable holding several Qt Test classes: runs them all
// (the exit code counts failing classes), or with `exe TestClass [QTest
// args...]` just that class, so QTest's function names and options apply to it.

#include <cstring>
#include <vector>

namespace citytwin::test {

struct TestSuite {
    const char* name;
    int (*run)(int, char**);
};

template <size_t N>
int runSuites(const TestSuite (&suites)[N], int argc, char** argv)
{
    if (argc > 1) {
        for (const auto& suite : suites) {
            if (std::strcmp(argv[1], suite.name) != 0) continue;
            std::vector<char*> args{argv[0]};
            args.insert(args.end(), argv + 2, argv + argc);
            return suite.run(static_cast<int>(args.size()), args.data());
        }
    }
    int failures = 0;
    for (const auto& suite : suites) failures += suite.run(argc, argv) != 0 ? 1 : 0;
    return failures;
}

} // namespace citytwin::test
