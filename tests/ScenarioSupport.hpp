// Helpers shared by the core's tests: run a C++ coroutine as asyncio.run would, and read
// times and orders back from the trace.
#pragma once

#include <loopscope/loopscope.hpp>

#include <QString>
#include <QStringList>
#include <QTest>

#include <cstdio>
#include <string>
#include <vector>

// QCOMPARE prints these enums by name.
namespace QTest {
#define LOOPSCOPE_QTEST_TOSTRING(Type)                                                             \
    template <>                                                                                    \
    inline char* toString(const loopscope::Type& v) {                                              \
        return qstrdup(std::string(loopscope::nameOf(v)).c_str());                               \
    }
LOOPSCOPE_QTEST_TOSTRING(RunStatus)
LOOPSCOPE_QTEST_TOSTRING(TaskState)
LOOPSCOPE_QTEST_TOSTRING(WaitKind)
LOOPSCOPE_QTEST_TOSTRING(Outcome)
LOOPSCOPE_QTEST_TOSTRING(EventKind)
#undef LOOPSCOPE_QTEST_TOSTRING
} // namespace QTest

namespace scenario {

using namespace loopscope;

/// Formats a virtual time as "[T] " with three decimals, as `loopscope run --timestamps`.
inline std::string stamp(double t) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", t);
    return buf;
}

/// A coroutine that sleeps `d` seconds and returns `result` (asyncio.sleep as a coroutine).
inline Co<Value> nap(double d, Value result = {}) { co_return co_await sleep(d, std::move(result)); }

/// Simulated I/O of `d` seconds that the trace labels `label` ("GET /users"; "" for none), as
/// a task graph's io step makes it: a future of kind IO completed by a timer.
inline Co<void> labelledIo(double d, std::string label) {
    Loop& loop = Loop::running();
    Ref<Future> f = loop.createFuture(WaitKind::IO, loop.label(label));
    loop.callLater(d, [f] {
        if (!f->done())
            f->setResult(Value());
    });
    co_await f;
}

/// Four requests at once, tasks 1-4: "GET /a" for 1 s, "GET /b" for 2 s, "GET /a" again for
/// 3 s, and an unlabelled one for 1 s.
inline Co<void> labelledRequests() {
    std::vector<Ref<Future>> requests;
    requests.push_back(createTask(labelledIo(1, "GET /a")));
    requests.push_back(createTask(labelledIo(2, "GET /b")));
    requests.push_back(createTask(labelledIo(3, "GET /a")));
    requests.push_back(createTask(labelledIo(1, "")));
    co_await gather(requests);
}

/// Prints into the trace and returns nothing; shorthand for tests.
inline void say(const std::string& text) { loopscope::print(text); }

/// The printed lines of a trace as "[T] text" strings.
inline QStringList timedOutput(const Trace& trace) {
    QStringList out;
    for (const OutputLine& l : trace.output)
        out << QString::fromStdString("[" + stamp(l.time) + "] " + l.text);
    return out;
}

/// The printed lines of a trace without times.
inline QStringList output(const Trace& trace) {
    QStringList out;
    for (const OutputLine& l : trace.output)
        out << QString::fromStdString(l.text);
    return out;
}

/// What runMain gives back: how the run ended, and its trace.
struct RunOutcome {
    RunResult result;
    Trace trace;
};

/// Runs `main` on a fresh loop as asyncio.run does. An exception escaping Loop::run itself
/// (a core bug, not the scenario's) is kept as RunStatus::Exception, so it fails the test that
/// met it instead of aborting the whole test executable.
template <class T>
RunOutcome runMain(Co<T> main, LoopOptions options = {}) {
    Loop loop(options);
    RunResult r;
    try {
        r = run(loop, std::move(main));
    } catch (...) {
        r.status = RunStatus::Exception;
        r.error = std::current_exception();
    }
    return {std::move(r), loop.takeTrace()};
}

/// "ok", or the status with the exception that ended the run, for QCOMPARE messages.
inline QString runStatus(const RunResult& r) {
    QString s = QString::fromStdString(std::string(nameOf(r.status)));
    if (r.error) {
        ExceptionInfo e = describeException(r.error);
        s += QString::fromStdString(": " + e.type + ": " + e.message);
    }
    return s;
}

/// Python's str(bool).
inline std::string py(bool b) { return b ? "True" : "False"; }
/// "name=True" / "name=False", as an f-string "{name=}" prints it.
inline std::string flag(const std::string& name, bool b) { return name + "=" + py(b); }
inline std::string num(long long v) { return std::to_string(v); }

/// The value a Value holds, as T (test failure message on mismatch comes from valueAs).
template <class T>
T as(const Value& v) {
    return valueAs<T>(v);
}

} // namespace scenario
