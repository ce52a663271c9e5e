// asyncio.Future and asyncio.Task as CPython 3.11 behaves (futures.py, tasks.py): results,
// exceptions, cancellation and its messages, done callbacks going through the loop, task names,
// cancelling()/uncancel(), current/all tasks, sleep() and the order in which tasks start and
// interleave. Every expected output below was produced by running the equivalent Python script
// on CPython's own asyncio with the same virtual clock
// (tests/conformance/reference_run.py --timestamps); the script is quoted in the comment above
// each test where it is not obvious.
//
// Coroutine bodies only print (say) or record into variables passed by pointer: QCOMPARE and
// QVERIFY `return`, which a coroutine cannot do, so every check is made after the run returns.
#include "ScenarioSupport.hpp"

#include <QtTest>

#include <functional>

using namespace loopscope;
using namespace scenario;

namespace {

/// Runs `fn` and prints "label: <exception type>" (or "label: no exception").
void raises(const std::string& label, const std::function<void()>& fn) {
    try {
        fn();
        say(label + ": no exception");
    } catch (const BaseException& e) {
        say(label + ": " + e.typeName());
    }
}

/// Like raises(), with the exception's message: "label: CancelledError: why".
void raisesWithMessage(const std::string& label, const std::function<void()>& fn) {
    try {
        fn();
        say(label + ": no exception");
    } catch (const BaseException& e) {
        say(label + ": " + e.typeName() + ": " + e.message());
    }
}

/// Python's repr of a list of task names, e.g. "['Task-1', 'Task-2']".
std::string namesOf(const std::vector<Ref<Task>>& tasks) {
    std::string s = "[";
    for (std::size_t i = 0; i < tasks.size(); ++i)
        s += (i ? ", '" : "'") + tasks[i]->name() + "'";
    return s + "]";
}

const loopscope::TaskInfo* taskNamed(const Trace& trace, const std::string& name) {
    TaskId id = trace.findTask(name);
    return id == kNone ? nullptr : &trace.tasks[id];
}

} // namespace

class TestTasks : public QObject {
    Q_OBJECT
private slots:
    // ---- Future ----
    void futureDoneCallbacksRunThroughTheLoopInOrder();
    void futureMisuseRaisesInvalidStateError();
    void cancelledFutureRaisesCancelledErrorWithItsMessage();
    void futureOutcomeReachesTheAwaiter_data();
    void futureOutcomeReachesTheAwaiter();
    void doneCallbacksAndAwaitingTasksWakeInRegistrationOrder();

    // ---- Task ----
    void tasksAreNamedTaskNAndCanBeRenamed();
    void cancelMessageReachesTheCoroutineAndTheAwaiter();
    void cancelPropagatesThroughAChainOfAwaitedTasks();
    void onlyTheFirstAwaiterOfACancelledTaskGetsItsMessage();
    void taskCancelledBeforeItsFirstStepNeverRunsItsBody();
    void cancellingCountsRequestsAndUncancelDecrementsThem();
    void taskThatSwallowsCancellationReturnsAValueAndIsNotCancelled();
    void completingATaskFromOutsideRaisesRuntimeError();
    void taskAwaitingItselfGetsRuntimeError();
    void currentTaskAndAllTasks();
    void taskExceptionIsRetrievedByAwaitResultAndException();
    void unretrievedTaskExceptionIsReported();
    void awaitingAFinishedTaskDoesNotYield();
    void tasksLeftPendingWhenMainReturnsAreCancelled();

    // ---- sleep and scheduling order ----
    void sleepReturnsItsResultAfterTheDelay_data();
    void sleepReturnsItsResultAfterTheDelay();
    void sleepZeroIsExactlyOneYield();
    void createdTasksStartInCreationOrderOnTheNextIteration();
    void periodicTaskCancelledByMainAtThirty();
};

// ---------------------------------------------------------------------------------------------
// Future
// ---------------------------------------------------------------------------------------------

