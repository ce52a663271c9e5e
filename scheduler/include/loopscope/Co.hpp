// Co<T>: a C++20 coroutine that the core drives like a Python coroutine. Awaiting a Co from
// another Co runs it inline in the same task (Python's `await coro()`); awaiting a future
// suspends the whole task on it (Future.__await__ yielding the future to Task.__step).
#pragma once

#include "loopscope/Driver.hpp"
#include "loopscope/Future.hpp"
#include "loopscope/Loop.hpp"

#include <coroutine>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace loopscope {

namespace detail {

/// Shared by every coroutine of one task's await chain: where to resume, and what the
/// innermost coroutine yielded to the task.
struct DriveContext {
    std::coroutine_handle<> leaf;  ///< the innermost suspended coroutine
    Ref<Future> awaited;           ///< set when the chain suspended on a future
    std::exception_ptr thrown;     ///< to raise at the resume point (coro.throw)
};

struct PromiseBase {
    DriveContext* ctx = nullptr;
    std::coroutine_handle<> continuation; ///< the awaiting coroutine; null for a task's top
    std::exception_ptr error;

    // Frames come from the small-object pool: one per task and one per awaited Co call.
    static void* operator new(std::size_t bytes) { return poolAllocate(bytes); }
    static void operator delete(void* p, std::size_t bytes) noexcept { poolDeallocate(p, bytes); }

    std::suspend_always initial_suspend() noexcept { return {}; }
    struct FinalAwaiter {
        bool await_ready() noexcept { return false; }
        template <class P>
        std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
            PromiseBase& p = h.promise();
            if (p.continuation) {
                p.ctx->leaf = p.continuation;
                return p.continuation;
            }
            return std::noop_coroutine();
        }
        void await_resume() noexcept {}
    };
    FinalAwaiter final_suspend() noexcept { return {}; }
    void unhandled_exception() noexcept { error = std::current_exception(); }
};

/// Raises, at a resume point, the exception the driver threw into the chain.
inline void rethrowIfThrown(DriveContext* ctx) {
    if (ctx && ctx->thrown)
        std::rethrow_exception(std::exchange(ctx->thrown, nullptr));
}

} // namespace detail

template <class T = void>
class Co;

namespace detail {
template <class T>
struct Promise : PromiseBase {
    std::optional<T> value;
    Co<T> get_return_object() noexcept;
    template <class U>
    void return_value(U&& v) {
        value.emplace(std::forward<U>(v));
    }
    T take() {
        if (error)
            std::rethrow_exception(error);
        return std::move(*value);
    }
};
template <>
struct Promise<void> : PromiseBase {
    Co<void> get_return_object() noexcept;
    void return_void() noexcept {}
    void take() {
        if (error)
            std::rethrow_exception(error);
    }
};
} // namespace detail

/// A lazily started coroutine returning T. Own it, await it once, or hand it to a task.
template <class T>
class [[nodiscard]] Co {
public:
    using promise_type = detail::Promise<T>;
    using Handle = std::coroutine_handle<promise_type>;
    /// The name of a coroutine not given one (named()).
    static constexpr const char* kDefaultName = "coro";

    Co() noexcept = default;
    explicit Co(Handle h) noexcept : h_(h) {}
    Co(Co&& o) noexcept : h_(std::exchange(o.h_, nullptr)), name_(std::move(o.name_)) {}
    Co& operator=(Co&& o) noexcept {
        if (this != &o) {
            reset();
            h_ = std::exchange(o.h_, nullptr);
            name_ = std::move(o.name_);
        }
        return *this;
    }
    ~Co() { reset(); }

    Handle handle() const noexcept { return h_; }
    explicit operator bool() const noexcept { return bool(h_); }
    /// Gives the coroutine a name for the trace (C++ cannot tell a coroutine's function name).
    Co&& named(std::string name) && {
        name_ = std::move(name);
        return std::move(*this);
    }
    const std::string& name() const noexcept { return name_; }
    void reset() noexcept {
        if (h_)
            h_.destroy();
        h_ = nullptr;
    }
    /// Gives the frame up: the caller destroys it.
    Handle release() noexcept { return std::exchange(h_, nullptr); }

    struct Awaiter {
        Handle child;
        bool await_ready() const noexcept { return false; }
        template <class P>
        std::coroutine_handle<> await_suspend(std::coroutine_handle<P> parent) noexcept {
            detail::DriveContext* ctx = parent.promise().ctx;
            child.promise().ctx = ctx;
            child.promise().continuation = parent;
            ctx->leaf = child;
            return child;
        }
        T await_resume() { return child.promise().take(); }
    };
    /// Runs the coroutine inside the awaiting task.
    Awaiter operator co_await() && noexcept { return Awaiter{h_}; }

private:
    Handle h_ = nullptr;
    std::string name_ = kDefaultName;
};

