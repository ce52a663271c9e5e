// The event loop: ready-queue order, timers on the virtual clock, tie order, deadlock,
// horizon, budget and determinism.
#include "ScenarioSupport.hpp"

#include <loopscope/RingQueue.hpp>
#include <loopscope/TimerHeap.hpp>

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <tuple>

using namespace loopscope;
using namespace scenario;

class TestLoop : public QObject {
    Q_OBJECT
private slots:
    void callSoonRunsInFifoOrder();
    void callbacksScheduledByCallbacksRunNextIteration();
    void timersFireAtTheirDeadlines_data();
    void timersFireAtTheirDeadlines();
    void equalDeadlinesFireInTheOrderTheyWereSet();
    void manyTimersFireInDeadlineThenSequenceOrder();
    void timerHeapPopsLikeASortedSet();
    void readyQueueIsFifoThroughGrowthAndEmptying();
    void poolAlignsBlocksToTheirSize();
    void cancelledTimerDoesNotFire();
    void cancelledSleepLeavesNoTimer();
    void cancelledSleepReleasesItsResultAtOnce();
    void clockJumpsOnlyWhenNothingIsReady();
    void timeIsBitIdenticalToNowPlusDelay();
    void deadlineWithinResolutionIsDue();
    void blockingHoldsTheLoop();
    void deadlockIsReportedNotHung();
    void loopTeardownDropsWhatClosingFramesQueue();
    void horizonStopsTheRun();
    void budgetStopsTheRun();
    void sameRunTwiceGivesIdenticalTrace();
    void taskNamesComeFromAPerRunCounter();
};

void TestLoop::callSoonRunsInFifoOrder() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Loop& loop = Loop::running();
        for (int i = 0; i < 5; ++i)
            loop.callSoon([i] { say("cb" + std::to_string(i)); });
        co_await sleep(0);
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(output(trace), QStringList({"cb0", "cb1", "cb2", "cb3", "cb4"}));
}

void TestLoop::callbacksScheduledByCallbacksRunNextIteration() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Loop& loop = Loop::running();
        loop.callSoon([&loop] {
            say("a");
            loop.callSoon([] { say("c"); });
        });
        loop.callSoon([] { say("b"); });
        co_await sleep(0);
        co_await sleep(0);
    }());
    QCOMPARE(output(trace), QStringList({"a", "b", "c"}));
}

void TestLoop::timersFireAtTheirDeadlines_data() {
    QTest::addColumn<double>("delay");
    QTest::newRow("zero") << 0.0;
    QTest::newRow("tenth") << 0.1;
    QTest::newRow("one") << 1.0;
    QTest::newRow("long") << 3600.5;
}

void TestLoop::timersFireAtTheirDeadlines() {
    QFETCH(double, delay);
    double firedAt = -1;
    auto [r, trace] = runMain([](double d, double* out) -> Co<void> {
        Loop& loop = Loop::running();
        loop.callLater(d, [out, &loop] { *out = loop.time(); });
        co_await sleep(d + 1);
    }(delay, &firedAt));
    QCOMPARE(firedAt, 0.0 + delay);
    QCOMPARE(trace.endTime, delay + 1);
}

void TestLoop::equalDeadlinesFireInTheOrderTheyWereSet() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Loop& loop = Loop::running();
        for (int i = 0; i < 20; ++i)
            loop.callAt(1.0, [i] { say(std::to_string(i)); });
        loop.callAt(0.5, [] { say("early"); });
        co_await sleep(2);
    }());
    QStringList expected{"early"};
    for (int i = 0; i < 20; ++i)
        expected << QString::number(i);
    QCOMPARE(output(trace), expected);
}

