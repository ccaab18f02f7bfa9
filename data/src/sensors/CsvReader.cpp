#include "citytwin/data/sensors/CsvReader.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace citytwin::data {

namespace {

constexpr size_t kBufferBytes = 1 << 16;

std::string trimmed(std::string_view s) {
    auto isSpace = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
    return std::string(s);
}

bool equalsNoCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

} // namespace

const std::string& CsvRow::at(int column) const {
    static const std::string kEmpty;
    if (column < 0 || static_cast<size_t>(column) >= fields.size()) return kEmpty;
    return fields[static_cast<size_t>(column)];
}

CsvReader::CsvReader(std::unique_ptr<std::istream> in, std::string source, CsvOptions options)
    : m_in(std::move(in)), m_source(std::move(source)), m_options(options),
      m_buffer(kBufferBytes) {
    // A UTF-8 byte-order mark is not part of the first column's name.
    if (peek() == 0xEF) {
        fill();
        if (m_end - m_pos >= 3 && static_cast<unsigned char>(m_buffer[m_pos + 1]) == 0xBB &&
            static_cast<unsigned char>(m_buffer[m_pos + 2]) == 0xBF)
            m_pos += 3;
    }
    if (m_options.hasHeader) {
        int64_t line = 0;
        readRecord(m_header, line);
    }
}

CsvReader::CsvReader(CsvReader&&) noexcept = default;
CsvReader& CsvReader::operator=(CsvReader&&) noexcept = default;
CsvReader::~CsvReader() = default;

gis::Result<CsvReader> CsvReader::open(const std::string& path, CsvOptions options) {
    auto in = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*in) return gis::Result<CsvReader>::failure("cannot open CSV file " + path, path);
    return CsvReader(std::move(in), path, options);
}

CsvReader CsvReader::fromString(std::string text, CsvOptions options) {
    return CsvReader(std::make_unique<std::istringstream>(std::move(text)), "<string>", options);
}

int CsvReader::column(std::string_view name) const {
    for (size_t i = 0; i < m_header.size(); ++i)
        if (m_header[i] == name) return static_cast<int>(i);
    const std::string wanted = trimmed(name);
    for (size_t i = 0; i < m_header.size(); ++i)
        if (equalsNoCase(trimmed(m_header[i]), wanted)) return static_cast<int>(i);
    return -1;
}

bool CsvReader::fill() {
    if (m_pos < m_end) return true;
    if (!m_in || !*m_in) return false;
    m_in->read(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
    m_pos = 0;
    m_end = static_cast<size_t>(m_in->gcount());
    return m_end > 0;
}

int CsvReader::peek() {
    if (m_pos >= m_end && !fill()) return -1;
    return static_cast<unsigned char>(m_buffer[m_pos]);
}

int CsvReader::get() {
    const int c = peek();
    if (c >= 0) ++m_pos;
    return c;
}

void CsvReader::warn(int64_t line, int64_t record, std::string message) {
    m_diagnostics.push_back({gis::Severity::Warning,
                             "line " + std::to_string(line) + ": " + std::move(message), m_source,
                             record});
}

bool CsvReader::readRecord(std::vector<std::string>& fields, int64_t& startLine) {
    fields.clear();
    // Skip blank lines (a trailing line break, CR CR, ...).
    for (int c = peek(); c == '\r' || c == '\n'; c = peek()) {
        get();
        if (c == '\r' && peek() == '\n') get();
        ++m_line;
    }
    if (peek() < 0) return false;
    startLine = m_line;

    const char delim = m_options.delimiter;
    std::string field;
    bool quoted = false;      // inside an open quote
    bool wasQuoted = false;   // this field started with a quote
    for (;;) {
        const int c = get();
        if (c < 0) {
            if (quoted)
                warn(startLine, m_records + 1, "a quoted field is not closed before the end of the file");
            break;
        }
        if (quoted) {
            if (c == '"') {
                if (peek() == '"') {
                    get();
                    field += '"';
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n' || (c == '\r' && peek() != '\n')) ++m_line;
                field += static_cast<char>(c);
            }
            continue;
        }
        if (c == delim) {
            fields.push_back(std::move(field));
            field.clear();
            wasQuoted = false;
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && peek() == '\n') get();
            ++m_line;
            break;
        } else if (c == '"' && field.empty() && !wasQuoted) {
            quoted = wasQuoted = true;
        } else {
            field += static_cast<char>(c); // a stray quote inside a bare field is kept as is
        }
    }
    fields.push_back(std::move(field));
    return true;
}

bool CsvReader::next(CsvRow& row) {
    int64_t line = 0;
    if (!readRecord(row.fields, line)) return false;
    row.record = ++m_records;
    row.line = line;
    row.missingFields = 0;
    if (!m_header.empty()) {
        const size_t want = m_header.size();
        const size_t have = row.fields.size();
        if (have < want) {
            row.missingFields = static_cast<int>(want - have);
            warn(line, row.record,
                 "record " + std::to_string(row.record) + " has " + std::to_string(have) +
                     " fields, the header has " + std::to_string(want) + "; the missing ones are empty");
        } else if (have > want) {
            warn(line, row.record,
                 "record " + std::to_string(row.record) + " has " + std::to_string(have) +
                     " fields, the header has " + std::to_string(want) + "; extra fields ignored");
        }
    }
    return true;
}

} // namespace citytwin::data
