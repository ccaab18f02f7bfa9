#pragma once
// RAII owners of SQLite C handles. Private to citytwin_data.

#include <sqlite3.h>

#include <memory>
#include <string>

namespace citytwin::data::detail {

struct SqliteDbCloser {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct SqliteStmtFinalizer {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};

/// One connection. SQLite connections are used by one thread at a time.
using SqliteDb = std::unique_ptr<sqlite3, SqliteDbCloser>;
using SqliteStmtPtr = std::unique_ptr<sqlite3_stmt, SqliteStmtFinalizer>;

/// "message (extended code N)" of the connection's last error.
inline std::string sqliteError(sqlite3* db) {
    return std::string(sqlite3_errmsg(db)) + " (code " +
           std::to_string(sqlite3_extended_errcode(db)) + ")";
}

/// Runs SQL without results; returns the SQLite result code.
inline int sqliteExec(sqlite3* db, const char* sql) {
    return sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
}

} // namespace citytwin::data::detail
