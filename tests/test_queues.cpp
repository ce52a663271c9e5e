// Pins Queue, PriorityQueue and LifoQueue to CPython 3.11's asyncio/queues.py on the virtual
// clock: item order (including heapq's exact order for equal priorities), blocking put/get
// and the times they resume, QueueFull/QueueEmpty/ValueError, task_done/join, what
// cancelling a getter or putter does, and the trace of the tutorial's producer/consumer,
// which ends in a deadlock.
//
// Every expected print order and time below was produced by running the equivalent Python
// script on CPython's own asyncio with tests/conformance/reference_run.py --timestamps.
#include "ScenarioSupport.hpp"

#include <QtTest>

using namespace loopscope;
using namespace scenario;

namespace {

/// repr() of a Value as Python prints it, with ValueLists shown as tuples "(0, 5)".
std::string pyRepr(const Value& v) {
    if (auto l = std::any_cast<ValueList>(&v)) {
        std::string s = "(";
        for (std::size_t i = 0; i < l->size(); ++i)
            s += (i ? ", " : "") + pyRepr((*l)[i]);
        return s + ")";
    }
    return formatValue(v);
}

/// repr() of a Python list of values: "[1, 2.0, 'a']".
std::string pyList(const std::vector<Value>& values) {
    std::string s = "[";
    for (std::size_t i = 0; i < values.size(); ++i)
        s += (i ? ", " : "") + pyRepr(values[i]);
    return s + "]";
}

/// Drains a queue with get_nowait() into a Python-style list string.
std::string drain(Queue& q) {
    std::vector<Value> out;
    while (!q.empty())
        out.push_back(q.getNowait());
    return pyList(out);
}

/// The priorities put into the PriorityQueue tests, and the tuple (priority, seq) for one.
const std::vector<int>& priorities() {
    static const std::vector<int> p{3, 1, 2, 1, 3, 0, 2, 1, 3, 0, 1, 2, 2, 1};
    return p;
}
ValueList pair(Value a, Value b) { return ValueList{std::move(a), std::move(b)}; }

/// A PriorityQueue item that compares by priority only (Python: a class whose __lt__ looks
/// at .prio), so that items of equal priority show the order heapq leaves them in.
struct Item {
    int prio;
    char label;
};
bool itemLess(const Value& a, const Value& b) {
    return std::any_cast<const Item&>(a).prio < std::any_cast<const Item&>(b).prio;
}
std::string itemText(const Value& v) {
    const Item& it = std::any_cast<const Item&>(v);
    return std::to_string(it.prio) + it.label;
}

} // namespace

class TestQueues : public QObject {
    Q_OBJECT
private slots:
    // Queue
    void queueIsFirstInFirstOut();
    void putBlocksWhileFullUntilAGet();
    void nowaitVariantsRaiseQueueFullAndQueueEmpty();
    void fullDependsOnMaxsize_data();
    void fullDependsOnMaxsize();
    void joinReturnsWhenEveryItemIsDone();
    void taskDoneTooManyTimesRaisesValueError();
    void waitingGettersAreServedInFifoOrder();
    void cancelledGetterDoesNotLoseAnItem();
    void cancelledWokenPutterPassesTheSlotOn();
    void wokenGetterWhoseItemWasTakenWaitsAgain();
    void wokenPutterWhoseSlotWasTakenWaitsAgain();
    void getTimingOutUnderWaitForLosesNothing();
    void everyJoinerWakesWhenTheLastItemIsDone();
    // PriorityQueue
    void priorityQueueGivesSmallestFirst_data();
    void priorityQueueGivesSmallestFirst();
    void equalPrioritiesComeOutInHeapqOrder();
    void waitingPriorityGettersGetSmallestFirst();
    void priorityQueueResourceKind();
    // LifoQueue
    void lifoQueueIsLastInFirstOut();
    // Tutorial
    void tutorialProducerConsumerEndsInDeadlock();
};

// ---------------------------------------------------------------------------------------- Queue

