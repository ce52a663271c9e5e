// The recorded trace of a run: what the GUI, the exporters and the test runner read. Pins:
// the task table (names, coroutine names, parent, created/finished, outcome, error, who
// cancelled and why); per-task state segments that tile [created, finished] with no gap or
// overlap and only legal transitions; the WaitKind (and object/detail) of every kind of wait;
// Blocking segments from blockFor; Wake events with their cause; CancelRequest events; the
// resource table and resource events with their values; output lines; the deadlock and
// "exception never retrieved" diagnostics; determinism; LoopOptions::trace=false. Times and
// orders were checked against the equivalent Python scripts on tests/conformance/reference_run.py.
#include "ScenarioSupport.hpp"

#include <loopscope/BlockPrefetcher.hpp>

#include <QThread>
#include <QtTest>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace loopscope;
using namespace scenario;
using TaskOutcome = loopscope::Outcome;

namespace QTest {
template <>
inline char* toString(const loopscope::Cause& v) {
    return qstrdup(std::string(loopscope::nameOf(v)).c_str());
}
} // namespace QTest

namespace {

// ---- reading the trace --------------------------------------------------------------------

/// One segment as "state(wait) start-end", e.g. "waiting(sleep) 0.000-1.000".
std::string segText(const Segment& s) {
    std::string out(nameOf(s.state()));
    if (s.state() == TaskState::Waiting)
        out += "(" + std::string(nameOf(s.wait())) + ")";
    return out + " " + stamp(s.start) + "-" + stamp(s.end);
}

QStringList segmentsText(const Trace& t, TaskId task) {
    QStringList out;
    for (const Segment& s : t.segmentsOf(task))
        out << QString::fromStdString(segText(s));
    return out;
}

std::vector<TraceEvent> eventsOf(const Trace& t, EventKind kind, TaskId task = kNone) {
    std::vector<TraceEvent> out;
    t.events.forEach([&](const TraceEvent& e) {
        if (e.kind == kind && (task == kNone || e.task == task))
            out.push_back(e);
    });
    return out;
}

// A task queued and run at the same virtual time has no Ready segment (the recorder folds
// zero-length ready intervals into the run that follows), so Waiting may go straight to
// Running, and consecutive steps at one time are consecutive Running segments.
bool legalTransition(TaskState from, TaskState to) {
    switch (from) {
    case TaskState::Ready: return to == TaskState::Running;
    case TaskState::Running:
        return to == TaskState::Waiting || to == TaskState::Ready ||
               to == TaskState::Blocking || to == TaskState::Running;
    case TaskState::Blocking: return to == TaskState::Running;
    case TaskState::Waiting: return to == TaskState::Ready || to == TaskState::Running;
    case TaskState::Done: return false;
    }
    return false;
}

/// Everything wrong with how the segments of a trace tile time (empty when well formed):
/// segments in start order; each task covered from its creation to its end (or the end of the
/// run) by contiguous segments, no gap, no overlap, none negative.
QString tilingProblems(const Trace& t) {
    QStringList problems;
    double lastStart = -1;
    t.segments.forEach([&](const Segment& s) {
        if (s.start < lastStart)
            problems << "segments not in start order at " + QString::fromStdString(segText(s));
        lastStart = s.start;
    });
    for (const TaskInfo& info : t.tasks) {
        const QString who = QString::fromStdString(info.name) + ": ";
        std::vector<Segment> segs = t.segmentsOf(info.id);
        if (segs.empty()) {
            problems << who + "no segments";
            continue;
        }
        const double end = info.finished >= 0 ? info.finished : t.endTime;
        if (segs.front().start != info.created)
            problems << who + "first segment starts at " + QString::number(segs.front().start);
        if (segs.back().end != end)
            problems << who + "last segment ends at " + QString::number(segs.back().end);
        for (std::size_t i = 0; i < segs.size(); ++i) {
            if (segs[i].end < segs[i].start)
                problems << who + "negative segment " + QString::fromStdString(segText(segs[i]));
            if (i + 1 < segs.size() && segs[i].end != segs[i + 1].start)
                problems << who + "gap/overlap between " + QString::fromStdString(segText(segs[i])) +
                                " and " + QString::fromStdString(segText(segs[i + 1]));
        }
    }
    return problems.join("\n");
}

/// Everything wrong with the state machine of the segments: each task starts Ready, moves
/// only by legal transitions (a Running segment always follows a Ready one, even a
/// zero-length one: on a virtual clock nearly every Ready interval has length zero), and a
/// finished task ends Running.
QString transitionProblems(const Trace& t) {
    QStringList problems;
    for (const TaskInfo& info : t.tasks) {
        const QString who = QString::fromStdString(info.name) + ": ";
        std::vector<Segment> segs = t.segmentsOf(info.id);
        if (segs.empty())
            continue;
        if (segs.front().state() != TaskState::Ready && segs.front().state() != TaskState::Running)
            problems << who + "first segment is " + QString::fromStdString(segText(segs.front()));
        for (std::size_t i = 0; i + 1 < segs.size(); ++i)
            if (segs[i].state() == TaskState::Ready && !(segs[i].end > segs[i].start))
                problems << who + "zero-length ready " + QString::fromStdString(segText(segs[i]));
        if (info.finished >= 0 && segs.back().state() != TaskState::Running)
            problems << who + "finished while not running";
        for (std::size_t i = 0; i + 1 < segs.size(); ++i)
            if (!legalTransition(segs[i].state(), segs[i + 1].state()))
                problems << who + "illegal transition " + QString::fromStdString(segText(segs[i])) +
                                " -> " + QString::fromStdString(segText(segs[i + 1]));
    }
    return problems.join("\n");
}

/// Every segment and event field, for comparing two runs.
std::string fingerprint(const Trace& t) {
    std::string s;
    t.segments.forEach([&](const Segment& seg) {
        s += std::to_string(seg.task()) + ":" + std::to_string(int(seg.state())) + ":" +
             std::to_string(int(seg.wait())) + ":" + std::to_string(seg.object()) + ":" +
             std::to_string(seg.detail()) + ":" + stamp(seg.start) + "-" + stamp(seg.end) + ";";
    });
    t.events.forEach([&](const TraceEvent& e) {
        s += std::to_string(int(e.kind)) + "@" + stamp(e.time) + ":" + std::to_string(e.task) +
             "<" + std::to_string(e.actor) + ":" + std::to_string(int(e.cause)) + ":" +
             std::to_string(int(e.via)) + ":" + std::to_string(e.object) + ":" +
             std::to_string(e.value) + ";";
    });
    for (const TaskInfo& i : t.tasks)
        s += i.name + "/" + i.coroutine + "/" + std::to_string(i.parent) + "/" +
             std::string(nameOf(i.outcome)) + "/" + i.result + "/" + i.errorType + "/" +
             stamp(i.created) + "-" + stamp(i.finished) + ";";
    for (const OutputLine& l : t.output)
        s += l.text + "@" + stamp(l.time) + ";";
    return s;
}

// ---- small coroutines -----------------------------------------------------------------------

Co<Value> work(double d, int v) {
    co_await sleep(d);
    co_return Value(v);
}

Co<void> failAfter(double d, std::string message) {
    co_await sleep(d);
    throw ValueError(message);
}

Co<Value> spawner() {
    Ref<Task> g = createTask(nap(0.5, Value(std::string("hi"))).named("nap"), "grandchild");
    co_return co_await g;
}

/// r1.py: a worker, a task that creates a grandchild, a failing task and a cancelled one.
Co<Value> familyScenario() {
    co_await sleep(0.5);
    Ref<Task> w = createTask(work(1, 42).named("work"), "worker");
    Ref<Task> s = createTask(spawner().named("spawner"));
    Ref<Task> f = createTask(failAfter(1, "bad").named("fail"), "failer");
    Ref<Task> v = createTask(nap(10).named("nap"), "victim");
    co_await sleep(0.5);
    v->cancel("enough");
    Value a = co_await w;
    Value b = co_await s;
    say(std::to_string(as<int>(a)) + " " + as<std::string>(b));
    try {
        co_await f;
    } catch (const ValueError& e) {
        say("f " + e.message());
    }
    try {
        co_await v;
    } catch (const CancelledError& e) {
        say("v " + e.message());
    }
    co_return Value(std::string("done"));
}

} // namespace

