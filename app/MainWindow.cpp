// The main window. Runs go through RunController (a child process); files are written with
// QSaveFile so a crash never leaves half a script behind.
#include "MainWindow.hpp"

#include "Background.hpp"
#include "GraphMode.hpp"
#include "InspectorPane.hpp"
#include "InterventionsPane.hpp"
#include "RunController.hpp"
#include "ScriptEditor.hpp"

#include <BuilderPanel.hpp>
#include <GraphDocument.hpp>
#include <GraphTemplates.hpp>
#include <PlaybackController.hpp>
#include <TimelineExport.hpp>
#include <TimelineView.hpp>

#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDragEnterEvent>
#include <QInputDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <QSettings>
#include <QStandardPaths>
#include <QThreadPool>
#include <QTimer>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
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
#include <QStackedWidget>
#include <QStatusBar>
#include <QTextBlock>
#include <QToolBar>

#include <loopscope/graph/GraphLoader.hpp>
#include <loopscope/graph/GraphWriter.hpp>
#include <loopscope/graph/PythonGen.hpp>

#include <cmath>
#include <memory>

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

/// The user's settings; "loopscope" stands in for an unset organization or application
/// name (QSettings cannot store anything without one).
std::unique_ptr<QSettings> userSettings() {
    const QString org = QCoreApplication::organizationName();
    const QString app = QCoreApplication::applicationName();
    return std::make_unique<QSettings>(QSettings::defaultFormat(), QSettings::UserScope,
                                       org.isEmpty() ? QStringLiteral("loopscope") : org,
                                       app.isEmpty() ? QStringLiteral("loopscope") : app);
}

const QString kRecentFilesKey = QStringLiteral("recentFiles");
const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kStateKey = QStringLiteral("window/state");

const QString kGraphSuffix = QStringLiteral(".lsgraph.json");

/// An autosave file's companion, naming the script or graph it saves: "x.py" or
/// "x.lsgraph.json" -> "x.json".
QString metaFileOf(const QString& autosaveFile) {
    const qsizetype suffix =
        autosaveFile.endsWith(kGraphSuffix) ? kGraphSuffix.size() : qsizetype(3);
    return autosaveFile.chopped(suffix) + QStringLiteral(".json");
}

void removeAutosaveFiles(const QString& autosaveFile) {
    QFile::remove(autosaveFile);
    QFile::remove(metaFileOf(autosaveFile));
}

bool writeAtomically(const QString& path, const QByteArray& data) {
    QSaveFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size() && f.commit();
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
    graph_ = new GraphMode(timeline_, this);
    editorStack_ = new QStackedWidget;
    editorStack_->addWidget(editor_);
    editorStack_->addWidget(graph_->panel());
    connect(graph_, &GraphMode::activeChanged, this, [this](bool graph) {
        editorStack_->setCurrentIndex(graph ? 1 : 0);
        showPythonAction_->setEnabled(graph);
        if (graph)
            runner_->stop(); // the script's run still going: the graph's replace it
        updateTitle();
    });
    connect(graph_, &GraphMode::simulated, this, &MainWindow::onGraphSimulated);
    // One selected task in the builder and in the chart, whichever was clicked.
    connect(graph_->panel(), &builder::BuilderPanel::selectionChanged, this,
            [this] { timeline_->setSelectedTask(chartTaskOfSelection()); });
    connect(timeline_, &TimelineView::selectedTaskChanged, this, &MainWindow::selectInBuilder);
    connect(graph_->document(), &builder::GraphDocument::modifiedChanged, this,
            &MainWindow::updateTitle);
    splitter->addWidget(editorStack_);
    splitter->addWidget(scroll);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({560, 840});
    setCentralWidget(splitter);

    runner_ = new RunController(this);
    connect(runner_, &RunController::started, this, &MainWindow::onRunStarted);
    connect(runner_, &RunController::readingTrace, this,
            [this] { statusLabel_->setText(tr("Reading the trace of %1…").arg(displayName_)); });
    // A script's run that ends after a graph was opened is not shown: the chart, the console
    // and "Cancel here" are the graph's then.
    connect(runner_, &RunController::finished, this,
            [this](std::shared_ptr<const Trace> trace, const QString& status,
                   const QString& stderrText) {
                if (graph_->isActive())
                    setBusy(false);
                else
                    onRunFinished(std::move(trace), status, stderrText);
            });
    connect(runner_, &RunController::failed, this, [this](const QString& message) {
        if (graph_->isActive())
            setBusy(false);
        else
            onRunFailed(message);
    });
    connect(editor_->document(), &QTextDocument::modificationChanged, this,
            &MainWindow::updateTitle);
    autosaveTimer_ = new QTimer(this);
    autosaveTimer_->setSingleShot(true);
    autosaveTimer_->setInterval(2000);
    connect(autosaveTimer_, &QTimer::timeout, this, &MainWindow::autosaveNow);
    connect(editor_->document(), &QTextDocument::contentsChanged, this,
            &MainWindow::onTextEdited);
    connect(graph_->document(), &builder::GraphDocument::changed, this,
            &MainWindow::onTextEdited); // a graph's edits are autosaved too
    setAcceptDrops(true);
    editor_->viewport()->installEventFilter(this); // a .py dropped on the editor opens too

    createDocks();
    createActions();
    createMenus();
    createPlaybackBar();
    createStatusBar();
    setCurrent({}, tr("untitled.py"));
    resize(1400, 860);
    restoreWindowSettings();
    // Once constructed, so that a subclass's askRecover answers.
    QTimer::singleShot(0, this, &MainWindow::checkForRecovery);
}

