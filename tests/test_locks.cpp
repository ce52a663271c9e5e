// Pins the synchronisation primitives (Lock, Event, Condition, Semaphore, BoundedSemaphore)
// to CPython 3.11's asyncio/locks.py on the virtual clock: results, exceptions and their
// messages, who is woken in what order and at what virtual time, and what cancelling a
// waiter (before or after it was woken) does to the primitive.
//
// Every expected print order and time below was produced by running the equivalent Python
// script on CPython's own asyncio with tests/conformance/reference_run.py --timestamps. The
// scripts are reproduced in the comment above each test where they differ from the C++ in more
// than syntax.
#include "ScenarioSupport.hpp"

#include <QtTest>

#include <algorithm>

using namespace loopscope;
using namespace scenario;

namespace {

/// repr(float): the shortest form that round-trips ("0.9999999999999999", "0.1").
std::string repr(double t) { return formatValue(Value(t)); }

TaskId currentId() { return Loop::running().currentTask()->id(); }

} // namespace

class TestLocks : public QObject {
    Q_OBJECT
private slots:
    // Lock
    void lockHandsOverToWaitersInFifoOrder();
    void lockProtectedCounter_data();
    void lockProtectedCounter();
    void releasingAnUnlockedLockRaisesRuntimeError();
    void cancelledLockWaiterIsSkipped();
    void cancellingAWokenLockWaiterPassesTheLockOn();
    void lockedStateAndHolderFollowTheAcquiringTask();
    void releaserCannotBargeAheadOfTheWokenWaiter();
    void waiterCancelledBeforeReleaseLetsAcquireSucceedAtOnce();
    void acquireTimingOutUnderWaitForLeavesTheQueue();
    // Event
    void eventSetWakesAllWaitersInOrderAtTheSetTime();
    void waitOnASetEventReturnsWithoutYielding();
    void clearedEventBlocksAgain();
    void tutorialEventWaiterAndSetter();
    void cancelledEventWaiterIsRemoved();
    void clearRightAfterSetStillWakesTheWaiters();
    // Condition
    void conditionWaitReleasesAndReacquiresTheLock();
    void notifyWakesNWaitersInFifoOrder_data();
    void notifyWakesNWaitersInFifoOrder();
    void waitForRechecksThePredicateAfterEachNotify();
    void notifyAndWaitWithoutTheLockRaiseRuntimeError();
    void conditionOverAGivenLockSharesIt();
    void cancelledConditionWaitStillReacquiresTheLock();
    void cancelWhileReacquiringAfterNotifyStillTakesTheLock();
    void notifySkipsACancelledWaiter();
    void waitForWithATruePredicateDoesNotWait();
    // Semaphore
    void tutorialSemaphoreLetsThreeInAtATime();
    void negativeInitialValueRaisesValueError();
    void semaphoreLockedFollowsItsValue();
    void semaphoreWakesWaitersInFifoOrder();
    void cancelledSemaphoreWaiterDoesNotTakeAPermit();
    void cancellingAWokenSemaphoreWaiterPassesThePermitOn();
    void semaphoreValueOverTime();
    // BoundedSemaphore
    void boundedSemaphoreRejectsOverRelease();
};

// ---------------------------------------------------------------------------------------- Lock

// Four tasks block on a held lock; each release hands it to the oldest waiter, which keeps
// it 0.5 s. len(lock._waiters) is 4 while they all wait.
void TestLocks::lockHandsOverToWaitersInFifoOrder() {
    std::size_t waiting = 0;
    auto [r, trace] = runMain([](std::size_t* waiting) -> Co<void> {
        Lock lock;
        co_await lock.acquire();
        std::vector<Ref<Future>> tasks;
        for (int i = 0; i < 4; ++i)
            tasks.push_back(createTask([](Lock& lock, int i) -> Co<void> {
                say("w" + num(i) + " waits");
                co_await lock.acquire();
                say("w" + num(i) + " got");
                co_await sleep(0.5);
                lock.release();
            }(lock, i)));
        co_await sleep(1);
        *waiting = lock.waiters();
        say("main releases");
        lock.release();
        co_await gather(tasks);
        say(flag("locked", lock.locked()));
    }(&waiting));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(waiting, std::size_t(4));
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[0.000] w0 waits",
                                     "[0.000] w1 waits",
                                     "[0.000] w2 waits",
                                     "[0.000] w3 waits",
                                     "[1.000] main releases",
                                     "[1.000] w0 got",
                                     "[1.500] w1 got",
                                     "[2.000] w2 got",
                                     "[2.500] w3 got",
                                     "[3.000] locked=False",
                                 }));
    QCOMPARE(trace.endTime, 3.0);
}

namespace {
// The tutorial's read-sleep-write increment; `lock` null means "without the lock".
Co<void> increment(Lock* lock, int* counter) {
    if (lock)
        co_await lock->acquire();
    int temp = *counter;
    co_await sleep(0.1);
    *counter = temp + 1;
    if (lock)
        lock->release();
}
} // namespace

void TestLocks::lockProtectedCounter_data() {
    QTest::addColumn<bool>("useLock");
    QTest::addColumn<int>("expectedCounter");
    QTest::addColumn<QString>("expectedEnd"); // repr(loop.time()) in CPython
    // Serialised: ten 0.1 s critical sections back to back, each deadline now + 0.1.
    QTest::newRow("with lock") << true << 10 << "0.9999999999999999";
    // Unprotected: all ten read 0 before anyone writes; the lost updates leave 1.
    QTest::newRow("without lock") << false << 1 << "0.1";
}

