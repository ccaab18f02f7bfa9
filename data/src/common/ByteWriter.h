#pragma once
// Little-endian binary writer for cache blobs. Private to citytwin_data.

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>
#include <vector>

namespace citytwin::data::detail {

/// Appends fixed-width little-endian values and raw arrays to a byte buffer.
/// Plain value; one thread at a time.
class ByteWriter {
public:
    void reserve(size_t bytes) { m_bytes.reserve(bytes); }

    template <typename T>
    void put(T value) {
        static_assert(std::is_arithmetic_v<T>);
        putArray(&value, 1);
    }

    /// Raw array of arithmetic values, each stored little-endian.
    template <typename T>
    void putArray(const T* values, size_t count) {
        static_assert(std::is_arithmetic_v<T>);
        const size_t offset = m_bytes.size();
        m_bytes.resize(offset + count * sizeof(T));
        if (count == 0) return;
        std::memcpy(m_bytes.data() + offset, values, count * sizeof(T));
        if constexpr (std::endian::native == std::endian::big && sizeof(T) > 1) {
            for (size_t i = 0; i < count; ++i) {
                uint8_t* p = m_bytes.data() + offset + i * sizeof(T);
                for (size_t a = 0, b = sizeof(T) - 1; a < b; ++a, --b) std::swap(p[a], p[b]);
            }
        }
    }

    /// u32 length, then the bytes (no terminator).
    void putString(std::string_view s) {
        put(static_cast<uint32_t>(s.size()));
        putArray(s.data(), s.size());
    }

    void putMagic(const char (&magic)[5]) { putArray(magic, 4); }

    size_t size() const { return m_bytes.size(); }
    std::vector<uint8_t> take() { return std::move(m_bytes); }

private:
    std::vector<uint8_t> m_bytes;
};

} // namespace citytwin::data::detail
