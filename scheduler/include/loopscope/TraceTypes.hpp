// The enums and flat records of a trace. The same enums are used by the core while it runs,
// by the trace once the run has ended, and by every view and exporter (colour tables, legends).
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>

namespace loopscope {

/// Index of a task in Trace::tasks; kNone where there is no task (the loop itself, a timer).
using TaskId = std::uint32_t;
/// Index of a resource in Trace::resources.
using ResourceId = std::uint32_t;
inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

/// What a task is doing during a segment.
enum class TaskState : std::uint8_t {
    Ready,    ///< queued in the ready queue, waiting for its turn
    Running,  ///< its coroutine is executing
    Blocking, ///< running, and blocking the whole loop (time.sleep, long synchronous work)
    Waiting,  ///< suspended on something, see WaitKind
    Done,     ///< finished; no segment has this state, it marks the end of the last one
};

/// What a waiting task waits on: the kind of the future it awaits.
enum class WaitKind : std::uint8_t {
    None,
    Future,      ///< a plain future
    Sleep,       ///< asyncio.sleep
    Task,        ///< another task (object = its TaskId)
    Gather,      ///< gather()
    Wait,        ///< wait() (detail = WaitMode)
    WaitFor,     ///< wait_for()
    AsCompleted, ///< the next result of as_completed()
    Shield,      ///< shield()
    TaskGroup,   ///< TaskGroup.__aexit__ waiting for its children
    Lock,        ///< Lock.acquire (object = ResourceId)
    Semaphore,   ///< Semaphore.acquire (object = ResourceId)
    Condition,   ///< Condition.wait (object = ResourceId)
    Event,       ///< Event.wait (object = ResourceId)
    QueueGet,    ///< Queue.get on an empty queue (object = ResourceId)
    QueuePut,    ///< Queue.put on a full queue (object = ResourceId)
    QueueJoin,   ///< Queue.join (object = ResourceId)
    IO,          ///< simulated I/O (network) (object = label index)
    Executor,    ///< run_in_executor / to_thread (object = label index)
};
inline constexpr int kWaitKindCount = static_cast<int>(WaitKind::Executor) + 1;

/// asyncio.wait's return_when.
enum class WaitMode : std::uint8_t { AllCompleted, FirstCompleted, FirstException };

/// How a task ended.
enum class Outcome : std::uint8_t { Pending, Result, Exception, Cancelled };

/// Who or what caused an event: a task's own code, a timer firing, the loop/runner itself, or
/// the user (an intervention: a cancellation injected into the run, see Intervention.hpp).
enum class Cause : std::uint8_t { None, Task, Timer, Runner, User };

/// Kinds of synchronisation resources the trace tracks over time.
enum class ResourceKind : std::uint8_t {
    Lock,
    Semaphore,
    BoundedSemaphore,
    Event,
    Condition,
    Queue,
    PriorityQueue,
    LifoQueue,
};

/// Kinds of point events in the trace.
enum class EventKind : std::uint8_t {
    TaskCreated,  ///< task created by actor (its parent)
    TaskFinished, ///< task ended (see its Outcome)
    Wake,         ///< task made ready because `via`/`object` completed; actor did it
    CancelRequest,///< actor asked task to cancel
    Acquire,      ///< task acquired resource; value = resource value after
    Release,      ///< task released resource; value = resource value after
    Set,          ///< event set by task
    Clear,        ///< event cleared by task
    Put,          ///< task put an item; value = queue size after
    Get,          ///< task got an item; value = queue size after
    Notify,       ///< condition notified by task; value = number woken
    Output,       ///< task printed a line; object = index in Trace::output
    BlockLoop,    ///< task blocked the loop; value = milliseconds
};

/// Why a run ended.
enum class RunStatus : std::uint8_t { Ok, Exception, Deadlock, Horizon, Budget, Interrupted };

/// One state interval of one task. Segments of a task are contiguous from creation to end.
struct Segment {
    double start = 0;
    double end = 0;
    TaskId task = kNone;
    std::uint32_t object = kNone; ///< TaskId, ResourceId or label index, depending on wait
    TaskState state = TaskState::Ready;
    WaitKind wait = WaitKind::None;
    std::uint8_t detail = 0; ///< WaitMode for WaitKind::Wait
};

/// A point event. `seq` orders events that share a time.
struct TraceEvent {
    double time = 0;
    TaskId task = kNone;         ///< the task the event is about
    TaskId actor = kNone;        ///< the task that caused it (kNone: timer, runner or user)
    std::uint32_t object = kNone;///< ResourceId / TaskId / output index, depending on kind
    std::int32_t value = 0;
    EventKind kind = EventKind::TaskCreated;
    Cause cause = Cause::None;
    WaitKind via = WaitKind::None; ///< Wake: what completed
};

/// Semaphore or BoundedSemaphore.
inline bool isSemaphore(ResourceKind k) {
    return k == ResourceKind::Semaphore || k == ResourceKind::BoundedSemaphore;
}
/// Any of the three queue kinds.
inline bool isQueue(ResourceKind k) {
    return k == ResourceKind::Queue || k == ResourceKind::PriorityQueue ||
           k == ResourceKind::LifoQueue;
}
/// Wait kinds whose `object` is a ResourceId (the others name a task or nothing).
inline bool waitsOnResource(WaitKind w) {
    switch (w) {
    case WaitKind::Lock:
    case WaitKind::Semaphore:
    case WaitKind::Condition:
    case WaitKind::Event:
    case WaitKind::QueueGet:
    case WaitKind::QueuePut:
    case WaitKind::QueueJoin: return true;
    default: return false;
    }
}

/// Wait kinds whose `object` is an index in Trace::labels (what the I/O is: "GET /users",
/// the worker's function), or kNone when the wait has no label.
inline bool waitsOnLabel(WaitKind w) { return w == WaitKind::IO || w == WaitKind::Executor; }

std::string_view nameOf(TaskState s);
std::string_view nameOf(WaitKind w);
std::string_view nameOf(WaitMode m);
std::string_view nameOf(Outcome o);
std::string_view nameOf(Cause c);
std::string_view nameOf(ResourceKind k);
std::string_view nameOf(EventKind k);
std::string_view nameOf(RunStatus s);

} // namespace loopscope
