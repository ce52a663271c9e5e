// asyncio.timeout / timeout_at / Timeout.reschedule and asyncio.TaskGroup, as CPython 3.11's
// timeouts.py and taskgroups.py behave on the virtual clock. Pins: the deadline fires at
// exactly now+delay; the body sees CancelledError and the scope raises TimeoutError only when
// it was the deadline's cancellation (uncancel() back to 0 and the exception leaving the body
// is CancelledError); nested scopes; TaskGroup's abort of siblings and parent, the
// ExceptionGroup it raises, and cancellation from outside. Every expected output was produced
// by the equivalent Python script run with tests/conformance/reference_run.py --timestamps.
#include "ScenarioSupport.hpp"

#include <QtTest>

using namespace loopscope;
using namespace scenario;

namespace {

/// Python's repr of an exception with one string argument: ValueError('boom').
std::string reprOf(const std::exception_ptr& e) {
    ExceptionInfo info = describeException(e);
    return info.type + "(" + (info.message.empty() ? "" : "'" + info.message + "'") + ")";
}

std::string yesNo(bool b) { return b ? "True" : "False"; }

int cancellingNow() { return Loop::running().currentTask()->cancelling(); }

/// Sleeps `d`; prints "<name> cancelled" if cancelled meanwhile, else raises `fail` if given,
/// else prints "<name> done" and returns the name.
Co<Value> child(std::string name, double d, std::exception_ptr fail = nullptr) {
    try {
        co_await sleep(d);
    } catch (const CancelledError&) {
        say(name + " cancelled");
        throw;
    }
    if (fail) {
        say(name + " raises");
        std::rethrow_exception(fail);
    }
    say(name + " done");
    co_return Value(name);
}

template <class E>
std::exception_ptr err(const char* msg) {
    return std::make_exception_ptr(E(msg));
}

} // namespace

class TestTimeouts : public QObject {
    Q_OBJECT
private slots:
    // ---- timeout / timeout_at ----
    void timeoutRaisesTimeoutErrorAtTheDeadline();
    void bodyFinishingInTimeIsUntouched();
    void timeoutNoneNeverFires();
    void timeoutAtInThePastFiresOnTheNextIteration();
    void rescheduleExtendsTheDeadline();
    void rescheduleShortensTheDeadline();
    void rescheduleToNoneDisablesTheDeadline();
    void rescheduleOutsideTheActiveScopeRaises();
    void nestedInnerExpiresFirst();
    void nestedOuterExpiresFirst();
    void nestedSameDeadlineOnlyOuterRaises();
    void bodySwallowingTheCancellationExitsNormally();
    void bodyConvertingTheCancellationKeepsItsError();
    void explicitCancelInsideScopePropagatesCancelledError();
    void explicitCancelAtTheDeadlineWinsOverTheTimeout();
    void manualEnterExitRaisesFromExit();
    void timeoutOutsideATaskRaises();
    // ---- TaskGroup ----
    void taskGroupExitReturnsAfterTheSlowestChild();
    void taskGroupChildErrorCancelsSiblingsAndBody();
    void taskGroupSimultaneousErrorsAreGroupedInOrder();
    void taskGroupBodyErrorCancelsChildren();
    void taskGroupCreateTaskOutsideItsLifetimeRaises();
    void taskGroupParentCancelledInBody();
    void taskGroupParentCancelledWhileWaitingInExit();
    void timeoutAroundTaskGroup();
    void taskGroupManualEnterExit();
};

// ---------------------------------------------------------------------------------------------
// timeout / timeout_at

// async with timeout(1.5): await sleep(10) -> body cancelled and TimeoutError at exactly 1.5.
void TestTimeouts::timeoutRaisesTimeoutErrorAtTheDeadline() {
    struct Seen {
        std::string type, message;
        bool expired = false;
        int cancelling = -1;
        double when = -1;
    } seen;
    auto [r, trace] = runMain([](Seen* seen) -> Co<void> {
        Ref<Timeout> cm = timeout(1.5);
        try {
            co_await within(cm, child("body", 10));
            say("no timeout");
        } catch (const TimeoutError& e) {
            say("timeout");
            seen->type = e.typeName();
            seen->message = e.message();
            seen->expired = cm->expired();
            seen->cancelling = cancellingNow();
            seen->when = *cm->when();
        }
    }(&seen));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({"[1.500] body cancelled", "[1.500] timeout"}));
    QCOMPARE(seen.type, std::string("TimeoutError"));
    QCOMPARE(seen.message, std::string());
    QVERIFY(seen.expired);
    QCOMPARE(seen.cancelling, 0); // the scope uncancelled its own request
    QCOMPARE(seen.when, 1.5);
    QCOMPARE(trace.endTime, 1.5);
}