// Items come out in the order they were put; qsize/empty/full follow.
void TestQueues::queueIsFirstInFirstOut() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Queue q;
        for (int i = 0; i < 5; ++i)
            co_await q.put(i);
        say("qsize=" + num(q.qsize()) + " " + flag("empty", q.empty()) + " " +
            flag("full", q.full()));
        std::vector<Value> out;
        for (int i = 0; i < 5; ++i)
            out.push_back(co_await q.get());
        say("got " + pyList(out) + " qsize=" + num(q.qsize()) + " " + flag("empty", q.empty()));
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[0.000] qsize=5 empty=False full=False",
                                     "[0.000] got [0, 1, 2, 3, 4] qsize=0 empty=True",
                                 }));
}

// Queue(2): the producer fills two slots at once, then each put waits for the consumer's
// get (one per second) and resumes at that same instant.
void TestQueues::putBlocksWhileFullUntilAGet() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Queue q(2);
        std::vector<Ref<Future>> tasks;
        tasks.push_back(createTask([](Queue& q) -> Co<void> {
            for (int i = 0; i < 5; ++i) {
                co_await q.put(i);
                say("put " + num(i) + " qsize=" + num(q.qsize()) + " " + flag("full", q.full()));
            }
        }(q).named("producer")));
        tasks.push_back(createTask([](Queue& q) -> Co<void> {
            for (int i = 0; i < 5; ++i) {
                co_await sleep(1);
                Value item = co_await q.get();
                say("got " + pyRepr(item));
            }
        }(q).named("consumer")));
        co_await gather(tasks);
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[0.000] put 0 qsize=1 full=False",
                                     "[0.000] put 1 qsize=2 full=True",
                                     "[1.000] got 0",
                                     "[1.000] put 2 qsize=2 full=True",
                                     "[2.000] got 1",
                                     "[2.000] put 3 qsize=2 full=True",
                                     "[3.000] got 2",
                                     "[3.000] put 4 qsize=2 full=True",
                                     "[4.000] got 3",
                                     "[5.000] got 4",
                                 }));
    QCOMPARE(trace.endTime, 5.0);
}

// get_nowait() on an empty queue: QueueEmpty; put_nowait() on a full one: QueueFull.
void TestQueues::nowaitVariantsRaiseQueueFullAndQueueEmpty() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Queue q(1);
        try {
            q.getNowait();
        } catch (const QueueEmpty&) {
            say("QueueEmpty");
        }
        q.putNowait(std::string("a"));
        try {
            q.putNowait(std::string("b"));
        } catch (const QueueFull&) {
            say("QueueFull");
        }
        std::string line = "qsize=" + num(q.qsize()) + " " + flag("full", q.full());
        line += " get=" + pyRepr(q.getNowait());
        say(line + " " + flag("empty", q.empty()));
        co_return;
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(output(trace), QStringList({
                                "QueueEmpty",
                                "QueueFull",
                                "qsize=1 full=True get='a' empty=True",
                            }));
}

void TestQueues::fullDependsOnMaxsize_data() {
    QTest::addColumn<int>("maxsize");
    QTest::addColumn<int>("items");
    QTest::addColumn<bool>("full");
    // Python: full() is qsize() >= maxsize, and never true when maxsize <= 0.
    QTest::newRow("unbounded, empty") << 0 << 0 << false;
    QTest::newRow("unbounded, many") << 0 << 100 << false;
    QTest::newRow("negative maxsize is unbounded") << -1 << 5 << false;
    QTest::newRow("maxsize 1, empty") << 1 << 0 << false;
    QTest::newRow("maxsize 1, one") << 1 << 1 << true;
    QTest::newRow("maxsize 3, two") << 3 << 2 << false;
    QTest::newRow("maxsize 3, three") << 3 << 3 << true;
}

// full() for a table of maxsize / item counts; maxsize() reports what was given.
void TestQueues::fullDependsOnMaxsize() {
    QFETCH(int, maxsize);
    QFETCH(int, items);
    QFETCH(bool, full);
    bool gotFull = !full;
    int gotMaxsize = 12345;
    std::size_t gotSize = 0;
    auto [r, trace] = runMain([](int maxsize, int items, bool* full, int* ms,
                                 std::size_t* size) -> Co<void> {
        Queue q(maxsize);
        for (int i = 0; i < items; ++i)
            q.putNowait(i);
        *full = q.full();
        *ms = q.maxsize();
        *size = q.qsize();
        co_return;
    }(maxsize, items, &gotFull, &gotMaxsize, &gotSize));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(gotFull, full);
    QCOMPARE(gotMaxsize, maxsize);
    QCOMPARE(gotSize, std::size_t(items));
}

