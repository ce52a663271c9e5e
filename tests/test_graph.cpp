// Pins task graphs (*.lsgraph.json, docs/graph-format.md): what the loader refuses and where it
// says the problem is; what each step kind does on the core and at what virtual time; the
// seeded random durations; and `loopscope run` of a bundled graph through the real binary.
//
// The expected lines of the step tests are those of the equivalent asyncio script (the
// Python in the comment above a test where it is not obvious), run on CPython's own asyncio
// with tests/conformance/reference_run.py --timestamps.
#include "ProcessSupport.hpp"

#include <loopscope/TraceJson.hpp>
#include <loopscope/graph/GraphLoader.hpp>
#include <loopscope/graph/GraphRunner.hpp>

#include <QtTest>

#include <algorithm>
#include <cstdio>

using namespace loopscope;
using namespace loopscope::graph;
using loopscope::test::runLoopscope;

namespace {

/// A whole graph file around `body` (the members after the header).
std::string graphFile(const std::string& body) {
    return "{\"format\": \"loopscope-graph\", \"version\": 1,\n" + body + "\n}";
}

/// The load error for `text` ("" when it loads).
QString loadError(const std::string& text) {
    std::string error;
    const std::optional<Graph> g = parseGraph(text, "t.lsgraph.json", &error);
    return g ? QString() : QString::fromStdString(error);
}

struct GraphOutcome {
    QString status;    ///< ok, exception:Type, deadlock, horizon, or "load: MESSAGE"
    QStringList lines; ///< "[T] text" as run --timestamps prints them
    Trace trace;
};

GraphOutcome run(const std::string& body, double horizon = 3600) {
    GraphOutcome o;
    std::string error;
    const std::optional<Graph> g = parseGraph(graphFile(body), "t.lsgraph.json", &error);
    if (!g) {
        o.status = QString::fromStdString("load: " + error);
        return o;
    }
    LoopOptions options;
    options.horizon = horizon;
    GraphRun r = runGraph(*g, options);
    o.status = QString::fromStdString(std::string(nameOf(r.result.status)));
    if (r.result.status == RunStatus::Exception)
        o.status += ":" + QString::fromStdString(describeException(r.result.error).type);
    for (const OutputLine& line : r.trace.output) {
        char time[32];
        std::snprintf(time, sizeof time, "[%.3f] ", line.time);
        o.lines << QString::fromStdString(time + line.text);
    }
    o.trace = std::move(r.trace);
    return o;
}

QString endTime(const GraphOutcome& o) {
    return QString::number(o.trace.endTime, 'f', 3);
}

} // namespace

class TestGraph : public QObject {
    Q_OBJECT
  private slots:
    void loadErrorsNameThePlace_data();
    void loadErrorsNameThePlace();
    void aGoodFileLoadsWithItsParts();
    void printAndSleepFollowTheVirtualClock();
    void startTimesCreateTopLevelTasksInTimeOrder();
    void ioWaitsAsIoAndBlockHoldsTheLoop();
    void ioLabelIsInTheTrace();
    void semaphoreOfTwoLetsTwoHoldAtOnce();
    void holdReleasesTheLockWhenTheStepsRaise();
    void eventWaitSetAndClear();
    void queuePutGetTaskDoneAndJoin();
    void awaitGatherAndCreate();
    void waitFirstCompletedAndAsCompleted();
    void waitForStepsTimesOutAndTryCatchesIt();
    void shieldKeepsTheInnerTaskRunning();
    void raiseEndsTheRunWithItsType();
    void repeatCountsFromZero();
    void conditionHeldLikeItsLock();
    void randomDurationsFollowTheSeed();
    void awaitingATaskNotYetCreatedRaisesWithItsPlace();
    void cliRunsABundledGraph();
    void cliRefusesABadGraphWithItsPlace();
};

// ------------------------------------------------------------------------------- loading

