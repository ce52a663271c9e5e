// The one combinator primitive: watch a set of futures and get told, through the ready
// queue and in completion order, each time one of them completes. gather, wait,
// as_completed and TaskGroup are built on it.
#pragma once

#include "loopscope/Future.hpp"

#include <functional>
#include <unordered_set>
#include <vector>

namespace loopscope {

class CompletionWatch : public RefCounted {
public:
    /// `onDone(fut, watch)` runs once per watched future, after finished() counts it.
    using OnDone = std::function<void(Future&, const CompletionWatch&)>;
    explicit CompletionWatch(OnDone onDone) : onDone_(std::move(onDone)) {}

    /// Makes room for `n` futures, so that a combinator over many (a gather of 20,000
    /// tasks) grows its tables once instead of doubling them into fresh memory.
    void reserve(std::size_t n);
    /// Watches `fut` (a future already watched is not watched twice); returns false then.
    bool add(const Ref<Future>& fut);
    /// Stops watching: removes the callback from every future still pending.
    void detach();

    std::size_t total() const noexcept { return watched_.size(); }
    std::size_t finished() const noexcept { return finished_; }
    /// The watched futures, in the order they were added.
    std::vector<Ref<Future>> futures() const;

private:
    struct Entry {
        Ref<Future> fut;
        CallbackId id;
    };
    OnDone onDone_;
    std::vector<Entry> watched_;
    // membership only; order comes from watched_. Its nodes (one per future) are pooled.
    std::unordered_set<const Future*, std::hash<const Future*>, std::equal_to<const Future*>,
                       detail::PoolAllocator<const Future*>>
        seen_;
    std::size_t finished_ = 0;
    bool detached_ = false;
};

} // namespace loopscope