// join() on a queue with nothing unfinished returns at once; with three items and a worker
// taking 1 s per item it returns at t=3, right after the last task_done().
void TestQueues::joinReturnsWhenEveryItemIsDone() {
    std::vector<int> unfinished;
    auto [r, trace] = runMain([](std::vector<int>* unfinished) -> Co<void> {
        Queue q;
        co_await q.join();
        say("join on a fresh queue returns at once");
        for (int i = 0; i < 3; ++i)
            q.putNowait(i);
        unfinished->push_back(q.unfinishedTasks());
        say("unfinished after puts (qsize=" + num(q.qsize()) + ")");
        Ref<Task> w = createTask([](Queue& q) -> Co<void> {
            while (true) {
                Value item = co_await q.get();
                co_await sleep(1);
                say("done " + pyRepr(item));
                q.taskDone();
            }
        }(q).named("worker"));
        co_await q.join();
        unfinished->push_back(q.unfinishedTasks());
        say("joined, qsize=" + num(q.qsize()));
        w->cancel();
        try {
            co_await w;
        } catch (const CancelledError&) {
            say("worker cancelled");
        }
    }(&unfinished));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[0.000] join on a fresh queue returns at once",
                                     "[0.000] unfinished after puts (qsize=3)",
                                     "[1.000] done 0",
                                     "[2.000] done 1",
                                     "[3.000] done 2",
                                     "[3.000] joined, qsize=0",
                                     "[3.000] worker cancelled",
                                 }));
    QCOMPARE(unfinished, (std::vector<int>{3, 0}));
}

// task_done() with no unfinished item — on a fresh queue, or once more than was put — is a
// ValueError.
void TestQueues::taskDoneTooManyTimesRaisesValueError() {
    std::vector<std::string> errors;
    auto [r, trace] = runMain([](std::vector<std::string>* errors) -> Co<void> {
        Queue q;
        try {
            q.taskDone();
        } catch (const ValueError& e) {
            errors->push_back(e.message());
        }
        q.putNowait(1);
        q.getNowait();
        q.taskDone();
        try {
            q.taskDone();
        } catch (const ValueError& e) {
            errors->push_back(e.message());
        }
        co_return;
    }(&errors));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(errors, (std::vector<std::string>(2, "task_done() called too many times")));
}

// Three getters wait on an empty queue; three put_nowait() at t=1 serve them in the order
// they started waiting.
void TestQueues::waitingGettersAreServedInFifoOrder() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Queue q;
        std::vector<Ref<Future>> tasks;
        for (int i = 0; i < 3; ++i)
            tasks.push_back(createTask([](Queue& q, int i) -> Co<void> {
                say("g" + num(i) + " waits");
                Value item = co_await q.get();
                say("g" + num(i) + " got " + valueAs<std::string>(item));
            }(q, i)));
        co_await sleep(1);
        for (char x : std::string("abc"))
            q.putNowait(std::string(1, x));
        say("put a b c");
        co_await gather(tasks);
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[0.000] g0 waits",
                                     "[0.000] g1 waits",
                                     "[0.000] g2 waits",
                                     "[1.000] put a b c",
                                     "[1.000] g0 got a",
                                     "[1.000] g1 got b",
                                     "[1.000] g2 got c",
                                 }));
}

// g0 is cancelled while waiting (t=1); at t=2 put_nowait("x") wakes g1, which is cancelled
// before it runs: g1 passes the wake-up on and g2 gets "x". Nothing is lost or duplicated.
void TestQueues::cancelledGetterDoesNotLoseAnItem() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Queue q;
        std::vector<Ref<Task>> tasks;
        std::vector<Ref<Future>> futs;
        for (int i = 0; i < 3; ++i) {
            tasks.push_back(createTask([](Queue& q, int i) -> Co<void> {
                Value item;
                try {
                    item = co_await q.get();
                } catch (const CancelledError&) {
                    say("g" + num(i) + " cancelled, qsize=" + num(q.qsize()));
                    throw;
                }
                say("g" + num(i) + " got " + valueAs<std::string>(item));
            }(q, i)));
            futs.push_back(tasks.back());
        }
        co_await sleep(1);
        tasks[0]->cancel(); // cancelled while still waiting
        co_await sleep(1);
        q.putNowait(std::string("x")); // wakes g1
        tasks[1]->cancel();            // g1 is woken but cancelled before it runs
        say("put x, cancelled g1");
        co_await gather(futs, true);
        say("qsize=" + num(q.qsize()));
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[1.000] g0 cancelled, qsize=0",
                                     "[2.000] put x, cancelled g1",
                                     "[2.000] g1 cancelled, qsize=1",
                                     "[2.000] g2 got x",
                                     "[2.000] qsize=0",
                                 }));
}

