// The `loopscope` command line as a user meets it: output, exit codes and messages for good
// and bad invocations, and byte-identical output on a second run.
#include "ProcessSupport.hpp"

#include <loopscope/TraceJson.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using Result = loopscope::test::ProcessResult;
using loopscope::test::runLoopscope;

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void demoPrintsTimedOutputAndEndLine();
    void deadlockDemoExitsOneAndNamesTheWait();
    void horizonStopsWithExitThree();
    void listNamesEveryDemo();
    void badInvocations_data();
    void badInvocations();
    void aFileAloneOpensTheWindow();
    void secondRunIsByteIdentical();
    void exportWritesTheTraceFormatTheSuffixNames();
    void runTraceWritesTheFormatTheSuffixNames();
    void exportConvertsASavedTrace();
    void badTraceOutputs_data();
    void badTraceOutputs();
    void exportNeverOverwritesItsInputs_data();
    void exportNeverOverwritesItsInputs();
};

void TestCli::demoPrintsTimedOutputAndEndLine() {
    Result r = runLoopscope({"demo", "gather"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QString::fromUtf8("[0.000] 开始请求 url1\n"
                                      "[0.000] 开始请求 url2\n"
                                      "[0.000] 开始请求 url3\n"
                                      "[1.000] 完成请求 url2\n"
                                      "[2.000] 完成请求 url1\n"
                                      "[3.000] 完成请求 url3\n"
                                      "[3.000] ['url1 的数据', 'url2 的数据', 'url3 的数据']\n"
                                      "# end t=3.000 status=ok\n"));
    QCOMPARE(r.err, QString());
}

void TestCli::deadlockDemoExitsOneAndNamesTheWait() {
    Result r = runLoopscope({"demo", "queue"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.endsWith("# end t=5.000 status=deadlock\n"));
    QCOMPARE(r.err, QString("loopscope: deadlock at t=5.000: Task-1 (main) waits on gather; "
                            "Task-3 (consumer) waits on queue_get queue\n"));
}

void TestCli::horizonStopsWithExitThree() {
    Result r = runLoopscope({"demo", "semaphore", "--horizon", "1.5"});
    QCOMPARE(r.exitCode, 3);
    QVERIFY(r.out.endsWith("# end t=1.500 status=horizon\n"));
    QCOMPARE(r.err.count('\n'), 1); // one line, not one per pending task
    QVERIFY(r.err.startsWith("loopscope: run stopped at t=1.500 (horizon reached) with 11 tasks"));
}

void TestCli::listNamesEveryDemo() {
    Result r = runLoopscope({"demo", "--list"});
    QCOMPARE(r.exitCode, 0);
    for (const char* name : {"gather", "as_completed", "semaphore", "queue", "wait_for"})
        QVERIFY2(r.out.contains(QRegularExpression(QString("^%1 ").arg(name),
                                                   QRegularExpression::MultilineOption)),
                 name);
}

// `loopscope FILE` opens the window on a script or a task graph; without a display it says
// so (instead of taking the file for an unknown command).
void TestCli::aFileAloneOpensTheWindow() {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        env.remove(name);
    for (const QString file : {"jobs.lsgraph.json", "jobs.py"}) {
        Result r = runLoopscope({file}, {}, 60000, env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith("loopscope: no display for the window"), qPrintable(r.err));
    }
    Result r = runLoopscope({"jobs.json"}, {}, 60000, env); // a trace is not opened this way
    QVERIFY2(r.err.startsWith("loopscope: unknown command 'jobs.json'"), qPrintable(r.err));
}

void TestCli::badInvocations_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("option, no command") << QStringList{"--bogus"}
                                        << "loopscope: unknown command '--bogus'";
    QTest::newRow("unknown command") << QStringList{"frobnicate"}
                                     << "loopscope: unknown command 'frobnicate'";
    QTest::newRow("unknown demo") << QStringList{"demo", "nosuch"}
                                  << "loopscope demo: no demo named 'nosuch' (try --list)";
    QTest::newRow("unknown option") << QStringList{"demo", "--bogus"}
                                    << "loopscope demo: unknown option '--bogus'";
    QTest::newRow("horizon not a number")
        << QStringList{"demo", "--horizon", "abc"}
        << "loopscope demo: --horizon needs a positive number of seconds, got 'abc'";
    QTest::newRow("horizon negative")
        << QStringList{"demo", "--horizon", "-1"}
        << "loopscope demo: --horizon needs a positive number of seconds, got '-1'";
    QTest::newRow("horizon missing") << QStringList{"demo", "--horizon"}
                                     << "loopscope demo: --horizon needs a number of seconds";
    QTest::newRow("run without script") << QStringList{"run"}
                                        << "loopscope run: which script? (loopscope run SCRIPT.py)";
    QTest::newRow("run missing file")
        << QStringList{"run", "/nonexistent/x.py"}
        << "loopscope run: cannot read '/nonexistent/x.py': No such file or directory";
    QTest::newRow("run unknown option") << QStringList{"run", "x.py", "--bogus"}
                                        << "loopscope run: unknown option '--bogus'";
    QTest::newRow("run timeout not a number")
        << QStringList{"run", "x.py", "--timeout", "soon"}
        << "loopscope run: --timeout needs a positive number of seconds, got 'soon'";
}

void TestCli::badInvocations() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    Result r = runLoopscope(args);
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.out, QString());
    QVERIFY2(r.err.startsWith(message), qPrintable(r.err));
}

