// asyncio.Condition (CPython's locks.py Condition).
#include "loopscope/Condition.hpp"

namespace loopscope {

Condition::Condition(Loop& loop, Lock* lock, std::string name)
    : Resource(loop, ResourceKind::Condition, name, 0, 0) {
    if (!lock) {
        std::string lockName = loop.recorder().trace().resources[id_].name + ".lock";
        ownLock_ = std::make_unique<Lock>(loop, lockName);
        lock = ownLock_.get();
    }
    lock_ = lock;
}

Co<bool> Condition::wait() {
    if (!locked())
        throw RuntimeError("cannot wait on un-acquired lock");
    release();
    std::exception_ptr error;
    try {
        Ref<Future> fut = loop_->createFuture(WaitKind::Condition, id_);
        waiters_.push_back(fut);
        try {
            co_await fut;
        } catch (...) {
            removeWaiter(waiters_, fut);
            throw;
        }
        removeWaiter(waiters_, fut);
    } catch (...) {
        error = std::current_exception();
    }
    // finally: take the lock back whatever happened; a cancellation meanwhile is re-raised.
    bool cancelled = false;
    while (true) {
        try {
            co_await lock_->acquire();
            break;
        } catch (const CancelledError&) {
            cancelled = true;
        }
    }
    if (cancelled)
        throw CancelledError();
    if (error)
        std::rethrow_exception(error);
    co_return true;
}

Co<bool> Condition::waitFor(std::function<bool()> predicate) {
    bool result = predicate();
    while (!result) {
        co_await wait();
        result = predicate();
    }
    co_return result;
}

void Condition::notify(std::size_t n) {
    if (!locked())
        throw RuntimeError("cannot notify on un-acquired lock");
    std::size_t idx = 0;
    for (Ref<Future>& fut : waiters_) {
        if (idx >= n)
            break;
        if (!fut->done()) {
            ++idx;
            fut->setResult(false);
        }
    }
    record(EventKind::Notify, static_cast<int>(idx));
}

void Condition::notifyAll() { notify(waiters_.size()); }

} // namespace loopscope