namespace {
struct TimerSpec {
    double when;
    bool cancelled;
};

// Many timers on few distinct deadlines (ties everywhere, -0.0 and 0.0 among them), every
// seventh cancelled; each records its index when it fires.
std::vector<TimerSpec> setManyTimers(std::vector<int>* fired) {
    Loop& loop = Loop::running();
    const double deadlines[] = {-0.0, 0.0, -1.0, 0.25, 0.5, 0.5 + 1e-12, 1.0, 3.0};
    std::vector<TimerSpec> specs;
    std::uint32_t x = 12345;
    for (int i = 0; i < 3000; ++i) {
        x = x * 1103515245u + 12345u;
        const double when = deadlines[(x >> 16) % 8];
        Ref<TimerHandle> h = loop.callAt(when, [fired, i] { fired->push_back(i); });
        const bool cancel = i % 7 == 3;
        if (cancel)
            h->cancel();
        specs.push_back(TimerSpec{when, cancel});
    }
    return specs;
}
} // namespace

void TestLoop::manyTimersFireInDeadlineThenSequenceOrder() {
    std::vector<int> fired;
    std::vector<TimerSpec> specs;
    auto [r, trace] = runMain([](std::vector<int>* out, std::vector<TimerSpec>* set) -> Co<void> {
        *set = setManyTimers(out);
        co_await sleep(5);
    }(&fired, &specs));
    QCOMPARE(r.status, RunStatus::Ok);
    std::vector<int> expected;
    for (int i = 0; i < int(specs.size()); ++i)
        if (!specs[i].cancelled)
            expected.push_back(i);
    // -0.0 == 0.0: those two deadlines tie and keep the order the timers were set.
    std::stable_sort(expected.begin(), expected.end(),
                     [&](int a, int b) { return specs[a].when < specs[b].when; });
    QCOMPARE(fired, expected);
}

