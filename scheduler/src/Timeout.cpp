// asyncio.Timeout (CPython 3.11's timeouts.py).
#include "loopscope/Timeout.hpp"

namespace loopscope {

namespace {
const char* stateName(Timeout::State s) {
    switch (s) {
    case Timeout::State::Created: return "created";
    case Timeout::State::Entered: return "active";
    case Timeout::State::Expiring: return "expiring";
    case Timeout::State::Expired: return "expired";
    case Timeout::State::Exited: return "finished";
    }
    return "?";
}
} // namespace

Ref<Timeout> timeout(std::optional<double> delay) {
    Loop& loop = Loop::running();
    return makeRef<Timeout>(delay ? std::optional<double>(loop.time() + *delay) : std::nullopt);
}

Ref<Timeout> timeoutAt(std::optional<double> when) { return makeRef<Timeout>(when); }

void Timeout::reschedule(std::optional<double> when) {
    if (state_ != State::Entered)
        throw RuntimeError(std::string("Cannot change state of ") + stateName(state_) +
                           " Timeout");
    when_ = when;
    if (handler_)
        handler_->cancel();
    if (!when) {
        handler_ = nullptr;
        return;
    }
    Loop& loop = Loop::running();
    Ref<Timeout> self(this);
    if (*when <= loop.time())
        handler_ = loop.callSoon([self] { self->onTimeout(); });
    else
        handler_ = loop.callAt(*when, [self] { self->onTimeout(); });
}

void Timeout::enter() {
    state_ = State::Entered;
    Task* task = Loop::running().currentTask();
    if (!task)
        throw RuntimeError("Timeout should be used inside a task");
    task_ = Ref<Task>(task);
    reschedule(when_);
}

void Timeout::exit(std::exception_ptr exc) {
    if (handler_) {
        handler_->cancel();
        handler_ = nullptr;
    }
    if (state_ == State::Expiring) {
        state_ = State::Expired;
        if (task_->uncancel() == 0 && isCancelledError(exc))
            throw TimeoutError();
    } else if (state_ == State::Entered) {
        state_ = State::Exited;
    }
}

void Timeout::onTimeout() {
    task_->cancel();
    state_ = State::Expiring;
    handler_ = nullptr;
}

} // namespace loopscope
