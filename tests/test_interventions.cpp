// Interventions (docs/interventions.md): the user cancels a task at a virtual time, as if the
// script had called loop.call_at(time, task.cancel) before anything else ran. The trace names
// the user as the cause; an intervention that finds no running task says so in a diagnostic.
// Also the NAME.interventions.json file: its path, its reader's messages and its writer.
#include "ScenarioSupport.hpp"

#include <loopscope/TraceExport.hpp>
#include <loopscope/TraceJson.hpp>
#include <loopscope/graph/InterventionsFile.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <sstream>

using namespace loopscope;
using namespace scenario;

namespace {

Intervention cancelAt(double t, std::string task, std::size_t occurrence = 0,
                      std::optional<std::string> message = std::nullopt) {
    Intervention in;
    in.time = t;
    in.task = std::move(task);
    in.occurrence = occurrence;
    in.message = std::move(message);
    return in;
}

LoopOptions with(std::vector<Intervention> list) {
    LoopOptions o;
    o.interventions = std::move(list);
    return o;
}

/// A task that sleeps `seconds` and says how it ended: "NAME done" or "NAME cancelled: msg".
Co<void> sleeper(double seconds) {
    const std::string name = Loop::running().currentTask()->name();
    try {
        co_await sleep(seconds);
        say(name + " done");
    } catch (const CancelledError& e) {
        say(name + " cancelled: " + e.message());
        throw;
    }
}

/// main: starts sleepers named `name` (one per duration), then waits for all of them.
Co<void> startSleepers(std::string name, std::vector<double> durations) {
    std::vector<Ref<Future>> all;
    for (double d : durations)
        all.push_back(createTask(sleeper(d), name));
    co_await gather(all, /*returnExceptions=*/true);
}

std::vector<TraceEvent> cancelRequests(const Trace& t) {
    std::vector<TraceEvent> out;
    t.events.forEach([&](const TraceEvent& e) {
        if (e.kind == EventKind::CancelRequest)
            out.push_back(e);
    });
    return out;
}

QStringList messages(const Trace& t) {
    QStringList out;
    for (const Diagnostic& d : t.diagnostics)
        out << QString::fromStdString(d.message);
    return out;
}

} // namespace

class TestInterventions : public QObject {
    Q_OBJECT
private slots:
    void cancelsASleepingTaskAtItsTime();
    void firesBeforeAUserTimerOfTheSameTime();
    void taskNotRunningIsReportedAndTheRunGoesOn();
    void interventionAfterTheEndIsReported();
    void occurrenceChoosesAmongTasksOfOneName();
    void runsAreIdenticalEveryTime();
    void userCauseRoundTripsThroughTheTraceFile();
    void chromeExportNamesTheUsersCancel();
    void filePathIsBesideTheScenario_data();
    void filePathIsBesideTheScenario();
    void fileRoundTrips();
    void badFilesAreRefusedWithTheirPlace_data();
    void badFilesAreRefusedWithTheirPlace();
};

void TestInterventions::cancelsASleepingTaskAtItsTime() {
    auto [r, trace] = runMain(startSleepers("worker", {10}),
                              with({cancelAt(1.5, "worker", 0, "enough")}));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), QStringList{"[1.500] worker cancelled: enough"});
    const auto cancels = cancelRequests(trace);
    QCOMPARE(cancels.size(), std::size_t(1));
    QCOMPARE(cancels[0].time, 1.5);
    QCOMPARE(cancels[0].cause, Cause::User);
    QCOMPARE(cancels[0].actor, kNone);
    const TaskInfo& w = trace.tasks[trace.findTask("worker")];
    QCOMPARE(w.outcome, Outcome::Cancelled);
    QCOMPARE(w.cancelCause, Cause::User);
    QCOMPARE(w.finished, 1.5);
    QVERIFY(trace.diagnostics.empty());
}

