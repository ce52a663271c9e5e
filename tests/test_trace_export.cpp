// The trace exports (TraceExport.hpp), on traces of real runs of the core. Chrome Trace Event
// JSON: it parses, every segment is a complete event with ts, dur >= 0, every task has its
// named, sorted track, flows pair up exactly and point from the actor to the woken or
// cancelled task, printed lines (Chinese too) are instants with their text, a semaphore's
// counter follows its value, bytes that are not UTF-8 still give valid JSON. CSV: the header,
// one row per segment with exact times, RFC 4180 quoting. The suffix table, and atomic saves.
#include "ScenarioSupport.hpp"

#include <loopscope/TraceExport.hpp>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <bit>
#include <charconv>
#include <fstream>
#include <map>

using namespace loopscope;
using namespace scenario;

namespace {

// ---- scenarios --------------------------------------------------------------------------------

Co<void> limited(Semaphore& sem, int i) {
    co_await sem.acquire();
    say("工人 " + num(i) + " 开始");
    co_await sleep(0.5 + 0.25 * i);
    sem.release();
}

/// Five workers through a semaphore of two, named "limit".
Co<void> semaphoreScenario() {
    Semaphore sem(2, "limit");
    std::vector<Ref<Future>> tasks;
    for (int i = 0; i < 5; ++i)
        tasks.push_back(createTask(limited(sem, i), "worker-" + num(i)));
    co_await gather(tasks);
}

Co<void> cancelLater(Ref<Task> victim) {
    co_await sleep(1);
    victim->cancel();
}

/// A task cancelled by another (a flow), a wait_for timeout (cancelled by the timer: an
/// instant), a task awaited by name, and a task whose name needs CSV quoting.
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
    co_await createTask(nap(0.1), "odd, \"name\"\nline two");
}

// ---- reading the Chrome export ----------------------------------------------------------------

QJsonObject parseChrome(const Trace& trace) {
    const std::string text = traceChromeText(trace);
    QJsonParseError error;
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray(text.data(), qsizetype(text.size())), &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON at %d: %s", error.offset, qPrintable(error.errorString()));
    return doc.object();
}

QList<QJsonObject> eventsWithPh(const QJsonObject& doc, const QString& ph) {
    QList<QJsonObject> out;
    for (const QJsonValue& v : doc.value("traceEvents").toArray())
        if (v.toObject().value("ph").toString() == ph)
            out << v.toObject();
    return out;
}

QString fromStd(const std::string& s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// ---- reading the CSV export -------------------------------------------------------------------

/// RFC 4180 records: fields split at commas outside quotes, "" inside quotes is one quote,
/// records end at LF outside quotes.
std::vector<std::vector<std::string>> parseCsv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        std::string& field = rows.back().back();
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
                field += text[i++];
            else if (c == '"')
                quoted = false;
            else
                field += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().emplace_back();
        } else if (c == '\n') {
            rows.emplace_back(1);
        } else {
            field += c;
        }
    }
    if (rows.back() == std::vector<std::string>(1))
        rows.pop_back(); // after the last LF
    return rows;
}

/// The double a CSV time reads back as (from_chars: exact, and no locale).
bool readsBackAs(const std::string& text, double expected) {
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    return ec == std::errc() && end == text.data() + text.size() &&
           std::bit_cast<std::uint64_t>(v) == std::bit_cast<std::uint64_t>(expected);
}

/// A hand-made trace pinning the CSV text: times that need all 17 digits, large and tiny
/// ones, every kind of name a waiting segment can show.
Trace smallTrace() {
    Trace t;
    TaskInfo a;
    a.id = 0;
    a.name = "Task-1";
    a.coroutine = "main";
    t.tasks.push_back(a);
    TaskInfo b = a;
    b.id = 1;
    b.name = "say \"hi\", then";
    t.tasks.push_back(b);
    t.resources.push_back({0, ResourceKind::Semaphore, "pool, big", 2, 2, 0});
    t.segments.push_back({0, 0, 0, kNone, TaskState::Running, WaitKind::None, 0});
    t.segments.push_back({0, 0.1 + 0.2, 0, 1, TaskState::Waiting, WaitKind::Task, 0});
    t.segments.push_back({0, 0.000001, 1, 0, TaskState::Waiting, WaitKind::Semaphore, 0});
    t.segments.push_back({0.000001, 100000, 1, kNone, TaskState::Waiting, WaitKind::Sleep, 0});
    t.segments.push_back({100000, 100000, 1, kNone, TaskState::Blocking, WaitKind::None, 0});
    t.endTime = 100000;
    return t;
}

