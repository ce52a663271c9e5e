// One run at a time: the process, its temporary folder and its outputs live exactly as long
// as the run.
#include "RunController.hpp"

#include "Background.hpp"

#include <loopscope/graph/InterventionsFile.hpp>

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>

namespace loopscope::gui {

namespace {

/// The status of the `# end t=T status=S` line, or empty when there is none.
QString endStatus(const QString& stdoutText) {
    static const QRegularExpression end(QStringLiteral("^# end t=\\S+ status=(\\S+)$"),
                                        QRegularExpression::MultilineOption);
    QString status;
    for (auto it = end.globalMatch(stdoutText); it.hasNext();)
        status = it.next().captured(1); // the last one: a script may print '# end' itself
    return status;
}

} // namespace

RunController::RunController(QObject* parent)
    : QObject(parent), executable_(QCoreApplication::applicationFilePath()) {}

RunController::~RunController() {
    if (process_) {
        process_->disconnect(this);
        process_->kill();
        process_->waitForFinished(3000);
    }
}

void RunController::start(const QString& source, const QString& fileName,
                          const QString& workingDir,
                          const std::vector<Intervention>& interventions) {
    reading_ = 0; // a trace still being read belongs to the previous run
    if (process_) {
        process_->disconnect(this);
        process_->kill();
        process_->waitForFinished(3000);
        cleanUp();
    }
    dir_ = std::make_unique<QTemporaryDir>();
    QFile script(dir_->filePath(fileName.isEmpty() ? QStringLiteral("script.py") : fileName));
    if (!dir_->isValid() || !script.open(QIODevice::WriteOnly) ||
        script.write(source.toUtf8()) < 0 || !script.flush()) {
        const QString why = dir_->isValid() ? script.errorString() : dir_->errorString();
        dir_.reset();
        emit failed(tr("Cannot save the script for the run: %1").arg(why));
        return;
    }
    script.close();
    QStringList args = {QStringLiteral("run"), script.fileName(), QStringLiteral("--timestamps"),
                        QStringLiteral("--trace"), dir_->filePath(QStringLiteral("trace.json"))};
    if (interventions.empty()) {
        args << QStringLiteral("--no-interventions");
    } else {
        const QString file = dir_->filePath(QStringLiteral("run.interventions.json"));
        std::string why;
        if (!graph::saveInterventions(file.toStdString(), interventions, &why)) {
            dir_.reset();
            emit failed(tr("Cannot save the interventions for the run: %1")
                            .arg(QString::fromStdString(why)));
            return;
        }
        args << QStringLiteral("--interventions") << file;
    }
    stopping_ = false;
    process_ = new QProcess(this);
    process_->setWorkingDirectory(workingDir.isEmpty() ? dir_->path() : workingDir);
    connect(process_, &QProcess::finished, this, &RunController::onFinished);
    connect(process_, &QProcess::errorOccurred, this, &RunController::onError);
    process_->start(executable_, args);
    emit started();
}

void RunController::stop() {
    if (reading_) {
        reading_ = 0;
        emit failed(tr("stopped"));
        return;
    }
    if (!process_)
        return;
    stopping_ = true;
    process_->kill();
}

void RunController::onError(QProcess::ProcessError error) {
    // Crashes and kills also arrive in onFinished; only a failure to start ends here alone.
    if (error != QProcess::FailedToStart || !process_)
        return;
    const QString message = tr("Cannot start %1: %2").arg(executable_, process_->errorString());
    cleanUp();
    emit failed(message);
}

void RunController::onFinished(int exitCode, QProcess::ExitStatus exitStatus) {
    const QString out = QString::fromUtf8(process_->readAllStandardOutput());
    QString err = QString::fromUtf8(process_->readAllStandardError());
    err.remove(dir_->path() + QLatin1Char('/')); // messages name the user's file, not ours
    const QString status = endStatus(out);
    if (stopping_ || exitStatus != QProcess::NormalExit || status.isEmpty()) {
        const QString message =
            stopping_ ? tr("stopped")
            : exitStatus != QProcess::NormalExit
                ? tr("the run crashed")
                : tr("the run ended without a status (exit code %1)").arg(exitCode);
        cleanUp();
        emit failed(err.isEmpty() ? message : message + QLatin1Char('\n') + err);
        return;
    }
    // The read owns the temporary folder until it is done, whatever happens to this run.
    std::shared_ptr<QTemporaryDir> dir(std::move(dir_));
    cleanUp();
    const quint64 reading = reading_ = ++lastReading_;
    runInBackground(
        this,
        [dir] {
            TraceRead r = readTraceFile(dir->filePath(QStringLiteral("trace.json")));
            if (r.trace) { // like stderr, name the user's file, not the run's temporary copy
                const std::string prefix = dir->path().toStdString() + '/';
                for (Diagnostic& d : r.trace->diagnostics)
                    for (std::size_t at; (at = d.message.find(prefix)) != std::string::npos;)
                        d.message.erase(at, prefix.size());
            }
            return r;
        },
        [this, reading, status, err](TraceRead r) {
            QString text = err;
            if (!r.trace) { // an empty chart, and the problems pane says why
                r.trace = std::make_shared<Trace>();
                text += tr("loopscope: cannot read the run's trace: %1\n").arg(r.error);
            }
            onTraceRead(reading, std::move(r.trace), status, text);
        });
    emit readingTrace();
}

void RunController::onTraceRead(quint64 reading, std::shared_ptr<const Trace> trace,
                                const QString& status, const QString& stderrText) {
    if (reading != reading_) // stopped, or another run started meanwhile
        return;
    reading_ = 0;
    emit finished(std::move(trace), status, stderrText);
}

void RunController::cleanUp() {
    if (process_) {
        process_->disconnect(this);
        process_->deleteLater();
        process_ = nullptr;
    }
    dir_.reset();
}

} // namespace loopscope::gui
