// The inspector dock: the tasks and the resources of the last run at the playback cursor.
// The trace is indexed once per run (InspectorModel); each cursor move only re-queries it
// and rewrites the texts of items that already exist.
#pragma once

#include <InspectorModel.hpp>

#include <QWidget>

#include <memory>

class QTreeWidget;

namespace loopscope::gui {

class InspectorPane : public QWidget {
    Q_OBJECT
public:
    explicit InspectorPane(QWidget* parent = nullptr);
    ~InspectorPane() override;

    /// Indexes a new run (nullptr: none) and empties the trees; `trace` must outlive it.
    void setTrace(const Trace* trace);
    /// Shows the run at time `t`.
    void showAt(double t);
    /// Makes `task` the current row of the task tree, now and at every later time it is
    /// shown (kNone: no current row).
    void selectTask(TaskId task);
    TaskId selectedTask() const { return selected_; }

    /// Columns: task, state (what it waits on, or how it ended), coroutine.
    QTreeWidget* tasks() const { return tasks_; }
    /// Columns: resource, value, holders, waiters (task names, comma-separated, in order).
    QTreeWidget* resources() const { return resources_; }

signals:
    /// The user made a task the current row.
    void taskSelected(loopscope::TaskId task);

private:
    std::unique_ptr<ui::InspectorModel> model_;
    QTreeWidget* tasks_ = nullptr;
    QTreeWidget* resources_ = nullptr;
    TaskId selected_ = kNone;
    void showSelection();
};

} // namespace loopscope::gui
