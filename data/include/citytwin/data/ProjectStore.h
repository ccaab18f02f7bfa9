#pragma once
// Reading and writing .citytwin project files (one SQLite file each), and
// the crash-recovery copies the app autosaves next to them.

#include "citytwin/data/Project.h"
#include "citytwin/gis/Result.h"

#include <functional>
#include <string>

namespace citytwin::data {

/// Loads and saves projects. Every function opens its own SQLite connection,
/// so any thread may call them (one save to a given path at a time).
///
/// A save never damages the previous file: it writes `path + ".saving"` in
/// one transaction, flushes it to disk and renames it over `path`; on any
/// failure the temporary is removed and `path` keeps its old bytes. A load
/// opens read-only and never writes: a file from a newer CityTwin, a damaged
/// or truncated file, or something that is not a project is refused with a
/// message saying which, and left byte-for-byte as it was. An older format
/// is migrated in memory (the file changes at the next save).
class ProjectStore {
public:
    static constexpr int kFormatVersion = kProjectFormatVersion;
    /// SQLite application_id of project files: "CTWP".
    static constexpr int kApplicationId = 0x43545750;

    static gis::Result<Project> load(const std::string& path);
    /// True on success; the file then holds exactly `project` (in format
    /// kFormatVersion).
    static gis::Result<bool> save(const Project& project, const std::string& path);

    /// Where the autosave of `projectPath` goes: "<projectPath>.recovery";
    /// for a project never saved (empty path) "<unsavedFolder>/untitled.citytwin.recovery".
    static std::string recoveryPathFor(const std::string& projectPath,
                                       const std::string& unsavedFolder = {});
    /// Writes the recovery copy (atomically, like save); the project file is
    /// not touched.
    static gis::Result<bool> saveRecovery(const Project& project, const std::string& projectPath,
                                          const std::string& unsavedFolder = {});
    /// True when a recovery copy exists and is newer than the project file
    /// (or the project file is gone / was never saved): offer it at start-up.
    static bool hasNewerRecovery(const std::string& projectPath,
                                 const std::string& unsavedFolder = {});
    static gis::Result<Project> loadRecovery(const std::string& projectPath,
                                             const std::string& unsavedFolder = {});
    /// Removes the recovery copy (after a save, or when the user declines it).
    /// False only when it exists and cannot be removed.
    static bool discardRecovery(const std::string& projectPath,
                                const std::string& unsavedFolder = {});

    /// Test hook: called at each step of a save ("create", "layer", "commit",
    /// "rename") with the temporary path; returning false makes the save fail
    /// there as a crash or full disk would. Empty = none. Not thread-safe.
    using SaveHook = std::function<bool(const std::string& step, const std::string& tempPath)>;
    static void setSaveHookForTesting(SaveHook hook);
};

} // namespace citytwin::data