// A body done before the deadline returns its value; the deadline never fires afterwards.
void TestTimeouts::bodyFinishingInTimeIsUntouched() {
    struct Seen {
        int value = 0;
        bool expiredAtExit = true, expiredLater = true;
        Timeout::State state = Timeout::State::Created;
        double when = -1;
        int cancelling = -1;
    } seen;
    auto [r, trace] = runMain([](Seen* seen) -> Co<void> {
        Ref<Timeout> cm = timeout(2);
        Value v = co_await within(cm, nap(1, 7));
        say("in time");
        seen->value = as<int>(v);
        seen->expiredAtExit = cm->expired();
        seen->state = cm->state();
        seen->when = *cm->when();
        co_await sleep(3); // past the old deadline: nothing may happen
        say("after");
        seen->expiredLater = cm->expired();
        seen->cancelling = cancellingNow();
    }(&seen));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({"[1.000] in time", "[4.000] after"}));
    QCOMPARE(seen.value, 7);
    QVERIFY(!seen.expiredAtExit);
    QVERIFY(!seen.expiredLater);
    QVERIFY(seen.state == Timeout::State::Exited);
    QCOMPARE(seen.when, 2.0);
    QCOMPARE(seen.cancelling, 0);
    bool anyCancel = false;
    trace.events.forEach([&](const TraceEvent& e) { anyCancel |= e.kind == EventKind::CancelRequest; });
    QVERIFY(!anyCancel);
}

// timeout(None): no deadline at all.
void TestTimeouts::timeoutNoneNeverFires() {
    bool hasWhen = true, expired = true;
    auto [r, trace] = runMain([](bool* hasWhen, bool* expired) -> Co<void> {
        Ref<Timeout> cm = timeout(std::nullopt);
        co_await within(cm, nap(100));
        say("none done");
        *hasWhen = cm->when().has_value();
        *expired = cm->expired();
    }(&hasWhen, &expired));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({"[100.000] none done"}));
    QVERIFY(!hasWhen);
    QVERIFY(!expired);
}

// timeout_at(past) or timeout_at(now) is call_soon'd: it cancels the body at its first
// suspension, without moving the clock; a body that never suspends escapes it.
void TestTimeouts::timeoutAtInThePastFiresOnTheNextIteration() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Loop& loop = Loop::running();
        co_await sleep(1);
        Ref<Timeout> cm = timeoutAt(0.5);
        try {
            co_await within(cm, []() -> Co<void> {
                say("entered");
                co_await yieldNow();
                say("not reached");
            }());
        } catch (const TimeoutError&) {
            say("past timeout " + yesNo(cm->expired()));
        }
        Ref<Timeout> cm2 = timeoutAt(0.5);
        co_await within(cm2, []() -> Co<void> {
            say("no await body");
            co_return;
        }());
        say("no await exit " + yesNo(cm2->expired()));
        co_await yieldNow();
        say("later " + yesNo(cm2->expired()));
        Ref<Timeout> cm3 = timeoutAt(loop.time());
        try {
            co_await within(cm3, nap(5));
        } catch (const TimeoutError&) {
            say("now timeout " + yesNo(cm3->expired()));
        }
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[1.000] entered",
                                     "[1.000] past timeout True",
                                     "[1.000] no await body",
                                     "[1.000] no await exit False",
                                     "[1.000] later False",
                                     "[1.000] now timeout True",
                                 }));
    QCOMPARE(trace.endTime, 1.0);
}

// reschedule(later) inside the scope: the old deadline no longer fires.
void TestTimeouts::rescheduleExtendsTheDeadline() {
    double when = -1;
    bool expired = true;
    auto [r, trace] = runMain([](double* when, bool* expired) -> Co<void> {
        Ref<Timeout> cm = timeout(1);
        co_await within(cm, [](Ref<Timeout> cm, double* when) -> Co<void> {
            co_await sleep(0.5);
            cm->reschedule(Loop::running().time() + 2);
            *when = *cm->when();
            co_await sleep(1.5);
        }(cm, when));
        say("extend done");
        *expired = cm->expired();
    }(&when, &expired));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(when, 2.5);
    QCOMPARE(timedOutput(trace), QStringList({"[2.000] extend done"}));
    QVERIFY(!expired);
}