// Queue(1) holding "first", three putters waiting. get_nowait() wakes p0, which is cancelled
// before it runs: the free slot goes to p1, and the next get to p2.
void TestQueues::cancelledWokenPutterPassesTheSlotOn() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Queue q(1);
        q.putNowait(std::string("first"));
        std::vector<Ref<Task>> tasks;
        std::vector<Ref<Future>> firstTwo;
        for (int i = 0; i < 3; ++i) {
            tasks.push_back(createTask([](Queue& q, int i) -> Co<void> {
                try {
                    co_await q.put(std::string("p") + num(i));
                } catch (const CancelledError&) {
                    say("p" + num(i) + " cancelled, qsize=" + num(q.qsize()));
                    throw;
                }
                say("p" + num(i) + " put");
            }(q, i)));
            if (i < 2)
                firstTwo.push_back(tasks.back());
        }
        co_await sleep(1);
        say("got " + valueAs<std::string>(q.getNowait()));
        tasks[0]->cancel();
        co_await gather(firstTwo, true);
        say("got " + valueAs<std::string>(q.getNowait()));
        co_await tasks[2];
        std::string last = valueAs<std::string>(q.getNowait());
        say("got " + last + " qsize=" + num(q.qsize()));
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[1.000] got first",
                                     "[1.000] p0 cancelled, qsize=0",
                                     "[1.000] p1 put",
                                     "[1.000] got p1",
                                     "[1.000] p2 put",
                                     "[1.000] got p2 qsize=0",
                                 }));
}

// put_nowait("a") wakes the waiting getter, but main takes "a" before it runs: get()
// finds the queue empty and waits again, until "b" at t=2.
void TestQueues::wokenGetterWhoseItemWasTakenWaitsAgain() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Queue q;
        Ref<Task> t = createTask([](Queue& q) -> Co<void> {
            Value item = co_await q.get();
            say("getter got " + valueAs<std::string>(item) + " at last");
        }(q));
        co_await sleep(1);
        q.putNowait(std::string("a")); // wakes the getter...
        say("main stole " + valueAs<std::string>(q.getNowait())); // ...but main is first
        co_await sleep(1);
        say("main puts b");
        q.putNowait(std::string("b"));
        co_await t;
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[1.000] main stole a",
                                     "[2.000] main puts b",
                                     "[2.000] getter got b at last",
                                 }));
}

// Queue(1): get_nowait() wakes the waiting putter, but main refills the slot first: put()
// finds the queue full and waits again, until the next get at t=2.
void TestQueues::wokenPutterWhoseSlotWasTakenWaitsAgain() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Queue q(1);
        q.putNowait(std::string("a"));
        Ref<Task> t = createTask([](Queue& q) -> Co<void> {
            co_await q.put(std::string("late"));
            say("putter put at last, qsize=" + num(q.qsize()));
        }(q));
        co_await sleep(1);
        say("main got " + valueAs<std::string>(q.getNowait())); // wakes the putter...
        q.putNowait(std::string("b"));                          // ...but main is first
        say("main refilled the slot");
        co_await sleep(1);
        say("main got " + valueAs<std::string>(q.getNowait()));
        co_await t;
        say("main got " + valueAs<std::string>(q.getNowait()));
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[1.000] main got a",
                                     "[1.000] main refilled the slot",
                                     "[2.000] main got b",
                                     "[2.000] putter put at last, qsize=1",
                                     "[2.000] main got late",
                                 }));
}

