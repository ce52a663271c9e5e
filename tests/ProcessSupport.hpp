// Runs the real `loopscope` binary the way a user's shell would, for the command-line tests
// (test_cli, test_run, test_export): exit status, stdout, stderr and how long it took.
#pragma once

#include <QElapsedTimer>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace loopscope::test {

struct ProcessResult {
    bool finished = false; ///< false: still running when the wait ran out (then killed)
    int exitCode = -1;     ///< -1 when it crashed or did not finish
    QString out;
    QString err;
    qint64 ms = 0; ///< wall-clock duration of the run
};

/// Runs LOOPSCOPE_BIN with `args` in `dir` (empty: the current directory); gives up and
/// kills it after `timeoutMs`.
inline ProcessResult runLoopscope(const QStringList& args, const QString& dir = {},
                                  int timeoutMs = 60000,
                                  const QProcessEnvironment& env =
                                      QProcessEnvironment::systemEnvironment()) {
    QProcess p;
    if (!dir.isEmpty())
        p.setWorkingDirectory(dir);
    p.setProcessEnvironment(env);
    QElapsedTimer timer;
    timer.start();
    p.start(QStringLiteral(LOOPSCOPE_BIN), args);
    ProcessResult r;
    if (!p.waitForStarted(10000)) {
        r.err = "cannot start " LOOPSCOPE_BIN ": " + p.errorString();
        return r;
    }
    r.finished = p.waitForFinished(timeoutMs);
    r.ms = timer.elapsed();
    if (!r.finished) {
        p.kill();
        p.waitForFinished(5000);
    } else {
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace loopscope::test
