// Pins "Show as Python" (PythonGen.hpp): for each step kind, a small graph's generated script,
// run by the real `loopscope run`, prints exactly what the graph's own run prints (lines,
// virtual times, end status, exit status); the names the script gives tasks, resources and
// exception classes; the random-duration generator it embeds only when needed; and
// `loopscope export GRAPH -o OUT.py`. (The scripts against CPython's own asyncio: the
// graph_python conformance test.)
#include "ProcessSupport.hpp"

#include <loopscope/graph/DurationSampler.hpp>
#include <loopscope/graph/GraphLoader.hpp>
#include <loopscope/graph/GraphRunner.hpp>
#include <loopscope/graph/PythonGen.hpp>

#include <QtTest>

using namespace loopscope;
using namespace loopscope::graph;
using loopscope::test::ProcessResult;
using loopscope::test::runLoopscope;

namespace {

/// A whole graph file around `body` (the members after the header).
std::string graphFile(const std::string& body) {
    return "{\"format\": \"loopscope-graph\", \"version\": 1,\n" + body + "\n}";
}

bool writeFile(const QString& path, const std::string& text) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) &&
           f.write(text.data(), qint64(text.size())) == qint64(text.size());
}

QString readFile(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

/// The graph `body` as a file, and its script as pythonScript() writes it, side by side in
/// `dir`; empty strings when the graph does not load.
struct Pair {
    QString graph;
    QString script;
    std::string text; ///< the script
};

Pair writePair(const QTemporaryDir& dir, const std::string& body) {
    Pair p;
    p.graph = dir.filePath("g.lsgraph.json");
    const std::string file = graphFile(body);
    std::string error;
    const std::optional<Graph> g = parseGraph(file, p.graph.toStdString(), &error);
    if (!g || !writeFile(p.graph, file)) {
        qWarning("graph does not load: %s", error.c_str());
        return {};
    }
    p.text = pythonScript(*g);
    p.script = dir.filePath("g.py");
    if (!writeFile(p.script, p.text))
        return {};
    return p;
}

} // namespace

class TestGraphPython : public QObject {
    Q_OBJECT
  private slots:
    void scriptRunsAsTheGraph_data();
    void scriptRunsAsTheGraph();
    void runnerDoesWhatThePythonDoes();
    void identifiers_data();
    void identifiers();
    void namesAvoidKeywordsBuiltinsAndEachOther();
    void tasksSurelyCreatedAreLookedUpDirectly();
    void generatorOnlyWhenDurationsAreRandom();
    void cliExportWritesTheScriptWithoutRunning();
    void cliExportRefusesWhatItCannotWrite();
    void cliExportKeepsExpectAndNamesInterventions();
};

// ------------------------------------------------------------------ the runs agree

