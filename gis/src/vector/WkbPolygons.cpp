#include "vector/WkbPolygons.h"

#include <ogr_geometry.h>

#include <bit>
#include <cstring>

namespace citytwin::gis {

namespace {

/// Reads WKB numbers in the byte order of the geometry being read.
class WkbCursor {
public:
    WkbCursor(const uint8_t* data, size_t size) : m_p(data), m_end(data + size) {}

    bool byteOrder() {
        if (m_p >= m_end || *m_p > 1) return false;
        m_swap = (*m_p++ == 1) != (std::endian::native == std::endian::little);
        return true;
    }
    bool u32(uint32_t& v) {
        if (m_end - m_p < 4) return false;
        std::memcpy(&v, m_p, 4);
        m_p += 4;
        if (m_swap) v = __builtin_bswap32(v);
        return true;
    }
    /// `count` points of `dims` doubles each, x and y kept.
    bool points(uint32_t count, int dims, Ring& ring) {
        const size_t stride = size_t(dims) * 8;
        if (size_t(m_end - m_p) / stride < count) return false;
        ring.resize(count);
        for (uint32_t i = 0; i < count; ++i, m_p += stride) {
            uint64_t xy[2];
            std::memcpy(xy, m_p, 16);
            if (m_swap) { xy[0] = __builtin_bswap64(xy[0]); xy[1] = __builtin_bswap64(xy[1]); }
            std::memcpy(&ring[i].x, &xy[0], 8);
            std::memcpy(&ring[i].y, &xy[1], 8);
        }
        return true;
    }
    bool atEnd() const { return m_p == m_end; }
    size_t remaining() const { return size_t(m_end - m_p); }

private:
    const uint8_t* m_p;
    const uint8_t* m_end;
    bool m_swap = false;
};

/// Splits a WKB type code into its base type and coordinate count: ISO
/// (1000s for Z, 2000s for M, 3000s for ZM) or extended (0x80000000 Z,
/// 0x40000000 M flags). False for codes outside both.
bool splitType(uint32_t code, uint32_t& base, int& dims)
{
    const bool z = code & 0x80000000u, m = code & 0x40000000u;
    code &= 0x3fffffffu;
    if (code >= 1000 && code < 4000) {
        dims = 2 + (code / 1000 == 1 || code / 1000 == 3) + (code / 1000 >= 2);
        base = code % 1000;
        return !z && !m;
    }
    dims = 2 + z + m;
    base = code;
    return code < 1000;
}

bool readPolygon(WkbCursor& c, int dims, std::vector<Ring>& rings)
{
    uint32_t ringCount = 0;
    if (!c.u32(ringCount)) return false;
    if (ringCount > c.remaining() / 4) return false; // each ring takes at least its count
    rings.resize(ringCount);
    for (Ring& ring : rings) {
        uint32_t points = 0;
        if (!c.u32(points) || !c.points(points, dims, ring)) return false;
    }
    return true;
}

constexpr uint32_t kPolygon = 3, kMultiPolygon = 6;

} // namespace

bool gpkgBlobWkb(const uint8_t* blob, size_t size, const uint8_t*& wkb, size_t& wkbSize, bool& empty)
{
    // "GP", version 0, flags, srs_id (int32), envelope.
    if (size < 8 || blob[0] != 'G' || blob[1] != 'P' || blob[2] != 0) return false;
    const uint8_t flags = blob[3];
    if (flags & 0x20) return false; // extended GeoPackage geometry type
    static constexpr size_t kEnvelopeBytes[8] = {0, 32, 48, 48, 64, 0, 0, 0};
    const int envelope = (flags >> 1) & 7;
    if (envelope > 4) return false;
    const size_t header = 8 + kEnvelopeBytes[envelope];
    if (size < header) return false;
    empty = flags & 0x10;
    wkb = blob + header;
    wkbSize = size - header;
    return true;
}

bool parseWkbPolygons(const uint8_t* wkb, size_t size, std::vector<std::vector<Ring>>& out)
{
    WkbCursor c(wkb, size);
    uint32_t code = 0, base = 0;
    int dims = 2;
    if (!c.byteOrder() || !c.u32(code) || !splitType(code, base, dims)) return false;
    const size_t before = out.size();
    auto fail = [&] {
        out.resize(before);
        return false;
    };
    if (base == kPolygon) {
        out.emplace_back();
        if (!readPolygon(c, dims, out.back())) return fail();
        return c.atEnd() || fail();
    }
    if (base != kMultiPolygon) return false;
    uint32_t parts = 0;
    if (!c.u32(parts) || parts > c.remaining() / 9) return false; // each part takes at least 9 bytes
    for (uint32_t i = 0; i < parts; ++i) {
        // Each part is a whole WKB polygon with its own byte order.
        uint32_t partCode = 0, partBase = 0;
        int partDims = 2;
        if (!c.byteOrder() || !c.u32(partCode) || !splitType(partCode, partBase, partDims) || partBase != kPolygon)
            return fail();
        out.emplace_back();
        if (!readPolygon(c, partDims, out.back())) return fail();
    }
    return c.atEnd() || fail();
}

bool ogrPolygonRings(const OGRGeometry& g, std::vector<std::vector<Ring>>& out)
{
    auto polygon = [&out](const OGRPolygon& p) {
        std::vector<Ring>& rings = out.emplace_back();
        for (const OGRLinearRing* r : p) {
            Ring& ring = rings.emplace_back();
            for (int i = 0; i < r->getNumPoints(); ++i) ring.push_back({r->getX(i), r->getY(i)});
        }
    };
    switch (wkbFlatten(g.getGeometryType())) {
    case wkbPolygon: polygon(*g.toPolygon()); return true;
    case wkbMultiPolygon:
        for (const OGRPolygon* p : *g.toMultiPolygon()) polygon(*p);
        return true;
    default: return false;
    }
}

} // namespace citytwin::gis
