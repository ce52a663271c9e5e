// asyncio.Queue and its variants (CPython's queues.py).
#include "loopscope/Queue.hpp"

#include <string>

namespace loopscope {

namespace {
bool asNumber(const Value& v, double& out) {
    if (auto p = std::any_cast<int>(&v))
        return out = *p, true;
    if (auto p = std::any_cast<long>(&v))
        return out = static_cast<double>(*p), true;
    if (auto p = std::any_cast<long long>(&v))
        return out = static_cast<double>(*p), true;
    if (auto p = std::any_cast<double>(&v))
        return out = *p, true;
    if (auto p = std::any_cast<bool>(&v))
        return out = *p, true;
    return false;
}

// heapq._siftdown / _siftup, as CPython implements them.
void siftDown(std::deque<Value>& heap, std::size_t start, std::size_t pos,
              const Queue::Less& less) {
    Value item = std::move(heap[pos]);
    while (pos > start) {
        std::size_t parent = (pos - 1) >> 1;
        if (less(item, heap[parent])) {
            heap[pos] = std::move(heap[parent]);
            pos = parent;
            continue;
        }
        break;
    }
    heap[pos] = std::move(item);
}

void siftUp(std::deque<Value>& heap, std::size_t pos, const Queue::Less& less) {
    const std::size_t end = heap.size();
    const std::size_t start = pos;
    Value item = std::move(heap[pos]);
    std::size_t child = 2 * pos + 1;
    while (child < end) {
        std::size_t right = child + 1;
        if (right < end && !less(heap[child], heap[right]))
            child = right;
        heap[pos] = std::move(heap[child]);
        pos = child;
        child = 2 * pos + 1;
    }
    heap[pos] = std::move(item);
    siftDown(heap, start, pos, less);
}
} // namespace

bool valueLess(const Value& a, const Value& b) {
    double x, y;
    if (asNumber(a, x) && asNumber(b, y))
        return x < y;
    auto sa = std::any_cast<std::string>(&a);
    auto sb = std::any_cast<std::string>(&b);
    if (sa && sb)
        return *sa < *sb;
    auto la = std::any_cast<ValueList>(&a);
    auto lb = std::any_cast<ValueList>(&b);
    if (la && lb) {
        for (std::size_t i = 0; i < la->size() && i < lb->size(); ++i) {
            if (valueLess((*la)[i], (*lb)[i]))
                return true;
            if (valueLess((*lb)[i], (*la)[i]))
                return false;
        }
        return la->size() < lb->size();
    }
    throw TypeError("'<' not supported between instances of '" +
                    std::string(a.has_value() ? a.type().name() : "NoneType") + "' and '" +
                    (b.has_value() ? b.type().name() : "NoneType") + "'");
}

Queue::Queue(Loop& loop, int maxsize, std::string name, Order order, Less less)
    : Resource(loop,
               order == Order::Priority ? ResourceKind::PriorityQueue
               : order == Order::Lifo   ? ResourceKind::LifoQueue
                                        : ResourceKind::Queue,
               std::move(name), maxsize, 0),
      less_(std::move(less)), finished_(loop, WaitKind::QueueJoin, id_), order_(order),
      maxsize_(maxsize) {
    finished_.set();
}

Queue::Queue(Loop& loop, WaitKind getKind)
    : Resource(loop), less_(valueLess), finished_(loop, WaitKind::QueueJoin, kNone),
      getKind_(getKind) {
    finished_.set();
}

bool Queue::full() const noexcept {
    if (maxsize_ <= 0)
        return false;
    return qsize() >= static_cast<std::size_t>(maxsize_);
}

void Queue::putItem(Value item) {
    items_.push_back(std::move(item));
    if (order_ == Order::Priority)
        siftDown(items_, 0, items_.size() - 1, less_);
}

Value Queue::getItem() {
    Value out;
    switch (order_) {
    case Order::Fifo:
        out = std::move(items_.front());
        items_.pop_front();
        break;
    case Order::Lifo:
        out = std::move(items_.back());
        items_.pop_back();
        break;
    case Order::Priority: {
        Value last = std::move(items_.back());
        items_.pop_back();
        if (items_.empty())
            return last;
        out = std::move(items_.front());
        items_.front() = std::move(last);
        siftUp(items_, 0, less_);
        break;
    }
    }
    return out;
}

void Queue::wakeUpNext(std::deque<Ref<Future>>& waiters) {
    while (!waiters.empty()) {
        Ref<Future> waiter = waiters.front();
        waiters.pop_front();
        if (!waiter->done()) {
            waiter->setResult(Value());
            break;
        }
    }
}

Co<void> Queue::put(Value item) {
    while (full()) {
        Ref<Future> putter = loop_->createFuture(WaitKind::QueuePut, id_);
        putters_.push_back(putter);
        try {
            co_await putter;
        } catch (...) {
            putter->cancel(); // just in case putter is not done yet
            removeWaiter(putters_, putter);
            if (!full() && !putter->cancelled())
                wakeUpNext(putters_); // we were woken but cannot take the slot: pass it on
            throw;
        }
    }
    putNowait(std::move(item));
}

void Queue::putNowait(Value item) {
    if (full())
        throw QueueFull();
    putItem(std::move(item));
    ++unfinished_;
    finished_.clear();
    record(EventKind::Put, static_cast<int>(qsize()));
    wakeUpNext(getters_);
}

Co<Value> Queue::get() {
    while (empty()) {
        Ref<Future> getter = loop_->createFuture(getKind_, id_);
        getters_.push_back(getter);
        try {
            co_await getter;
        } catch (...) {
            getter->cancel();
            removeWaiter(getters_, getter);
            if (!empty() && !getter->cancelled())
                wakeUpNext(getters_);
            throw;
        }
    }
    co_return getNowait();
}

Value Queue::getNowait() {
    if (empty())
        throw QueueEmpty();
    Value item = getItem();
    record(EventKind::Get, static_cast<int>(qsize()));
    wakeUpNext(putters_);
    return item;
}

void Queue::taskDone() {
    if (unfinished_ <= 0)
        throw ValueError("task_done() called too many times");
    --unfinished_;
    if (unfinished_ == 0)
        finished_.set();
}

Co<void> Queue::join() {
    if (unfinished_ > 0)
        co_await finished_.wait();
}

} // namespace loopscope