class TestTrace : public QObject {
    Q_OBJECT
private slots:
    void taskTableRecordsIdentityTimesAndOutcomes();
    void coroutineNameDefaultsToCoro();
    void cancelRequestsNameTheCanceller();
    void runnerCancelsLeftoverTasksAtExit();
    void timeoutCancellationIsAttributedToTheTimer();
    void waitForTimeoutCancellationIsAttributedToTheTimer();
    void sleeperCyclesThroughRunningAndWaiting();
    void waitKindIsRecordedForEachKindOfWait_data();
    void waitKindIsRecordedForEachKindOfWait();
    void blockForRecordsABlockingSegment();
    void wakeAfterAwaitedTaskEndsNamesThatTask();
    void sleepEndingOnItsTimerRecordsNoWake();
    void sleepCancelledByATaskRecordsItsWake();
    void wakeAfterLockReleaseNamesTheReleaser();
    void wakeAfterEventSetReachesEveryWaiter();
    void wakeAfterQueuePutNamesThePutter();
    void resourceTableAndEventValues();
    void semaphoreHandOverKeepsThePermitTaken();
    void outputLinesCarryTimeAndTask();
    void deadlockReportsTheWaitForCycle();
    void unretrievedExceptionIsDiagnosed();
    void segmentsTileEveryTaskInABusyRun();
    void segmentTransitionsAreLegal();
    void identicalRunsGiveIdenticalTraces();
    void disabledTraceKeepsTaskIdentitiesOnly();
    void recordStorageKeepsEveryRecordAcrossBlocks();
    void segmentFieldsArePackedIndependently();
    void recordStorageGrowsInAForkedChild();
    void ioWaitsNameTheirInternedLabel();
};

// ---------------------------------------------------------------------------------------------
// The task table

// Names (given or Task-N), coroutine names from Co::named, parent = the creating task,
// created/finished times, outcome with result repr or error, who cancelled.
void TestTrace::taskTableRecordsIdentityTimesAndOutcomes() {
    auto [r, trace] = runMain(familyScenario().named("main"));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({"[1.500] 42 hi", "[1.500] f bad",
                                              "[1.500] v enough"}));
    QCOMPARE(trace.tasks.size(), std::size_t(6));
    const TaskId mainId = 0, worker = 1, spawn = 2, failer = 3, victim = 4, grandchild = 5;

    const TaskInfo& m = trace.tasks[mainId];
    QCOMPARE(m.id, mainId);
    QCOMPARE(m.name, std::string("Task-1"));
    QCOMPARE(m.coroutine, std::string("main"));
    QCOMPARE(m.parent, kNone); // created by the runner
    QCOMPARE(m.created, 0.0);
    QCOMPARE(m.finished, 1.5);
    QCOMPARE(m.outcome, TaskOutcome::Result);
    QCOMPARE(m.result, std::string("'done'"));

    const TaskInfo& w = trace.tasks[worker];
    QCOMPARE(w.name, std::string("worker"));
    QCOMPARE(w.coroutine, std::string("work"));
    QCOMPARE(w.parent, mainId);
    QCOMPARE(w.created, 0.5);
    QCOMPARE(w.finished, 1.5);
    QCOMPARE(w.outcome, TaskOutcome::Result);
    QCOMPARE(w.result, std::string("42"));
    QCOMPARE(w.cancelledBy, kNone);

    const TaskInfo& s = trace.tasks[spawn];
    QCOMPARE(s.name, std::string("Task-3"));
    QCOMPARE(s.coroutine, std::string("spawner"));
    QCOMPARE(s.parent, mainId);
    QCOMPARE(s.finished, 1.0);
    QCOMPARE(s.result, std::string("'hi'"));

    const TaskInfo& g = trace.tasks[grandchild];
    QCOMPARE(g.name, std::string("grandchild"));
    QCOMPARE(g.coroutine, std::string("nap"));
    QCOMPARE(g.parent, spawn); // created by the spawner task, not by main
    QCOMPARE(g.created, 0.5);
    QCOMPARE(g.finished, 1.0);
    QCOMPARE(g.result, std::string("'hi'"));

    const TaskInfo& f = trace.tasks[failer];
    QCOMPARE(f.name, std::string("failer"));
    QCOMPARE(f.outcome, TaskOutcome::Exception);
    QCOMPARE(f.errorType, std::string("ValueError"));
    QCOMPARE(f.errorMessage, std::string("bad"));
    QCOMPARE(f.finished, 1.5);
    QVERIFY(f.errorRetrieved);

    const TaskInfo& v = trace.tasks[victim];
    QCOMPARE(v.name, std::string("victim"));
    QCOMPARE(v.outcome, TaskOutcome::Cancelled);
    QCOMPARE(v.errorType, std::string("CancelledError"));
    QCOMPARE(v.errorMessage, std::string("enough"));
    QCOMPARE(v.finished, 1.0);
    QCOMPARE(v.cancelledBy, mainId);
    QCOMPARE(v.cancelCause, Cause::Task);

    QCOMPARE(trace.findTask("victim"), victim);
    QCOMPARE(trace.findTask("nobody"), kNone);
    std::vector<TraceEvent> finished = eventsOf(trace, EventKind::TaskFinished, victim);
    QCOMPARE(finished.size(), std::size_t(1));
    QCOMPARE(finished[0].time, 1.0);
    QCOMPARE(finished[0].value, std::int32_t(TaskOutcome::Cancelled));
    // TaskCreated events (one per task) name the creator as actor.
    std::vector<TraceEvent> created = eventsOf(trace, EventKind::TaskCreated);
    QCOMPARE(created.size(), std::size_t(6));
    QCOMPARE(created[0].task, mainId);
    QCOMPARE(created[0].cause, Cause::Runner);
    QCOMPARE(created[5].task, grandchild);
    QCOMPARE(created[5].actor, spawn);
    QCOMPARE(created[5].time, 0.5);
}

// A coroutine without Co::named shows as "coro"; a result of None shows as "None".
void TestTrace::coroutineNameDefaultsToCoro() {
    auto [r, trace] = runMain([]() -> Co<void> { co_await createTask(nap(1)); }());
    QCOMPARE(trace.tasks.size(), std::size_t(2));
    QCOMPARE(trace.tasks[0].coroutine, std::string("coro"));
    QCOMPARE(trace.tasks[1].coroutine, std::string("coro"));
    QCOMPARE(trace.tasks[1].result, std::string("None"));
    QCOMPARE(trace.tasks[0].result, std::string("None"));
}

namespace {
/// main creates "victim" (a 10 s nap), cancels it at t=1 and awaits it.
Co<void> cancelVictimAfterASecond() {
    Ref<Task> victim = createTask(nap(10), "victim");
    co_await sleep(1);
    victim->cancel();
    try {
        co_await victim;
    } catch (const CancelledError&) {
    }
}
} // namespace

