// The trace file format (TraceJson.hpp). Pins: the exact text of a small trace (the documented
// layout); lossless round trip of real traces from the C++ API (gather, semaphore, deadlock
// with its cycle and wait graph, cancellations, output with Chinese text and characters that
// need escaping) and of a trace holding every enum value and extreme numbers; exact double
// round trip; any valid JSON layout read (field order, whitespace, unknown fields, escapes);
// the exact message, with line:column, for each kind of malformed input; every truncation
// reported as such; random damage never crashes; saving is atomic and reports OS errors.
#include "ScenarioSupport.hpp"

#include <loopscope/TraceJson.hpp>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <bit>
#include <cmath>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>

using namespace loopscope;
using namespace scenario;

namespace {

// ---- comparing traces -----------------------------------------------------------------------

bool sameDouble(double a, double b) {
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b) ||
           (std::isnan(a) && std::isnan(b));
}

std::string text(double v) {
    std::ostringstream s;
    s.precision(17);
    s << v;
    return s.str();
}

/// The differences between two traces, field by field, as "where: expected != actual".
class TraceDiff {
public:
    QStringList problems;

    void field(const std::string& where, double a, double b) {
        if (!sameDouble(a, b))
            add(where, text(a), text(b));
    }
    void field(const std::string& where, const std::string& a, const std::string& b) {
        if (a != b)
            add(where, "\"" + a + "\"", "\"" + b + "\"");
    }
    template <class T>
        requires std::is_integral_v<T> || std::is_enum_v<T>
    void field(const std::string& where, T a, T b) {
        if (a != b)
            add(where, std::to_string(static_cast<long long>(a)),
                std::to_string(static_cast<long long>(b)));
    }
    void field(const std::string& where, const std::vector<TaskId>& a,
               const std::vector<TaskId>& b) {
        if (a != b)
            add(where, std::to_string(a.size()) + " ids", std::to_string(b.size()) + " ids");
    }

private:
    void add(const std::string& where, const std::string& a, const std::string& b) {
        if (problems.size() < 20)
            problems << QString::fromStdString(where + ": " + a + " != " + b);
    }
};

std::string at(const char* table, std::size_t i) {
    return std::string(table) + "[" + std::to_string(i) + "].";
}

void compare(TraceDiff& d, const std::string& w, const TaskInfo& a, const TaskInfo& b) {
    d.field(w + "id", a.id, b.id);
    d.field(w + "name", a.name, b.name);
    d.field(w + "coroutine", a.coroutine, b.coroutine);
    d.field(w + "parent", a.parent, b.parent);
    d.field(w + "created", a.created, b.created);
    d.field(w + "finished", a.finished, b.finished);
    d.field(w + "outcome", a.outcome, b.outcome);
    d.field(w + "result", a.result, b.result);
    d.field(w + "errorType", a.errorType, b.errorType);
    d.field(w + "errorMessage", a.errorMessage, b.errorMessage);
    d.field(w + "cancelledBy", a.cancelledBy, b.cancelledBy);
    d.field(w + "cancelCause", a.cancelCause, b.cancelCause);
    d.field(w + "errorRetrieved", a.errorRetrieved, b.errorRetrieved);
}

void compare(TraceDiff& d, const std::string& w, const ResourceInfo& a, const ResourceInfo& b) {
    d.field(w + "id", a.id, b.id);
    d.field(w + "kind", a.kind, b.kind);
    d.field(w + "name", a.name, b.name);
    d.field(w + "capacity", a.capacity, b.capacity);
    d.field(w + "initial", a.initial, b.initial);
    d.field(w + "created", a.created, b.created);
}

void compare(TraceDiff& d, const std::string& w, const Segment& a, const Segment& b) {
    d.field(w + "start", a.start, b.start);
    d.field(w + "end", a.end, b.end);
    d.field(w + "task", a.task(), b.task());
    d.field(w + "object", a.object(), b.object());
    d.field(w + "state", a.state(), b.state());
    d.field(w + "wait", a.wait(), b.wait());
    d.field(w + "detail", a.detail(), b.detail());
}

void compare(TraceDiff& d, const std::string& w, const TraceEvent& a, const TraceEvent& b) {
    d.field(w + "time", a.time, b.time);
    d.field(w + "task", a.task, b.task);
    d.field(w + "actor", a.actor, b.actor);
    d.field(w + "object", a.object, b.object);
    d.field(w + "value", a.value, b.value);
    d.field(w + "kind", a.kind, b.kind);
    d.field(w + "cause", a.cause, b.cause);
    d.field(w + "via", a.via, b.via);
}

void compare(TraceDiff& d, const std::string& w, const OutputLine& a, const OutputLine& b) {
    d.field(w + "time", a.time, b.time);
    d.field(w + "task", a.task, b.task);
    d.field(w + "text", a.text, b.text);
}

void compare(TraceDiff& d, const std::string& w, const Diagnostic& a, const Diagnostic& b) {
    d.field(w + "kind", a.kind, b.kind);
    d.field(w + "time", a.time, b.time);
    d.field(w + "task", a.task, b.task);
    d.field(w + "message", a.message, b.message);
    d.field(w + "cycle", a.cycle, b.cycle);
}

void compare(TraceDiff& d, const std::string& w, const std::string& a, const std::string& b) {
    d.field(w, a, b);
}

void compare(TraceDiff& d, const std::string& w, const WaitEdge& a, const WaitEdge& b) {
    d.field(w + "task", a.task, b.task);
    d.field(w + "wait", a.wait, b.wait);
    d.field(w + "object", a.object, b.object);
    d.field(w + "blocker", a.blocker, b.blocker);
}

/// Every record of a table (a std::vector or a ChunkedVector), after its size.
template <class Table>
void compareTable(TraceDiff& d, const char* name, const Table& a, const Table& b) {
    d.field(std::string(name) + ".size", a.size(), b.size());
    for (std::size_t i = 0; i < std::min(a.size(), b.size()) && d.problems.size() < 20; ++i)
        compare(d, at(name, i), a[i], b[i]);
}

/// Every field of every record that differs (empty when the traces are identical).
QString differences(const Trace& a, const Trace& b) {
    TraceDiff d;
    d.field("status", a.status, b.status);
    d.field("statusDetail", a.statusDetail, b.statusDetail);
    d.field("endTime", a.endTime, b.endTime);
    d.field("callbacksRun", a.callbacksRun, b.callbacksRun);
    compareTable(d, "tasks", a.tasks, b.tasks);
    compareTable(d, "resources", a.resources, b.resources);
    compareTable(d, "segments", a.segments, b.segments);
    compareTable(d, "events", a.events, b.events);
    compareTable(d, "output", a.output, b.output);
    compareTable(d, "diagnostics", a.diagnostics, b.diagnostics);
    compareTable(d, "waitGraph", a.waitGraph, b.waitGraph);
    compareTable(d, "labels", a.labels, b.labels);
    return d.problems.join("\n");
}

