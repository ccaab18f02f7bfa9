#pragma once
// One Qt Test class per subject; each .cpp exposes a runner.

namespace citytwin::test {
int runRenderSceneTests(int argc, char** argv);
int runMergeQueueTests(int argc, char** argv);
int runCameraTests(int argc, char** argv);
int runBostonReferenceTests(int argc, char** argv);
int runRenderGroundTests(int argc, char** argv);
int runRenderLayersTests(int argc, char** argv);
int runRenderOverlayTests(int argc, char** argv);
int runRenderSensorsTests(int argc, char** argv);
int runRenderPickingTests(int argc, char** argv);
int runRenderLodTests(int argc, char** argv);
int runRenderPagingTests(int argc, char** argv);
} // namespace citytwin::test