void TestGraph::loadErrorsNameThePlace_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");
    const auto row = [](const char* name, const std::string& body, const char* error) {
        QTest::newRow(name) << QString::fromStdString(graphFile(body)) << QString(error);
    };
    QTest::newRow("malformed JSON")
        << QString("{\"format\": \"loopscope-graph\",\n  \"version\": 1,,\n}")
        << "t.lsgraph.json:2:16: expected a member name in double quotes";
    QTest::newRow("truncated")
        << QString("{\"format\": \"loopscope-graph\"")
        << "t.lsgraph.json:1:29: unexpected end of file, expected ',' or '}'";
    QTest::newRow("wrong format")
        << QString("{\"format\": \"trace\", \"version\": 1, \"tasks\": []}")
        << "t.lsgraph.json:1:12: format: expected \"loopscope-graph\", got \"trace\"";
    QTest::newRow("future version")
        << QString("{\"format\": \"loopscope-graph\", \"version\": 2, \"tasks\": []}")
        << "t.lsgraph.json:1:42: version: unsupported version 2 (this loopscope reads version 1)";
    row("unknown step",
        R"("tasks": [{"name": "a", "steps": [{"print": "x"}]},
  {"name": "b", "steps": []},
  {"name": "c", "steps": [{"sleep": 1}, {"print": "y"}]},
  {"name": "d", "steps": [{"slep": 1}]}])",
        "t.lsgraph.json:5:27: tasks[3].steps[0]: unknown step \"slep\"");
    row("missing resource", R"("tasks": [{"name": "a", "steps": [{"hold": "db", "steps": []}]}])",
        "t.lsgraph.json:2:44: tasks[0].steps[0].hold: no resource named \"db\"");
    row("wrong resource type",
        R"("resources": [{"name": "e", "type": "Event"}],
"tasks": [{"name": "a", "steps": [{"hold": "e", "steps": []}]}])",
        "t.lsgraph.json:3:44: tasks[0].steps[0].hold: \"e\" is a Event, not a Lock, Semaphore or "
        "Condition");
    row("self await", R"("tasks": [{"name": "a", "steps": [{"await": "a"}]}])",
        "t.lsgraph.json:2:45: tasks[0].steps[0].await: task \"a\" awaits itself");
    row("self in gather",
        R"("tasks": [{"name": "a", "steps": [{"gather": ["b", "a"]}]}, {"name": "b", "steps": []}])",
        "t.lsgraph.json:2:52: tasks[0].steps[0].gather[1]: task \"a\" awaits itself");
    row("negative duration",
        R"("tasks": [{"name": "a", "steps": [{"repeat": 2, "steps": [{"sleep": -0.5}]}]}])",
        "t.lsgraph.json:2:69: tasks[0].steps[0].steps[0].sleep: negative duration -0.5");
    row("negative uniform bound",
        R"("tasks": [{"name": "a", "steps": [{"io": {"uniform": [-1, 2]}}]}])",
        "t.lsgraph.json:2:55: tasks[0].steps[0].io.uniform[0]: negative duration -1");
    row("unknown task", R"("tasks": [{"name": "a", "steps": [{"cancel": "zz"}]}])",
        "t.lsgraph.json:2:46: tasks[0].steps[0].cancel: no task named \"zz\"");
    row("unknown option", R"("tasks": [{"name": "a", "steps": [{"sleep": 1, "label": "x"}]}])",
        "t.lsgraph.json:2:57: tasks[0].steps[0].label: unknown member \"label\"");
    row("two step keys", R"("tasks": [{"name": "a", "steps": [{"sleep": 1, "print": "x"}]}])",
        "t.lsgraph.json:2:35: tasks[0].steps[0]: one step per object (\"sleep\" and \"print\")");
    row("duplicate task", R"("tasks": [{"name": "a", "steps": []}, {"name": "a", "steps": []}])",
        "t.lsgraph.json:2:48: tasks[1].name: a second task named \"a\"");
    row("created and started",
        R"("tasks": [{"name": "a", "steps": [{"create": "b"}]}, {"name": "b", "start": 1, "steps": []}])",
        "t.lsgraph.json:2:77: tasks[1].start: task \"b\" is created by a \"create\" step, so main "
        "does not start it");
    row("duplicate key", R"("tasks": [], "tasks": [])",
        "t.lsgraph.json:2:14: duplicate member \"tasks\"");
}

void TestGraph::loadErrorsNameThePlace() {
    QFETCH(QString, text);
    QFETCH(QString, error);
    QCOMPARE(loadError(text.toStdString()), error);
}