// wait_for(q.get(), 1) on an empty queue: TimeoutError at t=1 and the getter is gone; an
// item put afterwards stays in the queue for the next get.
void TestQueues::getTimingOutUnderWaitForLosesNothing() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Queue q;
        try {
            co_await waitFor(q.get(), 1.0);
        } catch (const TimeoutError&) {
            say("get timed out");
        }
        q.putNowait(std::string("x"));
        std::size_t size = q.qsize();
        Value got = co_await waitFor(q.get(), 1.0);
        say("qsize=" + num(size) + " got " + valueAs<std::string>(got));
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({"[1.000] get timed out", "[1.000] qsize=1 got x"}));
}

// Three tasks join() a queue with two unfinished items: none wakes at the first task_done(),
// all three (in order) at the second.
void TestQueues::everyJoinerWakesWhenTheLastItemIsDone() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Queue q;
        q.putNowait(1);
        q.putNowait(2);
        std::vector<Ref<Future>> tasks;
        for (int i = 0; i < 3; ++i)
            tasks.push_back(createTask([](Queue& q, int i) -> Co<void> {
                co_await q.join();
                say("j" + num(i) + " joined");
            }(q, i)));
        co_await sleep(1);
        q.getNowait();
        q.taskDone();
        say("one done");
        co_await sleep(1);
        q.getNowait();
        q.taskDone();
        say("both done");
        co_await gather(tasks);
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[1.000] one done",
                                     "[2.000] both done",
                                     "[2.000] j0 joined",
                                     "[2.000] j1 joined",
                                     "[2.000] j2 joined",
                                 }));
}

// -------------------------------------------------------------------------------- PriorityQueue

namespace {
// The values put into priorityQueueGivesSmallestFirst, by data row.
ValueList priorityInputs(const QString& kind) {
    ValueList in;
    if (kind == "ints") {
        for (int x : {5, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5})
            in.push_back(x);
    } else if (kind == "ints and floats") {
        // 1 == 1.0 and 5 == 5.0: which copy comes out first is heapq's business.
        in.push_back(5);
        in.push_back(1);
        in.push_back(4);
        in.push_back(1.0);
        in.push_back(5.0);
        in.push_back(9);
        in.push_back(2);
        in.push_back(2.0);
        in.push_back(6);
        in.push_back(5);
        in.push_back(3);
        in.push_back(1);
        in.push_back(5.0);
        in.push_back(2);
    } else if (kind == "strings") {
        for (const char* s : {"pear", "apple", "fig", "apple", "banana"})
            in.push_back(std::string(s));
    } else if (kind == "(priority, seq) tuples") {
        const std::vector<int>& p = priorities();
        for (std::size_t seq = 0; seq < p.size(); ++seq)
            in.push_back(pair(p[seq], static_cast<int>(seq)));
    }
    return in;
}
} // namespace

void TestQueues::priorityQueueGivesSmallestFirst_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected"); // what CPython prints for the drained list
    QTest::newRow("ints") << "ints" << "[1, 1, 2, 3, 4, 5, 5, 5, 5, 6, 9]";
    QTest::newRow("ints and floats")
        << "ints and floats" << "[1, 1, 1.0, 2, 2, 2.0, 3, 4, 5.0, 5.0, 5, 5, 6, 9]";
    QTest::newRow("strings") << "strings" << "['apple', 'apple', 'banana', 'fig', 'pear']";
    QTest::newRow("(priority, seq) tuples")
        << "(priority, seq) tuples"
        << "[(0, 5), (0, 9), (1, 1), (1, 3), (1, 7), (1, 10), (1, 13), (2, 2), (2, 6), "
           "(2, 11), (2, 12), (3, 0), (3, 4), (3, 8)]";
}

// put() everything, then get_nowait() until empty: smallest first, and among equal values the
// exact order CPython's heapq produces (visible with 1 vs 1.0).
void TestQueues::priorityQueueGivesSmallestFirst() {
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    ValueList inputs = priorityInputs(kind);
    std::string drained;
    auto [r, trace] = runMain([](const ValueList* in, std::string* out) -> Co<void> {
        PriorityQueue q;
        for (const Value& v : *in)
            co_await q.put(v);
        *out = drain(q);
    }(&inputs, &drained));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(QString::fromStdString(drained), expected);
}

namespace {
Item labelled(int i) { return Item{priorities()[i], static_cast<char>('a' + i)}; }
} // namespace