// The intervention's timer is set before main runs, so at an equal deadline it fires before
// a timer the script sets: the script's timer already sees the task cancelling.
void TestInterventions::firesBeforeAUserTimerOfTheSameTime() {
    auto [r, trace] = runMain(
        []() -> Co<void> {
            Ref<Task> w = createTask(sleeper(10), "worker");
            Loop::running().callAt(2.0, [w] { say("timer: cancelling=" + num(w->cancelling())); });
            std::vector<Ref<Future>> all;
            all.push_back(w);
            co_await gather(all, true);
        }(),
        with({cancelAt(2.0, "worker")}));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace),
             (QStringList{"[2.000] timer: cancelling=1", "[2.000] worker cancelled: "}));
}

void TestInterventions::taskNotRunningIsReportedAndTheRunGoesOn() {
    auto [r, trace] = runMain(
        []() -> Co<void> {
            Ref<Task> w = createTask(sleeper(1), "worker");
            co_await w;
            co_await sleep(5);
            say("main done");
        }(),
        with({cancelAt(3, "worker"), cancelAt(4, "ghost")}));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), (QStringList{"[1.000] worker done", "[6.000] main done"}));
    QCOMPARE(messages(trace),
             (QStringList{"intervention at t=3.000: task 'worker' (#0) was not running: it "
                          "finished at t=1.000",
                          "intervention at t=4.000: task 'ghost' (#0) was not running: no such "
                          "task had been created"}));
    QCOMPARE(trace.diagnostics[0].time, 3.0);
    QCOMPARE(trace.diagnostics[0].task, trace.findTask("worker"));
    QCOMPARE(trace.diagnostics[1].task, kNone);
    QVERIFY(cancelRequests(trace).empty());
}

void TestInterventions::interventionAfterTheEndIsReported() {
    auto [r, trace] = runMain(startSleepers("worker", {2}), with({cancelAt(7, "worker")}));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(trace.endTime, 2.0);
    QCOMPARE(messages(trace), QStringList{"intervention at t=7.000: task 'worker' (#0) was not "
                                          "cancelled: the run ended at t=2.000"});
}

void TestInterventions::occurrenceChoosesAmongTasksOfOneName() {
    auto [r, trace] =
        runMain(startSleepers("worker", {3, 3, 3}), with({cancelAt(1, "worker", 1, "second")}));
    QCOMPARE(r.status, RunStatus::Ok);
    QCOMPARE(timedOutput(trace), (QStringList{"[1.000] worker cancelled: second",
                                              "[3.000] worker done", "[3.000] worker done"}));
    std::vector<Outcome> outcomes;
    for (const TaskInfo& t : trace.tasks)
        if (t.name == "worker")
            outcomes.push_back(t.outcome);
    QCOMPARE(outcomes, (std::vector<Outcome>{Outcome::Result, Outcome::Cancelled, Outcome::Result}));
}

void TestInterventions::runsAreIdenticalEveryTime() {
    const auto once = [] {
        auto [r, trace] = runMain(startSleepers("w", {4, 1.25, 2.5}),
                                  with({cancelAt(1.25, "w", 0), cancelAt(1.25, "w", 2, "x")}));
        std::ostringstream json;
        writeTraceJson(trace, json);
        return json.str();
    };
    const std::string first = once();
    QVERIFY(first.find("\"user\"") != std::string::npos);
    QCOMPARE(once(), first);
}

void TestInterventions::userCauseRoundTripsThroughTheTraceFile() {
    auto [r, trace] = runMain(startSleepers("worker", {10}), with({cancelAt(0.5, "worker")}));
    std::ostringstream json;
    writeTraceJson(trace, json);
    Trace back;
    std::string error;
    QVERIFY2(parseTraceJson(json.str(), back, &error), error.c_str());
    const auto cancels = cancelRequests(back);
    QCOMPARE(cancels.size(), std::size_t(1));
    QCOMPARE(cancels[0].cause, Cause::User);
    QCOMPARE(cancels[0].actor, kNone);
    QCOMPARE(back.tasks[back.findTask("worker")].cancelCause, Cause::User);
}

// Perfetto shows it as an instant on the cancelled task's track, as a timer's cancel.
void TestInterventions::chromeExportNamesTheUsersCancel() {
    auto [r, trace] = runMain(startSleepers("worker", {10}), with({cancelAt(0.5, "worker")}));
    const std::string chrome = traceChromeText(trace);
    QVERIFY2(chrome.find("\"cancel (user)\"") != std::string::npos, chrome.c_str());
}

