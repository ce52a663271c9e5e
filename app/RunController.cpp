// One run at a time: the process, its temporary folder and its outputs live exactly as long
// as the run.
#include "RunController.hpp"

#include <loopscope/TraceJson.hpp>

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
                          const QString& workingDir) {
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
    stopping_ = false;
    process_ = new QProcess(this);
    process_->setWorkingDirectory(workingDir.isEmpty() ? dir_->path() : workingDir);
    connect(process_, &QProcess::finished, this, &RunController::onFinished);
    connect(process_, &QProcess::errorOccurred, this, &RunController::onError);
    process_->start(executable_, {QStringLiteral("run"), script.fileName(),
                                  QStringLiteral("--timestamps"), QStringLiteral("--trace"),
                                  dir_->filePath(QStringLiteral("trace.json"))});
    emit started();
}

void RunController::stop() {
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
    auto trace = std::make_shared<Trace>();
    std::string error;
    if (!loadTraceJson(dir_->filePath(QStringLiteral("trace.json")).toStdString(), *trace,
                       &error)) {
        trace = std::make_shared<Trace>(); // loadTraceJson leaves it unchanged; start empty
        // The problems pane says why the chart is empty instead of showing nothing.
        err += tr("loopscope: cannot read the run's trace: %1\n").arg(QString::fromStdString(error));
    }
    cleanUp();
    emit finished(std::move(trace), status, err);
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
