#pragma once
// Streaming RFC 4180 CSV reader for sensor tables (any line ending, BOM,
// quoted fields, a header row naming the columns).

#include "citytwin/gis/Result.h"

#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace citytwin::data {

struct CsvOptions {
    char delimiter = ',';      ///< field separator
    bool hasHeader = true;     ///< first record names the columns
};

/// One record. Fields beyond those present read as empty strings.
struct CsvRow {
    std::vector<std::string> fields;
    int64_t record = 0;        ///< 1-based data record number (header not counted)
    int64_t line = 0;          ///< 1-based physical line where the record starts
    int missingFields = 0;     ///< fields fewer than the header (0 when complete)

    /// Field `column`, or an empty string when the row is short or column < 0.
    const std::string& at(int column) const;
    bool operator==(const CsvRow&) const = default;
};

/// Reads CSV records one at a time from a file or a string, so files of any
/// size stream through a fixed buffer. Quoted fields may hold delimiters,
/// doubled quotes ("") and line breaks; records end at CR, LF or CRLF outside
/// quotes (the Cambridge open-data files use CR only); a UTF-8 byte-order mark
/// is skipped; blank lines are skipped. A record with fewer or more fields
/// than the header, or a quote left open at the end of the input, is reported
/// as a warning in diagnostics() and still returned — never fatal.
///
/// Threads: one reader is used by one thread at a time.
class CsvReader {
public:
    /// Opens a file; fails with a message naming it when it cannot be read.
    /// With hasHeader the header record is read here.
    static gis::Result<CsvReader> open(const std::string& path, CsvOptions options = {});
    /// Reads from text held in memory (tests, payloads).
    static CsvReader fromString(std::string text, CsvOptions options = {});

    CsvReader(CsvReader&&) noexcept;
    CsvReader& operator=(CsvReader&&) noexcept;
    ~CsvReader();

    /// Column names from the header (empty without a header).
    const std::vector<std::string>& header() const { return m_header; }
    /// Index of the column named `name` (exact, then case-insensitive and
    /// trimmed), or -1.
    int column(std::string_view name) const;

    /// Reads the next record into `row`; false at the end of the input.
    bool next(CsvRow& row);

    /// Warnings about short/long rows and unterminated quotes so far.
    const gis::Diagnostics& diagnostics() const { return m_diagnostics; }
    /// Source name used in diagnostics (the path, or "<string>").
    const std::string& source() const { return m_source; }

private:
    CsvReader(std::unique_ptr<std::istream> in, std::string source, CsvOptions options);
    int get();      ///< next byte or -1
    int peek();
    bool fill();
    /// Parses one raw record; false at end of input.
    bool readRecord(std::vector<std::string>& fields, int64_t& startLine);
    void warn(int64_t line, int64_t record, std::string message);

    std::unique_ptr<std::istream> m_in;
    std::string m_source;
    CsvOptions m_options;
    std::vector<char> m_buffer;
    size_t m_pos = 0;
    size_t m_end = 0;
    int64_t m_line = 1;
    int64_t m_records = 0;
    std::vector<std::string> m_header;
    gis::Diagnostics m_diagnostics;
};

} // namespace citytwin::data
