#pragma once
// Flushing files and folder entries to disk before relying on a rename.
// Private to citytwin_data.

#include <string>

namespace citytwin::data::detail {

/// fsync of a closed file's bytes; false with `error` set when it fails.
bool syncFile(const std::string& path, std::string& error);

/// fsync of the folder holding `path`, so a rename into it survives a power
/// cut. No-op where the platform has no such call.
bool syncParentFolder(const std::string& path, std::string& error);

} // namespace citytwin::data::detail