void TestCli::secondRunIsByteIdentical() {
    for (const char* name : {"semaphore", "queue", "wait_for"}) {
        Result a = runLoopscope({"demo", name});
        Result b = runLoopscope({"demo", name});
        QCOMPARE(a.out, b.out);
        QCOMPARE(a.err, b.err);
    }
}

// ---- trace files in the three formats ----------------------------------------------------------

namespace {

QString semaphoreExample() {
    return QFINDTESTDATA("../resources/examples/10_semaphore.py");
}

QByteArray contentOf(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// The number of "X" events of a Chrome trace file, or -1 if it is not one.
qsizetype completeEvents(const QString& path) {
    const QJsonDocument doc = QJsonDocument::fromJson(contentOf(path));
    if (!doc.object().value("traceEvents").isArray())
        return -1;
    qsizetype n = 0;
    for (const QJsonValue& e : doc.object().value("traceEvents").toArray())
        n += e.toObject().value("ph").toString() == "X";
    return n;
}

/// The number of segments of a native trace file, or -1 if it is not one.
qsizetype nativeSegments(const QString& path) {
    loopscope::Trace trace;
    std::string error;
    if (!loopscope::loadTraceJson(path.toStdString(), trace, &error))
        return -1;
    return qsizetype(trace.segments.size());
}

/// The rows of a CSV file after its header, or -1 if the header is not the segments'.
qsizetype csvRows(const QString& path) {
    const QByteArray text = contentOf(path);
    if (!text.startsWith("task,state,waits_on,start,end\n"))
        return -1;
    return text.count('\n') - 1; // no field of this example holds a newline
}

} // namespace

// One run of the example, three files: each in its format, all with the same segments.
void TestCli::exportWritesTheTraceFormatTheSuffixNames() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString script = semaphoreExample();
    QVERIFY(!script.isEmpty());
    for (const char* name : {"sem.json", "sem.trace.json", "sem.csv"}) {
        const Result r = runLoopscope({"export", script, "-o", dir.filePath(name)});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith(QString::fromUtf8("任务 0 开始\n"))); // the script ran
        QCOMPARE(r.err, "loopscope export: wrote " + dir.filePath(name) + "\n");
    }
    const qsizetype segments = nativeSegments(dir.filePath("sem.json"));
    QVERIFY(segments > 20);
    QCOMPARE(completeEvents(dir.filePath("sem.trace.json")), segments);
    QCOMPARE(csvRows(dir.filePath("sem.csv")), segments);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files, QDir::Name),
             QStringList({"sem.csv", "sem.json", "sem.trace.json"})); // no .tmp left
}

void TestCli::runTraceWritesTheFormatTheSuffixNames() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Result plain = runLoopscope({"run", semaphoreExample()});
    QCOMPARE(plain.exitCode, 0);
    for (const char* name : {"run.trace.json", "run.csv", "run.json"}) {
        const Result r = runLoopscope({"run", semaphoreExample(), "--trace", dir.filePath(name)});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, plain.out);
        QCOMPARE(r.err, QString());
    }
    const qsizetype segments = nativeSegments(dir.filePath("run.json"));
    QVERIFY(segments > 20);
    QCOMPARE(completeEvents(dir.filePath("run.trace.json")), segments);
    QCOMPARE(csvRows(dir.filePath("run.csv")), segments);
    QCOMPARE(nativeSegments(dir.filePath("run.trace.json")), -1); // not the native format
}

// A trace saved by run --trace becomes the same CSV as the script itself gives.
void TestCli::exportConvertsASavedTrace() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QCOMPARE(
        runLoopscope({"run", semaphoreExample(), "--trace", dir.filePath("run.json")}).exitCode, 0);
    const Result r =
        runLoopscope({"export", dir.filePath("run.json"), "-o", dir.filePath("a.csv")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QString()); // nothing ran
    QCOMPARE(runLoopscope({"export", semaphoreExample(), "-o", dir.filePath("b.csv")}).exitCode, 0);
    QVERIFY(!contentOf(dir.filePath("a.csv")).isEmpty());
    QCOMPARE(contentOf(dir.filePath("a.csv")), contentOf(dir.filePath("b.csv")));
}