// reschedule(sooner) fires at the new deadline.
void TestTimeouts::rescheduleShortensTheDeadline() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Timeout> cm = timeout(10);
        try {
            co_await within(cm, [](Ref<Timeout> cm) -> Co<void> {
                co_await sleep(0.5);
                cm->reschedule(Loop::running().time() + 0.25);
                co_await child("body", 5);
            }(cm));
        } catch (const TimeoutError&) {
            say("shortened fired " + yesNo(cm->expired()) + " " + stamp(*cm->when()));
        }
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace),
             QStringList({"[0.750] body cancelled", "[0.750] shortened fired True 0.750"}));
}

// reschedule(None) removes the deadline.
void TestTimeouts::rescheduleToNoneDisablesTheDeadline() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Timeout> cm = timeout(1);
        co_await within(cm, [](Ref<Timeout> cm) -> Co<void> {
            cm->reschedule(std::nullopt);
            co_await sleep(3);
        }(cm));
        say("disabled done " + yesNo(cm->expired()) + " " + yesNo(cm->when().has_value()));
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({"[3.000] disabled done False False"}));
}

// reschedule() of a finished or expired scope: RuntimeError naming the state.
void TestTimeouts::rescheduleOutsideTheActiveScopeRaises() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Timeout> cm = timeout(1);
        co_await within(cm, nap(0.5));
        try {
            cm->reschedule(Loop::running().time() + 1);
        } catch (const RuntimeError& e) {
            say("RuntimeError " + e.message());
        }
        Ref<Timeout> cm2 = timeout(1);
        try {
            co_await within(cm2, nap(2));
        } catch (const TimeoutError&) {
            try {
                cm2->reschedule(std::nullopt);
            } catch (const RuntimeError& e) {
                say("RuntimeError " + e.message());
            }
        }
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace),
             QStringList({"[0.500] RuntimeError Cannot change state of finished Timeout",
                          "[1.500] RuntimeError Cannot change state of expired Timeout"}));
}

// The inner deadline fires first: only the inner scope raises TimeoutError; the outer scope
// goes on and never fires.
void TestTimeouts::nestedInnerExpiresFirst() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Timeout> outer = timeout(5);
        co_await within(outer, [](Ref<Timeout> outer) -> Co<void> {
            Ref<Timeout> inner = timeout(1);
            try {
                co_await within(inner, nap(10));
            } catch (const TimeoutError&) {
                say("inner timeout " + yesNo(inner->expired()) + " " + yesNo(outer->expired()));
            }
            co_await sleep(1);
        }(outer));
        say("outer done " + yesNo(outer->expired()));
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace),
             QStringList({"[1.000] inner timeout True False", "[2.000] outer done False"}));
}

// The outer deadline fires first: the inner scope lets the CancelledError through, the outer
// one turns it into TimeoutError.
void TestTimeouts::nestedOuterExpiresFirst() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Timeout> outer = timeout(1);
        Ref<Timeout> inner = timeout(5);
        try {
            co_await within(outer, [](Ref<Timeout> inner) -> Co<void> {
                try {
                    co_await within(inner, nap(10));
                } catch (const TimeoutError&) {
                    say("WRONG: inner raised TimeoutError");
                } catch (const CancelledError&) {
                    say("inner saw CancelledError " + yesNo(inner->expired()));
                    throw;
                }
            }(inner));
        } catch (const TimeoutError&) {
            say("outer timeout " + yesNo(outer->expired()) + " " + yesNo(inner->expired()));
        }
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({"[1.000] inner saw CancelledError False",
                                              "[1.000] outer timeout True False"}));
}

// Both deadlines at the same time: both cancel the task; the inner scope uncancels to 1 and
// passes CancelledError on, the outer one uncancels to 0 and raises TimeoutError.
void TestTimeouts::nestedSameDeadlineOnlyOuterRaises() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Timeout> outer = timeout(1);
        Ref<Timeout> inner = timeout(1);
        try {
            co_await within(outer, [](Ref<Timeout> inner) -> Co<void> {
                try {
                    co_await within(inner, nap(10));
                } catch (const CancelledError&) {
                    say("inner passed CancelledError " + yesNo(inner->expired()));
                    throw;
                }
            }(inner));
        } catch (const TimeoutError&) {
            say("outer timeout " + yesNo(outer->expired()) + " " + yesNo(inner->expired()) + " " +
                std::to_string(cancellingNow()));
        }
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({"[1.000] inner passed CancelledError True",
                                              "[1.000] outer timeout True True 0"}));
}