// Completing a future runs nothing inline: its callbacks are queued on the loop, in the order
// they were added, and run when the current task yields. A callback added to a future that is
// already done is queued at once (behind the others). remove_done_callback returns the count.
void TestTasks::futureDoneCallbacksRunThroughTheLoopInOrder() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Future> f = Loop::running().createFuture();
        f->addDoneCallback([](Future& fut) { say("cb A " + formatValue(fut.result())); });
        f->addDoneCallback([](Future& fut) { say("cb B " + formatValue(fut.result())); });
        CallbackId c = f->addDoneCallback([](Future&) { say("cb C"); });
        say("removed " + std::to_string(f->removeDoneCallback(c)));
        say("removed again " + std::to_string(f->removeDoneCallback(c)));
        f->setResult(7);
        say("after set_result");
        f->addDoneCallback([](Future&) { say("cb late"); });
        say("after late add");
        co_await sleep(0);
        say("after one yield");
        co_await sleep(0);
        say("end");
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(output(trace), QStringList({"removed 1", "removed again 0", "after set_result",
                                         "after late add", "cb A 7", "cb B 7", "cb late",
                                         "after one yield", "end"}));
}

// result()/exception() before done and a second set_result/set_exception raise
// InvalidStateError; an exception set on a future is returned by exception() and raised by
// result(); cancel() on a done future returns False.
// (CPython's messages differ between its C and Python futures, so only types are compared.)
void TestTasks::futureMisuseRaisesInvalidStateError() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Loop& loop = Loop::running();
        Ref<Future> f = loop.createFuture();
        raises("result() before done", [&] { f->result(); });
        raises("exception() before done", [&] { f->exception(); });
        f->setResult(1);
        raises("set_result twice", [&] { f->setResult(2); });
        raises("set_exception after result",
               [&] { f->setException(std::make_exception_ptr(ValueError("x"))); });
        say("result " + formatValue(f->result()));
        say("cancel done " + py(f->cancel()));

        Ref<Future> h = loop.createFuture();
        h->setException(std::make_exception_ptr(ValueError("boom")));
        say("exception() " + formatValue(Value(h->exception())));
        raisesWithMessage("result()", [&] { h->result(); });
        co_return;
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(output(trace),
             QStringList({"result() before done: InvalidStateError",
                          "exception() before done: InvalidStateError",
                          "set_result twice: InvalidStateError",
                          "set_exception after result: InvalidStateError", "result 1",
                          "cancel done False", "exception() ValueError('boom')",
                          "result(): ValueError: boom"}));
}

// cancel(msg) on a pending future: True, then False; the future is done and cancelled;
// result() and exception() raise CancelledError carrying the message; it cannot be set any more.
void TestTasks::cancelledFutureRaisesCancelledErrorWithItsMessage() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Future> g = Loop::running().createFuture();
        bool first = g->cancel("why");
        bool second = g->cancel("again");
        say("cancel " + py(first) + " " + py(second));
        say("cancelled " + py(g->cancelled()) + " " + py(g->done()));
        raisesWithMessage("result()", [&] { g->result(); });
        raisesWithMessage("exception()", [&] { g->exception(); });
        raises("set_result after cancel", [&] { g->setResult(1); });
        co_return;
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(output(trace), QStringList({"cancel True False", "cancelled True True",
                                         "result(): CancelledError: why",
                                         "exception(): CancelledError: why",
                                         "set_result after cancel: InvalidStateError"}));
}

// A task awaiting a future gets its result, its exception, or CancelledError(msg) when the
// future is cancelled (and then the task ends cancelled), at the time the future completes.
void TestTasks::futureOutcomeReachesTheAwaiter_data() {
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("set_result") << "result"
                                << QStringList({"[1.000] got 5", "[1.000] waiter cancelled False"});
    QTest::newRow("set_exception")
        << "exception" << QStringList({"[1.000] error: bad", "[1.000] waiter cancelled False"});
    QTest::newRow("cancel(msg)")
        << "cancel" << QStringList({"[1.000] cancelled: stop", "[1.000] waiter cancelled True"});
}