// The timer heap against a sorted set of (deadline, sequence), over a long random mix of
// sets and pops as a loop makes them: deadlines at or after the last one taken (ties, the
// same delay again and again, a timer due at once), and before it (call_at in the
// past), with -0.0, infinities and NaNs of both signs among them, often several in a row
// with one deadline. Timers are handles and futures (Loop::setResultAt) mixed. Every pop
// and every peek matches, down to the last timer, and hands back the object that was pushed.
void TestLoop::timerHeapPopsLikeASortedSet() {
    using Key = std::tuple<int, double, std::uint64_t>; // (NaN last, deadline, sequence)
    auto keyOf = [](double when, std::uint64_t seq) {
        return std::isnan(when) ? Key{1, 0.0, seq} : Key{0, when + 0.0, seq};
    };
    std::mt19937_64 random(20261207);
    const double delays[] = {0.0, 1e-12, 0.01, 0.0101, 0.0199, 0.02, 0.5, 3.0};
    const double specials[] = {-0.0, 0.0, -1.0, 1e300, std::numeric_limits<double>::infinity(),
                               -std::numeric_limits<double>::infinity(),
                               std::numeric_limits<double>::quiet_NaN(),
                               -std::numeric_limits<double>::quiet_NaN()};
    Loop loop; // the futures' loop; it never runs
    TimerHeap heap;
    std::set<Key> expected;
    // what each sequence pushed: a handle or a future
    std::map<std::uint64_t, RefCounted*> pushed;
    double clock = 0;
    std::uint64_t seq = 0;
    std::size_t futures = 0;
    // Takes the earliest timer off the heap and checks it against `want`.
    auto popAndCheck = [&](const Key& want, const char* when, int op) {
        TimerHeap::Fired t = heap.pop();
        RefCounted* object = t.future ? static_cast<RefCounted*>(t.future.get())
                                      : static_cast<RefCounted*>(t.handle.get());
        const bool oneKind = !t.future != !t.handle;
        if (t.handle && (t.handle->sequence() != t.sequence ||
                         keyOf(t.handle->when(), 0) != keyOf(t.when, 0)))
            return QString("%1 %2: the handle says (%3, %4), the heap (%5, %6)")
                .arg(when).arg(op).arg(t.handle->when()).arg(t.handle->sequence())
                .arg(t.when).arg(t.sequence);
        if (keyOf(t.when, t.sequence) != want || !oneKind || pushed[t.sequence] != object)
            return QString("%1 %2: (%3, %4), expected (%5, %6)")
                .arg(when).arg(op).arg(t.when).arg(t.sequence)
                .arg(std::get<1>(want)).arg(std::get<2>(want));
        if (!std::isnan(t.when) && std::isfinite(t.when))
            clock = std::max(clock, t.when);
        return QString();
    };
    for (int op = 0; op < 200000; ++op) {
        const std::uint64_t r = random();
        if (!expected.empty() && r % 100 < 45) {
            const Key want = *expected.begin();
            expected.erase(expected.begin());
            const QString error = popAndCheck(want, "pop", op);
            if (!error.isEmpty())
                QFAIL(qPrintable(error));
        } else {
            double when;
            const int kind = int(r >> 8) % 20;
            if (kind == 0)
                when = specials[(r >> 16) % std::size(specials)];
            else if (kind < 3)
                when = clock - double((r >> 16) % 1000) * 1e-3; // in the past
            else if (kind < 5)
                when = clock + double((r >> 16) % 1000) * 1e-6;
            else
                when = clock + delays[(r >> 16) % std::size(delays)];
            // Often several in a row with that deadline, as tasks that wake together set them.
            const int burst = (r >> 48) % 3 == 0 ? 1 + int(r >> 52) % 6 : 1;
            for (int k = 0; k < burst; ++k) {
                if ((r >> (40 + k)) % 2) {
                    Ref<Future> f = loop.createFuture();
                    pushed[seq] = f.get();
                    heap.push(when, seq, f);
                    ++futures;
                } else {
                    Ref<TimerHandle> h = makeRef<TimerHandle>(when, seq, [] {});
                    pushed[seq] = h.get();
                    heap.push(h);
                }
                expected.insert(keyOf(when, seq));
                ++seq;
            }
        }
        QCOMPARE(heap.size(), expected.size());
        if (!expected.empty() && r % 7 == 0 &&
            keyOf(heap.topWhen(), heap.topSequence()) != *expected.begin())
            QFAIL(qPrintable(QString("top after op %1 is timer %2").arg(op).arg(heap.topSequence())));
    }
    QVERIFY(seq > 100000);
    QVERIFY(futures > seq / 3 && futures < seq * 2 / 3);
    // What is left, NaN and infinite deadlines among it, pops in order too.
    std::size_t nans = 0, infinities = 0;
    while (!expected.empty()) {
        const Key want = *expected.begin();
        expected.erase(expected.begin());
        const double when = heap.topWhen();
        const QString error = popAndCheck(want, "draining at", int(expected.size()));
        if (!error.isEmpty())
            QFAIL(qPrintable(error));
        nans += std::isnan(when);
        infinities += std::isinf(when);
    }
    QVERIFY(heap.empty());
    QVERIFY(nans > 100);
    QVERIFY(infinities > 100);
    // Equal deadlines taken off while more are set: set two with one deadline, take one, set
    // two more with that deadline, and so on; every timer comes off once, in the order set.
    {
        TimerHeap group;
        std::uint64_t next = 0, taken = 0;
        auto set = [&] { group.push(makeRef<TimerHandle>(5.0, next++, [] {})); };
        group.push(makeRef<TimerHandle>(9.0, next++, [] {})); // a later one, under them
        ++taken;
        for (int round = 0; round < 4; ++round) {
            set();
            set();
            QCOMPARE(group.pop().sequence, taken++);
        }
        while (group.topWhen() == 5.0)
            QCOMPARE(group.pop().sequence, taken++);
        QCOMPARE(taken, next);
        QCOMPARE(group.pop().sequence, std::uint64_t(0));
        QVERIFY(group.empty());
    }
    // and clear() drops what is pending, releasing its reference
    Ref<Future> f = loop.createFuture();
    Ref<TimerHandle> h = makeRef<TimerHandle>(1.0, seq, [] {});
    Ref<TimerHandle> joined = makeRef<TimerHandle>(1.0, seq + 1, [] {});
    heap.push(h);
    heap.push(joined);
    heap.push(2.0, seq + 2, f);
    QCOMPARE(heap.size(), std::size_t(3));
    QCOMPARE(f->refCount(), 2u);
    QCOMPARE(h->refCount(), 2u);
    QCOMPARE(joined->refCount(), 2u);
    heap.clear();
    QVERIFY(heap.empty());
    QCOMPARE(heap.size(), std::size_t(0));
    QCOMPARE(f->refCount(), 1u);
    QCOMPARE(h->refCount(), 1u);
    QCOMPARE(joined->refCount(), 1u);
}