std::string toJson(const Trace& t) {
    std::ostringstream out;
    writeTraceJson(t, out);
    return out.str();
}

/// A trace whose status detail says "untouched", to check a failed parse leaves it alone.
Trace sentinel() {
    Trace t;
    t.statusDetail = "untouched";
    return t;
}

// ---- a small trace and its exact text ---------------------------------------------------------

Trace smallTrace() {
    Trace t;
    t.endTime = 1.5;
    t.callbacksRun = 7;
    TaskInfo main;
    main.id = 0;
    main.name = "Task-1";
    main.coroutine = "main";
    main.finished = 1.5;
    main.outcome = Outcome::Result;
    main.result = "None";
    t.tasks.push_back(main);
    t.resources.push_back({0, ResourceKind::Lock, "L", 1, 0, 0});
    t.segments.push_back({0, 0, 0, kNone, TaskState::Running, WaitKind::None, 0});
    t.segments.push_back({0, 1.5, 0, kNone, TaskState::Waiting, WaitKind::Sleep, 0});
    t.segments.push_back({1.5, 1.5, 0, kNone, TaskState::Running, WaitKind::None, 0});
    t.events.push_back(
        {0, 0, kNone, kNone, 0, EventKind::TaskCreated, Cause::Runner, WaitKind::None});
    t.events.push_back({1.5, 0, kNone, kNone, 0, EventKind::Wake, Cause::Timer, WaitKind::Sleep});
    t.events.push_back({1.5, 0, 0, 0, 0, EventKind::Output, Cause::Task, WaitKind::None});
    t.output.push_back({1.5, 0, "hi \"there\""});
    Diagnostic note;
    note.kind = Diagnostic::Kind::Other;
    note.time = 1.5;
    note.task = 0;
    note.message = "note";
    t.diagnostics.push_back(note);
    t.waitGraph.push_back({0, WaitKind::Lock, 0, kNone});
    return t;
}

/// smallTrace() as writeTraceJson writes it: the layout documented in TraceJson.hpp.
const std::string kSmallJson = R"({"format":"loopscope-trace","version":1,
"status":"ok","statusDetail":"","endTime":1.5,"callbacksRun":7,
"tasks":[
{"id":0,"name":"Task-1","coroutine":"main","parent":null,"created":0,"finished":1.5,"outcome":"result","result":"None","errorType":"","errorMessage":"","cancelledBy":null,"cancelCause":"none","errorRetrieved":true}
],
"resources":[
{"id":0,"kind":"Lock","name":"L","capacity":1,"initial":0,"created":0}
],
"segments":[
[0,0,0,"running","none",null,0],
[0,1.5,0,"waiting","sleep",null,0],
[1.5,1.5,0,"running","none",null,0]
],
"events":[
[0,"created",0,null,null,0,"runner","none"],
[1.5,"wake",0,null,null,0,"timer","sleep"],
[1.5,"output",0,0,0,0,"task","none"]
],
"output":[
[1.5,0,"hi \"there\""]
],
"diagnostics":[
{"kind":"other","time":1.5,"task":0,"message":"note","cycle":[]}
],
"waitGraph":[
{"task":0,"wait":"lock","object":0,"blocker":null}
],
"labels":[]
}
)";

/// kSmallJson with the first `find` replaced by `replace`.
std::string smallJsonWith(const std::string& find, const std::string& replace) {
    std::string s = kSmallJson;
    const std::size_t i = s.find(find);
    if (i == std::string::npos)
        qFatal("'%s' is not in kSmallJson", find.c_str());
    return s.replace(i, find.size(), replace);
}

// ---- real runs ------------------------------------------------------------------------------

Co<Value> fetch(std::string url, double delay) {
    say("开始请求 " + url);
    co_await sleep(delay);
    say("完成请求 " + url);
    co_return Value(url + " 的数据");
}

Co<void> gatherScenario() {
    Value all = co_await gather(createTask(fetch("url1", 2), "fetch-1"),
                                createTask(fetch("url2", 1), "fetch-2"),
                                createTask(fetch("url3", 3), "fetch-3"));
    say("all fetched");
}

Co<void> limited(Semaphore& sem, int i) {
    co_await sem.acquire();
    say("worker " + num(i) + " in");
    co_await sleep(0.5 + 0.25 * i);
    sem.release();
}

Co<void> semaphoreScenario() {
    Semaphore sem(2, "pool");
    std::vector<Ref<Future>> tasks;
    for (int i = 0; i < 5; ++i)
        tasks.push_back(createTask(limited(sem, i), "worker-" + num(i)));
    co_await gather(tasks);
}

Co<void> takeBoth(Lock& first, Lock& second, std::string name) {
    co_await first.acquire();
    co_await sleep(1);
    say(name + " wants second");
    co_await second.acquire();
    second.release();
    first.release();
}

/// Two tasks take two locks in opposite order: a deadlock with a two-task cycle.
Co<void> deadlockScenario() {
    Lock a("A");
    Lock b("B");
    Ref<Task> t1 = createTask(takeBoth(a, b, "t1"), "t1");
    Ref<Task> t2 = createTask(takeBoth(b, a, "t2"), "t2");
    co_await gather(t1, t2);
}

Co<void> cancelLater(Ref<Task> victim) {
    co_await sleep(1);
    victim->cancel();
}

Co<void> failAfter(double d, std::string message) {
    co_await sleep(d);
    throw ValueError(message);
}

/// A task cancelled by another, a wait_for timeout (cancelled by the timer), and an exception
/// never retrieved.
Co<void> cancellationScenario() {
    Ref<Task> victim = createTask(nap(10), "victim");
    createTask(cancelLater(victim), "canceller");
    try {
        co_await victim;
    } catch (const CancelledError&) {
        say("victim cancelled");
    }
    try {
        co_await waitFor(Ref<Future>(createTask(nap(5), "slow")), 0.5);
    } catch (const TimeoutError&) {
        say("timed out");
    }
    createTask(failAfter(0.25, "lost \"value\"\n"), "lost");
    co_await sleep(1);
}

/// Output lines with everything a JSON string must escape, and text it must not touch.
Co<void> outputScenario() {
    say("中文输出：你好，世界！");
    say("quotes \"double\" and 'single'");
    say("line one\nline two\r\nline three");
    say("back\\slash C:\\path\\file and\ttab");
    std::string controls;
    for (int c = 1; c < 0x20; ++c)
        controls += static_cast<char>(c);
    controls += '\x7f';
    say(controls);
    say(std::string("nul\0inside", 10));
    co_await sleep(0.1);
    say("emoji 😀, é, \xe2\x80\xa8 line separator");
    say("");
}

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