void TestGraphPython::scriptRunsAsTheGraph_data() {
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("expect"); // a line the run must print: the case did its work
    const auto row = [](const char* name, const char* body, const char* expect) {
        QTest::newRow(name) << QString::fromUtf8(body) << QString::fromUtf8(expect);
    };
    row("print: placeholders and escapes", R"("resources": [{"name": "q", "type": "Queue"}],
"tasks": [{"name": "t\"{x}", "steps": [
  {"print": "{task} {item} {i} {{i}} \"q\" \\ tab\t {braces} 数据"},
  {"put": "q", "item": "it {task}"}, {"get": "q"},
  {"repeat": 2, "steps": [{"print": "round {i} of {item}"}]},
  {"print": "two\nlines"}, {"print": ""}]}])",
        "[0.000] round 1 of it t\"{x}");
    row("sleep and start times", R"("tasks": [
  {"name": "a", "steps": [{"sleep": 0.1}, {"sleep": 0.2}, {"print": "a"}]},
  {"name": "late", "start": 0.3, "steps": [{"print": "late"}]},
  {"name": "later", "start": 0.30000000000000004, "steps": [{"print": "later"}]},
  {"name": "tie", "start": 0.3, "steps": [{"print": "tie"}]},
  {"name": "zero", "steps": [{"sleep": 0}, {"print": "zero"}]}])",
        "[0.300] later");
    row("io and block", R"("tasks": [
  {"name": "net", "start": 0.5, "steps": [{"io": 1, "label": "GET /\n"}, {"print": "net done"}]},
  {"name": "cpu", "steps": [{"block": 1.5}, {"print": "cpu done"}, {"io": 0}, {"print": "io 0"}]}])",
        "[2.500] net done");
    row("hold: Lock, Semaphore, BoundedSemaphore, Condition", R"("return_exceptions": true,
"resources": [{"name": "l", "type": "Lock"}, {"name": "s", "type": "Semaphore", "value": 2},
  {"name": "b", "type": "BoundedSemaphore"}, {"name": "c", "type": "Condition", "lock": "l"},
  {"name": "own", "type": "Condition"}],
"tasks": [
  {"name": "a", "steps": [{"hold": "c", "steps": [{"sleep": 1}, {"raise": "ValueError", "message": "boom"}]}]},
  {"name": "b1", "steps": [{"hold": "l", "steps": [{"print": "b1 holds l"}]}]},
  {"name": "s1", "steps": [{"hold": "s", "steps": [{"hold": "b", "steps": [{"sleep": 1}]}]}]},
  {"name": "s2", "steps": [{"hold": "s", "steps": [{"hold": "b", "steps": [{"print": "s2 holds b"}]}]}]},
  {"name": "s3", "steps": [{"hold": "own", "steps": [{"hold": "s", "steps": [{"print": "s3 holds s"}]}]}]}])",
        "[1.000] s2 holds b");
    row("events", R"("resources": [{"name": "go", "type": "Event"}],
"tasks": [
  {"name": "w", "steps": [{"wait_event": "go"}, {"print": "woke"}, {"sleep": 1}, {"wait_event": "go"}, {"print": "again"}]},
  {"name": "setter", "steps": [{"sleep": 1}, {"set": "go"}, {"clear": "go"}, {"sleep": 1.5}, {"set": "go"}]}])",
        "[2.500] again");
    row("queue", R"("resources": [{"name": "q", "type": "Queue", "maxsize": 1}],
"tasks": [
  {"name": "producer", "steps": [{"put": "q", "item": "x"}, {"put": "q"}, {"print": "put both"}, {"join": "q"}, {"print": "joined"}]},
  {"name": "consumer", "steps": [{"repeat": 2, "steps": [{"sleep": 1}, {"get": "q"}, {"print": "got {item}"}, {"task_done": "q"}]}]}])",
        "[2.000] got None");
    row("create, await, gather", R"("tasks": [
  {"name": "boss", "steps": [{"create": "w1"}, {"create": "w2"}, {"await": "w1"}, {"print": "w1 awaited"},
    {"gather": ["w1", "w2"], "return_exceptions": true}, {"print": "gathered"}, {"gather": ["w2"]}]},
  {"name": "w1", "steps": [{"sleep": 1}]},
  {"name": "w2", "steps": [{"sleep": 2}, {"raise": "KeyError", "message": "k"}]}])",
        "[2.000] gathered");
    row("wait", R"("tasks": [
  {"name": "m", "steps": [{"create": "s1"}, {"create": "s2"}, {"create": "f"},
    {"wait": ["s2", "s1"], "return_when": "FIRST_COMPLETED"}, {"print": "first"},
    {"wait": ["s2", "f"], "return_when": "FIRST_EXCEPTION"}, {"print": "exception"},
    {"wait": ["s2"], "timeout": 0.25}, {"print": "timed out"}, {"wait": ["s1", "s2"]}, {"print": "all"}]},
  {"name": "s1", "steps": [{"sleep": 1}]},
  {"name": "s2", "steps": [{"sleep": 2}]},
  {"name": "f", "steps": [{"sleep": 1.5}, {"raise": "ValueError"}]}], "return_exceptions": true)",
        "[1.750] timed out");
    row("as_completed", R"("tasks": [
  {"name": "m", "steps": [{"create": "s3"}, {"create": "s1"}, {"as_completed": ["s3", "s1"]}, {"print": "both"},
    {"create": "s9"}, {"try": [{"as_completed": ["s9"], "timeout": 1}], "except": "TimeoutError",
     "handler": [{"print": "as_completed timed out"}]}]},
  {"name": "s1", "steps": [{"sleep": 1}, {"print": "s1"}]},
  {"name": "s3", "steps": [{"sleep": 3}, {"print": "s3"}]},
  {"name": "s9", "steps": [{"sleep": 9}]}])",
        "[4.000] as_completed timed out");
    row("wait_for: task, steps, no timeout, zero", R"("resources": [{"name": "q", "type": "Queue"}],
"tasks": [
  {"name": "a", "steps": [{"put": "q", "item": "one"}, {"put": "q", "item": "two"}, {"get": "q"},
    {"repeat": 2, "steps": [{"try": [{"wait_for": [{"print": "in {i} {item}"}, {"get": "q"}, {"sleep": 5}], "timeout": 1}],
      "except": "TimeoutError", "handler": [{"print": "timed out {i} {item}"}]}]},
    {"wait_for": [{"print": "in place"}], "timeout": null}, {"wait_for": [], "timeout": 0.5},
    {"try": [{"wait_for": "slow", "timeout": 0}], "except": "TimeoutError", "handler": [{"print": "zero"}]},
    {"wait_for": "quick", "timeout": 3}, {"print": "quick done"}]},
  {"name": "b", "steps": [{"print": "b runs"}]},
  {"name": "slow", "steps": [{"sleep": 10}]},
  {"name": "quick", "steps": [{"sleep": 1}]}], "return_exceptions": true)",
        "[1.000] timed out 0 one");
    row("shield and cancel", R"("return_exceptions": true, "tasks": [
  {"name": "inner", "steps": [{"sleep": 2}, {"print": "inner done"}]},
  {"name": "outer", "steps": [{"shield": "inner"}, {"print": "never"}]},
  {"name": "killer", "steps": [{"sleep": 1}, {"cancel": "outer"}, {"print": "outer cancelled"}]},
  {"name": "catcher", "steps": [{"try": [{"sleep": 5}], "except": "CancelledError", "handler": [{"print": "caught"}]}]},
  {"name": "canceller", "steps": [{"sleep": 0.5}, {"cancel": "catcher"}]}])",
        "[0.500] caught");
    row("raise and try", R"("return_exceptions": true, "tasks": [
  {"name": "a", "steps": [{"try": [{"raise": "TimeoutError"}], "except": "OSError", "handler": [{"print": "wrong"}]}]},
  {"name": "b", "steps": [{"try": [{"raise": "BaseException"}], "except": "Exception", "handler": [{"print": "an Exception"}]}]},
  {"name": "c", "steps": [{"try": [{"raise": "CancelledError"}], "except": "BaseException", "handler": [{"print": "all caught"}]}]},
  {"name": "d", "steps": [{"try": [{"raise": "None", "message": "n"}], "except": "None", "handler": [{"print": "None caught"}]}]},
  {"name": "e", "steps": [{"try": [{"raise": "CancelledError"}], "except": "Exception", "handler": [{"print": "wrong"}]}]}])",
        "[0.000] None caught");
    row("a failure ends the run", R"("tasks": [
  {"name": "a", "steps": [{"sleep": 1}, {"raise": "PaymentError", "message": "card {task}"}]},
  {"name": "b", "steps": [{"sleep": 2}, {"print": "never"}]}])",
        "# end t=1.000 status=exception:PaymentError");
    row("repeat", R"("tasks": [{"name": "a", "steps": [
  {"repeat": 2, "steps": [{"repeat": 2, "steps": [{"sleep": 0.25}, {"print": "tick {i}"}]}, {"print": "round {i}"}]},
  {"repeat": 0, "steps": [{"print": "never"}]}, {"repeat": 1, "steps": []}]}])",
        "[1.000] round 1");
    // The look-ups that raise come before the timeouts are drawn (Python's order of
    // evaluation): the sleep draws the first number.
    row("task not created yet, created twice", R"("tasks": [
  {"name": "early", "steps": [{"repeat": 2, "steps": [{"try": [{"create": "w"}], "except": "RuntimeError",
    "handler": [{"print": "twice"}]}]}, {"await": "w"},
    {"try": [{"wait_for": "late", "timeout": {"uniform": [0, 1]}}], "except": "RuntimeError"},
    {"try": [{"as_completed": ["w", "late"], "timeout": {"uniform": [0, 1]}}], "except": "RuntimeError"},
    {"try": [{"wait": ["late"], "timeout": {"uniform": [0, 1]}}], "except": "RuntimeError"},
    {"sleep": {"uniform": [0, 0.5]}}, {"print": "drew"}, {"await": "late"}]},
  {"name": "w", "steps": [{"sleep": 0.5}]},
  {"name": "late", "start": 1, "steps": []}])",
        "# end t=1.000 status=exception:RuntimeError"); // main sees it at its gather
    row("deadlock", R"("resources": [{"name": "q", "type": "Queue"}],
"tasks": [{"name": "a", "steps": [{"sleep": 1}, {"get": "q"}]}])",
        "# end t=1.000 status=deadlock");
    // `_` is the loop variable of a repeat that does not use its round: no name may become it.
    row("names that become _", R"("resources": [{"name": "_", "type": "Event"}],
"tasks": [
  {"name": "boss", "steps": [{"repeat": 1, "steps": [{"create": "-"}, {"set": "_"}]},
    {"repeat": 2, "steps": [{"try": [{"raise": "_", "message": "x"}], "except": "_"}]},
    {"await": "-"}, {"print": "boss done"}]},
  {"name": "-", "steps": [{"repeat": 2, "steps": [{"wait_event": "_"}, {"print": "{task} woke"}]}]}])",
        "[0.000] boss done");
    // Over 312 draws: the generator twists its state more than once.
    row("random durations", R"("seed": 12345, "tasks": [
  {"name": "a", "steps": [{"repeat": 200, "steps": [{"sleep": {"uniform": [0.01, 0.02]}}, {"io": {"exponential": 0.01}}]},
    {"print": "a done"}, {"block": {"uniform": [0, 1]}},
    {"try": [{"wait_for": [{"sleep": {"exponential": 1}}], "timeout": {"uniform": [0.5, 1.5]}}], "except": "TimeoutError"},
    {"wait": ["b"], "timeout": {"exponential": 2}}, {"print": "a end"}]},
  {"name": "b", "start": 0.5, "steps": [{"repeat": 20, "steps": [{"sleep": {"exponential": 0.5}}, {"print": "b {i}"}]}]}])",
        "] a end");
}

