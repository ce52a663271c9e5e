// asyncio.Event (CPython's locks.py Event).
#include "loopscope/Event.hpp"

namespace loopscope {

Event::Event(Loop& loop, std::string name)
    : Resource(loop, ResourceKind::Event, std::move(name), 1, 0), waitObject_(id_) {}

Event::Event(Loop& loop, WaitKind kind, std::uint32_t object)
    : Resource(loop), waitKind_(kind), waitObject_(object) {}

void Event::set() {
    if (value_)
        return;
    value_ = true;
    record(EventKind::Set, 1);
    for (Ref<Future>& fut : waiters_)
        if (!fut->done())
            fut->setResult(true);
}

void Event::clear() {
    if (value_)
        record(EventKind::Clear, 0);
    value_ = false;
}

Co<bool> Event::wait() {
    if (value_)
        co_return true;
    Ref<Future> fut = loop_->createFuture(waitKind_, waitObject_);
    waiters_.push_back(fut);
    try {
        co_await fut;
    } catch (...) {
        removeWaiter(waiters_, fut);
        throw;
    }
    removeWaiter(waiters_, fut);
    co_return true;
}

} // namespace loopscope