void TestTasks::futureOutcomeReachesTheAwaiter() {
    QFETCH(QString, mode);
    QFETCH(QStringList, expected);
    auto [r, trace] = runMain([](std::string mode) -> Co<void> {
        Ref<Future> f = Loop::running().createFuture();
        Ref<Task> t = createTask([](Ref<Future> f) -> Co<void> {
            try {
                Value v = co_await f;
                say("got " + formatValue(v));
            } catch (const CancelledError& e) {
                say("cancelled: " + e.message());
                throw;
            } catch (const ValueError& e) {
                say("error: " + e.message());
            }
        }(f));
        co_await sleep(1);
        if (mode == "result")
            f->setResult(5);
        else if (mode == "exception")
            f->setException(std::make_exception_ptr(ValueError("bad")));
        else
            f->cancel("stop");
        std::vector<Ref<Future>> one;
        one.push_back(t);
        co_await gather(one, true);
        say("waiter cancelled " + py(t->cancelled()));
    }(mode.toStdString()));
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace), expected);
}

// Callbacks and task wakeups share one list, in registration order: cb 1 (added before the
// task awaited), then the task's wakeup, then cb 2 and cb 3. A callback that raises is
// reported ("Exception in callback") and the others still run.
void TestTasks::doneCallbacksAndAwaitingTasksWakeInRegistrationOrder() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Future> f = Loop::running().createFuture();
        f->addDoneCallback([](Future&) { say("cb 1"); });
        Ref<Task> a = createTask([](Ref<Future> f) -> Co<void> {
            co_await f;
            say("task A woke");
        }(f));
        co_await sleep(0);
        f->addDoneCallback([](Future&) { say("cb 2"); });
        f->addDoneCallback([](Future&) { throw ValueError("cb failed"); });
        f->addDoneCallback([](Future&) { say("cb 3"); });
        f->setResult(1);
        co_await a;
        say("end");
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(output(trace), QStringList({"cb 1", "task A woke", "cb 2", "cb 3", "end"}));
    int reported = 0;
    for (const Diagnostic& d : trace.diagnostics)
        if (d.message.find("Exception in callback") != std::string::npos &&
            d.message.find("cb failed") != std::string::npos)
            ++reported;
    QCOMPARE(reported, 1);
}

// ---------------------------------------------------------------------------------------------
// Task
// ---------------------------------------------------------------------------------------------

// Tasks are named Task-N from a per-run counter (main is Task-1); a given name still draws a
// number; set_name renames, also in the trace.
void TestTasks::tasksAreNamedTaskNAndCanBeRenamed() {
    auto [r, trace] = runMain([]() -> Co<void> {
        say(Loop::running().currentTask()->name());
        Ref<Task> a = createTask(nap(1));
        Ref<Task> b = createTask(nap(1), "fetcher");
        Ref<Task> c = createTask(nap(1));
        say(a->name() + " " + b->name() + " " + c->name());
        c->setName("renamed");
        say(c->name());
        co_await gather(a, b, c);
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace),
             QStringList({"[0.000] Task-1", "[0.000] Task-2 fetcher Task-4", "[0.000] renamed"}));
    QCOMPARE(trace.endTime, 1.0);
    QCOMPARE(trace.tasks.size(), std::size_t(4));
    QCOMPARE(QString::fromStdString(trace.tasks[3].name), QString("renamed"));
}

