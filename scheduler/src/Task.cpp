// asyncio.Task: Task.__step and Task.__wakeup, with the trace of its states.
#include "loopscope/Task.hpp"

#include "loopscope/Loop.hpp"

namespace loopscope {

Task::Task(Loop& loop, std::unique_ptr<Driver> driver, std::string name, TaskId id)
    : Future(loop, WaitKind::Task, id), driver_(std::move(driver)), id_(id),
      name_(std::move(name)) {
    markAsTask();
}

Task::~Task() = default;

void Task::setName(std::string name) {
    name_ = std::move(name);
    loop().recorder().task(id_).name = name_;
}

bool Task::cancel(std::optional<std::string> msg) {
    setLogTraceback(false);
    if (done())
        return false;
    ++numCancelsRequested_;
    Loop& l = loop();
    TraceEvent e;
    e.time = l.time();
    e.task = id_;
    e.actor = l.currentActor();
    e.cause = l.currentCause();
    e.kind = EventKind::CancelRequest;
    l.recorder().event(e);
    TaskInfo& info = l.recorder().task(id_);
    info.cancelledBy = l.currentActor();
    info.cancelCause = l.currentCause();
    if (futWaiter_ && cancelWaiter(msg))
        return true; // stays the waiter: it may ignore the cancellation
    mustCancel_ = true;
    setCancelMessage(std::move(msg));
    return true;
}

namespace {
// How many Task::cancel calls may nest, each cancelling what its task awaits. Cancelling a
// task cancels its waiter; a gather's cancel cancels its children, tasks again: two tasks
// that gather each other recurse without end. CPython stops that at its recursion limit
// (1000 frames, two per level: Task.cancel and _GatheringFuture.cancel) with a
// RecursionError out of the outermost cancel(); a cancel() called from a task's coroutine
// has made 493 requests by then, as with this limit.
constexpr int kMaxCancelDepth = 492;
} // namespace

bool Task::cancelWaiter(const std::optional<std::string>& msg) {
    Loop& l = loop();
    if (l.cancelDepth_ >= kMaxCancelDepth)
        throw RecursionError("maximum recursion depth exceeded");
    struct Depth {
        int& depth;
        ~Depth() { --depth; }
    } depth{++l.cancelDepth_};
    return futWaiter_->cancel(msg);
}

int Task::uncancel() noexcept {
    if (numCancelsRequested_ > 0)
        --numCancelsRequested_;
    return numCancelsRequested_;
}

void Task::setResult(Value) { throw RuntimeError("Task does not support set_result operation"); }

void Task::setException(std::exception_ptr) {
    throw RuntimeError("Task does not support set_exception operation");
}

void Task::completeResult(Value v) { Future::setResult(std::move(v)); }

void Task::completeException(std::exception_ptr e) { Future::setException(std::move(e)); }

void Task::step(std::exception_ptr exc) {
    if (done())
        throw InvalidStateError("_step(): already done: " + name_);
    if (mustCancel_) {
        if (!isCancelledError(exc))
            exc = makeCancelledError(); // from the task's cancel message, set below
        mustCancel_ = false;
    }
    futWaiter_ = nullptr;

    Loop& l = loop();
    l.current_ = this;
    l.actor_ = id_;
    l.cause_ = Cause::Task;
    l.recorder().setState(openSegment_, id_, l.time(), TaskState::Running);

    StepResult r = driver_->step(exc);
    switch (r.kind) {
    case StepResult::Kind::Return:
        if (mustCancel_) { // cancelled right before the coroutine returned
            mustCancel_ = false;
            Future::cancel(cancelMessage());
        } else {
            completeResult(std::move(r.value));
        }
        break;
    case StepResult::Kind::Raise:
        if (isCancelledError(r.error)) {
            setCancelledError(r.error); // result() re-raises this very exception
            Future::cancel();
        } else {
            completeException(r.error);
        }
        break;
    case StepResult::Kind::Await:
        if (r.awaited.get() == this) {
            l.scheduleStep(*this, std::make_exception_ptr(
                                      RuntimeError("Task cannot await on itself: " + name_)));
        } else {
            r.awaited->addWakeup(this);
            futWaiter_ = r.awaited;
            if (mustCancel_ && cancelWaiter(cancelMessage()))
                mustCancel_ = false;
        }
        break;
    case StepResult::Kind::Yield:
        l.scheduleStep(*this);
        break;
    }

    if (!done()) {
        if (scheduled_)
            l.recorder().setState(openSegment_, id_, l.time(), TaskState::Ready);
        else if (futWaiter_)
            l.recorder().setState(openSegment_, id_, l.time(), TaskState::Waiting,
                                  futWaiter_->waitKind(), futWaiter_->waitObject(),
                                  futWaiter_->waitDetail());
    }
    l.current_ = nullptr;
}

void Task::shutdown() {
    futWaiter_ = nullptr;
    clearCallbacks();
    driver_.reset();
}

void Task::wakeup(Future& fut) {
    if (fut.state() == FutureState::Finished && !fut.peekException()) {
        step(nullptr); // what fut.result() below does for a result, without a call and a try
        return;
    }
    std::exception_ptr exc;
    try {
        fut.result();
    } catch (...) {
        exc = std::current_exception();
    }
    step(std::move(exc));
}

void Task::onDone() {
    Loop& l = loop();
    TaskInfo& info = l.recorder().task(id_);
    if (cancelled()) {
        info.outcome = Outcome::Cancelled;
        info.errorType = "CancelledError";
        if (cancelledError())
            info.errorMessage = describeException(cancelledError()).message;
        else
            info.errorMessage = cancelMessage().value_or(std::string());
    } else {
        // state is Finished: peek without marking the exception as retrieved
        const std::exception_ptr& e = peekException();
        if (e) {
            info.outcome = Outcome::Exception;
            ExceptionInfo ei = describeException(e);
            info.errorType = ei.type;
            info.errorMessage = ei.message;
        } else {
            info.outcome = Outcome::Result;
            info.result = formatValue(result());
        }
    }
    TraceEvent ev;
    ev.time = l.time();
    ev.task = id_;
    ev.actor = id_;
    ev.cause = Cause::Task;
    ev.kind = EventKind::TaskFinished;
    ev.value = static_cast<std::int32_t>(info.outcome);
    l.recorder().event(ev);
    l.recorder().finishTask(openSegment_, id_, l.time());
    coroName_ = driver_ ? driver_->name() : coroName_;
}

} // namespace loopscope
