#include "citytwin/gis/Result.h"

namespace citytwin::gis {

std::string formatDiagnostic(const Diagnostic& d)
{
    std::string out;
    switch (d.severity) {
    case Severity::Info: out = "info: "; break;
    case Severity::Warning: out = "warning: "; break;
    case Severity::Error: out = "error: "; break;
    }
    if (!d.source.empty()) out += d.source + ": ";
    if (d.featureIndex >= 0) out += "feature " + std::to_string(d.featureIndex) + ": ";
    out += d.message;
    return out;
}

} // namespace citytwin::gis