// task.cancel("shutdown") while it sleeps: the sleep raises CancelledError("shutdown") inside
// the coroutine; when the coroutine lets it out, the task ends cancelled and whoever awaits it
// gets that same CancelledError, message included. cancel() on a done task returns False.
//   worker: print("worker start"); try: await sleep(10)
//           except CancelledError as e: print("worker got CancelledError:", e); raise
//   main:   t = create_task(worker()); await sleep(1); print("cancel returns", t.cancel("shutdown"))
//           print("cancelled yet?", t.cancelled(), "cancelling", t.cancelling())
//           try: await t  except CancelledError as e: print("main got CancelledError:", e)
//           print("cancelled", t.cancelled(), "cancel again", t.cancel())
void TestTasks::cancelMessageReachesTheCoroutineAndTheAwaiter() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Task> t = createTask([]() -> Co<void> {
            say("worker start");
            try {
                co_await sleep(10);
            } catch (const CancelledError& e) {
                say("worker got CancelledError: " + e.message());
                throw;
            }
        }());
        co_await sleep(1);
        say("cancel returns " + py(t->cancel("shutdown")));
        say("cancelled yet? " + py(t->cancelled()) + " cancelling " +
            std::to_string(t->cancelling()));
        try {
            co_await t;
        } catch (const CancelledError& e) {
            say("main got CancelledError: " + e.message());
        }
        bool again = t->cancel();
        say("cancelled " + py(t->cancelled()) + " cancel again " + py(again));
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace),
             QStringList({"[0.000] worker start", "[1.000] cancel returns True",
                          "[1.000] cancelled yet? False cancelling 1",
                          "[1.000] worker got CancelledError: shutdown",
                          "[1.000] main got CancelledError: shutdown",
                          "[1.000] cancelled True cancel again False"}));
    const loopscope::TaskInfo* worker = taskNamed(trace, "Task-2");
    QVERIFY(worker);
    QCOMPARE(worker->outcome, loopscope::Outcome::Cancelled);
    QCOMPARE(worker->finished, 1.0);
    QCOMPARE(worker->cancelledBy, TaskId(0));
}

// Cancelling a task that awaits another task cancels the awaited one (Task.cancel cancels its
// fut_waiter): the message travels down to the innermost sleep and the same CancelledError
// comes back up through every awaiter; both tasks end cancelled at t=1.
void TestTasks::cancelPropagatesThroughAChainOfAwaitedTasks() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Task> b = createTask([]() -> Co<void> {
            try {
                co_await sleep(10);
            } catch (const CancelledError& e) {
                say("t2 got '" + e.message() + "'");
                throw;
            }
        }());
        Ref<Task> a = createTask([](Ref<Task> x) -> Co<void> {
            try {
                co_await x;
            } catch (const CancelledError& e) {
                say("t1 got '" + e.message() + "'");
                throw;
            }
        }(b));
        co_await sleep(1);
        a->cancel("m");
        try {
            co_await a;
        } catch (const CancelledError& e) {
            say("main got '" + e.message() + "'");
        }
        say(py(a->cancelled()) + " " + py(b->cancelled()));
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace), QStringList({"[1.000] t2 got 'm'", "[1.000] t1 got 'm'",
                                              "[1.000] main got 'm'", "[1.000] True True"}));
}

// A cancelled task keeps the CancelledError its coroutine raised for the first result() call
// only (futures._make_cancelled_error clears it): of two tasks awaiting it, the first woken
// gets "shutdown", the second and every later result() a CancelledError without message.
void TestTasks::onlyTheFirstAwaiterOfACancelledTaskGetsItsMessage() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Task> t = createTask([]() -> Co<void> {
            try {
                co_await sleep(10);
            } catch (const CancelledError& e) {
                say("job cancelled: " + e.message());
                throw;
            }
        }());
        std::vector<Ref<Future>> waiters;
        for (int i = 1; i <= 2; ++i)
            waiters.push_back(createTask([](std::string tag, Ref<Task> t) -> Co<void> {
                try {
                    co_await t;
                } catch (const CancelledError& e) {
                    say(tag + " got '" + e.message() + "'");
                }
            }("w" + std::to_string(i), t)));
        co_await sleep(1);
        t->cancel("shutdown");
        co_await gather(waiters);
        for (int i = 0; i < 2; ++i) {
            try {
                t->result();
            } catch (const CancelledError& e) {
                say("result() " + std::to_string(i) + " '" + e.message() + "'");
            }
        }
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace),
             QStringList({"[1.000] job cancelled: shutdown", "[1.000] w1 got 'shutdown'",
                          "[1.000] w2 got ''", "[1.000] result() 0 ''", "[1.000] result() 1 ''"}));
}

