// Stable names of the trace enums, used by exporters and messages.
#include "loopscope/TraceTypes.hpp"

namespace loopscope {

std::string_view nameOf(TaskState s) {
    switch (s) {
    case TaskState::Ready: return "ready";
    case TaskState::Running: return "running";
    case TaskState::Blocking: return "blocking";
    case TaskState::Waiting: return "waiting";
    case TaskState::Done: return "done";
    }
    return "?";
}

std::string_view nameOf(WaitKind w) {
    switch (w) {
    case WaitKind::None: return "none";
    case WaitKind::Future: return "future";
    case WaitKind::Sleep: return "sleep";
    case WaitKind::Task: return "task";
    case WaitKind::Gather: return "gather";
    case WaitKind::Wait: return "wait";
    case WaitKind::WaitFor: return "wait_for";
    case WaitKind::AsCompleted: return "as_completed";
    case WaitKind::Shield: return "shield";
    case WaitKind::TaskGroup: return "taskgroup";
    case WaitKind::Lock: return "lock";
    case WaitKind::Semaphore: return "semaphore";
    case WaitKind::Condition: return "condition";
    case WaitKind::Event: return "event";
    case WaitKind::QueueGet: return "queue_get";
    case WaitKind::QueuePut: return "queue_put";
    case WaitKind::QueueJoin: return "queue_join";
    case WaitKind::IO: return "io";
    case WaitKind::Executor: return "executor";
    }
    return "?";
}

std::string_view nameOf(WaitMode m) {
    switch (m) {
    case WaitMode::AllCompleted: return "ALL_COMPLETED";
    case WaitMode::FirstCompleted: return "FIRST_COMPLETED";
    case WaitMode::FirstException: return "FIRST_EXCEPTION";
    }
    return "?";
}

std::string_view nameOf(Outcome o) {
    switch (o) {
    case Outcome::Pending: return "pending";
    case Outcome::Result: return "result";
    case Outcome::Exception: return "exception";
    case Outcome::Cancelled: return "cancelled";
    }
    return "?";
}

std::string_view nameOf(Cause c) {
    switch (c) {
    case Cause::None: return "none";
    case Cause::Task: return "task";
    case Cause::Timer: return "timer";
    case Cause::Runner: return "runner";
    case Cause::User: return "user";
    }
    return "?";
}

std::string_view nameOf(ResourceKind k) {
    switch (k) {
    case ResourceKind::Lock: return "Lock";
    case ResourceKind::Semaphore: return "Semaphore";
    case ResourceKind::BoundedSemaphore: return "BoundedSemaphore";
    case ResourceKind::Event: return "Event";
    case ResourceKind::Condition: return "Condition";
    case ResourceKind::Queue: return "Queue";
    case ResourceKind::PriorityQueue: return "PriorityQueue";
    case ResourceKind::LifoQueue: return "LifoQueue";
    }
    return "?";
}

std::string_view nameOf(EventKind k) {
    switch (k) {
    case EventKind::TaskCreated: return "created";
    case EventKind::TaskFinished: return "finished";
    case EventKind::Wake: return "wake";
    case EventKind::CancelRequest: return "cancel";
    case EventKind::Acquire: return "acquire";
    case EventKind::Release: return "release";
    case EventKind::Set: return "set";
    case EventKind::Clear: return "clear";
    case EventKind::Put: return "put";
    case EventKind::Get: return "get";
    case EventKind::Notify: return "notify";
    case EventKind::Output: return "output";
    case EventKind::BlockLoop: return "block";
    }
    return "?";
}

std::string_view nameOf(RunStatus s) {
    switch (s) {
    case RunStatus::Ok: return "ok";
    case RunStatus::Exception: return "exception";
    case RunStatus::Deadlock: return "deadlock";
    case RunStatus::Horizon: return "horizon";
    case RunStatus::Budget: return "budget";
    case RunStatus::Interrupted: return "interrupted";
    }
    return "?";
}

} // namespace loopscope
