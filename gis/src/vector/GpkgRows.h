#pragma once
// The rows of one GeoPackage feature table read straight with SQLite, for
// VectorSource: OGR builds an object per feature and per geometry, which made
// its reading loop the slowest thread of an import.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace citytwin::gis {

/// Reader thread only (one connection, one statement). Columns: the FID, the
/// geometry, then the fields in the order given to open().
class GpkgRows {
public:
    ~GpkgRows();
    GpkgRows(const GpkgRows&) = delete;
    GpkgRows& operator=(const GpkgRows&) = delete;

    /// Opens `path` read-only and prepares "SELECT fid, geometry, fields...
    /// FROM table" (rowid order, as OGR reads a GeoPackage table). Null, with
    /// `why` set, when SQLite cannot.
    static std::unique_ptr<GpkgRows> open(const std::string& path, const std::string& table,
                                          const std::string& fidColumn, const std::string& geometryColumn,
                                          const std::vector<std::string>& fields, std::string& why);

    /// Next row; false at the end or on an error (then error() says which).
    bool step();
    const std::string& error() const { return m_error; }
    /// Back to the first row.
    void rewind();

    int64_t fid() const;
    /// The geometry blob; empty when NULL.
    std::basic_string_view<uint8_t> geometry() const;
    bool isNull(int field) const;
    int integer(int field) const;
    int64_t integer64(int field) const;
    double real(int field) const;
    std::string_view text(int field) const;

private:
    GpkgRows() = default;
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_statement = nullptr;
    std::string m_error;
};

} // namespace citytwin::gis