const std::string kSmallCsv =
    "task,state,waits_on,start,end\n"
    "Task-1,running,,0,0\n"
    "Task-1,waiting,\"task say \"\"hi\"\", then\",0,0.30000000000000004\n"
    "\"say \"\"hi\"\", then\",waiting,\"semaphore pool, big\",0,0.000001\n"
    "\"say \"\"hi\"\", then\",waiting,sleep,0.000001,100000\n"
    "\"say \"\"hi\"\", then\",blocking,,100000,100000\n";

} // namespace

class TestTraceExport : public QObject {
    Q_OBJECT
  private slots:
    void formatIsChosenBySuffix_data();
    void formatIsChosenBySuffix();
    void chromeIsAJsonObjectWithTheRunInOtherData();
    void everySegmentIsACompleteEventWithTimesInMicroseconds();
    void everyTaskHasANamedSortedTrack();
    void flowsPairUpFromActorToTask();
    void timerCancellationsAreInstantsOnTheCancelledTask();
    void printedLinesAreInstantsWithTheirText();
    void counterFollowsTheSemaphore();
    void bytesThatAreNotUtf8StillGiveValidJson();
    void linesOutsideTasksAndDiagnosticsTakeNoTasksTrack();
    void csvHasTheDocumentedText();
    void csvHasOneRowPerSegmentWithExactTimes();
    void savesAreAtomicAndMatchTheText();
    void saveReportsOsErrorsAndLeavesNoFile();
    void saveRefusesAnUnknownSuffix();
    void ioWaitsShowTheirLabel();
};

void TestTraceExport::formatIsChosenBySuffix_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("format");
    QTest::newRow("native") << "out.json" << int(TraceFormat::Native);
    QTest::newRow("native, folder") << "/tmp/a.b/run.JSON" << int(TraceFormat::Native);
    QTest::newRow("chrome") << "out.trace.json" << int(TraceFormat::Chrome);
    QTest::newRow("chrome, upper case") << "dir/OUT.Trace.Json" << int(TraceFormat::Chrome);
    QTest::newRow("csv") << "segments.csv" << int(TraceFormat::Csv);
    QTest::newRow("csv, upper case") << "segments.CSV" << int(TraceFormat::Csv);
    QTest::newRow("png") << "out.png" << int(TraceFormat::Unknown);
    QTest::newRow("no suffix") << "out" << int(TraceFormat::Unknown);
    QTest::newRow("json folder") << "x.json/out" << int(TraceFormat::Unknown);
    QTest::newRow("suffix only") << ".csv" << int(TraceFormat::Unknown);
    QTest::newRow("trace not json") << "out.trace" << int(TraceFormat::Unknown);
}

void TestTraceExport::formatIsChosenBySuffix() {
    QFETCH(QString, path);
    QFETCH(int, format);
    QCOMPARE(int(traceFormatForPath(path.toStdString())), format);
}

void TestTraceExport::chromeIsAJsonObjectWithTheRunInOtherData() {
    const RunOutcome run = runMain(semaphoreScenario());
    QCOMPARE(run.result.status, RunStatus::Ok);
    const QJsonObject doc = parseChrome(run.trace);
    QVERIFY(doc.value("traceEvents").isArray());
    QCOMPARE(doc.value("displayTimeUnit").toString(), QString("ms"));
    const QJsonObject other = doc.value("otherData").toObject();
    QCOMPARE(other.value("format").toString(), QString("loopscope-chrome-trace"));
    QCOMPARE(other.value("status").toString(), QString("ok"));
    QCOMPARE(other.value("endTime").toString(),
             QString("3")); // worker-4 acquires at 1.5, sleeps 1.5
    // Every event has the fields every importer needs.
    for (const QJsonValue& v : doc.value("traceEvents").toArray()) {
        const QJsonObject e = v.toObject();
        QVERIFY(e.value("name").isString());
        QVERIFY(e.value("ph").isString());
        QCOMPARE(e.value("pid").toInt(), 1);
        QVERIFY(e.value("tid").isDouble());
        if (e.value("ph").toString() != "M")
            QVERIFY(e.value("ts").isDouble());
    }
}