void TestInterventions::filePathIsBesideTheScenario_data() {
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("file");
    QTest::newRow("script") << "dir/fetch.py" << "dir/fetch.interventions.json";
    QTest::newRow("graph") << "g/pipe.lsgraph.json" << "g/pipe.interventions.json";
    QTest::newRow("other") << "notes.txt" << "notes.txt.interventions.json";
    QTest::newRow("only a suffix") << ".py" << ".py.interventions.json";
}

void TestInterventions::filePathIsBesideTheScenario() {
    QFETCH(QString, scenario);
    QFETCH(QString, file);
    QCOMPARE(QString::fromStdString(graph::interventionsPathFor(scenario.toStdString())), file);
}

void TestInterventions::fileRoundTrips() {
    const std::vector<Intervention> list = {cancelAt(0.1 + 0.2, "worker", 2, "say \"why\"\n"),
                                            cancelAt(3, "Task-4")};
    QTemporaryDir dir;
    const std::string path = dir.filePath("s.interventions.json").toStdString();
    std::string error;
    QVERIFY2(graph::saveInterventions(path, list, &error), error.c_str());
    const auto back = graph::loadInterventions(path, &error);
    QVERIFY2(back.has_value(), error.c_str());
    QCOMPARE(*back, list); // times exactly: 0.30000000000000004 stays so
    QVERIFY(!QFile::exists(QString::fromStdString(path + ".tmp")));
}

void TestInterventions::badFilesAreRefusedWithTheirPlace_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");
    const QString head = R"({"format": "loopscope-interventions", "version": 1, )";
    QTest::newRow("syntax") << head + "\n\"interventions\": [}" << "f.json:2:19: ";
    QTest::newRow("format") << R"({"format": "loopscope-graph", "version": 1, "interventions": []})"
                            << R"(f.json:1:12: format: expected "loopscope-interventions", got "loopscope-graph")";
    QTest::newRow("version") << R"({"format": "loopscope-interventions", "version": 2, "interventions": []})"
                             << "f.json:1:50: version: unsupported version 2 (this loopscope reads version 1)";
    QTest::newRow("no list") << R"({"format": "loopscope-interventions", "version": 1})"
                             << R"(f.json:1:1: missing member "interventions")";
    QTest::newRow("no task") << head + "\"interventions\": [\n  {\"at\": 1}]}"
                             << R"(f.json:2:3: interventions[0]: missing member "cancel")";
    QTest::newRow("negative time") << head + "\"interventions\": [\n  {\"cancel\": \"w\", \"at\": -1}]}"
                                   << "f.json:2:25: interventions[0].at: expected a time >= 0 seconds";
    QTest::newRow("time as text") << head + "\"interventions\": [{\"cancel\": \"w\", \"at\": \"1\"}]}"
                                  << "f.json:1:93: interventions[0].at: expected a time in seconds, got a string";
    QTest::newRow("fraction occurrence")
        << head + "\"interventions\": [{\"cancel\": \"w\", \"at\": 1, \"occurrence\": 0.5}]}"
        << "f.json:1:110: interventions[0].occurrence: expected an integer >= 0 (0: the first "
           "task of that name)";
    QTest::newRow("misspelt") << head + "\"interventions\": [{\"cancel\": \"w\", \"at\": 1, \"ocurrence\": 1}]}"
                              << R"(f.json:1:109: interventions[0].ocurrence: unknown member "ocurrence")";
    QTest::newRow("empty name") << head + "\"interventions\": [{\"cancel\": \"\", \"at\": 1}]}"
                                << "f.json:1:82: interventions[0].cancel: the task name is empty";
}

void TestInterventions::badFilesAreRefusedWithTheirPlace() {
    QFETCH(QString, text);
    QFETCH(QString, error);
    std::string message;
    QVERIFY(!graph::parseInterventions(text.toStdString(), "f.json", &message));
    QVERIFY2(QString::fromStdString(message).startsWith(error), message.c_str());
}

QTEST_GUILESS_MAIN(TestInterventions)
#include "test_interventions.moc"