// The ready queue against std::deque: bursts that make it grow (with the ring wrapped), runs
// that empty it (it then starts again at its first slot), and mixes in between. Every
// element comes out once, in order, and its destructor runs once.
void TestLoop::readyQueueIsFifoThroughGrowthAndEmptying() {
    std::mt19937_64 random(7);
    RingQueue<Ref<Future>> queue;
    std::deque<Ref<Future>> expected;
    Loop loop; // the futures' loop; it never runs
    for (int op = 0; op < 20000; ++op) {
        const std::uint64_t r = random();
        const int pushes = (r % 50 == 0) ? int(r >> 8) % 300 : int(r >> 8) % 3;
        const int pops = (r % 40 == 0) ? int(queue.size()) : int(r >> 16) % 3;
        for (int i = 0; i < pushes; ++i) {
            Ref<Future> f = loop.createFuture();
            expected.push_back(f);
            queue.push_back(std::move(f));
        }
        for (int i = 0; i < pops && !expected.empty(); ++i) {
            Ref<Future> got = queue.pop_front();
            if (got != expected.front())
                QFAIL(qPrintable(QString("op %1: out of order").arg(op)));
            QCOMPARE(got->refCount(), 2u); // this one and the expected one: none left behind
            expected.pop_front();
        }
        QCOMPARE(queue.size(), expected.size());
    }
    Ref<Future> last = expected.empty() ? loop.createFuture() : expected.back();
    const std::uint32_t refs = last->refCount();
    queue.clear();
    QVERIFY(queue.empty());
    QCOMPARE(last->refCount(), refs - (expected.empty() ? 0u : 1u));
}

// The small-object pool hands out 16-byte-aligned blocks, 32- or 64-byte-aligned for sizes
// that are multiples of those (a future then fills one cache line), never overlapping, and
// reuses a freed block for the next request of its size.
void TestLoop::poolAlignsBlocksToTheirSize() {
    using namespace loopscope::detail;
    std::mt19937_64 random(64);
    std::vector<std::pair<char*, std::size_t>> blocks;
    for (int i = 0; i < 20000; ++i) {
        const std::size_t bytes = 1 + random() % 400;
        char* p = static_cast<char*>(poolAllocate(bytes));
        const std::size_t rounded = (bytes + 15) / 16 * 16;
        const std::size_t want = rounded % 64 == 0 ? 64 : rounded % 32 == 0 ? 32 : 16;
        if (reinterpret_cast<std::uintptr_t>(p) % want != 0)
            QFAIL(qPrintable(QString("%1 bytes at %2").arg(bytes).arg(quintptr(p), 0, 16)));
        std::memset(p, 0xab, bytes);
        blocks.push_back({p, bytes});
    }
    std::vector<std::pair<char*, std::size_t>> sorted = blocks;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i = 1; i < sorted.size(); ++i)
        QVERIFY(sorted[i - 1].first + sorted[i - 1].second <= sorted[i].first);
    Loop loop;
    Ref<Future> f = loop.createFuture();
    QCOMPARE(reinterpret_cast<std::uintptr_t>(f.get()) % 64, std::uintptr_t(0));
    void* freed = f.get();
    f = nullptr;
    QCOMPARE(static_cast<void*>(loop.createFuture().get()), freed);
    for (auto [p, bytes] : blocks)
        poolDeallocate(p, bytes);
}

