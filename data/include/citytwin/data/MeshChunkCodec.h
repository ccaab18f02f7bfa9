#pragma once
// Binary form of a gis::MeshChunk for the tile cache.

#include "citytwin/gis/MeshChunk.h"
#include "citytwin/gis/Result.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace citytwin::data {

/// Encodes a MeshChunk as a compact little-endian blob and back.
///
/// Layout (version 3): magic "CTMC", u16 version, u16 flags (0), i32 tile
/// x/y/level, f64 origin x/y/z, u32 vertex count, then
///  - positions: 3 f32 per vertex, raw;
///  - normals: u32 run count, then per run u32 length + 3 f32 (0 runs: no
///    normals) — a roof shares one normal; or, instead of the count,
///    0xffffffff when the normals are exactly gis::deriveFlatNormals' (as
///    every extruded building's and coarse mesh's are): none stored, the
///    decoder derives them, bit for bit (a quarter of a building layer's
///    bytes). Version 2, the same without that, is still read;
///  - feature ids: u32 run count, then per run u32 id + u32 length — a
///    building's vertices are consecutive;
///  - indices: u32 count, u8 width (2 when the mesh has at most 65,536
///    vertices, else 4), the values.
/// Runs compare bit patterns, so every value round-trips exactly; a built
/// building layer encodes to about half of its raw arrays, which halves what
/// the tile cache writes and reads. (Version 1 stored the four arrays raw.)
/// Decoding validates every size before reading and the mesh's consistency
/// (positions and normals 3 per vertex, whole triangles, indices inside the
/// vertex range), so a truncated or corrupt blob gives a failed Result and
/// never an over-read — nor a mesh that would make the renderer over-read.
/// No checksum: float payloads are not re-verified bit for bit.
///
/// Stateless and pure: any thread.
class MeshChunkCodec {
public:
    static constexpr uint16_t kVersion = 3;
    static constexpr uint16_t kVersionWithoutDerivedNormals = 2;

    /// Fails if the chunk is inconsistent (see validate) or too large for
    /// 32-bit counts.
    static gis::Result<std::vector<uint8_t>> encode(const gis::MeshChunk& chunk);

    static gis::Result<gis::MeshChunk> decode(const uint8_t* data, size_t size);
    static gis::Result<gis::MeshChunk> decode(const std::vector<uint8_t>& blob) {
        return decode(blob.data(), blob.size());
    }

    /// Empty string when the chunk is a well-formed mesh: positions.size() ==
    /// 3 × vertexCount, normals empty or 3 × vertexCount, indices a multiple
    /// of 3 and each < vertexCount. Otherwise what is wrong.
    static std::string validate(const gis::MeshChunk& chunk);
};

} // namespace citytwin::data
