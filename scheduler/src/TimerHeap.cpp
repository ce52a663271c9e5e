// Sift up and sift down of the 4-ary timer heap.
#include "loopscope/TimerHeap.hpp"

namespace loopscope {

void TimerHeap::clear() noexcept {
    std::vector<Entry> entries = std::move(entries_);
    entries_.clear();
    for (Entry& e : entries)
        object(e.target)->release();
}

void TimerHeap::push(Ref<TimerHandle> h) {
    const double when = h->when();
    const std::uint64_t seq = h->sequence();
    insert({orderKey(when), seq, reinterpret_cast<std::uintptr_t>(h.leak())});
}

void TimerHeap::push(double when, std::uint64_t seq, Ref<Future> fut) {
    insert({orderKey(when), seq, reinterpret_cast<std::uintptr_t>(fut.leak()) | kFutureTag});
}

void TimerHeap::insert(const Entry& e) {
    std::size_t i = entries_.size();
    entries_.push_back(e);
    Entry* a = entries_.data();
    while (i > 0) {
        const std::size_t parent = (i - 1) / 4;
        if (!before(e, a[parent]))
            break;
        a[i] = a[parent];
        i = parent;
    }
    a[i] = e;
}

TimerHeap::Fired TimerHeap::pop() {
    const Entry& front = entries_.front();
    Fired top{deadlineOf(front.when), front.seq, nullptr, nullptr};
    if (front.target & kFutureTag)
        top.future = Ref<Future>::adopt(reinterpret_cast<Future*>(front.target & ~kFutureTag));
    else
        top.handle = Ref<TimerHandle>::adopt(reinterpret_cast<TimerHandle*>(front.target));
    const Entry last = entries_.back();
    entries_.pop_back();
    const std::size_t n = entries_.size();
    if (n == 0)
        return top;
    Entry* a = entries_.data();
    // Floyd's pop: move the hole at the root down to a leaf along the earliest children,
    // then sift the last entry up from there. It came from the bottom, so it rarely climbs:
    // this saves the unpredictable "is the last entry earlier than that child" test per level.
    std::size_t hole = 0;
    while (true) {
        const std::size_t first = 4 * hole + 1;
        std::size_t best;
        if (first + 3 < n) {
            // A full node: a tournament on index arithmetic, so no branch depends on keys.
            const std::size_t l = first + before(a[first + 1], a[first]);
            const std::size_t r = first + 2 + before(a[first + 3], a[first + 2]);
            best = l ^ ((l ^ r) & (std::size_t(0) - before(a[r], a[l])));
        } else if (first < n) {
            best = first;
            for (std::size_t c = first + 1; c < n; ++c)
                if (before(a[c], a[best]))
                    best = c;
        } else {
            break;
        }
        a[hole] = a[best];
        hole = best;
    }
    while (hole > 0) {
        const std::size_t parent = (hole - 1) / 4;
        if (!before(last, a[parent]))
            break;
        a[hole] = a[parent];
        hole = parent;
    }
    a[hole] = last;
    return top;
}

} // namespace loopscope