MainWindow::~MainWindow() {
    // An export or a trace read still on a pool thread uses fonts and the trace: let it end
    // before the application that owns them goes.
    QThreadPool::globalInstance()->waitForDone();
}

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
    interventions_ = new InterventionsPane;
    auto* interventionsDock = new QDockWidget(tr("Interventions"), this);
    interventionsDock->setObjectName(QStringLiteral("interventions"));
    interventionsDock->setWidget(interventions_);
    tabifyDockWidget(problemsDock, interventionsDock);
    problemsDock->raise();
    connect(timeline_, &TimelineView::cancelRequested, this, &MainWindow::cancelTaskAt);
    connect(interventions_, &InterventionsPane::changed, this, &MainWindow::run);
    connect(interventions_, &InterventionsPane::saveFailed, this, &MainWindow::showError);
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
    compareAction_ = new QAction(tr("&Compare with Previous Run"), this);
    compareAction_->setCheckable(true);
    compareAction_->setStatusTip(
        tr("Task graphs: keep the previous run ghosted behind the new one, with the end-time "
           "difference"));
    connect(compareAction_, &QAction::toggled, this, [this](bool on) { graph_->setCompare(on); });
    showPythonAction_ = new QAction(tr("Show as &Python"), this);
    showPythonAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    showPythonAction_->setStatusTip(
        tr("Open the asyncio script the task graph stands for, as an untitled script to read "
           "and run"));
    showPythonAction_->setEnabled(false);
    connect(showPythonAction_, &QAction::triggered, this, &MainWindow::showGraphAsPython);
    builder::BuilderPanel* panel = graph_->panel();
    panel->toolBar()->addSeparator();
    panel->toolBar()->addAction(showPythonAction_);
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
    file->addAction(tr("Open &Trace…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), this,
                    [this] {
                        const QString path = askOpenTraceName();
                        if (!path.isEmpty())
                            openTrace(path);
                    });
    QMenu* templates = file->addMenu(tr("&New Graph from Template"));
    for (const builder::GraphTemplate& t : builder::graphTemplates()) {
        QAction* a = templates->addAction(t.title);
        a->setStatusTip(t.description);
        connect(a, &QAction::triggered, this, [this, path = t.path] { newGraphFromTemplate(path); });
    }
    if (templates->isEmpty())
        templates->addAction(tr("(no templates in %1)").arg(builder::templatesDir()))->setEnabled(false);
    file->addAction(showPythonAction_);
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    rebuildRecentMenu();
    file->addAction(tr("&Save"), QKeySequence::Save, this, [this] { save(); });
    file->addAction(tr("Save &As…"), QKeySequence::SaveAs, this, [this] {
        const QString path = askSaveFileName();
        if (!path.isEmpty())
            saveAs(path);
    });
    file->addSeparator();
    file->addAction(tr("&Export Timeline…"), QKeySequence(Qt::CTRL | Qt::Key_E), this,
                    [this] { exportInteractively(false); });
    file->addAction(
        tr("Export &Visible Range…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), this,
        [this] { exportInteractively(true); });
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
    // The example task graphs (the templates' folder's parent): opened as untitled copies.
    const QList<builder::GraphTemplate> graphs =
        builder::graphTemplates(QFileInfo(builder::templatesDir()).path());
    if (!graphs.isEmpty())
        examples->addSection(tr("Task graphs"));
    for (const builder::GraphTemplate& t : graphs) {
        QAction* a = examples->addAction(
            QStringLiteral("%1 — %2").arg(QFileInfo(t.path).fileName(), t.title));
        a->setStatusTip(t.description);
        connect(a, &QAction::triggered, this,
                [this, path = t.path] { newGraphFromTemplate(path); });
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
    bar->addAction(compareAction_);
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

    // The task filter: rows whose name or coroutine contains the text.
    taskFilter_ = new QLineEdit;
    taskFilter_->setObjectName(QStringLiteral("taskFilter"));
    taskFilter_->setPlaceholderText(tr("Filter tasks (Ctrl+F)"));
    taskFilter_->setClearButtonEnabled(true);
    taskFilter_->setMaximumWidth(220);
    taskFilter_->setToolTip(tr("Show only the tasks whose name or coroutine contains this"));
    connect(taskFilter_, &QLineEdit::textChanged, timeline_, &TimelineView::setFilter);
    bar->addSeparator();
    bar->addWidget(taskFilter_);
    // The View menu: the timeline's own keys (active while it has focus) and the filter.
    QMenu* viewMenu = menuBar()->addMenu(tr("&View"));
    auto addViewKey = [&](const QString& text, QKeySequence key, auto slot) {
        QAction* a = viewMenu->addAction(text, timeline_, slot);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetShortcut);
        timeline_->addAction(a);
    };
    addViewKey(tr("Zoom &In"), QKeySequence(Qt::Key_Plus), &TimelineView::zoomIn);
    addViewKey(tr("Zoom &Out"), QKeySequence(Qt::Key_Minus), &TimelineView::zoomOut);
    addViewKey(tr("&Fit All"), QKeySequence(Qt::Key_F), &TimelineView::fitAll);
    viewMenu->addSeparator();
    viewMenu->addAction(compareAction_);
    QAction* findAction = viewMenu->addAction(tr("Filter &Tasks…"), this, [this] {
        taskFilter_->setFocus(Qt::ShortcutFocusReason);
        taskFilter_->selectAll();
    });
    findAction->setShortcut(QKeySequence::Find);

    connect(playback_, &PlaybackController::cursorChanged, this, &MainWindow::onCursorChanged);
    connect(playback_, &PlaybackController::playingChanged, this,
            [this](bool playing) { playAction_->setText(playing ? tr("Pause") : tr("Play")); });
    connect(timeline_, &TimelineView::cursorRequested, playback_,
            &PlaybackController::setCursor);
    // One selected task, shown in the chart and in the inspector, whichever was clicked.
    connect(timeline_, &TimelineView::selectedTaskChanged, inspector_, &InspectorPane::selectTask);
    connect(inspector_, &InspectorPane::taskSelected, timeline_, &TimelineView::setSelectedTask);
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
    if (watched == editor_->viewport()) {
        switch (event->type()) {
        case QEvent::DragEnter: dragEnterEvent(static_cast<QDragEnterEvent*>(event)); break;
        case QEvent::DragMove: dragMoveEvent(static_cast<QDragMoveEvent*>(event)); break;
        case QEvent::Drop: dropEvent(static_cast<QDropEvent*>(event)); break;
        default: return QMainWindow::eventFilter(watched, event);
        }
        // Ours when it is a script; any other drag (text) is the editor's.
        if (event->isAccepted())
            return true;
        event->setAccepted(true); // what QWidget::event presets before the handler
        return QMainWindow::eventFilter(watched, event);
    }
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

bool MainWindow::hasUnsavedChanges() const {
    return graph_->isActive() ? graph_->document()->isModified()
                              : editor_->document()->isModified();
}

bool MainWindow::maybeSave() {
    if (graph_->isActive())
        graph_->panel()->commitPendingEdit(); // a name still being typed is an edit too
    if (!hasUnsavedChanges())
        return true;
    switch (askToSaveChanges()) {
    case QMessageBox::Save: return save();
    case QMessageBox::Discard: removeAutosave(); return true;
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
    return QFileDialog::getOpenFileName(
        this, tr("Open a script or a task graph"), QFileInfo(path_).path(),
        tr("Scripts and task graphs (*.py *.lsgraph.json);;Python scripts (*.py);;"
           "Task graphs (*.lsgraph.json);;All files (*)"));
}

QString MainWindow::suggestedSavePath() const {
    if (!path_.isEmpty())
        return path_;
    return QDir(untitledDir_.isEmpty() ? QDir::homePath() : untitledDir_).filePath(displayName_);
}

QString MainWindow::askSaveFileName() {
    const QString start = suggestedSavePath();
    if (graph_->isActive())
        return QFileDialog::getSaveFileName(this, tr("Save the task graph"), start,
                                            tr("Task graphs (*.lsgraph.json);;All files (*)"));
    return QFileDialog::getSaveFileName(this, tr("Save the script"), start,
                                        tr("Python scripts (*.py);;All files (*)"));
}

QString MainWindow::askOpenTraceName() {
    return QFileDialog::getOpenFileName(this, tr("Open a saved trace"), QFileInfo(path_).path(),
                                        tr("loopscope traces (*.json);;All files (*)"));
}

void MainWindow::openTrace(const QString& path) {
    if (isRunning()) { // its end would replace the trace shown
        showError(tr("A run is in progress: stop it (Ctrl+.) before opening a trace."));
        return;
    }
    playback_->pause();
    statusLabel_->setText(tr("Reading %1…").arg(QFileInfo(path).fileName()));
    setBusy(true);
    runInBackground(this, [path] { return readTraceFile(path); }, [this](const TraceRead& r) {
        if (!r.trace) {
            onRunFailed(tr("Cannot open the trace: %1").arg(r.error));
            return;
        }
        const std::string_view status = nameOf(r.trace->status);
        QString text = QString::fromLatin1(status.data(), qsizetype(status.size()));
        if (r.trace->status == RunStatus::Exception)
            text += QLatin1Char(':') + fromStd(r.trace->statusDetail);
        onRunFinished(r.trace, text, {});
        timeline_->setCancelOffered(false); // a saved run: no scenario to run again
    });
}

QString MainWindow::askExportFileName() {
    const QString base = QFileInfo(displayName_).completeBaseName() + QStringLiteral(".png");
    const QString start = QFileInfo(suggestedSavePath()).dir().filePath(base);
    return QFileDialog::getSaveFileName(
        this, tr("Export the timeline"), start,
        tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
}

void MainWindow::exportInteractively(bool visibleRangeOnly) {
    if (!trace_) {
        showError(tr("Run the script first: there is no timeline to export yet."));
        return;
    }
    const QString path = askExportFileName();
    if (!path.isEmpty())
        exportTimelineTo(path, visibleRangeOnly);
}

bool MainWindow::exportTimelineTo(const QString& path, bool visibleRangeOnly) {
    if (!trace_)
        return false;
    QString error;
    if (!ui::isExportFormat(path, &error)) {
        showError(error);
        emit exportEnded(false, error);
        return true;
    }
    ui::ExportOptions options;
    options.theme = timeline_->theme();
    options.title = ui::timelineTitle(displayName_, *trace_);
    options.rows.filter = timeline_->filter();
    options.rows.collapsed = timeline_->collapsedTasks();
    if (visibleRangeOnly) {
        options.width = std::max(200, timeline_->width());
        options.from = timeline_->visibleFrom();
        options.to = timeline_->visibleTo();
    }
    statusBar()->showMessage(tr("Exporting the timeline to %1…").arg(path));
    // The trace is shared: the export keeps it alive even if a new run replaces it.
    std::shared_ptr<const Trace> trace = trace_;
    runInBackground(
        this,
        [trace, path, options] {
            QString error;
            return ui::exportTimeline(*trace, path, options, &error) ? QString() : error;
        },
        [this, path](const QString& failure) {
            const QString message = failure.isEmpty() ? tr("Wrote %1").arg(path) : failure;
            statusBar()->showMessage(message, 10000);
            if (!failure.isEmpty())
                showError(failure);
            emit exportEnded(failure.isEmpty(), message);
        });
    return true;
}

void MainWindow::showError(const QString& message) {
    QMessageBox::warning(this, tr("loopscope"), message);
}

bool MainWindow::openFile(const QString& path) {
    if (!maybeSave() || !loadFile(path))
        return false;
    addRecentFile(currentFile());
    return true;
}

bool MainWindow::loadFile(const QString& path) {
    if (graph::isGraphPath(path.toStdString())) {
        graph_->setInterventions({}); // not the previous scenario's, while the new are read
        QString error;
        if (!graph_->open(path, &error)) {
            problems_->clear();
            QList<ScriptEditor::Marker> markers;
            addProblem(error, true, markers);
            showError(error);
            return false;
        }
        setCurrent(QFileInfo(path).absoluteFilePath(), QFileInfo(path).fileName());
        openInterventions(path_);
        run(); // with them
        return true;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        showError(tr("Cannot open %1: %2").arg(path, f.errorString()));
        return false;
    }
    graph_->deactivate();
    editor_->setPlainText(QString::fromUtf8(f.readAll()));
    setCurrent(QFileInfo(path).absoluteFilePath(), QFileInfo(path).fileName());
    openInterventions(path_);
    return true;
}

void MainWindow::openInterventions(const QString& scenario) {
    QString error;
    if (!interventions_->openScenario(scenario, &error))
        showError(tr("The interventions saved with %1 are not applied: %2").arg(scenario, error));
}

bool MainWindow::newGraphFromTemplate(const QString& path) {
    if (!maybeSave())
        return false;
    QString error;
    if (!graph_->openTemplate(path, &error)) {
        showError(error);
        return false;
    }
    setCurrent({}, QFileInfo(path).fileName());
    interventions_->openScenario({}, nullptr); // a new graph: none yet
    run();
    return true;
}

bool MainWindow::showGraphAsPython() {
    if (!graph_->isActive())
        return false;
    if (!maybeSave())
        return false;
    // The graph as it is on screen, also when its edits were discarded; named after it (as
    // saved, if it just was): "jobs.lsgraph.json" shows as "jobs.py".
    const std::string script = graph::pythonScript(graph_->document()->graph());
    QString name = displayName_;
    if (name.endsWith(QLatin1String(".lsgraph.json"), Qt::CaseInsensitive))
        name.chop(int(qstrlen(".lsgraph.json")));
    name += QStringLiteral(".py");
    const QString graphDir = path_.isEmpty() ? QString() : QFileInfo(path_).path();
    graph_->deactivate();
    editor_->setPlainText(fromStd(script));
    setCurrent({}, name);
    untitledDir_ = graphDir; // Save As offers the graph's folder
    // The graph's interventions stay, in memory: the script's run is the graph's run. Saving
    // the script saves them beside it.
    interventions_->moveScenario({}, nullptr);
    statusBar()->showMessage(tr("The script of the task graph: Run (Ctrl+R) runs it"), 5000);
    return true;
}

bool MainWindow::openExample(const QString& path) {
    if (!maybeSave() || !loadFile(path))
        return false;
    setCurrent({}, QFileInfo(path).fileName());
    interventions_->moveScenario({}, nullptr); // edits stay in memory, not in the examples
    return true;
}

bool MainWindow::save() {
    if (!path_.isEmpty())
        return saveAs(path_);
    const QString path = askSaveFileName();
    return !path.isEmpty() && saveAs(path);
}

bool MainWindow::saveAs(const QString& path) {
    QString error;
    if (graph_->isActive()) {
        graph_->panel()->commitPendingEdit(); // Ctrl+S while typing saves what was typed
        if (!graph_->save(path, &error)) {
            showError(error);
            return false;
        }
    } else {
        QSaveFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(editor_->toPlainText().toUtf8()) < 0 ||
            !f.commit()) {
            showError(tr("Cannot save %1: %2").arg(path, f.errorString()));
            return false;
        }
    }
    setCurrent(QFileInfo(path).absoluteFilePath(), QFileInfo(path).fileName());
    if (!interventions_->moveScenario(path_, &error))
        showError(tr("Cannot save the interventions beside %1: %2").arg(path, error));
    removeAutosave();
    addRecentFile(currentFile());
    statusBar()->showMessage(tr("Saved %1").arg(path), 3000);
    return true;
}

void MainWindow::setCurrent(const QString& path, const QString& displayName) {
    path_ = path;
    untitledDir_.clear();
    displayName_ = displayName;
    editor_->document()->setModified(false);
    updateTitle();
}

void MainWindow::updateTitle() {
    const bool modified = hasUnsavedChanges();
    // Spelled out rather than "[*]" + setWindowModified, so windowTitle() says what the
    // title bar shows.
    setWindowTitle(QStringLiteral("%1%2 — loopscope").arg(displayName_, modified ? "*" : ""));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (maybeSave()) {
        runner_->stop();
        autosaveEnabled_ = false;
        autosaveTimer_->stop();
        removeAutosave();
        saveWindowSettings();
        event->accept();
    } else {
        event->ignore();
    }
}

void MainWindow::saveWindowSettings() {
    auto s = userSettings();
    s->setValue(kGeometryKey, saveGeometry());
    s->setValue(kStateKey, saveState());
}

void MainWindow::restoreWindowSettings() {
    auto s = userSettings();
    restoreGeometry(s->value(kGeometryKey).toByteArray());
    restoreState(s->value(kStateKey).toByteArray());
}

// --- Recent files

QStringList MainWindow::recentFiles() const {
    return userSettings()->value(kRecentFilesKey).toStringList();
}

void MainWindow::setRecentFiles(const QStringList& files) {
    userSettings()->setValue(kRecentFilesKey, files.mid(0, kMaxRecent));
}

void MainWindow::addRecentFile(const QString& path) {
    if (path.isEmpty())
        return;
    QStringList files = recentFiles();
    files.removeAll(path);
    files.prepend(path);
    setRecentFiles(files);
    rebuildRecentMenu();
}

void MainWindow::clearRecentFiles() {
    setRecentFiles({});
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    const QStringList stored = recentFiles();
    QStringList files;
    for (const QString& f : stored)
        if (QFileInfo::exists(f))
            files << f;
    if (files != stored)
        setRecentFiles(files);
    recentMenu_->clear();
    for (int i = 0; i < files.size(); ++i) {
        const QString& path = files[i];
        QAction* a = recentMenu_->addAction(
            QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(path).fileName()));
        a->setData(path);
        a->setStatusTip(path);
        a->setToolTip(path);
        connect(a, &QAction::triggered, this, [this, path] { openFile(path); });
    }
    recentMenu_->addSeparator();
    QAction* clear = recentMenu_->addAction(tr("&Clear Menu"), this,
                                            &MainWindow::clearRecentFiles);
    clear->setEnabled(!files.isEmpty());
}

// --- Drag and drop

QString MainWindow::droppedScript(const QMimeData* mime) {
    if (!mime || !mime->hasUrls())
        return {};
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile() &&
            (url.toLocalFile().endsWith(QLatin1String(".py"), Qt::CaseInsensitive) ||
             graph::isGraphPath(url.toLocalFile().toStdString())))
            return url.toLocalFile();
    return {};
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (!droppedScript(event->mimeData()).isEmpty())
        event->acceptProposedAction();
    else
        event->ignore();
}

void MainWindow::dragMoveEvent(QDragMoveEvent* event) {
    if (!droppedScript(event->mimeData()).isEmpty())
        event->acceptProposedAction();
    else
        event->ignore();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QString path = droppedScript(event->mimeData());
    if (path.isEmpty()) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    // After the drag has ended: openFile may ask about unsaved changes in a dialog.
    QTimer::singleShot(0, this, [this, path] { openFile(path); });
}

// --- Autosave and recovery

QString MainWindow::autosaveDir() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/autosave");
}