/// Most primitives: queue, event, lock, semaphore, TaskGroup, wait(FIRST_COMPLETED), timeout.
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
    std::vector<Ref<Future>> racers;
    racers.push_back(createTask(nap(0.5)));
    racers.push_back(createTask(nap(1)));
    WaitResult first = co_await wait(racers, std::nullopt, WaitMode::FirstCompleted);
    co_await gather(first.pending);
    try {
        co_await within(timeout(0.3), ev.wait());
    } catch (const TimeoutError&) {
        say("timeout");
    }
}

bool anyDiagnostic(const Trace& t, Diagnostic::Kind kind, std::size_t minCycle = 0) {
    for (const Diagnostic& d : t.diagnostics)
        if (d.kind == kind && d.cycle.size() >= minCycle)
            return true;
    return false;
}

bool anyCancelled(const Trace& t, Cause cause) {
    for (const TaskInfo& i : t.tasks)
        if (i.outcome == Outcome::Cancelled && i.cancelCause == cause)
            return true;
    return false;
}

bool anyWait(const Trace& t, WaitKind kind, int detail) {
    bool found = false;
    t.segments.forEach([&](const Segment& s) { found |= s.wait() == kind && s.detail() == detail; });
    return found;
}

/// A scenario, and what its trace must hold for the round trip to cover what the row is about.
struct ScenarioRow {
    const char* name;
    RunOutcome (*run)();
    bool (*covers)(const Trace&);
};

const ScenarioRow kScenarios[] = {
    {"gather", [] { return runMain(gatherScenario()); },
     [](const Trace& t) { return t.tasks.size() == 4 && anyWait(t, WaitKind::Gather, 0); }},
    {"semaphore", [] { return runMain(semaphoreScenario()); },
     [](const Trace& t) { return anyWait(t, WaitKind::Semaphore, 0) && t.resources.size() == 1; }},
    {"deadlock", [] { return runMain(deadlockScenario()); },
     [](const Trace& t) {
         return t.status == RunStatus::Deadlock && t.waitGraph.size() >= 2 &&
                anyDiagnostic(t, Diagnostic::Kind::Deadlock, 2);
     }},
    {"cancellation", [] { return runMain(cancellationScenario()); },
     [](const Trace& t) {
         return anyCancelled(t, Cause::Task) && anyCancelled(t, Cause::Timer) &&
                anyDiagnostic(t, Diagnostic::Kind::ExceptionNeverRetrieved);
     }},
    {"output", [] { return runMain(outputScenario()); },
     [](const Trace& t) { return t.output.size() == 8 && t.output[5].text.size() == 10; }},
    {"busy", [] { return runMain(busyScenario()); },
     [](const Trace& t) { return anyWait(t, WaitKind::Wait, int(WaitMode::FirstCompleted)); }},
    {"labelled io", [] { return runMain(labelledRequests()); },
     [](const Trace& t) { return t.labels.size() == 2 && anyWait(t, WaitKind::IO, 0); }},
};

const ScenarioRow& scenarioNamed(const QString& name) {
    for (const ScenarioRow& row : kScenarios)
        if (name == row.name)
            return row;
    qFatal("no scenario %s", qPrintable(name));
}

// ---- every value ------------------------------------------------------------------------------

/// The values of an enum, up to the first nameOf() does not know.
template <class E>
std::vector<E> allOf() {
    std::vector<E> out;
    for (int i = 0; i < 256 && nameOf(static_cast<E>(i)) != "?"; ++i)
        out.push_back(static_cast<E>(i));
    return out;
}

void addEveryTask(Trace& t) {
    const auto outcomes = allOf<Outcome>();
    const auto causes = allOf<Cause>();
    for (Outcome o : outcomes)
        for (Cause c : causes) {
            TaskInfo i;
            i.id = TaskId(t.tasks.size());
            i.name = "task " + std::to_string(i.id) + " 名前";
            i.coroutine = "co\\" + std::string(nameOf(o));
            i.parent = i.id == 0 ? kNone : i.id - 1;
            i.created = i.id * 0.1;
            i.finished = o == Outcome::Pending ? -1 : i.created + 1e-9;
            i.outcome = o;
            i.result = "{'k': \"v\"}";
            i.errorType = "ValueError";
            i.errorMessage = "bad\n\tthing\x01";
            i.cancelledBy = i.id % 2 ? 0 : kNone;
            i.cancelCause = c;
            i.errorRetrieved = i.id % 3 != 0;
            t.tasks.push_back(i);
        }
}

void addEveryResource(Trace& t) {
    const int extremes[] = {std::numeric_limits<int>::min(), -1, 0, 1,
                            std::numeric_limits<int>::max()};
    for (ResourceKind k : allOf<ResourceKind>()) {
        const ResourceId id = ResourceId(t.resources.size());
        t.resources.push_back({id, k, std::string(nameOf(k)) + "-" + std::to_string(id),
                               extremes[id % 5], extremes[(id + 2) % 5], 1.0 / 3});
    }
}

void addEverySegmentAndEvent(Trace& t) {
    std::uint8_t detail = 0;
    for (TaskState s : allOf<TaskState>())
        for (WaitKind w : allOf<WaitKind>()) {
            const TaskId task = TaskId(t.segments.size() % t.tasks.size());
            // kNone, small ids and the largest a segment holds (not as a label: the trace
            // would need that many)
            const std::uint32_t object =
                detail % 3 ? detail
                           : (detail % 2 && !waitsOnLabel(w) ? Segment::kMaxId : kNone);
            t.segments.push_back({0.1 * detail, 0.1 * detail + 0.2, task, object, s, w,
                                  std::uint8_t(detail % 3)});
            detail = std::uint8_t(detail + 7);
        }
    const std::int32_t values[] = {std::numeric_limits<std::int32_t>::min(), -1, 0,
                                   std::numeric_limits<std::int32_t>::max()};
    std::size_t n = 0;
    for (EventKind k : allOf<EventKind>())
        for (Cause c : allOf<Cause>())
            for (WaitKind w : allOf<WaitKind>()) {
                const TaskId task = TaskId(n % t.tasks.size());
                t.events.push_back({n * 1e-3, task, n % 2 ? kNone : task,
                                    n % 5 ? std::uint32_t(n) : kNone, values[n % 4], k, c, w});
                ++n;
            }
}

void addEveryDiagnostic(Trace& t) {
    for (int k = 0; k <= int(Diagnostic::Kind::Other); ++k) {
        Diagnostic d;
        d.kind = Diagnostic::Kind(k);
        d.time = k * 0.5;
        d.task = k % 2 ? kNone : TaskId(k);
        d.message = "message \"" + std::to_string(k) + "\"\n";
        for (int i = 0; i < k; ++i)
            d.cycle.push_back(TaskId(i));
        t.diagnostics.push_back(d);
    }
    for (WaitKind w : allOf<WaitKind>())
        t.waitGraph.push_back({TaskId(int(w) % 4), w, int(w) % 2 ? kNone : std::uint32_t(w),
                               int(w) % 3 ? TaskId(1) : kNone});
}