// The tutorial: ten increment() tasks gathered over a shared counter.
void TestLocks::lockProtectedCounter() {
    QFETCH(bool, useLock);
    QFETCH(int, expectedCounter);
    QFETCH(QString, expectedEnd);
    int counter = 0;
    double end = -1;
    auto [r, trace] = runMain([](bool useLock, int* counter, double* end) -> Co<void> {
        Lock lock;
        std::vector<Ref<Future>> tasks;
        for (int i = 0; i < 10; ++i)
            tasks.push_back(createTask(increment(useLock ? &lock : nullptr, counter)));
        co_await gather(tasks);
        *end = Loop::running().time();
        say("counter=" + num(*counter));
    }(useLock, &counter, &end));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(counter, expectedCounter);
    QCOMPARE(QString::fromStdString(repr(end)), expectedEnd);
    QCOMPARE(QString::fromStdString(repr(trace.endTime)), expectedEnd);
}

// lock.release() on an unlocked lock, fresh or already released: RuntimeError.
void TestLocks::releasingAnUnlockedLockRaisesRuntimeError() {
    std::vector<std::string> errors;
    auto [r, trace] = runMain([](std::vector<std::string>* errors) -> Co<void> {
        Lock lock;
        try {
            lock.release();
        } catch (const RuntimeError& e) {
            errors->push_back(e.message());
        }
        co_await lock.acquire();
        lock.release();
        try {
            lock.release();
        } catch (const RuntimeError& e) {
            errors->push_back(e.message());
        }
    }(&errors));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(errors, (std::vector<std::string>(2, "Lock is not acquired.")));
}

// w1 is cancelled at 0.5 while queued; at the release w0 gets the lock, then w2 — w1 is
// neither woken nor left in the queue.
void TestLocks::cancelledLockWaiterIsSkipped() {
    std::vector<bool> cancelled;
    auto [r, trace] = runMain([](std::vector<bool>* cancelled) -> Co<void> {
        Lock lock;
        co_await lock.acquire();
        std::vector<Ref<Task>> tasks;
        std::vector<Ref<Future>> futs;
        for (int i = 0; i < 3; ++i) {
            tasks.push_back(createTask([](Lock& lock, int i) -> Co<void> {
                try {
                    co_await lock.acquire();
                } catch (const CancelledError&) {
                    say("w" + num(i) + " cancelled");
                    throw;
                }
                say("w" + num(i) + " got");
                co_await sleep(0.5);
                lock.release();
            }(lock, i)));
            futs.push_back(tasks.back());
        }
        co_await sleep(0.5);
        tasks[1]->cancel();
        co_await sleep(0.5);
        say("main releases");
        lock.release();
        co_await gather(futs, true);
        for (auto& t : tasks)
            cancelled->push_back(t->cancelled());
        say(flag("locked", lock.locked()) + " waiters=" + num(lock.waiters()));
    }(&cancelled));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(cancelled, (std::vector<bool>{false, true, false}));
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[0.500] w1 cancelled",
                                     "[1.000] main releases",
                                     "[1.000] w0 got",
                                     "[1.500] w2 got",
                                     "[2.000] locked=False waiters=0",
                                 }));
}

// release() wakes w0, and w0 is cancelled before it runs: its acquire() sees the lock free
// and wakes w1, which gets the lock in the same instant.
void TestLocks::cancellingAWokenLockWaiterPassesTheLockOn() {
    TaskId w1 = kNone, holderSeenByW1 = kNone;
    auto [r, trace] = runMain([](TaskId* w1, TaskId* seen) -> Co<void> {
        Lock lock;
        co_await lock.acquire();
        std::vector<Ref<Task>> tasks;
        std::vector<Ref<Future>> futs;
        for (int i = 0; i < 2; ++i) {
            tasks.push_back(createTask([](Lock& lock, int i, TaskId* seen) -> Co<void> {
                try {
                    co_await lock.acquire();
                } catch (const CancelledError&) {
                    say("w" + num(i) + " cancelled, " + flag("locked", lock.locked()));
                    throw;
                }
                say("w" + num(i) + " got");
                *seen = lock.holder();
                lock.release();
            }(lock, i, seen)));
            futs.push_back(tasks.back());
        }
        *w1 = tasks[1]->id();
        co_await sleep(1);
        lock.release();
        tasks[0]->cancel();
        say("released and cancelled w0, " + flag("locked", lock.locked()));
        co_await gather(futs, true);
        say(flag("locked", lock.locked()));
    }(&w1, &holderSeenByW1));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[1.000] released and cancelled w0, locked=False",
                                     "[1.000] w0 cancelled, locked=False",
                                     "[1.000] w1 got",
                                     "[1.000] locked=False",
                                 }));
    QCOMPARE(holderSeenByW1, w1);
}

