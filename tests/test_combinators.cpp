// The combinators of CPython 3.11's tasks.py: gather, wait, as_completed, wait_for and shield,
// each with results, exceptions, cancellation, timeouts and the order and virtual time at which
// things happen. Where CPython iterates a set (wait's done/pending, as_completed's todo),
// loopscope pins argument order. Every expected output was produced by running the equivalent
// Python script on CPython's own asyncio with the same virtual clock
// (tests/conformance/reference_run.py --timestamps); the Python is sketched above each test.
//
// Coroutine bodies only print (say) or record into variables passed by pointer: QCOMPARE and
// QVERIFY `return`, which a coroutine cannot do, so every check is made after the run returns.
#include "ScenarioSupport.hpp"

#include <QtTest>

#include <optional>

using namespace loopscope;
using namespace scenario;

namespace {

/// Python's repr of a result list, exceptions as Type('message') (gather builds them that way).
std::string pyList(const ValueList& list) {
    std::string s = "[";
    for (std::size_t i = 0; i < list.size(); ++i) {
        s += i ? ", " : "";
        if (const auto* e = std::any_cast<std::exception_ptr>(&list[i])) {
            ExceptionInfo info = describeException(*e);
            s += info.type + "('" + info.message + "')";
        } else {
            s += formatValue(list[i]);
        }
    }
    return s + "]";
}

/// Python's repr of [f.cancelled() for f in fs] or [f.done() for f in fs].
std::string flags(const std::vector<Ref<Future>>& fs, bool (Future::*what)() const noexcept) {
    std::string s = "[";
    for (std::size_t i = 0; i < fs.size(); ++i)
        s += (i ? ", " : "") + py(((*fs[i]).*what)());
    return s + "]";
}

/// The futures of `part` as letters of their position in `all`: "['a', 'c']".
std::string letters(const std::vector<Ref<Future>>& part, const std::vector<Ref<Future>>& all) {
    std::string s = "[";
    for (std::size_t i = 0; i < part.size(); ++i) {
        auto it = std::find(all.begin(), all.end(), part[i]);
        s += (i ? ", '" : "'") + std::string(1, char('a' + (it - all.begin()))) + "'";
    }
    return s + "]";
}


/// fetch(d): announces its start, sleeps d seconds, returns d * 10.
Co<int> fetch(int d) {
    say("fetch " + num(d) + " start");
    co_await sleep(d);
    say("fetch " + num(d) + " done");
    co_return d * 10;
}

/// job(d): sleeps d seconds and returns d; says when it is done or cancelled.
///   async def job(d):
///       try: await asyncio.sleep(d)
///       except asyncio.CancelledError as e: print(f"job {d} cancelled:", e); raise
///       print(f"job {d} done"); return d
Co<int> job(int d) {
    try {
        co_await sleep(d);
    } catch (const CancelledError& e) {
        say("job " + num(d) + " cancelled: " + e.message());
        throw;
    }
    say("job " + num(d) + " done");
    co_return d;
}

/// failing(d, msg): sleeps d seconds, says so, raises ValueError(msg).
Co<int> failing(int d, std::string msg) {
    co_await sleep(d);
    say("fail " + num(d));
    throw ValueError(msg);
}

const loopscope::TaskInfo& info(const Trace& trace, TaskId id) { return trace.tasks.at(id); }

/// link(tasks, next): awaits gather(tasks[next]), or sleeps 10 s where next is past the end.
Co<void> link(const std::vector<Ref<Task>>* tasks, std::size_t next) {
    if (next >= tasks->size()) {
        co_await sleep(10);
        co_return;
    }
    Ref<Future> g = gather((*tasks)[next]);
    co_await g;
}

/// "label: no exception" or "label: <the exception's type>" for what `t->cancel()` raised.
std::string cancelRaises(const std::string& label, const Ref<Task>& t) {
    try {
        t->cancel();
        return label + ": no exception";
    } catch (const BaseException& e) {
        return label + ": " + e.typeName();
    }
}

/// Each task's cancelling() count, then whether each is done: "247 246 False False".
std::string cancellingAndDone(const std::vector<Ref<Task>>& tasks) {
    std::string counts, done;
    for (const Ref<Task>& t : tasks) {
        counts += num(t->cancelling()) + " ";
        done += " " + py(t->done());
    }
    return counts.substr(0, counts.size() - 1) + done;
}

/// The tasks' cancelling() counts added up, and how many are done: "requests 493 done 0".
std::string requestsAndDone(const std::vector<Ref<Task>>& tasks) {
    int requests = 0, done = 0;
    for (const Ref<Task>& t : tasks) {
        requests += t->cancelling();
        done += t->done();
    }
    return "requests " + num(requests) + " done " + num(done);
}

} // namespace