void TestLoop::cancelledTimerDoesNotFire() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Loop& loop = Loop::running();
        auto h = loop.callLater(1, [] { say("fired"); });
        loop.callLater(2, [] { say("kept"); });
        h->cancel();
        co_await sleep(3);
    }());
    QCOMPARE(output(trace), QStringList({"kept"}));
}

// A sleep's timer lives in its future (Loop::setResultAt). Cancelling the sleep cancels
// the timer: it neither completes the future nor moves the clock. With a horizon at 5, a
// timer at t=10 still counted would end the run with Horizon at t=5; without it, the main
// task waits on a future nobody can complete: a deadlock at t=1.
void TestLoop::cancelledSleepLeavesNoTimer() {
    LoopOptions opts;
    opts.horizon = 5;
    auto [r, trace] = runMain([]() -> Co<void> {
        Loop& loop = Loop::running();
        Ref<Task> sleeper = createTask(nap(10, Value(std::string("woke"))));
        co_await sleep(1);
        sleeper->cancel();
        try {
            co_await sleeper;
        } catch (const CancelledError&) {
            say("cancelled at " + stamp(loop.time()));
        }
        co_await loop.createFuture();
    }(), opts);
    QCOMPARE(r.status, RunStatus::Deadlock);
    QCOMPARE(trace.endTime, 1.0);
    QCOMPARE(output(trace), QStringList({"cancelled at 1.000"}));
}

// A cancelled sleep lets go of the result it would have returned at once, as CPython's
// h.cancel() drops the timer callback's arguments, not when its deadline comes (here a timer
// at t=90 keeps the cancelled one at t=100 from the top of the heap).
void TestLoop::cancelledSleepReleasesItsResultAtOnce() {
    auto held = std::make_shared<int>(7);
    std::weak_ptr<int> watch = held;
    auto [r, trace] = runMain([](std::shared_ptr<int> result,
                                 std::weak_ptr<int>* watch) -> Co<void> {
        Loop& loop = Loop::running();
        Ref<Task> background = createTask(nap(90));
        Ref<Task> sleeper = createTask(nap(100, Value(std::move(result))));
        co_await sleep(1);
        sleeper->cancel();
        try {
            co_await sleeper;
        } catch (const CancelledError&) {
        }
        say(std::string(watch->expired() ? "released" : "held") + " at " + stamp(loop.time()));
        background->cancel();
    }(std::move(held), &watch));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(output(trace), QStringList({"released at 1.000"}));
}

void TestLoop::clockJumpsOnlyWhenNothingIsReady() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Loop& loop = Loop::running();
        loop.callLater(1, [&loop] { say("timer at " + stamp(loop.time())); });
        for (int i = 0; i < 100; ++i)
            co_await sleep(0); // keeps something ready: the clock must not move
        say("after yields at " + stamp(loop.time()));
        co_await sleep(1);
    }());
    QCOMPARE(output(trace),
             QStringList({"after yields at 0.000", "timer at 1.000"}));
}

void TestLoop::timeIsBitIdenticalToNowPlusDelay() {
    std::vector<double> times;
    runMain([](std::vector<double>* out) -> Co<void> {
        Loop& loop = Loop::running();
        for (int i = 0; i < 10; ++i) {
            co_await sleep(0.1);
            out->push_back(loop.time());
        }
    }(&times));
    double t = 0.0;
    for (double got : times) {
        t = t + 0.1; // CPython: deadline = now + delay; the clock jumps to it exactly
        QCOMPARE(got, t);
    }
    QCOMPARE(times.back(), 0.9999999999999999); // what CPython prints on a virtual clock
}

