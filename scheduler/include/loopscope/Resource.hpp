// Base of the synchronisation primitives: binds to a loop, registers in the trace, and
// answers "who holds you" for deadlock descriptions.
#pragma once

#include "loopscope/Loop.hpp"

#include <algorithm>
#include <deque>
#include <string>

namespace loopscope {

class Resource : public WaitTarget {
public:
    Resource(const Resource&) = delete;
    Resource& operator=(const Resource&) = delete;
    ~Resource() override;

    /// The resource's id in Trace::resources (kNone for an internal, untraced one).
    ResourceId id() const noexcept { return id_; }
    Loop& loop() const noexcept { return *loop_; }
    std::vector<TaskId> holders() const override { return {}; }

protected:
    /// Traced resource: appears in Trace::resources under `name` (a default name if empty).
    Resource(Loop& loop, ResourceKind kind, std::string name, int capacity, int initial);
    /// Internal resource (inside another primitive): not in the trace.
    explicit Resource(Loop& loop) : loop_(&loop) {}

    /// The running task's id, or kNone outside a task.
    TaskId currentTaskId() const noexcept;
    void record(EventKind kind, int value) const;
    /// Removes `fut` from a waiter deque (deque.remove: the first equal element).
    static void removeWaiter(std::deque<Ref<Future>>& waiters, const Ref<Future>& fut);

    Loop* loop_;
    ResourceId id_ = kNone;
};

} // namespace loopscope