// The body catches the CancelledError and goes on: the scope exits without TimeoutError
// (exit raises only when CancelledError leaves the body), yet reports expired().
void TestTimeouts::bodySwallowingTheCancellationExitsNormally() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Timeout> cm = timeout(1);
        try {
            co_await within(cm, []() -> Co<void> {
                try {
                    co_await sleep(10);
                } catch (const CancelledError&) {
                    say("swallowed " + std::to_string(cancellingNow()));
                }
                co_await sleep(0.5);
                say("still running");
            }());
            say("scope exited normally " + yesNo(cm->expired()) + " " +
                std::to_string(cancellingNow()));
        } catch (const TimeoutError&) {
            say("WRONG: TimeoutError");
        }
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({"[1.000] swallowed 1", "[1.500] still running",
                                              "[1.500] scope exited normally True 0"}));
}

// The body turns the CancelledError into another error: that error leaves the scope as is.
void TestTimeouts::bodyConvertingTheCancellationKeepsItsError() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Timeout> cm = timeout(1);
        try {
            co_await within(cm, []() -> Co<void> {
                try {
                    co_await sleep(10);
                } catch (const CancelledError&) {
                    throw ValueError("converted");
                }
            }());
        } catch (const ValueError& e) {
            say("ValueError " + e.message() + " " + yesNo(cm->expired()) + " " +
                std::to_string(cancellingNow()));
        } catch (const TimeoutError&) {
            say("WRONG: TimeoutError");
        }
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({"[1.000] ValueError converted True 0"}));
}

namespace {
/// A task body: `async with timeout(limit) as cm: await sleep(10)`, reporting the scope.
Co<void> victim(double limit, Ref<Timeout>* scope) {
    Ref<Timeout> cm = timeout(limit);
    *scope = cm;
    co_await within(cm, []() -> Co<void> {
        try {
            co_await sleep(10);
        } catch (const CancelledError& e) {
            say("victim body cancelled '" + e.message() + "' cancelling=" +
                std::to_string(cancellingNow()));
            throw;
        }
    }());
}
} // namespace

// task.cancel() while the scope is pending: CancelledError (with its message) leaves the
// scope, not TimeoutError, and the dropped deadline never fires later.
void TestTimeouts::explicitCancelInsideScopePropagatesCancelledError() {
    Ref<Timeout> scope;
    auto [r, trace] = runMain([](Ref<Timeout>* scope) -> Co<void> {
        Ref<Task> t = createTask(victim(5, scope));
        co_await sleep(1);
        t->cancel("stop");
        try {
            co_await t;
            say("WRONG: no error");
        } catch (const CancelledError& e) {
            say("CancelledError propagated '" + e.message() + "' " +
                yesNo((*scope)->expired()) + " " + yesNo(t->cancelled()));
        } catch (const TimeoutError&) {
            say("WRONG: TimeoutError");
        }
        co_await sleep(10);
        say("no later timeout");
    }(&scope));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({"[1.000] victim body cancelled 'stop' cancelling=1",
                                              "[1.000] CancelledError propagated 'stop' False True",
                                              "[11.000] no later timeout"}));
}

// The deadline and an explicit cancel() land together: two cancel requests, the scope's
// uncancel() leaves 1, so CancelledError propagates instead of TimeoutError.
void TestTimeouts::explicitCancelAtTheDeadlineWinsOverTheTimeout() {
    Ref<Timeout> scope;
    auto [r, trace] = runMain([](Ref<Timeout>* scope) -> Co<void> {
        Ref<Task> t = createTask(victim(1, scope));
        co_await sleep(1); // this timer is set before the victim's deadline: we wake first
        t->cancel();
        try {
            co_await t;
            say("WRONG: no error");
        } catch (const CancelledError&) {
            say("both: CancelledError " + yesNo((*scope)->expired()) + " " + yesNo(t->cancelled()));
        } catch (const TimeoutError&) {
            say("both: TimeoutError");
        }
    }(&scope));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({"[1.000] victim body cancelled '' cancelling=2",
                                              "[1.000] both: CancelledError True True"}));
}