QString MainWindow::autosaveFile() const {
    const QString key =
        path_.isEmpty()
            ? QStringLiteral("untitled")
            : QString::fromLatin1(
                  QCryptographicHash::hash(path_.toUtf8(), QCryptographicHash::Sha1)
                      .toHex()
                      .left(16));
    return autosaveDir() + QLatin1Char('/') + key +
           (graph_->isActive() ? kGraphSuffix : QStringLiteral(".py"));
}

void MainWindow::setAutosaveInterval(int ms) { autosaveTimer_->setInterval(ms); }

int MainWindow::autosaveInterval() const { return autosaveTimer_->interval(); }

void MainWindow::onTextEdited() {
    if (autosaveEnabled_ && !autosaveTimer_->isActive())
        autosaveTimer_->start();
}

bool MainWindow::autosaveNow() {
    if (!autosaveEnabled_ || !hasUnsavedChanges())
        return false;
    const QString file = autosaveFile();
    if (!autosaveWritten_.isEmpty() && autosaveWritten_ != file)
        removeAutosaveFiles(autosaveWritten_); // the script was saved under another name
    QDir().mkpath(autosaveDir());
    QJsonObject meta;
    meta.insert(QStringLiteral("path"), path_);
    meta.insert(QStringLiteral("displayName"), displayName_);
    const QByteArray content =
        graph_->isActive() ? QByteArray::fromStdString(graph::graphJson(graph_->document()->graph()))
                           : editor_->toPlainText().toUtf8();
    if (!writeAtomically(file, content) ||
        !writeAtomically(metaFileOf(file), QJsonDocument(meta).toJson())) {
        statusBar()->showMessage(tr("Cannot autosave to %1").arg(file), 3000);
        return false;
    }
    autosaveWritten_ = file;
    return true;
}

