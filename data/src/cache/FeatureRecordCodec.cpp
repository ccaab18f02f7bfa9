#include "cache/FeatureRecordCodec.h"

#include "common/ByteWriter.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
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

namespace {

/// Reads a feature block's fields in place. Like ByteReader, but a string
/// comes back as a view of the blob, so each attribute value is built once,
/// straight into its record (decoding a million features is mostly this).
class BlockCursor {
public:
    BlockCursor(const uint8_t* data, size_t size) : m_p(data), m_end(data + size) {}

    size_t remaining() const { return static_cast<size_t>(m_end - m_p); }

    template <typename T>
    bool get(T& value) {
        static_assert(std::is_arithmetic_v<T>);
        if (remaining() < sizeof(T)) return false;
        std::memcpy(&value, m_p, sizeof(T));
        if constexpr (std::endian::native == std::endian::big && sizeof(T) > 1) {
            auto* bytes = reinterpret_cast<uint8_t*>(&value);
            std::reverse(bytes, bytes + sizeof(T));
        }
        m_p += sizeof(T);
        return true;
    }

    bool getString(std::string_view& out) {
        uint32_t length = 0;
        if (!get(length) || length > remaining()) return false;
        out = {reinterpret_cast<const char*>(m_p), length};
        m_p += length;
        return true;
    }

private:
    const uint8_t* m_p;
    const uint8_t* m_end;
};

/// Reads the header up to the attribute names; the cursor is left on the first feature.
gis::Result<bool> readHeader(BlockCursor& r, uint32_t& count, uint32_t& keyCount) {
    uint16_t version = 0, flags = 0;
    char magic[4] = {};
    for (char& c : magic)
        if (!r.get(c)) return corrupt("bad magic");
    if (std::memcmp(magic, kMagic, 4) != 0) return corrupt("bad magic");
    if (!r.get(version) || !r.get(flags)) return corrupt("truncated header");
    if (version != FeatureRecordCodec::kVersion) return corrupt("unsupported version " + std::to_string(version));
    if (!r.get(count) || !r.get(keyCount)) return corrupt("truncated header");
    if (keyCount > r.remaining() / 4) return corrupt("attribute name count too large");
    return true;
}

} // namespace

std::optional<uint32_t> FeatureRecordCodec::featureCount(const uint8_t* data, size_t size) {
    BlockCursor r(data, size);
    uint32_t count = 0, keyCount = 0;
    if (!readHeader(r, count, keyCount)) return std::nullopt;
    return count;
}

gis::Result<bool> FeatureRecordCodec::decodeInto(const uint8_t* data, size_t size, gis::FeatureRecord* out,
                                                 size_t expected) {
    BlockCursor r(data, size);
    uint32_t count = 0, keyCount = 0;
    if (auto header = readHeader(r, count, keyCount); !header) return header;
    if (count != expected) return corrupt("holds " + std::to_string(count) + " features, not " + std::to_string(expected));
    std::vector<std::string_view> keys(keyCount);
    for (auto& key : keys)
        if (!r.getString(key)) return corrupt("truncated attribute names");
    if (count > r.remaining() / kMinFeatureBytes) return corrupt("feature count too large");
    std::vector<gis::AttributeList::value_type> entries; // one feature's, reused
    for (uint32_t i = 0; i < count; ++i) {
        gis::FeatureRecord& f = out[i];
        uint32_t attributeCount = 0;
        if (!r.get(f.sourceFid) || !r.get(f.sourceIndex) || !r.get(f.heightMeters) ||
            !r.get(f.baseMeters) || !r.get(f.centroid.x) || !r.get(f.centroid.y) ||
            !r.get(attributeCount))
            return corrupt("truncated feature");
        if (attributeCount > r.remaining() / 8) return corrupt("attribute count too large");
        // The feature's entries as views of the blob, then packed into its
        // list with one allocation: no std::string per attribute.
        entries.clear();
        for (uint32_t a = 0; a < attributeCount; ++a) {
            uint32_t key = 0;
            std::string_view value;
            if (!r.get(key) || !r.getString(value)) return corrupt("truncated attribute");
            if (key >= keys.size()) return corrupt("attribute name index out of range");
            entries.emplace_back(keys[key], value);
        }
        // A long name repeated many times can ask for more than a list holds.
        if (!f.attributes.assign(entries)) return corrupt("attributes too large");
    }
    if (r.remaining() != 0) return corrupt("trailing bytes");
    return true;
}

} // namespace citytwin::data::detail