void TestTraceExport::everySegmentIsACompleteEventWithTimesInMicroseconds() {
    const RunOutcome run = runMain(semaphoreScenario());
    const QList<QJsonObject> complete = eventsWithPh(parseChrome(run.trace), "X");
    QCOMPARE(qsizetype(complete.size()), qsizetype(run.trace.segments.size()));
    std::size_t i = 0;
    bool zeroLength = false, semaphoreWait = false;
    run.trace.segments.forEach([&](const Segment& s) {
        const QJsonObject e = complete[qsizetype(i++)];
        QVERIFY(e.value("ts").toDouble() >= 0);
        QVERIFY(e.value("dur").toDouble() >= 0);
        QCOMPARE(e.value("ts").toDouble(), s.start * 1e6);
        QCOMPARE(e.value("dur").toDouble(), (s.end - s.start) * 1e6);
        QCOMPARE(e.value("tid").toInt(), int(s.task()) + 1);
        QCOMPARE(e.value("cat").toString(), fromStd(std::string(nameOf(s.state()))));
        zeroLength |= s.state() == TaskState::Running && e.value("dur").toDouble() == 0;
        if (s.wait() == WaitKind::Semaphore) {
            semaphoreWait = true;
            QCOMPARE(e.value("name").toString(), QString("wait: semaphore limit"));
            QCOMPARE(e.value("args").toObject().value("waits_on").toString(),
                     QString("semaphore limit"));
        }
    });
    QVERIFY(zeroLength);
    QVERIFY(semaphoreWait);
}

void TestTraceExport::everyTaskHasANamedSortedTrack() {
    const RunOutcome run = runMain(semaphoreScenario());
    const QList<QJsonObject> meta = eventsWithPh(parseChrome(run.trace), "M");
    std::map<int, QString> names;
    std::map<int, int> order;
    for (const QJsonObject& e : meta) {
        const QJsonObject args = e.value("args").toObject();
        if (e.value("name").toString() == "thread_name")
            names[e.value("tid").toInt()] = args.value("name").toString();
        else if (e.value("name").toString() == "thread_sort_index")
            order[e.value("tid").toInt()] = args.value("sort_index").toInt();
    }
    QCOMPARE(names.size(), run.trace.tasks.size());
    for (const TaskInfo& t : run.trace.tasks) {
        QCOMPARE(names[int(t.id) + 1], fromStd(t.name + " (" + t.coroutine + ")"));
        QCOMPARE(order[int(t.id) + 1], int(t.id));
    }
    QCOMPARE(names[2], QString("worker-0 (coro)") /* C++ coroutines are all "coro" */);
}

// For each wake and cancellation by a task, in trace order: one "s" on the actor's track and
// one "f" binding to the enclosing slice on the target's, at the event's time, with an id no
// other flow has.
void TestTraceExport::flowsPairUpFromActorToTask() {
    const RunOutcome run = runMain(cancellationScenario());
    struct Flow {
        QString name;
        int from, to;
        double ts;
    };
    std::vector<Flow> expected;
    run.trace.events.forEach([&](const TraceEvent& e) {
        if ((e.kind == EventKind::Wake || e.kind == EventKind::CancelRequest) && e.actor != kNone)
            expected.push_back({e.kind == EventKind::Wake ? "wake" : "cancel", int(e.actor) + 1,
                                int(e.task) + 1, e.time * 1e6});
    });
    const QJsonObject doc = parseChrome(run.trace);
    const QList<QJsonObject> starts = eventsWithPh(doc, "s");
    const QList<QJsonObject> finishes = eventsWithPh(doc, "f");
    QCOMPARE(std::size_t(starts.size()), expected.size());
    QCOMPARE(std::size_t(finishes.size()), expected.size());
    std::map<int, int> startIds, finishIds;
    bool cancelFlow = false;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const QJsonObject s = starts[qsizetype(i)];
        const QJsonObject f = finishes[qsizetype(i)];
        QCOMPARE(s.value("id").toInt(), f.value("id").toInt());
        ++startIds[s.value("id").toInt()];
        ++finishIds[f.value("id").toInt()];
        QCOMPARE(s.value("name").toString(), expected[i].name);
        QCOMPARE(f.value("name").toString(), expected[i].name);
        QCOMPARE(s.value("cat").toString(), expected[i].name);
        QCOMPARE(s.value("tid").toInt(), expected[i].from);
        QCOMPARE(f.value("tid").toInt(), expected[i].to);
        QCOMPARE(s.value("ts").toDouble(), expected[i].ts);
        QCOMPARE(f.value("ts").toDouble(), expected[i].ts);
        QCOMPARE(f.value("bp").toString(), QString("e"));
        cancelFlow |= expected[i].name == "cancel";
    }
    QCOMPARE(startIds.size(), expected.size()); // unique ids
    QCOMPARE(finishIds, startIds);
    QVERIFY2(cancelFlow, "the canceller's cancel is a flow");
    const TaskId canceller = run.trace.findTask("canceller");
    const TaskId victim = run.trace.findTask("victim");
    QVERIFY(std::any_of(expected.begin(), expected.end(), [&](const Flow& f) {
        return f.name == "cancel" && f.from == int(canceller) + 1 && f.to == int(victim) + 1;
    }));
}

