// The loopscope window: the script editor, the timeline of its last run, the console (what
// the run printed, at which virtual time) and the problems (diagnostics, errors).
#pragma once

#include <loopscope/Trace.hpp>

#include "ScriptEditor.hpp"

#include <QMainWindow>
#include <QMessageBox>

#include <memory>

class QAction;
class QComboBox;
class QDragEnterEvent;
class QDragMoveEvent;
class QDropEvent;
class QLabel;
class QLineEdit;
class QMimeData;
class QMenu;
class QTimer;
class QSlider;
class QListWidget;
class QListWidgetItem;
class QPlainTextEdit;
class QProgressBar;
class QStackedWidget;

namespace loopscope::gui {

class GraphMode;
class InspectorPane;
class InterventionsPane;
class PlaybackController;
class RunController;
class ScriptEditor;
class TimelineView;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens a script into the editor, or a task graph (*.lsgraph.json) into the builder (asks
    /// about unsaved changes first); false on failure, after saying why.
    bool openFile(const QString& path);
    /// Opens a bundled example as an untitled copy: Save asks where, the example stays as is.
    bool openExample(const QString& path);
    /// Starts an untitled task graph from a template file (File > New Graph from Template).
    bool newGraphFromTemplate(const QString& path);
    /// Saves to the current file, or asks where (Save As) when there is none.
    bool save();
    /// Writes the editor's text, or the graph, to `path` atomically (QSaveFile) and makes it the current file.
    bool saveAs(const QString& path);

    /// Runs the editor's text in a child process, or the graph on the core; the result
    /// arrives later (runEnded). A graph also re-runs by itself after every edit.
    void run();
    void stop();
    bool isRunning() const;

    QString currentFile() const { return path_; }
    /// Where Save As starts: the current file; for an untitled script shown from a saved
    /// graph (Show as Python), NAME.py in the graph's folder; else the name in the home folder.
    QString suggestedSavePath() const;
    /// The bundled examples folder.
    static QString examplesDir();

    ScriptEditor* editor() const { return editor_; }
    /// The open task graph, its builder and its what-if runs.
    GraphMode* graphMode() const { return graph_; }
    /// View > Compare with Previous Run: the previous graph run ghosted behind the new one.
    QAction* compareAction() const { return compareAction_; }
    /// File > Show as Python (also on the builder's toolbar), enabled in graph mode.
    QAction* showPythonAction() const { return showPythonAction_; }
    /// Show as Python: replaces the open graph (after asking about its unsaved edits) by the
    /// asyncio script it stands for (graph::pythonScript), as an untitled script NAME.py with
    /// the graph's interventions, ready to run. False in script mode or when cancelled.
    bool showGraphAsPython();
    TimelineView* timeline() const { return timeline_; }
    QPlainTextEdit* console() const { return console_; }
    QListWidget* problems() const { return problems_; }
    /// The tasks and resources of the last run at the playback cursor.
    InspectorPane* inspector() const { return inspector_; }
    /// The scenario's interventions (docs/interventions.md).
    InterventionsPane* interventions() const { return interventions_; }
    /// "Cancel here": adds the cancellation of `task` (of the run shown) at virtual time `t`
    /// to the interventions, saved beside the script, and runs the script again.
    void cancelTaskAt(loopscope::TaskId task, double t);
    RunController* runController() const { return runner_; }
    /// The playback of the last run: the timeline and the console follow its cursor.
    PlaybackController* playback() const { return playback_; }
    QSlider* scrubber() const { return scrubber_; }
    /// The timeline's task filter (Ctrl+F).
    QLineEdit* taskFilter() const { return taskFilter_; }
    QLabel* timeLabel() const { return timeLabel_; }
    QComboBox* speedBox() const { return speedBox_; }
    /// The last run's end status (ok, exception:Type, deadlock, ...; empty before a run or
    /// after one that failed).
    QString lastStatus() const { return lastStatus_; }

    /// File > Open Recent: the remembered scripts, most recent first (at most kMaxRecent),
    /// stored with QSettings under "recentFiles".
    static constexpr int kMaxRecent = 8;
    QStringList recentFiles() const;
    QMenu* recentFilesMenu() const { return recentMenu_; }
    /// Empties the recent files list.
    void clearRecentFiles();

    /// Where unsaved edits are autosaved: AppDataLocation/autosave.
    static QString autosaveDir();
    /// The autosave file of the current script (whether or not it exists yet).
    QString autosaveFile() const;
    /// How long after an edit the text is autosaved (2 s by default).
    void setAutosaveInterval(int ms);
    int autosaveInterval() const;
    /// Writes the autosave file now when the editor holds unsaved changes; true if written.
    bool autosaveNow();
    /// Offers the autosaved edits left by a session that did not close normally; called
    /// once by the event loop after construction (so that askRecover's override applies).
    void checkForRecovery();

    /// Shows a trace saved by `run --trace` (loopscope-trace JSON) as if it had just run,
    /// without running anything: read on a pool thread; runEnded follows, or a problem
    /// saying why it could not be read. The editor keeps its script.
    void openTrace(const QString& path);

    /// Draws the last run's timeline to `path` (PNG, SVG or PDF by the suffix) on a pool
    /// thread, as the chart shows it (theme, filter, folded groups), with the legend and the
    /// time axis: the whole run 1600 px wide, or only the visible range at the chart's width.
    /// exportEnded follows; false when there is no run to export.
    bool exportTimelineTo(const QString& path, bool visibleRangeOnly);

signals:
    /// A run ended, normally or not.
    void runEnded();
    /// An export finished: `message` says what was written, or why nothing was.
    void exportEnded(bool ok, const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;
    /// Dropping a .py file on the window opens it.
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    /// Clicks on a console line move the playback cursor to its time.
    bool eventFilter(QObject* watched, QEvent* event) override;
    /// Asks whether to save unsaved changes (Save, Discard or Cancel). Virtual so tests can
    /// answer without a modal dialog.
    virtual QMessageBox::StandardButton askToSaveChanges();
    /// Asks for a script to open / a file name to save as; empty: cancelled.
    virtual QString askOpenFileName();
    /// Asks for a saved trace to open; empty: cancelled.
    virtual QString askOpenTraceName();
    virtual QString askSaveFileName();
    /// Asks where to export the timeline (PNG, SVG or PDF); empty: cancelled.
    virtual QString askExportFileName();
    /// Tells the user something went wrong with a file.
    virtual void showError(const QString& message);
    /// Offers autosaved edits back (each by its original path, empty for an untitled
    /// script); returns those to restore (the first one is opened, the others are kept
    /// for the next start, the rest are deleted).
    virtual QStringList askRecover(const QStringList& originalPaths);

public:
    /// Where a problem's text points in the script named `script` (line 0: nowhere) and the
    /// line of it to show there.
    static ScriptEditor::Marker markerFor(const QString& text, const QString& script,
                                          bool error);

private:
    void exportInteractively(bool visibleRangeOnly);
    void createActions();
    void createMenus();
    void createDocks();
    void createStatusBar();
    void createPlaybackBar();
    /// Follows the playback cursor: timeline now-line, scrubber, time label, console,
    /// inspector.
    void onCursorChanged(double t);
    /// Shows the console lines printed up to `t`: appends when moving forward, rebuilds
    /// only when moving back.
    void showConsoleUpTo(double t);
    /// The script's or the graph's unsaved edits.
    bool hasUnsavedChanges() const;
    /// Shows a graph run as a script's, at its end, with the comparison when it is on.
    void onGraphSimulated(std::shared_ptr<const loopscope::Trace> trace,
                          std::shared_ptr<const loopscope::Trace> ghost, const QString& status,
                          const QString& stderrText);
    /// The chart's task for the builder's selection: its task's, or of the task its step is
    /// in; kNone for anything else or without a run.
    TaskId chartTaskOfSelection() const;
    /// The builder selects the task of the chart's row `task` (unless its own selection is
    /// already in that task: a step stays selected).
    void selectInBuilder(TaskId task);
    /// True when there is nothing unsaved or the user has saved or discarded it.
    bool maybeSave();
    void setCurrent(const QString& path, const QString& displayName);
    /// Makes the interventions pane's list that of `scenario`, saying so when its file is bad.
    void openInterventions(const QString& scenario);
    void updateTitle();
    void onRunStarted();
    /// Shows a run: chart (with `ghost` behind it, or none), console, problems, playback.
    void onRunFinished(std::shared_ptr<const loopscope::Trace> trace, const QString& status,
                       const QString& stderrText,
                       std::shared_ptr<const loopscope::Trace> ghost = nullptr);
    void onRunFailed(const QString& message);
    void setBusy(bool busy);
    /// Adds a problem to the pane, and its marker (if it points at a line) to `markers`.
    void addProblem(const QString& text, bool error, QList<ScriptEditor::Marker>& markers);
    void onProblemActivated(QListWidgetItem* item);
    /// Reads `path` into the editor and makes it the current file (no questions asked).
    bool loadFile(const QString& path);
    void addRecentFile(const QString& path);
    void setRecentFiles(const QStringList& files);
    void rebuildRecentMenu();
    /// The first local .py or .lsgraph.json file among a drag's urls, or empty.
    static QString droppedScript(const QMimeData* mime);
    void onTextEdited();
    /// Deletes the autosave file (and its .ini) written for the current script.
    void removeAutosave();
    void saveWindowSettings();
    void restoreWindowSettings();

    QMenu* recentMenu_ = nullptr;
    QTimer* autosaveTimer_ = nullptr;
    QString autosaveWritten_; ///< the autosave file this window last wrote, empty if none
    bool autosaveEnabled_ = true; ///< off once the window has closed normally

    ScriptEditor* editor_ = nullptr;
    QStackedWidget* editorStack_ = nullptr; ///< the script editor, or the graph builder
    GraphMode* graph_ = nullptr;
    QAction* compareAction_ = nullptr;
    QAction* showPythonAction_ = nullptr;
    TimelineView* timeline_ = nullptr;
    QPlainTextEdit* console_ = nullptr;
    QListWidget* problems_ = nullptr;
    InspectorPane* inspector_ = nullptr;
    InterventionsPane* interventions_ = nullptr;
    RunController* runner_ = nullptr;
    PlaybackController* playback_ = nullptr;
    std::shared_ptr<const Trace> trace_; ///< the last run's, for the console lines' times
    QStringList consoleLines_;           ///< every line of the last run, formatted
    int consoleShown_ = 0;               ///< how many of them the console shows
    QAction* playAction_ = nullptr;
    QSlider* scrubber_ = nullptr;
    QLabel* timeLabel_ = nullptr;
    QLineEdit* taskFilter_ = nullptr;
    QComboBox* speedBox_ = nullptr;
    QProgressBar* busy_ = nullptr;
    QLabel* statusLabel_ = nullptr;
    QAction* runAction_ = nullptr;
    QAction* stopAction_ = nullptr;
    QString path_;        ///< the file Save writes; empty for untitled and examples
    QString displayName_; ///< the title's file name, also the run's script name
    QString untitledDir_; ///< where an untitled file is saved first; empty: the home folder
    QString lastStatus_;
};

} // namespace loopscope::gui
