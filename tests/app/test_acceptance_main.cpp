// test_acceptance: runs every acceptance test class; non-zero if any failed.
#include "test_acceptance_Suites.h"

#include <QCoreApplication>

int main(int argc, char** argv)
{
    qputenv("GDAL_PAM_ENABLED", "NO"); // never write .aux.xml next to the shared data
    QCoreApplication app(argc, argv);
    int failed = 0;
    failed += citytwin::test::runAcceptanceBadInputTests(argc, argv);
    failed += citytwin::test::runAcceptanceDelftTests(argc, argv);
    failed += citytwin::test::runAcceptanceBostonTests(argc, argv);
    failed += citytwin::test::runAcceptanceMonacoTests(argc, argv);
    return failed == 0 ? 0 : 1;
}
