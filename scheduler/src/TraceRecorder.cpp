// Recording of task state segments, events, resources and output.
#include "loopscope/TraceRecorder.hpp"

#include "loopscope/Errors.hpp"

namespace loopscope {

namespace {
/// A segment holds ids up to Segment::kMaxId: a recorded run cannot have more tasks,
/// resources or labels (a run that had would need tens of gigabytes for its tasks alone).
void checkId(bool recording, std::size_t id, const char* what) {
    if (recording && id > Segment::kMaxId)
        throw RuntimeError(std::string("too many ") + what + " for one trace (at most " +
                           std::to_string(std::size_t(Segment::kMaxId) + 1) + ")");
}
} // namespace

TaskId TraceRecorder::addTask(std::string name, std::string coroutine, TaskId parent,
                              double time) {
    checkId(enabled_, trace_.tasks.size(), "tasks");
    const auto id = static_cast<TaskId>(trace_.tasks.size());
    TaskInfo& info = trace_.tasks.emplace_back(); // in place: a TaskInfo moves five strings
    info.id = id;
    info.name = std::move(name);
    info.coroutine = std::move(coroutine);
    info.parent = parent;
    info.created = time;
    return id;
}

void TraceRecorder::finishTask(OpenSegment& open, TaskId task, double time) {
    trace_.tasks[task].finished = time;
    closeSegment(open, time);
}

ResourceId TraceRecorder::addResource(ResourceKind kind, std::string name, int capacity,
                                      int initial, double time) {
    checkId(enabled_, trace_.resources.size(), "resources");
    ResourceInfo r;
    r.id = static_cast<ResourceId>(trace_.resources.size());
    r.kind = kind;
    r.name = name.empty() ? std::string(nameOf(kind)) + "-" + std::to_string(r.id + 1)
                          : std::move(name);
    r.capacity = capacity;
    r.initial = initial;
    r.created = time;
    trace_.resources.push_back(std::move(r));
    return trace_.resources.back().id;
}

std::uint32_t TraceRecorder::label(std::string_view text) {
    if (text.empty())
        return kNone;
    if (auto it = labelIndex_.find(text); it != labelIndex_.end())
        return it->second;
    checkId(enabled_, trace_.labels.size(), "labels");
    const auto index = static_cast<std::uint32_t>(trace_.labels.size());
    trace_.labels.emplace_back(text);
    labelIndex_.emplace(std::string(text), index);
    return index;
}

void TraceRecorder::output(double time, TaskId task, std::string text) {
    trace_.output.push_back({time, task, std::move(text)});
    TraceEvent e;
    e.time = time;
    e.task = task;
    e.actor = task;
    e.object = static_cast<std::uint32_t>(trace_.output.size() - 1);
    e.kind = EventKind::Output;
    event(e);
}

Trace TraceRecorder::finish(double endTime) {
    trace_.endTime = endTime;
    trace_.segments.finishGrowth();
    trace_.events.finishGrowth();
    labelIndex_.clear(); // it indexes the labels handed over
    return std::move(trace_);
}

std::vector<Segment> Trace::segmentsOf(TaskId task) const {
    std::vector<Segment> out;
    segments.forEach([&](const Segment& s) {
        if (s.task() == task)
            out.push_back(s);
    });
    return out;
}

TaskId Trace::findTask(const std::string& name) const {
    for (const TaskInfo& t : tasks)
        if (t.name == name)
            return t.id;
    return kNone;
}

std::string_view Trace::label(WaitKind wait, std::uint32_t object) const {
    if (waitsOnLabel(wait) && object < labels.size())
        return labels[object];
    return {};
}

std::string_view Trace::waitObjectName(WaitKind wait, std::uint32_t object) const {
    if (wait == WaitKind::Task && object < tasks.size())
        return tasks[object].name;
    if (waitsOnResource(wait) && object < resources.size())
        return resources[object].name;
    return label(wait, object);
}

} // namespace loopscope
