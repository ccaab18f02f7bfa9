#include "vector/GpkgRows.h"

#include <sqlite3.h>

namespace citytwin::gis {

namespace {

std::string quoted(const std::string& name)
{
    std::string out = "\"";
    for (char c : name) {
        out += c;
        if (c == '"') out += '"';
    }
    return out + '"';
}

constexpr int kFirstField = 2; // after the FID and the geometry

} // namespace

GpkgRows::~GpkgRows()
{
    sqlite3_finalize(m_statement);
    sqlite3_close(m_db);
}

std::unique_ptr<GpkgRows> GpkgRows::open(const std::string& path, const std::string& table,
                                         const std::string& fidColumn, const std::string& geometryColumn,
                                         const std::vector<std::string>& fields, std::string& why)
{
    std::unique_ptr<GpkgRows> rows(new GpkgRows);
    if (sqlite3_open_v2(path.c_str(), &rows->m_db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr)
        != SQLITE_OK) {
        why = rows->m_db ? sqlite3_errmsg(rows->m_db) : "cannot open";
        return nullptr;
    }
    std::string sql = "SELECT " + quoted(fidColumn) + ", " + quoted(geometryColumn);
    for (const std::string& f : fields) sql += ", " + quoted(f);
    sql += " FROM " + quoted(table);
    if (sqlite3_prepare_v2(rows->m_db, sql.c_str(), -1, &rows->m_statement, nullptr) != SQLITE_OK) {
        why = sqlite3_errmsg(rows->m_db);
        return nullptr;
    }
    return rows;
}

bool GpkgRows::step()
{
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) m_error = sqlite3_errmsg(m_db);
    return false;
}

void GpkgRows::rewind()
{
    sqlite3_reset(m_statement);
    m_error.clear();
}

int64_t GpkgRows::fid() const { return sqlite3_column_int64(m_statement, 0); }

std::basic_string_view<uint8_t> GpkgRows::geometry() const
{
    const void* blob = sqlite3_column_blob(m_statement, 1);
    const int size = sqlite3_column_bytes(m_statement, 1);
    if (!blob || size <= 0) return {};
    return {static_cast<const uint8_t*>(blob), size_t(size)};
}

bool GpkgRows::isNull(int field) const
{
    return sqlite3_column_type(m_statement, kFirstField + field) == SQLITE_NULL;
}

int GpkgRows::integer(int field) const { return sqlite3_column_int(m_statement, kFirstField + field); }

int64_t GpkgRows::integer64(int field) const { return sqlite3_column_int64(m_statement, kFirstField + field); }

double GpkgRows::real(int field) const { return sqlite3_column_double(m_statement, kFirstField + field); }

std::string_view GpkgRows::text(int field) const
{
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(m_statement, kFirstField + field));
    if (!text) return {};
    return {text, size_t(sqlite3_column_bytes(m_statement, kFirstField + field))};
}

} // namespace citytwin::gis
