#include "cache/FeatureRecordCodec.h"

#include "common/ByteReader.h"
#include "common/ByteWriter.h"

#include <algorithm>
#include <string>
#include <unordered_map>

namespace citytwin::data::detail {

namespace {

constexpr char kMagic[5] = "CTFR";
/// fid + source index + 4 doubles + attribute count: the least one feature takes.
constexpr size_t kMinFeatureBytes = 8 + 4 + 4 * 8 + 4;

gis::Result<bool> corrupt(const std::string& why) {
    return gis::Result<bool>::failure("corrupt feature block: " + why);
}

} // namespace

size_t FeatureRecordCodec::maxFeaturesIn(size_t bytes) { return bytes / kMinFeatureBytes; }

std::vector<uint8_t> FeatureRecordCodec::encode(const gis::FeatureRecord* features, size_t count) {
    std::unordered_map<std::string_view, uint32_t> keyIndex;
    std::vector<std::string_view> keys;
    for (size_t i = 0; i < count; ++i)
        for (const auto& [key, value] : features[i].attributes)
            if (keyIndex.emplace(key, static_cast<uint32_t>(keys.size())).second) keys.push_back(key);

    ByteWriter w;
    w.putMagic(kMagic);
    w.put<uint16_t>(kVersion);
    w.put<uint16_t>(0);
    w.put(static_cast<uint32_t>(count));
    w.put(static_cast<uint32_t>(keys.size()));
    for (auto key : keys) w.putString(key);
    for (size_t i = 0; i < count; ++i) {
        const auto& f = features[i];
        w.put<int64_t>(f.sourceFid);
        w.put<uint32_t>(f.sourceIndex);
        w.put<double>(f.heightMeters);
        w.put<double>(f.baseMeters);
        w.put<double>(f.centroid.x);
        w.put<double>(f.centroid.y);
        w.put(static_cast<uint32_t>(f.attributes.size()));
        for (const auto& [key, value] : f.attributes) {
            w.put<uint32_t>(keyIndex.at(key));
            w.putString(value);
        }
    }
    return w.take();
}

gis::Result<bool> FeatureRecordCodec::decodeAppend(const uint8_t* data, size_t size,
                                                   std::vector<gis::FeatureRecord>& out) {
    ByteReader r(data, size);
    if (!r.expectMagic(kMagic)) return corrupt("bad magic");
    uint16_t version = 0, flags = 0;
    uint32_t count = 0, keyCount = 0;
    if (!r.get(version) || !r.get(flags)) return corrupt("truncated header");
    if (version != kVersion) return corrupt("unsupported version " + std::to_string(version));
    if (!r.get(count) || !r.get(keyCount)) return corrupt("truncated header");
    if (keyCount > r.remaining() / 4) return corrupt("attribute name count too large");
    std::vector<std::string> keys(keyCount);
    for (auto& key : keys)
        if (!r.getString(key)) return corrupt("truncated attribute names");
    if (count > r.remaining() / kMinFeatureBytes) return corrupt("feature count too large");
    if (out.capacity() < out.size() + count) out.reserve(std::max(out.size() + count, 2 * out.capacity()));
    for (uint32_t i = 0; i < count; ++i) {
        gis::FeatureRecord f;
        uint32_t attributeCount = 0;
        if (!r.get(f.sourceFid) || !r.get(f.sourceIndex) || !r.get(f.heightMeters) ||
            !r.get(f.baseMeters) || !r.get(f.centroid.x) || !r.get(f.centroid.y) ||
            !r.get(attributeCount))
            return corrupt("truncated feature");
        if (attributeCount > r.remaining() / 8) return corrupt("attribute count too large");
        f.attributes.reserve(attributeCount);
        for (uint32_t a = 0; a < attributeCount; ++a) {
            uint32_t key = 0;
            std::string value;
            if (!r.get(key) || !r.getString(value)) return corrupt("truncated attribute");
            if (key >= keys.size()) return corrupt("attribute name index out of range");
            f.attributes.emplace_back(keys[key], std::move(value));
        }
        out.push_back(std::move(f));
    }
    if (!r.atEnd()) return corrupt("trailing bytes");
    return true;
}

} // namespace citytwin::data::detail