void TestLoop::deadlineWithinResolutionIsDue() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Loop& loop = Loop::running();
        loop.callLater(1.0, [] { say("a"); });
        loop.callLater(1.0 + 5e-10, [] { say("b (within 1e-9: same iteration)"); });
        loop.callLater(1.0 + 5e-9, [] { say("c (later)"); });
        co_await sleep(2);
    }());
    QCOMPARE(trace.output.size(), std::size_t(3));
    QCOMPARE(trace.output[1].time, 1.0); // b ran when the clock was at a's deadline
    QCOMPARE(trace.output[2].time, 1.0 + 5e-9);
}

void TestLoop::blockingHoldsTheLoop() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Loop& loop = Loop::running();
        auto ticker = createTask([]() -> Co<void> {
            for (int i = 0; i < 3; ++i) {
                co_await sleep(0.5);
                say("tick");
            }
        }());
        co_await sleep(0);
        loop.blockFor(2.0); // time.sleep(2) inside a coroutine
        say("unblocked");
        co_await ticker;
    }());
    // Nothing ran during the block: the ticks come after it, all late.
    QCOMPARE(timedOutput(trace),
             QStringList({"[2.000] unblocked", "[2.000] tick", "[2.500] tick", "[3.000] tick"}));
    bool sawBlocking = false;
    trace.segments.forEach([&](const Segment& s) {
        if (s.task() == 0 && s.state() == TaskState::Blocking) {
            sawBlocking = true;
            QCOMPARE(s.start, 0.0);
            QCOMPARE(s.end, 2.0);
        }
    });
    QVERIFY(sawBlocking);
}

void TestLoop::deadlockIsReportedNotHung() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Future> never = Loop::running().createFuture();
        co_await never;
    }());
    QCOMPARE(r.status, RunStatus::Deadlock);
    QCOMPARE(trace.status, RunStatus::Deadlock);
    QVERIFY(!trace.diagnostics.empty());
    QCOMPARE(trace.diagnostics.front().kind, Diagnostic::Kind::Deadlock);
    QVERIFY(trace.statusDetail.find("Task-1") != std::string::npos);
}

namespace teardown {
// Releases the lock when its frame is destroyed, as a Python `async with lock:` does when the
// loop closes its coroutine.
struct ReleaseOnDestroy {
    explicit ReleaseOnDestroy(std::shared_ptr<Lock> l) : lock(std::move(l)) {}
    ~ReleaseOnDestroy() {
        if (lock->locked())
            lock->release();
    }
    std::shared_ptr<Lock> lock;
};
Co<void> holder(std::shared_ptr<Lock> lock, Ref<Future> never) {
    co_await lock->acquire();
    ReleaseOnDestroy guard(lock);
    co_await never;
}
Co<void> waiter(std::shared_ptr<Lock> lock) {
    co_await lock->acquire();
    lock->release();
}
Co<void> main(Ref<Future>* waiterTask) {
    auto lock = std::make_shared<Lock>("L");
    Ref<Future> never = Loop::running().createFuture();
    createTask(holder(lock, never));
    *waiterTask = createTask(waiter(lock));
    co_await sleep(1);
    co_await never; // deadlock: the holder never lets go while the loop runs
}
} // namespace teardown

// A loop destroyed after a deadlock closes its tasks' frames. The holder's frame releases
// the lock as it goes, which queues the waiter's wakeup: the loop must drop that entry too,
// with the references it holds (it kept the waiter alive, leaked in the pool, before).
void TestLoop::loopTeardownDropsWhatClosingFramesQueue() {
    Ref<Future> waiterTask;
    {
        Loop loop;
        RunResult r = run(loop, teardown::main(&waiterTask));
        QCOMPARE(r.status, RunStatus::Deadlock);
        QVERIFY(!waiterTask->done());
    }
    QCOMPARE(waiterTask->refCount(), 1u); // only ours
}

