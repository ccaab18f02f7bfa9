#include "core/TileCacheLocation.h"

#include <QDir>
#include <QStandardPaths>

namespace citytwin::app {

QString tileCachePathFor(const QString& projectPath)
{
    if (!projectPath.isEmpty()) {
        QString base = projectPath;
        if (base.endsWith(QStringLiteral(".recovery"))) base.chop(int(qstrlen(".recovery")));
        return base + QStringLiteral(".citytwin-tiles");
    }
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    if (dir.isEmpty() || !QDir().mkpath(dir)) return {};
    return QDir(dir).filePath(QStringLiteral("tiles.sqlite"));
}

} // namespace citytwin::app
