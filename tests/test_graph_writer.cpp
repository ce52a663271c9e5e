// Pins GraphWriter: what it writes reads back (parseGraph) to the same graph, for every bundled
// graph and template and for every step kind and duration kind; its layout is stable and
// readable; and the loader's messages for the edits the builder checks by writing and reading.
#include <loopscope/graph/GraphLoader.hpp>
#include <loopscope/graph/GraphRunner.hpp>
#include <loopscope/graph/GraphWriter.hpp>

#include <QDir>
#include <QtTest>
#include <set>

using namespace loopscope;
using namespace loopscope::graph;

namespace {

Graph parseOrFail(const std::string& text, const std::string& path = "t.lsgraph.json") {
    std::string error;
    std::optional<Graph> g = parseGraph(text, path, &error);
    if (!g)
        qFatal("does not load: %s\n%s", error.c_str(), text.c_str());
    return *g;
}

std::string graphFile(const std::string& body) {
    return "{\"format\": \"loopscope-graph\", \"version\": 1,\n" + body + "\n}";
}

/// A graph with every resource type, step kind, option and duration kind.
std::string everyStepKind() {
    // (A plain literal: moc misreads backslashes in raw strings.)
    const std::string description = "\"description\": \"all of it: \\\"quotes\\\", back\\\\slash, "
                                    "tab\\t, newline\\n, ünïcode\",";
    return graphFile(description + R"(
  "expect": "exception:Boom_2", "seed": 9007199254740992, "return_exceptions": true,
  "resources": [
    {"name": "l", "type": "Lock"}, {"name": "s", "type": "Semaphore", "value": 3},
    {"name": "b", "type": "BoundedSemaphore"}, {"name": "e", "type": "Event"},
    {"name": "c", "type": "Condition", "lock": "l"}, {"name": "c2", "type": "Condition"},
    {"name": "q", "type": "Queue", "maxsize": 4}, {"name": "q0", "type": "Queue"}],
  "tasks": [
    {"name": "a", "start": 0.25, "steps": [
      {"print": "{task} {i} {item}"}, {"sleep": 0.1}, {"sleep": {"uniform": [0.5, 2]}},
      {"io": {"exponential": 1.5}, "label": "GET /"}, {"io": 0}, {"block": 1e-7},
      {"hold": "s", "steps": [{"hold": "c", "steps": []}]},
      {"wait_event": "e"}, {"set": "e"}, {"clear": "e"},
      {"put": "q", "item": "x {i}"}, {"put": "q0"}, {"put": "q", "item": ""}, {"get": "q"},
      {"task_done": "q"}, {"join": "q"},
      {"create": "kid"}, {"await": "kid"}, {"shield": "b2"}, {"cancel": "b2"},
      {"gather": ["b2", "kid"], "return_exceptions": true}, {"gather": ["b2"]},
      {"wait": ["b2"], "return_when": "FIRST_EXCEPTION", "timeout": 2},
      {"wait": ["b2", "kid"], "return_when": "FIRST_COMPLETED"}, {"wait": ["kid"]},
      {"as_completed": ["b2"], "timeout": {"uniform": [1, 1]}}, {"as_completed": ["kid"]},
      {"wait_for": "b2", "timeout": null}, {"wait_for": "kid", "timeout": 3},
      {"wait_for": [{"sleep": 1}, {"print": "in"}], "timeout": 0.5},
      {"raise": "ValueError", "message": "bad {task}"}, {"raise": "KeyError"},
      {"repeat": 3, "steps": [{"repeat": 0, "steps": []}]},
      {"try": [{"sleep": 1}], "except": "TimeoutError", "handler": [{"print": "caught"}]},
      {"try": [], "except": "Exception"}
    ]},
    {"name": "b2", "steps": []},
    {"name": "kid", "steps": [{"print": "kid"}]}
  ])");
}

/// The step kinds used in `steps`, nested ones included.
void collectKinds(const std::vector<Step>& steps, std::set<StepKind>& kinds) {
    for (const Step& s : steps) {
        kinds.insert(s.kind);
        collectKinds(s.steps, kinds);
        collectKinds(s.handler, kinds);
    }
}

/// Every graph file bundled with loopscope: the examples and the builder's templates.
QStringList bundledGraphs() {
    QStringList files;
    for (const char* dir : {LOOPSCOPE_GRAPHS, LOOPSCOPE_GRAPHS "/templates"})
        for (const QFileInfo& info :
             QDir(QString::fromUtf8(dir))
                 .entryInfoList({"*.lsgraph.json"}, QDir::Files, QDir::Name))
            files << info.filePath();
    return files;
}

} // namespace

