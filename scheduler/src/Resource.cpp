// Shared plumbing of the primitives.
#include "loopscope/Resource.hpp"

namespace loopscope {

Resource::Resource(Loop& loop, ResourceKind kind, std::string name, int capacity, int initial)
    : loop_(&loop) {
    id_ = loop.recorder().addResource(kind, std::move(name), capacity, initial, loop.time());
    loop.registerWaitTarget(id_, this);
}

Resource::~Resource() {
    if (id_ != kNone)
        loop_->unregisterWaitTarget(id_);
}

TaskId Resource::currentTaskId() const noexcept {
    Task* t = loop_->currentTask();
    return t ? t->id() : kNone;
}

void Resource::record(EventKind kind, int value) const {
    if (id_ != kNone)
        loop_->resourceEvent(kind, id_, value);
}

void Resource::removeWaiter(std::deque<Ref<Future>>& waiters, const Ref<Future>& fut) {
    auto it = std::find(waiters.begin(), waiters.end(), fut);
    if (it != waiters.end())
        waiters.erase(it);
}

} // namespace loopscope
