// asyncio.Lock: FIFO waiters; the lock is handed to the first waiter that is not cancelled.
#pragma once

#include "loopscope/Co.hpp"
#include "loopscope/Resource.hpp"

namespace loopscope {

class Lock : public Resource {
public:
    explicit Lock(Loop& loop, std::string name = {});
    explicit Lock(std::string name = {}) : Lock(Loop::running(), std::move(name)) {}

    bool locked() const noexcept { return locked_; }
    /// Waits until the lock is free and takes it; returns true.
    Co<bool> acquire();
    /// Frees the lock and wakes the first waiter; RuntimeError if not locked.
    void release();
    /// The task that took the lock (kNone when free or taken outside a task).
    TaskId holder() const noexcept { return holder_; }
    std::vector<TaskId> holders() const override;
    std::size_t waiters() const noexcept { return waiters_.size(); }

private:
    void wakeUpFirst();
    void take();

    std::deque<Ref<Future>> waiters_;
    TaskId holder_ = kNone;
    bool locked_ = false;
};

} // namespace loopscope