void TestGraph::aGoodFileLoadsWithItsParts() {
    std::string error;
    const std::optional<Graph> g = parseGraph(graphFile(R"("seed": 7,
"resources": [{"name": "pool", "type": "BoundedSemaphore", "value": 3},
              {"name": "q", "type": "Queue", "maxsize": 4}],
"tasks": [{"name": "w", "start": 1.5, "steps": [{"io": {"exponential": 0.5}, "label": "db"}]}])"),
                                              "t.lsgraph.json", &error);
    QVERIFY2(g, error.c_str());
    QCOMPARE(g->seed, std::uint64_t(7));
    QCOMPARE(g->resources.size(), std::size_t(2));
    QCOMPARE(g->resources[0].kind, ResourceKind::BoundedSemaphore);
    QCOMPARE(g->resources[0].value, 3);
    QCOMPARE(g->resources[1].value, 4);
    QCOMPARE(g->tasks.at(0).start, 1.5);
    const Step& io = g->tasks[0].steps.at(0);
    QCOMPARE(io.kind, StepKind::IO);
    QCOMPARE(io.text, std::string("db"));
    QCOMPARE(io.duration.kind, Duration::Kind::Exponential);
    QCOMPARE(io.duration.a, 0.5);
}

// ------------------------------------------------------------------------------- running

void TestGraph::printAndSleepFollowTheVirtualClock() {
    GraphOutcome o = run(R"("tasks": [
  {"name": "a", "steps": [{"print": "a0"}, {"sleep": 0.1}, {"print": "a1"}, {"sleep": 0.2}, {"print": "a2"}]},
  {"name": "b", "steps": [{"print": "b0"}, {"sleep": 0.3}, {"print": "b1"}]}])");
    QCOMPARE(o.status, "ok");
    // 0.1 + 0.2 is 0.30000000000000004 > 0.3: b's timer fires first, as in CPython.
    QCOMPARE(o.lines,
             QStringList({"[0.000] a0", "[0.000] b0", "[0.100] a1", "[0.300] b1", "[0.300] a2"}));
}

void TestGraph::startTimesCreateTopLevelTasksInTimeOrder() {
    GraphOutcome o = run(R"("tasks": [
  {"name": "late", "start": 2, "steps": [{"print": "late"}]},
  {"name": "early", "start": 0.5, "steps": [{"print": "early"}]},
  {"name": "first", "steps": [{"print": "first"}]}])");
    QCOMPARE(o.status, "ok");
    QCOMPARE(o.lines, QStringList({"[0.000] first", "[0.500] early", "[2.000] late"}));
    QCOMPARE(o.trace.tasks[o.trace.findTask("late")].created, 2.0);
}

void TestGraph::ioWaitsAsIoAndBlockHoldsTheLoop() {
    GraphOutcome o = run(R"("tasks": [
  {"name": "net", "steps": [{"io": 1, "label": "GET"}, {"print": "net done"}]},
  {"name": "cpu", "steps": [{"block": 1.5}, {"print": "cpu done"}]}])");
    QCOMPARE(o.status, "ok");
    // The blocking step holds the loop until 1.5: the I/O due at 1 is only seen then.
    QCOMPARE(o.lines, QStringList({"[1.500] cpu done", "[1.500] net done"}));
    const auto states = [&](const char* task) {
        QList<QPair<int, int>> out;
        for (const Segment& s : o.trace.segmentsOf(o.trace.findTask(task)))
            out << qMakePair(int(s.state()), int(s.wait()));
        return out;
    };
    QVERIFY(states("net").contains(qMakePair(int(TaskState::Waiting), int(WaitKind::IO))));
    QVERIFY(states("cpu").contains(qMakePair(int(TaskState::Blocking), int(WaitKind::None))));
}

// An io step's label is what its I/O wait names in the trace ({i} and {task} filled in, equal
// texts sharing one entry); without one, the wait names nothing.
void TestGraph::ioLabelIsInTheTrace() {
    GraphOutcome o = run(R"("tasks": [
  {"name": "api", "steps": [{"repeat": 3, "steps": [{"io": 1, "label": "GET /users/{i}"}]},
                            {"io": 0.5, "label": "GET /users/0"}]},
  {"name": "db", "steps": [{"io": 2, "label": "{task}: SELECT"}, {"io": 1}]}])");
    QCOMPARE(o.status, "ok");
    QCOMPARE(o.trace.labels, std::vector<std::string>(
                                 {"GET /users/0", "db: SELECT", "GET /users/1", "GET /users/2"}));
    const auto ioWaits = [&](const char* task) {
        QStringList out;
        for (const Segment& s : o.trace.segmentsOf(o.trace.findTask(task)))
            if (s.state() == TaskState::Waiting && s.wait() == WaitKind::IO)
                out << (s.object() == kNone ? QString("none")
                                          : QString::fromStdString(o.trace.labels.at(s.object())));
        return out;
    };
    QCOMPARE(ioWaits("api"),
             QStringList({"GET /users/0", "GET /users/1", "GET /users/2", "GET /users/0"}));
    QCOMPARE(ioWaits("db"), QStringList({"db: SELECT", "none"}));
}

