// The inspector's indexes and its per-time query.
#include "InspectorModel.hpp"

#include <algorithm>
#include <iterator>

namespace loopscope::ui {

namespace {

std::string outcomeText(const TaskInfo& info) {
    switch (info.outcome) {
    case Outcome::Result: return "result: " + info.result;
    case Outcome::Exception:
        return info.errorMessage.empty() ? info.errorType
                                         : info.errorType + ": " + info.errorMessage;
    case Outcome::Cancelled: return "cancelled";
    case Outcome::Pending: break;
    }
    return "pending";
}

} // namespace

InspectorModel::InspectorModel(const Trace& trace) : trace_(&trace) {
    indexSegments();
    indexResourceEvents();
}

// Counting sort by task: keeps each task's segments in trace order, which is start order.
void InspectorModel::indexSegments() {
    const Trace& tr = *trace_;
    firstOf_.assign(tr.tasks.size() + 1, 0);
    tr.segments.forEach([&](const Segment& s) {
        if (s.task() < tr.tasks.size())
            ++firstOf_[s.task() + 1];
    });
    for (std::size_t i = 1; i < firstOf_.size(); ++i)
        firstOf_[i] += firstOf_[i - 1];
    segments_.resize(firstOf_.back());
    starts_.resize(firstOf_.back());
    std::vector<std::size_t> next(firstOf_.begin(), firstOf_.end() - 1);
    tr.segments.forEach([&](const Segment& s) {
        if (s.task() >= tr.tasks.size())
            return;
        const std::size_t i = next[s.task()]++;
        segments_[i] = s;
        starts_[i] = s.start;
    });
}

// One pass over the events: value steps and lock/semaphore holdings per resource.
void InspectorModel::indexResourceEvents() {
    const Trace& tr = *trace_;
    holds_.assign(tr.resources.size(), {});
    steps_.assign(tr.resources.size(), {});
    for (const ResourceInfo& r : tr.resources)
        steps_[r.id].push_back({r.created, r.initial});
    tr.events.forEach([&](const TraceEvent& e) {
        if (e.object >= tr.resources.size())
            return;
        switch (e.kind) {
        case EventKind::Acquire: holds_[e.object].push_back({e.time, -1, e.task}); break;
        case EventKind::Release: {
            // As Semaphore.release: the releasing task's permit, else the oldest one.
            std::vector<Hold>& holds = holds_[e.object];
            auto open = [](const Hold& h) { return h.released < 0; };
            auto it = std::find_if(holds.begin(), holds.end(), [&](const Hold& h) {
                return open(h) && h.task == e.task;
            });
            if (it == holds.end())
                it = std::find_if(holds.begin(), holds.end(), open);
            if (it != holds.end())
                it->released = e.time;
            break;
        }
        case EventKind::Set:
        case EventKind::Clear:
        case EventKind::Put:
        case EventKind::Get: steps_[e.object].push_back({e.time, e.value}); break;
        default: break;
        }
    });
}

const Segment* InspectorModel::segmentAt(TaskId task, double t) const {
    const auto first = starts_.begin() + std::ptrdiff_t(firstOf_[task]);
    const auto last = starts_.begin() + std::ptrdiff_t(firstOf_[task + 1]);
    // The last segment starting at or before t: at a boundary, the one that starts at t.
    auto it = std::upper_bound(first, last, t);
    if (it == first)
        return nullptr;
    return &segments_[std::size_t(it - starts_.begin()) - 1];
}

TaskView InspectorModel::taskAt(const TaskInfo& info, double t) const {
    TaskView v;
    v.id = info.id;
    v.name = info.name;
    v.coroutine = info.coroutine;
    if (info.finished >= 0 && info.finished <= t) {
        v.finished = true;
        v.since = info.finished;
        v.outcome = info.outcome;
        v.outcomeText = outcomeText(info);
        return v;
    }
    const Segment* s = segmentAt(info.id, t);
    if (!s) { // created, not yet recorded in a segment: it is queued
        v.state = TaskState::Ready;
        v.since = info.created;
        return v;
    }
    v.state = s->state();
    v.since = s->start;
    if (s->state() == TaskState::Waiting) {
        v.wait = s->wait();
        v.object = s->object();
        v.waitsOn = trace_->waitObjectName(s->wait(), s->object());
    }
    return v;
}

ResourceView InspectorModel::resourceAt(const ResourceInfo& info, double t) const {
    ResourceView v;
    v.id = info.id;
    v.kind = info.kind;
    v.name = info.name;
    v.capacity = info.capacity;
    // Holdings begun by t and not yet ended: the order of acquiring is the order recorded.
    for (const Hold& h : holds_[info.id]) {
        if (h.acquired > t)
            break;
        if (h.released < 0 || h.released > t)
            v.holders.push_back(h.task);
    }
    const std::vector<Step>& steps = steps_[info.id];
    auto step = std::upper_bound(steps.begin(), steps.end(), t,
                                 [](double time, const Step& s) { return time < s.time; });
    const int level = step == steps.begin() ? info.initial : std::prev(step)->value;
    auto holderName = [&] {
        const TaskId h = v.holders.front();
        return h < trace_->tasks.size() ? trace_->tasks[h].name : std::string("?");
    };
    if (info.kind == ResourceKind::Lock) {
        v.value = v.holders.empty() ? 0 : 1;
        v.valueText = v.holders.empty() ? "free" : "held by " + holderName();
    } else if (isSemaphore(info.kind)) {
        v.value = int(v.holders.size());
        v.valueText = std::to_string(v.value) + "/" + std::to_string(info.capacity) + " in use";
    } else if (isQueue(info.kind)) {
        v.value = level;
        v.valueText = "size " + std::to_string(level);
        if (info.capacity > 0)
            v.valueText += "/" + std::to_string(info.capacity);
    } else if (info.kind == ResourceKind::Event) {
        v.value = level;
        v.valueText = level ? "set" : "clear";
    }
    return v;
}

namespace {
/// Waiters given as (start of the waiting segment, task), in FIFO order.
std::vector<TaskId> fifo(std::vector<std::pair<double, TaskId>>& waiting) {
    std::sort(waiting.begin(), waiting.end());
    std::vector<TaskId> out;
    for (const auto& [since, task] : waiting)
        out.push_back(task);
    return out;
}
} // namespace

ResourceView InspectorModel::resourceAt(ResourceId id, double t) const {
    if (id >= trace_->resources.size())
        return {};
    ResourceView v = resourceAt(trace_->resources[id], t);
    std::vector<std::pair<double, TaskId>> waiting;
    for (const TaskInfo& info : trace_->tasks) {
        if (info.created > t)
            continue;
        const TaskView task = taskAt(info, t);
        if (task.state == TaskState::Waiting && waitsOnResource(task.wait) && task.object == id)
            waiting.emplace_back(task.since, task.id);
    }
    v.waiters = fifo(waiting);
    return v;
}

InspectorState InspectorModel::at(double t) const {
    InspectorState st;
    st.time = t;
    std::vector<std::vector<std::pair<double, TaskId>>> waiting(trace_->resources.size());
    for (const TaskInfo& info : trace_->tasks) {
        if (info.created > t)
            continue;
        TaskView v = taskAt(info, t);
        if (v.state == TaskState::Waiting && waitsOnResource(v.wait) && v.object < waiting.size())
            waiting[v.object].emplace_back(v.since, v.id);
        st.tasks.push_back(std::move(v));
    }
    for (const ResourceInfo& r : trace_->resources) {
        if (r.created > t)
            continue;
        ResourceView v = resourceAt(r, t);
        v.waiters = fifo(waiting[r.id]);
        st.resources.push_back(std::move(v));
    }
    return st;
}

InspectorState inspectAt(const Trace& trace, double t) { return InspectorModel(trace).at(t); }

std::string describeWait(const TaskView& task) {
    if (task.state != TaskState::Waiting)
        return {};
    std::string s(nameOf(task.wait));
    if (!task.waitsOn.empty())
        s += " " + task.waitsOn;
    return s;
}

} // namespace loopscope::ui
