// A FIFO queue in one growable ring buffer: the loop's ready queue. Cheaper than std::deque
// for the push-back/pop-front traffic of millions of task steps.
#pragma once

#include "loopscope/HugePageAllocator.hpp"

#include <cstddef>
#include <memory>
#include <utility>

namespace loopscope {

template <class T>
class RingQueue {
public:
    RingQueue() = default;
    RingQueue(const RingQueue&) = delete;
    RingQueue& operator=(const RingQueue&) = delete;
    ~RingQueue() {
        clear();
        if (slots_)
            alloc_.deallocate(slots_, capacity_);
    }

    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }

    void push_back(T&& v) {
        if (size_ == capacity_)
            grow();
        std::construct_at(&slots_[(head_ + size_) & (capacity_ - 1)], std::move(v));
        ++size_;
    }
    /// Removes and returns the oldest element.
    T pop_front() {
        T& slot = slots_[head_];
        T out = std::move(slot);
        std::destroy_at(&slot);
        // An empty queue starts again at the first slot: a queue that once held tens of
        // thousands of items and now holds a few would otherwise walk through all its
        // capacity, a cold cache line every few pushes, instead of reusing a warm few.
        --size_;
        head_ = size_ ? (head_ + 1) & (capacity_ - 1) : 0;
        return out;
    }
    void clear() {
        while (size_)
            pop_front();
    }

private:
    // Out of line, so that push_back inlines into the loop's scheduling functions.
    [[gnu::noinline]] void grow() {
        std::size_t cap = capacity_ ? capacity_ * 2 : 64;
        T* fresh = alloc_.allocate(cap);
        for (std::size_t i = 0; i < size_; ++i) {
            T& from = slots_[(head_ + i) & (capacity_ - 1)];
            std::construct_at(&fresh[i], std::move(from));
            std::destroy_at(&from);
        }
        if (slots_)
            alloc_.deallocate(slots_, capacity_);
        slots_ = fresh;
        capacity_ = cap;
        head_ = 0;
    }

    // Tens of thousands of tasks created at once queue as many first steps: megabytes.
    [[no_unique_address]] detail::HugePageAllocator<T> alloc_;
    T* slots_ = nullptr; // capacity_ slots, size_ of them constructed from head_ on
    std::size_t capacity_ = 0; // a power of two
    std::size_t head_ = 0;
    std::size_t size_ = 0;
};

} // namespace loopscope
