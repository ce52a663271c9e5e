// The timeline's rows, stacked from a top y at a fixed height: the event loop's lane when the
// loop was ever blocked, one row per task with children under their creator (depth first,
// in creation order), then one per resource; and hit-testing from a point back to a row or
// a segment. Pure: no fonts, no painter.
#pragma once

#include "TimeAxis.hpp"

#include <loopscope/Trace.hpp>

#include <QString>

#include <cstdint>
#include <vector>

namespace loopscope::ui {

/// One horizontal band of the timeline.
struct TimelineRow {
    /// Loop: when the loop itself was blocked (time.sleep, slow synchronous code).
    enum class Kind { Task, Resource, Loop };
    Kind kind = Kind::Task;
    std::uint32_t id = kNone; ///< TaskId or ResourceId (kNone for the loop)
    QString label;            ///< "Task-2 fetch", "Semaphore-1"
    double top = 0;
    double height = 0;
    int depth = 0;       ///< a task's generation below the tasks the runner created
    int descendants = 0; ///< tasks created by it or its descendants, shown or not
    bool collapsed = false; ///< its descendants are folded into it
};

/// Which rows to lay out.
struct RowOptions {
    /// Rows beyond this are left out (hiddenRows()): tasks first, so that the loop's lane
    /// and the resources stay.
    int maxRows = 1 << 30;
    /// Only tasks whose label contains this, case-insensitively (empty: every task). The
    /// loop's lane and the resources are always shown.
    QString filter;
    /// Tasks whose descendants are folded into them (any order).
    std::vector<TaskId> collapsed;
};

/// Per task of `from`, the same task in `to` (the same name, the same occurrence of it: the
/// third task named "worker" stays the third), or kNone. How rows, folds and the compare
/// overlay's ghost follow a task from one run of a script to the next.
std::vector<TaskId> matchTasks(const Trace& from, const Trace& to);

class TimelineLayout {
public:
    /// Rows start at `top`, each `rowHeight` high.
    TimelineLayout() = default;
    TimelineLayout(const Trace& trace, double top, double rowHeight,
                   const RowOptions& options = {});

    const std::vector<TimelineRow>& rows() const { return rows_; }
    /// Rows left out by maxRows (not the ones filtered out or folded away).
    int hiddenRows() const { return hidden_; }
    /// Tasks left out by the filter or folded into a collapsed ancestor.
    int filteredTasks() const { return filtered_; }
    /// The row of task `task`, or -1 when it is not shown.
    int rowOfTask(TaskId task) const;
    /// The row of resource `resource`, or -1 when it is not shown.
    int rowOfResource(ResourceId resource) const;
    /// The y just below the last row.
    double bottom() const { return top_ + rowHeight_ * double(rows_.size()); }

    /// The index of the row under y, or -1.
    int rowAt(double y) const;
    /// The segments of task `task`, as indexes into Trace::segments in start order.
    const std::uint32_t* segmentsBegin(TaskId task) const;
    const std::uint32_t* segmentsEnd(TaskId task) const;
    /// The Blocking segments of all tasks in start order: the loop lane's contents.
    const std::vector<std::uint32_t>& blockingSegments() const { return blocking_; }
    /// The segment under (x, y), or -1 (in the loop's lane: the task's blocking segment).
    /// A task row's segment covering the time at x wins;
    /// where none covers it (a gap, or only zero-length segments there) the segment that
    /// starts or ends nearest to it within one pixel is taken.
    std::int64_t segmentAt(const TimeAxis& axis, double x, double y) const;

    /// "Task-2 fetch": the task's name and its coroutine (only the name when they are the same).
    static QString taskLabel(const TaskInfo& task);
    /// "Semaphore-1", "Queue-1".
    static QString resourceLabel(const ResourceInfo& resource);

private:
    const Trace* trace_ = nullptr;
    double top_ = 0;
    double rowHeight_ = 0;
    int hidden_ = 0;
    int filtered_ = 0;
    std::vector<TimelineRow> rows_;
    std::vector<int> rowOfTask_;
    std::size_t firstResourceRow_ = 0;
    // The loop's lane: the Blocking segments of every task, in start order.
    std::vector<std::uint32_t> blocking_;
    // Segments grouped by task (CSR): task i owns byTask_[offsets_[i] .. offsets_[i+1]).
    std::vector<std::uint32_t> offsets_;
    std::vector<std::uint32_t> byTask_;
};

} // namespace loopscope::ui
