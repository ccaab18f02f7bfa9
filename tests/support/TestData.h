#pragma once
// Paths to test fixtures. Real data in ../shared/data is referenced in place;
// when it is missing a test skips, or fails when CITYTWIN_REQUIRE_SHARED_DATA=1 (CI).

#include <QDir>
#include <QFileInfo>
#include <QString>
#include <QtTest>

namespace citytwin::test {

/// The shared data folder: $CITYTWIN_SHARED_DATA_DIR when set, else the
/// ../shared/data beside the source tree this test was built from.
inline QString sharedDataPath(const QString& relative) {
    const QString root = qEnvironmentVariableIsSet("CITYTWIN_SHARED_DATA_DIR")
                             ? qEnvironmentVariable("CITYTWIN_SHARED_DATA_DIR")
                             : QStringLiteral(CITYTWIN_SHARED_DATA_DIR);
    return QDir(root).filePath(relative);
}

inline bool sharedDataRequired() {
    return qEnvironmentVariableIntValue("CITYTWIN_REQUIRE_SHARED_DATA") == 1;
}

inline QString testDataPath(const QString& relative) {
    return QDir(QStringLiteral(CITYTWIN_TEST_DATA_DIR)).filePath(relative);
}

/// A fresh folder for a test's outputs (actual/diff images, generated files).
inline QString testOutDir(const QString& sub) {
    QDir d(QStringLiteral(CITYTWIN_TEST_OUT_DIR));
    d.mkpath(sub);
    return d.filePath(sub);
}

} // namespace citytwin::test

/// Use inside a test function: yields the absolute path or skips/fails.
#define CITYTWIN_SHARED_DATA(var, relative)                                              \
    const QString var = citytwin::test::sharedDataPath(QStringLiteral(relative));        \
    if (!QFileInfo::exists(var)) {                                                       \
        if (citytwin::test::sharedDataRequired())                                        \
            QFAIL(qPrintable(QStringLiteral("shared data missing: ") + var));            \
        QSKIP(qPrintable(QStringLiteral("shared data missing: ") + var));                \
    }