// Items that compare by priority only: heapq is not stable, and the core must reproduce its
// order exactly — all puts then all gets, and puts interleaved with a get after every third.
void TestQueues::equalPrioritiesComeOutInHeapqOrder() {
    std::string allThenDrain, interleaved;
    auto [r, trace] = runMain([](std::string* allThenDrain, std::string* interleaved) -> Co<void> {
        Loop& loop = Loop::running();
        Queue q(loop, 0, "pq", Queue::Order::Priority, itemLess);
        const int n = static_cast<int>(priorities().size());
        for (int i = 0; i < n; ++i)
            co_await q.put(labelled(i));
        while (!q.empty()) {
            Value item = co_await q.get();
            *allThenDrain += (allThenDrain->empty() ? "" : " ") + itemText(item);
        }

        Queue q2(loop, 0, "pq2", Queue::Order::Priority, itemLess);
        for (int i = 0; i < n; ++i) {
            q2.putNowait(labelled(i));
            if (i % 3 == 2)
                *interleaved += (interleaved->empty() ? "" : " ") + itemText(q2.getNowait());
        }
        while (!q2.empty())
            *interleaved += " " + itemText(q2.getNowait());
    }(&allThenDrain, &interleaved));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(QString::fromStdString(allThenDrain),
             QString("0f 0j 1b 1n 1d 1k 1h 2m 2l 2c 2g 3a 3i 3e"));
    QCOMPARE(QString::fromStdString(interleaved),
             QString("1b 0f 1d 0j 1h 1k 1n 2c 2l 2g 2m 3i 3a 3e"));
}

// Getters waiting on a PriorityQueue are served in FIFO order, each taking the smallest
// item present when it runs.
void TestQueues::waitingPriorityGettersGetSmallestFirst() {
    auto [r, trace] = runMain([]() -> Co<void> {
        PriorityQueue q;
        std::vector<Ref<Future>> tasks;
        for (int i = 0; i < 3; ++i)
            tasks.push_back(createTask([](Queue& q, int i) -> Co<void> {
                Value item = co_await q.get();
                say("g" + num(i) + " got " + pyRepr(item));
            }(q, i)));
        co_await sleep(1);
        q.putNowait(3);
        q.putNowait(1);
        q.putNowait(2);
        say("put 3 1 2");
        co_await gather(tasks);
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[1.000] put 3 1 2",
                                     "[1.000] g0 got 1",
                                     "[1.000] g1 got 2",
                                     "[1.000] g2 got 3",
                                 }));
}

// The trace records each variant under its own resource kind.
void TestQueues::priorityQueueResourceKind() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Queue a(0, "fifo");
        PriorityQueue b(0, "prio");
        LifoQueue c(0, "lifo");
        co_return;
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(trace.resources.size(), std::size_t(3));
    QVERIFY(trace.resources[0].kind == ResourceKind::Queue);
    QVERIFY(trace.resources[1].kind == ResourceKind::PriorityQueue);
    QVERIFY(trace.resources[2].kind == ResourceKind::LifoQueue);
}

// ------------------------------------------------------------------------------------ LifoQueue

// get_nowait() takes the newest item; a waiting getter woken by put("x") runs after
// put("y") and so gets "y", leaving "x".
void TestQueues::lifoQueueIsLastInFirstOut() {
    auto [r, trace] = runMain([]() -> Co<void> {
        LifoQueue q;
        for (int i = 0; i < 5; ++i)
            q.putNowait(i);
        std::vector<Value> out;
        for (int i = 0; i < 5; ++i)
            out.push_back(q.getNowait());
        say("lifo " + pyList(out));
        Ref<Task> t = createTask([](Queue& q) -> Co<void> {
            Value item = co_await q.get();
            say("waiting getter got " + valueAs<std::string>(item));
        }(q));
        co_await sleep(1);
        q.putNowait(std::string("x"));
        q.putNowait(std::string("y"));
        co_await t;
        say("left " + valueAs<std::string>(q.getNowait()));
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[0.000] lifo [4, 3, 2, 1, 0]",
                                     "[1.000] waiting getter got y",
                                     "[1.000] left x",
                                 }));
}

// ------------------------------------------------------------------------------------- Tutorial

