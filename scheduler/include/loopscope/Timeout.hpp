// asyncio.timeout / timeout_at: a scope that cancels its task at a deadline and turns that
// cancellation into TimeoutError when the scope exits (CPython 3.11's timeouts.py).
#pragma once

#include "loopscope/Co.hpp"

#include <optional>

namespace loopscope {

class Timeout : public RefCounted {
public:
    enum class State { Created, Entered, Expiring, Expired, Exited };

    explicit Timeout(std::optional<double> when) : when_(when) {}

    std::optional<double> when() const noexcept { return when_; }
    /// Moves the deadline (None: no deadline); RuntimeError unless the scope is active.
    void reschedule(std::optional<double> when);
    bool expired() const noexcept {
        return state_ == State::Expiring || state_ == State::Expired;
    }
    State state() const noexcept { return state_; }

    /// __aenter__: binds to the current task and arms the deadline.
    void enter();
    /// __aexit__ with the exception leaving the scope (null if none): throws TimeoutError
    /// when the deadline cancelled the task and this is the last pending cancellation.
    void exit(std::exception_ptr exc);

private:
    void onTimeout();

    State state_ = State::Created;
    Ref<Handle> handler_;
    Ref<Task> task_;
    std::optional<double> when_;
};

/// asyncio.timeout(delay): deadline now + delay (None: no deadline).
Ref<Timeout> timeout(std::optional<double> delay);
/// asyncio.timeout_at(when).
Ref<Timeout> timeoutAt(std::optional<double> when);

/// `async with scope: return await body` for C++ coroutines.
template <class T>
Co<T> within(Ref<Timeout> scope, Co<T> body) {
    scope->enter();
    std::exception_ptr exc;
    std::optional<std::conditional_t<std::is_void_v<T>, bool, T>> result;
    try {
        if constexpr (std::is_void_v<T>) {
            co_await std::move(body);
            result = true;
        } else {
            result = co_await std::move(body);
        }
    } catch (...) {
        exc = std::current_exception();
    }
    scope->exit(exc);
    if (exc)
        std::rethrow_exception(exc);
    if constexpr (!std::is_void_v<T>)
        co_return std::move(*result);
}

} // namespace loopscope