void TestTraceExport::timerCancellationsAreInstantsOnTheCancelledTask() {
    const RunOutcome run = runMain(cancellationScenario());
    const TaskId slow = run.trace.findTask("slow");
    QVERIFY(slow != kNone);
    QCOMPARE(run.trace.tasks[slow].cancelCause, Cause::Timer);
    double cancelledAt = -1;
    run.trace.events.forEach([&](const TraceEvent& e) {
        if (e.kind == EventKind::CancelRequest && e.task == slow)
            cancelledAt = e.time;
    });
    QCOMPARE(cancelledAt, 1.5); // main waited 1 s for the victim, then 0.5 s
    int found = 0;
    for (const QJsonObject& e : eventsWithPh(parseChrome(run.trace), "i"))
        if (e.value("cat").toString() == "cancel") {
            ++found;
            QCOMPARE(e.value("name").toString(), QString("cancel (timer)"));
            QCOMPARE(e.value("tid").toInt(), int(slow) + 1);
            QCOMPARE(e.value("ts").toDouble(), 1.5e6);
            QCOMPARE(e.value("s").toString(), QString("t"));
        }
    QCOMPARE(found, 1);
}

void TestTraceExport::printedLinesAreInstantsWithTheirText() {
    const RunOutcome run = runMain(semaphoreScenario());
    QCOMPARE(run.trace.output.size(), std::size_t(5));
    QList<QJsonObject> prints;
    for (const QJsonObject& e : eventsWithPh(parseChrome(run.trace), "i"))
        if (e.value("name").toString() == "print")
            prints << e;
    QCOMPARE(std::size_t(prints.size()), run.trace.output.size());
    for (std::size_t i = 0; i < run.trace.output.size(); ++i) {
        const OutputLine& line = run.trace.output[i];
        const QJsonObject e = prints[qsizetype(i)];
        QCOMPARE(e.value("s").toString(), QString("t"));
        QCOMPARE(e.value("tid").toInt(), int(line.task) + 1);
        QCOMPARE(e.value("ts").toDouble(), line.time * 1e6);
        QCOMPARE(e.value("args").toObject().value("text").toString(), fromStd(line.text));
    }
    QCOMPARE(prints[2].value("args").toObject().value("text").toString(),
             QString::fromUtf8("工人 2 开始"));
}

// The counter starts at the semaphore's initial value and then takes, at each acquire and
// release, the value the trace recorded after it.
void TestTraceExport::counterFollowsTheSemaphore() {
    const RunOutcome run = runMain(semaphoreScenario());
    QCOMPARE(run.trace.resources.size(), std::size_t(1));
    QList<QPair<double, int>> expected{{0, 2}};
    run.trace.events.forEach([&](const TraceEvent& e) {
        if (e.kind == EventKind::Acquire || e.kind == EventKind::Release)
            expected.append({e.time * 1e6, e.value});
    });
    QList<QPair<double, int>> counter;
    for (const QJsonObject& e : eventsWithPh(parseChrome(run.trace), "C")) {
        QCOMPARE(e.value("name").toString(), QString("limit"));
        counter.append(
            {e.value("ts").toDouble(), e.value("args").toObject().value("value").toInt()});
    }
    QCOMPARE(counter, expected);
    QCOMPARE(counter.size(), 1 + 5 + 5); // initial, then 5 acquires and 5 releases
    QCOMPARE(counter.last().second, 2);  // all permits back at the end
    const auto lowest = std::min_element(counter.begin(), counter.end(),
                                         [](auto& a, auto& b) { return a.second < b.second; });
    QCOMPARE(lowest->second, 0);
}

