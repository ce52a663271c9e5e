// asyncio.Task: a future that drives a coroutine step by step (CPython's tasks.py Task).
#pragma once

#include "loopscope/Driver.hpp"
#include "loopscope/Future.hpp"
#include "loopscope/TraceRecorder.hpp"

#include <memory>
#include <optional>
#include <string>

namespace loopscope {

class Task : public Future {
public:
    /// Use Loop::createTask. Schedules the first step with call_soon.
    Task(Loop& loop, std::unique_ptr<Driver> driver, std::string name, TaskId id);
    ~Task() override;

    const std::string& name() const noexcept { return name_; }
    void setName(std::string name);
    std::string coroutineName() const { return driver_ ? driver_->name() : coroName_; }
    TaskId id() const noexcept { return id_; }
    /// The coroutine's driver (kept after the task is done, like Task.get_coro()).
    Driver* driver() const noexcept { return driver_.get(); }

    /// Requests cancellation: cancels what the task awaits, or throws CancelledError into it
    /// at its next step. False if the task is already done. RecursionError when cancellations
    /// nest too deep (tasks that gather each other), as CPython's recursion limit does.
    bool cancel(std::optional<std::string> msg = std::nullopt) override;
    /// Number of pending cancellation requests.
    int cancelling() const noexcept { return numCancelsRequested_; }
    /// Decrements the pending cancellation requests; returns the new count.
    int uncancel() noexcept;

    /// Tasks cannot be completed from outside: RuntimeError, as in CPython.
    void setResult(Value v) override;
    void setException(std::exception_ptr e) override;

    /// The future the task is suspended on, if any.
    Future* futureWaiter() const noexcept { return futWaiter_.get(); }

    /// Runs one step of the coroutine (Task.__step); called only from the loop's ready queue.
    void step(std::exception_ptr exc);
    /// Task.__wakeup: steps with the outcome of `fut`.
    void wakeup(Future& fut);

    /// Drops the coroutine and every reference the task holds (loop teardown).
    void shutdown();

    /// Its open trace segment (TraceRecorder::setState).
    TraceRecorder::OpenSegment& openSegment() noexcept { return openSegment_; }

    /// True while a step or wakeup of this task is in the ready queue.
    bool scheduled() const noexcept { return scheduled_; }
    void setScheduled(bool s) noexcept { scheduled_ = s; }

protected:
    void onDone() override;

private:
    /// futWaiter_->cancel(msg), counting how deep cancellations nest.
    bool cancelWaiter(const std::optional<std::string>& msg);
    void completeResult(Value v);
    void completeException(std::exception_ptr e);

    // What every step reads first, together (see Future's members).
    std::unique_ptr<Driver> driver_;
    Ref<Future> futWaiter_;
    TaskId id_;
    int numCancelsRequested_ = 0;
    bool mustCancel_ = false;
    bool scheduled_ = false;
    TraceRecorder::OpenSegment openSegment_;
    std::string name_;
    std::string coroName_;
};

} // namespace loopscope