// locked() turns on with acquire and off with release; holder() names the acquiring task
// (asyncio has no owner: holder() is loopscope's addition, for the deadlock picture).
void TestLocks::lockedStateAndHolderFollowTheAcquiringTask() {
    struct Seen {
        TaskId mainId = kNone, childId = kNone;
        TaskId fresh = 0, mainHolds = 0, released = 0, childHolds = 0, afterChild = 0;
        std::size_t holdersWhileChild = 0;
    } seen;
    auto [r, trace] = runMain([](Seen* s) -> Co<void> {
        Lock lock;
        s->mainId = currentId();
        s->fresh = lock.holder();
        say("new, " + flag("locked", lock.locked()));
        co_await lock.acquire();
        s->mainHolds = lock.holder();
        say("main holds, " + flag("locked", lock.locked()));
        lock.release();
        s->released = lock.holder();
        say("main released, " + flag("locked", lock.locked()));
        Ref<Task> t = createTask([](Lock& lock) -> Co<void> {
            co_await lock.acquire();
            say("child holds, " + flag("locked", lock.locked()));
            co_await sleep(1);
            lock.release();
            say("child released, " + flag("locked", lock.locked()));
        }(lock));
        s->childId = t->id();
        co_await sleep(0.5);
        s->childHolds = lock.holder();
        s->holdersWhileChild = lock.holders().size();
        say("while child holds, " + flag("locked", lock.locked()));
        co_await t;
        s->afterChild = lock.holder();
    }(&seen));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[0.000] new, locked=False",
                                     "[0.000] main holds, locked=True",
                                     "[0.000] main released, locked=False",
                                     "[0.000] child holds, locked=True",
                                     "[0.500] while child holds, locked=True",
                                     "[1.000] child released, locked=False",
                                 }));
    QCOMPARE(seen.fresh, kNone);
    QCOMPARE(seen.mainHolds, seen.mainId);
    QCOMPARE(seen.released, kNone);
    QCOMPARE(seen.childHolds, seen.childId);
    QCOMPARE(seen.holdersWhileChild, std::size_t(1));
    QCOMPARE(seen.afterChild, kNone);
}

// release() wakes w0; main then calls acquire() again in the same step. The lock is free,
// but a woken waiter is still queued: main queues behind it and only gets the lock when
// w0 releases it at t=2.
void TestLocks::releaserCannotBargeAheadOfTheWokenWaiter() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Lock lock;
        co_await lock.acquire();
        Ref<Task> t = createTask([](Lock& lock) -> Co<void> {
            co_await lock.acquire();
            say("w0 got");
            co_await sleep(1);
            lock.release();
        }(lock));
        co_await sleep(1);
        lock.release();
        say("main released, " + flag("locked", lock.locked()) + ", tries again");
        co_await lock.acquire();
        say("main got it back");
        lock.release();
        co_await t;
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[1.000] main released, locked=False, tries again",
                                     "[1.000] w0 got",
                                     "[2.000] main got it back",
                                 }));
}

// w0 is cancelled, then main releases and re-acquires in the same step: the only queued
// waiter is cancelled, so acquire() takes the lock at once; w0 then ends cancelled without
// touching the lock.
void TestLocks::waiterCancelledBeforeReleaseLetsAcquireSucceedAtOnce() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Lock lock;
        co_await lock.acquire();
        Ref<Task> t = createTask([](Lock& lock) -> Co<void> {
            try {
                co_await lock.acquire();
            } catch (const CancelledError&) {
                say("w0 cancelled, " + flag("locked", lock.locked()));
                throw;
            }
            say("w0 got");
        }(lock));
        co_await sleep(1);
        t->cancel();
        lock.release();
        co_await lock.acquire();
        say("main re-acquired at once, " + flag("locked", lock.locked()));
        co_await sleep(0);
        say(std::string("w0 done=") + py(t->done()) + " cancelled=" + py(t->cancelled()));
        lock.release();
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[1.000] main re-acquired at once, locked=True",
                                     "[1.000] w0 cancelled, locked=True",
                                     "[1.000] w0 done=True cancelled=True",
                                 }));
}

// wait_for(lock.acquire(), 1) times out at t=1 (TimeoutError) and leaves the queue; the
// release at t=2 goes to w1, whose wait_for(…, 5) is still running.
void TestLocks::acquireTimingOutUnderWaitForLeavesTheQueue() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Lock lock;
        co_await lock.acquire();
        std::vector<Ref<Future>> tasks;
        for (int i = 0; i < 2; ++i)
            tasks.push_back(createTask([](Lock& lock, int i, double timeout) -> Co<void> {
                try {
                    co_await waitFor(lock.acquire(), timeout);
                } catch (const TimeoutError&) {
                    say("w" + num(i) + " timed out");
                    co_return;
                }
                say("w" + num(i) + " got");
                lock.release();
            }(lock, i, i == 0 ? 1.0 : 5.0)));
        co_await sleep(2);
        say("main releases");
        lock.release();
        co_await gather(tasks);
        say(flag("locked", lock.locked()));
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[1.000] w0 timed out",
                                     "[2.000] main releases",
                                     "[2.000] w1 got",
                                     "[2.000] locked=False",
                                 }));
}

// --------------------------------------------------------------------------------------- Event

// Three waiters; set() at 1.5 wakes all of them, in the order they started waiting, at 1.5.
// wait() returns True.
void TestLocks::eventSetWakesAllWaitersInOrderAtTheSetTime() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Event ev;
        std::vector<Ref<Future>> tasks;
        for (int i = 0; i < 3; ++i)
            tasks.push_back(createTask([](Event& ev, int i) -> Co<void> {
                say("w" + num(i) + " waits");
                bool got = co_await ev.wait();
                say("w" + num(i) + " woke " + py(got));
            }(ev, i)));
        co_await sleep(1.5);
        say("set");
        ev.set();
        say(flag("is_set", ev.isSet()));
        co_await gather(tasks);
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[0.000] w0 waits",
                                     "[0.000] w1 waits",
                                     "[0.000] w2 waits",
                                     "[1.500] set",
                                     "[1.500] is_set=True",
                                     "[1.500] w0 woke True",
                                     "[1.500] w1 woke True",
                                     "[1.500] w2 woke True",
                                 }));
}

