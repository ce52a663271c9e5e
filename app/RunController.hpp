// Runs a script in a child process and brings its trace back. The embedded interpreter runs
// one script per process and is never torn down, so every run is
// `loopscope run TMP.py --timestamps --trace TMP.json` on this very executable; the UI never
// waits for it, nor for reading the trace back (a big run's trace takes a few hundred ms to
// read: that happens on a pool thread).
#pragma once

#include <loopscope/Intervention.hpp>
#include <loopscope/Trace.hpp>

#include <QObject>
#include <QProcess>
#include <QString>

#include <memory>
#include <vector>

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

    /// From start() until finished or failed: the process runs, or its trace is being read.
    bool isRunning() const { return process_ != nullptr || reading_ != 0; }

    /// Starts running `source`, saved as `fileName` (so messages name the user's file) in a
    /// fresh temporary folder, with `workingDir` as the current directory (empty: the
    /// temporary folder). A run still going is stopped first. The run applies
    /// `interventions` and nothing else (no file found beside the script counts).
    void start(const QString& source, const QString& fileName = QStringLiteral("script.py"),
               const QString& workingDir = {},
               const std::vector<Intervention>& interventions = {});
    /// Kills the run, or drops the trace being read; failed("stopped") follows.
    void stop();

signals:
    void started();
    /// The process ended; its trace is being read on a pool thread, finished() follows.
    void readingTrace();
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
    void onTraceRead(quint64 reading, std::shared_ptr<const Trace> trace, const QString& status,
                     const QString& stderrText);

    QString executable_;
    QProcess* process_ = nullptr;
    std::unique_ptr<QTemporaryDir> dir_;
    bool stopping_ = false;
    /// The number of the trace read in progress (0: none). Bumped by every start() and
    /// stop(), so a read that ends after it is dropped.
    quint64 reading_ = 0;
    quint64 lastReading_ = 0;
};

} // namespace loopscope::gui
