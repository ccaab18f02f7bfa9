// Runs every test class of citytwin_data; the exit code counts failures.
// `test_data TestTileCache [QTest args...]` runs one class, so QTest's
// function names and options apply to it alone.
#include "test_data_Suites.h"

#include <QCoreApplication>

#include "SuiteRunner.h"

namespace {

const citytwin::test::TestSuite kSuites[] = {
    {"TestMeshChunkCodec", runMeshChunkCodecTests},
    {"TestLayerSpecJson", runLayerSpecJsonTests},
    {"TestLayerFingerprint", runLayerFingerprintTests},
    {"TestTileCache", runTileCacheTests},
    {"TestLayerStyleJson", runLayerStyleJsonTests},
    {"TestFilterExpression", runFilterExpressionTests},
    {"TestStyleBuilder", runStyleBuilderTests},
    {"TestStyleEvaluator", runStyleEvaluatorTests},
    {"TestProjectStore", runProjectStoreTests},
};

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    return citytwin::test::runSuites(kSuites, argc, argv);
}
