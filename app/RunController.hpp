// Runs a script in a child process and brings its trace back. The embedded interpreter runs
// one script per process and is never torn down, so every run is
// `loopscope run TMP.py --timestamps --trace TMP.json` on this very executable; the UI never
// waits for it.
#pragma once

#include <loopscope/Trace.hpp>

#include <QObject>
#include <QProcess>
#include <QString>

#include <memory>

class QTemporaryDir;

namespace loopscope::gui {

class RunController : public QObject {
    Q_OBJECT
public:
    explicit RunController(QObject* parent = nullptr);
    ~RunController() override;

    /// The loopscope executable to run; QCoreApplication::applicationFilePath() by default
    /// (tests, which are other executables, point it at the real binary).
    void setExecutable(const QString& path) { executable_ = path; }
    QString executable() const { return executable_; }

    bool isRunning() const { return process_ != nullptr; }

    /// Starts running `source`, saved as `fileName` (so messages name the user's file) in a
    /// fresh temporary folder, with `workingDir` as the current directory (empty: the
    /// temporary folder). A run still going is stopped first.
    void start(const QString& source, const QString& fileName = QStringLiteral("script.py"),
               const QString& workingDir = {});
    /// Kills the run; failed("stopped") follows.
    void stop();

signals:
    void started();
    /// The run ended with a `# end` line: `status` is ok, exception:Type, deadlock, horizon
    /// or watchdog; `trace` is what it recorded (empty when no trace could be read).
    void finished(std::shared_ptr<const loopscope::Trace> trace, const QString& status,
                  const QString& stderrText);
    /// The run did not end normally: could not start, crashed, was killed or stopped.
    void failed(const QString& message);

private:
    void onFinished(int exitCode, QProcess::ExitStatus exitStatus);
    void onError(QProcess::ProcessError error);
    void cleanUp();

    QString executable_;
    QProcess* process_ = nullptr;
    std::unique_ptr<QTemporaryDir> dir_;
    bool stopping_ = false;
};

} // namespace loopscope::gui
