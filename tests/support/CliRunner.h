#pragma once
// The citytwin executable run as a user runs it, for CLI tests: exit code
// and everything it printed.

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace citytwin::test {

/// What one run of the executable left behind.
struct CliRun {
    int exitCode = -1; ///< -1 timed out, -2 crashed, else the exit code
    QString out, err;
};

/// Runs the citytwin executable with `args` in `env`, waiting at most
/// `timeoutMs`; a run that takes longer is killed and reads "timed out".
inline CliRun runCitytwin(const QStringList& args, int timeoutMs,
                          const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(CITYTWIN_BINARY), args);
    CliRun r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("timed out");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = QString::fromLocal8Bit(p.readAllStandardOutput());
    r.err = QString::fromLocal8Bit(p.readAllStandardError());
    return r;
}

} // namespace citytwin::test