void MainWindow::removeAutosave() {
    if (!autosaveWritten_.isEmpty())
        removeAutosaveFiles(autosaveWritten_);
    autosaveWritten_.clear();
    removeAutosaveFiles(autosaveFile());
}

void MainWindow::checkForRecovery() {
    struct Entry {
        QString file, path, displayName;
    };
    QList<Entry> entries;
    const QDir dir(autosaveDir());
    for (const QFileInfo& info : dir.entryInfoList({QStringLiteral("*.json")}, QDir::Files,
                                                   QDir::Time)) {
        if (info.fileName().endsWith(kGraphSuffix))
            continue; // a graph's autosave, not a companion
        Entry e;
        const QString base = info.path() + QLatin1Char('/') + info.completeBaseName();
        e.file = QFileInfo::exists(base + kGraphSuffix) ? base + kGraphSuffix
                                                        : base + QStringLiteral(".py");
        if (e.file == autosaveWritten_ || !QFileInfo::exists(e.file))
            continue;
        QFile f(info.filePath());
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject meta = QJsonDocument::fromJson(f.readAll()).object();
        e.path = meta.value(QStringLiteral("path")).toString();
        e.displayName = meta.value(QStringLiteral("displayName")).toString();
        entries << e;
    }
    if (entries.isEmpty())
        return;
    QStringList paths;
    for (const Entry& e : entries)
        paths << e.path;
    const QStringList chosen = askRecover(paths);
    bool restored = false;
    for (const Entry& e : entries) {
        if (!chosen.contains(e.path)) {
            removeAutosaveFiles(e.file);
            continue;
        }
        if (restored || !maybeSave())
            continue; // kept for the next start
        if (e.file.endsWith(kGraphSuffix)) {
            QString error;
            if (!graph_->restore(e.file, e.path, &error)) {
                showError(error);
                continue;
            }
            setCurrent(e.path, e.displayName.isEmpty() ? QFileInfo(e.file).fileName()
                                                       : e.displayName);
        } else {
            QFile f(e.file);
            if (!f.open(QIODevice::ReadOnly))
                continue;
            graph_->deactivate();
            editor_->setPlainText(QString::fromUtf8(f.readAll()));
            setCurrent(e.path, e.displayName.isEmpty()
                                   ? (e.path.isEmpty() ? tr("untitled.py")
                                                       : QFileInfo(e.path).fileName())
                                   : e.displayName);
            editor_->document()->setModified(true);
        }
        openInterventions(e.path);
        if (graph_->isActive())
            run(); // a graph is shown with its run, as when opened
        autosaveWritten_ = e.file;
        restored = true;
        statusBar()->showMessage(tr("Restored unsaved changes"), 3000);
    }
}