void TestGraphPython::scriptRunsAsTheGraph() {
    QFETCH(QString, body);
    QFETCH(QString, expect);
    QTemporaryDir dir;
    const Pair p = writePair(dir, body.toStdString());
    QVERIFY(!p.script.isEmpty());
    const ProcessResult graph = runLoopscope({"run", p.graph, "--timestamps"});
    const ProcessResult script = runLoopscope({"run", p.script, "--timestamps"});
    QVERIFY2(graph.finished && script.finished, "a run did not end");
    QVERIFY2(graph.out.contains(expect), qPrintable(graph.out));
    QVERIFY2(script.out == graph.out,
             qPrintable("graph:\n" + graph.out + "\nscript:\n" + script.out + "\nstderr:\n" +
                        script.err + "\n" + QString::fromStdString(p.text)));
    QCOMPARE(script.exitCode, graph.exitCode);
}

// What the runner does the way the generated Python does (found writing the generator): the
// expected lines are CPython's, from reference_run.py on the script, which reads:
//   async def a(): print("x\ny"); await asyncio.wait_for(a_wait_for(), timeout=None); ...
//   async def c(): ...; for i in range(2): await asyncio.wait_for(c_wait_for(item, i), timeout=1)
//   async def d(): try: await asyncio.wait_for(created_task("late"), timeout=uniform(0, 1))
//                  except RuntimeError: pass
//                  await asyncio.sleep(uniform(0, 1)); print("d slept")
void TestGraphPython::runnerDoesWhatThePythonDoes() {
    std::string error;
    const std::optional<Graph> g = parseGraph(graphFile(R"("seed": 5,
"resources": [{"name": "q", "type": "Queue"}],
"tasks": [
  {"name": "a", "steps": [{"print": "x\ny"}, {"wait_for": [{"print": "a in place"}], "timeout": null}, {"print": "a after"}]},
  {"name": "b", "steps": [{"print": "b runs"}]},
  {"name": "c", "steps": [{"put": "q", "item": "it"}, {"get": "q"},
    {"repeat": 2, "steps": [{"wait_for": [{"print": "c {i} {item}"}], "timeout": 1}]}]},
  {"name": "d", "steps": [{"try": [{"wait_for": "late", "timeout": {"uniform": [0, 1]}}], "except": "RuntimeError"},
    {"sleep": {"uniform": [0, 1]}}, {"print": "d slept"}]},
  {"name": "late", "start": 5, "steps": []}])"),
                                              "t.lsgraph.json", &error);
    QVERIFY2(g, error.c_str());
    const GraphRun r = runGraph(*g);
    QStringList lines;
    for (const OutputLine& line : r.trace.output)
        lines << QString::fromStdString(line.text);
    // print splits lines; wait_for(steps, None) runs them in place, before b; the steps see the
    // task's {item} and {i}
    QCOMPARE(lines, QStringList({"x", "y", "a in place", "a after", "b runs", "c 0 it", "c 1 it",
                                 "d slept"}));
    // the missing task raised before the timeout was drawn: the sleep took the first number
    DurationSampler sampler(5);
    QCOMPARE(r.trace.output.back().time, sampler.unit());
    QCOMPARE(r.result.status, RunStatus::Ok);
}