// A task cancelled before its first step never runs its body; it ends cancelled in the next
// iteration and the awaiter gets CancelledError with the message.
void TestTasks::taskCancelledBeforeItsFirstStepNeverRunsItsBody() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Task> t = createTask([]() -> Co<int> {
            say("body ran");
            co_return 1;
        }());
        say("cancel " + py(t->cancel("early")));
        try {
            co_await t;
        } catch (const CancelledError& e) {
            say("main got CancelledError: " + e.message());
        }
        say("cancelled " + py(t->cancelled()));
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace),
             QStringList({"[0.000] cancel True", "[0.000] main got CancelledError: early",
                          "[0.000] cancelled True"}));
    QCOMPARE(trace.tasks[1].outcome, loopscope::Outcome::Cancelled);
}

// cancelling() counts cancel() requests on a pending task (a second cancel() while the first
// is pending still counts); uncancel() decrements it, never below 0. The coroutine sees one
// CancelledError per step however many requests are pending. Catching it does not reset the
// count, and a task that returns after swallowing is not cancelled.
//   stubborn: n = 0; loop: try: await sleep(10); return "finished"
//             except CancelledError: n += 1; print("swallowed", n, "cancelling",
//             current_task().cancelling()); if n == 2: return "gave up"
void TestTasks::cancellingCountsRequestsAndUncancelDecrementsThem() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Task> t = createTask([]() -> Co<std::string> {
            int n = 0;
            while (true) {
                bool swallowed = false;
                try {
                    co_await sleep(10);
                } catch (const CancelledError&) {
                    swallowed = true;
                }
                if (!swallowed)
                    co_return std::string("finished");
                ++n;
                say("swallowed " + std::to_string(n) + " cancelling " +
                    std::to_string(Loop::running().currentTask()->cancelling()));
                if (n == 2)
                    co_return std::string("gave up");
            }
        }());
        co_await sleep(1);
        say(std::to_string(t->cancelling()));
        t->cancel();
        say(std::to_string(t->cancelling()));
        t->cancel();
        say(std::to_string(t->cancelling()));
        say("uncancel " + std::to_string(t->uncancel()));
        co_await sleep(1);
        t->cancel();
        say(std::to_string(t->cancelling()));
        Value v = co_await t;
        say("result " + valueAs<std::string>(v) + " cancelled " + py(t->cancelled()) +
            " cancelling " + std::to_string(t->cancelling()));
        int u1 = t->uncancel();
        int u2 = t->uncancel();
        int u3 = t->uncancel();
        say("uncancel " + std::to_string(u1) + " " + std::to_string(u2) + " " +
            std::to_string(u3));
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace),
             QStringList({"[1.000] 0", "[1.000] 1", "[1.000] 2", "[1.000] uncancel 1",
                          "[1.000] swallowed 1 cancelling 1", "[2.000] 2",
                          "[2.000] swallowed 2 cancelling 2",
                          "[2.000] result gave up cancelled False cancelling 2",
                          "[2.000] uncancel 1 0 0"}));
}

// A task whose coroutine catches CancelledError and returns a value finishes with that value:
// done, not cancelled.
void TestTasks::taskThatSwallowsCancellationReturnsAValueAndIsNotCancelled() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Task> t = createTask([]() -> Co<int> {
            bool caught = false;
            try {
                co_await sleep(10);
            } catch (const CancelledError&) {
                caught = true;
            }
            if (caught) {
                say("caught");
                co_return 42;
            }
            co_return 0;
        }());
        co_await sleep(1);
        t->cancel();
        Value v = co_await t;
        say("result " + formatValue(v) + " " + py(t->cancelled()) + " " + py(t->done()));
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace),
             QStringList({"[1.000] caught", "[1.000] result 42 False True"}));
    QCOMPARE(trace.tasks[1].outcome, loopscope::Outcome::Result);
}

