#pragma once
// Where the window keeps the tile cache of a project.

#include <QString>

namespace citytwin::app {

/// The tile cache file for a project: `<project>.citytwin-tiles` beside a
/// saved project (a `.recovery` copy uses its project's), else
/// `tiles.sqlite` in the user's cache folder (created if missing), shared by
/// unsaved sessions. Empty when no folder is writable. Any thread.
QString tileCachePathFor(const QString& projectPath);

} // namespace citytwin::app
