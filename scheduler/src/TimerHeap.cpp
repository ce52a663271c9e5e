// Sift up and sift down of the 4-ary timer heap.
#include "loopscope/TimerHeap.hpp"

namespace loopscope {

void TimerHeap::clear() noexcept {
    std::vector<Entry> entries = std::move(entries_);
    entries_.clear();
    for (Entry& e : entries)
        e.handle->release();
}

void TimerHeap::push(Ref<TimerHandle> h) {
    TimerHandle* raw = h.leak();
    const Entry e{raw->when(), raw->sequence(), raw};
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

Ref<TimerHandle> TimerHeap::pop() {
    Ref<TimerHandle> top = Ref<TimerHandle>::adopt(entries_.front().handle);
    const Entry last = entries_.back();
    entries_.pop_back();
    const std::size_t n = entries_.size();
    if (n == 0)
        return top;
    Entry* a = entries_.data();
    std::size_t i = 0;
    while (true) {
        const std::size_t first = 4 * i + 1;
        if (first >= n)
            break;
        // The earliest of up to four children, selected without branches.
        std::size_t best = first;
        const std::size_t end = first + 4 < n ? first + 4 : n;
        for (std::size_t c = first + 1; c < end; ++c)
            best = before(a[c], a[best]) ? c : best;
        if (!before(a[best], last))
            break;
        a[i] = a[best];
        i = best;
    }
    a[i] = last;
    return top;
}

} // namespace loopscope
