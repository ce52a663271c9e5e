// What the inspector shows at one moment of a finished run: every task's state and what it
// waits on (or how it ended), every resource's value, holders and waiters. Pure data read
// from the trace; the per-task and per-resource indexes are built once per trace, so moving
// the cursor is a binary search per task, never a scan of all segments.
#pragma once

#include <loopscope/Trace.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace loopscope::ui {

/// One task at the inspected time.
struct TaskView {
    TaskId id = kNone;
    std::string name;
    std::string coroutine;
    bool finished = false;              ///< ended at or before the inspected time
    TaskState state = TaskState::Done;  ///< Done when finished
    WaitKind wait = WaitKind::None;     ///< what it waits on while Waiting
    std::uint32_t object = kNone;       ///< the awaited TaskId / ResourceId, if any
    std::string waitsOn;                ///< the awaited task's or resource's name, or I/O's label
    double since = 0;                   ///< when the current state began (or the end time)
    Outcome outcome = Outcome::Pending; ///< when finished
    std::string outcomeText;            ///< "result: 42", "ValueError: bad", "cancelled"
};

/// One resource at the inspected time.
struct ResourceView {
    ResourceId id = kNone;
    ResourceKind kind = ResourceKind::Lock;
    std::string name;
    int capacity = 0;             ///< semaphore permits / queue maxsize (0: unbounded)
    int value = 0;                ///< lock: 1 held; semaphore: permits in use; queue: size;
                                  ///< event: 1 set; condition: 0
    std::string valueText;        ///< "held by Task-2", "free", "3/3 in use", "size 2", "set"
    std::vector<TaskId> holders;  ///< lock / semaphore holders, in the order they acquired
    std::vector<TaskId> waiters;  ///< FIFO: by the start of their waiting segment, then id
};

/// Everything the inspector shows at one time.
struct InspectorState {
    double time = 0;
    std::vector<TaskView> tasks;         ///< the tasks created at or before `time`, by id
    std::vector<ResourceView> resources; ///< the resources created at or before `time`, by id
};

/// The indexes of one trace, built once; `at(t)` answers per cursor position.
class InspectorModel {
public:
    /// Indexes `trace`, which must outlive the model (the trace is immutable).
    explicit InspectorModel(const Trace& trace);

    /// The state at time `t`. At a boundary the segment that starts at `t` wins, and the
    /// resource events recorded at `t` have happened.
    InspectorState at(double t) const;
    /// Only resource `id` at time `t` (a tooltip's question), without the tasks.
    ResourceView resourceAt(ResourceId id, double t) const;

    const Trace& trace() const { return *trace_; }

private:
    /// A holding of a lock or semaphore permit: [acquired, released) by `task`.
    struct Hold {
        double acquired = 0;
        double released = -1; ///< -1: never released
        TaskId task = kNone;
    };
    /// The value changes of one resource: each holds from its time to the next one's.
    struct Step {
        double time = 0;
        int value = 0;
    };

    /// The segment of `task` covering `t`, or nullptr before its first segment.
    const Segment* segmentAt(TaskId task, double t) const;
    TaskView taskAt(const TaskInfo& info, double t) const;
    ResourceView resourceAt(const ResourceInfo& info, double t) const;
    void indexSegments();
    void indexResourceEvents();

    const Trace* trace_;
    std::vector<Segment> segments_;     ///< the trace's segments grouped by task, in order
    std::vector<double> starts_;        ///< segments_[i].start, for the binary search
    std::vector<std::size_t> firstOf_;  ///< task i's segments: [firstOf_[i], firstOf_[i+1])
    std::vector<std::vector<Hold>> holds_;  ///< per resource, in acquire order
    std::vector<std::vector<Step>> steps_;  ///< per resource, value changes in event order
};

/// One-off convenience: indexes `trace` and inspects it at `t`.
InspectorState inspectAt(const Trace& trace, double t);

/// "Semaphore semaphore", "Task Task-3", "Sleep": the wait kind and what it waits on.
std::string describeWait(const TaskView& task);

} // namespace loopscope::ui
