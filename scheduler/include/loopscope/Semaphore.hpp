// asyncio.Semaphore and BoundedSemaphore: a counter of permits with FIFO waiters.
#pragma once

#include "loopscope/Co.hpp"
#include "loopscope/Resource.hpp"

namespace loopscope {

class Semaphore : public Resource {
public:
    /// ValueError if value < 0.
    explicit Semaphore(Loop& loop, int value = 1, std::string name = {});
    explicit Semaphore(int value = 1, std::string name = {})
        : Semaphore(Loop::running(), value, std::move(name)) {}

    /// True when acquire() would wait.
    bool locked() const;
    /// Waits for a permit and takes it; returns true.
    Co<bool> acquire();
    /// Gives a permit back and wakes the next waiter.
    virtual void release();
    int value() const noexcept { return value_; }
    /// Tasks holding permits, in the order they took them.
    std::vector<TaskId> holders() const override { return holders_; }
    std::size_t waiters() const noexcept { return waiters_.size(); }

protected:
    Semaphore(Loop& loop, ResourceKind kind, int value, std::string name);

private:
    void wakeUpNext();
    void took();

    std::deque<Ref<Future>> waiters_;
    std::vector<TaskId> holders_;
    int value_;
};

class BoundedSemaphore : public Semaphore {
public:
    explicit BoundedSemaphore(Loop& loop, int value = 1, std::string name = {});
    explicit BoundedSemaphore(int value = 1, std::string name = {})
        : BoundedSemaphore(Loop::running(), value, std::move(name)) {}
    /// ValueError when it would go above its initial value.
    void release() override;

private:
    int bound_;
};

} // namespace loopscope