class TestGraphWriter : public QObject {
    Q_OBJECT
  private slots:
    void bundledGraphsRoundTrip_data() {
        QTest::addColumn<QString>("path");
        const QStringList files = bundledGraphs();
        QVERIFY(files.size() >= 10); // 5 examples, 5 templates
        for (const QString& f : files)
            QTest::newRow(qPrintable(QFileInfo(f).fileName())) << f;
    }
    void bundledGraphsRoundTrip() {
        QFETCH(QString, path);
        std::string error;
        const std::optional<Graph> g = loadGraph(path.toStdString(), &error);
        QVERIFY2(g, error.c_str());
        const std::string text = graphJson(*g);
        const Graph back = parseOrFail(text);
        QVERIFY2(sameGraph(*g, back), text.c_str());
        // Canonical: writing what was read back gives the same text.
        QCOMPARE(QString::fromStdString(graphJson(back)), QString::fromStdString(text));
        // And it runs the same.
        const GraphRun a = runGraph(*g);
        const GraphRun b = runGraph(back);
        QCOMPARE(b.result.status, a.result.status);
        QCOMPARE(b.trace.endTime, a.trace.endTime);
        QCOMPARE(b.trace.output.size(), a.trace.output.size());
    }

    void everyStepKindAndDurationRoundTrips() {
        const std::string text = everyStepKind();
        const Graph g = parseOrFail(text);
        std::set<StepKind> kinds;
        for (const TaskSpec& t : g.tasks)
            collectKinds(t.steps, kinds);
        QCOMPARE(int(kinds.size()), int(StepKind::Try) + 1); // every kind there is
        const std::string written = graphJson(g);
        const Graph back = parseOrFail(written);
        QVERIFY2(sameGraph(g, back), written.c_str());
        QCOMPARE(back.seed, std::uint64_t(9007199254740992ULL));
        QCOMPARE(back.tasks[0].steps[1].duration.a, 0.1); // shortest text, exact value
        QCOMPARE(back.tasks[0].steps[5].duration.a, 1e-7);
        QCOMPARE(back.description, g.description);
        QCOMPARE(back.expect, std::string("exception:Boom_2"));
        // Defaults are left out; wait_for's timeout is required, so it is written as null.
        QVERIFY(written.find("\"wait_for\": \"b2\", \"timeout\": null") != std::string::npos);
        QVERIFY(written.find("\"value\": 1") == std::string::npos);
        QVERIFY(written.find("ALL_COMPLETED") == std::string::npos);
        QVERIFY(written.find("\"return_exceptions\": false") == std::string::npos);
    }