// wait() on a set event returns at once without giving up the loop: a task created just
// before has not run yet when wait() returns.
void TestLocks::waitOnASetEventReturnsWithoutYielding() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Event ev;
        ev.set();
        Ref<Task> t = createTask([]() -> Co<void> {
            say("other runs");
            co_return;
        }());
        bool got = co_await ev.wait();
        say(std::string("wait returned ") + py(got));
        co_await t;
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace),
             QStringList({"[0.000] wait returned True", "[0.000] other runs"}));
}

// clear() after set() makes wait() block until the next set(); clearing twice is harmless.
void TestLocks::clearedEventBlocksAgain() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Event ev;
        ev.set();
        ev.clear();
        say(flag("is_set", ev.isSet()));
        Ref<Task> t = createTask([](Event& ev) -> Co<void> {
            co_await ev.wait();
            say("waiter woke");
        }(ev));
        co_await sleep(1);
        say("set");
        ev.set();
        co_await t;
        ev.clear();
        ev.clear();
        say(flag("is_set", ev.isSet()));
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[0.000] is_set=False",
                                     "[1.000] set",
                                     "[1.000] waiter woke",
                                     "[1.000] is_set=False",
                                 }));
}

// The tutorial: gather(waiter(event), setter(event)); the setter sets after sleep(2).
void TestLocks::tutorialEventWaiterAndSetter() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Event event;
        std::vector<Ref<Future>> tasks;
        tasks.push_back(createTask([](Event& event) -> Co<void> {
            say("等待事件...");
            co_await event.wait();
            say("事件触发了!");
        }(event).named("waiter")));
        tasks.push_back(createTask([](Event& event) -> Co<void> {
            co_await sleep(2);
            event.set();
        }(event).named("setter")));
        co_await gather(tasks);
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({"[0.000] 等待事件...", "[2.000] 事件触发了!"}));
    QCOMPARE(trace.endTime, 2.0);
}

// w0 is cancelled at 0.5 while waiting: it leaves the waiter list and sees CancelledError;
// set() at 1.0 wakes the other two.
void TestLocks::cancelledEventWaiterIsRemoved() {
    std::size_t waitersAfterCancel = 99;
    auto [r, trace] = runMain([](std::size_t* left) -> Co<void> {
        Event ev;
        std::vector<Ref<Task>> tasks;
        std::vector<Ref<Future>> futs;
        for (int i = 0; i < 3; ++i) {
            tasks.push_back(createTask([](Event& ev, int i) -> Co<void> {
                try {
                    co_await ev.wait();
                } catch (const CancelledError&) {
                    say("w" + num(i) + " cancelled");
                    throw;
                }
                say("w" + num(i) + " woke");
            }(ev, i)));
            futs.push_back(tasks.back());
        }
        co_await sleep(0.5);
        tasks[0]->cancel();
        co_await sleep(0.5);
        *left = ev.waiters();
        say("set");
        ev.set();
        co_await gather(futs, true);
    }(&waitersAfterCancel));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(waitersAfterCancel, std::size_t(2));
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[0.500] w0 cancelled",
                                     "[1.000] set",
                                     "[1.000] w1 woke",
                                     "[1.000] w2 woke",
                                 }));
}

// set() resolves the waiters' futures at once: a clear() right after does not take the
// wake-up back. Both waiters return True and then see the flag cleared.
void TestLocks::clearRightAfterSetStillWakesTheWaiters() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Event ev;
        std::vector<Ref<Future>> tasks;
        for (int i = 0; i < 2; ++i)
            tasks.push_back(createTask([](Event& ev, int i) -> Co<void> {
                bool got = co_await ev.wait();
                say("w" + num(i) + " woke " + py(got) + ", " + flag("is_set", ev.isSet()));
            }(ev, i)));
        co_await sleep(1);
        ev.set();
        ev.clear();
        say("set and cleared");
        co_await gather(tasks);
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[1.000] set and cleared",
                                     "[1.000] w0 woke True, is_set=False",
                                     "[1.000] w1 woke True, is_set=False",
                                 }));
}

// ----------------------------------------------------------------------------------- Condition

// w waits with the lock; main can take the lock at 0.5 (wait released it), notifies and
// keeps the lock until 1.5: w only resumes then, holding the lock again.
void TestLocks::conditionWaitReleasesAndReacquiresTheLock() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Condition cond;
        Ref<Task> t = createTask([](Condition& cond) -> Co<void> {
            co_await cond.acquire();
            say("w waits");
            bool got = co_await cond.wait();
            say(std::string("w resumed ") + py(got) + ", " + flag("locked", cond.locked()));
            cond.release();
        }(cond));
        co_await sleep(0.5);
        say("main sees " + flag("locked", cond.locked()));
        co_await cond.acquire();
        cond.notify();
        say("main notified, keeps the lock 1s");
        co_await sleep(1);
        say("main releases");
        cond.release();
        co_await t;
        say(flag("locked", cond.locked()));
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[0.000] w waits",
                                     "[0.500] main sees locked=False",
                                     "[0.500] main notified, keeps the lock 1s",
                                     "[1.500] main releases",
                                     "[1.500] w resumed True, locked=True",
                                     "[1.500] locked=False",
                                 }));
}