class TestCombinators : public QObject {
    Q_OBJECT
private slots:
    // ---- gather ----
    void gatherReturnsResultsInArgumentOrder();
    void gatherWithReturnExceptionsListsTheException();
    void gatherPropagatesTheFirstExceptionWhileOthersKeepRunning();
    void cancellingTheGatherCancelsItsChildren();
    void gatherOfACancelledChild_data();
    void gatherOfACancelledChild();
    void cancelledGatherWhoseChildSwallowsTheCancellation_data();
    void cancelledGatherWhoseChildSwallowsTheCancellation();
    void emptyGatherAndTheSameFutureTwice();
    void tasksGatheringEachOtherRaiseRecursionErrorFromCancel();
    void cancellingAChainOfGathers_data();
    void cancellingAChainOfGathers();

    // ---- wait ----
    void waitReturnsDoneAndPending_data();
    void waitReturnsDoneAndPending();
    void waitOnAnEmptyListRaisesValueError();

    // ---- as_completed ----
    void asCompletedYieldsInCompletionOrder_data();
    void asCompletedYieldsInCompletionOrder();
    void asCompletedTimeoutRaisesForEveryRemainingFuture();
    void asCompletedRaisesTheExceptionOfAFailedFuture();

    // ---- wait_for ----
    void waitForEndsWithResultTimeoutOrError_data();
    void waitForEndsWithResultTimeoutOrError();
    void waitForWithNonPositiveTimeout_data();
    void waitForWithNonPositiveTimeout();
    void cancellingWaitForCancelsTheInnerTask();

    // ---- shield ----
    void shieldKeepsTheInnerRunningWhenTheOuterIsCancelled();
    void shieldPassesTheInnerExceptionToTheOuter();
    void shieldUnderWaitForTimeout();
};

// ---------------------------------------------------------------------------------------------
// gather
// ---------------------------------------------------------------------------------------------

// r = await gather(fetch(2), fetch(1), fetch(3)): the coroutines become tasks started in
// argument order; they finish at 1, 2, 3; gather finishes at t=3 with the results in
// argument order, not completion order.
void TestCombinators::gatherReturnsResultsInArgumentOrder() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Value v = co_await gather(fetch(2), fetch(1), fetch(3));
        say("results " + pyList(valueAs<ValueList>(v)));
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace),
             QStringList({"[0.000] fetch 2 start", "[0.000] fetch 1 start", "[0.000] fetch 3 start",
                          "[1.000] fetch 1 done", "[2.000] fetch 2 done", "[3.000] fetch 3 done",
                          "[3.000] results [20, 10, 30]"}));
    QCOMPARE(trace.endTime, 3.0);
}

// gather(job(2), failing(1, "fail1"), job(3), return_exceptions=True): the exception is an
// entry of the result list (an exception_ptr Value) and gather still waits for everyone.
void TestCombinators::gatherWithReturnExceptionsListsTheException() {
    ValueList results;
    auto [r, trace] = runMain([](ValueList* out) -> Co<void> {
        std::vector<Ref<Future>> children;
        children.push_back(createTask(job(2)));
        children.push_back(createTask(failing(1, "fail1")));
        children.push_back(createTask(job(3)));
        Value v = co_await gather(children, true);
        *out = valueAs<ValueList>(v);
        say("results " + pyList(*out));
    }(&results));
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace),
             QStringList({"[1.000] fail 1", "[2.000] job 2 done", "[3.000] job 3 done",
                          "[3.000] results [2, ValueError('fail1'), 3]"}));
    QCOMPARE(results.size(), std::size_t(3));
    const auto* e = std::any_cast<std::exception_ptr>(&results[1]);
    QVERIFY(e && *e);
    QCOMPARE(QString::fromStdString(describeException(*e).type), QString("ValueError"));
    QCOMPARE(as<int>(results[0]), 2);
    QCOMPARE(as<int>(results[2]), 3);
}

// Without return_exceptions the first exception (t=1) becomes gather's exception at once;
// the other children are not cancelled and finish at 2, 3 and 4.
//   a, b, c, d = tasks of job(2), failing(1, "first"), failing(3, "second"), job(4)
//   g = gather(a, b, c, d); try: await g  except ValueError as e: print("caught", e)
//   print("states", a.done(), c.done(), d.done(), g.done()); await sleep(5)
//   print("after", a.result(), repr(c.exception()), d.result())
void TestCombinators::gatherPropagatesTheFirstExceptionWhileOthersKeepRunning() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Task> a = createTask(job(2));
        Ref<Task> b = createTask(failing(1, "first"));
        Ref<Task> c = createTask(failing(3, "second"));
        Ref<Task> d = createTask(job(4));
        Ref<Future> g = gather(a, b, c, d);
        try {
            co_await g;
        } catch (const ValueError& e) {
            say("caught " + e.message());
        }
        say("states " + py(a->done()) + " " + py(c->done()) + " " + py(d->done()) + " " +
            py(g->done()));
        co_await sleep(5);
        say("after " + formatValue(a->result()) + " " + formatValue(Value(c->exception())) + " " +
            formatValue(d->result()));
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace),
             QStringList({"[1.000] fail 1", "[1.000] caught first",
                          "[1.000] states False False False True", "[2.000] job 2 done",
                          "[3.000] fail 3", "[4.000] job 4 done",
                          "[6.000] after 2 ValueError('second') 4"}));
}

