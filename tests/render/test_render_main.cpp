// test_render: runs every render test class; non-zero if any failed.
#include "test_render_Suites.h"

#include <QCoreApplication>

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    int failed = 0;
    failed += citytwin::test::runCameraTests(argc, argv);
    failed += citytwin::test::runMergeQueueTests(argc, argv);
    failed += citytwin::test::runRenderSceneTests(argc, argv);
    failed += citytwin::test::runBostonReferenceTests(argc, argv);
    failed += citytwin::test::runRenderGroundTests(argc, argv);
    failed += citytwin::test::runRenderLayersTests(argc, argv);
    failed += citytwin::test::runRenderOverlayTests(argc, argv);
    return failed == 0 ? 0 : 1;
}