void TestGraph::semaphoreOfTwoLetsTwoHoldAtOnce() {
    GraphOutcome o = run(R"("resources": [{"name": "s", "type": "Semaphore", "value": 2}],
"tasks": [
  {"name": "a", "steps": [{"hold": "s", "steps": [{"print": "{task} in"}, {"sleep": 1}]}]},
  {"name": "b", "steps": [{"hold": "s", "steps": [{"print": "{task} in"}, {"sleep": 1}]}]},
  {"name": "c", "steps": [{"hold": "s", "steps": [{"print": "{task} in"}, {"sleep": 1}]}]}])");
    QCOMPARE(o.status, "ok");
    QCOMPARE(endTime(o), "2.000");
    QCOMPARE(o.lines, QStringList({"[0.000] a in", "[0.000] b in", "[1.000] c in"}));
    int fewest = 2;
    o.trace.events.forEach([&](const TraceEvent& e) {
        if (e.kind == EventKind::Acquire)
            fewest = std::min(fewest, int(e.value));
    });
    QCOMPARE(fewest, 0); // never below 0 permits left: at most two holders
}

// async def a():
//     try:
//         async with lock: print("a holds"); await asyncio.sleep(1); raise ValueError("boom")
//     finally: pass
// b: async with lock: print("b holds")   -- gather(a, b, return_exceptions=True)
void TestGraph::holdReleasesTheLockWhenTheStepsRaise() {
    GraphOutcome o = run(R"("return_exceptions": true,
"resources": [{"name": "l", "type": "Lock"}],
"tasks": [
  {"name": "a", "steps": [{"hold": "l", "steps": [{"print": "a holds"}, {"sleep": 1}, {"raise": "ValueError", "message": "boom"}]}]},
  {"name": "b", "steps": [{"hold": "l", "steps": [{"print": "b holds"}]}]}])");
    QCOMPARE(o.status, "ok");
    QCOMPARE(o.lines, QStringList({"[0.000] a holds", "[1.000] b holds"}));
    QCOMPARE(QString::fromStdString(o.trace.tasks[o.trace.findTask("a")].errorType), "ValueError");
}

void TestGraph::eventWaitSetAndClear() {
    GraphOutcome o = run(R"("resources": [{"name": "go", "type": "Event"}],
"tasks": [
  {"name": "w1", "steps": [{"wait_event": "go"}, {"print": "w1 woke"}]},
  {"name": "w2", "steps": [{"wait_event": "go"}, {"print": "w2 woke"}, {"sleep": 1}, {"wait_event": "go"}, {"print": "w2 again"}]},
  {"name": "setter", "steps": [{"sleep": 1}, {"set": "go"}, {"clear": "go"}, {"sleep": 1.5}, {"set": "go"}]}])");
    QCOMPARE(o.status, "ok");
    // Cleared right after set: the waiters still wake; w2's second wait lasts until 2.5.
    QCOMPARE(o.lines, QStringList({"[1.000] w1 woke", "[1.000] w2 woke", "[2.500] w2 again"}));
}

void TestGraph::queuePutGetTaskDoneAndJoin() {
    GraphOutcome o = run(R"("resources": [{"name": "q", "type": "Queue", "maxsize": 1}],
"tasks": [
  {"name": "producer", "steps": [
    {"put": "q", "item": "x"}, {"print": "put x"},
    {"put": "q", "item": "y"}, {"print": "put y"},
    {"join": "q"}, {"print": "joined"}]},
  {"name": "consumer", "steps": [
    {"repeat": 2, "steps": [{"sleep": 1}, {"get": "q"}, {"print": "got {item}"}, {"task_done": "q"}]}]}])");
    QCOMPARE(o.status, "ok");
    QCOMPARE(o.lines, QStringList({"[0.000] put x", "[1.000] got x", "[1.000] put y",
                                   "[2.000] got y", "[2.000] joined"}));
}

