#include "test_gis_Suites.h"

#include <QCoreApplication>

int main(int argc, char** argv)
{
    qputenv("GDAL_PAM_ENABLED", "NO");
    QCoreApplication app(argc, argv);
    int failures = 0;
    failures += runAttributeListTest(argc, argv);
    failures += runHeightRuleTest(argc, argv);
    failures += runCrsTest(argc, argv);
    failures += runExtrusionTest(argc, argv);
    failures += runImportTest(argc, argv);
    failures += runAttributeTextTest(argc, argv);
    failures += runGpkgDirectTest(argc, argv);
    failures += runBadInputTest(argc, argv);
    failures += runDemoCityTest(argc, argv);
    failures += runDrapingTest(argc, argv);
    failures += runVectorLayersTest(argc, argv);
    failures += runFootprintPathsTest(argc, argv);
    failures += runRasterTerrainTest(argc, argv);
    failures += runRasterImageryTest(argc, argv);
    return failures == 0 ? 0 : 1;
}