// CancelRequest events: actor = the cancelling task, cause Task; the task table agrees.
void TestTrace::cancelRequestsNameTheCanceller() {
    auto [r, trace] = runMain(cancelVictimAfterASecond());
    QCOMPARE(r.status, RunStatus::Ok);
    const TaskId victim = trace.findTask("victim");
    std::vector<TraceEvent> cv = eventsOf(trace, EventKind::CancelRequest, victim);
    QCOMPARE(cv.size(), std::size_t(1));
    QCOMPARE(cv[0].time, 1.0);
    QCOMPARE(cv[0].actor, TaskId(0));
    QCOMPARE(cv[0].cause, Cause::Task);
    QCOMPARE(trace.tasks[victim].cancelledBy, TaskId(0));
    QCOMPARE(trace.tasks[victim].cancelCause, Cause::Task);
    QCOMPARE(trace.tasks[victim].outcome, TaskOutcome::Cancelled);
}

// asyncio.run cancels the tasks still pending when main returns: CancelRequest with cause
// Runner and no actor; the leftover ends Cancelled when main ends (CPython's
// _cancel_all_tasks).
void TestTrace::runnerCancelsLeftoverTasksAtExit() {
    Trace trace;
    RunResult r;
    try {
        auto out = runMain([]() -> Co<void> {
            createTask(nap(100), "orphan");
            co_await sleep(3);
        }());
        r = out.result;
        trace = std::move(out.trace);
    } catch (const BaseException& e) {
        QFAIL(qPrintable(QString("run threw ") + e.typeName() + ": " +
                         QString::fromStdString(e.message())));
    }
    QCOMPARE(r.status, RunStatus::Ok);
    const TaskId orphan = trace.findTask("orphan");
    std::vector<TraceEvent> co = eventsOf(trace, EventKind::CancelRequest, orphan);
    QCOMPARE(co.size(), std::size_t(1));
    QCOMPARE(co[0].time, 3.0);
    QCOMPARE(co[0].actor, kNone);
    QCOMPARE(co[0].cause, Cause::Runner);
    QCOMPARE(trace.tasks[orphan].outcome, TaskOutcome::Cancelled);
    QCOMPARE(trace.tasks[orphan].finished, 3.0);
    QCOMPARE(trace.tasks[orphan].cancelledBy, kNone);
    QCOMPARE(trace.tasks[orphan].cancelCause, Cause::Runner);
}

// A task ended by asyncio.timeout: outcome Exception TimeoutError, the cancellation comes
// from the timer (no actor, cause Timer).
void TestTrace::timeoutCancellationIsAttributedToTheTimer() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Task> t = createTask(within(timeout(2), nap(10)), "timed");
        try {
            co_await t;
        } catch (const TimeoutError&) {
            say("timed out");
        }
    }());
    QCOMPARE(timedOutput(trace), QStringList({"[2.000] timed out"}));
    const TaskInfo& t = trace.tasks[trace.findTask("timed")];
    QCOMPARE(t.outcome, TaskOutcome::Exception);
    QCOMPARE(t.errorType, std::string("TimeoutError"));
    QCOMPARE(t.finished, 2.0);
    QCOMPARE(t.cancelledBy, kNone);
    QCOMPARE(t.cancelCause, Cause::Timer);
    std::vector<TraceEvent> c = eventsOf(trace, EventKind::CancelRequest, t.id);
    QCOMPARE(c.size(), std::size_t(1));
    QCOMPARE(c[0].time, 2.0);
    QCOMPARE(c[0].cause, Cause::Timer);
    QCOMPARE(c[0].actor, kNone);
}

// wait_for(inner, 1): the inner task is cancelled at 1 because of the timeout. The cancel()
// call runs in the waiting task after the timer woke it, but the cause to record is the timer.
void TestTrace::waitForTimeoutCancellationIsAttributedToTheTimer() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Task> inner = createTask(nap(10), "inner");
        try {
            co_await waitFor(Ref<Future>(inner), 1.0);
        } catch (const TimeoutError&) {
            say("timed out");
        }
    }());
    QCOMPARE(timedOutput(trace), QStringList({"[1.000] timed out"}));
    const TaskInfo& in = trace.tasks[trace.findTask("inner")];
    QCOMPARE(in.outcome, TaskOutcome::Cancelled);
    QCOMPARE(in.finished, 1.0);
    QCOMPARE(in.cancelCause, Cause::Timer);
    // Its sleep was cut short, not ended by its own timer: that wake is recorded.
    const std::vector<TraceEvent> w = eventsOf(trace, EventKind::Wake, trace.findTask("inner"));
    QCOMPARE(w.size(), std::size_t(1));
    QCOMPARE(w[0].time, 1.0);
    QCOMPARE(w[0].via, WaitKind::Sleep);
}

// ---------------------------------------------------------------------------------------------
// Segments

// A task sleeping twice: Ready -> Running -> Waiting(sleep) -> Ready -> Running -> ...
// Every Ready interval here has length zero and must still be recorded: the state machine is
// Ready -> Running every time, whatever the clock did meanwhile.
void TestTrace::sleeperCyclesThroughRunningAndWaiting() {
    auto [r, trace] = runMain([]() -> Co<void> {
        co_await sleep(1);
        co_await sleep(1);
    }());
    QVERIFY2(tilingProblems(trace).isEmpty(), qPrintable(tilingProblems(trace)));
    QCOMPARE(trace.tasks[0].finished, 2.0);
    // Zero-length ready intervals are folded into the run that follows them.
    QCOMPARE(segmentsText(trace, 0), QStringList({
                                         "running 0.000-0.000",
                                         "waiting(sleep) 0.000-1.000",
                                         "running 1.000-1.000",
                                         "waiting(sleep) 1.000-2.000",
                                         "running 2.000-2.000",
                                     }));
}

