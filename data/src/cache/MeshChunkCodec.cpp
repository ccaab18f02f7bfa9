#include "citytwin/data/MeshChunkCodec.h"

#include "citytwin/gis/FlatNormals.h"
#include "common/ByteReader.h"
#include "common/ByteWriter.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <string>

namespace citytwin::data {

namespace {

constexpr char kMagic[5] = "CTMC";
constexpr size_t kHeaderBytes = 4 + 2 + 2 + 3 * 4 + 3 * 8;
/// Meshes of up to this many vertices store 16-bit indices.
constexpr size_t kMaxShortIndexVertices = 65536;

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

namespace {

/// Bit pattern of a normal: runs compare bits, so -0.0 and NaNs come back exactly.
std::array<uint32_t, 3> normalBits(const gis::MeshChunk& chunk, size_t v) {
    std::array<uint32_t, 3> bits;
    std::memcpy(bits.data(), &chunk.normals[3 * v], sizeof bits);
    return bits;
}

/// In place of a normal run count: the normals are gis::deriveFlatNormals'.
constexpr uint32_t kDerivedNormals = 0xffffffffu;

void putNormalRuns(detail::ByteWriter& w, const gis::MeshChunk& chunk) {
    const size_t vertices = chunk.vertexCount();
    if (chunk.normals.empty()) {
        w.put<uint32_t>(0);
        return;
    }
    if (gis::hasDerivedFlatNormals(chunk)) {
        w.put(kDerivedNormals);
        return;
    }
    std::vector<uint32_t> runs; // (length, x, y, z bits) per run
    for (size_t v = 0; v < vertices;) {
        const auto bits = normalBits(chunk, v);
        size_t end = v + 1;
        while (end < vertices && normalBits(chunk, end) == bits) ++end;
        runs.insert(runs.end(), {static_cast<uint32_t>(end - v), bits[0], bits[1], bits[2]});
        v = end;
    }
    w.put(static_cast<uint32_t>(runs.size() / 4));
    w.putArray(runs.data(), runs.size());
}

void putFeatureRuns(detail::ByteWriter& w, const gis::MeshChunk& chunk) {
    std::vector<uint32_t> runs; // (feature id, length) per run
    const auto& ids = chunk.featureIds;
    for (size_t v = 0; v < ids.size();) {
        size_t end = v + 1;
        while (end < ids.size() && ids[end] == ids[v]) ++end;
        runs.insert(runs.end(), {ids[v], static_cast<uint32_t>(end - v)});
        v = end;
    }
    w.put(static_cast<uint32_t>(runs.size() / 2));
    w.putArray(runs.data(), runs.size());
}

void putIndices(detail::ByteWriter& w, const gis::MeshChunk& chunk) {
    w.put(static_cast<uint32_t>(chunk.indices.size()));
    if (chunk.vertexCount() > kMaxShortIndexVertices) {
        w.put<uint8_t>(4);
        w.putArray(chunk.indices.data(), chunk.indices.size());
        return;
    }
    w.put<uint8_t>(2);
    const std::vector<uint16_t> narrow(chunk.indices.begin(), chunk.indices.end());
    w.putArray(narrow.data(), narrow.size());
}

bool getNormalRuns(detail::ByteReader& r, size_t vertices, std::vector<float>& normals, bool& derived,
                   std::string& problem) {
    uint32_t runCount = 0;
    if (!r.get(runCount)) return false;
    derived = runCount == kDerivedNormals;
    if (runCount == 0 || derived) return true;
    if (runCount > r.remaining() / 16) return false;
    std::vector<uint32_t> runs(size_t(runCount) * 4);
    if (!r.getArray(runs.data(), runs.size())) return false;
    normals.resize(3 * vertices);
    size_t v = 0;
    for (size_t k = 0; k < runs.size(); k += 4) {
        const uint32_t length = runs[k];
        if (length == 0 || length > vertices - v) {
            problem = "normal runs do not cover the " + std::to_string(vertices) + " vertices";
            return true;
        }
        for (const size_t end = v + length; v < end; ++v) std::memcpy(&normals[3 * v], &runs[k + 1], 12);
    }
    if (v != vertices) problem = "normal runs do not cover the " + std::to_string(vertices) + " vertices";
    return true;
}

bool getFeatureRuns(detail::ByteReader& r, size_t vertices, std::vector<uint32_t>& ids, std::string& problem) {
    uint32_t runCount = 0;
    if (!r.get(runCount)) return false;
    if (runCount > r.remaining() / 8) return false;
    std::vector<uint32_t> runs(size_t(runCount) * 2);
    if (!r.getArray(runs.data(), runs.size())) return false;
    ids.reserve(vertices);
    for (size_t k = 0; k < runs.size(); k += 2) {
        if (runs[k + 1] == 0 || runs[k + 1] > vertices - ids.size()) {
            problem = "feature id runs do not cover the " + std::to_string(vertices) + " vertices";
            return true;
        }
        ids.insert(ids.end(), runs[k + 1], runs[k]);
    }
    if (ids.size() != vertices) problem = "feature id runs do not cover the " + std::to_string(vertices) + " vertices";
    return true;
}

bool getIndices(detail::ByteReader& r, std::vector<uint32_t>& indices, std::string& problem) {
    uint32_t count = 0;
    uint8_t width = 0;
    if (!r.get(count) || !r.get(width)) return false;
    if (width != 2 && width != 4) {
        problem = "index width " + std::to_string(width);
        return true;
    }
    if (count > r.remaining() / width) return false;
    if (width == 4) {
        indices.resize(count);
        return r.getArray(indices.data(), count);
    }
    std::vector<uint16_t> narrow(count);
    if (!r.getArray(narrow.data(), count)) return false;
    indices.assign(narrow.begin(), narrow.end());
    return true;
}

} // namespace

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
    w.reserve(kHeaderBytes + 17 + 4 * (chunk.positions.size() + chunk.indices.size()));
    w.putMagic(kMagic);
    w.put<uint16_t>(kVersion);
    w.put<uint16_t>(0);
    w.put<int32_t>(chunk.tile.x);
    w.put<int32_t>(chunk.tile.y);
    w.put<int32_t>(chunk.tile.level);
    w.put<double>(chunk.origin.x);
    w.put<double>(chunk.origin.y);
    w.put<double>(chunk.origin.z);
    w.put(static_cast<uint32_t>(chunk.vertexCount()));
    w.putArray(chunk.positions.data(), chunk.positions.size());
    putNormalRuns(w, chunk);
    putFeatureRuns(w, chunk);
    putIndices(w, chunk);
    return w.take();
}

gis::Result<gis::MeshChunk> MeshChunkCodec::decode(const uint8_t* data, size_t size) {
    if (data == nullptr && size != 0) return corrupt("null data");
    detail::ByteReader r(data, size);
    if (!r.expectMagic(kMagic)) return corrupt("not a CityTwin mesh (bad magic)");
    uint16_t version = 0, flags = 0;
    if (!r.get(version) || !r.get(flags)) return corrupt("truncated header");
    if (version != kVersion && version != kVersionWithoutDerivedNormals)
        return corrupt("unsupported version " + std::to_string(version) + " (this build reads " +
                       std::to_string(kVersion) + ")");
    gis::MeshChunk chunk;
    uint32_t vertices = 0;
    if (!r.get(chunk.tile.x) || !r.get(chunk.tile.y) || !r.get(chunk.tile.level) ||
        !r.get(chunk.origin.x) || !r.get(chunk.origin.y) || !r.get(chunk.origin.z) || !r.get(vertices))
        return corrupt("truncated header");
    if (vertices > r.remaining() / 12) return corrupt("truncated positions");
    chunk.positions.resize(size_t(vertices) * 3);
    std::string problem;
    bool derivedNormals = false;
    if (!r.getArray(chunk.positions.data(), chunk.positions.size()) ||
        !getNormalRuns(r, vertices, chunk.normals, derivedNormals, problem) || !problem.empty() ||
        !getFeatureRuns(r, vertices, chunk.featureIds, problem) || !problem.empty() ||
        !getIndices(r, chunk.indices, problem) || !problem.empty())
        return corrupt(problem.empty() ? std::string("truncated arrays") : problem);
    if (!r.atEnd()) return corrupt(std::to_string(r.remaining()) + " trailing bytes");
    if (std::string invalid = validate(chunk); !invalid.empty()) return corrupt(invalid);
    if (derivedNormals) gis::deriveFlatNormals(chunk); // indices checked above
    return chunk;
}

} // namespace citytwin::data