// ------------------------------------------------------------------ names

void TestGraphPython::identifiers_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("identifier");
    // clang-format off
    QTest::newRow("plain") << "fetch_1" << "fetch_1";
    QTest::newRow("dash and space") << "fetch-a b" << "fetch_a_b";
    QTest::newRow("leading digit") << "2nd" << "_2nd";
    QTest::newRow("CJK") << QString::fromUtf8("获取数据") << QString::fromUtf8("获取数据");
    QTest::newRow("accents, Greek, Cyrillic")
        << QString::fromUtf8("café_λ_мир") << QString::fromUtf8("café_λ_мир");
    // NFKC would make the ligature "fi": two names could become one.
    QTest::newRow("compatibility character") << QString::fromUtf8("\xef\xac\x81le") << "_le";
    QTest::newRow("emoji") << QString::fromUtf8("job\xf0\x9f\x9a\x80") << "job_";
    QTest::newRow("keyword left alone") << "class" << "class";
    // clang-format on
}

void TestGraphPython::identifiers() {
    QFETCH(QString, name);
    QFETCH(QString, identifier);
    QCOMPARE(QString::fromStdString(pythonIdentifier(name.toStdString())), identifier);
}

void TestGraphPython::namesAvoidKeywordsBuiltinsAndEachOther() {
    QTemporaryDir dir;
    const Pair p = writePair(
        dir,
        R"("resources": [{"name": "print", "type": "Lock"}, {"name": "tasks", "type": "Event"}],
"tasks": [
  {"name": "class", "steps": [{"hold": "print", "steps": [{"set": "tasks"}]}]},
  {"name": "fetch-a", "steps": [{"wait_event": "tasks"}, {"print": "fetch-a"}]},
  {"name": "fetch_a", "steps": [{"repeat": 2, "steps": [{"print": "{i}"}]}]},
  {"name": "i", "steps": []},
  {"name": "OSError", "steps": [{"raise": "OSError"}]},
  {"name": "x", "steps": [{"try": [{"raise": "asyncio"}], "except": "asyncio"}]}], "return_exceptions": true)");
    QVERIFY(!p.script.isEmpty());
    const QString s = QString::fromStdString(p.text);
    for (const char* expected :
         {"async def class_():", "async def fetch_a():", "async def fetch_a_2():",
          "async def i_():", "async def OSError_():", "print_: asyncio.Lock",
          "tasks_: asyncio.Event", "class OSError(Exception):",
          "asyncio_ = type(\"asyncio\", (Exception,), {})", "raise asyncio_()", "except asyncio_:",
          "tasks[\"fetch-a\"] = asyncio.create_task(fetch_a(), name=\"fetch-a\")"})
        QVERIFY2(s.contains(expected), expected);
    const ProcessResult graph = runLoopscope({"run", p.graph, "--timestamps"});
    const ProcessResult script = runLoopscope({"run", p.script, "--timestamps"});
    QCOMPARE(script.out, graph.out);
    QVERIFY2(graph.out.contains("[0.000] fetch-a\n"), qPrintable(graph.out));
}

