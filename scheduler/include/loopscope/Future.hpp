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
#include <memory>
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
    bool isTask() const noexcept { return isTask_; }

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
    const std::optional<std::string>& cancelMessage() const noexcept {
        return rare_ ? rare_->cancelMessage : kNoMessage;
    }

    WaitKind waitKind() const noexcept { return kind_; }
    std::uint32_t waitObject() const noexcept { return object_; }
    std::uint8_t waitDetail() const noexcept { return detail_; }
    void setWaitInfo(WaitKind kind, std::uint32_t object = kNone, std::uint8_t detail = 0) {
        kind_ = kind;
        object_ = object;
        detail_ = detail & 3; // a WaitMode
    }
    /// The exception, without counting as having looked at it (for repr and the trace).
    const std::exception_ptr& peekException() const noexcept {
        return rare_ ? rare_->exception : kNoException;
    }
    /// True while an exception is set that nobody has looked at.
    bool exceptionUnretrieved() const noexcept { return logTraceback_; }

    /// Who completed this future (the task or timer that was acting at the time).
    TaskId completedBy() const noexcept { return completedBy_; }
    Cause completedCause() const noexcept { return completedCause_; }

    /// Forgets every callback without running it (loop teardown).
    void clearCallbacks() noexcept {
        firstWakeup_ = nullptr;
        if (rare_)
            rare_->callbacks.clear();
    }

    /// Used by Task: registers `task` to be woken (Task.__wakeup) when this future is done.
    void addWakeup(Task* task);

    /// Cancels the timer set by Loop::setResultAt (asyncio.sleep's `finally: h.cancel()`);
    /// harmless after it fired.
    void cancelTimedResult() noexcept {
        timedResultCancelled_ = true;
        // Unless it is the future's result, the result the timer would have set goes now, as
        // CPython's h.cancel() drops the callback's arguments (a cancelled sleep(100, obj)
        // lets go of obj at once, not at t=100).
        if (state_ != FutureState::Finished || (rare_ && rare_->exception))
            result_.reset();
    }
    bool timedResultCancelled() const noexcept { return timedResultCancelled_; }

protected:
    /// Called once when the future becomes done, before its callbacks are scheduled.
    virtual void onDone() {}
    void setCancelMessage(std::optional<std::string> msg) {
        if (msg || rare_)
            rare().cancelMessage = std::move(msg);
    }
    /// The CancelledError a task's coroutine raised, for result() to raise again.
    void setCancelledError(std::exception_ptr e) { rare().cancelledError = std::move(e); }
    const std::exception_ptr& cancelledError() const noexcept {
        return rare_ ? rare_->cancelledError : kNoException;
    }
    void setLogTraceback(bool log) noexcept { logTraceback_ = log; }
    /// For Task's constructor (a flag, not a virtual call: the loop asks at every wakeup).
    void markAsTask() noexcept { isTask_ = true; }

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
    /// Removes the callbacks `match` accepts, or, if it is null, those registered as `id`.
    std::size_t removeDoneCallbacksIf(const std::function<bool(const Callback&)>* match,
                                      CallbackId id);

    struct Registration {
        CallbackId id = 0;
        Ref<Future> wakeTask; // set for a task wakeup, else fn
        Callback fn;
    };
    using Registrations = std::vector<Registration, detail::PoolAllocator<Registration>>;
    /// What most futures never need: registrations after the first wakeup, an exception, a
    /// cancel message. Made the first time one is set.
    struct Rare {
        static void* operator new(std::size_t bytes) { return detail::poolAllocate(bytes); }
        static void operator delete(void* p, std::size_t bytes) noexcept {
            detail::poolDeallocate(p, bytes);
        }
        // Nearly every future gets exactly one registration, the wakeup of the task
        // awaiting it: that one is kept inline (firstWakeup_) when it comes first. It then
        // precedes everything here, and stays first: removeDoneCallback never removes wakeups.
        Registrations callbacks;
        std::exception_ptr exception;
        std::exception_ptr cancelledError;
        std::optional<std::string> cancelMessage;
    };
    Rare& rare() {
        if (!rare_)
            rare_.reset(new Rare);
        return *rare_;
    }
    static const std::exception_ptr kNoException;
    static const std::optional<std::string> kNoMessage;

    // A future is one cache line (the pool aligns it so): a timed sleep's future is made
    // hundreds of awaits before it completes, out of the cache by then, and completing it
    // reads and writes all of this. (The small fields fill the base's tail padding.)
    FutureState state_ = FutureState::Pending;
    WaitKind kind_;
    Cause completedCause_ = Cause::None;
    std::uint8_t detail_ : 2 = 0;
    bool timedResultCancelled_ : 1 = false;
    /// True while an exception is set that nobody has looked at.
    bool logTraceback_ : 1 = false;
    bool isTask_ : 1 = false;
    Loop* loop_;
    std::uint32_t object_;
    TaskId completedBy_ = kNone;
    Ref<Future> firstWakeup_;
    Value result_;
    std::unique_ptr<Rare> rare_;
};

} // namespace loopscope