// g.cancel("stop") at t=1.5 cancels the children still pending (job 1 is done already); once
// they have ended, awaiting g raises CancelledError("stop"). g itself ends with that exception
// rather than cancelled (CPython's _GatheringFuture), and a second cancel() returns False.
void TestCombinators::cancellingTheGatherCancelsItsChildren() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Task> a = createTask(job(1));
        Ref<Task> b = createTask(job(2));
        Ref<Task> c = createTask(job(3));
        Ref<Future> g = gather(a, b, c);
        co_await sleep(1.5);
        say("cancel " + py(g->cancel("stop")));
        try {
            co_await g;
        } catch (const CancelledError& e) {
            say("gather raised CancelledError: " + e.message());
        }
        say("cancelled " + py(a->cancelled()) + " " + py(b->cancelled()) + " " +
            py(c->cancelled()) + " " + py(g->cancelled()));
        say("cancel again " + py(g->cancel()));
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace),
             QStringList({"[1.000] job 1 done", "[1.500] cancel True",
                          "[1.500] job 2 cancelled: stop", "[1.500] job 3 cancelled: stop",
                          "[1.500] gather raised CancelledError: stop",
                          "[1.500] cancelled False True True False",
                          "[1.500] cancel again False"}));
    QCOMPARE(info(trace, 2).outcome, loopscope::Outcome::Cancelled);
    QCOMPARE(info(trace, 2).finished, 1.5);
    QCOMPARE(info(trace, 3).outcome, loopscope::Outcome::Cancelled);
}

// A child cancelled on its own (b.cancel("child") at t=0.5), not through gather:
// - without return_exceptions, gather at once raises that CancelledError (the child's own,
//   message included) but is not itself cancelled; the other child keeps running;
// - with it, the list holds CancelledError('') (Task.cancel(msg) passed the message to the
//   awaited sleep, the task's own cancel message stays None) and gather waits for a (t=1).
void TestCombinators::gatherOfACancelledChild_data() {
    QTest::addColumn<bool>("returnExceptions");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("raises") << false
                            << QStringList({"[0.500] job 2 cancelled: child",
                                            "[0.500] gather raised CancelledError: child",
                                            "[0.500] g.cancelled False a.done False",
                                            "[1.000] job 1 done"});
    QTest::newRow("return_exceptions")
        << true
        << QStringList({"[0.500] job 2 cancelled: child", "[1.000] job 1 done",
                        "[1.000] results [1, CancelledError('')]",
                        "[1.000] g.cancelled False a.done True"});
}

void TestCombinators::gatherOfACancelledChild() {
    QFETCH(bool, returnExceptions);
    QFETCH(QStringList, expected);
    auto [r, trace] = runMain([](bool retexc) -> Co<void> {
        std::vector<Ref<Future>> children;
        Ref<Task> a = createTask(job(1));
        Ref<Task> b = createTask(job(2));
        children.push_back(a);
        children.push_back(b);
        Ref<Future> g = gather(children, retexc);
        co_await sleep(0.5);
        b->cancel("child");
        try {
            Value v = co_await g;
            say("results " + pyList(valueAs<ValueList>(v)));
        } catch (const CancelledError& e) {
            say("gather raised CancelledError: " + e.message());
        }
        say("g.cancelled " + py(g->cancelled()) + " a.done " + py(a->done()));
        co_await a;
    }(returnExceptions));
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace), expected);
}

// g.cancel("stop") where child b catches the CancelledError and returns 5: g still raises
// CancelledError. Without return_exceptions it is a's (cancelled first: "stop"); with it,
// gather waits for both and raises the CancelledError of the last child to finish (b, not
// cancelled, so no message). b is not cancelled and g ends with an exception, not cancelled.
//   async def stubborn():
//       try: await asyncio.sleep(10)
//       except asyncio.CancelledError: print("stubborn swallowed")
//       return 5
void TestCombinators::cancelledGatherWhoseChildSwallowsTheCancellation_data() {
    QTest::addColumn<bool>("returnExceptions");
    QTest::addColumn<QString>("raised");
    QTest::newRow("raises") << false << "[1.000] gather raised CancelledError: stop";
    QTest::newRow("return_exceptions") << true << "[1.000] gather raised CancelledError: ";
}

