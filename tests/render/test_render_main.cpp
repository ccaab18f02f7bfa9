// test_render: runs every render test class; the exit code counts failing
// classes. `test_render TestRenderSensors [QTest args...]` runs one class, so
// QTest's function names and options apply to it alone.
#include "test_render_Suites.h"

#include <QCoreApplication>

#include "SuiteRunner.h"

namespace {

using namespace citytwin::test;

const TestSuite kSuites[] = {
    {"TestCamera", runCameraTests},
    {"TestMergeQueue", runMergeQueueTests},
    {"TestRenderScene", runRenderSceneTests},
    {"TestBostonReference", runBostonReferenceTests},
    {"TestRenderGround", runRenderGroundTests},
    {"TestRenderLayers", runRenderLayersTests},
    {"TestRenderOverlay", runRenderOverlayTests},
    {"TestRenderSensors", runRenderSensorsTests},
    {"TestRenderPicking", runRenderPickingTests},
    {"TestRenderLod", runRenderLodTests},
    {"TestRenderPaging", runRenderPagingTests},
};

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    return runSuites(kSuites, argc, argv);
}
