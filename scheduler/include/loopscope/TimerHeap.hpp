// The loop's pending timers, earliest first: a 4-ary min-heap on (deadline, sequence).
// Sequences are unique, so the order is total and equal deadlines pop in the order their
// timers were set, exactly as a binary heap on the same key would pop them. Four children
// per node halve the depth, and the comparison is branch-free: with hundreds of timers
// pending, the mispredicted branches of std::pop_heap's binary sift were its main cost.
#pragma once

#include "loopscope/Handle.hpp"
#include "loopscope/Ref.hpp"

#include <cstdint>
#include <vector>

namespace loopscope {

class TimerHeap {
public:
    TimerHeap() = default;
    TimerHeap(const TimerHeap&) = delete;
    TimerHeap& operator=(const TimerHeap&) = delete;
    ~TimerHeap() { clear(); }

    bool empty() const noexcept { return entries_.empty(); }
    std::size_t size() const noexcept { return entries_.size(); }
    /// The earliest timer (the heap must not be empty).
    TimerHandle& top() const noexcept { return *entries_.front().handle; }
    /// Its deadline.
    double topWhen() const noexcept { return entries_.front().when; }

    /// Queues `h`; the heap holds a reference until the timer is popped.
    void push(Ref<TimerHandle> h);
    /// Removes the earliest timer and hands its reference over.
    Ref<TimerHandle> pop();
    /// Drops every timer.
    void clear() noexcept;

private:
    struct Entry {
        double when;
        std::uint64_t seq;
        TimerHandle* handle; // one reference held
    };
    // Non-short-circuit operators so that the compiler emits no branch.
    static bool before(const Entry& a, const Entry& b) noexcept {
        return (a.when < b.when) | ((a.when == b.when) & (a.seq < b.seq));
    }

    std::vector<Entry> entries_;
};

} // namespace loopscope