QStringList MainWindow::askRecover(const QStringList& originalPaths) {
    QStringList items;
    for (const QString& p : originalPaths)
        items << (p.isEmpty() ? tr("(untitled)") : p);
    bool ok = false;
    const QString item = QInputDialog::getItem(
        this, tr("Recover unsaved changes"),
        tr("loopscope did not close normally. Restore the unsaved changes of:"), items, 0,
        false, &ok);
    if (!ok)
        return {};
    return {originalPaths.value(int(items.indexOf(item)))};
}

void MainWindow::run() {
    if (graph_->isActive()) {
        graph_->panel()->commitPendingEdit();
        graph_->setInterventions(interventions_->interventions());
        graph_->simulate();
        return;
    }
    const QString dir = path_.isEmpty() ? QString() : QFileInfo(path_).path();
    runner_->start(editor_->toPlainText(), displayName_, dir, interventions_->interventions());
}

void MainWindow::cancelTaskAt(TaskId task, double t) {
    if (!trace_ || task >= trace_->tasks.size())
        return;
    Intervention in;
    in.time = t;
    in.task = trace_->tasks[task].name;
    for (TaskId i = 0; i < task; ++i) // which task of that name, as the run made them
        in.occurrence += trace_->tasks[i].name == in.task;
    interventions_->add(in); // saves it, and its changed() runs the script again
}

