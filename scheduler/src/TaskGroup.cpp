// asyncio.TaskGroup (CPython 3.11's taskgroups.py).
#include "loopscope/TaskGroup.hpp"

namespace loopscope {

TaskGroup::~TaskGroup() {
    if (watch_)
        watch_->detach();
}

void TaskGroup::enter() {
    if (entered_)
        throw RuntimeError("TaskGroup has been already entered");
    entered_ = true;
    loop_ = &Loop::running();
    Task* parent = loop_->currentTask();
    if (!parent)
        throw RuntimeError("TaskGroup cannot determine the parent task");
    parentTask_ = Ref<Task>(parent);
    watch_ = makeRef<CompletionWatch>(
        [this](Future& f, const CompletionWatch&) { onTaskDone(static_cast<Task&>(f)); });
}

Ref<Task> TaskGroup::createTask(std::unique_ptr<Driver> coro, std::optional<std::string> name) {
    if (!entered_)
        throw RuntimeError("TaskGroup has not been entered");
    if (exiting_ && tasks_.empty())
        throw RuntimeError("TaskGroup is finished");
    if (aborting_)
        throw RuntimeError("TaskGroup is shutting down");
    Ref<Task> task = loop_->createNamedTask(std::move(coro), std::move(name));
    watch_->add(task);
    tasks_.push_back(task);
    return task;
}

void TaskGroup::abort() {
    aborting_ = true;
    for (Ref<Task>& t : tasks_)
        if (!t->done())
            t->cancel();
}

void TaskGroup::onTaskDone(Task& task) {
    auto it = std::find(tasks_.begin(), tasks_.end(), Ref<Task>(&task));
    if (it != tasks_.end())
        tasks_.erase(it);
    if (onCompletedFut_ && tasks_.empty() && !onCompletedFut_->done())
        onCompletedFut_->setResult(true);
    if (task.cancelled())
        return;
    std::exception_ptr exc = task.exception();
    if (!exc)
        return;
    errors_.push_back(exc);
    if (parentTask_->done())
        return; // CPython reports this through the loop's exception handler
    if (!aborting_ && !parentCancelRequested_) {
        abort();
        parentCancelRequested_ = true;
        parentTask_->cancel();
    }
}

Co<void> TaskGroup::exit(std::exception_ptr exc) {
    exiting_ = true;
    std::exception_ptr propagateCancellation = isCancelledError(exc) ? exc : nullptr;
    if (parentCancelRequested_ && parentTask_->uncancel() == 0)
        propagateCancellation = nullptr;
    if (exc && !aborting_)
        abort();
    while (!tasks_.empty()) {
        if (!onCompletedFut_)
            onCompletedFut_ = loop_->createFuture(WaitKind::TaskGroup);
        try {
            co_await onCompletedFut_;
        } catch (const CancelledError&) {
            if (!aborting_) {
                propagateCancellation = std::current_exception();
                abort();
            }
        }
        onCompletedFut_ = nullptr;
    }
    if (propagateCancellation && errors_.empty())
        std::rethrow_exception(propagateCancellation);
    if (exc && !isCancelledError(exc))
        errors_.push_back(exc);
    if (!errors_.empty()) {
        std::vector<std::exception_ptr> errors = std::move(errors_);
        errors_.clear();
        bool allOrdinary = std::all_of(errors.begin(), errors.end(), isOrdinaryException);
        if (allOrdinary)
            throw ExceptionGroup("unhandled errors in a TaskGroup", std::move(errors));
        throw BaseExceptionGroup("unhandled errors in a TaskGroup", std::move(errors));
    }
}

} // namespace loopscope
