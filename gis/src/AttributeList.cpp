#include "citytwin/gis/AttributeList.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace citytwin::gis {

namespace {

constexpr std::size_t kMaxBlockBytes = std::numeric_limits<uint32_t>::max();
/// First block of a list grown entry by entry: fits a few short fields.
constexpr std::size_t kFirstBlockBytes = 32;

std::size_t varintBytes(std::size_t value) noexcept {
    std::size_t n = 1;
    for (; value >= 0x80; value >>= 7) ++n;
    return n;
}

/// Minimal LEB128 (the shortest form), so equal entries encode to equal bytes.
char* writeVarint(char* p, std::size_t value) noexcept {
    for (; value >= 0x80; value >>= 7) *p++ = static_cast<char>((value & 0x7f) | 0x80);
    *p++ = static_cast<char>(value);
    return p;
}

/// Copies n bytes. Most attribute texts are a few bytes long, where a
/// memcpy call per text costs more than the copy (decoding a cached million
/// buildings is ten million of them): up to 16 bytes take two fixed-size,
/// possibly overlapping, inlined copies.
void copyBytes(char* to, const char* from, std::size_t n) noexcept {
    if (n >= 8 && n <= 16) {
        std::memcpy(to, from, 8);
        std::memcpy(to + n - 8, from + n - 8, 8);
    } else if (n >= 4 && n < 8) {
        std::memcpy(to, from, 4);
        std::memcpy(to + n - 4, from + n - 4, 4);
    } else if (n > 0 && n < 4) {
        to[0] = from[0];
        to[n / 2] = from[n / 2];
        to[n - 1] = from[n - 1];
    } else if (n > 16) {
        std::memcpy(to, from, n);
    }
}

char* writeText(char* p, std::string_view text) noexcept {
    p = writeVarint(p, text.size());
    copyBytes(p, text.data(), text.size());
    return p + text.size();
}

/// The block's lengths are 32-bit; a larger feature is a caller bug we cannot
/// report through this value type, and silently truncating would corrupt it.
[[noreturn]] void tooLarge() {
    std::fputs("citytwin: a feature's attributes exceed 4 GiB\n", stderr);
    std::abort();
}

} // namespace

std::size_t AttributeList::entryBytes(std::size_t keySize, std::size_t valueSize) noexcept {
    return varintBytes(keySize) + keySize + varintBytes(valueSize) + valueSize;
}

AttributeList::AttributeList(std::initializer_list<value_type> entries) {
    if (!assign({entries.begin(), entries.size()})) tooLarge();
}

AttributeList::AttributeList(const AttributeList& other)
    : m_bytes(other.m_bytes), m_capacity(other.m_bytes), m_count(other.m_count) {
    if (m_bytes == 0) return; // no block: spare room is not copied
    m_block = std::make_unique_for_overwrite<char[]>(m_bytes);
    std::memcpy(m_block.get(), other.m_block.get(), m_bytes);
}

AttributeList::AttributeList(AttributeList&& other) noexcept
    : m_block(std::move(other.m_block)), m_bytes(std::exchange(other.m_bytes, 0)),
      m_capacity(std::exchange(other.m_capacity, 0)), m_count(std::exchange(other.m_count, 0)) {}

AttributeList& AttributeList::operator=(const AttributeList& other) {
    if (this != &other) *this = AttributeList(other);
    return *this;
}

AttributeList& AttributeList::operator=(AttributeList&& other) noexcept {
    if (this != &other) {
        m_block = std::move(other.m_block);
        m_bytes = std::exchange(other.m_bytes, 0);
        m_capacity = std::exchange(other.m_capacity, 0);
        m_count = std::exchange(other.m_count, 0);
    }
    return *this;
}

AttributeList& AttributeList::operator=(std::initializer_list<value_type> entries) {
    if (!assign({entries.begin(), entries.size()})) tooLarge();
    return *this;
}

const AttributeList::value_type AttributeList::operator[](std::size_t i) const noexcept {
    auto it = begin();
    for (; i > 0; --i) ++it;
    return *it;
}

std::optional<std::string_view> AttributeList::find(std::string_view key) const noexcept {
    for (const auto& [k, v] : *this)
        if (k == key) return v;
    return std::nullopt;
}

bool AttributeList::assign(std::span<const value_type> entries) {
    std::size_t bytes = 0;
    for (const auto& [key, value] : entries) bytes += entryBytes(key.size(), value.size());
    if (bytes > kMaxBlockBytes) return false;
    std::unique_ptr<char[]> block;
    if (bytes > 0) block = std::make_unique_for_overwrite<char[]>(bytes);
    char* p = block.get();
    for (const auto& [key, value] : entries) p = writeText(writeText(p, key), value);
    m_block = std::move(block); // the old block goes only now: the entries may view it
    m_bytes = static_cast<uint32_t>(bytes);
    m_capacity = m_bytes;
    m_count = static_cast<uint32_t>(entries.size()); // each entry takes >= 2 bytes
    return true;
}

void AttributeList::emplace_back(std::string_view key, std::string_view value) {
    const std::size_t needed = std::size_t{m_bytes} + entryBytes(key.size(), value.size());
    if (needed > kMaxBlockBytes) tooLarge();
    // key and value may view this list: the old block is kept alive until
    // they are copied (the tail written to never overlaps the used bytes).
    std::unique_ptr<char[]> old;
    if (needed > m_capacity) old = grow(std::max({needed, std::size_t{m_capacity} * 2, kFirstBlockBytes}));
    char* p = m_block.get() + m_bytes;
    p = writeText(p, key);
    writeText(p, value);
    m_bytes = static_cast<uint32_t>(needed);
    ++m_count;
}

void AttributeList::clear() noexcept {
    m_bytes = 0;
    m_count = 0;
}

void AttributeList::reserveBytes(std::size_t bytes) {
    if (bytes > kMaxBlockBytes) tooLarge();
    if (bytes > m_capacity) grow(bytes);
}

void AttributeList::shrink_to_fit() {
    if (m_capacity == m_bytes) return;
    AttributeList exact(*this);
    *this = std::move(exact);
}

std::unique_ptr<char[]> AttributeList::grow(std::size_t minimumCapacity) {
    const std::size_t capacity = std::min(minimumCapacity, kMaxBlockBytes);
    auto block = std::make_unique_for_overwrite<char[]>(capacity);
    if (m_bytes > 0) std::memcpy(block.get(), m_block.get(), m_bytes);
    std::swap(m_block, block);
    m_capacity = static_cast<uint32_t>(capacity);
    return block;
}

bool operator==(const AttributeList& a, const AttributeList& b) noexcept {
    return a.m_count == b.m_count && a.m_bytes == b.m_bytes &&
           (a.m_bytes == 0 || std::memcmp(a.m_block.get(), b.m_block.get(), a.m_bytes) == 0);
}

} // namespace citytwin::gis