// Timeout::enter()/exit() by hand: exit(CancelledError) throws TimeoutError after expiry;
// exit(nullptr) of a scope that did not expire does nothing.
void TestTimeouts::manualEnterExitRaisesFromExit() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Timeout> cm = timeout(1);
        cm->enter();
        std::exception_ptr exc;
        try {
            co_await sleep(5);
        } catch (...) {
            exc = std::current_exception();
        }
        say(std::string("body raised ") + (exc ? describeException(exc).type : "nothing"));
        try {
            cm->exit(exc);
            say("WRONG: exit returned");
        } catch (const TimeoutError&) {
            say("exit raised TimeoutError " + yesNo(cm->state() == Timeout::State::Expired));
        }
        Ref<Timeout> cm2 = timeout(1);
        cm2->enter();
        co_await sleep(0.5);
        cm2->exit(nullptr);
        say("quiet exit " + yesNo(cm2->state() == Timeout::State::Exited));
        co_await sleep(1);
        say("end " + std::to_string(cancellingNow()));
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({"[1.000] body raised CancelledError",
                                              "[1.000] exit raised TimeoutError True",
                                              "[1.500] quiet exit True", "[2.500] end 0"}));
}

// Entering a timeout from a plain callback (no current task): RuntimeError.
void TestTimeouts::timeoutOutsideATaskRaises() {
    std::string message;
    auto [r, trace] = runMain([](std::string* message) -> Co<void> {
        Loop::running().callSoon([message] {
            try {
                timeout(1)->enter();
            } catch (const RuntimeError& e) {
                *message = e.message();
            }
        });
        co_await yieldNow();
    }(&message));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(message, std::string("Timeout should be used inside a task"));
}

// ---------------------------------------------------------------------------------------------
// TaskGroup

namespace {
Co<void> threeChildren(TaskGroup& tg, std::vector<Ref<Task>>* out) {
    out->push_back(tg.createTask(child("a", 1)));
    out->push_back(tg.createTask(child("b", 3)));
    out->push_back(tg.createTask(child("c", 2)));
    say("body done");
    co_return;
}
} // namespace

// Every child finishes: the group exits exactly when the slowest one does.
void TestTimeouts::taskGroupExitReturnsAfterTheSlowestChild() {
    std::vector<Ref<Task>> kids;
    auto [r, trace] = runMain([](std::vector<Ref<Task>>* kids) -> Co<void> {
        co_await withTaskGroup([kids](TaskGroup& tg) { return threeChildren(tg, kids); });
        std::string line = "exit";
        for (Ref<Task>& k : *kids)
            line += " " + as<std::string>(k->result());
        say(line);
    }(&kids));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({"[0.000] body done", "[1.000] a done",
                                              "[2.000] c done", "[3.000] b done",
                                              "[3.000] exit a b c"}));
    QCOMPARE(kids.size(), std::size_t(3));
    // The parent waited in TaskGroup.__aexit__ from 0 to 3.
    bool sawGroupWait = false;
    for (const Segment& s : trace.segmentsOf(0))
        if (s.state() == TaskState::Waiting && s.wait() == WaitKind::TaskGroup) {
            sawGroupWait = true;
            QCOMPARE(s.start, 0.0);
            QCOMPARE(s.end, 3.0);
        }
    QVERIFY(sawGroupWait);
}

namespace {
Co<void> oneFailingChild(TaskGroup& tg, Ref<Task>* sibling) {
    tg.createTask(child("x", 1, err<ValueError>("boom")));
    *sibling = tg.createTask(child("y", 5));
    try {
        co_await sleep(10);
    } catch (const CancelledError&) {
        say("body cancelled");
        throw;
    }
}
} // namespace