// Output is bytes as the program printed them; the export keeps valid UTF-8 (Chinese, emoji)
// and escapes, and replaces what is not UTF-8, so that viewers accept the file.
void TestTraceExport::bytesThatAreNotUtf8StillGiveValidJson() {
    Trace t;
    TaskInfo a;
    a.id = 0;
    a.name = "名字\xff";
    t.tasks.push_back(a);
    const std::string lines[] = {"中文 😀 é", "bad \xff byte, cut \xe4\xb8",
                                 "surrogate \xed\xa0\x80", "overlong \xc0\xaf",
                                 std::string("nul\0\x01\x1f\"\\\n", 9)};
    for (const std::string& text : lines)
        t.output.push_back({0, 0, text});
    const QJsonObject doc = parseChrome(t);
    QVERIFY(doc.value("traceEvents").isArray());
    QStringList texts;
    for (const QJsonObject& e : eventsWithPh(doc, "i"))
        texts << e.value("args").toObject().value("text").toString();
    const QString bad = QChar(0xfffd);
    QCOMPARE(texts,
             QStringList({QString::fromUtf8("中文 😀 é"), "bad " + bad + " byte, cut " + bad + bad,
                          "surrogate " + bad + bad + bad, "overlong " + bad + bad,
                          QString::fromUtf8("nul\0\x01\x1f\"\\\n", 9)}));
    QCOMPARE(eventsWithPh(doc, "M")[1].value("args").toObject().value("name").toString(),
             QString::fromUtf8("名字") + bad);
}

// Perfetto reads tid 0 as tid = pid (task 0's track): lines printed outside any task get a
// track of their own after the tasks', and diagnostics are global instants.
void TestTraceExport::linesOutsideTasksAndDiagnosticsTakeNoTasksTrack() {
    Trace t = smallTrace();
    t.output.push_back({0.5, kNone, "before the loop"});
    Diagnostic d;
    d.kind = Diagnostic::Kind::Deadlock;
    d.time = 2;
    d.task = 1;
    d.message = "deadlock at t=2";
    t.diagnostics.push_back(d);
    const QJsonObject doc = parseChrome(t);
    std::map<int, QString> names;
    for (const QJsonObject& e : eventsWithPh(doc, "M"))
        if (e.value("name").toString() == "thread_name")
            names[e.value("tid").toInt()] = e.value("args").toObject().value("name").toString();
    QCOMPARE(names.size(), std::size_t(3));
    QCOMPARE(names[1], QString("Task-1 (main)"));
    QCOMPARE(names[3], QString("(outside tasks)"));
    const QList<QJsonObject> instants = eventsWithPh(doc, "i");
    QCOMPARE(instants.size(), 2);
    QCOMPARE(instants[0].value("tid").toInt(), 3);
    QCOMPARE(instants[0].value("args").toObject().value("text").toString(),
             QString("before the loop"));
    QCOMPARE(instants[1].value("name").toString(), QString("deadlock"));
    QCOMPARE(instants[1].value("s").toString(), QString("g"));
    QCOMPARE(instants[1].value("ts").toDouble(), 2e6);
    QCOMPARE(instants[1].value("args").toObject().value("task").toString(),
             QString("say \"hi\", then"));
    QCOMPARE(instants[1].value("args").toObject().value("message").toString(),
             QString("deadlock at t=2"));
}

void TestTraceExport::csvHasTheDocumentedText() {
    QCOMPARE(QString::fromStdString(traceCsvText(smallTrace())), QString::fromStdString(kSmallCsv));
}

void TestTraceExport::csvHasOneRowPerSegmentWithExactTimes() {
    const RunOutcome run = runMain(cancellationScenario());
    const std::vector<std::vector<std::string>> rows = parseCsv(traceCsvText(run.trace));
    QCOMPARE(rows.size(), run.trace.segments.size() + 1);
    QCOMPARE(rows[0], std::vector<std::string>({"task", "state", "waits_on", "start", "end"}));
    std::size_t i = 1;
    bool quotedName = false, waitsOnTask = false;
    run.trace.segments.forEach([&](const Segment& s) {
        const std::vector<std::string>& row = rows[i++];
        QCOMPARE(row.size(), std::size_t(5));
        QCOMPARE(row[0], run.trace.tasks[s.task()].name);
        QCOMPARE(row[1], std::string(nameOf(s.state())));
        QCOMPARE(row[2], waitsOn(run.trace, s));
        QVERIFY2(readsBackAs(row[3], s.start), row[3].c_str());
        QVERIFY2(readsBackAs(row[4], s.end), row[4].c_str());
        quotedName |= row[0] == "odd, \"name\"\nline two";
        waitsOnTask |= row[2] == "task victim";
    });
    QVERIFY(quotedName);
    QVERIFY(waitsOnTask);
    QVERIFY(traceCsvText(run.trace).find("\n\"odd, \"\"name\"\"\nline two\",") !=
            std::string::npos);
}