template <class T>
Co<T> detail::Promise<T>::get_return_object() noexcept {
    return Co<T>(std::coroutine_handle<Promise<T>>::from_promise(*this));
}
inline Co<void> detail::Promise<void>::get_return_object() noexcept {
    return Co<void>(std::coroutine_handle<Promise<void>>::from_promise(*this));
}

/// Awaits a future: suspends the task until it is done, then returns its result or raises.
class FutureAwaiter {
public:
    explicit FutureAwaiter(Ref<Future> f) noexcept : fut_(std::move(f)) {}
    bool await_ready() const noexcept { return fut_->done(); }
    template <class P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
        ctx_ = h.promise().ctx;
        ctx_->leaf = h;
        ctx_->awaited = fut_;
        return std::noop_coroutine();
    }
    Value await_resume() {
        detail::rethrowIfThrown(ctx_);
        if (!fut_->done())
            throw RuntimeError("await wasn't used with future");
        return fut_->result();
    }

private:
    Ref<Future> fut_;
    detail::DriveContext* ctx_ = nullptr;
};

template <class F>
    requires std::is_base_of_v<Future, F>
FutureAwaiter operator co_await(const Ref<F>& f) noexcept {
    return FutureAwaiter(Ref<Future>(f.get()));
}

/// A bare yield: gives the loop up for one iteration (the inside of asyncio.sleep(0)).
class YieldAwaiter {
public:
    bool await_ready() const noexcept { return false; }
    template <class P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
        ctx_ = h.promise().ctx;
        ctx_->leaf = h;
        return std::noop_coroutine();
    }
    void await_resume() { detail::rethrowIfThrown(ctx_); }

private:
    detail::DriveContext* ctx_ = nullptr;
};

/// Drives a Co<T> as a task's coroutine. One cache line: a step reads the vtable pointer,
/// the context and the frame's handle, and a task's driver is cold by its next step.
template <class T>
class CoDriver final : public Driver {
public:
    explicit CoDriver(Co<T> co)
        : h_(co.release()),
          name_(co.name() == Co<T>::kDefaultName ? nullptr
                                                 : std::make_unique<std::string>(co.name())) {}
    ~CoDriver() override {
        if (h_)
            h_.destroy();
    }

    // One per task, like the task and its frame: from the same pool, in a whole cache line
    // (the pool aligns 64-byte blocks to one).
    static void* operator new(std::size_t bytes) {
        return detail::poolAllocate(lineBytes(bytes));
    }
    static void operator delete(void* p, std::size_t bytes) noexcept {
        detail::poolDeallocate(p, lineBytes(bytes));
    }

    StepResult step(std::exception_ptr exc) override {
        const auto h = h_;
        if (!ctx_.leaf) { // not started
            if (exc) { // thrown into a coroutine that never ran: it ends with that exception
                destroyFrame();
                return StepResult::raise(std::move(exc));
            }
            h.promise().ctx = &ctx_;
            ctx_.leaf = h;
        }
        ctx_.thrown = std::move(exc);
        ctx_.awaited = nullptr;
        ctx_.leaf.resume();
        if (h.done()) {
            StepResult r;
            try {
                if constexpr (std::is_void_v<T>) {
                    h.promise().take();
                    r = StepResult::ret(Value());
                } else {
                    r = StepResult::ret(Value(h.promise().take()));
                }
            } catch (...) {
                r = StepResult::raise(std::current_exception());
            }
            destroyFrame(); // the frame is not needed any more
            return r;
        }
        if (ctx_.awaited)
            return StepResult::await(std::move(ctx_.awaited));
        return StepResult::yield();
    }
    std::string name() const override { return name_ ? *name_ : Co<T>::kDefaultName; }

private:
    static constexpr std::size_t lineBytes(std::size_t bytes) { return (bytes + 63) / 64 * 64; }
    void destroyFrame() noexcept {
        if (h_)
            h_.destroy();
        h_ = nullptr;
    }

    detail::DriveContext ctx_; // leaf is null until the first step
    typename Co<T>::Handle h_;
    std::unique_ptr<std::string> name_; // null: the default name (nearly every task's)
};

template <class T>
std::unique_ptr<Driver> makeDriver(Co<T> co) {
    return std::make_unique<CoDriver<T>>(std::move(co));
}

/// asyncio.create_task on the running loop.
template <class T>
Ref<Task> createTask(Co<T> co, std::optional<std::string> name = std::nullopt) {
    return Loop::running().createNamedTask(makeDriver(std::move(co)), std::move(name));
}

/// asyncio.run on `loop`.
template <class T>
RunResult run(Loop& loop, Co<T> main) {
    return loop.run(makeDriver(std::move(main)));
}

/// Prints a line into the trace of the running loop (print() in a script).
inline void print(std::string text) { Loop::running().print(std::move(text)); }

} // namespace loopscope
