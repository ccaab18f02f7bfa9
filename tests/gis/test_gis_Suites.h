#pragma once
// One runner per test class (each class lives in its own .cpp).

int runAttributeListTest(int argc, char** argv);
int runHeightRuleTest(int argc, char** argv);
int runCrsTest(int argc, char** argv);
int runExtrusionTest(int argc, char** argv);
int runImportTest(int argc, char** argv);
int runAttributeTextTest(int argc, char** argv);
int runGpkgDirectTest(int argc, char** argv);
int runBadInputTest(int argc, char** argv);
int runDemoCityTest(int argc, char** argv);
int runRasterTerrainTest(int argc, char** argv);
int runRasterImageryTest(int argc, char** argv);
int runDrapingTest(int argc, char** argv);
int runVectorLayersTest(int argc, char** argv);
int runFootprintPathsTest(int argc, char** argv);
