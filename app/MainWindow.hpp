// The loopscope window: the script editor, the timeline of its last run, the console (what
// the run printed, at which virtual time) and the problems (diagnostics, errors).
#pragma once

#include <loopscope/Trace.hpp>

#include <QMainWindow>
#include <QMessageBox>

#include <memory>

class QAction;
class QComboBox;
class QLabel;
class QSlider;
class QListWidget;
class QListWidgetItem;
class QPlainTextEdit;
class QProgressBar;

namespace loopscope::gui {

class InspectorPane;
class PlaybackController;
class RunController;
class ScriptEditor;
class TimelineView;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens a script into the editor (asks about unsaved changes first); false on failure,
    /// after saying why.
    bool openFile(const QString& path);
    /// Opens a bundled example as an untitled copy: Save asks where, the example stays as is.
    bool openExample(const QString& path);
    /// Saves to the current file, or asks where (Save As) when there is none.
    bool save();
    /// Writes the editor's text to `path` atomically (QSaveFile) and makes it the current file.
    bool saveAs(const QString& path);

    /// Runs the editor's text in a child process; the result arrives later (runEnded).
    void run();
    void stop();
    bool isRunning() const;

    QString currentFile() const { return path_; }
    /// The bundled examples folder.
    static QString examplesDir();

    ScriptEditor* editor() const { return editor_; }
    TimelineView* timeline() const { return timeline_; }
    QPlainTextEdit* console() const { return console_; }
    QListWidget* problems() const { return problems_; }
    /// The tasks and resources of the last run at the playback cursor.
    InspectorPane* inspector() const { return inspector_; }
    RunController* runController() const { return runner_; }
    /// The playback of the last run: the timeline and the console follow its cursor.
    PlaybackController* playback() const { return playback_; }
    QSlider* scrubber() const { return scrubber_; }
    QLabel* timeLabel() const { return timeLabel_; }
    QComboBox* speedBox() const { return speedBox_; }
    /// The last run's end status (ok, exception:Type, deadlock, ...; empty before a run or
    /// after one that failed).
    QString lastStatus() const { return lastStatus_; }

signals:
    /// A run ended, normally or not.
    void runEnded();

protected:
    void closeEvent(QCloseEvent* event) override;
    /// Clicks on a console line move the playback cursor to its time.
    bool eventFilter(QObject* watched, QEvent* event) override;
    /// Asks whether to save unsaved changes (Save, Discard or Cancel). Virtual so tests can
    /// answer without a modal dialog.
    virtual QMessageBox::StandardButton askToSaveChanges();
    /// Asks for a script to open / a file name to save as; empty: cancelled.
    virtual QString askOpenFileName();
    virtual QString askSaveFileName();
    /// Tells the user something went wrong with a file.
    virtual void showError(const QString& message);

private:
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
    /// True when there is nothing unsaved or the user has saved or discarded it.
    bool maybeSave();
    void setCurrent(const QString& path, const QString& displayName);
    void updateTitle();
    void onRunStarted();
    void onRunFinished(std::shared_ptr<const loopscope::Trace> trace, const QString& status,
                       const QString& stderrText);
    void onRunFailed(const QString& message);
    void setBusy(bool busy);
    void addProblem(const QString& text, bool error);
    void onProblemActivated(QListWidgetItem* item);

    ScriptEditor* editor_ = nullptr;
    TimelineView* timeline_ = nullptr;
    QPlainTextEdit* console_ = nullptr;
    QListWidget* problems_ = nullptr;
    InspectorPane* inspector_ = nullptr;
    RunController* runner_ = nullptr;
    PlaybackController* playback_ = nullptr;
    std::shared_ptr<const Trace> trace_; ///< the last run's, for the console lines' times
    QStringList consoleLines_;           ///< every line of the last run, formatted
    int consoleShown_ = 0;               ///< how many of them the console shows
    QAction* playAction_ = nullptr;
    QSlider* scrubber_ = nullptr;
    QLabel* timeLabel_ = nullptr;
    QComboBox* speedBox_ = nullptr;
    QProgressBar* busy_ = nullptr;
    QLabel* statusLabel_ = nullptr;
    QAction* runAction_ = nullptr;
    QAction* stopAction_ = nullptr;
    QString path_;        ///< the file Save writes; empty for untitled and examples
    QString displayName_; ///< the title's file name, also the run's script name
    QString lastStatus_;
};

} // namespace loopscope::gui
