#include "citytwin/data/MeshChunkCodec.h"

#include "common/ByteReader.h"
#include "common/ByteWriter.h"

#include <algorithm>
#include <limits>
#include <string>

namespace citytwin::data {

namespace {

constexpr char kMagic[5] = "CTMC";
constexpr size_t kHeaderBytes = 4 + 2 + 2 + 3 * 4 + 3 * 8;

gis::Result<gis::MeshChunk> corrupt(const std::string& why) {
    return gis::Result<gis::MeshChunk>::failure("corrupt mesh blob: " + why);
}

} // namespace

std::string MeshChunkCodec::validate(const gis::MeshChunk& chunk) {
    const size_t vertices = chunk.featureIds.size();
    if (chunk.positions.size() != vertices * 3)
        return "positions hold " + std::to_string(chunk.positions.size()) + " floats for " +
               std::to_string(vertices) + " vertices";
    if (!chunk.normals.empty() && chunk.normals.size() != vertices * 3)
        return "normals hold " + std::to_string(chunk.normals.size()) + " floats for " +
               std::to_string(vertices) + " vertices";
    if (chunk.indices.size() % 3 != 0)
        return "index count " + std::to_string(chunk.indices.size()) + " is not whole triangles";
    const auto outside = std::find_if(chunk.indices.begin(), chunk.indices.end(),
                                      [vertices](uint32_t i) { return i >= vertices; });
    if (outside != chunk.indices.end())
        return "index " + std::to_string(*outside) + " outside " + std::to_string(vertices) +
               " vertices";
    return {};
}

gis::Result<std::vector<uint8_t>> MeshChunkCodec::encode(const gis::MeshChunk& chunk) {
    using R = gis::Result<std::vector<uint8_t>>;
    if (std::string problem = validate(chunk); !problem.empty())
        return R::failure("cannot encode mesh of tile (" + std::to_string(chunk.tile.x) + ", " +
                          std::to_string(chunk.tile.y) + ", " + std::to_string(chunk.tile.level) +
                          "): " + problem);
    constexpr size_t kMax = std::numeric_limits<uint32_t>::max();
    if (chunk.positions.size() > kMax || chunk.indices.size() > kMax)
        return R::failure("mesh too large for one tile blob");

    detail::ByteWriter w;
    w.reserve(kHeaderBytes + 4 * 4 +
              4 * (chunk.positions.size() + chunk.normals.size() + chunk.featureIds.size() +
                   chunk.indices.size()));
    w.putMagic(kMagic);
    w.put<uint16_t>(kVersion);
    w.put<uint16_t>(0);
    w.put<int32_t>(chunk.tile.x);
    w.put<int32_t>(chunk.tile.y);
    w.put<int32_t>(chunk.tile.level);
    w.put<double>(chunk.origin.x);
    w.put<double>(chunk.origin.y);
    w.put<double>(chunk.origin.z);
    w.put(static_cast<uint32_t>(chunk.positions.size()));
    w.putArray(chunk.positions.data(), chunk.positions.size());
    w.put(static_cast<uint32_t>(chunk.normals.size()));
    w.putArray(chunk.normals.data(), chunk.normals.size());
    w.put(static_cast<uint32_t>(chunk.featureIds.size()));
    w.putArray(chunk.featureIds.data(), chunk.featureIds.size());
    w.put(static_cast<uint32_t>(chunk.indices.size()));
    w.putArray(chunk.indices.data(), chunk.indices.size());
    return w.take();
}

gis::Result<gis::MeshChunk> MeshChunkCodec::decode(const uint8_t* data, size_t size) {
    if (data == nullptr && size != 0) return corrupt("null data");
    detail::ByteReader r(data, size);
    if (!r.expectMagic(kMagic)) return corrupt("not a CityTwin mesh (bad magic)");
    uint16_t version = 0, flags = 0;
    if (!r.get(version) || !r.get(flags)) return corrupt("truncated header");
    if (version != kVersion)
        return corrupt("unsupported version " + std::to_string(version) + " (this build reads " +
                       std::to_string(kVersion) + ")");
    gis::MeshChunk chunk;
    if (!r.get(chunk.tile.x) || !r.get(chunk.tile.y) || !r.get(chunk.tile.level) ||
        !r.get(chunk.origin.x) || !r.get(chunk.origin.y) || !r.get(chunk.origin.z))
        return corrupt("truncated header");
    if (!r.getVector(chunk.positions) || !r.getVector(chunk.normals) ||
        !r.getVector(chunk.featureIds) || !r.getVector(chunk.indices))
        return corrupt("truncated arrays");
    if (!r.atEnd()) return corrupt(std::to_string(r.remaining()) + " trailing bytes");
    if (std::string problem = validate(chunk); !problem.empty()) return corrupt(problem);
    return chunk;
}

} // namespace citytwin::data
