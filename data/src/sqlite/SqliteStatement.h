#pragma once
// A prepared statement with typed binds and columns. Private to citytwin_data.

#include "sqlite/SqliteHandles.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace citytwin::data::detail {

/// Owns one sqlite3_stmt of a connection; used on the connection's thread.
/// A failed bind is remembered and returned by the next step(), so callers
/// check one result code per row.
class SqliteStatement {
public:
    /// nullptr-holding statement when prepare fails; check ok() and then
    /// sqliteError(db).
    SqliteStatement(sqlite3* db, std::string_view sql) {
        sqlite3_stmt* stmt = nullptr;
        m_rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
        m_stmt.reset(stmt);
    }

    bool ok() const { return m_stmt != nullptr && m_rc == SQLITE_OK; }
    int prepareCode() const { return m_rc; }

    void bind(int index, int64_t value) { keep(sqlite3_bind_int64(m_stmt.get(), index, value)); }
    void bind(int index, std::string_view text) {
        keep(sqlite3_bind_text64(m_stmt.get(), index, text.data(), text.size(), SQLITE_TRANSIENT,
                                 SQLITE_UTF8));
    }
    void bindDouble(int index, double value) { keep(sqlite3_bind_double(m_stmt.get(), index, value)); }
    void bindNull(int index) { keep(sqlite3_bind_null(m_stmt.get(), index)); }
    /// The bytes must outlive the next step().
    void bindBlob(int index, const void* data, size_t size) {
        keep(sqlite3_bind_blob64(m_stmt.get(), index, size ? data : "", size, SQLITE_STATIC));
    }

    /// SQLITE_ROW, SQLITE_DONE or an error code.
    int step() {
        if (m_bindRc != SQLITE_OK) return std::exchange(m_bindRc, SQLITE_OK);
        return sqlite3_step(m_stmt.get());
    }
    void reset() {
        sqlite3_reset(m_stmt.get());
        sqlite3_clear_bindings(m_stmt.get());
        m_bindRc = SQLITE_OK;
    }

    double real(int column) const { return sqlite3_column_double(m_stmt.get(), column); }
    bool isNull(int column) const { return sqlite3_column_type(m_stmt.get(), column) == SQLITE_NULL; }
    int64_t int64(int column) const { return sqlite3_column_int64(m_stmt.get(), column); }
    std::string text(int column) const {
        const auto* p = sqlite3_column_text(m_stmt.get(), column);
        const int n = sqlite3_column_bytes(m_stmt.get(), column);
        return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n)) : std::string();
    }
    /// Valid until the next step/reset.
    std::pair<const uint8_t*, size_t> blob(int column) const {
        const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(m_stmt.get(), column));
        const int n = sqlite3_column_bytes(m_stmt.get(), column);
        return {p, p ? static_cast<size_t>(n) : 0};
    }

private:
    void keep(int rc) {
        if (rc != SQLITE_OK && m_bindRc == SQLITE_OK) m_bindRc = rc;
    }

    SqliteStmtPtr m_stmt;
    int m_rc = SQLITE_OK;
    int m_bindRc = SQLITE_OK;
};

} // namespace citytwin::data::detail