void MainWindow::stop() { runner_->stop(); }

bool MainWindow::isRunning() const { return runner_->isRunning(); }

void MainWindow::setBusy(bool busy) {
    busy_->setVisible(busy);
    stopAction_->setEnabled(busy);
}

void MainWindow::onRunStarted() {
    playback_->pause();
    editor_->setMarkers({});
    lastStatus_.clear();
    statusLabel_->setText(tr("Running %1…").arg(displayName_));
    setBusy(true);
}

ScriptEditor::Marker MainWindow::markerFor(const QString& text, const QString& script,
                                           bool error) {
    ScriptEditor::Marker m;
    m.error = error;
    const QString name = QRegularExpression::escape(QFileInfo(script).fileName());
    // A traceback points at its innermost frame in the script, and says what was raised on
    // its last line.
    const QRegularExpression frame(QStringLiteral("File \"(?:[^\"]*/)?%1\", line (\\d+)").arg(name));
    QRegularExpressionMatch last;
    for (auto it = frame.globalMatch(text); it.hasNext();)
        last = it.next();
    const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (last.hasMatch() && text.contains(QLatin1String("Traceback"))) {
        m.line = last.captured(1).toInt();
        m.message = lines.isEmpty() ? text : lines.last().trimmed();
        return m;
    }
    // "script.py:3:16: SyntaxError: ...", "... time.sleep at script.py:8", a warning's
    // "script.py:7: RuntimeWarning: ...": the first place in the script it names.
    const QRegularExpression place(
        QStringLiteral("(?:^|[^\\w.-])%1:(\\d+)(?::(\\d+))?").arg(name));
    const QRegularExpressionMatch at = place.match(text);
    if (at.hasMatch()) {
        m.line = at.captured(1).toInt();
        m.column = at.captured(2).toInt();
    } else if (last.hasMatch()) {
        m.line = last.captured(1).toInt();
    }
    m.message = lines.isEmpty() ? text : lines.first().trimmed();
    return m;
}

