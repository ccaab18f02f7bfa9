#include "common/DurableFile.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

#ifndef _WIN32
#include <fcntl.h>
#include <unistd.h>
#endif

namespace citytwin::data::detail {

namespace {

#ifndef _WIN32
bool syncPath(const std::string& path, int flags, std::string& error) {
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0) {
        error = "cannot open " + path + " to flush it: " + std::strerror(errno);
        return false;
    }
    const bool ok = ::fsync(fd) == 0;
    if (!ok) error = "cannot flush " + path + " to disk: " + std::strerror(errno);
    ::close(fd);
    return ok;
}
#endif

} // namespace

bool syncFile(const std::string& path, std::string& error) {
#ifndef _WIN32
    return syncPath(path, O_RDWR, error);
#else
    (void)path;
    (void)error;
    return true; // SQLite's synchronous=FULL commit already flushed it
#endif
}

bool syncParentFolder(const std::string& path, std::string& error) {
#ifndef _WIN32
    auto parent = std::filesystem::path(path).parent_path();
    if (parent.empty()) parent = ".";
    return syncPath(parent.string(), O_RDONLY | O_DIRECTORY, error);
#else
    (void)path;
    (void)error;
    return true;
#endif
}

} // namespace citytwin::data::detail