void TestCombinators::cancelledGatherWhoseChildSwallowsTheCancellation() {
    QFETCH(bool, returnExceptions);
    QFETCH(QString, raised);
    auto [r, trace] = runMain([](bool retexc) -> Co<void> {
        Ref<Task> a = createTask(job(10));
        Ref<Task> b = createTask([]() -> Co<int> {
            try {
                co_await sleep(10);
            } catch (const CancelledError&) {
                say("stubborn swallowed");
            }
            co_return 5;
        }());
        std::vector<Ref<Future>> children;
        children.push_back(a);
        children.push_back(b);
        Ref<Future> g = gather(children, retexc);
        co_await sleep(1);
        say("cancel " + py(g->cancel("stop")));
        try {
            Value v = co_await g;
            say("results " + pyList(valueAs<ValueList>(v)));
        } catch (const CancelledError& e) {
            say("gather raised CancelledError: " + e.message());
        }
        say("cancelled " + py(a->cancelled()) + " " + py(b->cancelled()) + " " +
            py(g->cancelled()) + " b result " + formatValue(b->result()));
    }(returnExceptions));
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace),
             QStringList({"[1.000] cancel True", "[1.000] job 10 cancelled: stop",
                          "[1.000] stubborn swallowed", raised,
                          "[1.000] cancelled True False False b result 5"}));
}

// gather() of nothing is a future already done with [] (awaiting it does not yield: the ready
// ticker runs only after); gather(t, t) watches t once and lists its result twice.
void TestCombinators::emptyGatherAndTheSameFutureTwice() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Task> k = createTask([]() -> Co<void> {
            say("tick");
            co_await sleep(0);
            say("tock");
        }());
        std::vector<Ref<Future>> none;
        Ref<Future> g = gather(none);
        say("empty done " + py(g->done()));
        Value empty = co_await g;
        say("empty " + pyList(valueAs<ValueList>(empty)));
        Ref<Task> t = createTask(job(1));
        Value dup = co_await gather(t, t);
        say("dup " + pyList(valueAs<ValueList>(dup)));
        co_await k;
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace),
             QStringList({"[0.000] empty done True", "[0.000] empty []", "[0.000] tick",
                          "[0.000] tock", "[1.000] job 1 done", "[1.000] dup [1, 1]"}));
}

// Two tasks that gather each other: cancelling one cancels its gather, which cancels the other
// task, whose gather cancels the first again... CPython stops at its recursion limit: a.cancel()
// raises RecursionError in the task that called it, after 493 requests (247 on a, 246 on b),
// and nothing is cancelled. Main goes on; at its end asyncio.run's own cancel() of what is
// left raises RecursionError too, which ends the run.
//   async def ga(): await asyncio.gather(tb)      # gb likewise gathers ta
//   ta, tb = create_task(ga()), create_task(gb()); await asyncio.sleep(1)
//   try: ta.cancel()
//   except RecursionError: print("cancel a: RecursionError")
//   print(ta.cancelling(), tb.cancelling(), ta.done(), tb.done()); await asyncio.sleep(1) ...
void TestCombinators::tasksGatheringEachOtherRaiseRecursionErrorFromCancel() {
    auto [r, trace] = runMain([]() -> Co<void> {
        std::vector<Ref<Task>> ts;
        ts.push_back(createTask(link(&ts, 1)));
        ts.push_back(createTask(link(&ts, 0)));
        co_await sleep(1);
        say(cancelRaises("cancel a", ts[0]));
        say(cancellingAndDone(ts));
        co_await sleep(1);
        say(cancellingAndDone(ts));
    }());
    QCOMPARE(runStatus(r), QString("exception: RecursionError: maximum recursion depth exceeded"));
    QCOMPARE(timedOutput(trace),
             QStringList({"[1.000] cancel a: RecursionError", "[1.000] 247 246 False False",
                          "[2.000] 247 246 False False"}));
    QCOMPARE(trace.endTime, 2.0);
    QCOMPARE(info(trace, 1).outcome, loopscope::Outcome::Pending);
    QCOMPARE(info(trace, 2).outcome, loopscope::Outcome::Pending);
}

// A chain of tasks, each gathering the next, the last sleeping 10 s: cancelling the first
// cancels them all while the chain is shallow enough; a chain past CPython's recursion limit
// raises RecursionError from the first cancel() after 493 requests, nothing is cancelled and
// the chain ends with the sleep.
//   ts[i] = create_task(link(i)); await asyncio.sleep(1); ts[0].cancel(); await ts[0]
void TestCombinators::cancellingAChainOfGathers_data() {
    QTest::addColumn<int>("length");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("100 tasks") << 100
                               << QStringList({"[1.000] cancel: no exception",
                                               "[1.000] first cancelled True",
                                               "[1.000] requests 100 done 100"});
    QTest::newRow("480 tasks") << 480
                               << QStringList({"[1.000] cancel: no exception",
                                               "[1.000] first cancelled True",
                                               "[1.000] requests 480 done 480"});
    QTest::newRow("600 tasks") << 600
                               << QStringList({"[1.000] cancel: RecursionError",
                                               "[10.000] first cancelled False",
                                               "[10.000] requests 493 done 600"});
}

