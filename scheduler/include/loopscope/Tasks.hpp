// The functions of CPython's tasks.py on the core: sleep, gather, wait, as_completed,
// wait_for, shield, ensure_future. Each follows CPython 3.11 step for step; where CPython
// iterates a set (wait, as_completed), argument order is used so runs are deterministic.
#pragma once

#include "loopscope/Co.hpp"
#include "loopscope/CompletionWatch.hpp"

#include <optional>
#include <vector>

namespace loopscope {

/// asyncio.sleep(delay, result): delay <= 0 yields once; else waits on a timer.
class Sleep {
public:
    explicit Sleep(double delay, Value result = {}) : delay_(delay), result_(std::move(result)) {}
    bool await_ready() const noexcept { return false; }
    template <class P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) {
        ctx_ = h.promise().ctx;
        ctx_->leaf = h;
        if (delay_ > 0)
            ctx_->awaited = start();
        return std::noop_coroutine();
    }
    Value await_resume();

private:
    Ref<Future> start();
    double delay_;
    Value result_;
    Ref<Future> fut_; // its timer is in it (Loop::setResultAt)
    detail::DriveContext* ctx_ = nullptr;
};

/// asyncio.sleep. (A template so that sleep(1) prefers it to POSIX ::sleep(unsigned).)
template <class D>
    requires std::is_arithmetic_v<D>
Sleep sleep(D delay, Value result = {}) {
    return Sleep(static_cast<double>(delay), std::move(result));
}

/// The future for a coroutine (a new task) or the future itself (ensure_future).
inline Ref<Future> ensureFuture(Ref<Future> f) { return f; }
template <class F>
    requires std::is_base_of_v<Future, F>
Ref<Future> ensureFuture(const Ref<F>& f) {
    return Ref<Future>(f.get());
}
template <class T>
Ref<Future> ensureFuture(Co<T>&& co) {
    return createTask(std::move(co));
}

/// The future returned by gather(): cancelling it cancels the children.
class GatheringFuture : public Future {
public:
    GatheringFuture(Loop& loop, std::vector<Ref<Future>> children)
        : Future(loop, WaitKind::Gather), children_(std::move(children)) {}
    bool cancel(std::optional<std::string> msg = std::nullopt) override;
    bool cancelRequested() const noexcept { return cancelRequested_; }
    const std::vector<Ref<Future>>& children() const noexcept { return children_; }

private:
    std::vector<Ref<Future>> children_;
    bool cancelRequested_ = false;
};

/// asyncio.gather: a future whose result is the ValueList of the children's results in
/// argument order. Without returnExceptions the first exception (or cancellation) of a child
/// becomes the outer exception; with it, exceptions are results (exception_ptr Values).
Ref<Future> gather(const std::vector<Ref<Future>>& children, bool returnExceptions = false);

namespace detail {
template <class T>
struct IsAwaitableArg : std::false_type {};
template <class F>
struct IsAwaitableArg<Ref<F>> : std::is_base_of<Future, F> {};
template <class T>
struct IsAwaitableArg<Co<T>> : std::true_type {};
} // namespace detail

/// gather(a, b, c): each argument a future/task or a Co (wrapped in a new task).
template <class... A>
    requires(sizeof...(A) > 0 && (detail::IsAwaitableArg<std::decay_t<A>>::value && ...))
Ref<Future> gather(A&&... args) {
    std::vector<Ref<Future>> children;
    (children.push_back(ensureFuture(std::forward<A>(args))), ...);
    return gather(children, false);
}

/// asyncio.wait's result: done and pending futures, each in argument order.
struct WaitResult {
    std::vector<Ref<Future>> done;
    std::vector<Ref<Future>> pending;
};

/// asyncio.wait(fs, timeout=, return_when=). ValueError on an empty list.
Co<WaitResult> wait(std::vector<Ref<Future>> fs, std::optional<double> timeout = std::nullopt,
                    WaitMode returnWhen = WaitMode::AllCompleted);

/// asyncio.as_completed(fs, timeout=): call next() size() times; each returns the next
/// result in completion order (raising its exception), or raises TimeoutError.
class AsCompleted {
public:
    explicit AsCompleted(std::vector<Ref<Future>> fs,
                         std::optional<double> timeout = std::nullopt);
    std::size_t size() const noexcept { return count_; }
    Co<Value> next();

private:
    struct State;
    std::shared_ptr<State> state_;
    std::size_t count_ = 0;
};

/// asyncio.wait_for(fut, timeout) with 3.11 semantics: on timeout the inner future is
/// cancelled and awaited, then TimeoutError is raised.
Co<Value> waitFor(Ref<Future> fut, std::optional<double> timeout);
template <class T>
Co<Value> waitFor(Co<T>&& co, std::optional<double> timeout) {
    return waitFor(ensureFuture(std::move(co)), timeout);
}

/// asyncio.shield(fut): an outer future that can be cancelled without cancelling `inner`.
Ref<Future> shield(Ref<Future> inner);

/// Yields once (asyncio.sleep(0)).
inline Sleep yieldNow() { return Sleep(0); }

} // namespace loopscope
