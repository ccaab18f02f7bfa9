#pragma once
// The test classes of test_data, one per subject; main() runs them in turn.

int runMeshChunkCodecTests(int argc, char** argv);
int runLayerSpecJsonTests(int argc, char** argv);
int runLayerFingerprintTests(int argc, char** argv);
int runTileCacheTests(int argc, char** argv);
