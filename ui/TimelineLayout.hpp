// The timeline's rows: one per task in creation order, then one per resource, stacked from
// a top y at a fixed height; and hit-testing from a point back to a row or a segment.
// Pure: no fonts, no painter.
#pragma once

#include "TimeAxis.hpp"

#include <loopscope/Trace.hpp>

#include <QString>

#include <cstdint>
#include <vector>

namespace loopscope::ui {

/// One horizontal band of the timeline.
struct TimelineRow {
    enum class Kind { Task, Resource };
    Kind kind = Kind::Task;
    std::uint32_t id = kNone; ///< TaskId or ResourceId
    QString label;            ///< "Task-2 fetch", "Semaphore-1"
    double top = 0;
    double height = 0;
};

class TimelineLayout {
public:
    /// Rows start at `top`, each `rowHeight` high. At most `maxRows` rows are laid out
    /// (tasks first); hiddenRows() tells how many were left out.
    TimelineLayout() = default;
    TimelineLayout(const Trace& trace, double top, double rowHeight, int maxRows = 1 << 30);

    const std::vector<TimelineRow>& rows() const { return rows_; }
    int hiddenRows() const { return hidden_; }
    /// The y just below the last row.
    double bottom() const { return top_ + rowHeight_ * double(rows_.size()); }

    /// The index of the row under y, or -1.
    int rowAt(double y) const;
    /// The segments of task `task`, as indexes into Trace::segments in start order.
    const std::uint32_t* segmentsBegin(TaskId task) const;
    const std::uint32_t* segmentsEnd(TaskId task) const;
    /// The segment under (x, y), or -1. A task row's segment covering the time at x wins;
    /// where none covers it (a gap, or only zero-length segments there) the segment that
    /// starts or ends nearest to it within one pixel is taken.
    std::int64_t segmentAt(const TimeAxis& axis, double x, double y) const;

    /// "Task-2 fetch": the task's name and its coroutine.
    static QString taskLabel(const TaskInfo& task);
    /// "Semaphore-1", "Queue-1".
    static QString resourceLabel(const ResourceInfo& resource);

private:
    const Trace* trace_ = nullptr;
    double top_ = 0;
    double rowHeight_ = 0;
    int hidden_ = 0;
    std::vector<TimelineRow> rows_;
    // Segments grouped by task (CSR): task i owns byTask_[offsets_[i] .. offsets_[i+1]).
    std::vector<std::uint32_t> offsets_;
    std::vector<std::uint32_t> byTask_;
};

} // namespace loopscope::ui