// A child raises at t=1: the sibling and then the body are cancelled at that moment and
// the group raises ExceptionGroup([ValueError('boom')]); the parent's cancel is undone.
void TestTimeouts::taskGroupChildErrorCancelsSiblingsAndBody() {
    struct Seen {
        std::string type, message;
        std::vector<std::string> errors;
        bool siblingCancelled = false;
        int cancelling = -1;
    } seen;
    Ref<Task> sibling;
    auto [r, trace] = runMain([](Seen* seen, Ref<Task>* sibling) -> Co<void> {
        try {
            co_await withTaskGroup(
                [sibling](TaskGroup& tg) { return oneFailingChild(tg, sibling); });
            say("WRONG: no error");
        } catch (const ExceptionGroup& eg) {
            say("group");
            seen->type = eg.typeName();
            seen->message = eg.message();
            for (const std::exception_ptr& e : eg.exceptions())
                seen->errors.push_back(reprOf(e));
            seen->siblingCancelled = (*sibling)->cancelled();
            seen->cancelling = cancellingNow();
        }
    }(&seen, &sibling));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({"[1.000] x raises", "[1.000] y cancelled",
                                              "[1.000] body cancelled", "[1.000] group"}));
    QCOMPARE(seen.type, std::string("ExceptionGroup"));
    QCOMPARE(seen.message, std::string("unhandled errors in a TaskGroup"));
    QCOMPARE(seen.errors, std::vector<std::string>({"ValueError('boom')"}));
    QVERIFY(seen.siblingCancelled);
    QCOMPARE(seen.cancelling, 0);
}

namespace {
/// Runs a TaskGroup around `body`, collects the reprs of its ExceptionGroup's members into
/// `errors`, then says `label`.
Co<void> groupErrors(Co<void> (*body)(TaskGroup&), std::string label,
                     std::vector<std::string>* errors) {
    try {
        co_await withTaskGroup(body);
    } catch (const ExceptionGroup& eg) {
        for (const std::exception_ptr& e : eg.exceptions())
            errors->push_back(reprOf(e));
        say(label);
    }
}

Co<void> twoFailAtOnce(TaskGroup& tg) {
    tg.createTask(child("p", 1, err<ValueError>("p")));
    tg.createTask(child("q", 1, err<TypeError>("q")));
    tg.createTask(child("r", 2));
    co_return;
}
} // namespace

// Two children raise in the same iteration: both errors are in the group, in order.
void TestTimeouts::taskGroupSimultaneousErrorsAreGroupedInOrder() {
    std::vector<std::string> errors;
    auto [r, trace] = runMain(groupErrors(twoFailAtOnce, "group2", &errors));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({"[1.000] p raises", "[1.000] q raises",
                                              "[1.000] r cancelled", "[1.000] group2"}));
    QCOMPARE(errors, std::vector<std::string>({"ValueError('p')", "TypeError('q')"}));
}

namespace {
Co<void> failingBody(TaskGroup& tg) {
    tg.createTask(child("m", 5));
    tg.createTask(child("n", 5));
    co_await sleep(1);
    throw ValueError("body");
}
} // namespace

// The body raises: the children are cancelled and the body's error is the group's.
void TestTimeouts::taskGroupBodyErrorCancelsChildren() {
    std::vector<std::string> errors;
    auto [r, trace] = runMain(groupErrors(failingBody, "group3", &errors));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({"[1.000] m cancelled", "[1.000] n cancelled",
                                              "[1.000] group3"}));
    QCOMPARE(errors, std::vector<std::string>({"ValueError('body')"}));
    QCOMPARE(trace.tasks[1].outcome, loopscope::Outcome::Cancelled);
    QCOMPARE(trace.tasks[2].outcome, loopscope::Outcome::Cancelled);
    QCOMPARE(trace.tasks[1].finished, 1.0);
}

