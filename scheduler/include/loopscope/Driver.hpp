// The interface between a Task and the coroutine it runs. The core drives C++20 coroutines
// and (through the Python front-end) CPython coroutine objects alike, without knowing which.
#pragma once

#include "loopscope/Ref.hpp"
#include "loopscope/Value.hpp"

#include <exception>
#include <string>

namespace loopscope {

class Future;

/// What one step of a coroutine ended with (the outcomes of Python's coro.send/coro.throw).
struct StepResult {
    enum class Kind {
        Yield,  ///< bare yield: give up the loop for one iteration (sleep(0))
        Await,  ///< suspended on `awaited` (Future.__await__ yielded a blocking future)
        Return, ///< finished with `value` (StopIteration)
        Raise,  ///< finished by raising `error`
    };
    Kind kind = Kind::Yield;
    Ref<Future> awaited;
    Value value;
    std::exception_ptr error;

    static StepResult yield() { return {}; }
    static StepResult await(Ref<Future> f) { return {Kind::Await, std::move(f), {}, nullptr}; }
    static StepResult ret(Value v) { return {Kind::Return, nullptr, std::move(v), nullptr}; }
    static StepResult raise(std::exception_ptr e) { return {Kind::Raise, nullptr, {}, std::move(e)}; }
};

/// A coroutine as the core sees it.
class Driver {
public:
    virtual ~Driver() = default;
    /// Resumes the coroutine: like coro.send(None) when `exc` is null, else coro.throw(exc).
    /// A coroutine that never started and is thrown into finishes with that exception.
    virtual StepResult step(std::exception_ptr exc) = 0;
    /// The coroutine's name, for the trace ("fetch", "main").
    virtual std::string name() const = 0;
};

} // namespace loopscope
