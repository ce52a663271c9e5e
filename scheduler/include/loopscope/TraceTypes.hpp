// The enums and flat records of a trace. The same enums are used by the core while it runs,
// by the trace once the run has ended, and by every view and exporter (colour tables, legends).
#pragma once

#include <cassert>
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
/// 24 bytes: the two times, then the task, what it waits on, its state, wait kind and detail
/// packed in one word, read and written through accessors (a trace holds a segment per state
/// change, millions in a big run, and its memory is what such a run spends most time on).
class Segment {
public:
    /// The largest task id or object a segment holds; kNone is held too.
    static constexpr std::uint32_t kMaxId = (std::uint32_t(1) << 27) - 2;

    double start = 0;
    double end = 0;

    Segment() = default;
    /// `task` and `object` at most kMaxId (or kNone), `detail` below 4.
    Segment(double start, double end, TaskId task, std::uint32_t object, TaskState state,
            WaitKind wait, std::uint8_t detail = 0) noexcept
        : start(start), end(end) {
        setTask(task);
        setObject(object);
        setState(state);
        setWait(wait);
        setDetail(detail);
    }

    TaskId task() const noexcept { return id(kTaskShift); }
    /// TaskId, ResourceId or label index, depending on wait(); kNone for none.
    std::uint32_t object() const noexcept { return id(kObjectShift); }
    TaskState state() const noexcept { return TaskState(field(kStateShift, kStateMask)); }
    WaitKind wait() const noexcept { return WaitKind(field(kWaitShift, kWaitMask)); }
    /// WaitMode for WaitKind::Wait, else 0.
    std::uint8_t detail() const noexcept { return std::uint8_t(field(kDetailShift, kDetailMask)); }

    void setTask(TaskId task) noexcept { setId(kTaskShift, task); }
    void setObject(std::uint32_t object) noexcept { setId(kObjectShift, object); }
    void setState(TaskState state) noexcept { setField(kStateShift, kStateMask, unsigned(state)); }
    void setWait(WaitKind wait) noexcept { setField(kWaitShift, kWaitMask, unsigned(wait)); }
    void setDetail(std::uint8_t detail) noexcept { setField(kDetailShift, kDetailMask, detail); }

    friend bool operator==(const Segment&, const Segment&) = default;
    /// Same task, state, wait, object and detail (whatever the times).
    bool sameStateAs(const Segment& o) const noexcept { return bits_ == o.bits_; }

private:
    static constexpr std::uint64_t kIdMask = (std::uint64_t(1) << 27) - 1; // all ones: kNone
    static constexpr int kTaskShift = 0;
    static constexpr int kObjectShift = 27;
    static constexpr int kStateShift = 54;
    static constexpr std::uint64_t kStateMask = 7;
    static constexpr int kWaitShift = 57;
    static constexpr std::uint64_t kWaitMask = 31;
    static constexpr int kDetailShift = 62;
    static constexpr std::uint64_t kDetailMask = 3;

    std::uint32_t id(int shift) const noexcept {
        const auto v = std::uint32_t((bits_ >> shift) & kIdMask);
        return v == kIdMask ? kNone : v;
    }
    void setId(int shift, std::uint32_t id) noexcept {
        assert(id == kNone || id <= kMaxId); // the recorder and the reader refuse more
        setField(shift, kIdMask, id == kNone ? kIdMask : (id & kIdMask));
    }
    unsigned field(int shift, std::uint64_t mask) const noexcept {
        return unsigned((bits_ >> shift) & mask);
    }
    void setField(int shift, std::uint64_t mask, std::uint64_t value) noexcept {
        bits_ = (bits_ & ~(mask << shift)) | ((value & mask) << shift);
    }

    // no task, no object, Ready, no wait, detail 0
    std::uint64_t bits_ = kIdMask | (kIdMask << kObjectShift);
};
static_assert(sizeof(Segment) == 24);
static_assert(kWaitKindCount <= 32);

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