void TestCombinators::cancellingAChainOfGathers() {
    QFETCH(int, length);
    QFETCH(QStringList, expected);
    auto [r, trace] = runMain(
        [](int n) -> Co<void> {
            std::vector<Ref<Task>> ts;
            for (int i = 0; i < n; ++i)
                ts.push_back(createTask(link(&ts, static_cast<std::size_t>(i) + 1)));
            co_await sleep(1);
            say(cancelRaises("cancel", ts[0]));
            try {
                co_await ts[0];
            } catch (const CancelledError&) {
            }
            say("first cancelled " + py(ts[0]->cancelled()));
            say(requestsAndDone(ts));
        }(length));
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace), expected);
}

// ---------------------------------------------------------------------------------------------
// wait
// ---------------------------------------------------------------------------------------------

// done, pending = await wait([a, b, c, d], timeout=, return_when=) over tasks finishing at
// a=2, b=1, c=3 (raising ValueError("c") in the FIRST_EXCEPTION rows), d=4. wait returns when
// the condition holds or at the timeout, with done/pending in argument order, and never cancels
// anything; then everything is waited for (all done at t=4).
void TestCombinators::waitReturnsDoneAndPending_data() {
    QTest::addColumn<int>("mode");
    QTest::addColumn<bool>("hasTimeout");
    QTest::addColumn<double>("timeout");
    QTest::addColumn<QStringList>("expected");
    const QStringList tail({"[4.000] job 4 done", "[4.000] all finished"});
    QTest::newRow("FIRST_COMPLETED")
        << int(WaitMode::FirstCompleted) << false << 0.0
        << (QStringList({"[1.000] job 1 done",
                         "[1.000] returned: done ['b'] pending ['a', 'c', 'd'] any cancelled False",
                         "[2.000] job 2 done", "[3.000] job 3 done"}) +
            tail);
    QTest::newRow("FIRST_EXCEPTION")
        << int(WaitMode::FirstException) << false << 0.0
        << (QStringList({"[1.000] job 1 done", "[2.000] job 2 done", "[3.000] fail 3",
                         "[3.000] returned: done ['a', 'b', 'c'] pending ['d'] any cancelled False"}) +
            tail);
    QTest::newRow("ALL_COMPLETED")
        << int(WaitMode::AllCompleted) << false << 0.0
        << QStringList({"[1.000] job 1 done", "[2.000] job 2 done", "[3.000] job 3 done",
                        "[4.000] job 4 done",
                        "[4.000] returned: done ['a', 'b', 'c', 'd'] pending [] any cancelled False",
                        "[4.000] all finished"});
    QTest::newRow("ALL_COMPLETED timeout 1.5")
        << int(WaitMode::AllCompleted) << true << 1.5
        << (QStringList({"[1.000] job 1 done",
                         "[1.500] returned: done ['b'] pending ['a', 'c', 'd'] any cancelled False",
                         "[2.000] job 2 done", "[3.000] job 3 done"}) +
            tail);
    QTest::newRow("FIRST_COMPLETED timeout 0.5")
        << int(WaitMode::FirstCompleted) << true << 0.5
        << (QStringList({"[0.500] returned: done [] pending ['a', 'b', 'c', 'd'] any cancelled False",
                         "[1.000] job 1 done", "[2.000] job 2 done", "[3.000] job 3 done"}) +
            tail);
    QTest::newRow("FIRST_EXCEPTION timeout 2.5")
        << int(WaitMode::FirstException) << true << 2.5
        << (QStringList({"[1.000] job 1 done", "[2.000] job 2 done",
                         "[2.500] returned: done ['a', 'b'] pending ['c', 'd'] any cancelled False",
                         "[3.000] fail 3"}) +
            tail);
}

void TestCombinators::waitReturnsDoneAndPending() {
    QFETCH(int, mode);
    QFETCH(bool, hasTimeout);
    QFETCH(double, timeout);
    QFETCH(QStringList, expected);
    auto [r, trace] = runMain([](WaitMode mode, std::optional<double> timeout) -> Co<void> {
        std::vector<Ref<Future>> ts;
        ts.push_back(createTask(job(2)));
        ts.push_back(createTask(job(1)));
        if (mode == WaitMode::FirstException)
            ts.push_back(createTask(failing(3, "c")));
        else
            ts.push_back(createTask(job(3)));
        ts.push_back(createTask(job(4)));
        WaitResult wr = co_await wait(ts, timeout, mode);
        bool anyCancelled = false;
        for (const Ref<Future>& f : ts)
            anyCancelled = anyCancelled || f->cancelled();
        say("returned: done " + letters(wr.done, ts) + " pending " + letters(wr.pending, ts) +
            " any cancelled " + py(anyCancelled));
        co_await wait(ts);
        say("all finished");
    }(WaitMode(mode), hasTimeout ? std::optional<double>(timeout) : std::nullopt));
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace), expected);
}

