#pragma once
// The test classes of test_data, one per subject; main() runs them in turn.

int runMeshChunkCodecTests(int argc, char** argv);
int runLayerSpecJsonTests(int argc, char** argv);
int runLayerFingerprintTests(int argc, char** argv);
int runTileCacheTests(int argc, char** argv);
int runLayerStyleJsonTests(int argc, char** argv);
int runFilterExpressionTests(int argc, char** argv);
int runStyleBuilderTests(int argc, char** argv);
int runStyleEvaluatorTests(int argc, char** argv);
int runProjectStoreTests(int argc, char** argv);