void TestGraphPython::tasksSurelyCreatedAreLookedUpDirectly() {
    QTemporaryDir dir;
    const Pair p = writePair(dir, R"("tasks": [
  {"name": "a", "steps": [{"create": "c"}, {"await": "c"}, {"await": "b"}, {"cancel": "a"}, {"await": "late"}]},
  {"name": "b", "steps": []},
  {"name": "c", "steps": [{"await": "late"}]},
  {"name": "late", "start": 1, "steps": []}])");
    QVERIFY(!p.script.isEmpty());
    const QString s = QString::fromStdString(p.text);
    // created at t=0 by main, by a step before, the task itself: no look-up needed
    QVERIFY(
        s.contains("    await tasks[\"c\"]\n    await tasks[\"b\"]\n    tasks[\"a\"].cancel()\n"));
    // a later start: looked up, and the RuntimeError names the step's place in the file
    QVERIFY2(s.contains("await created_task(\"late\", \"3:93\")"), qPrintable(s));
    QVERIFY(s.contains("GRAPH_FILE = \"" + p.graph + "\""));
}

void TestGraphPython::generatorOnlyWhenDurationsAreRandom() {
    QTemporaryDir dir;
    const Pair fixed =
        writePair(dir, R"("tasks": [{"name": "a", "steps": [{"sleep": 1}, {"block": 0.5}]}])");
    QVERIFY(!fixed.text.empty());
    QVERIFY(fixed.text.find("MT19937_64") == std::string::npos);
    QVERIFY(fixed.text.find("import math") == std::string::npos);
    QVERIFY(fixed.text.find("import time") != std::string::npos);
    QVERIFY(fixed.text.find("created_task") == std::string::npos);
    QVERIFY(fixed.text.find("sleep_until") == std::string::npos);
    const Pair uniform = writePair(
        dir, R"("seed": 3, "tasks": [{"name": "a", "steps": [{"sleep": {"uniform": [1, 2]}}]}])");
    QVERIFY(uniform.text.find("rng = MT19937_64(3)") != std::string::npos);
    QVERIFY(uniform.text.find("def uniform(") != std::string::npos);
    QVERIFY(uniform.text.find("def exponential(") == std::string::npos);
    QVERIFY(uniform.text.find("import math") == std::string::npos);
    const Pair exponential = writePair(
        dir, R"("tasks": [{"name": "a", "steps": [{"wait": ["a2"], "timeout": {"exponential": 2}}]},
  {"name": "a2", "steps": []}])");
    QVERIFY(exponential.text.find("rng = MT19937_64(0)") != std::string::npos);
    QVERIFY(exponential.text.find("import math") != std::string::npos);
    QVERIFY(exponential.text.find("timeout=exponential(2)") != std::string::npos);
}

