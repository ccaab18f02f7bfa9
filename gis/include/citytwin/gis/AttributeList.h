#pragma once
// A feature's attributes (field name → text value, in source field order),
// packed into one heap block.
//
// Why not std::vector<std::pair<std::string, std::string>>: a building layer
// holds a million of these, each with a handful of short fields. The vector
// costs 24 bytes plus 64 per attribute (two std::string objects, more heap
// when a text outgrows the small-string buffer): 360 bytes for five fields
// sized exactly, 550 when grown by push_back, and reopening a layer from the
// tile cache touched every one of those pages. Here a feature is this
// 24-byte object plus one block holding, per attribute,
//   varint(key length) key varint(value length) value
// (LEB128 lengths: one byte below 128) — under 100 bytes, malloc's own
// overhead included, for five typical fields.
//
// Elements are read as std::pair<std::string_view, std::string_view> (so
// `for (const auto& [key, value] : attributes)` and `.first == "height"`
// work); the views point into the block and stay valid until the list is
// changed, assigned or destroyed. Values may hold any bytes, NUL included.
// Entries are appended, never edited in place: reading one gives a const pair
// of views, so `attributes[i].second = x` fails to compile instead of
// silently changing a copy. Random access (operator[]) walks the block:
// O(index), cheap for the few dozen fields a feature has.
// Limit: a feature's attributes together stay under 4 GiB (the tile cache
// format stores 32-bit lengths as well); exceeding it aborts, except in
// assign(), which reports it.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

namespace citytwin::gis {

class AttributeList {
public:
    using value_type = std::pair<std::string_view, std::string_view>;
    using size_type = std::size_t;
    class const_iterator;
    using iterator = const_iterator;

    AttributeList() noexcept = default;
    AttributeList(std::initializer_list<value_type> entries);
    AttributeList(const AttributeList& other);
    AttributeList(AttributeList&& other) noexcept;
    AttributeList& operator=(const AttributeList& other);
    AttributeList& operator=(AttributeList&& other) noexcept;
    AttributeList& operator=(std::initializer_list<value_type> entries);
    ~AttributeList() = default;

    std::size_t size() const noexcept { return m_count; }
    bool empty() const noexcept { return m_count == 0; }

    const_iterator begin() const noexcept;
    const_iterator end() const noexcept;

    /// The i-th entry (i < size()). Walks the block: O(i).
    const value_type operator[](std::size_t i) const noexcept;

    /// The value of the first entry named `key`, or nothing.
    std::optional<std::string_view> find(std::string_view key) const noexcept;

    /// Replaces the entries with `entries`, in one block of exactly their
    /// size: one allocation (what the tile cache decoder uses). The entries
    /// may view this list. False, and the list unchanged, when they would
    /// pack to 4 GiB or more (a damaged cache block can ask for that).
    [[nodiscard]] bool assign(std::span<const value_type> entries);
    /// Appends an entry. `key` / `value` may point into this list.
    void emplace_back(std::string_view key, std::string_view value);
    void push_back(const value_type& entry) { emplace_back(entry.first, entry.second); }

    /// Removes all entries; keeps the block for reuse.
    void clear() noexcept;
    /// Vector-compatible no-op: an entry's size depends on its text, not
    /// known here. Use reserveBytes() with entryBytes() for exact sizing.
    void reserve(std::size_t /*entries*/) noexcept {}
    /// Makes room for `bytes` of encoded entries in total (see entryBytes).
    void reserveBytes(std::size_t bytes);
    /// Frees the unused tail of the block (growth doubles it).
    void shrink_to_fit();

    /// Encoded size of one entry: what it adds to the block.
    static std::size_t entryBytes(std::size_t keySize, std::size_t valueSize) noexcept;
    /// Bytes this list holds on the heap (its block), for memory accounting.
    std::size_t heapBytes() const noexcept { return m_capacity; }

    /// Same entries in the same order. The encoding is canonical, so equal
    /// lists have equal blocks.
    friend bool operator==(const AttributeList& a, const AttributeList& b) noexcept;

private:
    /// Moves the entries to a block of at least `minimumCapacity` bytes and
    /// returns the old block (the caller decides when it may go).
    std::unique_ptr<char[]> grow(std::size_t minimumCapacity);

    std::unique_ptr<char[]> m_block; ///< m_bytes used of m_capacity
    uint32_t m_bytes = 0;
    uint32_t m_capacity = 0;
    uint32_t m_count = 0;
};

/// Reads entries in order. Dereferencing decodes the entry under the
/// iterator and returns its views by value (there is no stored pair to point
/// to), so it is a C++20 forward iterator with a prvalue reference.
class AttributeList::const_iterator {
public:
    using iterator_concept = std::forward_iterator_tag;
    using iterator_category = std::input_iterator_tag;
    using value_type = AttributeList::value_type;
    using reference = const AttributeList::value_type;
    using difference_type = std::ptrdiff_t;
    using pointer = void;

    const_iterator() noexcept = default;

    reference operator*() const noexcept {
        const char* p = m_p;
        const std::string_view key = readText(p);
        return {key, readText(p)};
    }
    const_iterator& operator++() noexcept {
        readText(m_p);
        readText(m_p);
        return *this;
    }
    const_iterator operator++(int) noexcept {
        const_iterator old = *this;
        ++*this;
        return old;
    }
    bool operator==(const const_iterator&) const noexcept = default;

private:
    friend class AttributeList;
    explicit const_iterator(const char* p) noexcept : m_p(p) {}

    /// Reads varint(length) + bytes at p and advances p past them.
    static std::string_view readText(const char*& p) noexcept {
        uint32_t length = 0;
        for (int shift = 0;; shift += 7) {
            const auto byte = static_cast<unsigned char>(*p++);
            length |= static_cast<uint32_t>(byte & 0x7f) << shift;
            if (byte < 0x80) break;
        }
        const std::string_view text(p, length);
        p += length;
        return text;
    }

    const char* m_p = nullptr; ///< start of the current entry
};

inline AttributeList::const_iterator AttributeList::begin() const noexcept {
    return const_iterator(m_block.get());
}

inline AttributeList::const_iterator AttributeList::end() const noexcept {
    return const_iterator(m_block.get() + m_bytes);
}

static_assert(std::forward_iterator<AttributeList::const_iterator>);

} // namespace citytwin::gis