void TestCli::badTraceOutputs_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString script = semaphoreExample();
    QTest::newRow("run, unknown suffix")
        << QStringList{"run", script, "--trace", "out.txt"}
        << "loopscope run: cannot write the trace to 'out.txt': unknown trace file type "
           "(use .json, .trace.json or .csv)\n";
    QTest::newRow("run, no suffix")
        << QStringList{"run", script, "--trace", "out"}
        << "loopscope run: cannot write the trace to 'out': unknown trace file type "
           "(use .json, .trace.json or .csv)\n";
    QTest::newRow("run, .trace without .json")
        << QStringList{"run", script, "--trace", "out.trace"}
        << "loopscope run: cannot write the trace to 'out.trace': unknown trace file type "
           "(use .json, .trace.json or .csv)\n";
    QTest::newRow("export, unknown suffix")
        << QStringList{"export", script, "-o", "out.tsv"}
        << "loopscope export: cannot export to 'out.tsv': unknown file type '.tsv' (use .png, "
           ".svg, .pdf, .json, .trace.json or .csv)\n";
    QTest::newRow("export, unwritable folder")
        << QStringList{"export", script, "-o", "/nonexistent-loopscope/out.trace.json"}
        << "loopscope export: cannot write '/nonexistent-loopscope/out.trace.json': no such "
           "folder\n";
}

// Refused before the script runs (nothing printed), exit 2, a message naming what is accepted,
// and no file left behind.
void TestCli::badTraceOutputs() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Result r = runLoopscope(args, dir.path());
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.out, QString());
    QVERIFY2(r.err.startsWith(message), qPrintable(r.err));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList());
}

void TestCli::exportNeverOverwritesItsInputs_data() {
    QTest::addColumn<QString>(
        "source"); // in the test's folder: g.lsgraph.json, g.interventions.json, run.json
    QTest::addColumn<QString>("output");
    QTest::addColumn<QString>("what");
    QTest::newRow("the graph itself") << "g.lsgraph.json"
                                      << "g.lsgraph.json"
                                      << "a task graph";
    QTest::newRow("another graph") << "g.lsgraph.json"
                                   << "G2.LSGRAPH.JSON"
                                   << "a task graph";
    QTest::newRow("its interventions") << "g.lsgraph.json"
                                       << "g.interventions.json"
                                       << "an interventions file";
    QTest::newRow("the graph, as Python's neighbour") << "g.lsgraph.json"
                                                      << "other.interventions.json"
                                                      << "an interventions file";
    QTest::newRow("the trace itself, spelt otherwise") << "run.json"
                                                       << "sub/../run.json"
                                                       << "the source";
}

// A .json output is a trace: it must not replace the scenario, its interventions or the trace
// read. Refused with exit 2 before anything runs, every file as it was, none added.
void TestCli::exportNeverOverwritesItsInputs() {
    QFETCH(QString, source);
    QFETCH(QString, output);
    QFETCH(QString, what);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QDir(dir.path()).mkdir("sub"));
    const auto write = [&](const QString& name, const QByteArray& text) {
        QFile f(dir.filePath(name));
        return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
    };
    QVERIFY(write("g.lsgraph.json", R"({"format": "loopscope-graph", "version": 1,
"tasks": [{"name": "worker", "steps": [{"sleep": 1}, {"print": "done"}]}]})"));
    QVERIFY(write("g.interventions.json", R"({"format": "loopscope-interventions", "version": 1,
"interventions": [{"cancel": "worker", "at": 0.5}]})"));
    QCOMPARE(
        runLoopscope({"run", semaphoreExample(), "--trace", dir.filePath("run.json")}).exitCode, 0);
    const QStringList files = QDir(dir.path()).entryList(QDir::Files);
    QMap<QString, QByteArray> before;
    for (const QString& f : files)
        before[f] = contentOf(dir.filePath(f));

    const Result r = runLoopscope({"export", dir.filePath(source), "-o", dir.filePath(output)});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.out, QString());
    QVERIFY2(r.err.startsWith("loopscope export: will not write '" + dir.filePath(output) +
                              "': it is " + what + ", not an export"),
             qPrintable(r.err));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), files);
    for (const QString& f : files)
        QCOMPARE(contentOf(dir.filePath(f)), before[f]);
}

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