// await wait([]) raises ValueError("Set of Tasks/Futures is empty.").
void TestCombinators::waitOnAnEmptyListRaisesValueError() {
    auto [r, trace] = runMain([]() -> Co<void> {
        std::vector<Ref<Future>> none;
        try {
            co_await wait(none);
            say("no exception");
        } catch (const ValueError& e) {
            say("ValueError: " + e.message());
        }
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace),
             QStringList({"[0.000] ValueError: Set of Tasks/Futures is empty."}));
}

// ---------------------------------------------------------------------------------------------
// as_completed
// ---------------------------------------------------------------------------------------------

// for c in as_completed([job(3), job(1), job(2)] as tasks, timeout=): print("got", await c)
// Results come in completion order at t=1, 2, 3. With timeout=1.5 the next await after the
// timeout raises TimeoutError at t=1.5; the remaining tasks are not cancelled.
void TestCombinators::asCompletedYieldsInCompletionOrder_data() {
    QTest::addColumn<bool>("hasTimeout");
    QTest::addColumn<double>("timeout");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("no timeout")
        << false << 0.0
        << QStringList({"[1.000] job 1 done", "[1.000] got 1", "[2.000] job 2 done",
                        "[2.000] got 2", "[3.000] job 3 done", "[3.000] got 3",
                        "[3.000] cancelled [False, False, False] done [True, True, True]"});
    QTest::newRow("timeout 1.5")
        << true << 1.5
        << QStringList({"[1.000] job 1 done", "[1.000] got 1", "[1.500] TimeoutError",
                        "[1.500] cancelled [False, False, False] done [False, True, False]",
                        // asyncio.run cancels the leftovers; CPython iterates all_tasks() (a
                        // set), loopscope pins creation order.
                        "[1.500] job 3 cancelled: ", "[1.500] job 2 cancelled: "});
}

void TestCombinators::asCompletedYieldsInCompletionOrder() {
    QFETCH(bool, hasTimeout);
    QFETCH(double, timeout);
    QFETCH(QStringList, expected);
    auto [r, trace] = runMain([](std::optional<double> timeout) -> Co<void> {
        std::vector<Ref<Future>> ts;
        ts.push_back(createTask(job(3)));
        ts.push_back(createTask(job(1)));
        ts.push_back(createTask(job(2)));
        AsCompleted ac(ts, timeout);
        try {
            for (std::size_t i = 0; i < ac.size(); ++i) {
                Value v = co_await ac.next();
                say("got " + formatValue(v));
            }
        } catch (const TimeoutError&) {
            say("TimeoutError");
        }
        say("cancelled " + flags(ts, &Future::cancelled) + " done " + flags(ts, &Future::done));
    }(hasTimeout ? std::optional<double>(timeout) : std::nullopt));
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace), expected);
    // asyncio.run cancels the leftovers when main returns (at 1.5 with the timeout).
    const double end = hasTimeout ? 1.5 : 3.0;
    QCOMPARE(trace.endTime, end);
}

// With the timeout, every await after it raises TimeoutError, each at t=1.5. (The leftovers
// are then cancelled by asyncio.run, in creation order: see above.)
void TestCombinators::asCompletedTimeoutRaisesForEveryRemainingFuture() {
    auto [r, trace] = runMain([]() -> Co<void> {
        std::vector<Ref<Future>> ts;
        ts.push_back(createTask(job(3)));
        ts.push_back(createTask(job(1)));
        ts.push_back(createTask(job(2)));
        AsCompleted ac(ts, 1.5);
        for (std::size_t i = 0; i < ac.size(); ++i) {
            try {
                Value v = co_await ac.next();
                say("got " + formatValue(v));
            } catch (const TimeoutError&) {
                say("TimeoutError");
            }
        }
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace),
             QStringList({"[1.000] job 1 done", "[1.000] got 1", "[1.500] TimeoutError",
                          "[1.500] TimeoutError", "[1.500] job 3 cancelled: ",
                          "[1.500] job 2 cancelled: "}));
}

// A future that fails is yielded in its completion order and awaiting it raises its exception.
void TestCombinators::asCompletedRaisesTheExceptionOfAFailedFuture() {
    auto [r, trace] = runMain([]() -> Co<void> {
        std::vector<Ref<Future>> ts;
        ts.push_back(createTask(job(2)));
        ts.push_back(createTask(failing(1, "bad1")));
        AsCompleted ac(ts);
        for (std::size_t i = 0; i < ac.size(); ++i) {
            try {
                Value v = co_await ac.next();
                say("got " + formatValue(v));
            } catch (const ValueError& e) {
                say("ValueError " + e.message());
            }
        }
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace), QStringList({"[1.000] fail 1", "[1.000] ValueError bad1",
                                              "[2.000] job 2 done", "[2.000] got 2"}));
}

// ---------------------------------------------------------------------------------------------
// wait_for
// ---------------------------------------------------------------------------------------------