// create_task before enter, while aborting, and after exit: RuntimeError each time.
void TestTimeouts::taskGroupCreateTaskOutsideItsLifetimeRaises() {
    auto [r, trace] = runMain([]() -> Co<void> {
        TaskGroup tg;
        try {
            tg.createTask(child("early", 1));
        } catch (const RuntimeError& e) {
            say("RuntimeError " + e.message());
        }
        tg.enter();
        tg.createTask(child("x", 1, err<ValueError>("boom")));
        std::exception_ptr exc;
        try {
            co_await sleep(5);
        } catch (const CancelledError&) {
            exc = std::current_exception();
            try {
                tg.createTask(child("late", 1));
            } catch (const RuntimeError& e) {
                say("RuntimeError " + e.message());
            }
        }
        try {
            co_await tg.exit(exc);
        } catch (const ExceptionGroup& eg) {
            say("group " + std::to_string(eg.exceptions().size()));
        }
        try {
            tg.createTask(child("after", 1));
        } catch (const RuntimeError& e) {
            say("RuntimeError " + e.message());
        }
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList({
                                     "[0.000] RuntimeError TaskGroup has not been entered",
                                     "[1.000] x raises",
                                     "[1.000] RuntimeError TaskGroup is shutting down",
                                     "[1.000] group 1",
                                     "[1.000] RuntimeError TaskGroup is finished",
                                 }));
    QCOMPARE(trace.tasks.size(), std::size_t(2)); // no task was created by the failed calls
}

namespace {
Co<void> parentInBody(TaskGroup& tg) {
    tg.createTask(child("a", 5));
    tg.createTask(child("b", 5));
    try {
        co_await sleep(10);
    } catch (const CancelledError&) {
        say("parent body cancelled");
        throw;
    }
}
Co<void> parentInExit(TaskGroup& tg) {
    tg.createTask(child("c", 5));
    tg.createTask(child("d", 5));
    say("parent body done");
    co_return;
}
} // namespace

// The parent task is cancelled from outside while its body runs: the children are cancelled
// and CancelledError leaves the group.
void TestTimeouts::taskGroupParentCancelledInBody() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Task> p = createTask(withTaskGroup([](TaskGroup& tg) { return parentInBody(tg); }));
        co_await sleep(1);
        p->cancel();
        try {
            co_await p;
            say("WRONG: no error");
        } catch (const CancelledError&) {
            say("p cancelled " + yesNo(p->cancelled()));
        }
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace),
             QStringList({"[1.000] parent body cancelled", "[1.000] a cancelled",
                          "[1.000] b cancelled", "[1.000] p cancelled True"}));
}

// The parent is cancelled while waiting in exit: it aborts the children and re-raises.
// (CPython aborts in set order, "d" before "c" here; loopscope pins insertion order.)
void TestTimeouts::taskGroupParentCancelledWhileWaitingInExit() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Task> q = createTask(withTaskGroup([](TaskGroup& tg) { return parentInExit(tg); }));
        co_await sleep(1);
        q->cancel();
        try {
            co_await q;
            say("WRONG: no error");
        } catch (const CancelledError&) {
            say("q cancelled " + yesNo(q->cancelled()));
        }
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace),
             QStringList({"[0.000] parent body done", "[1.000] c cancelled",
                          "[1.000] d cancelled", "[1.000] q cancelled True"}));
}

namespace {
Co<void> oneLongChild(TaskGroup& tg) {
    tg.createTask(child("e", 5));
    co_return;
}
} // namespace

// timeout(1) around a TaskGroup waiting for its children: children cancelled at 1 and the
// timeout turns the group's CancelledError into TimeoutError.
void TestTimeouts::timeoutAroundTaskGroup() {
    auto [r, trace] = runMain([]() -> Co<void> {
        try {
            co_await within(timeout(1),
                            withTaskGroup([](TaskGroup& tg) { return oneLongChild(tg); }));
        } catch (const TimeoutError&) {
            say("timeout around group " + std::to_string(cancellingNow()));
        }
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace),
             QStringList({"[1.000] e cancelled", "[1.000] timeout around group 0"}));
}

// TaskGroup::enter()/exit() by hand with a child failing while the parent already waits in
// exit. CPython 3.11 checks _parent_cancel_requested before that wait, so the parent's own
// cancel request is never uncancelled: cancelling() stays 1 (and nothing else happens).
void TestTimeouts::taskGroupManualEnterExit() {
    std::vector<std::string> errors;
    auto [r, trace] = runMain([](std::vector<std::string>* errors) -> Co<void> {
        TaskGroup tg;
        tg.enter();
        tg.createTask(child("ok", 1));
        tg.createTask(child("bad", 2, err<KeyError>("k")));
        tg.createTask(child("slow", 3));
        say("size " + std::to_string(tg.size()));
        try {
            co_await tg.exit(nullptr);
            say("WRONG: no error");
        } catch (const ExceptionGroup& eg) {
            for (const std::exception_ptr& e : eg.exceptions())
                errors->push_back(reprOf(e));
            say("group " + std::to_string(tg.size()) + " " + std::to_string(cancellingNow()));
        }
        co_await sleep(1);
        say("still alive");
    }(&errors));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace),
             QStringList({"[0.000] size 3", "[1.000] ok done", "[2.000] bad raises",
                          "[2.000] slow cancelled", "[2.000] group 0 1", "[3.000] still alive"}));
    QCOMPARE(errors, std::vector<std::string>({"KeyError('k')"}));
}

QTEST_GUILESS_MAIN(TestTimeouts)
#include "test_timeouts.moc"
