#pragma once
// Result<T>: a value or nothing, plus the diagnostics gathered while making it.
// Libraries never throw across their boundary; anything that reads outside
// input returns a Result so the caller can show every warning and error.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace citytwin::gis {

enum class Severity { Info, Warning, Error };

/// One message about the input. `featureIndex` is the source feature (FID or
/// running number) it concerns, -1 when it concerns the whole source.
struct Diagnostic {
    Severity severity = Severity::Warning;
    std::string message;
    std::string source;       ///< file or connection string, empty if none
    int64_t featureIndex = -1;

    bool operator==(const Diagnostic&) const = default;
};

using Diagnostics = std::vector<Diagnostic>;

/// Formats "error: source: feature 12: message" for the CLI and logs.
std::string formatDiagnostic(const Diagnostic& d);

template <typename T>
class Result {
public:
    Result() = default;
    Result(T value) : m_value(std::move(value)) {}
    Result(T value, Diagnostics diagnostics)
        : m_value(std::move(value)), m_diagnostics(std::move(diagnostics)) {}

    /// A failed result carrying one error.
    static Result failure(std::string message, std::string source = {}) {
        Result r;
        r.m_diagnostics.push_back({Severity::Error, std::move(message), std::move(source), -1});
        return r;
    }
    static Result failure(Diagnostics diagnostics) {
        Result r;
        r.m_diagnostics = std::move(diagnostics);
        return r;
    }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    T& value() { return *m_value; }
    const T& value() const { return *m_value; }
    T* operator->() { return &*m_value; }
    const T* operator->() const { return &*m_value; }
    T& operator*() { return *m_value; }
    const T& operator*() const { return *m_value; }
    T takeValue() { return std::move(*m_value); }

    const Diagnostics& diagnostics() const { return m_diagnostics; }
    Diagnostics& diagnostics() { return m_diagnostics; }
    void addDiagnostic(Diagnostic d) { m_diagnostics.push_back(std::move(d)); }

    /// First error message, or empty.
    std::string firstError() const {
        for (const auto& d : m_diagnostics)
            if (d.severity == Severity::Error) return d.message;
        return {};
    }

private:
    std::optional<T> m_value;
    Diagnostics m_diagnostics;
};

} // namespace citytwin::gis
