// The main window. Runs go through RunController (a child process); files are written with
// QSaveFile so a crash never leaves half a script behind.
#include "MainWindow.hpp"

#include "InspectorPane.hpp"
#include "RunController.hpp"
#include "ScriptEditor.hpp"

#include <PlaybackController.hpp>
#include <TimelineView.hpp>

#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QMouseEvent>
#include <QMenuBar>
#include <QProgressBar>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSignalBlocker>
#include <QSlider>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>
#include <QTextBlock>
#include <QToolBar>

#include <cmath>

namespace loopscope::gui {

namespace {

QString fromStd(const std::string& s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

/// The first comment line of a script, without its '#': the example's description.
QString firstComment(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    while (!f.atEnd()) {
        const QString line = QString::fromUtf8(f.readLine()).trimmed();
        if (line.startsWith(QLatin1Char('#')))
            return line.mid(1).trimmed();
        if (!line.isEmpty())
            break;
    }
    return {};
}

constexpr int kScrubberSteps = 10000; // the slider's resolution over the whole run

QString diagnosticKind(Diagnostic::Kind k) {
    switch (k) {
    case Diagnostic::Kind::Deadlock: return QStringLiteral("deadlock");
    case Diagnostic::Kind::ExceptionNeverRetrieved: return QStringLiteral("never retrieved");
    case Diagnostic::Kind::PendingAtExit: return QStringLiteral("pending at exit");
    case Diagnostic::Kind::BlockedLoop: return QStringLiteral("blocked loop");
    case Diagnostic::Kind::Horizon: return QStringLiteral("horizon");
    case Diagnostic::Kind::Other: break;
    }
    return QStringLiteral("note");
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    editor_ = new ScriptEditor;
    timeline_ = new TimelineView;
    auto* scroll = new QScrollArea;
    scroll->setWidget(timeline_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(editor_);
    splitter->addWidget(scroll);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({560, 840});
    setCentralWidget(splitter);

    runner_ = new RunController(this);
    connect(runner_, &RunController::started, this, &MainWindow::onRunStarted);
    connect(runner_, &RunController::finished, this, &MainWindow::onRunFinished);
    connect(runner_, &RunController::failed, this, &MainWindow::onRunFailed);
    connect(editor_->document(), &QTextDocument::modificationChanged, this,
            &MainWindow::updateTitle);

    createDocks();
    createActions();
    createMenus();
    createPlaybackBar();
    createStatusBar();
    setCurrent({}, tr("untitled.py"));
    resize(1400, 860);
}

MainWindow::~MainWindow() = default;

QString MainWindow::examplesDir() { return QStringLiteral(LOOPSCOPE_EXAMPLES_DIR); }

void MainWindow::createDocks() {
    console_ = new QPlainTextEdit;
    console_->setReadOnly(true);
    console_->setFont(editor_->font());
    console_->setPlaceholderText(tr("What the script prints, with its virtual time"));
    problems_ = new QListWidget;
    problems_->setFont(editor_->font()); // a syntax error's caret lines up under its column
    connect(problems_, &QListWidget::itemActivated, this, &MainWindow::onProblemActivated);
    auto* consoleDock = new QDockWidget(tr("Console"), this);
    consoleDock->setObjectName(QStringLiteral("console"));
    consoleDock->setWidget(console_);
    auto* problemsDock = new QDockWidget(tr("Problems"), this);
    problemsDock->setObjectName(QStringLiteral("problems"));
    problemsDock->setWidget(problems_);
    addDockWidget(Qt::BottomDockWidgetArea, consoleDock);
    addDockWidget(Qt::BottomDockWidgetArea, problemsDock);
    splitDockWidget(consoleDock, problemsDock, Qt::Horizontal);
    inspector_ = new InspectorPane;
    auto* inspectorDock = new QDockWidget(tr("Inspector"), this);
    inspectorDock->setObjectName(QStringLiteral("inspector"));
    inspectorDock->setWidget(inspector_);
    addDockWidget(Qt::BottomDockWidgetArea, inspectorDock);
    splitDockWidget(problemsDock, inspectorDock, Qt::Horizontal);
    resizeDocks({consoleDock}, {220}, Qt::Vertical);
}

void MainWindow::createActions() {
    runAction_ = new QAction(tr("&Run"), this);
    runAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    runAction_->setStatusTip(tr("Run the script on the virtual clock"));
    connect(runAction_, &QAction::triggered, this, &MainWindow::run);
    stopAction_ = new QAction(tr("&Stop"), this);
    stopAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    stopAction_->setEnabled(false);
    connect(stopAction_, &QAction::triggered, this, &MainWindow::stop);
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open…"), QKeySequence::Open, this, [this] {
        if (!maybeSave())
            return;
        const QString path = askOpenFileName();
        if (!path.isEmpty())
            openFile(path);
    });
    file->addAction(tr("&Save"), QKeySequence::Save, this, [this] { save(); });
    file->addAction(tr("Save &As…"), QKeySequence::SaveAs, this, [this] {
        const QString path = askSaveFileName();
        if (!path.isEmpty())
            saveAs(path);
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* examples = menuBar()->addMenu(tr("&Examples"));
    const QDir dir(examplesDir());
    for (const QFileInfo& info : dir.entryInfoList({QStringLiteral("*.py")}, QDir::Files,
                                                   QDir::Name)) {
        const QString description = firstComment(info.filePath());
        QAction* a = examples->addAction(
            description.isEmpty() ? info.fileName()
                                  : QStringLiteral("%1 — %2").arg(info.fileName(), description));
        a->setStatusTip(description);
        connect(a, &QAction::triggered, this, [this, path = info.filePath()] {
            if (openExample(path))
                run();
        });
    }
    if (examples->isEmpty())
        examples->addAction(tr("(no examples in %1)").arg(examplesDir()))->setEnabled(false);

    QMenu* runMenu = menuBar()->addMenu(tr("&Run"));
    runMenu->addAction(runAction_);
    runMenu->addAction(stopAction_);

    QToolBar* bar = addToolBar(tr("Run"));
    bar->setObjectName(QStringLiteral("runToolBar"));
    bar->addAction(runAction_);
    bar->addAction(stopAction_);
    bar->addSeparator();
    bar->addAction(tr("Fit all"), timeline_, &TimelineView::fitAll)
        ->setStatusTip(tr("Show the whole run (F in the timeline; Ctrl+wheel zooms)"));
}

void MainWindow::createPlaybackBar() {
    playback_ = new PlaybackController(this);
    QToolBar* bar = addToolBar(tr("Playback"));
    bar->setObjectName(QStringLiteral("playbackToolBar"));
    // The keys act only while the timeline has focus, so the editor keeps its Space and
    // arrows (WidgetShortcut matches the focused widget among those the action is on).
    auto add = [&](const QString& text, QKeySequence key, const QString& tip, auto slot) {
        QAction* a = bar->addAction(text, playback_, slot);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetShortcut);
        a->setToolTip(QStringLiteral("%1 (%2 in the timeline)")
                          .arg(tip, key.toString(QKeySequence::NativeText)));
        timeline_->addAction(a);
        return a;
    };
    add(tr("|◀"), QKeySequence(Qt::Key_Home), tr("Go to the start"),
        &PlaybackController::jumpToStart);
    add(tr("◀"), QKeySequence(Qt::Key_Left), tr("Step back to the previous event"),
        &PlaybackController::stepToPreviousEvent);
    playAction_ = add(tr("Play"), QKeySequence(Qt::Key_Space), tr("Play or pause"),
                      &PlaybackController::toggle);
    add(tr("▶"), QKeySequence(Qt::Key_Right), tr("Step forward to the next event"),
        &PlaybackController::stepToNextEvent);
    add(tr("▶|"), QKeySequence(Qt::Key_End), tr("Go to the end"),
        &PlaybackController::jumpToEnd);

    speedBox_ = new QComboBox;
    for (double speed : {0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 100.0})
        speedBox_->addItem(QString::number(speed) + QLatin1Char('x'), speed);
    speedBox_->setCurrentIndex(2);
    speedBox_->setToolTip(tr("Virtual seconds played per second"));
    connect(speedBox_, &QComboBox::currentIndexChanged, this,
            [this](int i) { playback_->setSpeed(speedBox_->itemData(i).toDouble()); });
    bar->addWidget(speedBox_);

    scrubber_ = new QSlider(Qt::Horizontal);
    scrubber_->setRange(0, kScrubberSteps);
    scrubber_->setMinimumWidth(200);
    connect(scrubber_, &QSlider::valueChanged, this, [this](int v) {
        playback_->setCursor(playback_->endTime() * v / kScrubberSteps);
    });
    bar->addWidget(scrubber_);
    timeLabel_ = new QLabel;
    timeLabel_->setMinimumWidth(timeLabel_->fontMetrics().horizontalAdvance(
        QStringLiteral("t=0000.000 / 0000.000")));
    bar->addWidget(timeLabel_);

    connect(playback_, &PlaybackController::cursorChanged, this, &MainWindow::onCursorChanged);
    connect(playback_, &PlaybackController::playingChanged, this,
            [this](bool playing) { playAction_->setText(playing ? tr("Pause") : tr("Play")); });
    connect(timeline_, &TimelineView::cursorRequested, playback_,
            &PlaybackController::setCursor);
    console_->viewport()->installEventFilter(this);
    onCursorChanged(0);
}

void MainWindow::onCursorChanged(double t) {
    const double end = playback_->endTime();
    timeline_->setCursor(trace_ ? t : -1);
    {
        const QSignalBlocker block(scrubber_);
        scrubber_->setValue(end > 0 ? int(std::lround(t / end * kScrubberSteps)) : 0);
    }
    timeLabel_->setText(QString::asprintf("t=%.3f / %.3f", t, end));
    showConsoleUpTo(t);
    inspector_->showAt(t);
}

void MainWindow::showConsoleUpTo(double t) {
    const int n = trace_ ? int(linesUpTo(trace_->output, t)) : 0;
    if (n == consoleShown_)
        return;
    const QString text = consoleLines_.mid(0, n).mid(consoleShown_).join(QLatin1Char('\n'));
    if (n > consoleShown_ && consoleShown_ > 0) {
        console_->appendPlainText(text);
    } else {
        console_->setPlainText(consoleLines_.mid(0, n).join(QLatin1Char('\n')));
        console_->moveCursor(QTextCursor::End);
    }
    consoleShown_ = n;
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
    const bool press = event->type() == QEvent::MouseButtonPress ||
                       event->type() == QEvent::MouseButtonDblClick;
    if (press && watched == console_->viewport() && trace_) {
        const auto* e = static_cast<QMouseEvent*>(event);
        const int line = console_->cursorForPosition(e->position().toPoint()).blockNumber();
        if (e->button() == Qt::LeftButton && line >= 0 && line < consoleShown_)
            playback_->setCursor(trace_->output[std::size_t(line)].time);
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::createStatusBar() {
    busy_ = new QProgressBar;
    busy_->setRange(0, 0);
    busy_->setMaximumWidth(120);
    busy_->setVisible(false);
    statusLabel_ = new QLabel;
    statusBar()->addPermanentWidget(statusLabel_);
    statusBar()->addPermanentWidget(busy_);
}

bool MainWindow::maybeSave() {
    if (!editor_->document()->isModified())
        return true;
    switch (askToSaveChanges()) {
    case QMessageBox::Save: return save();
    case QMessageBox::Discard: return true;
    default: return false;
    }
}

QMessageBox::StandardButton MainWindow::askToSaveChanges() {
    return QMessageBox::question(this, tr("Unsaved changes"),
                                 tr("%1 has unsaved changes. Save them?").arg(displayName_),
                                 QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel,
                                 QMessageBox::Save);
}

QString MainWindow::askOpenFileName() {
    return QFileDialog::getOpenFileName(this, tr("Open a script"), QFileInfo(path_).path(),
                                        tr("Python scripts (*.py);;All files (*)"));
}

QString MainWindow::askSaveFileName() {
    const QString start = path_.isEmpty() ? QDir::home().filePath(displayName_) : path_;
    return QFileDialog::getSaveFileName(this, tr("Save the script"), start,
                                        tr("Python scripts (*.py);;All files (*)"));
}

void MainWindow::showError(const QString& message) {
    QMessageBox::warning(this, tr("loopscope"), message);
}

bool MainWindow::openFile(const QString& path) {
    if (!maybeSave())
        return false;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        showError(tr("Cannot open %1: %2").arg(path, f.errorString()));
        return false;
    }
    editor_->setPlainText(QString::fromUtf8(f.readAll()));
    setCurrent(QFileInfo(path).absoluteFilePath(), QFileInfo(path).fileName());
    return true;
}

bool MainWindow::openExample(const QString& path) {
    if (!openFile(path))
        return false;
    setCurrent({}, QFileInfo(path).fileName());
    return true;
}

bool MainWindow::save() {
    if (!path_.isEmpty())
        return saveAs(path_);
    const QString path = askSaveFileName();
    return !path.isEmpty() && saveAs(path);
}

bool MainWindow::saveAs(const QString& path) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(editor_->toPlainText().toUtf8()) < 0 ||
        !f.commit()) {
        showError(tr("Cannot save %1: %2").arg(path, f.errorString()));
        return false;
    }
    setCurrent(QFileInfo(path).absoluteFilePath(), QFileInfo(path).fileName());
    statusBar()->showMessage(tr("Saved %1").arg(path), 3000);
    return true;
}

void MainWindow::setCurrent(const QString& path, const QString& displayName) {
    path_ = path;
    displayName_ = displayName;
    editor_->document()->setModified(false);
    updateTitle();
}

void MainWindow::updateTitle() {
    const bool modified = editor_->document()->isModified();
    // Spelled out rather than "[*]" + setWindowModified, so windowTitle() says what the
    // title bar shows.
    setWindowTitle(QStringLiteral("%1%2 — loopscope").arg(displayName_, modified ? "*" : ""));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (maybeSave()) {
        runner_->stop();
        event->accept();
    } else {
        event->ignore();
    }
}

void MainWindow::run() {
    const QString dir = path_.isEmpty() ? QString() : QFileInfo(path_).path();
    runner_->start(editor_->toPlainText(), displayName_, dir);
}

void MainWindow::stop() { runner_->stop(); }

bool MainWindow::isRunning() const { return runner_->isRunning(); }

void MainWindow::setBusy(bool busy) {
    busy_->setVisible(busy);
    stopAction_->setEnabled(busy);
}

void MainWindow::onRunStarted() {
    playback_->pause();
    lastStatus_.clear();
    statusLabel_->setText(tr("Running %1…").arg(displayName_));
    setBusy(true);
}

void MainWindow::addProblem(const QString& text, bool error) {
    auto* item = new QListWidgetItem(text, problems_);
    item->setIcon(style()->standardIcon(error ? QStyle::SP_MessageBoxCritical
                                              : QStyle::SP_MessageBoxWarning));
}

void MainWindow::onRunFinished(std::shared_ptr<const Trace> trace, const QString& status,
                               const QString& stderrText) {
    setBusy(false);
    lastStatus_ = status;
    statusLabel_->setText(QString::asprintf("# end t=%.3f status=", trace->endTime) + status);

    consoleLines_.clear();
    for (const OutputLine& line : trace->output)
        consoleLines_ << QString::asprintf("[%.3f] ", line.time) + fromStd(line.text);
    consoleShown_ = 0;
    console_->clear();

    problems_->clear();
    QString rest = stderrText; // stderr repeats the diagnostics as "loopscope: MESSAGE"
    for (const Diagnostic& d : trace->diagnostics) {
        const QString message = fromStd(d.message);
        rest.remove(QStringLiteral("loopscope: ") + message + QLatin1Char('\n'));
        addProblem(QString::asprintf("[%.3f] ", d.time) + diagnosticKind(d.kind) +
                       QStringLiteral(": ") + message,
                   d.kind == Diagnostic::Kind::Deadlock);
    }
    rest = rest.trimmed();
    if (!rest.isEmpty())
        addProblem(rest, true);
    trace_ = trace;
    inspector_->setTrace(trace_.get()); // before any cursor signal of the new run
    timeline_->setTrace(std::move(trace));
    // Play the run from its start; the signal may not fire when the cursor was at 0.
    playback_->setTrace(trace_.get());
    onCursorChanged(playback_->cursor());
    playback_->play();
    emit runEnded();
}

void MainWindow::onRunFailed(const QString& message) {
    setBusy(false);
    lastStatus_.clear();
    statusLabel_->setText(tr("Run failed"));
    problems_->clear();
    addProblem(message, true);
    emit runEnded();
}

void MainWindow::onProblemActivated(QListWidgetItem* item) {
    // "script.py:3:7: ..." or 'File "script.py", line 3': jump to the line in the editor.
    static const QRegularExpression where(
        QStringLiteral("(?:\\.py:(\\d+)|line (\\d+))"));
    const auto m = where.match(item->text());
    if (m.hasMatch())
        editor_->goToLine((m.captured(1).isEmpty() ? m.captured(2) : m.captured(1)).toInt());
}

} // namespace loopscope::gui
