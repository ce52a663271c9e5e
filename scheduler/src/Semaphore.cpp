// asyncio.Semaphore and BoundedSemaphore (CPython 3.11's locks.py).
#include "loopscope/Semaphore.hpp"

namespace loopscope {

namespace {
int checkedValue(int value) {
    if (value < 0)
        throw ValueError("Semaphore initial value must be >= 0");
    return value;
}
} // namespace

Semaphore::Semaphore(Loop& loop, int value, std::string name)
    : Semaphore(loop, ResourceKind::Semaphore, value, std::move(name)) {}

Semaphore::Semaphore(Loop& loop, ResourceKind kind, int value, std::string name)
    : Resource(loop, kind, std::move(name), checkedValue(value), value), value_(value) {}

bool Semaphore::locked() const {
    return value_ == 0 || std::any_of(waiters_.begin(), waiters_.end(),
                                      [](const Ref<Future>& w) { return !w->cancelled(); });
}

void Semaphore::took() {
    holders_.push_back(currentTaskId());
    record(EventKind::Acquire, value_);
}

Co<bool> Semaphore::acquire() {
    if (!locked()) {
        --value_;
        took();
        co_return true;
    }
    Ref<Future> fut = loop_->createFuture(WaitKind::Semaphore, id_);
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
        if (!fut->cancelled()) { // woken, then cancelled: give the permit on
            ++value_;
            wakeUpNext();
        }
        throw;
    }
    if (value_ > 0)
        wakeUpNext();
    took();
    co_return true;
}

void Semaphore::release() {
    ++value_;
    TaskId me = currentTaskId();
    auto it = std::find(holders_.begin(), holders_.end(), me);
    if (it == holders_.end())
        it = holders_.begin();
    if (it != holders_.end())
        holders_.erase(it);
    // A waiter takes the permit over at once (wakeUpNext brings the value back down), so
    // the release records the value after that hand-over: the permits in use never seem to
    // drop and rise again within one instant.
    const bool handOver = std::any_of(waiters_.begin(), waiters_.end(),
                                      [](const Ref<Future>& f) { return !f->done(); });
    record(EventKind::Release, handOver ? value_ - 1 : value_);
    wakeUpNext();
}

void Semaphore::wakeUpNext() {
    for (Ref<Future>& fut : waiters_) {
        if (!fut->done()) {
            --value_;
            fut->setResult(true);
            return;
        }
    }
}

BoundedSemaphore::BoundedSemaphore(Loop& loop, int value, std::string name)
    : Semaphore(loop, ResourceKind::BoundedSemaphore, value, std::move(name)), bound_(value) {}

void BoundedSemaphore::release() {
    if (value() >= bound_)
        throw ValueError("BoundedSemaphore released too many times");
    Semaphore::release();
}

} // namespace loopscope
