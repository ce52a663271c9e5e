// The window's task-graph mode: the open graph (a GraphDocument and its BuilderPanel, shown
// where the script editor is) and its what-if runs. Every change of the graph re-simulates it
// on the core, in this process, on a pool thread: only the newest graph's run is shown, a run
// of an older one is dropped. With "compare" on, the previous run stays behind the new one in
// the chart, ghosted, and the end-time difference is said.
#pragma once

#include <BuilderPanel.hpp>

#include <loopscope/Loop.hpp>
#include <loopscope/Trace.hpp>

#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>

namespace loopscope::builder {
class GraphDocument;
} // namespace loopscope::builder

namespace loopscope::gui {

class TimelineView;

class GraphMode : public QObject {
    Q_OBJECT
  public:
    /// `timeline` is the chart the runs are shown in (for the ghost of the previous run).
    GraphMode(TimelineView* timeline, QObject* parent = nullptr);
    ~GraphMode() override;

    builder::GraphDocument* document() const { return doc_; }
    /// The builder; the window owns it (it is in the window's editor area).
    builder::BuilderPanel* panel() const { return panel_; }

    /// True while a graph is open in the window (not a script).
    bool isActive() const { return active_; }
    /// Leaves graph mode (a script was opened): runs still going are dropped.
    void deactivate();

    /// Opens a graph file; on failure says why and changes nothing. The caller runs it
    /// (simulate), once it has set the graph's interventions.
    bool open(const QString& path, QString* error);
    /// Starts an untitled graph from a template file; the caller runs it, as after open().
    bool openTemplate(const QString& path, QString* error);
    /// Takes back the graph autosaved in `autosave` as unsaved edits of `originalPath`
    /// (empty: untitled); the caller runs it, as after open().
    bool restore(const QString& autosave, const QString& originalPath, QString* error);
    bool save(const QString& path, QString* error);

    /// Runs the graph as it is now (what every change does by itself).
    void simulate();
    /// The cancellations injected into every run from now on ("Cancel here").
    void setInterventions(std::vector<Intervention> interventions) {
        interventions_ = std::move(interventions);
    }
    /// True from simulate() until the newest graph's run is shown.
    bool isSimulating() const { return running_; }

    /// Compare with the previous run: its trace is drawn ghosted behind the new one.
    void setCompare(bool on);
    bool compare() const { return compare_; }
    /// The run before the last one shown (nullptr before the second run).
    std::shared_ptr<const Trace> previousTrace() const { return previous_; }
    std::shared_ptr<const Trace> lastTrace() const { return last_; }

    /// A run's status as `run --timestamps` ends it: ok, exception:Type, deadlock, ...
    static QString statusOf(const RunResult& r);
    /// What `run` prints on stderr for it: the diagnostics as "loopscope: MESSAGE" lines,
    /// then "Type: message" for a run that ended in an exception.
    static QString stderrOf(const RunResult& r, const Trace& trace);

  signals:
    /// A run of the newest graph ended: show it as a script's run is shown, with `ghost`
    /// (the previous run when comparing, else nullptr) behind it.
    void simulated(std::shared_ptr<const loopscope::Trace> trace,
                   std::shared_ptr<const loopscope::Trace> ghost, const QString& status,
                   const QString& stderrText);
    void activeChanged(bool active);

  private:
    void start();
    void activate();
    /// The ghost the chart should show: the previous run when comparing, else nullptr.
    std::shared_ptr<const Trace> ghost() const;

    TimelineView* timeline_;
    builder::GraphDocument* doc_;
    QPointer<builder::BuilderPanel> panel_; ///< the window owns it once it shows it
    bool active_ = false;
    bool running_ = false;
    bool pending_ = false; ///< the graph changed while a run was going: run again after it
    bool compare_ = false;
    std::shared_ptr<const Trace> previous_;
    std::shared_ptr<const Trace> last_;
    std::vector<Intervention> interventions_;
};

} // namespace loopscope::gui