void TestLocks::notifyWakesNWaitersInFifoOrder_data() {
    QTest::addColumn<int>("n");
    QTest::addColumn<QStringList>("expected");
    // Four waiters; notify(n) at 1, notify_all() at 2 (both with the lock, released at once).
    auto rest = [](int first) {
        QStringList l;
        for (int i = 0; i < 4; ++i)
            if (i >= first)
                l << QString("[2.000] w%1 woke").arg(i);
        return l;
    };
    auto firstWave = [](int n) {
        QStringList l;
        l << QString("[1.000] notified %1").arg(n);
        for (int i = 0; i < std::min(n, 4); ++i)
            l << QString("[1.000] w%1 woke").arg(i);
        l << "[2.000] notified all";
        return l;
    };
    for (int n : {0, 1, 2, 3, 10})
        QTest::newRow(qPrintable(QString("notify(%1)").arg(n))) << n << firstWave(n) + rest(n);
}

// notify(n) wakes the n oldest waiters (all of them if n exceeds the count, none for 0);
// notify_all() the rest. Each woken waiter takes the lock in turn.
void TestLocks::notifyWakesNWaitersInFifoOrder() {
    QFETCH(int, n);
    QFETCH(QStringList, expected);
    auto [r, trace] = runMain([](int n) -> Co<void> {
        Condition cond;
        std::vector<Ref<Future>> tasks;
        for (int i = 0; i < 4; ++i)
            tasks.push_back(createTask([](Condition& cond, int i) -> Co<void> {
                co_await cond.acquire();
                co_await cond.wait();
                say("w" + num(i) + " woke");
                cond.release();
            }(cond, i)));
        co_await sleep(1);
        co_await cond.acquire();
        cond.notify(static_cast<std::size_t>(n));
        cond.release();
        say("notified " + num(n));
        co_await sleep(1);
        co_await cond.acquire();
        cond.notifyAll();
        cond.release();
        say("notified all");
        co_await gather(tasks);
    }(n));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), expected);
}

// wait_for(pred) checks once up front and once after every notify: x reaches 3 at t=3,
// after 4 checks; it returns the predicate's (true) value.
void TestLocks::waitForRechecksThePredicateAfterEachNotify() {
    int x = 0, calls = 0;
    auto [r, trace] = runMain([](int* x, int* calls) -> Co<void> {
        Condition cond;
        Ref<Task> t = createTask([](Condition& cond, int* x, int* calls) -> Co<void> {
            co_await cond.acquire();
            bool got = co_await cond.waitFor([x, calls] {
                ++*calls;
                return *x >= 3;
            });
            say(std::string("predicate true: ") + py(got) + " after " + num(*calls) + " checks");
            cond.release();
        }(cond, x, calls));
        for (int i = 0; i < 5; ++i) {
            co_await sleep(1);
            co_await cond.acquire();
            ++*x;
            say("x=" + num(*x));
            cond.notify();
            cond.release();
        }
        co_await t;
    }(&x, &calls));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[1.000] x=1",
                                     "[2.000] x=2",
                                     "[3.000] x=3",
                                     "[3.000] predicate true: True after 4 checks",
                                     "[4.000] x=4",
                                     "[5.000] x=5",
                                 }));
    QCOMPARE(calls, 4);
}

// notify(), notify_all() and wait() without holding the lock: RuntimeError; the lock stays free.
void TestLocks::notifyAndWaitWithoutTheLockRaiseRuntimeError() {
    std::vector<std::string> errors;
    bool lockedAfter = true;
    auto [r, trace] = runMain([](std::vector<std::string>* errors, bool* locked) -> Co<void> {
        Condition cond;
        try {
            cond.notify();
        } catch (const RuntimeError& e) {
            errors->push_back(e.message());
        }
        try {
            cond.notifyAll();
        } catch (const RuntimeError& e) {
            errors->push_back(e.message());
        }
        try {
            co_await cond.wait();
        } catch (const RuntimeError& e) {
            errors->push_back(e.message());
        }
        *locked = cond.locked();
    }(&errors, &lockedAfter));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(errors, (std::vector<std::string>{"cannot notify on un-acquired lock",
                                               "cannot notify on un-acquired lock",
                                               "cannot wait on un-acquired lock"}));
    QCOMPARE(lockedAfter, false);
}

// Condition(lock): the condition's locked/acquire/release are the given lock's.
void TestLocks::conditionOverAGivenLockSharesIt() {
    bool condLocked = false, lockLocked = true, same = false;
    auto [r, trace] = runMain([](bool* condLocked, bool* lockLocked, bool* same) -> Co<void> {
        Lock lock;
        Condition cond(&lock);
        *same = &cond.lock() == &lock;
        co_await lock.acquire();
        *condLocked = cond.locked();
        cond.release();
        *lockLocked = lock.locked();
    }(&condLocked, &lockLocked, &same));
    QCOMPARE(r.status, RunStatus::Ok);
    QVERIFY(same);
    QCOMPARE(condLocked, true);
    QCOMPARE(lockLocked, false);
}