/// As many labels as the I/O and executor waits of `t` refer to (a reader checks that each
/// names one), spelled every way a label may be: plain, escaped, Chinese, empty.
void addEveryLabel(Trace& t) {
    std::uint32_t highest = 0;
    auto note = [&](bool isLabel, std::uint32_t object) {
        if (isLabel && object != kNone)
            highest = std::max(highest, object);
    };
    t.segments.forEach([&](const Segment& s) { note(waitsOnLabel(s.wait()), s.object()); });
    t.events.forEach([&](const TraceEvent& e) {
        note(e.kind == EventKind::Wake && waitsOnLabel(e.via), e.object);
    });
    for (const WaitEdge& e : t.waitGraph)
        note(waitsOnLabel(e.wait), e.object);
    const std::string spellings[] = {"GET https://api.example.com/a?q=1", "取数据 \"x\"\n", ""};
    for (std::uint32_t i = 0; i <= highest; ++i)
        t.labels.push_back(i == 2 ? std::string() : spellings[i % 3] + std::to_string(i));
}

/// A trace with every value of every enum, kNone wherever an id may be none, extreme
/// integers, times that need all 17 digits, and strings that need escaping or hold bytes
/// that are not UTF-8 (passed through as they are).
Trace everyValueTrace() {
    Trace t;
    t.status = RunStatus::Interrupted;
    t.statusDetail = "KeyboardInterrupt: \"q\"\n\xff\xfe not UTF-8";
    t.endTime = 0.1 + 0.2;
    t.callbacksRun = std::numeric_limits<std::uint64_t>::max();
    addEveryTask(t);
    addEveryResource(t);
    addEverySegmentAndEvent(t);
    addEveryDiagnostic(t);
    addEveryLabel(t);
    t.output.push_back({1e-9, kNone, "runner line"});
    t.output.push_back({2.5, 3, std::string("\0\x1f\"\\/\x7f\xc3\xa9", 8)});
    return t;
}

/// A trace of `n` segments and `n` events spread over 100 tasks, for size and speed.
Trace largeTrace(std::size_t n) {
    Trace t;
    for (TaskId i = 0; i < 100; ++i) {
        TaskInfo info;
        info.id = i;
        info.name = "Task-" + std::to_string(i + 1);
        t.tasks.push_back(info);
    }
    for (std::size_t i = 0; i < n; ++i) {
        const double time = i * 0.001;
        const TaskId task = TaskId(i % 100);
        t.segments.push_back({time, time + 0.001, task, i % 7 ? kNone : std::uint32_t(i % 100),
                              TaskState(i % 4), WaitKind(i % kWaitKindCount), 0});
        t.events.push_back({time, task, TaskId((i + 1) % 100), std::uint32_t(i),
                            std::int32_t(i), EventKind(i % 13), Cause(i % 4), WaitKind::Sleep});
    }
    for (int i = 0; i < 100; ++i) // what the I/O segments' objects (0..99) name
        t.labels.push_back("GET /item/" + std::to_string(i));
    return t;
}

QString errorOf(const std::string& json) {
    Trace t = sentinel();
    std::string error;
    if (parseTraceJson(json, t, &error))
        return "parsed";
    if (t.statusDetail != "untouched")
        return "the failed parse changed the trace";
    return QString::fromStdString(error);
}

} // namespace

class TestTraceJson : public QObject {
    Q_OBJECT
private slots:
    void smallTraceHasTheDocumentedText();
    void smallTextParsesToTheSmallTrace();
    void realTracesRoundTrip_data();
    void realTracesRoundTrip();
    void everyValueRoundTrips();
    void doublesRoundTripExactly_data();
    void doublesRoundTripExactly();
    void numberSpellingsReadExactly_data();
    void numberSpellingsReadExactly();
    void anyValidJsonLayoutIsRead();
    void escapesDecodeToUtf8();
    void malformedInputIsReportedWhereAndWhat_data();
    void malformedInputIsReportedWhereAndWhat();
    void everyTruncationIsReportedAsEndOfFile();
    void damagedInputNeverCrashes();
    void loadNamesTheFileInMessages();
    void loadReportsOsErrors();
    void saveReportsOsErrorsAndLeavesNoFile_data();
    void saveReportsOsErrorsAndLeavesNoFile();
    void saveOverADirectoryFailsAndRemovesTheTempFile();
    void saveReplacesAnExistingFile();
    void largeTraceRoundTrips();
    void labelsAreWrittenOneALineAfterTheRecords();
    void fileWithoutLabelsIsRead();
    void labelIndexesAreChecked_data();
    void labelIndexesAreChecked();
};

// The exact text of a small trace: one record per line, compact records, shortest numbers.
void TestTraceJson::smallTraceHasTheDocumentedText() {
    QCOMPARE(toJson(smallTrace()), kSmallJson);
}

void TestTraceJson::smallTextParsesToTheSmallTrace() {
    Trace t;
    std::string error;
    QVERIFY2(parseTraceJson(kSmallJson, t, &error), error.c_str());
    QCOMPARE(differences(smallTrace(), t), QString());
}

void TestTraceJson::realTracesRoundTrip_data() {
    QTest::addColumn<QString>("scenario");
    for (const ScenarioRow& row : kScenarios)
        QTest::newRow(row.name) << QString(row.name);
}

// A trace written and read back is the same, field by field, and writes the same text again.
void TestTraceJson::realTracesRoundTrip() {
    QFETCH(QString, scenario);
    const ScenarioRow& row = scenarioNamed(scenario);
    RunOutcome run = row.run();
    QVERIFY2(row.covers(run.trace), "the scenario no longer produces what this row tests");
    const std::string json = toJson(run.trace);
    Trace back;
    std::string error;
    QVERIFY2(parseTraceJson(json, back, &error), error.c_str());
    QCOMPARE(differences(run.trace, back), QString());
    QCOMPARE(toJson(back), json);
}

void TestTraceJson::everyValueRoundTrips() {
    const Trace t = everyValueTrace();
    const std::string json = toJson(t);
    Trace back;
    std::string error;
    QVERIFY2(parseTraceJson(json, back, &error), error.c_str());
    QCOMPARE(differences(t, back), QString());
    QCOMPARE(toJson(back), json);
    QVERIFY(json.find("\"callbacksRun\":18446744073709551615,") != std::string::npos);
    QVERIFY(json.find(",134217726,") != std::string::npos); // Segment::kMaxId, as an object
    QVERIFY(json.find("\"\\u0000\\u001f\\\"\\\\/\x7f\xc3\xa9\"") != std::string::npos);
}