void TestTraceExport::savesAreAtomicAndMatchTheText() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const RunOutcome run = runMain(semaphoreScenario());
    const auto content = [](const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    };
    const std::string chrome = dir.filePath("run.trace.json").toStdString();
    const std::string csv = dir.filePath("run.csv").toStdString();
    std::ofstream(csv) << std::string(100000, 'x'); // replaced whole, not overwritten in place
    std::string error;
    QVERIFY2(saveTraceChrome(run.trace, chrome, &error), error.c_str());
    QVERIFY2(saveTraceCsv(run.trace, csv, &error), error.c_str());
    QCOMPARE(content(chrome), traceChromeText(run.trace));
    QCOMPARE(content(csv), traceCsvText(run.trace));
    // saveTrace goes by the suffix.
    const std::string viaSuffix = dir.filePath("again.csv").toStdString();
    QVERIFY2(saveTrace(run.trace, viaSuffix, &error), error.c_str());
    QCOMPARE(content(viaSuffix), traceCsvText(run.trace));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files, QDir::Name),
             QStringList({"again.csv", "run.csv", "run.trace.json"}));
}

void TestTraceExport::saveReportsOsErrorsAndLeavesNoFile() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath("no/such/dir/t.trace.json").toStdString();
    std::string error;
    QVERIFY(!saveTraceChrome(smallTrace(), path, &error));
    QCOMPARE(error, "cannot create '" + path + ".tmp': No such file or directory");
    QVERIFY(QDir(dir.path()).mkdir("t.csv")); // a directory in the way of the rename
    const std::string csv = dir.filePath("t.csv").toStdString();
    QVERIFY(!saveTraceCsv(smallTrace(), csv, &error));
    QCOMPARE(error, "cannot rename '" + csv + ".tmp' to '" + csv + "': Is a directory");
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList());
}

void TestTraceExport::saveRefusesAnUnknownSuffix() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath("t.txt").toStdString();
    std::string error;
    QVERIFY(!saveTrace(smallTrace(), path, &error));
    QCOMPARE(error, "cannot write '" + path +
                        "': unknown trace file type (use .json, .trace.json or .csv)");
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList());
}

// A labelled I/O wait is named by its label in both exports: the Chrome slice's name and its
// waits_on argument, and the CSV's waits_on column; an unlabelled one by its kind alone.
void TestTraceExport::ioWaitsShowTheirLabel() {
    const RunOutcome run = runMain(labelledRequests());
    std::map<int, QString> sliceNames, sliceArgs; // by tid, of the io slices
    for (const QJsonObject& e : eventsWithPh(parseChrome(run.trace), "X"))
        if (e.value("name").toString().startsWith("wait: io")) {
            sliceNames[e.value("tid").toInt()] = e.value("name").toString();
            sliceArgs[e.value("tid").toInt()] =
                e.value("args").toObject().value("waits_on").toString();
        }
    // tasks 1-4 (tids 2-5): GET /a, GET /b, GET /a, no label
    const std::map<int, QString> names = {{2, "wait: io GET /a"}, {3, "wait: io GET /b"},
                                          {4, "wait: io GET /a"}, {5, "wait: io"}};
    QCOMPARE(sliceNames, names);
    QCOMPARE(sliceArgs[3], QString("io GET /b"));
    QCOMPARE(sliceArgs[5], QString("io"));
    std::map<std::string, std::string> csv; // task -> waits_on of its io row
    for (const std::vector<std::string>& row : parseCsv(traceCsvText(run.trace)))
        if (row.size() == 5 && row[2].starts_with("io"))
            csv[row[0]] = row[2];
    const std::map<std::string, std::string> expected = {{"Task-2", "io GET /a"},
                                                          {"Task-3", "io GET /b"},
                                                          {"Task-4", "io GET /a"},
                                                          {"Task-5", "io"}};
    QCOMPARE(csv, expected);
}

QTEST_GUILESS_MAIN(TestTraceExport)
#include "test_trace_export.moc"