// w is cancelled while waiting, with main holding the lock: the CancelledError only reaches
// w at 1.5, once wait() has taken the lock back (w holds it in its except block).
void TestLocks::cancelledConditionWaitStillReacquiresTheLock() {
    TaskId wId = kNone, holderWhenCancelled = kNone;
    auto [r, trace] = runMain([](TaskId* wId, TaskId* holder) -> Co<void> {
        Condition cond;
        Ref<Task> t = createTask([](Condition& cond, TaskId* holder) -> Co<void> {
            co_await cond.acquire();
            try {
                co_await cond.wait();
            } catch (const CancelledError&) {
                *holder = cond.lock().holder();
                say("w cancelled, " + flag("locked", cond.locked()));
                cond.release();
                throw;
            }
        }(cond, holder));
        *wId = t->id();
        co_await sleep(0.5);
        co_await cond.acquire();
        say("main holds the lock and cancels w");
        t->cancel();
        co_await sleep(1);
        say("main releases");
        cond.release();
        try {
            co_await t;
        } catch (const CancelledError&) {
            say(std::string("w ended cancelled=") + py(t->cancelled()) + ", " +
                flag("locked", cond.locked()));
        }
    }(&wId, &holderWhenCancelled));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[0.500] main holds the lock and cancels w",
                                     "[1.500] main releases",
                                     "[1.500] w cancelled, locked=True",
                                     "[1.500] w ended cancelled=True, locked=False",
                                 }));
    QCOMPARE(holderWhenCancelled, wId);
}

// w was notified at 1.0 but main keeps the lock; at 1.5, while wait() is blocked re-taking
// the lock, w is cancelled. wait() keeps trying, gets the lock at 2.0 when main releases,
// and only then raises CancelledError instead of returning True.
void TestLocks::cancelWhileReacquiringAfterNotifyStillTakesTheLock() {
    TaskId wId = kNone, holderWhenCancelled = kNone;
    auto [r, trace] = runMain([](TaskId* wId, TaskId* holder) -> Co<void> {
        Condition cond;
        Ref<Task> t = createTask([](Condition& cond, TaskId* holder) -> Co<void> {
            co_await cond.acquire();
            try {
                bool got = co_await cond.wait();
                say(std::string("w returned ") + py(got));
            } catch (const CancelledError&) {
                *holder = cond.lock().holder();
                say("w cancelled, " + flag("locked", cond.locked()));
                cond.release();
                throw;
            }
        }(cond, holder));
        *wId = t->id();
        co_await sleep(1);
        co_await cond.acquire();
        cond.notify();
        co_await sleep(0.5); // w is now blocked re-acquiring the lock
        say("main cancels w while it re-acquires");
        t->cancel();
        co_await sleep(0.5);
        say("main releases");
        cond.release();
        try {
            co_await t;
        } catch (const CancelledError&) {
            say(std::string("w ended cancelled=") + py(t->cancelled()) + ", " +
                flag("locked", cond.locked()));
        }
    }(&wId, &holderWhenCancelled));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[1.500] main cancels w while it re-acquires",
                                     "[2.000] main releases",
                                     "[2.000] w cancelled, locked=True",
                                     "[2.000] w ended cancelled=True, locked=False",
                                 }));
    QCOMPARE(holderWhenCancelled, wId);
}

// w0 is cancelled and notify(1) called in the same step: w0's future is already cancelled,
// so the notification goes to w1. w0 still takes the lock back before seeing CancelledError.
void TestLocks::notifySkipsACancelledWaiter() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Condition cond;
        std::vector<Ref<Task>> tasks;
        std::vector<Ref<Future>> futs;
        for (int i = 0; i < 3; ++i) {
            tasks.push_back(createTask([](Condition& cond, int i) -> Co<void> {
                co_await cond.acquire();
                try {
                    co_await cond.wait();
                } catch (const CancelledError&) {
                    say("w" + num(i) + " cancelled, " + flag("locked", cond.locked()));
                    cond.release();
                    throw;
                }
                say("w" + num(i) + " notified");
                cond.release();
            }(cond, i)));
            futs.push_back(tasks.back());
        }
        co_await sleep(1);
        co_await cond.acquire();
        tasks[0]->cancel();
        cond.notify(1);
        cond.release();
        say("cancelled w0, notified 1");
        co_await sleep(1);
        co_await cond.acquire();
        cond.notify();
        cond.release();
        say("notified 1");
        co_await gather(futs, true);
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[1.000] cancelled w0, notified 1",
                                     "[1.000] w0 cancelled, locked=True",
                                     "[1.000] w1 notified",
                                     "[2.000] notified 1",
                                     "[2.000] w2 notified",
                                 }));
}

// wait_for() with a predicate that is already true returns at once, keeping the lock and
// the loop (CPython returns the predicate's value; loopscope's waitFor returns it as bool).
void TestLocks::waitForWithATruePredicateDoesNotWait() {
    int checks = 0;
    auto [r, trace] = runMain([](int* checks) -> Co<void> {
        Condition cond;
        co_await cond.acquire();
        Ref<Task> t = createTask([]() -> Co<void> {
            say("other runs");
            co_return;
        }());
        bool got = co_await cond.waitFor([checks] {
            ++*checks;
            return true;
        });
        say(std::string("wait_for returned ") + py(got) + " without waiting, " +
            flag("locked", cond.locked()));
        cond.release();
        co_await t;
    }(&checks));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[0.000] wait_for returned True without waiting, locked=True",
                                     "[0.000] other runs",
                                 }));
    QCOMPARE(checks, 1);
}