// ------------------------------------------------------------------ the command line

void TestGraphPython::cliExportWritesTheScriptWithoutRunning() {
    QTemporaryDir dir;
    const QString graph = LOOPSCOPE_GRAPHS "/03_producer_consumer.lsgraph.json";
    const QString out = dir.filePath("pc.py");
    QVERIFY(writeFile(out, "old contents"));
    const ProcessResult r = runLoopscope({"export", graph, "-o", out});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QString()); // nothing ran: nothing printed
    QCOMPARE(r.err, "loopscope export: wrote " + out + "\n");
    std::string error;
    const std::optional<Graph> g = loadGraph(graph.toStdString(), &error);
    QVERIFY2(g, error.c_str());
    QCOMPARE(readFile(out), QString::fromStdString(pythonScript(*g)));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"pc.py"}); // no temporary left
    const ProcessResult ran = runLoopscope({"run", out, "--timestamps"});
    const ProcessResult direct = runLoopscope({"run", graph, "--timestamps"});
    QCOMPARE(ran.out, direct.out);
    QVERIFY(ran.out.endsWith("status=ok\n"));
}

void TestGraphPython::cliExportRefusesWhatItCannotWrite() {
    QTemporaryDir dir;
    const QString script = dir.filePath("s.py");
    QVERIFY(writeFile(script, "print('hi')\n"));
    const ProcessResult fromScript = runLoopscope({"export", script, "-o", dir.filePath("o.py")});
    QCOMPARE(fromScript.exitCode, 2);
    QVERIFY2(fromScript.err.contains("only a task graph (GRAPH.lsgraph.json) is written as a "
                                     "Python script"),
             qPrintable(fromScript.err));
    QVERIFY(!QFile::exists(dir.filePath("o.py")));

    const QString bad = dir.filePath("bad.lsgraph.json");
    QVERIFY(writeFile(bad, graphFile(R"("tasks": [{"name": "a", "steps": [{"slep": 1}]}])")));
    const ProcessResult badGraph = runLoopscope({"export", bad, "-o", dir.filePath("b.py")});
    QCOMPARE(badGraph.exitCode, 2);
    QCOMPARE(badGraph.err,
             "loopscope export: " + bad + ":2:35: tasks[0].steps[0]: unknown step \"slep\"\n");
    QVERIFY(!QFile::exists(dir.filePath("b.py")));

    const ProcessResult unknown =
        runLoopscope({"export", LOOPSCOPE_GRAPHS "/01_fan_out_gather.lsgraph.json", "-o",
                      dir.filePath("x.tsv")});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains("(use .png, .svg, .pdf, .json, .trace.json or .csv, or .py for "
                                  "the graph as Python)"),
             qPrintable(unknown.err));

    const ProcessResult noFolder =
        runLoopscope({"export", LOOPSCOPE_GRAPHS "/01_fan_out_gather.lsgraph.json", "-o",
                      dir.filePath("missing/x.py")});
    QCOMPARE(noFolder.exitCode, 2);
    QVERIFY2(noFolder.err.contains("no such folder"), qPrintable(noFolder.err));
}

