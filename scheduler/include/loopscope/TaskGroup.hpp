// asyncio.TaskGroup: children cancelled together when one fails; errors gathered into an
// ExceptionGroup when the group exits (CPython 3.11's taskgroups.py).
#pragma once

#include "loopscope/Co.hpp"
#include "loopscope/CompletionWatch.hpp"

#include <vector>

namespace loopscope {

class TaskGroup {
public:
    TaskGroup() = default;
    TaskGroup(const TaskGroup&) = delete;
    TaskGroup& operator=(const TaskGroup&) = delete;
    ~TaskGroup();

    /// __aenter__: RuntimeError if entered twice or outside a task.
    void enter();
    /// Creates a task in the group; RuntimeError if not entered, finished or shutting down.
    Ref<Task> createTask(std::unique_ptr<Driver> coro,
                         std::optional<std::string> name = std::nullopt);
    template <class T>
    Ref<Task> createTask(Co<T> co, std::optional<std::string> name = std::nullopt) {
        return createTask(makeDriver(std::move(co)), std::move(name));
    }
    /// __aexit__ with the exception leaving the body (null if none): waits for every child;
    /// raises the ExceptionGroup of their errors, or the cancellation to propagate.
    Co<void> exit(std::exception_ptr exc);

    std::size_t size() const noexcept { return tasks_.size(); }

private:
    void abort();
    void onTaskDone(Task& task);

    Loop* loop_ = nullptr;
    Ref<Task> parentTask_;
    std::vector<Ref<Task>> tasks_; // insertion order (CPython uses a set)
    std::vector<std::exception_ptr> errors_;
    Ref<Future> onCompletedFut_;
    Ref<CompletionWatch> watch_;
    bool entered_ = false;
    bool exiting_ = false;
    bool aborting_ = false;
    bool parentCancelRequested_ = false;
};

/// `async with TaskGroup() as tg: await body(tg)` for C++ coroutines.
template <class F>
Co<void> withTaskGroup(F body) {
    TaskGroup tg;
    tg.enter();
    std::exception_ptr exc;
    try {
        co_await body(tg);
    } catch (...) {
        exc = std::current_exception();
    }
    co_await tg.exit(exc);
    if (exc)
        std::rethrow_exception(exc);
}

} // namespace loopscope