void TestTraceJson::doublesRoundTripExactly_data() {
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("written");
    const double inf = std::numeric_limits<double>::infinity();
    QTest::newRow("3") << 3.0 << "3";
    QTest::newRow("0.1+0.2") << 0.1 + 0.2 << "0.30000000000000004";
    QTest::newRow("1e-9") << 1e-9 << "1e-09";
    QTest::newRow("1/3") << 1.0 / 3 << "0.3333333333333333";
    QTest::newRow("-0") << -0.0 << "-0";
    QTest::newRow("-1 (pending)") << -1.0 << "-1";
    QTest::newRow("large integer") << 123456789012.0 << "123456789012";
    QTest::newRow("1e21") << 1e21 << "1e+21";
    QTest::newRow("max") << std::numeric_limits<double>::max() << "1.7976931348623157e+308";
    QTest::newRow("min normal") << std::numeric_limits<double>::min() << "2.2250738585072014e-308";
    QTest::newRow("min denormal") << std::numeric_limits<double>::denorm_min() << "5e-324";
    QTest::newRow("inf") << inf << "1e999";
    QTest::newRow("-inf") << -inf << "-1e999";
    QTest::newRow("nan") << std::numeric_limits<double>::quiet_NaN() << "null";
}

// Times are written as the shortest text that reads back as the same bits.
void TestTraceJson::doublesRoundTripExactly() {
    QFETCH(double, value);
    QFETCH(QString, written);
    Trace t;
    t.endTime = value;
    const std::string json = toJson(t);
    QVERIFY2(json.find("\"endTime\":" + written.toStdString() + ",") != std::string::npos,
             json.c_str());
    Trace back;
    std::string error;
    QVERIFY2(parseTraceJson(json, back, &error), error.c_str());
    QVERIFY2(sameDouble(back.endTime, value), text(back.endTime).c_str());
}

void TestTraceJson::numberSpellingsReadExactly_data() {
    QTest::addColumn<QString>("spelled");
    QTest::addColumn<double>("value");
    const double inf = std::numeric_limits<double>::infinity();
    QTest::newRow("3.0") << "3.0" << 3.0;
    QTest::newRow("0.3e1") << "0.3e1" << 3.0;
    QTest::newRow("300E-2") << "300E-2" << 3.0;
    QTest::newRow("17 digits") << "0.30000000000000004" << 0.1 + 0.2;
    QTest::newRow("30 digits") << "123456789012345678901234567890" << 1.2345678901234568e29;
    QTest::newRow("too large") << "1e400" << inf;
    QTest::newRow("too large, negative") << "-1e400" << -inf;
    QTest::newRow("too large, many digits") << ("1" + QString(400, '0')) << inf;
    QTest::newRow("too small") << "1e-400" << 0.0;
    QTest::newRow("too small, negative") << "-1e-400" << -0.0;
    QTest::newRow("too small, leading zeros") << "0.0001e-330" << 0.0;
    QTest::newRow("huge exponent") << "1e99999999999999999999" << inf;
}

// Any JSON spelling of a number reads as the nearest double; out of range gives +-inf or +-0.
void TestTraceJson::numberSpellingsReadExactly() {
    QFETCH(QString, spelled);
    QFETCH(double, value);
    Trace t;
    std::string error;
    const std::string json =
        smallJsonWith("\"endTime\":1.5", "\"endTime\":" + spelled.toStdString());
    QVERIFY2(parseTraceJson(json, t, &error), error.c_str());
    QVERIFY2(sameDouble(t.endTime, value), text(t.endTime).c_str());
}

// Readers take any valid JSON spelling of the same trace: other field order, whitespace and
// CRLF, unknown fields (skipped), other number spellings, escapes where none are needed.
void TestTraceJson::anyValidJsonLayoutIsRead() {
    const std::string json =
        "\r\n{ \"version\" : 1 , \"future\" : {\"nested\": [1, -2.5e3, true, false, null, "
        "\"s\\\"\", {}, []]},\r\n"
        "  \"waitGraph\": [ {\"blocker\": null, \"object\": 0, \"wait\": \"lock\","
        " \"task\": 0} ],\r\n"
        "  \"format\" : \"loopscope-trace\",\r\n"
        "  \"tasks\": [ {\"errorRetrieved\": true, \"cancelCause\": \"none\","
        " \"cancelledBy\": null, \"errorMessage\": \"\", \"errorType\": \"\","
        " \"result\": \"None\", \"outcome\": \"result\","
        " \"finished\": 15e-1, \"created\": 0.0e0, \"parent\": null, \"coroutine\": \"main\","
        " \"name\": \"Task\\u002d1\", \"id\": 0, \"extra\": [1, [2, [3]]]} ],\r\n"
        "  \"segments\": [ [ 0 , 0.0 , 0 , \"running\" , \"none\" , null , 0 ] ,\r\n"
        "     [0, 1.50, 0, \"waiting\", \"sleep\", null, 0], [0.15E+1, 1.5, 0, \"running\","
        " \"none\", null, 0] ],\r\n"
        "  \"status\": \"ok\", \"statusDetail\": \"\", \"endTime\": 1.5000,"
        " \"callbacksRun\": 7,\r\n"
        "  \"resources\": [{\"created\": 0, \"initial\": 0, \"capacity\": 1, \"name\": \"L\","
        " \"kind\": \"Lock\", \"id\": 0}],\r\n"
        "  \"events\": [[0,\"created\",0,null,null,0,\"runner\",\"none\"],"
        " [1.5,\"wake\",0,null,null,0,\"timer\",\"sleep\"],"
        " [1.5,\"output\",0,0,0,0,\"task\",\"none\"]],\r\n"
        "  \"output\": [[1.5, 0, \"hi \\u0022there\\\"\"]],\r\n"
        "  \"diagnostics\": [{\"cycle\": [], \"message\": \"note\", \"task\": 0, \"time\": 1.5,"
        " \"kind\": \"other\"}]\r\n"
        "}\r\n\t ";
    Trace t;
    std::string error;
    QVERIFY2(parseTraceJson(json, t, &error), error.c_str());
    QCOMPARE(differences(smallTrace(), t), QString());
}

void TestTraceJson::escapesDecodeToUtf8() {
    const std::string json = smallJsonWith(
        R"("hi \"there\"")", R"("\u00e9\u4e2d\ud83d\ude00\/\b\f\n\r\t\u0000\\\"\uFFFF")");
    Trace t;
    std::string error;
    QVERIFY2(parseTraceJson(json, t, &error), error.c_str());
    QCOMPARE(t.output[0].text, std::string("é中😀/\b\f\n\r\t") + '\0' + "\\\"\xef\xbf\xbf");
}