namespace {
Co<void> producer(Queue& queue) {
    for (int i = 0; i < 5; ++i) {
        co_await sleep(1);
        co_await queue.put(std::string("数据 ") + num(i));
        say("生产: 数据 " + num(i));
    }
}

Co<void> consumer(Queue& queue) {
    while (true) {
        Value item = co_await queue.get();
        say("消费: " + valueAs<std::string>(item));
        queue.taskDone();
    }
}

struct DeadlockIds {
    ResourceId queue = kNone;
    TaskId consumer = kNone;
    std::string consumerName;
};
} // namespace

// The tutorial: gather(producer(queue), consumer(queue)) where the consumer loops forever.
// Five produce/consume pairs at t=1..5, then nothing is ready and no timer is left: the run
// ends as a deadlock at t=5 (CPython's reference runner reports status=deadlock there too),
// and the description points at the consumer waiting in queue.get().
void TestQueues::tutorialProducerConsumerEndsInDeadlock() {
    DeadlockIds ids;
    auto [r, trace] = runMain([](DeadlockIds* ids) -> Co<void> {
        Queue queue(0, "queue");
        ids->queue = queue.id();
        std::vector<Ref<Future>> tasks;
        tasks.push_back(createTask(producer(queue).named("producer")));
        Ref<Task> c = createTask(consumer(queue).named("consumer"));
        ids->consumer = c->id();
        ids->consumerName = c->name();
        tasks.push_back(c);
        co_await gather(tasks);
    }(&ids));

    QCOMPARE(r.status, RunStatus::Deadlock);
    QCOMPARE(trace.status, RunStatus::Deadlock);
    QCOMPARE(trace.endTime, 5.0);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[1.000] 生产: 数据 0",
                                     "[1.000] 消费: 数据 0",
                                     "[2.000] 生产: 数据 1",
                                     "[2.000] 消费: 数据 1",
                                     "[3.000] 生产: 数据 2",
                                     "[3.000] 消费: 数据 2",
                                     "[4.000] 生产: 数据 3",
                                     "[4.000] 消费: 数据 3",
                                     "[5.000] 生产: 数据 4",
                                     "[5.000] 消费: 数据 4",
                                 }));

    // The consumer is the task stuck in queue.get() on this queue.
    QVERIFY(ids.consumer != kNone);
    QCOMPARE(QString::fromStdString(trace.tasks[ids.consumer].coroutine), QString("consumer"));
    QCOMPARE(trace.tasks[ids.consumer].outcome, loopscope::Outcome::Pending);
    const WaitEdge* edge = nullptr;
    for (const WaitEdge& e : trace.waitGraph)
        if (e.task == ids.consumer)
            edge = &e;
    QVERIFY2(edge, "the wait graph has no edge for the consumer");
    QCOMPARE(edge->wait, WaitKind::QueueGet);
    QCOMPARE(edge->object, ids.queue);
    QCOMPARE(edge->blocker, kNone); // nobody left who could put

    // Its last segment: waiting on that queue's get from t=5 to the end.
    std::vector<Segment> segs = trace.segmentsOf(ids.consumer);
    QVERIFY(!segs.empty());
    QCOMPARE(segs.back().state(), TaskState::Waiting);
    QCOMPARE(segs.back().wait(), WaitKind::QueueGet);
    QCOMPARE(segs.back().object(), ids.queue);
    QCOMPARE(segs.back().start, 5.0);

    // The human-readable description names the consumer task and what it waits on.
    const QString detail = QString::fromStdString(trace.statusDetail);
    QVERIFY2(detail.contains(QString::fromStdString(ids.consumerName)), qPrintable(detail));
    QVERIFY2(detail.contains("consumer"), qPrintable(detail));
    QVERIFY2(detail.contains(QString::fromStdString(std::string(nameOf(WaitKind::QueueGet)))),
             qPrintable(detail));
    QVERIFY2(detail.contains("queue"), qPrintable(detail));
    bool diagnosed = false;
    for (const Diagnostic& d : trace.diagnostics)
        if (d.kind == Diagnostic::Kind::Deadlock) {
            diagnosed = true;
            QCOMPARE(d.time, 5.0);
            QVERIFY2(QString::fromStdString(d.message).contains(
                         QString::fromStdString(ids.consumerName)),
                     d.message.c_str());
        }
    QVERIFY(diagnosed);
}

QTEST_GUILESS_MAIN(TestQueues)
#include "test_queues.moc"
