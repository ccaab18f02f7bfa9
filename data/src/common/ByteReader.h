#pragma once
// Bounds-checked little-endian reader for cache blobs. Private to citytwin_data.

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

namespace citytwin::data::detail {

/// Reads what ByteWriter wrote. Every read checks the remaining size first and
/// turns the reader "failed" instead of over-reading; callers check ok() (or
/// the bool results) and give up. Borrows the bytes; one thread at a time.
class ByteReader {
public:
    ByteReader(const uint8_t* data, size_t size) : m_data(data), m_size(size) {}

    bool ok() const { return !m_failed; }
    size_t remaining() const { return m_failed ? 0 : m_size - m_pos; }
    bool atEnd() const { return !m_failed && m_pos == m_size; }

    template <typename T>
    bool get(T& value) {
        return getArray(&value, 1);
    }

    /// Reads `count` values; fails (without reading) if fewer bytes remain.
    template <typename T>
    bool getArray(T* out, size_t count) {
        static_assert(std::is_arithmetic_v<T>);
        if (m_failed) return false;
        if (count > remaining() / sizeof(T)) return fail();
        if (count == 0) return true;
        std::memcpy(out, m_data + m_pos, count * sizeof(T));
        m_pos += count * sizeof(T);
        if constexpr (std::endian::native == std::endian::big && sizeof(T) > 1) {
            auto* bytes = reinterpret_cast<uint8_t*>(out);
            for (size_t i = 0; i < count; ++i) {
                uint8_t* p = bytes + i * sizeof(T);
                for (size_t a = 0, b = sizeof(T) - 1; a < b; ++a, --b) std::swap(p[a], p[b]);
            }
        }
        return true;
    }

    /// Reads a u32 count then that many values into `out` (sized only after
    /// the bytes are known to be there, so a corrupt count cannot allocate).
    template <typename T>
    bool getVector(std::vector<T>& out) {
        uint32_t count = 0;
        if (!get(count)) return false;
        if (count > remaining() / sizeof(T)) return fail();
        out.resize(count);
        return getArray(out.data(), count);
    }

    bool getString(std::string& out) {
        uint32_t length = 0;
        if (!get(length)) return false;
        if (length > remaining()) return fail();
        out.assign(reinterpret_cast<const char*>(m_data + m_pos), length);
        m_pos += length;
        return true;
    }

    bool expectMagic(const char (&magic)[5]) {
        if (remaining() < 4 || std::memcmp(m_data + m_pos, magic, 4) != 0) return fail();
        m_pos += 4;
        return true;
    }

private:
    bool fail() {
        m_failed = true;
        return false;
    }

    const uint8_t* m_data;
    size_t m_size;
    size_t m_pos = 0;
    bool m_failed = false;
};

} // namespace citytwin::data::detail