namespace {
// Helpers that release the main task at t=1 in each kind of wait.
Co<void> setLater(Ref<Future> f) {
    co_await sleep(1);
    f->setResult(Value());
}
Co<void> holdFor(Lock& lock, double d) {
    co_await lock.acquire();
    co_await sleep(d);
    lock.release();
}
Co<void> releaseLater(Semaphore& sem) {
    co_await sleep(1);
    sem.release();
}
Co<void> notifyLater(Condition& cond) {
    co_await sleep(1);
    co_await cond.acquire();
    cond.notify();
    cond.release();
}
Co<void> setEventLater(Event& ev) {
    co_await sleep(1);
    ev.set();
}
Co<void> putLater(Queue& q) {
    co_await sleep(1);
    co_await q.put(1);
}
Co<void> getLater(Queue& q) {
    co_await sleep(1);
    Value v = co_await q.get();
}
Co<void> consumeLater(Queue& q) {
    co_await sleep(1);
    q.getNowait();
    q.taskDone();
}
Co<void> spawnNap(TaskGroup& tg) {
    tg.createTask(nap(1));
    co_return;
}

/// The main task waits once, from 0 to 1, on something of kind `kind`; *object receives the
/// object that wait should name (TaskId or ResourceId, kNone for none).
Co<void> waitOnce(WaitKind kind, std::uint32_t* object) {
    *object = kNone;
    switch (kind) {
    case WaitKind::Future: {
        Ref<Future> f = Loop::running().createFuture();
        createTask(setLater(f));
        co_await f;
        break;
    }
    case WaitKind::Sleep: co_await sleep(1); break;
    case WaitKind::Task: {
        Ref<Task> t = createTask(nap(1));
        *object = t->id();
        co_await t;
        break;
    }
    case WaitKind::Gather: co_await gather(createTask(nap(1))); break;
    case WaitKind::Wait: {
        std::vector<Ref<Future>> fs;
        fs.push_back(createTask(nap(1)));
        fs.push_back(createTask(nap(2)));
        WaitResult res = co_await wait(fs, std::nullopt, WaitMode::FirstCompleted);
        co_await gather(res.pending);
        break;
    }
    case WaitKind::WaitFor: co_await waitFor(Ref<Future>(createTask(nap(1))), 5.0); break;
    case WaitKind::AsCompleted: {
        std::vector<Ref<Future>> fs;
        fs.push_back(createTask(nap(1)));
        AsCompleted ac(fs);
        co_await ac.next();
        break;
    }
    case WaitKind::Shield: co_await shield(createTask(nap(1))); break;
    case WaitKind::TaskGroup: co_await withTaskGroup([](TaskGroup& tg) { return spawnNap(tg); }); break;
    case WaitKind::Lock: {
        Lock lock("L");
        *object = lock.id();
        createTask(holdFor(lock, 1));
        co_await yieldNow(); // the holder takes the lock first
        co_await lock.acquire();
        lock.release();
        break;
    }
    case WaitKind::Semaphore: {
        Semaphore sem(0, "S");
        *object = sem.id();
        createTask(releaseLater(sem));
        co_await sem.acquire();
        break;
    }
    case WaitKind::Condition: {
        Condition cond(nullptr, "C");
        *object = cond.id();
        co_await cond.acquire();
        createTask(notifyLater(cond));
        co_await cond.wait();
        cond.release();
        break;
    }
    case WaitKind::Event: {
        Event ev("E");
        *object = ev.id();
        createTask(setEventLater(ev));
        co_await ev.wait();
        break;
    }
    case WaitKind::QueueGet: {
        Queue q(0, "Q");
        *object = q.id();
        createTask(putLater(q));
        Value v = co_await q.get();
        break;
    }
    case WaitKind::QueuePut: {
        Queue q(1, "Q");
        *object = q.id();
        q.putNowait(1);
        createTask(getLater(q));
        co_await q.put(2);
        break;
    }
    case WaitKind::QueueJoin: {
        Queue q(0, "Q");
        *object = q.id();
        q.putNowait(1);
        createTask(consumeLater(q));
        co_await q.join();
        break;
    }
    default: break;
    }
}
} // namespace

void TestTrace::waitKindIsRecordedForEachKindOfWait_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("detail");
    const WaitKind kinds[] = {WaitKind::Future,    WaitKind::Sleep,     WaitKind::Task,
                              WaitKind::Gather,    WaitKind::Wait,      WaitKind::WaitFor,
                              WaitKind::AsCompleted, WaitKind::Shield,  WaitKind::TaskGroup,
                              WaitKind::Lock,      WaitKind::Semaphore, WaitKind::Condition,
                              WaitKind::Event,     WaitKind::QueueGet,  WaitKind::QueuePut,
                              WaitKind::QueueJoin};
    for (WaitKind k : kinds)
        QTest::newRow(std::string(nameOf(k)).c_str())
            << int(k) << (k == WaitKind::Wait ? int(WaitMode::FirstCompleted) : 0);
}

// The main task's one wait shows as a Waiting segment of that kind from 0 to 1, naming the
// awaited task or the resource, with wait()'s return_when as detail.
void TestTrace::waitKindIsRecordedForEachKindOfWait() {
    QFETCH(int, kind);
    QFETCH(int, detail);
    std::uint32_t object = 12345;
    auto [r, trace] = runMain(waitOnce(WaitKind(kind), &object));
    QCOMPARE(r.status, RunStatus::Ok);
    std::vector<Segment> found;
    for (const Segment& s : trace.segmentsOf(0))
        if (s.state() == TaskState::Waiting && s.wait() == WaitKind(kind))
            found.push_back(s);
    QVERIFY2(found.size() == 1, qPrintable(segmentsText(trace, 0).join(", ")));
    QCOMPARE(found[0].start, 0.0);
    QCOMPARE(found[0].end, 1.0);
    QCOMPARE(found[0].object(), object);
    QCOMPARE(int(found[0].detail()), detail);
    QVERIFY2(tilingProblems(trace).isEmpty(), qPrintable(tilingProblems(trace)));
}

// time.sleep(2) inside a coroutine: a Blocking segment of exactly 2 s, a BlockLoop event, and
// another ready task stays Ready for the whole block.
void TestTrace::blockForRecordsABlockingSegment() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Task> other = createTask([]() -> Co<void> {
            say("other ran");
            co_return;
        }());
        Loop::running().blockFor(2.0);
        co_await other;
    }());
    QCOMPARE(timedOutput(trace), QStringList({"[2.000] other ran"}));
    std::vector<Segment> mainSegs = trace.segmentsOf(0);
    std::size_t blocking = 0, at = 0;
    for (std::size_t i = 0; i < mainSegs.size(); ++i)
        if (mainSegs[i].state() == TaskState::Blocking)
            ++blocking, at = i;
    QVERIFY2(blocking == 1, qPrintable(segmentsText(trace, 0).join(", ")));
    QVERIFY(at > 0 && at + 1 < mainSegs.size());
    QCOMPARE(segText(mainSegs[at - 1]), std::string("running 0.000-0.000"));
    QCOMPARE(segText(mainSegs[at]), std::string("blocking 0.000-2.000"));
    QCOMPARE(segText(mainSegs[at + 1]), std::string("running 2.000-2.000"));
    // The other task was ready the whole time the loop was blocked.
    QCOMPARE(segmentsText(trace, 1), QStringList({"ready 0.000-2.000", "running 2.000-2.000"}));
    std::vector<TraceEvent> b = eventsOf(trace, EventKind::BlockLoop);
    QCOMPARE(b.size(), std::size_t(1));
    QCOMPARE(b[0].task, TaskId(0));
    QCOMPARE(b[0].time, 0.0);
    QCOMPARE(b[0].value, 2000);
    QVERIFY2(tilingProblems(trace).isEmpty(), qPrintable(tilingProblems(trace)));
}

// ---------------------------------------------------------------------------------------------
// Wake events

// The end of an awaited task wakes its awaiter: actor = the finished task, via Task.
void TestTrace::wakeAfterAwaitedTaskEndsNamesThatTask() {
    auto [r, trace] = runMain([]() -> Co<void> { co_await createTask(nap(1)); }());
    std::vector<TraceEvent> w = eventsOf(trace, EventKind::Wake, 0);
    QCOMPARE(w.size(), std::size_t(1));
    QCOMPARE(w[0].time, 1.0);
    QCOMPARE(w[0].actor, TaskId(1));
    QCOMPARE(w[0].cause, Cause::Task);
    QCOMPARE(w[0].via, WaitKind::Task);
    QCOMPARE(w[0].object, TaskId(1));
}

namespace {
struct WakeIds {
    TaskId holder = kNone, waiter = kNone, getter = kNone;
    std::vector<TaskId> evWaiters;
    ResourceId lock = kNone, event = kNone, queue = kNone;
};

Co<void> holderCo(Lock& lock) {
    co_await lock.acquire();
    say("holder has lock");
    co_await sleep(1);
    lock.release();
    say("holder released");
}
Co<void> waiterCo(Lock& lock) {
    co_await lock.acquire();
    say("waiter got lock");
    lock.release();
}
Co<void> evWait(Event& ev, int n) {
    co_await ev.wait();
    say("ev woke " + std::to_string(n));
}
Co<void> getterCo(Queue& q) {
    Value v = co_await q.get();
    say("got " + std::to_string(as<int>(v)));
}

/// w1.py: a lock handed over, an event set for three waiters, a queue put to a getter.
Co<void> wakeScenario(WakeIds* ids) {
    Lock lock("L");
    Event ev("E");
    Queue q(0, "Q");
    ids->lock = lock.id();
    ids->event = ev.id();
    ids->queue = q.id();
    std::vector<Ref<Future>> all;
    Ref<Task> h = createTask(holderCo(lock));
    ids->holder = h->id();
    all.push_back(h);
    co_await sleep(0);
    Ref<Task> w = createTask(waiterCo(lock));
    ids->waiter = w->id();
    all.push_back(w);
    for (int i = 0; i < 3; ++i) {
        Ref<Task> e = createTask(evWait(ev, i));
        ids->evWaiters.push_back(e->id());
        all.push_back(e);
    }
    Ref<Task> g = createTask(getterCo(q));
    ids->getter = g->id();
    all.push_back(g);
    co_await sleep(2);
    ev.set();
    say("set");
    co_await sleep(1);
    co_await q.put(5);
    say("put");
    co_await gather(all);
}
} // namespace