void TestLoop::horizonStopsTheRun() {
    LoopOptions opts;
    opts.horizon = 10;
    auto [r, trace] = runMain([]() -> Co<void> {
        while (true)
            co_await sleep(3);
    }(), opts);
    QCOMPARE(r.status, RunStatus::Horizon);
    QCOMPARE(trace.endTime, 10.0);
    // One diagnostic for the whole run, however many tasks are left.
    QCOMPARE(trace.diagnostics.size(), std::size_t(1));
    QCOMPARE(trace.diagnostics[0].kind, Diagnostic::Kind::Horizon);
    QCOMPARE(QString::fromStdString(trace.diagnostics[0].message),
             QString("run stopped at t=10.000 (horizon reached) with 1 task pending: "
                     "Task-1 (coro)"));
}

void TestLoop::budgetStopsTheRun() {
    LoopOptions opts;
    opts.eventBudget = 1000;
    auto [r, trace] = runMain([]() -> Co<void> {
        while (true)
            co_await sleep(0);
    }(), opts);
    QCOMPARE(r.status, RunStatus::Budget);
    QCOMPARE(trace.callbacksRun, std::uint64_t(1000));
}

namespace {
Co<void> busyScenario() {
    Semaphore sem(2);
    Queue q(3);
    std::vector<Ref<Future>> tasks;
    for (int i = 0; i < 6; ++i)
        tasks.push_back(createTask([](Semaphore& s, Queue& q, int i) -> Co<void> {
            co_await s.acquire();
            co_await sleep(0.25 * (i % 3 + 1));
            co_await q.put(i);
            s.release();
        }(sem, q, i)));
    for (int i = 0; i < 6; ++i)
        say(std::to_string(as<int>(co_await q.get())));
    co_await gather(tasks);
}

std::string fingerprint(const Trace& t) {
    std::string s;
    t.segments.forEach([&](const Segment& seg) {
        s += std::to_string(seg.task()) + ":" + std::to_string(int(seg.state())) + ":" +
             std::to_string(int(seg.wait())) + ":" + stamp(seg.start) + "-" + stamp(seg.end) + ";";
    });
    t.events.forEach([&](const TraceEvent& e) {
        s += std::to_string(int(e.kind)) + "@" + stamp(e.time) + ":" + std::to_string(e.task) +
             "<" + std::to_string(e.actor) + ";";
    });
    for (const OutputLine& l : t.output)
        s += l.text + "@" + stamp(l.time) + ";";
    return s;
}
} // namespace

void TestLoop::sameRunTwiceGivesIdenticalTrace() {
    auto a = runMain(busyScenario());
    auto b = runMain(busyScenario());
    QCOMPARE(a.result.status, RunStatus::Ok);
    QCOMPARE(a.trace.output.size(), std::size_t(6));
    QCOMPARE(fingerprint(a.trace), fingerprint(b.trace));
}

void TestLoop::taskNamesComeFromAPerRunCounter() {
    for (int run = 0; run < 2; ++run) {
        std::vector<std::string> names;
        auto [r, trace] = runMain([](std::vector<std::string>* names) -> Co<void> {
            auto a = createTask(nap(1));
            auto b = createTask(nap(1), "named");
            auto c = createTask(nap(1));
            names->push_back(a->name());
            names->push_back(b->name());
            names->push_back(c->name());
            co_await gather(a, b, c);
        }(&names));
        // A given name still draws a number, as asyncio.create_task(name=...) does.
        QCOMPARE(names, (std::vector<std::string>{"Task-2", "named", "Task-4"}));
        QCOMPARE(QString::fromStdString(trace.tasks[0].name), QString("Task-1"));
        QCOMPARE(trace.tasks.size(), std::size_t(4));
    }
}

QTEST_GUILESS_MAIN(TestLoop)
#include "test_loop.moc"
