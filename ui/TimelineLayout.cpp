// Row layout and hit-testing of the timeline.
#include "TimelineLayout.hpp"

#include <algorithm>
#include <cmath>

namespace loopscope::ui {

namespace {
QString fromStd(const std::string& s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }
} // namespace

TimelineLayout::TimelineLayout(const Trace& trace, double top, double rowHeight, int maxRows)
    : trace_(&trace), top_(top), rowHeight_(rowHeight) {
    // Task ids are given at creation, so id order is creation order.
    const std::size_t total = trace.tasks.size() + trace.resources.size();
    const std::size_t shown = std::min<std::size_t>(total, std::size_t(std::max(0, maxRows)));
    hidden_ = int(total - shown);
    rows_.reserve(shown);
    for (const TaskInfo& t : trace.tasks) {
        if (rows_.size() == shown)
            break;
        rows_.push_back({TimelineRow::Kind::Task, t.id, taskLabel(t), 0, rowHeight});
    }
    for (const ResourceInfo& r : trace.resources) {
        if (rows_.size() == shown)
            break;
        rows_.push_back({TimelineRow::Kind::Resource, r.id, resourceLabel(r), 0, rowHeight});
    }
    for (std::size_t i = 0; i < rows_.size(); ++i)
        rows_[i].top = top + rowHeight * double(i);

    // Counting sort of the segments by task keeps each task's segments in start order.
    offsets_.assign(trace.tasks.size() + 1, 0);
    trace.segments.forEach([&](const Segment& s) {
        if (s.task < trace.tasks.size())
            ++offsets_[s.task + 1];
    });
    for (std::size_t i = 1; i < offsets_.size(); ++i)
        offsets_[i] += offsets_[i - 1];
    byTask_.resize(offsets_.back());
    std::vector<std::uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
    for (std::size_t i = 0; i < trace.segments.size(); ++i) {
        const TaskId task = trace.segments[i].task;
        if (task < trace.tasks.size())
            byTask_[fill[task]++] = std::uint32_t(i);
    }
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
    if (row < 0 || rows_[std::size_t(row)].kind != TimelineRow::Kind::Task)
        return -1;
    if (x < axis.x0() || x > axis.x0() + axis.width())
        return -1;
    const TaskId task = rows_[std::size_t(row)].id;
    const std::uint32_t* begin = segmentsBegin(task);
    const std::uint32_t* end = segmentsEnd(task);
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
    if (task.coroutine.empty())
        return fromStd(task.name);
    return fromStd(task.name) + QLatin1Char(' ') + fromStd(task.coroutine);
}

QString TimelineLayout::resourceLabel(const ResourceInfo& resource) {
    return fromStd(resource.name);
}

} // namespace loopscope::ui
