// Row layout and hit-testing of the timeline.
#include "TimelineLayout.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>

namespace loopscope::ui {

namespace {
QString fromStd(const std::string& s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }
} // namespace

std::vector<TaskId> matchTasks(const Trace& from, const Trace& to) {
    // Lookups only: the hash map's order is never observed.
    std::unordered_map<std::string_view, std::vector<TaskId>> byName;
    for (const TaskInfo& t : to.tasks)
        byName[t.name].push_back(t.id);
    std::unordered_map<std::string_view, std::size_t> seen;
    std::vector<TaskId> out(from.tasks.size(), kNone);
    for (std::size_t i = 0; i < from.tasks.size(); ++i) {
        const std::string_view name = from.tasks[i].name;
        const std::size_t occurrence = seen[name]++;
        const auto it = byName.find(name);
        if (it != byName.end() && occurrence < it->second.size())
            out[i] = it->second[occurrence];
    }
    return out;
}

TimelineLayout::TimelineLayout(const Trace& trace, double top, double rowHeight,
                               const RowOptions& options)
    : trace_(&trace), top_(top), rowHeight_(rowHeight) {
    const std::size_t nTasks = trace.tasks.size();
    // Children under their creator: depth first, each level in creation (id) order.
    std::vector<std::uint32_t> childStart(nTasks + 1, 0), children;
    for (const TaskInfo& t : trace.tasks)
        if (t.parent < nTasks)
            ++childStart[t.parent + 1];
    for (std::size_t i = 1; i <= nTasks; ++i)
        childStart[i] += childStart[i - 1];
    children.resize(childStart[nTasks]);
    {
        std::vector<std::uint32_t> fill(childStart.begin(), childStart.end() - 1);
        for (const TaskInfo& t : trace.tasks) // ids ascend, so each list is in creation order
            if (t.parent < nTasks)
                children[fill[t.parent]++] = t.id;
    }
    std::vector<bool> collapsed(nTasks, false);
    for (TaskId t : options.collapsed)
        if (t < nTasks)
            collapsed[t] = true;
    struct Visit {
        TaskId task;
        int depth;
        bool shown; // false below a collapsed ancestor
    };
    std::vector<TimelineRow> taskRows;
    std::vector<Visit> stack;
    for (std::size_t i = nTasks; i-- > 0;) // roots: created by the runner (or a lost parent)
        if (trace.tasks[i].parent >= nTasks)
            stack.push_back({TaskId(i), 0, true});
    while (!stack.empty()) {
        const Visit v = stack.back();
        stack.pop_back();
        const TaskInfo& t = trace.tasks[v.task];
        // Labels cost a QString each: made only for a filter or for a row within maxRows.
        const bool needLabel = !options.filter.isEmpty() ||
                               taskRows.size() < std::size_t(std::max(0, options.maxRows));
        // (An upper bound: rows for the loop and the resources come out of maxRows too.)
        const QString label = needLabel && v.shown ? taskLabel(t) : QString();
        const bool matches =
            options.filter.isEmpty() || label.contains(options.filter, Qt::CaseInsensitive);
        if (v.shown && matches) {
            TimelineRow r{TimelineRow::Kind::Task, t.id, label, 0, rowHeight};
            r.depth = v.depth;
            r.collapsed = collapsed[v.task];
            taskRows.push_back(r);
        } else {
            ++filtered_;
        }
        for (std::uint32_t c = childStart[v.task + 1]; c-- > childStart[v.task];)
            stack.push_back({children[c], v.depth + 1, v.shown && !collapsed[v.task]});
    }
    // A task is created after its parent, so children have larger ids: one pass downwards.
    std::vector<int> descendants(nTasks, 0);
    for (std::size_t i = nTasks; i-- > 0;)
        if (trace.tasks[i].parent < nTasks)
            descendants[trace.tasks[i].parent] += descendants[i] + 1;
    for (TimelineRow& r : taskRows)
        r.descendants = descendants[r.id];

    // The loop's lane, when the loop was ever blocked.
    for (std::size_t i = 0; i < trace.segments.size(); ++i)
        if (trace.segments[i].state() == TaskState::Blocking)
            blocking_.push_back(std::uint32_t(i));
    std::stable_sort(blocking_.begin(), blocking_.end(), [&](std::uint32_t a, std::uint32_t b) {
        return trace.segments[a].start < trace.segments[b].start;
    });

    // maxRows caps the tasks first: the loop's lane and the resources (a handful, and what a
    // big run is usually about) keep their rows.
    const std::size_t maxRows = std::size_t(std::max(0, options.maxRows));
    const std::size_t loopRows = blocking_.empty() ? 0 : 1;
    const std::size_t fixedShown = std::min(maxRows, loopRows + trace.resources.size());
    const std::size_t tasksShown = std::min(taskRows.size(), maxRows - fixedShown);
    hidden_ = int(loopRows + taskRows.size() + trace.resources.size() - fixedShown - tasksShown);
    rows_.reserve(fixedShown + tasksShown);
    if (loopRows && fixedShown > 0)
        rows_.push_back({TimelineRow::Kind::Loop, kNone, QStringLiteral("event loop"), 0,
                         rowHeight});
    rows_.insert(rows_.end(), taskRows.begin(), taskRows.begin() + std::ptrdiff_t(tasksShown));
    firstResourceRow_ = rows_.size();
    for (const ResourceInfo& r : trace.resources) {
        if (rows_.size() == fixedShown + tasksShown)
            break;
        rows_.push_back({TimelineRow::Kind::Resource, r.id, resourceLabel(r), 0, rowHeight});
    }
    rowOfTask_.assign(nTasks, -1);
    for (std::size_t i = 0; i < rows_.size(); ++i) {
        rows_[i].top = top + rowHeight * double(i);
        if (rows_[i].kind == TimelineRow::Kind::Task)
            rowOfTask_[rows_[i].id] = int(i);
    }

    // Counting sort of the segments by task keeps each task's segments in start order.
    offsets_.assign(trace.tasks.size() + 1, 0);
    trace.segments.forEach([&](const Segment& s) {
        if (s.task() < trace.tasks.size())
            ++offsets_[s.task() + 1];
    });
    for (std::size_t i = 1; i < offsets_.size(); ++i)
        offsets_[i] += offsets_[i - 1];
    byTask_.resize(offsets_.back());
    std::vector<std::uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
    for (std::size_t i = 0; i < trace.segments.size(); ++i) {
        const TaskId task = trace.segments[i].task();
        if (task < trace.tasks.size())
            byTask_[fill[task]++] = std::uint32_t(i);
    }
}

int TimelineLayout::rowOfTask(TaskId task) const {
    return task < rowOfTask_.size() ? rowOfTask_[task] : -1;
}

int TimelineLayout::rowOfResource(ResourceId resource) const {
    // Resource rows come last, in id order, and only the first ones may be shown.
    const std::size_t i = firstResourceRow_ + std::size_t(resource);
    return resource != kNone && i < rows_.size() ? int(i) : -1;
}

int TimelineLayout::rowAt(double y) const {
    if (!(y >= top_) || rowHeight_ <= 0)
        return -1;
    const double i = std::floor((y - top_) / rowHeight_);
    return i < double(rows_.size()) ? int(i) : -1;
}

const std::uint32_t* TimelineLayout::segmentsBegin(TaskId task) const {
    return task + 1 < offsets_.size() ? byTask_.data() + offsets_[task] : nullptr;
}

const std::uint32_t* TimelineLayout::segmentsEnd(TaskId task) const {
    return task + 1 < offsets_.size() ? byTask_.data() + offsets_[task + 1] : nullptr;
}

std::int64_t TimelineLayout::segmentAt(const TimeAxis& axis, double x, double y) const {
    const int row = rowAt(y);
    if (row < 0 || rows_[std::size_t(row)].kind == TimelineRow::Kind::Resource)
        return -1;
    if (x < axis.x0() || x > axis.x0() + axis.width())
        return -1;
    const TimelineRow& r = rows_[std::size_t(row)];
    const std::uint32_t* begin =
        r.kind == TimelineRow::Kind::Loop ? blocking_.data() : segmentsBegin(r.id);
    const std::uint32_t* end =
        r.kind == TimelineRow::Kind::Loop ? blocking_.data() + blocking_.size() : segmentsEnd(r.id);
    if (begin == end)
        return -1;
    const auto& segs = trace_->segments;
    const double t = axis.timeAt(x);
    // The last segment starting at or before t; a task's segments are contiguous, so if any
    // segment covers t it is this one.
    const std::uint32_t* it = std::upper_bound(
        begin, end, t, [&](double time, std::uint32_t i) { return time < segs[i].start; });
    if (it != begin) {
        const Segment& s = segs[*(it - 1)];
        if (s.start <= t && t < s.end)
            return *(it - 1);
    }
    // Nothing covers t: the nearest segment edge within a pixel.
    const double tolerance = axis.scale() > 0 ? 1 / axis.scale() : 0;
    std::int64_t best = -1;
    double bestDistance = tolerance;
    for (int k = 0; k < 2; ++k) {
        if ((k == 0 && it == begin) || (k == 1 && it == end))
            continue;
        const std::uint32_t* c = k == 0 ? it - 1 : it;
        const Segment& s = segs[*c];
        const double d = t < s.start ? s.start - t : (t > s.end ? t - s.end : 0);
        if (d <= bestDistance) {
            bestDistance = d;
            best = *c;
        }
    }
    return best;
}

QString TimelineLayout::taskLabel(const TaskInfo& task) {
    if (task.coroutine.empty() || task.coroutine == task.name) // a graph's task: "job_a"
        return fromStd(task.name);
    return fromStd(task.name) + QLatin1Char(' ') + fromStd(task.coroutine);
}

QString TimelineLayout::resourceLabel(const ResourceInfo& resource) {
    return fromStd(resource.name);
}

} // namespace loopscope::ui