    void sameGraphSeesEveryDifference() {
        const Graph g =
            parseOrFail(graphFile(R"("resources": [{"name": "s", "type": "Semaphore", "value": 2}],
  "tasks": [{"name": "a", "steps": [{"hold": "s", "steps": [{"sleep": 1}]}]}, {"name": "b", "start": 1, "steps": []}])"));
        QVERIFY(sameGraph(g, g));
        Graph other = g;
        other.resources[0].value = 3;
        QVERIFY(!sameGraph(g, other));
        other = g;
        other.tasks[0].steps[0].steps[0].duration.a = 2;
        QVERIFY(!sameGraph(g, other));
        other = g;
        other.tasks[1].start = 0.5;
        QVERIFY(!sameGraph(g, other));
        other = g;
        other.tasks[1].name = "c";
        QVERIFY(!sameGraph(g, other));
        other = g;
        other.expect = "deadlock";
        QVERIFY(!sameGraph(g, other));
        other = g;
        other.tasks[0].steps[0].at = {9, 9}; // where it was in a file does not count
        other.path = "elsewhere.lsgraph.json";
        QVERIFY(sameGraph(g, other));
    }

    void layoutIsReadable() {
        std::string error;
        const std::optional<Graph> g =
            loadGraph(LOOPSCOPE_GRAPHS "/04_timeout_and_cancel.lsgraph.json", &error);
        QVERIFY2(g, error.c_str());
        const std::string text = graphJson(*g);
        // The header one member per line, short tasks on one line, long ones one step per line.
        QVERIFY(text.rfind("{\n  \"format\": \"loopscope-graph\",\n  \"version\": 1,\n", 0) == 0);
        QVERIFY(text.find("\n    {\"name\": \"caller\", \"steps\": [\n      {\"create\": "
                          "\"slow_task\"},\n") != std::string::npos);
        for (const QString& line : QString::fromStdString(text).split('\n'))
            QVERIFY2(line.size() <= 100 || !line.contains(", {"), qPrintable(line));
        QVERIFY(text.back() == '\n');
    }

    // The loader's messages for what the builder's edits can get wrong (the builder shows
    // them without the FILE:LINE:COL of its scratch text).
    void loadErrorsForBadEdits_data() {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("error");
        QTest::newRow("renamed to a taken name")
            << R"("tasks": [{"name": "a", "steps": []}, {"name": "a", "steps": []}])"
            << "tasks[1].name: a second task named \"a\"";
        QTest::newRow("a task named main") << R"("tasks": [{"name": "main", "steps": []}])"
                                           << "tasks[0].name: \"main\" is the runner's own task";
        QTest::newRow("empty name") << R"("tasks": [{"name": "", "steps": []}])"
                                    << "tasks[0].name: a name cannot be empty";
        QTest::newRow("no task left") << R"("tasks": [])"
                                      << "tasks: a graph needs at least one task";
        QTest::newRow("resource type changed under a step")
            << R"("resources": [{"name": "e", "type": "Event"}],
                  "tasks": [{"name": "a", "steps": [{"hold": "e", "steps": []}]}])"
            << "tasks[0].steps[0].hold: \"e\" is a Event, not a Lock, Semaphore or Condition";
        QTest::newRow("condition moved above its lock")
            << R"("resources": [{"name": "c", "type": "Condition", "lock": "l"}, {"name": "l", "type": "Lock"}],
                  "tasks": [{"name": "a", "steps": []}])"
            << "resources[0].lock: no resource named \"l\"";
        QTest::newRow("created and started")
            << R"("tasks": [{"name": "a", "steps": [{"create": "b"}]}, {"name": "b", "start": 1, "steps": []}])"
            << "tasks[1].start: task \"b\" is created by a \"create\" step, so main does not start "
               "it";
        QTest::newRow("created twice")
            << R"("tasks": [{"name": "a", "steps": [{"create": "b"}, {"create": "b"}]}, {"name": "b", "steps": []}])"
            << "tasks[0].steps[1].create: task \"b\" is already created by another step";
        QTest::newRow("uniform high below low")
            << R"("tasks": [{"name": "a", "steps": [{"sleep": {"uniform": [2, 1]}}]}])"
            << "tasks[0].steps[0].sleep.uniform[1]: HIGH is below LOW";
        QTest::newRow("expect: an end that is not a status")
            << R"("expect": "exception", "tasks": [{"name": "a", "steps": []}])"
            << "expect: expected ok, deadlock, horizon or exception:Type, got \"exception\"";
        QTest::newRow("expect: not a name")
            << R"("expect": "exception:1x", "tasks": [{"name": "a", "steps": []}])"
            << "expect: expected ok, deadlock, horizon or exception:Type, got \"exception:1x\"";
        QTest::newRow("expect: a dotted name, which no run status has")
            << R"("expect": "exception:asyncio.CancelledError", "tasks": [{"name": "a", "steps": []}])"
            << "expect: expected ok, deadlock, horizon or exception:Type, got "
               "\"exception:asyncio.CancelledError\"";
        QTest::newRow("bad exception name")
            << R"("tasks": [{"name": "a", "steps": [{"raise": "Value Error"}]}])"
            << "tasks[0].steps[0].raise: \"Value Error\" is not an exception class name";
    }
    void loadErrorsForBadEdits() {
        QFETCH(QString, body);
        QFETCH(QString, error);
        std::string message;
        QVERIFY(!parseGraph(graphFile(body.toStdString()), "t.lsgraph.json", &message));
        QVERIFY2(QString::fromStdString(message).endsWith(": " + error), message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestGraphWriter)
#include "test_graph_writer.moc"
