#pragma once
// Scoped SQLite transaction: rolls back unless committed. Private to citytwin_data.

#include "sqlite/SqliteHandles.h"

namespace citytwin::data::detail {

/// Begin with begin(); commit() makes it durable; leaving the scope any
/// other way (an error return) rolls everything back. Connection's thread.
class SqliteTransaction {
public:
    explicit SqliteTransaction(sqlite3* db) : m_db(db) {}
    ~SqliteTransaction() {
        if (m_active) sqliteExec(m_db, "ROLLBACK");
    }
    SqliteTransaction(const SqliteTransaction&) = delete;
    SqliteTransaction& operator=(const SqliteTransaction&) = delete;

    /// "BEGIN IMMEDIATE" for writers (takes the write lock up front, so a
    /// busy database fails here rather than halfway), "BEGIN" for readers.
    int begin(const char* sql = "BEGIN IMMEDIATE") {
        const int rc = sqliteExec(m_db, sql);
        m_active = rc == SQLITE_OK;
        return rc;
    }
    int commit() {
        const int rc = sqliteExec(m_db, "COMMIT");
        if (rc == SQLITE_OK) m_active = false;
        return rc;
    }

private:
    sqlite3* m_db;
    bool m_active = false;
};

} // namespace citytwin::data::detail
