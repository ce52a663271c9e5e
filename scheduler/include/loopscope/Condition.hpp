// asyncio.Condition: wait() releases the lock, waits for notify(), and takes the lock back.
#pragma once

#include "loopscope/Lock.hpp"

#include <functional>
#include <memory>

namespace loopscope {

class Condition : public Resource {
public:
    /// A condition over `lock`, or over a lock of its own when `lock` is null.
    explicit Condition(Loop& loop, Lock* lock = nullptr, std::string name = {});
    explicit Condition(Lock* lock = nullptr, std::string name = {})
        : Condition(Loop::running(), lock, std::move(name)) {}

    bool locked() const noexcept { return lock_->locked(); }
    Co<bool> acquire() { return lock_->acquire(); }
    void release() { lock_->release(); }
    Lock& lock() noexcept { return *lock_; }

    /// Releases the lock, waits to be notified, re-acquires the lock (even when cancelled).
    Co<bool> wait();
    /// Waits until predicate() is true, re-checking after each notification.
    Co<bool> waitFor(std::function<bool()> predicate);
    /// Wakes up to n waiters; RuntimeError if the lock is not held.
    void notify(std::size_t n = 1);
    void notifyAll();
    std::vector<TaskId> holders() const override { return lock_->holders(); }
    std::size_t waiters() const noexcept { return waiters_.size(); }

private:
    std::unique_ptr<Lock> ownLock_;
    Lock* lock_;
    std::deque<Ref<Future>> waiters_;
};

} // namespace loopscope