// A sleep ending on its own timer records no wake event: the end of the Waiting(sleep)
// segment says it. The holder's only sleep ends at t=1 with no Wake event for it.
void TestTrace::sleepEndingOnItsTimerRecordsNoWake() {
    WakeIds ids;
    auto [r, trace] = runMain(wakeScenario(&ids));
    QCOMPARE(timedOutput(trace),
             QStringList({"[0.000] holder has lock", "[1.000] holder released",
                          "[1.000] waiter got lock", "[2.000] set", "[2.000] ev woke 0",
                          "[2.000] ev woke 1", "[2.000] ev woke 2", "[3.000] put",
                          "[3.000] got 5"}));
    QVERIFY(eventsOf(trace, EventKind::Wake, ids.holder).empty());
    QVERIFY(segmentsText(trace, ids.holder).contains("waiting(sleep) 0.000-1.000"));
}

// A sleep cut short by a cancel records its wake: actor = the canceller, via Sleep.
void TestTrace::sleepCancelledByATaskRecordsItsWake() {
    auto [r, trace] = runMain(cancelVictimAfterASecond());
    QCOMPARE(r.status, RunStatus::Ok);
    const TaskId victim = trace.findTask("victim");
    std::vector<TraceEvent> w = eventsOf(trace, EventKind::Wake, victim);
    QCOMPARE(w.size(), std::size_t(1));
    QCOMPARE(w[0].time, 1.0);
    QCOMPARE(w[0].actor, TaskId(0));
    QCOMPARE(w[0].cause, Cause::Task);
    QCOMPARE(w[0].via, WaitKind::Sleep);
}

// Lock released by the holder wakes the waiter: actor = holder, via Lock, object = the lock.
void TestTrace::wakeAfterLockReleaseNamesTheReleaser() {
    WakeIds ids;
    auto [r, trace] = runMain(wakeScenario(&ids));
    std::vector<TraceEvent> w = eventsOf(trace, EventKind::Wake, ids.waiter);
    QCOMPARE(w.size(), std::size_t(1));
    QCOMPARE(w[0].time, 1.0);
    QCOMPARE(w[0].actor, ids.holder);
    QCOMPARE(w[0].cause, Cause::Task);
    QCOMPARE(w[0].via, WaitKind::Lock);
    QCOMPARE(w[0].object, ids.lock);
    // The waiter waited on that lock from its first step to the release.
    bool sawLockWait = false;
    for (const Segment& s : trace.segmentsOf(ids.waiter))
        if (s.state() == TaskState::Waiting) {
            sawLockWait = true;
            QCOMPARE(s.wait(), WaitKind::Lock);
            QCOMPARE(s.object(), ids.lock);
            QCOMPARE(s.end, 1.0);
        }
    QVERIFY(sawLockWait);
}

// Event.set() wakes every waiter, each with the setter as actor.
void TestTrace::wakeAfterEventSetReachesEveryWaiter() {
    WakeIds ids;
    auto [r, trace] = runMain(wakeScenario(&ids));
    QCOMPARE(ids.evWaiters.size(), std::size_t(3));
    for (TaskId t : ids.evWaiters) {
        std::vector<TraceEvent> w = eventsOf(trace, EventKind::Wake, t);
        QCOMPARE(w.size(), std::size_t(1));
        QCOMPARE(w[0].time, 2.0);
        QCOMPARE(w[0].actor, TaskId(0));
        QCOMPARE(w[0].via, WaitKind::Event);
        QCOMPARE(w[0].object, ids.event);
    }
}

// Queue.put wakes the getter: actor = the putter, via QueueGet, object = the queue.
void TestTrace::wakeAfterQueuePutNamesThePutter() {
    WakeIds ids;
    auto [r, trace] = runMain(wakeScenario(&ids));
    std::vector<TraceEvent> w = eventsOf(trace, EventKind::Wake, ids.getter);
    QCOMPARE(w.size(), std::size_t(1));
    QCOMPARE(w[0].time, 3.0);
    QCOMPARE(w[0].actor, TaskId(0));
    QCOMPARE(w[0].via, WaitKind::QueueGet);
    QCOMPARE(w[0].object, ids.queue);
}

// ---------------------------------------------------------------------------------------------
// Resources and output

