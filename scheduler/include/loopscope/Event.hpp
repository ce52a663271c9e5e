// asyncio.Event: set() wakes every waiter; wait() returns at once while set.
#pragma once

#include "loopscope/Co.hpp"
#include "loopscope/Resource.hpp"

namespace loopscope {

class Event : public Resource {
public:
    explicit Event(Loop& loop, std::string name = {});
    explicit Event(std::string name = {}) : Event(Loop::running(), std::move(name)) {}
    /// An internal event (Queue.join): untraced; waiters show as waiting on `kind`/`object`.
    Event(Loop& loop, WaitKind kind, std::uint32_t object);

    bool isSet() const noexcept { return value_; }
    void set();
    void clear();
    /// Waits until the event is set; returns true.
    Co<bool> wait();
    std::size_t waiters() const noexcept { return waiters_.size(); }

private:
    std::deque<Ref<Future>> waiters_;
    WaitKind waitKind_ = WaitKind::Event;
    std::uint32_t waitObject_;
    bool value_ = false;
};

} // namespace loopscope