// ----------------------------------------------------------------------------------- Semaphore

namespace {
struct Concurrency {
    int inside = 0;
    int peak = 0;
};

// The tutorial's limited_task: `async with semaphore`, then two seconds of work.
Co<void> limitedTask(Semaphore& sem, int id, Concurrency* c) {
    co_await sem.acquire();
    c->peak = std::max(c->peak, ++c->inside);
    say("任务 " + num(id) + " 开始");
    co_await sleep(2);
    say("任务 " + num(id) + " 完成");
    --c->inside;
    sem.release();
}
} // namespace

// The tutorial: ten 2 s tasks behind Semaphore(3) run in waves of three (0,1,2 / 3,4,5 /
// 6,7,8 / 9) and end at t=8; never more than three are inside at once.
void TestLocks::tutorialSemaphoreLetsThreeInAtATime() {
    Concurrency c;
    int finalValue = -1;
    auto [r, trace] = runMain([](Concurrency* c, int* finalValue) -> Co<void> {
        Semaphore semaphore(3, "semaphore");
        std::vector<Ref<Future>> tasks;
        for (int id = 0; id < 10; ++id)
            tasks.push_back(createTask(limitedTask(semaphore, id, c).named("limited_task")));
        co_await gather(tasks);
        *finalValue = semaphore.value();
    }(&c, &finalValue));
    QCOMPARE(r.status, RunStatus::Ok);
    QStringList expected;
    // CPython interleaves each wave's ends with the next wave's starts: list it as printed.
    expected << "[0.000] 任务 0 开始" << "[0.000] 任务 1 开始" << "[0.000] 任务 2 开始"
             << "[2.000] 任务 0 完成" << "[2.000] 任务 1 完成" << "[2.000] 任务 2 完成"
             << "[2.000] 任务 3 开始" << "[2.000] 任务 4 开始" << "[2.000] 任务 5 开始"
             << "[4.000] 任务 3 完成" << "[4.000] 任务 4 完成" << "[4.000] 任务 5 完成"
             << "[4.000] 任务 6 开始" << "[4.000] 任务 7 开始" << "[4.000] 任务 8 开始"
             << "[6.000] 任务 6 完成" << "[6.000] 任务 7 完成" << "[6.000] 任务 8 完成"
             << "[6.000] 任务 9 开始" << "[8.000] 任务 9 完成";
    QCOMPARE(timedOutput(trace), expected);
    QCOMPARE(trace.endTime, 8.0);
    QCOMPARE(c.peak, 3);
    QCOMPARE(c.inside, 0);
    QCOMPARE(finalValue, 3);
}

// Semaphore(-1) and BoundedSemaphore(-1): ValueError with CPython's message.
void TestLocks::negativeInitialValueRaisesValueError() {
    std::vector<std::string> errors;
    bool zeroLocked = false;
    auto [r, trace] = runMain([](std::vector<std::string>* errors, bool* zeroLocked) -> Co<void> {
        try {
            Semaphore s(-1);
            errors->push_back("no error");
        } catch (const ValueError& e) {
            errors->push_back("Semaphore: " + e.message());
        }
        try {
            BoundedSemaphore s(-1);
            errors->push_back("no error");
        } catch (const ValueError& e) {
            errors->push_back("BoundedSemaphore: " + e.message());
        }
        Semaphore zero(0);
        *zeroLocked = zero.locked();
        co_return;
    }(&errors, &zeroLocked));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(errors,
             (std::vector<std::string>{"Semaphore: Semaphore initial value must be >= 0",
                                       "BoundedSemaphore: Semaphore initial value must be >= 0"}));
    QCOMPARE(zeroLocked, true);
}

// locked() is true exactly when the value is 0 (no waiters here); a plain Semaphore may be
// released above its initial value.
void TestLocks::semaphoreLockedFollowsItsValue() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Semaphore s(2);
        auto show = [](Semaphore& s) {
            say("value=" + num(s.value()) + " " + flag("locked", s.locked()));
        };
        show(s);
        co_await s.acquire();
        show(s);
        co_await s.acquire();
        show(s);
        s.release();
        show(s);
        s.release();
        s.release();
        show(s);
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(output(trace), QStringList({
                                "value=2 locked=False",
                                "value=1 locked=False",
                                "value=0 locked=True",
                                "value=1 locked=False",
                                "value=3 locked=False",
                            }));
}

// Four waiters on Semaphore(0): one release per second wakes the oldest; two releases in a
// row wake the next two in order.
void TestLocks::semaphoreWakesWaitersInFifoOrder() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Semaphore s(0);
        std::vector<Ref<Future>> tasks;
        for (int i = 0; i < 4; ++i)
            tasks.push_back(createTask([](Semaphore& s, int i) -> Co<void> {
                co_await s.acquire();
                say("w" + num(i) + " got, value=" + num(s.value()));
            }(s, i)));
        co_await sleep(0);
        say("waiting, " + flag("locked", s.locked()));
        for (int k = 0; k < 2; ++k) {
            co_await sleep(1);
            say("release");
            s.release();
        }
        co_await sleep(1);
        say("release x2");
        s.release();
        s.release();
        co_await gather(tasks);
        say("value=" + num(s.value()));
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[0.000] waiting, locked=True",
                                     "[1.000] release",
                                     "[1.000] w0 got, value=0",
                                     "[2.000] release",
                                     "[2.000] w1 got, value=0",
                                     "[3.000] release x2",
                                     "[3.000] w2 got, value=0",
                                     "[3.000] w3 got, value=0",
                                     "[3.000] value=0",
                                 }));
}