void TestTraceJson::malformedInputIsReportedWhereAndWhat_data() {
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("error");
    auto row = [](const char* name, const std::string& input, const char* error) {
        QTest::newRow(name) << QString::fromStdString(input) << QString(error);
    };
    auto with = [&](const char* name, const std::string& find, const std::string& replace,
                    const char* error) { row(name, smallJsonWith(find, replace), error); };
    // Not a loopscope trace at all.
    row("empty file", "", "1:1: not a loopscope trace (empty file)");
    row("an array", "[1,2]\n", "1:1: not a loopscope trace (expected a JSON object)");
    row("format missing", R"({"traceEvents":[]})",
        "1:1: not a loopscope trace (format field missing)");
    with("other format", "\"loopscope-trace\"", "\"chrome-trace\"",
         "1:11: not a loopscope trace (format is 'chrome-trace')");
    with("format not a string", "\"format\":\"loopscope-trace\"", "\"format\":1",
         "1:11: format: expected a string, got a number");
    with("version missing", "\"version\":1,", "",
         "1:1: not a loopscope trace (version field missing)");
    with("version 2", "\"version\":1", "\"version\":2",
         "1:39: unsupported trace version 2 (this build reads version 1)");
    with("version 1.5", "\"version\":1", "\"version\":1.5",
         "1:39: version: expected an integer, got 1.5");
    // Truncated.
    row("truncated in a string", kSmallJson.substr(0, kSmallJson.find("wai") + 3),
        "11:14: unexpected end of file");
    row("truncated after a record", kSmallJson.substr(0, kSmallJson.find("[1.5,1.5")),
        "12:1: unexpected end of file");
    row("truncated in a number", kSmallJson.substr(0, kSmallJson.find(".5,\"call") + 1),
        "2:45: unexpected end of file");
    row("truncated in null", kSmallJson.substr(0, kSmallJson.find("null") + 2),
        "4:55: unexpected end of file");
    row("closing brace missing", kSmallJson.substr(0, kSmallJson.size() - 2),
        "29:1: unexpected end of file");
    // Unknown enum names.
    with("wait kind", "\"sleep\",null", "\"foo\",null", "11:20: unknown wait kind 'foo'");
    with("task state", "\"waiting\"", "\"sleeping\"", "11:10: unknown task state 'sleeping'");
    with("event kind", "\"created\",0", "\"born\",0", "15:4: unknown event kind 'born'");
    with("run status", "\"status\":\"ok\"", "\"status\":\"fine\"",
         "2:10: unknown run status 'fine'");
    with("resource kind", "\"Lock\"", "\"Mutex\"", "7:16: unknown resource kind 'Mutex'");
    with("diagnostic kind", "\"kind\":\"other\"", "\"kind\":\"warning\"",
         "23:9: unknown diagnostic kind 'warning'");
    with("cause", "\"runner\"", "\"human\"", "15:28: unknown cause 'human'");
    with("enum names are case-sensitive", "\"running\"", "\"Running\"",
         "10:8: unknown task state 'Running'");
    // Wrong types.
    with("string for a number", "\"endTime\":1.5", "\"endTime\":\"1.5\"",
         "2:43: endTime: expected a number, got a string");
    with("object for an array", "\"tasks\":[", "\"tasks\":{",
         "3:9: tasks: expected an array, got an object");
    with("string for a boolean", "\"errorRetrieved\":true", "\"errorRetrieved\":\"yes\"",
         "4:210: task.errorRetrieved: expected true or false, got a string");
    with("object for a record", "[0,0,0,\"running\",\"none\",null,0]", "{\"start\":0}",
         "10:1: segment: expected an array, got an object");
    with("string for an id", "\"cancelledBy\":null", "\"cancelledBy\":\"none\"",
         "4:167: task.cancelledBy: expected an integer or null, got a string");
    with("NaN literal", "\"endTime\":1.5", "\"endTime\":NaN",
         "2:43: endTime: expected a number, got 'N'");
    // Structure.
    with("missing field", "\"coroutine\":\"main\",", "", "4:1: task: missing field 'coroutine'");
    with("missing top-level field",
         ",\n\"waitGraph\":[\n{\"task\":0,\"wait\":\"lock\",\"object\":0,\"blocker\":null}\n]", "",
         "1:1: trace: missing field 'waitGraph'");
    with("duplicate field", "\"name\":\"Task-1\",", "\"name\":\"Task-1\",\"name\":\"x\",",
         "4:25: task: duplicate field 'name'");
    with("short record", "[0,0,0,\"running\",\"none\",null,0]", "[0,0,0]",
         "10:7: segment: expected 7 values, got 3");
    with("long record", "[0,0,0,\"running\",\"none\",null,0]",
         "[0,0,0,\"running\",\"none\",null,0,9]",
         "10:31: segment: expected 7 values, got more");
    with("empty record", "[0,\"created\",0,null,null,0,\"runner\",\"none\"]", "[]",
         "15:2: event: expected 8 values, got 0");
    with("missing comma in a record", "\"running\",\"none\"", "\"running\" \"none\"",
         "10:18: expected ','");
    with("missing comma between records", "[0,0,0,\"running\",\"none\",null,0],",
         "[0,0,0,\"running\",\"none\",null,0]", "11:1: expected ',' or ']'");
    with("trailing comma", "[1.5,1.5,0,\"running\",\"none\",null,0]",
         "[1.5,1.5,0,\"running\",\"none\",null,0],", "13:1: segment: expected an array, got ']'");
    with("missing colon", "\"statusDetail\":\"\"", "\"statusDetail\" \"\"", "2:30: expected ':'");
    with("unquoted field name", "\"callbacksRun\":7", "callbacksRun:7",
         "2:47: expected a field name in quotes");
    with("text after the trace", "]\n}\n", "]\n}\nx", "30:1: unexpected text after the trace");
    row("two traces", kSmallJson + kSmallJson, "30:1: unexpected text after the trace");
    row("nesting too deep", "{\"x\":" + std::string(300, '['), "1:263: nesting too deep");
    // Numbers.
    with("int32 overflow", "0,\"runner\"", "2147483648,\"runner\"",
         "15:26: event.value: 2147483648 is out of range");
    with("negative id", "\"parent\":null", "\"parent\":-1",
         "4:53: task.parent: -1 is out of range");
    with("detail over 255", "\"none\",null,0]", "\"none\",null,256]",
         "10:30: segment.detail: 256 is out of range");
    with("detail that is no wait mode", "\"none\",null,0]", "\"none\",null,3]",
         "10:30: segment.detail: 3 is out of range");
    with("object past what a segment holds", "\"none\",null,0]", "\"none\",134217727,0]",
         "10:25: segment.object: 134217727 is out of range");
    with("fraction for an integer", "\"capacity\":1", "\"capacity\":1.5",
         "7:45: resource.capacity: expected an integer, got 1.5");
    with("no digit after the point", "\"endTime\":1.5", "\"endTime\":1.", "2:43: malformed number");
    with("leading zero", "\"endTime\":1.5", "\"endTime\":01.5", "2:43: malformed number");
    with("plus sign", "\"endTime\":1.5", "\"endTime\":+1.5",
         "2:43: endTime: expected a number, got '+'");
    // Strings.
    with("invalid escape", "\"hi \\\"there\\\"\"", "\"hi \\q\"", "20:12: invalid escape '\\q'");
    with("raw tab in a string", "\"hi \\\"there\\\"\"", "\"hi\tthere\"",
         "20:11: control character in a string (must be escaped)");
    with("unpaired surrogate", "\"hi \\\"there\\\"\"", "\"\\ud800x\"",
         "20:9: unpaired surrogate in \\u escape");
    with("bad hex digit", "\"hi \\\"there\\\"\"", "\"\\u12g4\"", "20:9: invalid \\u escape");
    with("multi-byte characters count as one column", "\"hi \\\"there\\\"\"",
         "\"中文\\x\"", "20:11: invalid escape '\\x'");
    // References between tables, checked after reading (no one place to point at).
    with("no such task", "[0,0,0,\"running\"", "[0,0,5,\"running\"",
         "segments[0].task: there is no task 5");
    with("segment without a task", "[0,0,0,\"running\"", "[0,0,null,\"running\"",
         "segments[0].task: there is no task null");
    with("task id out of place", "{\"id\":0,\"name\"", "{\"id\":3,\"name\"",
         "tasks[0].id: 3, expected 0");
    with("cycle names no task", "\"cycle\":[]", "\"cycle\":[9]",
         "diagnostics[0].cycle: there is no task 9");
    with("actor names no task", "[1.5,\"wake\",0,null", "[1.5,\"wake\",0,1",
         "events[1].actor: there is no task 1");
}

