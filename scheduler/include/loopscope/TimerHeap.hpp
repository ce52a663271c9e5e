// The loop's pending timers, earliest first: a 4-ary min-heap on (deadline, sequence).
// Sequences are unique, so the order is total and equal deadlines pop in the order their
// timers were set, exactly as a binary heap on the same key would pop them. Four children
// per node halve the depth, and the comparison is branch-free: with hundreds of timers
// pending, the mispredicted branches of std::pop_heap's binary sift were its main cost.
// The deadline is kept as an integer key with the same order as the double, so that
// (deadline, sequence) compares as one 128-bit number (a subtract with borrow).
#pragma once

#include "loopscope/Handle.hpp"
#include "loopscope/Ref.hpp"

#include <bit>
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
    double topWhen() const noexcept { return top().when(); }

    /// Queues `h`; the heap holds a reference until the timer is popped.
    void push(Ref<TimerHandle> h);
    /// Removes the earliest timer and hands its reference over.
    Ref<TimerHandle> pop();
    /// Drops every timer.
    void clear() noexcept;

private:
    struct Entry {
        std::uint64_t when; // orderKey(deadline)
        std::uint64_t seq;
        TimerHandle* handle; // one reference held
    };
    /// Maps a deadline to an unsigned integer in the same order: the sign bit is flipped for
    /// positive numbers, every bit for negative ones. Adding 0.0 turns -0.0 into 0.0, which
    /// the double comparison treats as equal to it. NaN deadlines, which have no order, all
    /// sort after +inf, whatever their sign (inf - inf is a negative NaN).
    static std::uint64_t orderKey(double when) noexcept {
        if (when != when)
            return ~std::uint64_t(0);
        const std::uint64_t bits = std::bit_cast<std::uint64_t>(when + 0.0);
        constexpr std::uint64_t kSign = std::uint64_t(1) << 63;
        return (bits & kSign) ? ~bits : bits | kSign;
    }
    static bool before(const Entry& a, const Entry& b) noexcept {
        using U128 = unsigned __int128;
        return ((U128(a.when) << 64) | a.seq) < ((U128(b.when) << 64) | b.seq);
    }

    std::vector<Entry> entries_;
};

} // namespace loopscope