// set_result / set_exception on a task raise RuntimeError (only its coroutine completes it);
// the task is unaffected and finishes normally.
void TestTasks::completingATaskFromOutsideRaisesRuntimeError() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Task> t = createTask(nap(1, 9));
        raisesWithMessage("set_result", [&] { t->setResult(1); });
        raisesWithMessage("set_exception",
                          [&] { t->setException(std::make_exception_ptr(ValueError("x"))); });
        Value v = co_await t;
        say("result " + formatValue(v));
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace),
             QStringList({"[0.000] set_result: RuntimeError: Task does not support set_result "
                          "operation",
                          "[0.000] set_exception: RuntimeError: Task does not support "
                          "set_exception operation",
                          "[1.000] result 9"}));
}

// `await current_task()` raises RuntimeError("Task cannot await on itself: ...") inside the
// task (thrown in at its next step), which can catch it and go on.
void TestTasks::taskAwaitingItselfGetsRuntimeError() {
    auto [r, trace] = runMain([]() -> Co<void> {
        co_await sleep(1);
        Ref<Task> me(Loop::running().currentTask());
        try {
            co_await me;
        } catch (const RuntimeError& e) {
            std::string msg = e.message();
            say("self await: " + msg.substr(0, msg.find(':')));
        }
        say("still running " + py(me->done()));
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace), QStringList({"[1.000] self await: Task cannot await on itself",
                                              "[1.000] still running False"}));
}

// current_task() is the task whose step runs (None in a plain callback); all_tasks() holds the
// tasks not yet done. (CPython returns a set; loopscope pins creation order.)
void TestTasks::currentTaskAndAllTasks() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Loop& loop = Loop::running();
        say("main " + loop.currentTask()->name());
        Ref<Task> a = createTask([](std::string tag) -> Co<void> {
            say(tag + " " + Loop::running().currentTask()->name());
            co_await sleep(1);
        }("a"));
        Ref<Task> b = createTask([](std::string tag) -> Co<void> {
            say(tag + " " + Loop::running().currentTask()->name());
            co_await sleep(1);
        }("b"));
        say(namesOf(loop.allTasks()));
        loop.callSoon([] {
            Task* t = Loop::running().currentTask();
            say("callback " + (t ? t->name() : std::string("None")));
        });
        co_await sleep(0);
        co_await a;
        say(namesOf(loop.allTasks()));
        co_await b;
        say(namesOf(loop.allTasks()));
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace),
             QStringList({"[0.000] main Task-1", "[0.000] ['Task-1', 'Task-2', 'Task-3']",
                          "[0.000] a Task-2", "[0.000] b Task-3", "[0.000] callback None",
                          "[1.000] ['Task-1']", "[1.000] ['Task-1']"}));
}

// A task that raises ends with that exception: await raises it, exception() returns it,
// result() raises it; the trace records it as retrieved.
void TestTasks::taskExceptionIsRetrievedByAwaitResultAndException() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Task> t = createTask([]() -> Co<void> {
            co_await sleep(1);
            throw ValueError("boom");
        }());
        try {
            co_await t;
        } catch (const ValueError& e) {
            say("caught " + e.message());
        }
        say("exception() " + formatValue(Value(t->exception())) + " " + py(t->done()) + " " +
            py(t->cancelled()));
        raisesWithMessage("result() raises", [&] { t->result(); });
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace),
             QStringList({"[1.000] caught boom", "[1.000] exception() ValueError('boom') True False",
                          "[1.000] result() raises: ValueError: boom"}));
    QCOMPARE(trace.tasks[1].outcome, loopscope::Outcome::Exception);
    QCOMPARE(QString::fromStdString(trace.tasks[1].errorType), QString("ValueError"));
    QCOMPARE(trace.tasks[1].errorRetrieved, true);
    for (const Diagnostic& d : trace.diagnostics)
        QVERIFY(d.kind != Diagnostic::Kind::ExceptionNeverRetrieved);
}

