#include "citytwin/data/LayerFingerprint.h"

#include "citytwin/data/Fnv1a64.h"
#include "project/LayerSpecJsonDetail.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace citytwin::data {

namespace {

namespace fs = std::filesystem;

/// Bumped when the cache's notion of identity changes.
constexpr std::string_view kFingerprintScheme = "citytwin-layer-fingerprint/1";

/// Size and mtime of a regular file; false when it is not one.
bool addFileIdentity(Fnv1a64& h, const fs::path& path) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::is_regular_file(status)) return false;
    const auto size = fs::file_size(path, ec);
    if (ec) return false;
    const auto mtime = fs::last_write_time(path, ec);
    if (ec) return false;
    h.addString("file");
    h.addU64(size);
    h.addU64(static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(mtime.time_since_epoch()).count()));
    return true;
}

void addSidecars(Fnv1a64& h, const fs::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::vector<fs::path> sidecars;
    if (ext == ".shp") {
        for (const char* side : {".dbf", ".shx", ".prj", ".cpg", ".DBF", ".SHX", ".PRJ", ".CPG"})
            sidecars.push_back(fs::path(path).replace_extension(side));
    } else if (ext == ".gpkg" || ext == ".sqlite" || ext == ".db") {
        sidecars.push_back(path.string() + "-wal");
    }
    for (const auto& side : sidecars) {
        h.addString(side.filename().string());
        if (!addFileIdentity(h, side)) h.addString("absent");
    }
}

void addFolderIdentity(Fnv1a64& h, const fs::path& folder) {
    std::vector<fs::path> entries;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
        entries.push_back(it->path());
    std::sort(entries.begin(), entries.end());
    h.addString("folder");
    h.addU64(entries.size());
    for (const auto& e : entries) {
        h.addString(e.filename().string());
        if (!addFileIdentity(h, e)) h.addString("not-a-file");
    }
}

/// The longest leading part of `path` that is a regular file on disk.
bool addLongestFilePrefix(Fnv1a64& h, const std::string& path) {
    for (size_t end = path.size(); end > 0 && end != std::string::npos;
         end = path.rfind('/', end - 1)) {
        if (addFileIdentity(h, path.substr(0, end))) return true;
    }
    return false;
}

/// For /vsizip/ARCHIVE/inner and friends: the archive file on disk. GDAL
/// takes the archive path after the prefix, relative ("/vsizip/a.zip/x") or
/// absolute ("/vsizip//data/a.zip/x"); "/vsizip/data/a.zip" is tried both ways.
void addArchiveIdentity(Fnv1a64& h, std::string_view vsiPath) {
    static constexpr std::array<std::string_view, 4> kArchivePrefixes = {
        "/vsizip/", "/vsitar/", "/vsigzip/", "/vsi7z/"};
    for (auto prefix : kArchivePrefixes) {
        if (!vsiPath.starts_with(prefix)) continue;
        const std::string rest(vsiPath.substr(prefix.size()));
        if (rest.starts_with("{")) return; // /vsizip/{...}: no plain path to stat
        if (addLongestFilePrefix(h, rest)) return;
        if (!rest.starts_with("/")) addLongestFilePrefix(h, "/" + rest);
        return;
    }
}

void addSourceIdentity(Fnv1a64& h, const std::string& source) {
    h.addString(source);
    if (source.starts_with("/vsi")) {
        h.addString("vsi");
        addArchiveIdentity(h, source);
        return;
    }
    std::error_code ec;
    const fs::path path(source);
    const auto status = fs::status(path, ec);
    if (!ec && fs::is_regular_file(status)) {
        addFileIdentity(h, path);
        addSidecars(h, path);
    } else if (!ec && fs::is_directory(status)) {
        addFolderIdentity(h, path);
    } else {
        h.addString("not-on-disk"); // a connection string, or missing for now
    }
}

} // namespace

std::string layerFingerprint(const gis::LayerSpec& spec, const gis::SceneFrame& frame,
                             std::string_view builderVersion) {
    auto options = detail::layerSpecJson(spec);
    options.erase("name");
    Fnv1a64 h;
    h.addString(kFingerprintScheme);
    h.addString(builderVersion);
    h.addString(options.dump());
    h.addString(frame.crsDefinition);
    h.addString(nlohmann::json(frame.tileSizeMeters).dump());
    h.addU64(spec.sources.size());
    for (const auto& source : spec.sources) addSourceIdentity(h, source);
    return h.hex();
}

} // namespace citytwin::data
