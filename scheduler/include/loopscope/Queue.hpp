// asyncio.Queue, PriorityQueue and LifoQueue. The variants differ only in how items are
// stored and taken (CPython's _init/_put/_get hooks); PriorityQueue uses heapq's exact
// algorithm so equal priorities come out in the same order as in CPython.
#pragma once

#include "loopscope/Co.hpp"
#include "loopscope/Event.hpp"
#include "loopscope/Resource.hpp"

#include <deque>
#include <functional>
#include <vector>

namespace loopscope {

/// Orders Values for PriorityQueue: numbers, strings, and ValueLists lexicographically
/// (Python tuples). TypeError for values it cannot compare.
bool valueLess(const Value& a, const Value& b);

class Queue : public Resource {
public:
    enum class Order { Fifo, Priority, Lifo };
    using Less = std::function<bool(const Value&, const Value&)>;

    explicit Queue(Loop& loop, int maxsize = 0, std::string name = {}, Order order = Order::Fifo,
                   Less less = valueLess);
    explicit Queue(int maxsize = 0, std::string name = {}, Order order = Order::Fifo)
        : Queue(Loop::running(), maxsize, std::move(name), order) {}
    /// An internal queue (as_completed): untraced; getters wait on `getKind`.
    Queue(Loop& loop, WaitKind getKind);

    std::size_t qsize() const noexcept { return items_.size(); }
    int maxsize() const noexcept { return maxsize_; }
    bool empty() const noexcept { return items_.empty(); }
    bool full() const noexcept;

    /// Waits for a free slot, then puts the item.
    Co<void> put(Value item);
    /// QueueFull if full.
    void putNowait(Value item);
    /// Waits for an item, then takes it.
    Co<Value> get();
    /// QueueEmpty if empty.
    Value getNowait();
    /// ValueError if called more times than items were put.
    void taskDone();
    /// Waits until every item put has been marked done.
    Co<void> join();
    int unfinishedTasks() const noexcept { return unfinished_; }

private:
    void putItem(Value item);
    Value getItem();
    void wakeUpNext(std::deque<Ref<Future>>& waiters);

    std::deque<Value> items_; // FIFO order, a heapq heap, or a stack, depending on order_
    std::deque<Ref<Future>> getters_;
    std::deque<Ref<Future>> putters_;
    Less less_;
    Event finished_;
    WaitKind getKind_ = WaitKind::QueueGet;
    Order order_ = Order::Fifo;
    int maxsize_ = 0;
    int unfinished_ = 0;
};

class PriorityQueue : public Queue {
public:
    explicit PriorityQueue(int maxsize = 0, std::string name = {})
        : Queue(Loop::running(), maxsize, std::move(name), Order::Priority) {}
};

class LifoQueue : public Queue {
public:
    explicit LifoQueue(int maxsize = 0, std::string name = {})
        : Queue(Loop::running(), maxsize, std::move(name), Order::Lifo) {}
};

} // namespace loopscope
