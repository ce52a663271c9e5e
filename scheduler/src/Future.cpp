// asyncio.Future on the loop's ready queue (CPython's futures.py, method for method).
#include "loopscope/Future.hpp"

#include "loopscope/Loop.hpp"
#include "loopscope/Task.hpp"

#include <algorithm>

namespace loopscope {

namespace {
CallbackId g_nextCallbackId = 1;
}

const std::exception_ptr Future::kNoException;
const std::optional<std::string> Future::kNoMessage;

Future::Future(Loop& loop, WaitKind kind, std::uint32_t object)
    : kind_(kind), loop_(&loop), object_(object) {
    static_assert(sizeof(Future) == 64, "a future is one cache line");
}

Future::~Future() = default;

const Value& Future::result() {
    if (state_ == FutureState::Cancelled)
        std::rethrow_exception(makeCancelledError());
    if (state_ != FutureState::Finished)
        throw InvalidStateError("Result is not set.");
    logTraceback_ = false;
    if (rare_ && rare_->exception)
        std::rethrow_exception(rare_->exception);
    return result_;
}

std::exception_ptr Future::exception() {
    if (state_ == FutureState::Cancelled)
        std::rethrow_exception(makeCancelledError());
    if (state_ != FutureState::Finished)
        throw InvalidStateError("Exception is not set.");
    logTraceback_ = false;
    return peekException();
}

std::exception_ptr Future::makeCancelledError() {
    if (rare_ && rare_->cancelledError)
        return std::exchange(rare_->cancelledError, nullptr);
    return std::make_exception_ptr(CancelledError(cancelMessage().value_or(std::string())));
}

bool Future::cancel(std::optional<std::string> msg) {
    logTraceback_ = false;
    if (state_ != FutureState::Pending)
        return false;
    state_ = FutureState::Cancelled;
    setCancelMessage(std::move(msg));
    scheduleCallbacks();
    return true;
}

void Future::setResult(Value v) {
    if (state_ != FutureState::Pending)
        throw InvalidStateError("invalid state"); // the message of CPython's C Future
    result_ = std::move(v);
    state_ = FutureState::Finished;
    scheduleCallbacks();
}

void Future::setException(std::exception_ptr e) {
    if (state_ != FutureState::Pending)
        throw InvalidStateError("invalid state"); // the message of CPython's C Future
    rare().exception = std::move(e);
    state_ = FutureState::Finished;
    scheduleCallbacks();
    logTraceback_ = true;
}

CallbackId Future::addDoneCallback(Callback fn) {
    CallbackId id = g_nextCallbackId++;
    if (done())
        loop_->scheduleCallback(Ref<Future>(this), std::move(fn));
    else
        rare().callbacks.push_back({id, nullptr, std::move(fn)});
    return id;
}

void Future::addWakeup(Task* task) {
    if (done())
        loop_->scheduleWakeup(*task, Ref<Future>(this));
    else if (!firstWakeup_ && (!rare_ || rare_->callbacks.empty()))
        firstWakeup_ = Ref<Future>(task);
    else
        rare().callbacks.push_back({0, Ref<Future>(task), nullptr});
}

std::size_t Future::removeDoneCallback(CallbackId id) {
    return removeDoneCallbacksIf(nullptr, id);
}

std::size_t Future::removeDoneCallbacksIf(const std::function<bool(const Callback&)>& match) {
    return removeDoneCallbacksIf(&match, 0);
}

std::size_t Future::removeDoneCallbacksIf(const std::function<bool(const Callback&)>* match,
                                          CallbackId id) {
    if (!rare_)
        return 0;
    Registrations& callbacks = rare_->callbacks;
    auto it = std::remove_if(callbacks.begin(), callbacks.end(), [&](const Registration& r) {
        return !r.wakeTask && (match ? (*match)(r.fn) : r.id == id);
    });
    std::size_t removed = static_cast<std::size_t>(callbacks.end() - it);
    callbacks.erase(it, callbacks.end());
    return removed;
}

void Future::scheduleCallbacks() {
    completedBy_ = loop_->currentActor();
    completedCause_ = loop_->currentCause();
    onDone();
    Ref<Future> self(this);
    if (firstWakeup_) {
        Ref<Future> task = std::move(firstWakeup_);
        loop_->scheduleWakeup(static_cast<Task&>(*task), self);
    }
    if (!rare_ || rare_->callbacks.empty())
        return;
    Registrations callbacks = std::move(rare_->callbacks);
    rare_->callbacks.clear();
    for (Registration& r : callbacks) {
        if (r.wakeTask)
            loop_->scheduleWakeup(static_cast<Task&>(*r.wakeTask), self);
        else
            loop_->scheduleCallback(self, std::move(r.fn));
    }
}

} // namespace loopscope