namespace {
/// Waits for a permit and says what it saw: "wI got, value=V" or "wI cancelled, value=V".
Co<void> semaphoreWaiter(Semaphore& s, int i) {
    try {
        co_await s.acquire();
    } catch (const CancelledError&) {
        say("w" + num(i) + " cancelled, value=" + num(s.value()));
        throw;
    }
    say("w" + num(i) + " got, value=" + num(s.value()));
}
} // namespace

// w0 is cancelled while still queued: the value stays 0, and the next two releases go to
// w1 and w2 — no permit is lost or created.
void TestLocks::cancelledSemaphoreWaiterDoesNotTakeAPermit() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Semaphore s(0);
        std::vector<Ref<Task>> tasks;
        std::vector<Ref<Future>> futs;
        for (int i = 0; i < 3; ++i) {
            tasks.push_back(createTask(semaphoreWaiter(s, i)));
            futs.push_back(tasks.back());
        }
        co_await sleep(0.5);
        tasks[0]->cancel();
        co_await sleep(0.5);
        say("release, " + flag("locked", s.locked()));
        s.release();
        co_await sleep(1);
        say("value=" + num(s.value()) + " " + flag("locked", s.locked()));
        s.release();
        co_await gather(futs, true);
        say("value=" + num(s.value()) + " " + flag("locked", s.locked()));
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[0.500] w0 cancelled, value=0",
                                     "[1.000] release, locked=True",
                                     "[1.000] w1 got, value=0",
                                     "[2.000] value=0 locked=True",
                                     "[2.000] w2 got, value=0",
                                     "[2.000] value=0 locked=True",
                                 }));
}

// release() hands the permit to w0, which is cancelled before it runs: it gives the permit
// back and wakes w1 in the same instant; the value ends at 0, not 1.
void TestLocks::cancellingAWokenSemaphoreWaiterPassesThePermitOn() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Semaphore s(0);
        std::vector<Ref<Task>> tasks;
        std::vector<Ref<Future>> futs;
        for (int i = 0; i < 2; ++i) {
            tasks.push_back(createTask(semaphoreWaiter(s, i)));
            futs.push_back(tasks.back());
        }
        co_await sleep(1);
        s.release();
        tasks[0]->cancel();
        say("released and cancelled w0, value=" + num(s.value()));
        co_await gather(futs, true);
        say("value=" + num(s.value()) + " " + flag("locked", s.locked()));
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[1.000] released and cancelled w0, value=0",
                                     "[1.000] w0 cancelled, value=0",
                                     "[1.000] w1 got, value=0",
                                     "[1.000] value=0 locked=True",
                                 }));
}

namespace {
// How long each holder in semaphoreValueOverTime keeps its permit.
double holdTime(int i) {
    static const double times[] = {1.0, 2.0, 0.5, 1.0};
    return times[i];
}
} // namespace

// Semaphore(2) with holders of 1, 2, 0.5 and 1 s, sampled every 0.5 s by main. At 1.0 the
// first holder's timer (set at 0) fires before main's sample (set at 0.5): the permit has
// already moved to the third holder, so the value reads 0.
void TestLocks::semaphoreValueOverTime() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Semaphore s(2);
        std::vector<Ref<Future>> tasks;
        for (int i = 0; i < 4; ++i)
            tasks.push_back(createTask([](Semaphore& s, double d) -> Co<void> {
                co_await s.acquire();
                co_await sleep(d);
                s.release();
            }(s, holdTime(i))));
        for (int k = 0; k < 8; ++k) {
            say("value=" + num(s.value()) + " " + flag("locked", s.locked()));
            co_await sleep(0.5);
        }
        co_await gather(tasks);
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[0.000] value=2 locked=False",
                                     "[0.500] value=0 locked=True",
                                     "[1.000] value=0 locked=True",
                                     "[1.500] value=0 locked=True",
                                     "[2.000] value=1 locked=False",
                                     "[2.500] value=2 locked=False",
                                     "[3.000] value=2 locked=False",
                                     "[3.500] value=2 locked=False",
                                 }));
    QCOMPARE(trace.endTime, 4.0);
}

// ---------------------------------------------------------------------------- BoundedSemaphore

// Releasing a BoundedSemaphore above its initial value raises ValueError and leaves the value.
void TestLocks::boundedSemaphoreRejectsOverRelease() {
    std::vector<std::string> errors;
    std::vector<int> values;
    auto [r, trace] = runMain([](std::vector<std::string>* errors, std::vector<int>* values) -> Co<void> {
        BoundedSemaphore b(2);
        try {
            b.release();
        } catch (const ValueError& e) {
            errors->push_back(e.message());
        }
        co_await b.acquire();
        b.release();
        values->push_back(b.value());
        try {
            b.release();
        } catch (const ValueError& e) {
            errors->push_back(e.message());
        }
        values->push_back(b.value());
    }(&errors, &values));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(errors, (std::vector<std::string>(2, "BoundedSemaphore released too many times")));
    QCOMPARE(values, (std::vector<int>{2, 2}));
}

QTEST_GUILESS_MAIN(TestLocks)
#include "test_locks.moc"
