#pragma once
// Acceptance tests on the real data in ../shared/data: one Qt Test
// class per city (and one for bad input); each .cpp exposes a runner.

namespace citytwin::test {
int runAcceptanceBostonTests(int argc, char** argv);
int runAcceptanceMonacoTests(int argc, char** argv);
int runAcceptanceDelftTests(int argc, char** argv);
int runAcceptanceBadInputTests(int argc, char** argv);
} // namespace citytwin::test