void MainWindow::addProblem(const QString& text, bool error,
                            QList<ScriptEditor::Marker>& markers) {
    auto* item = new QListWidgetItem(text, problems_);
    item->setIcon(style()->standardIcon(error ? QStyle::SP_MessageBoxCritical
                                              : QStyle::SP_MessageBoxWarning));
    // And at its line in the editor, when it points at one.
    const ScriptEditor::Marker m = markerFor(text, displayName_, error);
    if (m.line > 0)
        markers << m;
}

void MainWindow::onRunFinished(std::shared_ptr<const Trace> trace, const QString& status,
                               const QString& stderrText, std::shared_ptr<const Trace> ghost) {
    setBusy(false);
    lastStatus_ = status;
    statusLabel_->setText(QString::asprintf("# end t=%.3f status=", trace->endTime) + status);

    consoleLines_.clear();
    for (const OutputLine& line : trace->output)
        consoleLines_ << QString::asprintf("[%.3f] ", line.time) + fromStd(line.text);
    consoleShown_ = 0;
    console_->clear();

    problems_->clear();
    // stderr repeats the diagnostics, in order, as "loopscope: MESSAGE": what is left once
    // they are taken out (one pass: a run can have thousands) is a problem of its own.
    QString rest;
    qsizetype from = 0;
    QList<ScriptEditor::Marker> markers;
    for (const Diagnostic& d : trace->diagnostics) {
        const QString message = fromStd(d.message);
        const QString repeated = QStringLiteral("loopscope: ") + message + QLatin1Char('\n');
        const qsizetype at = stderrText.indexOf(repeated, from);
        if (at >= 0) {
            rest += QStringView(stderrText).mid(from, at - from);
            from = at + repeated.size();
        }
        addProblem(QString::asprintf("[%.3f] ", d.time) + diagnosticKind(d.kind) +
                       QStringLiteral(": ") + message,
                   d.kind == Diagnostic::Kind::Deadlock, markers);
    }
    rest += QStringView(stderrText).mid(from);
    rest = rest.trimmed();
    if (!rest.isEmpty())
        addProblem(rest, true, markers);
    editor_->setMarkers(markers);
    trace_ = trace;
    timeline_->setCancelOffered(true);
    inspector_->setTrace(trace_.get()); // before any cursor signal of the new run
    timeline_->setTrace(std::move(trace), std::move(ghost)); // laid out once
    // Play the run from its start; the signal may not fire when the cursor was at 0.
    playback_->setTrace(trace_.get());
    onCursorChanged(playback_->cursor());
    playback_->play();
    emit runEnded();
}