// inner = create_task(job(d) or failing(d)); await wait_for(inner, timeout):
// - 10 s task, timeout 3: the inner task is cancelled at t=3, awaited, then TimeoutError;
// - 1 s task, timeout 3: its value at t=1; timeout None: its value at t=5;
// - inner raising at t=1: wait_for raises that exception.
void TestCombinators::waitForEndsWithResultTimeoutOrError_data() {
    QTest::addColumn<int>("delay");
    QTest::addColumn<bool>("fails");
    QTest::addColumn<bool>("hasTimeout");
    QTest::addColumn<double>("timeout");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<int>("innerOutcome");
    QTest::addColumn<double>("innerFinished");
    QTest::newRow("times out")
        << 10 << false << true << 3.0
        << QStringList({"[3.000] job 10 cancelled: ", "[3.000] TimeoutError; inner cancelled True"})
        << int(loopscope::Outcome::Cancelled) << 3.0;
    // Both due at t=3: wait_for's timer was set first (the inner task had not started), so the
    // timeout wins even though the inner's sleep is also over: the inner is cancelled.
    QTest::newRow("deadline tie")
        << 3 << false << true << 3.0
        << QStringList({"[3.000] job 3 cancelled: ", "[3.000] TimeoutError; inner cancelled True"})
        << int(loopscope::Outcome::Cancelled) << 3.0;
    QTest::newRow("in time") << 1 << false << true << 3.0
                             << QStringList({"[1.000] job 1 done", "[1.000] result 1"})
                             << int(loopscope::Outcome::Result) << 1.0;
    QTest::newRow("timeout None") << 5 << false << false << 0.0
                                  << QStringList({"[5.000] job 5 done", "[5.000] result 5"})
                                  << int(loopscope::Outcome::Result) << 5.0;
    QTest::newRow("inner raises") << 1 << true << true << 3.0
                                  << QStringList({"[1.000] fail 1", "[1.000] ValueError inner"})
                                  << int(loopscope::Outcome::Exception) << 1.0;
}

void TestCombinators::waitForEndsWithResultTimeoutOrError() {
    QFETCH(int, delay);
    QFETCH(bool, fails);
    QFETCH(bool, hasTimeout);
    QFETCH(double, timeout);
    QFETCH(QStringList, expected);
    QFETCH(int, innerOutcome);
    QFETCH(double, innerFinished);
    auto [r, trace] = runMain([](int d, bool fails, std::optional<double> timeout) -> Co<void> {
        Ref<Task> inner = fails ? createTask(failing(d, "inner")) : createTask(job(d));
        try {
            Value v = co_await waitFor(inner, timeout);
            say("result " + formatValue(v));
        } catch (const TimeoutError&) {
            say("TimeoutError; inner cancelled " + py(inner->cancelled()));
        } catch (const ValueError& e) {
            say("ValueError " + e.message());
        }
    }(delay, fails, hasTimeout ? std::optional<double>(timeout) : std::nullopt));
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace), expected);
    QCOMPARE(info(trace, 1).outcome, loopscope::Outcome(innerOutcome));
    QCOMPARE(info(trace, 1).finished, innerFinished);
    QCOMPARE(trace.endTime, innerFinished);
}

// timeout <= 0: a done future's result is returned; anything pending (a task that has not
// started, a coroutine, a plain future) is cancelled and awaited, then TimeoutError at t=0;
// the coroutine bodies never run.
void TestCombinators::waitForWithNonPositiveTimeout_data() {
    QTest::addColumn<int>("timeout");
    QTest::newRow("zero") << 0;
    QTest::newRow("negative") << -1;
}

void TestCombinators::waitForWithNonPositiveTimeout() {
    QFETCH(int, timeout);
    auto [r, trace] = runMain([](int timeout) -> Co<void> {
        Loop& loop = Loop::running();
        const std::string t = num(timeout) + " ";
        Ref<Future> f = loop.createFuture();
        f->setResult(Value(std::string("ready")));
        Value v = co_await waitFor(f, double(timeout));
        say(t + "done future: " + valueAs<std::string>(v));
        Ref<Task> task = createTask([]() -> Co<int> {
            say("task body ran");
            co_return 1;
        }());
        try {
            co_await waitFor(task, double(timeout));
        } catch (const TimeoutError&) {
            say(t + "TimeoutError; task cancelled " + py(task->cancelled()));
        }
        try {
            co_await waitFor(
                []() -> Co<int> {
                    say("coro body ran");
                    co_return 1;
                }(),
                double(timeout));
        } catch (const TimeoutError&) {
            say(t + "TimeoutError for coro");
        }
        Ref<Future> g = loop.createFuture();
        try {
            co_await waitFor(g, double(timeout));
        } catch (const TimeoutError&) {
            say(t + "TimeoutError for future; cancelled " + py(g->cancelled()));
        }
    }(timeout));
    QCOMPARE(runStatus(r), QString("ok"));
    const QString t = QString::number(timeout) + " ";
    QCOMPARE(timedOutput(trace),
             QStringList({"[0.000] " + t + "done future: ready",
                          "[0.000] " + t + "TimeoutError; task cancelled True",
                          "[0.000] " + t + "TimeoutError for coro",
                          "[0.000] " + t + "TimeoutError for future; cancelled True"}));
    QCOMPARE(trace.endTime, 0.0);
}