void TestGraph::awaitGatherAndCreate() {
    GraphOutcome o = run(R"("tasks": [
  {"name": "boss", "steps": [
    {"create": "w1"}, {"create": "w2"},
    {"await": "w1"}, {"print": "w1 awaited"},
    {"gather": ["w1", "w2"]}, {"print": "both gathered"}]},
  {"name": "w1", "steps": [{"sleep": 1}]},
  {"name": "w2", "steps": [{"sleep": 2}, {"raise": "KeyError", "message": "k"}]},
  {"name": "watcher", "steps": [{"sleep": 0.5}, {"gather": ["w2"], "return_exceptions": true}, {"print": "w2 failed, returned"}]}])");
    // boss's gather raises w2's KeyError: the run's first failure, as gather(boss, watcher) sees
    // it.
    QCOMPARE(o.status, "exception:KeyError");
    QCOMPARE(o.lines, QStringList({"[1.000] w1 awaited", "[2.000] w2 failed, returned"}));
    QCOMPARE(o.trace.tasks[o.trace.findTask("w1")].created, 0.0);
}

void TestGraph::waitFirstCompletedAndAsCompleted() {
    GraphOutcome o = run(R"("tasks": [
  {"name": "main2", "steps": [
    {"create": "s3"}, {"create": "s1"}, {"create": "s2"},
    {"wait": ["s3", "s1", "s2"], "return_when": "FIRST_COMPLETED"}, {"print": "first done"},
    {"as_completed": ["s3", "s2"]}, {"print": "rest done"},
    {"wait": ["s3"], "timeout": 0.5}, {"print": "after wait"}]},
  {"name": "s1", "steps": [{"sleep": 1}, {"print": "s1"}]},
  {"name": "s2", "steps": [{"sleep": 2}, {"print": "s2"}]},
  {"name": "s3", "steps": [{"sleep": 3}, {"print": "s3"}]}])");
    QCOMPARE(o.status, "ok");
    QCOMPARE(o.lines, QStringList({"[1.000] s1", "[1.000] first done", "[2.000] s2", "[3.000] s3",
                                   "[3.000] rest done", "[3.000] after wait"}));
}

// try: await asyncio.wait_for(steps(), 1)   # steps: sleep 5, print "late"
// except TimeoutError: print("timed out")
void TestGraph::waitForStepsTimesOutAndTryCatchesIt() {
    GraphOutcome o = run(R"("tasks": [
  {"name": "a", "steps": [
    {"try": [{"wait_for": [{"sleep": 5}, {"print": "late"}], "timeout": 1}],
     "except": "TimeoutError", "handler": [{"print": "timed out"}]},
    {"wait_for": [{"sleep": 0.5}, {"print": "in time"}], "timeout": 1},
    {"try": [{"raise": "ValueError"}], "except": "Exception"},
    {"print": "end"}]}])");
    QCOMPARE(o.status, "ok");
    QCOMPARE(o.lines, QStringList({"[1.000] timed out", "[1.500] in time", "[1.500] end"}));
    QVERIFY(o.trace.findTask("Task-3") != kNone); // wait_for wrapped the steps in tasks
}

void TestGraph::shieldKeepsTheInnerTaskRunning() {
    GraphOutcome o = run(R"("return_exceptions": true,
"tasks": [
  {"name": "inner", "steps": [{"sleep": 2}, {"print": "inner done"}]},
  {"name": "outer", "steps": [{"shield": "inner"}, {"print": "never"}]},
  {"name": "killer", "steps": [{"sleep": 1}, {"cancel": "outer"}, {"print": "outer cancelled"}]}])");
    QCOMPARE(o.status, "ok");
    QCOMPARE(o.lines, QStringList({"[1.000] outer cancelled", "[2.000] inner done"}));
    QCOMPARE(QString::fromStdString(o.trace.tasks[o.trace.findTask("outer")].errorType),
             "CancelledError");
}

void TestGraph::raiseEndsTheRunWithItsType() {
    GraphOutcome o = run(
        R"("tasks": [{"name": "a", "steps": [{"sleep": 1}, {"raise": "PaymentError", "message": "card {task}"}]}])");
    QCOMPARE(o.status, "exception:PaymentError");
    QCOMPARE(QString::fromStdString(o.trace.tasks[o.trace.findTask("a")].errorMessage), "card a");
    QCOMPARE(endTime(o), "1.000");
}

void TestGraph::repeatCountsFromZero() {
    GraphOutcome o = run(R"("tasks": [{"name": "a", "steps": [
  {"repeat": 2, "steps": [{"repeat": 2, "steps": [{"sleep": 0.25}, {"print": "tick {i}"}]}, {"print": "round {i}"}]},
  {"repeat": 0, "steps": [{"print": "never"}]}]}])");
    QCOMPARE(o.status, "ok");
    QCOMPARE(o.lines, QStringList({"[0.250] tick 0", "[0.500] tick 1", "[0.500] round 0",
                                   "[0.750] tick 0", "[1.000] tick 1", "[1.000] round 1"}));
}

