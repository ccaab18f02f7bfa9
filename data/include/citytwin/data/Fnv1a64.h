#pragma once
// FNV-1a, 64-bit: a small, stable, non-cryptographic hash for cache keys.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace citytwin::data {

/// Incremental FNV-1a/64. Stable across runs, builds and platforms (integers
/// are fed little-endian), so its hex form can key files on disk. Not for
/// security. Plain value; one thread at a time.
class Fnv1a64 {
public:
    static constexpr uint64_t kOffsetBasis = 0xcbf29ce484222325ULL;
    static constexpr uint64_t kPrime = 0x100000001b3ULL;

    void addBytes(const void* data, size_t size) {
        const auto* p = static_cast<const unsigned char*>(data);
        for (size_t i = 0; i < size; ++i) {
            m_state ^= p[i];
            m_state *= kPrime;
        }
    }

    /// Length-prefixed, so ("ab","c") and ("a","bc") hash differently.
    void addString(std::string_view s) {
        addU64(s.size());
        addBytes(s.data(), s.size());
    }

    void addU64(uint64_t v) {
        unsigned char bytes[8];
        for (int i = 0; i < 8; ++i) bytes[i] = static_cast<unsigned char>(v >> (8 * i));
        addBytes(bytes, 8);
    }

    uint64_t value() const { return m_state; }

    /// 16 lowercase hex digits.
    std::string hex() const {
        static constexpr char kDigits[] = "0123456789abcdef";
        std::string out(16, '0');
        for (int i = 0; i < 16; ++i) out[15 - i] = kDigits[(m_state >> (4 * i)) & 0xF];
        return out;
    }

private:
    uint64_t m_state = kOffsetBasis;
};

} // namespace citytwin::data
