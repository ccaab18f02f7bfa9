#include "citytwin/gis/SourceFiles.h"

#include "vector/GdalHandles.h"

#include <cpl_string.h>
#include <cpl_vsi.h>

#include <algorithm>

namespace citytwin::gis {

std::vector<std::string> listSourceFiles(const std::string& folder, const std::string& suffix)
{
    ensureGdalRegistered();
    std::vector<std::string> out;
    char** entries = VSIReadDirRecursive(folder.c_str());
    const std::string base = folder.empty() || folder.back() == '/' ? folder : folder + "/";
    for (char** e = entries; e && *e; ++e) {
        const std::string name = *e;
        if (name.size() < suffix.size()) continue;
        if (!EQUAL(name.substr(name.size() - suffix.size()).c_str(), suffix.c_str())) continue;
        out.push_back(base + name);
    }
    CSLDestroy(entries);
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace citytwin::gis