// Nobody awaits a failing task: CPython logs "Task exception was never retrieved"; the trace
// reports it for that task.
void TestTasks::unretrievedTaskExceptionIsReported() {
    auto [r, trace] = runMain([]() -> Co<void> {
        createTask([]() -> Co<void> {
            co_await sleep(1);
            throw ValueError("lost");
        }());
        co_await sleep(2);
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(trace.tasks[1].outcome, loopscope::Outcome::Exception);
    QCOMPARE(trace.tasks[1].finished, 1.0);
    QCOMPARE(trace.tasks[1].errorRetrieved, false);
    int reported = 0;
    for (const Diagnostic& d : trace.diagnostics)
        if (d.kind == Diagnostic::Kind::ExceptionNeverRetrieved) {
            ++reported;
            QCOMPARE(d.task, TaskId(1));
        }
    QCOMPARE(reported, 1);
}

// Awaiting a task that is already done returns its result without giving up the loop: a
// ready ticker does not get to run between "before" and "after"; it can be awaited twice.
void TestTasks::awaitingAFinishedTaskDoesNotYield() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Task> t = createTask([]() -> Co<std::string> { co_return std::string("v"); }());
        co_await sleep(0);
        say("t done " + py(t->done()));
        Ref<Task> k = createTask([]() -> Co<void> {
            for (int i = 0; i < 3; ++i) {
                say("tick " + std::to_string(i));
                co_await sleep(0);
            }
        }());
        co_await sleep(0);
        say("before");
        Value r1 = co_await t;
        Value r2 = co_await t;
        say("after " + valueAs<std::string>(r1) + " " + valueAs<std::string>(r2));
        co_await k;
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(output(trace), QStringList({"t done True", "tick 0", "before", "after v v", "tick 1",
                                         "tick 2"}));
    QCOMPARE(trace.endTime, 0.0);
}

// asyncio.run: when main returns, the tasks still pending are cancelled and run to their end
// (their CancelledError handlers run, at the same time); the run still ends "ok".
//   async def worker():
//       try: await asyncio.sleep(10)
//       except asyncio.CancelledError as e: print("worker cancelled:", e); raise
//   async def main(): asyncio.create_task(worker()); await asyncio.sleep(1); print("main returns")
void TestTasks::tasksLeftPendingWhenMainReturnsAreCancelled() {
    auto [r, trace] = runMain([]() -> Co<void> {
        createTask([]() -> Co<void> {
            try {
                co_await sleep(10);
            } catch (const CancelledError& e) {
                say("worker cancelled: " + e.message());
                throw;
            }
        }());
        co_await sleep(1);
        say("main returns");
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace),
             QStringList({"[1.000] main returns", "[1.000] worker cancelled: "}));
    QCOMPARE(trace.endTime, 1.0);
    QCOMPARE(trace.tasks[1].outcome, loopscope::Outcome::Cancelled);
    QCOMPARE(trace.tasks[1].finished, 1.0);
}

// ---------------------------------------------------------------------------------------------
// sleep and scheduling order
// ---------------------------------------------------------------------------------------------

// sleep(d, result) returns `result` after exactly d seconds of virtual time (none for d <= 0).
void TestTasks::sleepReturnsItsResultAfterTheDelay_data() {
    QTest::addColumn<double>("delay");
    QTest::addColumn<double>("elapsed");
    QTest::newRow("zero") << 0.0 << 0.0;
    QTest::newRow("half") << 0.5 << 0.5;
    QTest::newRow("two") << 2.0 << 2.0;
    QTest::newRow("negative") << -1.0 << 0.0;
}

void TestTasks::sleepReturnsItsResultAfterTheDelay() {
    QFETCH(double, delay);
    QFETCH(double, elapsed);
    std::string got;
    double start = -1, end = -1;
    auto [r, trace] = runMain([](double d, std::string* got, double* start,
                                 double* end) -> Co<void> {
        Loop& loop = Loop::running();
        co_await sleep(0.25); // start off zero so the elapsed time is a difference
        *start = loop.time();
        Value v = co_await sleep(d, Value(std::string("r")));
        *end = loop.time();
        *got = valueAs<std::string>(v);
    }(delay, &got, &start, &end));
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(got, std::string("r"));
    QCOMPARE(start, 0.25);
    QCOMPARE(end, 0.25 + elapsed);
}

// sleep(0) gives the loop up for exactly one iteration: two tasks looping over
// print + sleep(0) alternate A0 B0 A1 B1 A2 B2, and the clock never moves.
void TestTasks::sleepZeroIsExactlyOneYield() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Task> a = createTask([](std::string tag) -> Co<void> {
            for (int i = 0; i < 3; ++i) {
                say(tag + std::to_string(i));
                co_await sleep(0);
            }
        }("A"));
        Ref<Task> b = createTask([](std::string tag) -> Co<void> {
            for (int i = 0; i < 3; ++i) {
                say(tag + std::to_string(i));
                co_await sleep(0);
            }
        }("B"));
        co_await gather(a, b);
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(timedOutput(trace), QStringList({"[0.000] A0", "[0.000] B0", "[0.000] A1",
                                              "[0.000] B1", "[0.000] A2", "[0.000] B2"}));
}