// Each kind of malformed input gives "LINE:COLUMN: what" (columns in characters), and the
// trace passed in is left as it was.
void TestTraceJson::malformedInputIsReportedWhereAndWhat() {
    QFETCH(QString, input);
    QFETCH(QString, error);
    QCOMPARE(errorOf(input.toStdString()), error);
}

// Cut anywhere, a trace file is reported as truncated, at its end: nothing crashes, nothing
// else is blamed, and no prefix is taken for a whole trace.
void TestTraceJson::everyTruncationIsReportedAsEndOfFile() {
    const std::string json = toJson(runMain(outputScenario()).trace) + toJson(smallTrace());
    const std::size_t size = json.find("\n}\n") + 2; // the first trace, without its newline
    for (std::size_t n = 1; n < size; ++n) {
        const std::string prefix = json.substr(0, n);
        const QString got = errorOf(prefix);
        if (!got.endsWith(": unexpected end of file"))
            QFAIL(qPrintable(QString("cut at %1: %2").arg(n).arg(got)));
    }
    QCOMPARE(errorOf(json.substr(0, size)), QString("parsed"));
}

// Random damage to a trace file (bytes replaced, removed, repeated) is reported or, when the
// text is still a valid trace, read; never a crash or a hang. A damaged text that reads
// writes back to a text that reads to the same trace.
void TestTraceJson::damagedInputNeverCrashes() {
    const std::string base = toJson(runMain(deadlockScenario()).trace);
    const std::string alphabet = "{}[],:\"\\0123456789.-+eEtrufalsn u\n\x01\xff";
    std::mt19937 rng(20240611);
    int parsed = 0;
    for (int round = 0; round < 3000; ++round) {
        std::string s = base;
        for (int k = 1 + int(rng() % 3); k > 0; --k) {
            const std::size_t i = rng() % s.size(), len = 1 + rng() % 8;
            switch (rng() % 3) {
            case 0: s[i] = alphabet[rng() % alphabet.size()]; break;
            case 1: s.erase(i, len); break;
            case 2: s.insert(i, s.substr(i, len)); break;
            }
        }
        Trace t;
        std::string error;
        if (!parseTraceJson(s, t, &error)) {
            QVERIFY2(!error.empty(), s.c_str());
            continue;
        }
        ++parsed;
        Trace again;
        QVERIFY2(parseTraceJson(toJson(t), again, &error), error.c_str());
        QCOMPARE(differences(t, again), QString());
    }
    qInfo("%d of 3000 damaged texts were still valid traces", parsed);
}

void TestTraceJson::loadNamesTheFileInMessages() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath("trace.json").toStdString();
    std::ofstream(path, std::ios::binary) << smallJsonWith("\"sleep\",null", "\"foo\",null");
    Trace t = sentinel();
    std::string error;
    QVERIFY(!loadTraceJson(path, t, &error));
    QCOMPARE(error, path + ":11:20: unknown wait kind 'foo'");
    QCOMPARE(t.statusDetail, std::string("untouched"));

    std::ofstream(path, std::ios::binary)
        << smallJsonWith("[0,0,0,\"running\"", "[0,0,5,\"running\"");
    QVERIFY(!loadTraceJson(path, t, &error));
    QCOMPARE(error, path + ": segments[0].task: there is no task 5");

    std::ofstream(path, std::ios::binary) << kSmallJson;
    QVERIFY2(loadTraceJson(path, t, &error), error.c_str());
    QCOMPARE(differences(smallTrace(), t), QString());
}

void TestTraceJson::loadReportsOsErrors() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string missing = dir.filePath("missing.json").toStdString();
    Trace t = sentinel();
    std::string error;
    QVERIFY(!loadTraceJson(missing, t, &error));
    QCOMPARE(error, "cannot open '" + missing + "': No such file or directory");
    const std::string directory = dir.path().toStdString();
    QVERIFY(!loadTraceJson(directory, t, &error));
    QCOMPARE(error, "cannot read '" + directory + "': Is a directory");
    QVERIFY(!loadTraceJson(missing, t, nullptr)); // no message wanted: no crash either
    QCOMPARE(t.statusDetail, std::string("untouched"));
}

void TestTraceJson::saveReportsOsErrorsAndLeavesNoFile_data() {
    QTest::addColumn<QString>("relative");
    QTest::addColumn<QString>("reason");
    // Both fail for root too, unlike a directory without write permission.
    QTest::newRow("missing directory") << "no/such/dir/t.json" << "No such file or directory";
    QTest::newRow("parent is a file") << "file.txt/t.json" << "Not a directory";
}

