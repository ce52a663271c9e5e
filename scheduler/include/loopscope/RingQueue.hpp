// A FIFO queue in one growable ring buffer: the loop's ready queue. Cheaper than std::deque
// for the push-back/pop-front traffic of millions of task steps.
#pragma once

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
    ~RingQueue() { clear(); }

    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }

    void push_back(T&& v) {
        if (size_ == capacity_)
            grow();
        std::construct_at(&slots_[(head_ + size_) & (capacity_ - 1)].value, std::move(v));
        ++size_;
    }
    /// Removes and returns the oldest element.
    T pop_front() {
        T& slot = slots_[head_].value;
        T out = std::move(slot);
        std::destroy_at(&slot);
        head_ = (head_ + 1) & (capacity_ - 1);
        --size_;
        return out;
    }
    void clear() {
        while (size_)
            pop_front();
    }

private:
    union Slot {
        Slot() {}
        ~Slot() {}
        T value;
    };
    void grow() {
        std::size_t cap = capacity_ ? capacity_ * 2 : 64;
        std::unique_ptr<Slot[]> fresh(new Slot[cap]);
        for (std::size_t i = 0; i < size_; ++i) {
            T& from = slots_[(head_ + i) & (capacity_ - 1)].value;
            std::construct_at(&fresh[i].value, std::move(from));
            std::destroy_at(&from);
        }
        slots_ = std::move(fresh);
        capacity_ = cap;
        head_ = 0;
    }

    std::unique_ptr<Slot[]> slots_;
    std::size_t capacity_ = 0; // a power of two
    std::size_t head_ = 0;
    std::size_t size_ = 0;
};

} // namespace loopscope