void TestGraph::conditionHeldLikeItsLock() {
    GraphOutcome o = run(
        R"("resources": [{"name": "l", "type": "Lock"}, {"name": "c", "type": "Condition", "lock": "l"}],
"tasks": [
  {"name": "a", "steps": [{"hold": "c", "steps": [{"sleep": 1}, {"print": "a out"}]}]},
  {"name": "b", "steps": [{"hold": "l", "steps": [{"print": "b in"}]}]}])");
    QCOMPARE(o.status, "ok");
    QCOMPARE(o.lines, QStringList({"[1.000] a out", "[1.000] b in"}));
}

void TestGraph::randomDurationsFollowTheSeed() {
    const auto body = [](int seed) {
        return "\"seed\": " + std::to_string(seed) + R"(,
"tasks": [{"name": "a", "steps": [{"repeat": 5, "steps": [
  {"sleep": {"uniform": [0.5, 2]}}, {"print": "u"}, {"io": {"exponential": 1}}, {"print": "e"}]}]}])";
    };
    const GraphOutcome one = run(body(1)), again = run(body(1)), other = run(body(2));
    QCOMPARE(one.status, "ok");
    QCOMPARE(one.lines.size(), 10);
    QCOMPARE(again.lines, one.lines);
    QVERIFY(other.lines != one.lines);
    // Pinned: std::mt19937_64 and our own mappings are the same on every platform.
    QCOMPARE(one.lines.first(), "[0.701] u");
    double previous = 0;
    for (const OutputLine& line : one.trace.output) {
        QVERIFY(line.time > previous);
        previous = line.time;
    }
}

void TestGraph::awaitingATaskNotYetCreatedRaisesWithItsPlace() {
    GraphOutcome o = run(R"("tasks": [
  {"name": "early", "steps": [{"await": "late"}]},
  {"name": "late", "start": 1, "steps": []}])");
    QCOMPARE(o.status, "exception:RuntimeError");
    QCOMPARE(QString::fromStdString(o.trace.tasks[o.trace.findTask("early")].errorMessage),
             "task 'late' was not created yet (t.lsgraph.json:3:31)");
}

// ------------------------------------------------------------------------------- the CLI

void TestGraph::cliRunsABundledGraph() {
    const auto r = runLoopscope(
        {"run", LOOPSCOPE_GRAPHS "/02_bounded_semaphore.lsgraph.json", "--timestamps"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.err, QString());
    QVERIFY2(r.out.endsWith("[2.000] job_d out\n# end t=2.000 status=ok\n"), qPrintable(r.out));
    const auto plain = runLoopscope({"run", LOOPSCOPE_GRAPHS "/01_fan_out_gather.lsgraph.json"});
    QCOMPARE(plain.exitCode, 0);
    QVERIFY2(plain.out.startsWith("start url1\n"), qPrintable(plain.out));
    QVERIFY(!plain.out.contains("# end"));
    QTemporaryDir dir;
    const QString tracePath = dir.filePath("run.json");
    const auto traced = runLoopscope({"run", LOOPSCOPE_GRAPHS "/03_producer_consumer.lsgraph.json",
                                      "--horizon", "2", "--trace", tracePath});
    QCOMPARE(traced.exitCode, 3);
    Trace trace;
    std::string error;
    QVERIFY2(loadTraceJson(tracePath.toStdString(), trace, &error), error.c_str());
    QVERIFY(trace.findTask("consumer") != kNone);
    QCOMPARE(trace.resources.at(0).name, std::string("queue"));
}

void TestGraph::cliRefusesABadGraphWithItsPlace() {
    QTemporaryDir dir;
    QFile f(dir.filePath("bad.lsgraph.json"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(graphFile(R"("tasks": [{"name": "a", "steps": [{"slep": 1}]}])").c_str());
    f.close();
    const auto r = runLoopscope({"run", f.fileName(), "--timestamps"});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.out, QString());
    QCOMPARE(r.err, "loopscope run: " + f.fileName() +
                        ":2:35: tasks[0].steps[0]: unknown step \"slep\"\n");
    const auto failing = runLoopscope({"run", LOOPSCOPE_GRAPHS "/../graphs/nope.lsgraph.json"});
    QCOMPARE(failing.exitCode, 2);
}

QTEST_GUILESS_MAIN(TestGraph)
#include "test_graph.moc"
