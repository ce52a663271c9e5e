// The loop's pending timers, earliest first: a 4-ary min-heap on (deadline, sequence).
// Sequences are unique, so the order is total and equal deadlines pop in the order their
// timers were set, exactly as a binary heap on the same key would pop them. Four children
// per node halve the depth, and the comparison is branch-free: with hundreds of timers
// pending, the mispredicted branches of std::pop_heap's binary sift were its main cost.
// The deadline is kept as an integer key with the same order as the double, so that
// (deadline, sequence) compares as one 128-bit number (a subtract with borrow).
// A timer is a handle to run, or a future to complete with the result it holds (asyncio.sleep's
// timer, futures._set_result_unless_cancelled): a sleep then allocates one object, not two.
#pragma once

#include "loopscope/Future.hpp"
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

    /// A timer taken off the heap: exactly one of `handle` and `future` is set.
    struct Fired {
        double when;
        std::uint64_t sequence;
        Ref<TimerHandle> handle;
        Ref<Future> future; // to complete with its timed result (Future::fireTimedResult)
    };

    bool empty() const noexcept { return entries_.empty(); }
    std::size_t size() const noexcept { return entries_.size(); }
    /// The earliest timer's deadline and sequence (the heap must not be empty). Read from the
    /// heap itself, not from the timer's object, which is rarely in the cache.
    double topWhen() const noexcept { return deadlineOf(entries_.front().when); }
    std::uint64_t topSequence() const noexcept { return entries_.front().seq; }
    /// Whether the earliest timer was cancelled before it fired (TimerHandle::cancel,
    /// Future::cancelTimedResult); the heap must not be empty.
    bool topCancelled() const noexcept {
        const std::uintptr_t t = entries_.front().target;
        if (t & kFutureTag)
            return reinterpret_cast<const Future*>(t & ~kFutureTag)->timedResultCancelled();
        return reinterpret_cast<const TimerHandle*>(t)->cancelled();
    }

    /// Queues `h`; the heap holds a reference until the timer is popped.
    void push(Ref<TimerHandle> h);
    /// Queues the completion of `fut` with its timed result at `when`, ordered by `seq`.
    void push(double when, std::uint64_t seq, Ref<Future> fut);
    /// Removes the earliest timer and hands its reference over.
    Fired pop();
    /// Drops every timer.
    void clear() noexcept;

private:
    // The low bit of Entry::target tells a future from a handle (both are 16-byte aligned).
    static constexpr std::uintptr_t kFutureTag = 1;
    static_assert(alignof(Future) > 1 && alignof(TimerHandle) > 1);
    struct Entry {
        std::uint64_t when; // orderKey(deadline)
        std::uint64_t seq;
        std::uintptr_t target; // a TimerHandle*, or a Future* | kFutureTag; one reference held
    };
    void insert(const Entry& e);
    static RefCounted* object(std::uintptr_t target) noexcept {
        return (target & kFutureTag)
                   ? static_cast<RefCounted*>(reinterpret_cast<Future*>(target & ~kFutureTag))
                   : static_cast<RefCounted*>(reinterpret_cast<TimerHandle*>(target));
    }
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
    /// The inverse of orderKey: the deadline itself, +0.0 for -0.0, a NaN for a NaN.
    static double deadlineOf(std::uint64_t key) noexcept {
        constexpr std::uint64_t kSign = std::uint64_t(1) << 63;
        return std::bit_cast<double>((key & kSign) ? key ^ kSign : ~key);
    }
    /// `a` where `mask` is 0, `b` where it is all ones, without a branch.
    template <class U>
    static U pick(U a, U b, U mask) noexcept {
        return a ^ ((a ^ b) & mask);
    }
    static bool before(const Entry& a, const Entry& b) noexcept {
        using U128 = unsigned __int128;
        return ((U128(a.when) << 64) | a.seq) < ((U128(b.when) << 64) | b.seq);
    }

    std::vector<Entry> entries_;
};

} // namespace loopscope