void TestTraceJson::saveReportsOsErrorsAndLeavesNoFile() {
    QFETCH(QString, relative);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    std::ofstream(dir.filePath("file.txt").toStdString()) << "x";
    const std::string path = dir.filePath(relative).toStdString();
    std::string error;
    QVERIFY(!saveTraceJson(smallTrace(), path, &error));
    QCOMPARE(QString::fromStdString(error),
             QString::fromStdString("cannot create '" + path + ".tmp': ") + reason);
    QVERIFY(!QFile::exists(QString::fromStdString(path)));
    QVERIFY(!QFile::exists(QString::fromStdString(path + ".tmp")));
}

// The rename fails (a directory is in the way): the message says so, the directory is left
// alone and the temporary file is removed.
void TestTraceJson::saveOverADirectoryFailsAndRemovesTheTempFile() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath("t.json").toStdString();
    QVERIFY(QDir(dir.path()).mkdir("t.json"));
    std::string error;
    QVERIFY(!saveTraceJson(smallTrace(), path, &error));
    QCOMPARE(error, "cannot rename '" + path + ".tmp' to '" + path + "': Is a directory");
    QVERIFY(QFileInfo(QString::fromStdString(path)).isDir());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::NoDotAndDotDot), QStringList());
}

// Saving over an existing file replaces it whole, and leaves no temporary file behind.
void TestTraceJson::saveReplacesAnExistingFile() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath("t.json").toStdString();
    std::ofstream(path) << std::string(100000, 'x'); // longer than the new content
    std::string error;
    const RunOutcome run = runMain(gatherScenario());
    QVERIFY2(saveTraceJson(run.trace, path, &error), error.c_str());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::NoDotAndDotDot),
             QStringList({"t.json"}));
    std::ifstream in(path, std::ios::binary);
    const std::string content((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
    QCOMPARE(content, toJson(run.trace));
    Trace back;
    QVERIFY2(loadTraceJson(path, back, &error), error.c_str());
    QCOMPARE(differences(run.trace, back), QString());
}

// Enough records to span several storage blocks, through a file as the GUI will read it;
// prints the times taken, for information.
void TestTraceJson::largeTraceRoundTrips() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath("large.json").toStdString();
    const Trace t = largeTrace(200000);
    QElapsedTimer timer;
    timer.start();
    std::string error;
    QVERIFY2(saveTraceJson(t, path, &error), error.c_str());
    const qint64 saved = timer.restart();
    Trace back;
    QVERIFY2(loadTraceJson(path, back, &error), error.c_str());
    const qint64 loaded = timer.elapsed();
    qInfo("200000 segments + 200000 events: %.1f MB, saved in %lld ms, loaded in %lld ms",
          QFileInfo(QString::fromStdString(path)).size() / 1e6, saved, loaded);
    QCOMPARE(differences(t, back), QString());
}

// The labels of I/O waits are a string table at the end, one a line, in index order.
void TestTraceJson::labelsAreWrittenOneALineAfterTheRecords() {
    const std::string json = toJson(runMain(labelledRequests()).trace);
    const std::string table = "\"waitGraph\":[],\n\"labels\":[\n\"GET /a\",\n\"GET /b\"\n]\n}\n";
    QVERIFY2(json.ends_with(table),
             json.substr(json.size() - std::min<std::size_t>(200, json.size())).c_str());
    QVERIFY(json.find(",\"waiting\",\"io\",1,0]") != std::string::npos);
    QVERIFY(json.find(",\"waiting\",\"io\",null,0]") != std::string::npos); // no label
}

// Files written before labels existed have no "labels" member: they read as a trace without.
void TestTraceJson::fileWithoutLabelsIsRead() {
    Trace t;
    std::string error;
    QVERIFY2(parseTraceJson(smallJsonWith(",\n\"labels\":[]", ""), t, &error), error.c_str());
    QCOMPARE(differences(smallTrace(), t), QString());
    QVERIFY(t.labels.empty());
}

void TestTraceJson::labelIndexesAreChecked_data() {
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("error");
    auto with = [](const char* name, std::vector<std::pair<std::string, std::string>> edits,
                   const char* error) {
        std::string json = kSmallJson;
        for (const auto& [find, replace] : edits) {
            const std::size_t i = json.find(find);
            if (i == std::string::npos)
                qFatal("'%s' is not in the edited kSmallJson", find.c_str());
            json.replace(i, find.size(), replace);
        }
        QTest::newRow(name) << QString::fromStdString(json) << QString(error);
    };
    const std::pair<std::string, std::string> ioSegment = {R"("sleep",null)", R"("io",0)"};
    const std::pair<std::string, std::string> oneLabel = {R"("labels":[])",
                                                          R"("labels":["GET /"])"};
    with("segment, no labels member", {ioSegment, {",\n\"labels\":[]", ""}},
         "11:1: segment.object: there is no label 0 (the trace has 0)");
    with("segment, index past the table", {{R"("sleep",null)", R"("io",1)"}, oneLabel},
         "11:1: segment.object: there is no label 1 (the trace has 1)");
    with("executor segment", {{R"("sleep",null)", R"("executor",5)"}, oneLabel},
         "11:1: segment.object: there is no label 5 (the trace has 1)");
    with("wake event",
         {{R"("timer","sleep")", R"("timer","io")"},
          {R"(0,null,null,0,"timer")", R"(0,null,3,0,"timer")"},
          oneLabel},
         "16:1: event.object: there is no label 3 (the trace has 1)");
    with("wait edge", {{R"("wait":"lock","object":0)", R"("wait":"io","object":2)"}, oneLabel},
         "26:1: waitGraph.object: there is no label 2 (the trace has 1)");
    with("the highest index is reported",
         {{R"("sleep",null)", R"("io",4)"}, {R"("lock","object":0)", R"("io","object":2)"}},
         "11:1: segment.object: there is no label 4 (the trace has 0)");
    with("a label not a string", {{R"("labels":[])", R"("labels":["a",1])"}},
         "28:15: labels: expected a string, got a number");
    with("labels not an array", {{R"("labels":[])", R"("labels":{})"}},
         "28:10: labels: expected an array, got an object");
}

// An I/O or executor wait's object, a wake by one, a wait edge on one must name a label of
// the table, wherever the table is in the file; the record is named by its line.
void TestTraceJson::labelIndexesAreChecked() {
    QFETCH(QString, input);
    QFETCH(QString, error);
    QCOMPARE(errorOf(input.toStdString()), error);
    // The same references are fine once the table is long enough.
    std::string json = input.toStdString();
    const std::size_t table = json.find("\"labels\":");
    if (table == std::string::npos || error.contains("labels:"))
        return;
    json.replace(table, json.find(']', table) + 1 - table, R"("labels":["0","1","2","3","4","5"])");
    Trace t;
    std::string message;
    QVERIFY2(parseTraceJson(json, t, &message), message.c_str());
    QCOMPARE(t.labels.size(), std::size_t(6));
}

QTEST_GUILESS_MAIN(TestTraceJson)
#include "test_trace_json.moc"