void MainWindow::onGraphSimulated(std::shared_ptr<const Trace> trace,
                                  std::shared_ptr<const Trace> ghost, const QString& status,
                                  const QString& stderrText) {
    onRunFinished(std::move(trace), status, stderrText, std::move(ghost));
    // A what-if run is looked at whole: the cursor at its end, the console full; the task
    // selected in the builder stays selected in the chart.
    playback_->pause();
    playback_->jumpToEnd();
    timeline_->setSelectedTask(chartTaskOfSelection());
    const QString comparison = timeline_->compareSummary();
    if (!comparison.isEmpty())
        statusLabel_->setText(statusLabel_->text() + QStringLiteral(" — ") + comparison);
}

TaskId MainWindow::chartTaskOfSelection() const {
    const builder::ItemRef ref = graph_->panel()->selected();
    const graph::Graph& g = graph_->document()->graph();
    if (!graph_->isActive() || !trace_ || ref.index < 0 ||
        std::size_t(ref.index) >= g.tasks.size() ||
        (ref.kind != builder::ItemRef::Kind::Task && ref.kind != builder::ItemRef::Kind::Step &&
         ref.kind != builder::ItemRef::Kind::Handler))
        return kNone;
    return trace_->findTask(g.tasks[std::size_t(ref.index)].name); // a graph's names are unique
}

void MainWindow::selectInBuilder(TaskId task) {
    if (!graph_->isActive() || !trace_ || task >= trace_->tasks.size() ||
        task == chartTaskOfSelection())
        return;
    const graph::Graph& g = graph_->document()->graph();
    for (std::size_t i = 0; i < g.tasks.size(); ++i)
        if (g.tasks[i].name == trace_->tasks[task].name)
            graph_->panel()->select(builder::ItemRef::task(int(i)));
}

void MainWindow::onRunFailed(const QString& message) {
    setBusy(false);
    lastStatus_.clear();
    statusLabel_->setText(tr("Run failed"));
    problems_->clear();
    QList<ScriptEditor::Marker> markers;
    addProblem(message, true, markers);
    editor_->setMarkers(markers);
    emit runEnded();
}

void MainWindow::onProblemActivated(QListWidgetItem* item) {
    // Where its marker is: the innermost frame of a traceback, else the first place named.
    const int line = markerFor(item->text(), displayName_, true).line;
    if (line > 0)
        editor_->goToLine(line);
}

} // namespace loopscope::gui
