#pragma once
// Appends vertices and triangles of one feature to a MeshChunk.

#include "citytwin/gis/MeshChunk.h"

namespace citytwin::gis {

/// Positions are given in the scene CRS and stored relative to chunk.origin.
/// Pure helper; any thread (one chunk per thread).
class MeshWriter {
public:
    MeshWriter(MeshChunk& chunk, uint32_t featureId) : m_chunk(chunk), m_featureId(featureId) {}

    uint32_t nextIndex() const { return static_cast<uint32_t>(m_chunk.vertexCount()); }

    uint32_t vertex(double x, double y, double z, float nx, float ny, float nz)
    {
        const uint32_t index = nextIndex();
        m_chunk.positions.insert(m_chunk.positions.end(),
                                 {static_cast<float>(x - m_chunk.origin.x), static_cast<float>(y - m_chunk.origin.y),
                                  static_cast<float>(z - m_chunk.origin.z)});
        m_chunk.normals.insert(m_chunk.normals.end(), {nx, ny, nz});
        m_chunk.featureIds.push_back(m_featureId);
        return index;
    }

    void triangle(uint32_t a, uint32_t b, uint32_t c) { m_chunk.indices.insert(m_chunk.indices.end(), {a, b, c}); }

private:
    MeshChunk& m_chunk;
    uint32_t m_featureId;
};

} // namespace citytwin::gis
