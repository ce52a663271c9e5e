// The record of one run: flat, index-based and immutable once the run has ended. The GUI,
// the exporters and the test runner read only this.
#pragma once

#include "loopscope/ChunkedVector.hpp"
#include "loopscope/HugePageAllocator.hpp"
#include "loopscope/TraceTypes.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace loopscope {

/// Everything known about one task. `id` is its index in Trace::tasks.
struct TaskInfo {
    TaskId id = kNone;
    std::string name;      ///< Task-N or the name given
    std::string coroutine; ///< the coroutine's name, e.g. "fetch"
    TaskId parent = kNone; ///< the task that created it (kNone: created by the runner)
    double created = 0;
    double finished = -1; ///< -1 while pending at the end of the run
    Outcome outcome = Outcome::Pending;
    std::string result;    ///< repr of the result
    std::string errorType; ///< exception type, or "CancelledError"
    std::string errorMessage;
    TaskId cancelledBy = kNone; ///< who requested the cancellation that ended it
    Cause cancelCause = Cause::None;
    bool errorRetrieved = true; ///< false: "Task exception was never retrieved"
};

/// A synchronisation resource. `id` is its index in Trace::resources.
struct ResourceInfo {
    ResourceId id = kNone;
    ResourceKind kind = ResourceKind::Lock;
    std::string name;
    int capacity = 0; ///< semaphore value / queue maxsize
    int initial = 0;  ///< value at creation (permits, is_set, size)
    double created = 0;
};

/// A line the program printed.
struct OutputLine {
    double time = 0;
    TaskId task = kNone;
    std::string text;
};

/// Something the user should know about the run.
struct Diagnostic {
    enum class Kind { Deadlock, ExceptionNeverRetrieved, PendingAtExit, BlockedLoop, Horizon, Other };
    Kind kind = Kind::Other;
    double time = 0;
    TaskId task = kNone;
    std::string message;
    std::vector<TaskId> cycle; ///< Deadlock: the wait-for cycle, if there is one
};

/// One edge of the wait-for picture at a deadlock: `task` waits on `wait`/`object`, which is
/// held by or waits for `blocker` (kNone when nobody can release it).
struct WaitEdge {
    TaskId task = kNone;
    WaitKind wait = WaitKind::None;
    std::uint32_t object = kNone;
    TaskId blocker = kNone;
};

struct Trace {
    /// On huge pages once large: a run of tens of thousands of tasks grows it to megabytes.
    std::vector<TaskInfo, detail::HugePageAllocator<TaskInfo>> tasks;
    /// Segments in the order they began (time, then sequence).
    ChunkedVector<Segment> segments;
    /// Point events in the order they happened.
    ChunkedVector<TraceEvent> events;
    std::vector<ResourceInfo> resources;
    std::vector<OutputLine> output;
    std::vector<Diagnostic> diagnostics;
    std::vector<WaitEdge> waitGraph; ///< filled at a deadlock
    /// What I/O and executor waits wait on ("GET /users", a worker's function), each text
    /// once: a Segment's, Wake event's or WaitEdge's `object` indexes it (see waitsOnLabel).
    std::vector<std::string> labels;

    RunStatus status = RunStatus::Ok;
    std::string statusDetail; ///< exception type, deadlock summary, ...
    double endTime = 0;
    std::uint64_t callbacksRun = 0;

    /// The segments of one task, in order (linear scan; views build their own indexes).
    std::vector<Segment> segmentsOf(TaskId task) const;
    /// The id of the task named `name`, or kNone.
    TaskId findTask(const std::string& name) const;
    /// The label of an I/O or executor wait on `object`; empty for other waits, no label or
    /// an index out of range.
    std::string_view label(WaitKind wait, std::uint32_t object) const;
    /// The name of what a wait on `object` waits on: a task's or resource's name, a label;
    /// empty when the wait names nothing.
    std::string_view waitObjectName(WaitKind wait, std::uint32_t object) const;
};

} // namespace loopscope