// w = create_task(wait_for(inner, 5)); w.cancel("outer") at t=1: the inner task is cancelled
// (without a message) and awaited, then w ends cancelled with "outer", all at t=1.
void TestCombinators::cancellingWaitForCancelsTheInnerTask() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Task> inner = createTask(job(10));
        Ref<Task> w = createTask(waitFor(inner, 5.0));
        co_await sleep(1);
        w->cancel("outer");
        try {
            co_await w;
        } catch (const CancelledError& e) {
            say("w raised CancelledError: " + e.message());
        }
        say("w cancelled " + py(w->cancelled()) + " inner cancelled " + py(inner->cancelled()));
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace),
             QStringList({"[1.000] job 10 cancelled: ", "[1.000] w raised CancelledError: outer",
                          "[1.000] w cancelled True inner cancelled True"}));
    QCOMPARE(info(trace, 1).outcome, loopscope::Outcome::Cancelled);
    QCOMPARE(info(trace, 1).finished, 1.0);
    QCOMPARE(info(trace, 2).outcome, loopscope::Outcome::Cancelled);
    QCOMPARE(trace.endTime, 1.0);
}

// ---------------------------------------------------------------------------------------------
// shield
// ---------------------------------------------------------------------------------------------

// inner = create_task(job(3)); outer = shield(inner); a waiter task awaits outer and is
// cancelled at t=1: the waiter and outer are cancelled, inner keeps running and finishes at
// t=3. Cancelling a shield's outer future directly does not touch the inner either. But
// cancelling the inner cancels the outer (without the message: shield calls outer.cancel()).
void TestCombinators::shieldKeepsTheInnerRunningWhenTheOuterIsCancelled() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Task> inner = createTask(job(3));
        Ref<Future> outer = shield(inner);
        Ref<Task> w = createTask([](Ref<Future> outer) -> Co<void> {
            try {
                Value v = co_await outer;
                say("waiter got " + formatValue(v));
            } catch (const CancelledError&) {
                say("waiter cancelled");
                throw;
            }
        }(outer));
        co_await sleep(1);
        w->cancel();
        co_await sleep(0);
        say("outer cancelled " + py(outer->cancelled()) + " inner done " + py(inner->done()));
        Value v = co_await inner;
        say("inner result " + formatValue(v));

        Ref<Task> inner3 = createTask(job(1));
        Ref<Future> o3 = shield(inner3);
        say("direct cancel " + py(o3->cancel()));
        Value v3 = co_await inner3;
        say("inner3 result " + formatValue(v3) + " o3 cancelled " + py(o3->cancelled()));

        Ref<Task> inner4 = createTask(job(5));
        Ref<Future> o4 = shield(inner4);
        co_await sleep(1);
        inner4->cancel("in");
        try {
            co_await o4;
        } catch (const CancelledError& e) {
            say("outer raised '" + e.message() + "' " + py(o4->cancelled()));
        }
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace),
             QStringList({"[1.000] waiter cancelled", "[1.000] outer cancelled True inner done False",
                          "[3.000] job 3 done", "[3.000] inner result 3",
                          "[3.000] direct cancel True", "[4.000] job 1 done",
                          "[4.000] inner3 result 1 o3 cancelled True",
                          "[5.000] job 5 cancelled: in", "[5.000] outer raised '' True"}));
    QCOMPARE(info(trace, 1).outcome, loopscope::Outcome::Result);
    QCOMPARE(info(trace, 2).outcome, loopscope::Outcome::Cancelled);
    QCOMPARE(info(trace, 2).finished, 1.0);
}

// await shield(task that raises ValueError at t=1) raises that ValueError.
void TestCombinators::shieldPassesTheInnerExceptionToTheOuter() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Task> inner = createTask(failing(1, "inner failed"));
        try {
            co_await shield(inner);
        } catch (const ValueError& e) {
            say("outer raised " + e.message());
        }
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace),
             QStringList({"[1.000] fail 1", "[1.000] outer raised inner failed"}));
    QCOMPARE(info(trace, 1).errorRetrieved, true);
}

// The usual pairing: wait_for(shield(t), 1) times out at t=1 without cancelling t, which can
// still be awaited and finishes at t=3.
void TestCombinators::shieldUnderWaitForTimeout() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Task> t = createTask(job(3));
        try {
            co_await waitFor(shield(t), 1.0);
        } catch (const TimeoutError&) {
            say("timeout; task cancelled " + py(t->cancelled()));
        }
        Value v = co_await t;
        say("result " + formatValue(v));
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace), QStringList({"[1.000] timeout; task cancelled False",
                                              "[3.000] job 3 done", "[3.000] result 3"}));
}

QTEST_GUILESS_MAIN(TestCombinators)
#include "test_combinators.moc"
