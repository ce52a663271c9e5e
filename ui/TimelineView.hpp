// The timeline widget: shows one run's Trace through TimelineGeometry + TimelinePainter, with
// zoom (Ctrl+wheel, +/-, Shift+drag a range, F fits all) and pan (wheel, drag) in time,
// hover tooltips and task clicks. Geometry is rebuilt only when the
// trace, the width, the theme or the visible range change; paintEvent only replays it.
#pragma once

#include "InspectorModel.hpp"
#include "TimelinePainter.hpp"

#include <loopscope/Trace.hpp>

#include <QStringList>
#include <QWidget>

class QMenu;

#include <memory>
#include <optional>

namespace loopscope::gui {

/// A widget, not to be confused with ui::TimelineView (the struct of view options).
class TimelineView : public QWidget {
    Q_OBJECT
public:
    explicit TimelineView(QWidget* parent = nullptr);

    /// Shows `trace` (nullptr: nothing) and fits its whole run into view. Shared so that the
    /// geometry's layout, which indexes the trace, never outlives it.
    void setTrace(std::shared_ptr<const Trace> trace);
    const Trace* trace() const { return trace_.get(); }

    /// The compare overlay: `previous` (nullptr: none) is drawn ghosted behind the run shown,
    /// each task on the row of the same task now (same name, same occurrence; tasks only in
    /// `previous` get no row), with a dashed line at its end. It stays across setTrace until
    /// replaced or cleared; fit-all then spans both runs' ends.
    void setGhostTrace(std::shared_ptr<const Trace> previous);
    /// setGhostTrace(previous) then setTrace(trace), laid out once: what-if after an edit,
    /// the run before it as the ghost of the run after it.
    void setTrace(std::shared_ptr<const Trace> trace, std::shared_ptr<const Trace> previous);
    const Trace* ghostTrace() const { return ghost_.get(); }
    /// "previous end 8.000 s  (now 4.000 s, −4.000 s)" with a ghost and a trace, else empty.
    QString compareSummary() const;

    /// The geometry being drawn, or nullptr without a trace. Its coordinates are the widget's.
    const ui::TimelineGeometry* geometry() const;
    ui::Theme theme() const { return theme_; }

    /// The visible time range; to < 0 means the end of the run.
    double visibleFrom() const { return from_; }
    double visibleTo() const { return to_; }
    /// Shows [from, to], clamped to the run.
    void setVisibleRange(double from, double to);
    /// Shows the whole run.
    void fitAll();
    /// Zooms by `factor` (> 1: in) keeping the time at pixel x where it is.
    void zoomAround(double x, double factor);
    /// One step in or out (the + and - keys), around the playback cursor when it is in
    /// view, else around the middle.
    void zoomIn();
    void zoomOut();

    /// Shows only the tasks whose label contains `text` (case-insensitive; empty: all).
    void setFilter(const QString& text);
    QString filter() const { return filter_; }
    /// Folds or unfolds the tasks created by `task` (and theirs) into its row. A group stays
    /// folded when the script is run again (the same task: same name, same occurrence).
    void setCollapsed(TaskId task, bool collapsed);
    bool isCollapsed(TaskId task) const;
    const std::vector<TaskId>& collapsedTasks() const { return collapsed_; }

    /// The selected task (kNone: none): its row is highlighted and its arrows stand out.
    /// A click on a task row selects it; a click on another row clears the selection.
    void setSelectedTask(TaskId task);
    TaskId selectedTask() const { return selected_; }

    /// The playback cursor (< 0: none). Only repaints: the geometry does not depend on it.
    void setCursor(double t);
    double cursor() const { return cursor_; }

    QSize sizeHint() const override;

    /// The tooltip text for the point, empty when no segment is there.
    QString toolTipAt(QPointF pos) const;

    /// The context menu of the task row under `pos` (a new menu, the caller's to delete;
    /// nullptr off a task row): "Cancel TASK here (t=…)" at the time under the mouse and,
    /// when the playback cursor is elsewhere, at the cursor; they emit cancelRequested.
    QMenu* contextMenuAt(QPointF pos);
    /// Whether the chart offers "Cancel here" (not for a trace read from a file: there is no
    /// scenario to run again).
    void setCancelOffered(bool offered) { cancelOffered_ = offered; }
    bool cancelOffered() const { return cancelOffered_; }

signals:
    void taskClicked(loopscope::TaskId task);
    /// The selection changed, by a click or by setSelectedTask (kNone: nothing selected).
    void selectedTaskChanged(loopscope::TaskId task);
    void visibleRangeChanged(double from, double to);
    /// The user clicked the chart where no drawn bar is: move the playback cursor to `t`.
    void cursorRequested(double t);
    /// The user asked to cancel `task` at virtual time `t` (an intervention).
    void cancelRequested(loopscope::TaskId task, double t);

protected:
    bool event(QEvent* e) override;
    void paintEvent(QPaintEvent* e) override;
    void resizeEvent(QResizeEvent* e) override;
    void changeEvent(QEvent* e) override;
    void wheelEvent(QWheelEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    void keyPressEvent(QKeyEvent* e) override;
    void contextMenuEvent(QContextMenuEvent* e) override;

private:
    /// The end of the run as drawn: endTime, or 1 s for a run that took no time.
    double runEnd() const;
    bool zoomed() const;
    ui::Theme themeFromPalette() const;
    void rebuild();
    void zoomStep(double factor);
    /// "Task-1 main creates Task-5 worker at 0.000 s" for the arrow under pos, or empty.
    QString arrowToolTipAt(QPointF pos) const;
    /// A resource row's tooltip at time t: its value, holders and waiters in order.
    QString resourceToolTip(ResourceId id, double t) const;
    /// A click (press and release without a drag): toggles, selection, cursor.
    void click(QPointF pos);

    /// A left-button drag in progress: it pans, or with Shift marks a range to zoom into.
    struct Drag {
        QPointF start;
        double from = 0, to = 0; ///< the visible range when it began
        bool moved = false;       ///< beyond the click slop
        bool range = false;
        double x = 0;             ///< range: where the mouse is now
    };
    std::optional<Drag> drag_;

    std::shared_ptr<const Trace> trace_;
    std::shared_ptr<const Trace> ghost_;
    std::optional<ui::TimelinePainter> painter_;
    /// For resource rows' tooltips: built on the first one of a trace.
    mutable std::unique_ptr<ui::InspectorModel> inspector_;
    ui::Theme theme_ = ui::Theme::Light;
    double from_ = 0;
    double to_ = -1;
    int builtWidth_ = -1;
    double cursor_ = -1;
    bool cancelOffered_ = true;
    TaskId selected_ = kNone;
    QString filter_;
    std::vector<TaskId> collapsed_; ///< of the trace shown
};

} // namespace loopscope::gui