// The script says how its run ends, as the graph does, where `loopscope test` reads it; the
// interventions loopscope applies to the graph's runs are named in it, not carried.
void TestGraphPython::cliExportKeepsExpectAndNamesInterventions() {
    QTemporaryDir dir;
    const QString graph = dir.filePath("d.lsgraph.json");
    QVERIFY(writeFile(graph, graphFile(R"("expect": "deadlock",
"resources": [{"name": "q", "type": "Queue"}],
"tasks": [{"name": "a", "steps": [{"sleep": 1}, {"get": "q"}]}])")));
    const QString out = dir.filePath("d.py");
    const ProcessResult r = runLoopscope({"export", graph, "-o", out});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.err, "loopscope export: wrote " + out + "\n");
    QVERIFY2(readFile(out).startsWith("# expect: deadlock\n\"\"\"The task graph"),
             qPrintable(readFile(out)));
    const ProcessResult tested = runLoopscope({"test", out});
    QVERIFY2(tested.exitCode == 0, qPrintable(tested.out + tested.err));
    QVERIFY2(runLoopscope({"test", graph}).exitCode == 0, "the graph itself passes");

    // A graph expected to end ok says nothing: `test` expects ok by default.
    const QString okGraph = dir.filePath("ok.lsgraph.json");
    QVERIFY(
        writeFile(okGraph, graphFile(R"("expect": "ok", "tasks": [{"name": "a", "steps": []}])")));
    QCOMPARE(runLoopscope({"export", okGraph, "-o", dir.filePath("ok.py")}).exitCode, 0);
    QVERIFY(readFile(dir.filePath("ok.py")).startsWith("\"\"\""));

    // A bad --interventions file is refused with its place, nothing written.
    const QString bad = dir.filePath("bad.json");
    QVERIFY(writeFile(bad, R"({"format": "loopscope-interventions", "version": 1,
 "interventions": [{"cancel": "a", "at": -1}]})"));
    const ProcessResult refused =
        runLoopscope({"export", graph, "-o", dir.filePath("x.py"), "--interventions", bad});
    QCOMPARE(refused.exitCode, 2);
    QCOMPARE(refused.err, "loopscope export: " + bad +
                              ":2:42: interventions[0].at: expected a time >= 0 seconds\n");
    QVERIFY(!QFile::exists(dir.filePath("x.py")));

    // Interventions beside the graph (or given): a comment says the script does not carry them.
    QVERIFY(writeFile(dir.filePath("d.interventions.json"),
                      R"({"format": "loopscope-interventions", "version": 1,
 "interventions": [{"cancel": "a", "at": 0.5}, {"cancel": "a", "at": 2}]})"));
    const QString noted = dir.filePath("noted.py");
    const ProcessResult beside = runLoopscope({"export", graph, "-o", noted});
    QCOMPARE(beside.exitCode, 0);
    const QString note = "loopscope applies 2 interventions from d.interventions.json to runs "
                         "of this scenario; they are not part of this script";
    QVERIFY2(readFile(noted).startsWith("# " + note + "\n# expect: deadlock\n"),
             qPrintable(readFile(noted)));
    QVERIFY2(beside.err.contains("loopscope export: note: " + note + "\n"), qPrintable(beside.err));
    const ProcessResult given =
        runLoopscope({"export", okGraph, "-o", dir.filePath("given.py"), "--interventions",
                      dir.filePath("d.interventions.json")});
    QCOMPARE(given.exitCode, 0);
    QVERIFY(readFile(dir.filePath("given.py")).startsWith("# loopscope applies 2 interventions"));
    const ProcessResult none =
        runLoopscope({"export", graph, "-o", dir.filePath("none.py"), "--no-interventions"});
    QCOMPARE(none.exitCode, 0);
    QVERIFY(readFile(dir.filePath("none.py")).startsWith("# expect: deadlock\n"));
}

QTEST_GUILESS_MAIN(TestGraphPython)
#include "test_graph_python.moc"