// create_task schedules the first step with call_soon: nothing runs until the creator yields,
// then the tasks start in creation order, and every later step keeps that round-robin order.
void TestTasks::createdTasksStartInCreationOrderOnTheNextIteration() {
    auto [r, trace] = runMain([]() -> Co<void> {
        std::vector<Ref<Future>> ts;
        for (int i = 1; i <= 3; ++i)
            ts.push_back(createTask([](int i) -> Co<void> {
                say("start " + std::to_string(i));
                co_await sleep(0);
                say("step2 " + std::to_string(i));
            }(i)));
        say("created");
        co_await sleep(0);
        say("main resumed");
        co_await gather(ts);
        say("all done");
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QCOMPARE(output(trace), QStringList({"created", "start 1", "start 2", "start 3",
                                         "main resumed", "step2 1", "step2 2", "step2 3",
                                         "all done"}));
}

// The tutorial's periodic task:
//   async def periodic():
//       while True: print("周期任务执行"); await asyncio.sleep(5)
//   async def main():
//       task = asyncio.create_task(periodic()); await asyncio.sleep(30); task.cancel()
//       try: await task
//       except asyncio.CancelledError: print("任务已取消")
// At t=30 main's timer (set at t=0) and periodic's (set at t=25) are both due; main's was set
// first, so main runs first and cancels periodic while its wakeup is already queued: periodic
// gets CancelledError instead of printing a 7th time. So: prints at 0, 5, ..., 25, not at 30.
void TestTasks::periodicTaskCancelledByMainAtThirty() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Task> task = createTask([]() -> Co<void> {
            while (true) {
                say("周期任务执行");
                co_await sleep(5);
            }
        }());
        co_await sleep(30);
        task->cancel();
        try {
            co_await task;
        } catch (const CancelledError&) {
            say("任务已取消");
        }
    }());
    QCOMPARE(runStatus(r), QString("ok"));
    QStringList expected;
    for (int t = 0; t <= 25; t += 5)
        expected << QString("[%1.000] 周期任务执行").arg(t);
    expected << "[30.000] 任务已取消";
    QCOMPARE(timedOutput(trace), expected);
    QCOMPARE(trace.endTime, 30.0);
    QCOMPARE(trace.tasks[1].outcome, loopscope::Outcome::Cancelled);
    QCOMPARE(trace.tasks[1].finished, 30.0);
    QCOMPARE(trace.tasks[1].cancelledBy, TaskId(0));
}

QTEST_GUILESS_MAIN(TestTasks)
#include "test_tasks.moc"
