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
            // A full node: a tournament in registers, so no branch depends on keys. The two
            // semi-final winners' keys are selected from the keys already loaded, not loaded
            // again from their entries: a load after each level's first compares made the
            // chain from one level to the next 10% longer (at 500 timers pending).
            const Entry* c = a + first;
            const std::uint64_t m01 = std::uint64_t(0) - before(c[1], c[0]);
            const std::uint64_t m23 = std::uint64_t(0) - before(c[3], c[2]);
            const Entry l{pick(c[0].when, c[1].when, m01), pick(c[0].seq, c[1].seq, m01), 0};
            const Entry r{pick(c[2].when, c[3].when, m23), pick(c[2].seq, c[3].seq, m23), 0};
            const std::size_t li = first + (m01 & 1);
            const std::size_t ri = first + 2 + (m23 & 1);
            best = pick(li, ri, std::size_t(0) - before(r, l));
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
