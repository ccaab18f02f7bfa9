#include "core/DemoCityCache.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>

namespace citytwin::app {
namespace {

QString stampPath(const gis::DemoCityOptions& options)
{
    return QDir(QString::fromStdString(options.outDir)).filePath(QStringLiteral("complete.stamp"));
}

} // namespace

gis::DemoCityOptions demoCityOptions()
{
    gis::DemoCityOptions options;
    QString base = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    if (base.isEmpty()) base = QDir::temp().filePath(QStringLiteral("citytwin-cache"));
    // The generator version is part of the folder name so a changed recipe regenerates.
    const QString dir = QDir(base).filePath(QStringLiteral("democity-v1-%1-%2")
                                                .arg(options.seed).arg(options.buildings));
    options.outDir = dir.toStdString();
    return options;
}

QString existingDemoCity(const gis::DemoCityOptions& options)
{
    QFile stamp(stampPath(options));
    if (!stamp.open(QIODevice::ReadOnly)) return {};
    const QString path = QString::fromUtf8(stamp.readAll()).trimmed();
    return QFile::exists(path) ? path : QString();
}

void markDemoCityComplete(const gis::DemoCityOptions& options, const QString& buildingsPath)
{
    // Written last, so an interrupted generation is redone next time.
    QFile stamp(stampPath(options));
    if (stamp.open(QIODevice::WriteOnly | QIODevice::Truncate)) stamp.write(buildingsPath.toUtf8());
}

} // namespace citytwin::app