// The resource table (kind, name or default name, capacity, initial value, creation time) and
// resource events in order with the value after each: permits, set/clear, queue size.
void TestTrace::resourceTableAndEventValues() {
    auto [r, trace] = runMain([]() -> Co<void> {
        co_await sleep(0.5);
        Lock lock("L");
        Semaphore sem(2, "S");
        Event ev("E");
        Queue q(2, "Q");
        Lock unnamed;
        co_await lock.acquire();
        co_await sleep(1);
        lock.release();
        co_await sem.acquire();
        co_await sem.acquire();
        sem.release();
        sem.release();
        ev.set();
        ev.clear();
        co_await q.put(1);
        co_await q.put(2);
        Value a = co_await q.get();
        Value b = co_await q.get();
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(trace.resources.size(), std::size_t(5));
    struct Row {
        ResourceKind kind;
        const char* name;
        int capacity, initial;
    };
    const Row rows[] = {{ResourceKind::Lock, "L", 1, 0},
                        {ResourceKind::Semaphore, "S", 2, 2},
                        {ResourceKind::Event, "E", 1, 0},
                        {ResourceKind::Queue, "Q", 2, 0},
                        {ResourceKind::Lock, "Lock-5", 1, 0}};
    for (std::size_t i = 0; i < 5; ++i) {
        const ResourceInfo& ri = trace.resources[i];
        QCOMPARE(ri.id, ResourceId(i));
        QVERIFY(ri.kind == rows[i].kind);
        QCOMPARE(ri.name, std::string(rows[i].name));
        QCOMPARE(ri.capacity, rows[i].capacity);
        QCOMPARE(ri.initial, rows[i].initial);
        QCOMPARE(ri.created, 0.5);
    }
    QStringList got;
    trace.events.forEach([&](const TraceEvent& e) {
        switch (e.kind) {
        case EventKind::Acquire:
        case EventKind::Release:
        case EventKind::Set:
        case EventKind::Clear:
        case EventKind::Put:
        case EventKind::Get:
            got << QString::fromStdString(std::string(nameOf(e.kind)) + " " +
                                          trace.resources[e.object].name + " " +
                                          std::to_string(e.value) + " @" + stamp(e.time) +
                                          " by " + std::to_string(e.task) + "/" +
                                          std::to_string(e.actor));
            break;
        default: break;
        }
    });
    QCOMPARE(got, QStringList({
                      "acquire L 1 @0.500 by 0/0",
                      "release L 0 @1.500 by 0/0",
                      "acquire S 1 @1.500 by 0/0",
                      "acquire S 0 @1.500 by 0/0",
                      "release S 1 @1.500 by 0/0",
                      "release S 2 @1.500 by 0/0",
                      "set E 1 @1.500 by 0/0",
                      "clear E 0 @1.500 by 0/0",
                      "put Q 1 @1.500 by 0/0",
                      "put Q 2 @1.500 by 0/0",
                      "get Q 1 @1.500 by 0/0",
                      "get Q 0 @1.500 by 0/0",
                  }));
}

namespace {
Co<void> holdPermit(Semaphore& sem, double seconds) {
    co_await sem.acquire();
    co_await sleep(seconds);
    sem.release();
}
} // namespace

// Semaphore(1): A holds the permit until 1, B waits for it. A's release hands the permit
// straight to B (CPython's _wake_up_next takes it back down), so the release records 0, not
// a permit free for an instant; B's acquire records 0 too. With no waiter a release records
// the permit free.
void TestTrace::semaphoreHandOverKeepsThePermitTaken() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Semaphore sem(1, "S");
        Ref<Task> a = createTask(holdPermit(sem, 1), "A");
        Ref<Task> b = createTask(holdPermit(sem, 1), "B");
        co_await a;
        co_await b;
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QStringList got;
    trace.events.forEach([&](const TraceEvent& e) {
        if (e.kind == EventKind::Acquire || e.kind == EventKind::Release)
            got << QString::fromStdString(std::string(nameOf(e.kind)) + " " +
                                          trace.tasks[e.task].name + " " +
                                          std::to_string(e.value) + " @" + stamp(e.time));
    });
    QCOMPARE(got, QStringList({"acquire A 0 @0.000", "release A 0 @1.000", "acquire B 0 @1.000",
                               "release B 1 @2.000"}));
}

// print() lines keep their time and task, and each has an Output event pointing at it.
void TestTrace::outputLinesCarryTimeAndTask() {
    auto [r, trace] = runMain([]() -> Co<void> {
        say("hello");
        Ref<Task> t = createTask([]() -> Co<void> {
            co_await sleep(0.5);
            say("from child");
        }());
        co_await t;
        say("bye");
    }());
    QCOMPARE(trace.output.size(), std::size_t(3));
    QCOMPARE(trace.output[0].task, TaskId(0));
    QCOMPARE(trace.output[0].time, 0.0);
    QCOMPARE(trace.output[1].task, TaskId(1));
    QCOMPARE(trace.output[1].text, std::string("from child"));
    QCOMPARE(trace.output[1].time, 0.5);
    QCOMPARE(trace.output[2].task, TaskId(0));
    QCOMPARE(trace.output[2].time, 0.5);
    std::vector<TraceEvent> o = eventsOf(trace, EventKind::Output);
    QCOMPARE(o.size(), std::size_t(3));
    for (std::size_t i = 0; i < 3; ++i) {
        QCOMPARE(o[i].object, std::uint32_t(i));
        QCOMPARE(o[i].task, trace.output[i].task);
        QCOMPARE(o[i].time, trace.output[i].time);
    }
}

// ---------------------------------------------------------------------------------------------
// Diagnostics

namespace {
struct DeadlockIds {
    TaskId t1 = kNone, t2 = kNone;
    ResourceId a = kNone, b = kNone;
};
Co<void> takeBoth(Lock& first, Lock& second, std::string name) {
    co_await first.acquire();
    say(name + " holds first");
    co_await sleep(1);
    say(name + " wants second");
    co_await second.acquire();
    say("WRONG");
    second.release();
    first.release();
}
/// d1.py: two tasks take two locks in opposite order.
Co<void> deadlockScenario(DeadlockIds* ids) {
    Lock a("A");
    Lock b("B");
    ids->a = a.id();
    ids->b = b.id();
    Ref<Task> t1 = createTask(takeBoth(a, b, "t1"), "t1");
    Ref<Task> t2 = createTask(takeBoth(b, a, "t2"), "t2");
    ids->t1 = t1->id();
    ids->t2 = t2->id();
    co_await gather(t1, t2);
}
} // namespace

// Deadlock at t=1: the diagnostic's cycle holds both tasks, and the wait graph says who
// waits on which lock held by whom.
void TestTrace::deadlockReportsTheWaitForCycle() {
    DeadlockIds ids;
    auto [r, trace] = runMain(deadlockScenario(&ids));
    QCOMPARE(r.status, RunStatus::Deadlock);
    QCOMPARE(trace.status, RunStatus::Deadlock);
    QCOMPARE(trace.endTime, 1.0);
    QCOMPARE(timedOutput(trace), QStringList({"[0.000] t1 holds first", "[0.000] t2 holds first",
                                              "[1.000] t1 wants second",
                                              "[1.000] t2 wants second"}));
    const Diagnostic* dl = nullptr;
    for (const Diagnostic& d : trace.diagnostics)
        if (d.kind == Diagnostic::Kind::Deadlock)
            dl = &d;
    QVERIFY(dl);
    QCOMPARE(dl->time, 1.0);
    std::vector<TaskId> cycle = dl->cycle;
    std::sort(cycle.begin(), cycle.end());
    QCOMPARE(cycle, std::vector<TaskId>({ids.t1, ids.t2}));
    QVERIFY(dl->message.find("t1") != std::string::npos);
    QVERIFY(dl->message.find("t2") != std::string::npos);

    const WaitEdge* e1 = nullptr;
    const WaitEdge* e2 = nullptr;
    const WaitEdge* em = nullptr;
    for (const WaitEdge& e : trace.waitGraph) {
        if (e.task == ids.t1)
            e1 = &e;
        if (e.task == ids.t2)
            e2 = &e;
        if (e.task == 0)
            em = &e;
    }
    QVERIFY(e1 && e2 && em);
    QCOMPARE(e1->wait, WaitKind::Lock);
    QCOMPARE(e1->object, ids.b);
    QCOMPARE(e1->blocker, ids.t2);
    QCOMPARE(e2->wait, WaitKind::Lock);
    QCOMPARE(e2->object, ids.a);
    QCOMPARE(e2->blocker, ids.t1);
    QCOMPARE(em->wait, WaitKind::Gather);
    QCOMPARE(em->blocker, kNone);

    // The deadlocked tasks are still waiting when the run ends: their last segments end with
    // it, not left open (an end of -1 the timeline would draw backwards).
    for (TaskId t : {ids.t1, ids.t2}) {
        QVERIFY(trace.tasks[t].finished < 0);
        QCOMPARE(segmentsText(trace, t).constLast(), QString("waiting(lock) 1.000-1.000"));
    }
    QVERIFY2(tilingProblems(trace).isEmpty(), qPrintable(tilingProblems(trace)));
}

// A task that failed and was never awaited: errorRetrieved == false and an
// ExceptionNeverRetrieved diagnostic; a failed task that was awaited gets neither.
void TestTrace::unretrievedExceptionIsDiagnosed() {
    auto [r, trace] = runMain([]() -> Co<void> {
        createTask(failAfter(1, "lost"), "lost");
        Ref<Task> seen = createTask(failAfter(1, "seen"), "seen");
        try {
            co_await seen;
        } catch (const ValueError&) {
        }
        co_await sleep(1);
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    const TaskId lost = trace.findTask("lost"), seen = trace.findTask("seen");
    QVERIFY(!trace.tasks[lost].errorRetrieved);
    QVERIFY(trace.tasks[seen].errorRetrieved);
    std::vector<Diagnostic> never;
    for (const Diagnostic& d : trace.diagnostics)
        if (d.kind == Diagnostic::Kind::ExceptionNeverRetrieved)
            never.push_back(d);
    QCOMPARE(never.size(), std::size_t(1));
    QCOMPARE(never[0].task, lost);
    QCOMPARE(never[0].time, 1.0);
    QVERIFY(never[0].message.find("Task exception was never retrieved") != std::string::npos);
    QVERIFY(never[0].message.find("ValueError") != std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Whole-trace properties

namespace {
Co<void> busyWorker(Semaphore& sem, Queue& q, Lock& lock, int i) {
    co_await sem.acquire();
    co_await sleep(0.25 * (i % 3 + 1));
    co_await lock.acquire();
    co_await q.put(i);
    lock.release();
    sem.release();
    if (i == 4)
        throw ValueError("four");
}
Co<void> busyGroup(TaskGroup& tg) {
    tg.createTask(nap(0.5));
    tg.createTask(nap(0.75));
    co_return;
}
/// Semaphore, lock, queue, a failing task, a TaskGroup, a timeout, wait_for and a cancel.
Co<void> busyScenario() {
    Semaphore sem(2);
    Queue q(2);
    Lock lock;
    Event ev;
    std::vector<Ref<Future>> tasks;
    for (int i = 0; i < 6; ++i)
        tasks.push_back(createTask(busyWorker(sem, q, lock, i)));
    for (int i = 0; i < 6; ++i) {
        Value v = co_await q.get();
        q.taskDone();
        say(std::to_string(as<int>(v)));
    }
    co_await q.join();
    co_await gather(tasks, /*returnExceptions=*/true);
    co_await withTaskGroup([](TaskGroup& tg) { return busyGroup(tg); });
    try {
        co_await within(timeout(0.3), ev.wait());
    } catch (const TimeoutError&) {
        say("timeout");
    }
    try {
        co_await waitFor(Ref<Future>(createTask(nap(5))), 0.2);
    } catch (const TimeoutError&) {
        say("wait_for timeout");
    }
    Ref<Task> victim = createTask(nap(5));
    co_await sleep(0.1);
    victim->cancel();
    try {
        co_await victim;
    } catch (const CancelledError&) {
        say("cancelled");
    }
}
} // namespace

// In a run using most primitives every task's segments tile its lifetime: no gap, no overlap.
void TestTrace::segmentsTileEveryTaskInABusyRun() {
    auto [r, trace] = runMain(busyScenario());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace),
             QStringList({"[0.250] 0", "[0.500] 1", "[0.750] 3", "[1.000] 2", "[1.250] 4",
                          "[1.750] 5", "[2.800] timeout", "[3.000] wait_for timeout",
                          "[3.100] cancelled"}));
    QVERIFY(trace.tasks.size() > 10);
    QVERIFY2(tilingProblems(trace).isEmpty(), qPrintable(tilingProblems(trace)));
}

// In the same run every transition is legal, no Ready segment has zero length, and a
// finished task ends Running.
void TestTrace::segmentTransitionsAreLegal() {
    auto [r, trace] = runMain(busyScenario());
    QCOMPARE(r.status, RunStatus::Ok);
    QVERIFY2(transitionProblems(trace).isEmpty(), qPrintable(transitionProblems(trace)));
}

// Two identical runs give identical segments, events, task tables and output.
void TestTrace::identicalRunsGiveIdenticalTraces() {
    auto a = runMain(busyScenario());
    auto b = runMain(busyScenario());
    QCOMPARE(a.result.status, RunStatus::Ok);
    QVERIFY(a.trace.segments.size() > 50);
    QVERIFY(a.trace.events.size() > 50);
    QCOMPARE(a.trace.segments.size(), b.trace.segments.size());
    QCOMPARE(a.trace.events.size(), b.trace.events.size());
    QCOMPARE(fingerprint(a.trace), fingerprint(b.trace));
}

// trace=false: the run behaves the same and keeps task identities and outcomes, but no
// segments or events are recorded.
void TestTrace::disabledTraceKeepsTaskIdentitiesOnly() {
    LoopOptions off;
    off.trace = false;
    auto traced = runMain(familyScenario().named("main"));
    auto untraced = runMain(familyScenario().named("main"), off);
    QCOMPARE(untraced.result.status, RunStatus::Ok);
    QCOMPARE(as<std::string>(untraced.result.value), std::string("done"));
    QCOMPARE(untraced.trace.endTime, 1.5);
    QCOMPARE(untraced.trace.segments.size(), std::size_t(0));
    QCOMPARE(untraced.trace.events.size(), std::size_t(0));
    QCOMPARE(untraced.trace.tasks.size(), traced.trace.tasks.size());
    for (std::size_t i = 0; i < traced.trace.tasks.size(); ++i) {
        const TaskInfo& a = traced.trace.tasks[i];
        const TaskInfo& b = untraced.trace.tasks[i];
        QCOMPARE(b.name, a.name);
        QCOMPARE(b.coroutine, a.coroutine);
        QCOMPARE(b.parent, a.parent);
        QCOMPARE(b.created, a.created);
        QCOMPARE(b.finished, a.finished);
        QCOMPARE(b.outcome, a.outcome);
        QCOMPARE(b.result, a.result);
        QCOMPARE(b.errorType, a.errorType);
        QCOMPARE(b.cancelledBy, a.cancelledBy);
    }
}

// The trace's block storage: a small first block, then huge-page blocks, the ones after the
// first large one prepared ahead on a helper thread, started once half of the first large
// block is filled. Records read back by index and by forEach are the ones written, across
// every block boundary, before and after growth was declared finished (and started again),
// and references returned by push_back stay valid (the recorder keeps pointers to open
// segments).
void TestTrace::recordStorageKeepsEveryRecordAcrossBlocks() {
    using Store = ChunkedVector<Segment>;
    QCOMPARE(Store::kBlock * sizeof(Segment) % (std::size_t(2) << 20), std::size_t(0));
    const std::size_t first = Store::kFirst, block = Store::kBlock;
    {
        // No helper for a sequence under half a large block; one from there on, whose block
        // is the second large one.
        Store w;
        const std::size_t started = detail::prefetchersStarted();
        const std::size_t prefetched = detail::prefetchedBlocks();
        for (std::size_t i = 0; i < first + block / 2; ++i)
            w.push_back(Segment());
        QCOMPARE(detail::prefetchersStarted(), started);
        w.push_back(Segment());
        QCOMPARE(detail::prefetchersStarted(), started + 1);
        while (w.size() < first + block)
            w.push_back(Segment());
        QCOMPARE(detail::prefetchedBlocks(), prefetched);
        w.push_back(Segment());
        QCOMPARE(detail::prefetchedBlocks(), prefetched + 1);
    }
    Store v;
    // The first block, a large one allocated in place, one prepared ahead, then (growth
    // finished in the middle of it) one allocated in place again and one prepared, a bit more.
    const std::size_t n = first + 4 * block + 100;
    const std::size_t finishedAt = first + block + 50;
    std::vector<Segment*> refs;
    for (std::size_t i = 0; i < n; ++i) {
        Segment s;
        s.setTask(static_cast<TaskId>(i));
        Segment& stored = v.push_back(s);
        const std::size_t inBlock = i >= first ? (i - first) % block : i;
        const bool edge = i + 1 == first || (i >= first && (inBlock <= 1 || inBlock + 1 == block));
        if (i % 1000 == 0 || edge)
            refs.push_back(&stored);
        if (i == finishedAt)
            v.finishGrowth();
    }
    QCOMPARE(v.size(), n);
    for (std::size_t i = 0; i < n; ++i)
        if (v[i].task() != i)
            QFAIL(qPrintable(QString("record %1 reads back as %2").arg(i).arg(v[i].task())));
    std::size_t k = 0;
    v.forEach([&](const Segment& s) { QCOMPARE(s.task(), static_cast<TaskId>(k++)); });
    QCOMPARE(k, n);
    for (Segment* p : refs)
        QCOMPARE(&v[p->task()], p);
    ChunkedVector<Segment> moved = std::move(v);
    QCOMPARE(moved.size(), n);
    QCOMPARE(v.size(), std::size_t(0));
    QCOMPARE(moved[n - 1].task(), static_cast<TaskId>(n - 1));
}

namespace {
Co<void> napper() {
    co_await sleep(0.5);
}

/// `tasks` tasks that sleep once: a run big enough to carve new pool slabs.
Co<void> nappers(int tasks) {
    std::vector<Ref<Future>> all;
    for (int i = 0; i < tasks; ++i)
        all.push_back(createTask(napper()));
    co_await gather(all);
}

bool napsRunWhole(int tasks) {
    Loop loop;
    const RunResult r = run(loop, nappers(tasks));
    return r.status == RunStatus::Ok && loop.takeTrace().tasks.size() == std::size_t(tasks) + 1;
}
} // namespace

// A process forked while a trace or the pool grows (a script's os.fork() in the middle of a
// run) has no helper thread preparing blocks: the child goes on growing the trace and the
// pool without it, with every record read back and no hang, and the parent goes on with its
// helpers.
void TestTrace::recordStorageGrowsInAForkedChild() {
    QVERIFY(napsRunWhole(10000)); // this thread's pool now prepares its next slab ahead
    using Store = ChunkedVector<Segment>;
    const std::size_t block = Store::kBlock;
    Store v;
    auto fill = [&v](std::size_t n) {
        for (std::size_t i = v.size(); i < n; ++i) {
            Segment s;
            s.setTask(static_cast<TaskId>(i));
            v.push_back(s);
        }
    };
    auto intact = [&v] {
        for (std::size_t i = 0; i < v.size(); ++i)
            if (v[i].task() != i)
                return false;
        return true;
    };
    fill(Store::kFirst + block + 10); // a large block in use, the next one being prepared
#if defined(__SANITIZE_ADDRESS__)
    // AddressSanitizer's allocator (GCC 12) is not locked around fork(): a child forked while a
    // helper is inside malloc waits for that lock forever. glibc's malloc is fork-safe, so
    // only here the helpers are first given time to finish their blocks and go idle.
    QThread::msleep(500);
#endif
    const std::size_t prefetchedAtFork = detail::prefetchedBlocks();
    const pid_t pid = fork();
    QVERIFY(pid >= 0);
    if (pid == 0) {
        fill(v.size() + 3 * block);
        const bool ok = intact() && napsRunWhole(30000) && // and new slabs
                        detail::prefetchedBlocks() == prefetchedAtFork; // all made in place
        v.finishGrowth();
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    pid_t done = 0;
    for (int waited = 0; waited < 60000 && done == 0; waited += 10) {
        done = waitpid(pid, &status, WNOHANG);
        if (done == 0)
            QThread::msleep(10);
    }
    if (done == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        QFAIL("the forked child hung growing the trace");
    }
    QVERIFY(WIFEXITED(status));
    QCOMPARE(WEXITSTATUS(status), 0);
    fill(v.size() + 2 * block);
    QVERIFY(intact());
    QVERIFY(detail::prefetchedBlocks() >= prefetchedAtFork + 2); // the helper's blocks
    const std::size_t slabsBefore = detail::prefetchedBlocks();
    QVERIFY(napsRunWhole(30000));
    QVERIFY(detail::prefetchedBlocks() > slabsBefore); // and the pool's slabs
}

// A segment packs its task, object, state, wait kind and detail in one word: each reads back
// as written, whatever the others hold, from the extremes (0, kMaxId, kNone) to every enum
// value, and setting one leaves the others alone.
void TestTrace::segmentFieldsArePackedIndependently() {
    QCOMPARE(sizeof(Segment), std::size_t(24));
    const Segment none;
    QCOMPARE(none.task(), kNone);
    QCOMPARE(none.object(), kNone);
    QCOMPARE(none.state(), TaskState::Ready);
    QCOMPARE(none.wait(), WaitKind::None);
    QCOMPARE(int(none.detail()), 0);
    const std::uint32_t ids[] = {0, 1, 12345, Segment::kMaxId - 1, Segment::kMaxId, kNone};
    const TaskState states[] = {TaskState::Ready, TaskState::Running, TaskState::Blocking,
                                TaskState::Waiting, TaskState::Done};
    int checked = 0;
    for (std::uint32_t task : ids)
        for (std::uint32_t object : ids)
            for (TaskState state : states)
                for (int w = 0; w < kWaitKindCount; ++w)
                    for (std::uint8_t detail = 0; detail < 3; ++detail) {
                        const auto wait = WaitKind(w);
                        Segment s(-1.5, 2.25, task, object, state, wait, detail);
                        if (s.start != -1.5 || s.end != 2.25 || s.task() != task ||
                            s.object() != object || s.state() != state || s.wait() != wait ||
                            s.detail() != detail)
                            QFAIL(qPrintable(QString("segment (%1, %2, %3, %4, %5) reads back "
                                                     "as (%6, %7, %8, %9, %10)")
                                                 .arg(task).arg(object).arg(int(state))
                                                 .arg(w).arg(detail).arg(s.task())
                                                 .arg(s.object()).arg(int(s.state()))
                                                 .arg(int(s.wait())).arg(s.detail())));
                        Segment t = s;
                        t.setTask(object);
                        t.setObject(task);
                        if (t.task() != object || t.object() != task || t.state() != state ||
                            t.wait() != wait || t.detail() != detail)
                            QFAIL("setting the ids changed another field");
                        t.setState(TaskState::Done);
                        t.setWait(WaitKind::Executor);
                        t.setDetail(2);
                        if (t.task() != object || t.object() != task)
                            QFAIL("setting the kinds changed an id");
                        ++checked;
                    }
    QCOMPARE(checked, 6 * 6 * 5 * kWaitKindCount * 3);
}

// An I/O wait's segment names its label by index in Trace::labels: equal labels share one
// entry, in the order first seen; an empty label is none. The wake at its end names it too.
void TestTrace::ioWaitsNameTheirInternedLabel() {
    auto [r, trace] = runMain(labelledRequests());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(trace.labels, std::vector<std::string>({"GET /a", "GET /b"}));
    const std::uint32_t expected[] = {0, 1, 0, kNone}; // tasks 1..4
    const double ends[] = {1, 2, 3, 1};
    for (TaskId task = 1; task <= 4; ++task) {
        std::vector<Segment> io;
        for (const Segment& s : trace.segmentsOf(task))
            if (s.state() == TaskState::Waiting && s.wait() == WaitKind::IO)
                io.push_back(s);
        QVERIFY2(io.size() == 1, qPrintable(segmentsText(trace, task).join(", ")));
        QCOMPARE(io[0].object(), expected[task - 1]);
        QCOMPARE(io[0].end, ends[task - 1]);
        const std::vector<TraceEvent> wakes = eventsOf(trace, EventKind::Wake, task);
        QCOMPARE(wakes.size(), std::size_t(1));
        QCOMPARE(wakes[0].via, WaitKind::IO);
        QCOMPARE(wakes[0].object, expected[task - 1]);
    }
    QCOMPARE(trace.waitObjectName(WaitKind::IO, 1), std::string_view("GET /b"));
    QCOMPARE(trace.label(WaitKind::Executor, 0), std::string_view("GET /a"));
    QVERIFY(trace.label(WaitKind::IO, kNone).empty());
    QVERIFY(trace.label(WaitKind::IO, 2).empty());    // out of range
    QVERIFY(trace.label(WaitKind::Sleep, 0).empty()); // a sleep's object is no label
}

QTEST_GUILESS_MAIN(TestTrace)
#include "test_trace.moc"
