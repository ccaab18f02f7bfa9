#include "citytwin/gis/FlatNormals.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

namespace citytwin::gis {

namespace {

/// The unit normal of triangle t (first index) into n; false for zero area.
bool faceNormal(const MeshChunk& c, size_t t, float n[3])
{
    const float* p0 = &c.positions[3 * size_t(c.indices[t])];
    const float* p1 = &c.positions[3 * size_t(c.indices[t + 1])];
    const float* p2 = &c.positions[3 * size_t(c.indices[t + 2])];
    const double ax = double(p1[0]) - p0[0], ay = double(p1[1]) - p0[1], az = double(p1[2]) - p0[2];
    const double bx = double(p2[0]) - p0[0], by = double(p2[1]) - p0[1], bz = double(p2[2]) - p0[2];
    const double nx = ay * bz - az * by, ny = az * bx - ax * bz, nz = ax * by - ay * bx;
    const double len = std::sqrt(nx * nx + ny * ny + nz * nz);
    if (!(len > 0) || !std::isfinite(len)) return false;
    n[0] = float(nx / len);
    n[1] = float(ny / len);
    n[2] = float(nz / len);
    return true;
}

constexpr float kUnset = std::numeric_limits<float>::infinity(); // no unit normal has it

/// deriveFlatNormals into `normals` (3 per vertex of `c`), reading only
/// positions and indices.
void flatNormalsInto(const MeshChunk& c, float* normals, size_t firstVertex, size_t firstIndex)
{
    const size_t vertices = c.vertexCount();
    for (size_t v = firstVertex; v < vertices; ++v) normals[3 * v] = kUnset;
    // One pass: a provoking vertex always takes the face's normal (so the
    // last such face wins); another vertex only while unset (the first face).
    float n[3];
    for (size_t t = firstIndex; t + 2 < c.indices.size(); t += 3) {
        if (!faceNormal(c, t, n)) continue;
        std::memcpy(&normals[3 * size_t(c.indices[t + 2])], n, sizeof n);
        for (int k = 0; k < 2; ++k) {
            float* out = &normals[3 * size_t(c.indices[t + k])];
            if (out[0] == kUnset) std::memcpy(out, n, sizeof n);
        }
    }
    for (size_t v = firstVertex; v < vertices; ++v)
        if (normals[3 * v] == kUnset) {
            normals[3 * v] = 0;
            normals[3 * v + 1] = 0;
            normals[3 * v + 2] = 1;
        }
}

} // namespace

void deriveFlatNormals(MeshChunk& c, size_t firstVertex, size_t firstIndex)
{
    c.normals.resize(3 * c.vertexCount());
    flatNormalsInto(c, c.normals.data(), firstVertex, firstIndex);
}

bool hasDerivedFlatNormals(const MeshChunk& chunk)
{
    if (chunk.normals.empty() || chunk.normals.size() != 3 * chunk.vertexCount()) return false;
    std::vector<float> derived(chunk.normals.size());
    flatNormalsInto(chunk, derived.data(), 0, 0);
    return std::memcmp(derived.data(), chunk.normals.data(), derived.size() * sizeof(float)) == 0;
}

} // namespace citytwin::gis
