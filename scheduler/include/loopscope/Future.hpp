// asyncio.Future: a result that will be set later. Completing a future never runs anything
// inline: its done callbacks are queued on the loop's ready queue (CPython's futures.py).
#pragma once

#include "loopscope/Errors.hpp"
#include "loopscope/Ref.hpp"
#include "loopscope/SmallObjectPool.hpp"
#include "loopscope/TraceTypes.hpp"
#include "loopscope/Value.hpp"

#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace loopscope {

class Loop;
class Task;

enum class FutureState : std::uint8_t { Pending, Cancelled, Finished };

/// Identifies a done callback for removeDoneCallback (Python compares the function itself).
using CallbackId = std::uint64_t;

class Future : public RefCounted {
public:
    using Callback = std::function<void(Future&)>;

    /// A future on `loop`. `kind`/`object` say what a task awaiting it waits on (trace only).
    explicit Future(Loop& loop, WaitKind kind = WaitKind::Future, std::uint32_t object = kNone);
    ~Future() override;

    Loop& loop() const noexcept { return *loop_; }
    FutureState state() const noexcept { return state_; }
    bool done() const noexcept { return state_ != FutureState::Pending; }
    bool cancelled() const noexcept { return state_ == FutureState::Cancelled; }
    virtual bool isTask() const noexcept { return false; }

    /// The result; rethrows the exception, raises CancelledError if cancelled and
    /// InvalidStateError if pending.
    const Value& result();
    /// The exception or null; raises CancelledError if cancelled, InvalidStateError if pending.
    std::exception_ptr exception();

    /// Cancels a pending future and schedules its callbacks; false if already done.
    virtual bool cancel(std::optional<std::string> msg = std::nullopt);
    /// Marks the future done with a result; InvalidStateError if already done.
    virtual void setResult(Value v);
    /// Marks the future done with an exception; InvalidStateError if already done.
    virtual void setException(std::exception_ptr e);

    /// Adds a callback run (through the ready queue) once the future is done; if it is done
    /// already, the callback is scheduled at once.
    CallbackId addDoneCallback(Callback fn);
    /// Removes every registration of the callback; returns how many were removed.
    std::size_t removeDoneCallback(CallbackId id);
    /// Removes every callback for which `match` is true (Python compares callables by
    /// equality, so the front-end inspects its own callback objects); returns how many.
    std::size_t removeDoneCallbacksIf(const std::function<bool(const Callback&)>& match);

    /// The CancelledError that result() raises for a cancelled future (the original one if a
    /// task's coroutine raised it, else a new one with the cancel message).
    std::exception_ptr makeCancelledError();
    const std::optional<std::string>& cancelMessage() const noexcept { return cancelMessage_; }

    WaitKind waitKind() const noexcept { return kind_; }
    std::uint32_t waitObject() const noexcept { return object_; }
    std::uint8_t waitDetail() const noexcept { return detail_; }
    void setWaitInfo(WaitKind kind, std::uint32_t object = kNone, std::uint8_t detail = 0) {
        kind_ = kind;
        object_ = object;
        detail_ = detail;
    }
    /// The exception, without counting as having looked at it (for repr and the trace).
    const std::exception_ptr& peekException() const noexcept { return exception_; }
    /// True while an exception is set that nobody has looked at.
    bool exceptionUnretrieved() const noexcept { return logTraceback_; }

    /// Who completed this future (the task or timer that was acting at the time).
    TaskId completedBy() const noexcept { return completedBy_; }
    Cause completedCause() const noexcept { return completedCause_; }

    /// Forgets every callback without running it (loop teardown).
    void clearCallbacks() noexcept {
        firstWakeup_ = nullptr;
        callbacks_.clear();
    }

    /// Used by Task: registers `task` to be woken (Task.__wakeup) when this future is done.
    void addWakeup(Task* task);

    /// Cancels the timer set by Loop::setResultAt (asyncio.sleep's `finally: h.cancel()`);
    /// harmless after it fired.
    void cancelTimedResult() noexcept {
        timedResultCancelled_ = true;
        if (state_ == FutureState::Pending)
            result_.reset(); // the result it would have set
    }
    bool timedResultCancelled() const noexcept { return timedResultCancelled_; }

protected:
    /// Called once when the future becomes done, before its callbacks are scheduled.
    virtual void onDone() {}

private:
    friend class Loop;
    /// Loop::setResultAt: the result to set when the timer fires, kept where it will go (a
    /// pending future's result is never read).
    void holdTimedResult(Value v) { result_ = std::move(v); }
    /// The timer's callback: sets the held result unless the future is already done.
    void fireTimedResult() {
        if (state_ != FutureState::Pending)
            return;
        state_ = FutureState::Finished;
        scheduleCallbacks();
    }
    void scheduleCallbacks();

    struct Registration {
        CallbackId id = 0;
        Ref<Future> wakeTask; // set for a task wakeup, else fn
        Callback fn;
    };

    // Members in the order a timed sleep touches them, so that its future's first cache
    // lines hold all it reads and writes (the small fields fill the base's tail padding).
    // Most futures are cold when they complete: they were made hundreds of awaits earlier.
    FutureState state_ = FutureState::Pending;
    WaitKind kind_;
    std::uint8_t detail_ = 0;
    Cause completedCause_ = Cause::None;
    bool timedResultCancelled_ = false;

protected:
    bool logTraceback_ = false;

private:
    Loop* loop_;
    std::uint32_t object_;
    TaskId completedBy_ = kNone;
    // Nearly every future gets exactly one registration, the wakeup of the task awaiting it:
    // that one is kept inline when it comes first. It then precedes everything in
    // callbacks_, and stays first, since removeDoneCallback never removes wakeups.
    Ref<Future> firstWakeup_;
    Value result_;
    using Registrations = std::vector<Registration, detail::PoolAllocator<Registration>>;
    Registrations callbacks_;
    std::exception_ptr exception_;

protected:
    std::exception_ptr cancelledExc_;
    std::optional<std::string> cancelMessage_;
};

} // namespace loopscope
