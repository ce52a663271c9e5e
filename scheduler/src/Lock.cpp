// asyncio.Lock (CPython's locks.py Lock).
#include "loopscope/Lock.hpp"

namespace loopscope {

Lock::Lock(Loop& loop, std::string name)
    : Resource(loop, ResourceKind::Lock, std::move(name), 1, 0) {}

std::vector<TaskId> Lock::holders() const {
    if (locked_ && holder_ != kNone)
        return {holder_};
    return {};
}

void Lock::take() {
    locked_ = true;
    holder_ = currentTaskId();
    record(EventKind::Acquire, 1);
}

Co<bool> Lock::acquire() {
    bool allCancelled = std::all_of(waiters_.begin(), waiters_.end(),
                                    [](const Ref<Future>& w) { return w->cancelled(); });
    if (!locked_ && allCancelled) {
        take();
        co_return true;
    }
    Ref<Future> fut = loop_->createFuture(WaitKind::Lock, id_);
    waiters_.push_back(fut);
    try {
        try {
            co_await fut;
        } catch (...) {
            removeWaiter(waiters_, fut);
            throw;
        }
        removeWaiter(waiters_, fut);
    } catch (const CancelledError&) {
        if (!locked_)
            wakeUpFirst();
        throw;
    }
    take();
    co_return true;
}

void Lock::release() {
    if (!locked_)
        throw RuntimeError("Lock is not acquired.");
    locked_ = false;
    holder_ = kNone;
    record(EventKind::Release, 0);
    wakeUpFirst();
}

void Lock::wakeUpFirst() {
    if (waiters_.empty())
        return;
    Ref<Future> fut = waiters_.front();
    if (!fut->done())
        fut->setResult(true);
}

} // namespace loopscope
