// `loopscope test` as a user meets it: scenario files written into a temporary folder, run
// through the real binary, judged by the PASS/FAIL lines, the summary, the exit status and
// the JUnit file. Also pins loopscope.trace, the API scenarios check the trace with.
#include "ProcessSupport.hpp"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

using Result = loopscope::test::ProcessResult;
using loopscope::test::runLoopscope;

namespace {

/// Writes `text` to dir/name (creating subfolders).
void writeFile(const QDir& dir, const QString& name, const QByteArray& text) {
    QVERIFY(dir.mkpath(QFileInfo(dir.filePath(name)).path()));
    QFile f(dir.filePath(name));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

/// Writes each (name, text) pair into `dir`.
void writeFiles(const QDir& dir, const QList<std::pair<QString, QByteArray>>& files) {
    for (const auto& [name, text] : files)
        writeFile(dir, name, text);
}

QByteArray contentOf(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

const QByteArray kGather = R"(import asyncio

async def fetch(delay):
    await asyncio.sleep(delay)
    return delay

async def main():
    assert await asyncio.gather(fetch(2), fetch(1), fetch(3)) == [2, 1, 3]
    assert asyncio.get_running_loop().time() == 3.0

asyncio.run(main())
)";

const QByteArray kTwoLines = R"(import asyncio

async def main():
    print("a")
    await asyncio.sleep(1)
    print("b")

asyncio.run(main())
)";

/// A folder of quick scenarios: two pass, three fail.
void writeMixedFolder(const QDir& dir) {
    writeFile(dir, "a_gather.py", kGather);
    writeFile(dir, "b_assert.py", "import time\nx = time.time() + 2.5\nassert x == 3.0\n");
    writeFile(dir, "c_error.py", "raise KeyError('k')\n");
    writeFile(dir, "sub/d_golden.py", kTwoLines);
    writeFile(dir, "sub/d_golden.expected", "[0.000] a\n[1.000] b\n# end t=1.000 status=ok\n");
    writeFile(dir, "sub/e_deadlock.py",
              "# expect: ok\nimport asyncio\nasyncio.run(asyncio.Event().wait())\n");
}

} // namespace

class TestScenarios : public QObject {
    Q_OBJECT
  private slots:
    void passingScenarioSaysTimeAndTasks();
    void failingScenarios_data();
    void failingScenarios();
    void expectedEndsPass_data();
    void expectedEndsPass();
    void summaryAndExitStatus();
    void hangingAndStoppedScenariosFailAndOthersRun();
    void crashingScenariosFailAndOthersRun();
    void badInvocations_data();
    void badInvocations();
    void horizonIsPassedToTheRun();
    void updateWritesGoldenOnlyForExpectedEnds();
    void taskGraphsAreScenarios();
    void junitFollowsTheSchema();
    void parallelRunPrintsTheSameAsSerial();
    void traceApiReadsTheRun();
};

void TestScenarios::passingScenarioSaysTimeAndTasks() {
    QTemporaryDir tmp;
    writeFile(QDir(tmp.path()), "gather.py", kGather);
    Result r = runLoopscope({"test", tmp.filePath("gather.py")});
    QCOMPARE(r.out, QString("PASS gather (t=3.000, 4 tasks)\n1 passed, 0 failed\n"));
    QCOMPARE(r.exitCode, 0);
}

void TestScenarios::failingScenarios_data() {
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<QByteArray>("golden"); // empty: no .expected file
    QTest::addColumn<QString>("line");
    QTest::newRow("assert") << QByteArray("import asyncio\n\nasync def main():\n"
                                          "    x = 1.5\n    await asyncio.sleep(x)\n"
                                          "    now = asyncio.get_running_loop().time()\n"
                                          "    assert x + 1 == now\n"
                                          "\nasyncio.run(main())\n")
                            << QByteArray()
                            << "FAIL s: assertion failed at line 7: assert x + 1 == now "
                               "(x + 1 = 2.5, now = 1.5)";
    // Operands that cannot be evaluated again (no running loop any more) are left out.
    QTest::newRow("assert on the running loop")
        << QByteArray("import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n"
                      "    assert asyncio.get_running_loop().time() == 2\n"
                      "\nasyncio.run(main())\n")
        << QByteArray()
        << "FAIL s: assertion failed at line 5: assert asyncio.get_running_loop().time() == 2";
    QTest::newRow("assert with message")
        << QByteArray("import time\nassert time.time() > 1, 'too early'\n") << QByteArray()
        << "FAIL s: assertion failed at line 2: assert time.time() > 1, 'too early' "
           "(time.time() = 0.0)";
    QTest::newRow("assert in a task nobody awaits")
        << QByteArray("import asyncio\nasync def check():\n    assert 2 == 3, 'two'\n"
                      "async def main():\n    asyncio.create_task(check(), name='checker')\n"
                      "    await asyncio.sleep(1)\nasyncio.run(main())\n")
        << QByteArray() << "FAIL s: assertion failed in task checker, which nobody awaited: two";
    QTest::newRow("golden mismatch")
        << kTwoLines << QByteArray("[0.000] a\n[1.000] c\n# end t=1.000 status=ok\n")
        << "FAIL s: golden output differs at line 2: expected \"[1.000] c\", got \"[1.000] b\"";
    QTest::newRow("golden shorter")
        << kTwoLines << QByteArray("[0.000] a\n")
        << "FAIL s: golden output differs at line 2: expected \"\", got \"[1.000] b\"";
    QTest::newRow("trace assertion")
        << QByteArray("import asyncio\nfrom loopscope import trace\nlimit = asyncio.Semaphore(2)\n"
                      "async def work():\n    async with limit:\n        await asyncio.sleep(1)\n"
                      "async def main():\n    await asyncio.gather(work(), work(), work())\n"
                      "asyncio.run(main())\nassert trace.max_concurrency('limit') <= 1\n")
        << QByteArray()
        << "FAIL s: assertion failed at line 10: assert trace.max_concurrency('limit') <= 1 "
           "(trace.max_concurrency('limit') = 2)";
    QTest::newRow("uncaught exception")
        << QByteArray("import asyncio\n\nasync def main():\n    raise ValueError('bad input')\n\n"
                      "asyncio.run(main())\n")
        << QByteArray() << "FAIL s: uncaught ValueError: bad input (line 4)";
    QTest::newRow("unexpected deadlock")
        << QByteArray("import asyncio\nasyncio.run(asyncio.Queue().get())\n") << QByteArray()
        << "FAIL s: deadlock at t=0.000: Task-1 (get) waits on queue_get Queue-1";
    QTest::newRow("expected deadlock, ended ok")
        << QByteArray("# A demo of a deadlock.\n# expect: deadlock\nprint('fine')\n")
        << QByteArray() << "FAIL s: expected deadlock, ended ok";
    QTest::newRow("expected another exception")
        << QByteArray("# expect: exception:KeyError\nraise ValueError('v')\n") << QByteArray()
        << "FAIL s: expected exception:KeyError, got uncaught ValueError: v (line 2)";
    QTest::newRow("horizon")
        << QByteArray("import asyncio\nasync def main():\n    await asyncio.sleep(7200)\n"
                      "asyncio.run(main())\n")
        << QByteArray()
        << "FAIL s: run stopped at t=3600.000 (horizon reached) with 1 task pending: Task-1 "
           "(main)";
    QTest::newRow("bad header") << QByteArray("# expect: fine\nprint(1)\n") << QByteArray()
                                << "FAIL s: bad '# expect:' header 'fine' (use ok, deadlock, "
                                   "horizon, watchdog or exception:TYPE)";
    // A run's status names the bare class: a dotted one could never match.
    QTest::newRow("dotted type") << QByteArray("# expect: exception:asyncio.CancelledError\n")
                                 << QByteArray()
                                 << "FAIL s: bad '# expect:' header 'exception:asyncio."
                                    "CancelledError' (use ok, deadlock, horizon, watchdog or "
                                    "exception:TYPE)";
}

void TestScenarios::failingScenarios() {
    QFETCH(QByteArray, script);
    QFETCH(QByteArray, golden);
    QFETCH(QString, line);
    QTemporaryDir tmp;
    const QDir dir(tmp.path());
    writeFile(dir, "s.py", script);
    if (!golden.isEmpty())
        writeFile(dir, "s.expected", golden);
    Result r = runLoopscope({"test", tmp.path()}, tmp.path());
    QCOMPARE(r.out, line + "\n0 passed, 1 failed\n");
    QCOMPARE(r.exitCode, 1);
}

void TestScenarios::expectedEndsPass_data() {
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<QString>("line");
    QTest::newRow("deadlock") << QByteArray("# expect: deadlock\nimport asyncio\n"
                                            "asyncio.run(asyncio.Event().wait())\n")
                              << "PASS s (t=0.000, 1 task)";
    QTest::newRow("exception") << QByteArray("#!/usr/bin/env python3\n\n# expect: "
                                             "exception:ZeroDivisionError\n1 / 0\n")
                               << "PASS s (t=0.000, 0 tasks)";
    QTest::newRow("horizon") << QByteArray("# expect: horizon\nimport asyncio\n"
                                           "asyncio.run(asyncio.sleep(7200))\n")
                             << "PASS s (t=3600.000, 1 task)";
    QTest::newRow("header only in the leading comments")
        << QByteArray("print(1)\n# expect: deadlock\n") << "PASS s (t=0.000, 0 tasks)";
}

void TestScenarios::expectedEndsPass() {
    QFETCH(QByteArray, script);
    QFETCH(QString, line);
    QTemporaryDir tmp;
    writeFile(QDir(tmp.path()), "s.py", script);
    Result r = runLoopscope({"test", tmp.filePath("s.py")});
    QCOMPARE(r.out, line + "\n1 passed, 0 failed\n");
    QCOMPARE(r.exitCode, 0);
}

void TestScenarios::summaryAndExitStatus() {
    QTemporaryDir tmp;
    writeMixedFolder(QDir(tmp.path()));
    Result r = runLoopscope({"test", tmp.path()}, tmp.path());
    const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 6);
    QCOMPARE(lines[0], "PASS a_gather (t=3.000, 4 tasks)");
    QCOMPARE(lines[1], "FAIL b_assert: assertion failed at line 3: assert x == 3.0 (x = 2.5)");
    QCOMPARE(lines[2], "FAIL c_error: uncaught KeyError: 'k' (line 1)");
    QCOMPARE(lines[3], "PASS sub/d_golden (t=1.000, 1 task)");
    QVERIFY2(lines[4].startsWith("FAIL sub/e_deadlock: deadlock at t=0.000"), qPrintable(lines[4]));
    QCOMPARE(lines[5], "2 passed, 3 failed");
    QCOMPARE(r.exitCode, 1);

    // Only the passing ones, given as files: exit status 0.
    Result ok =
        runLoopscope({"test", tmp.filePath("sub/d_golden.py"), tmp.filePath("a_gather.py")});
    QCOMPARE(ok.out, QString("PASS a_gather (t=3.000, 4 tasks)\nPASS d_golden (t=1.000, 1 task)\n"
                             "2 passed, 0 failed\n"));
    QCOMPARE(ok.exitCode, 0);
}

void TestScenarios::hangingAndStoppedScenariosFailAndOthersRun() {
    QTemporaryDir tmp;
    // Stopped by a signal: the run's watchdog cannot help, the runner's kill must.
    writeFiles(QDir(tmp.path()),
               {{"a_busy.py", "while True:\n    pass\n"},
                {"b_fine.py", kGather},
                {"c_stopped.py", "import os, signal\nos.kill(os.getpid(), signal.SIGSTOP)\n"}});
    Result r = runLoopscope({"test", tmp.path(), "--timeout", "2", "-j", "3"}, tmp.path(), 120000);
    const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    QVERIFY2(lines[0].startsWith("FAIL a_busy: watchdog: Python code ran too long without "
                                 "yielding to the event loop; stopped at "),
             qPrintable(lines[0]));
    QCOMPARE(lines[1], "PASS b_fine (t=3.000, 4 tasks)");
    QVERIFY2(lines[2].startsWith("FAIL c_stopped: hung: still running after "),
             qPrintable(lines[2]));
    QVERIFY2(lines[2].endsWith(" s of wall-clock time, killed"), qPrintable(lines[2]));
    QCOMPARE(lines[3], "1 passed, 2 failed");
    QCOMPARE(r.exitCode, 1);
}

void TestScenarios::crashingScenariosFailAndOthersRun() {
    QTemporaryDir tmp;
    writeFiles(QDir(tmp.path()), {{"a_abort.py", "import os\nos.abort()\n"},
                                  {"b_fine.py", kGather},
                                  {"c_killed.py", "import os\nos.kill(os.getpid(), 9)\n"},
                                  {"d_exit.py", "import os\nos._exit(0)\n"}});
    Result r = runLoopscope({"test", tmp.path(), "-j", "2"}, tmp.path());
    QCOMPARE(r.out, QString("FAIL a_abort: crashed (signal 6: Aborted)\n"
                            "PASS b_fine (t=3.000, 4 tasks)\n"
                            "FAIL c_killed: crashed (signal 9: Killed)\n"
                            "FAIL d_exit: ended without a status line (exit status 0)\n"
                            "1 passed, 3 failed\n"));
    QCOMPARE(r.exitCode, 1);
}

void TestScenarios::badInvocations_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("no path") << QStringList{"test"}
                             << "loopscope test: which scenarios? (a .py or .lsgraph.json file, or a folder of them)";
    QTest::newRow("missing path") << QStringList{"test", "/nonexistent/dir"}
                                  << "loopscope test: no such file or folder '/nonexistent/dir'";
    QTest::newRow("unknown option")
        << QStringList{"test", ".", "--bogus"} << "loopscope test: unknown option '--bogus'";
    QTest::newRow("bad -j") << QStringList{"test", ".", "-j", "0"}
                            << "loopscope test: bad value '0'";
    QTest::newRow("bad timeout") << QStringList{"test", ".", "--timeout", "soon"}
                                 << "loopscope test: bad value 'soon'";
    QTest::newRow("junit without file")
        << QStringList{"test", ".", "--junit"} << "loopscope test: --junit needs a value";
}

void TestScenarios::badInvocations() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QTemporaryDir empty;
    Result r = runLoopscope(args, empty.path());
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.out, QString());
    QVERIFY2(r.err.startsWith(message), qPrintable(r.err));

    // A folder without scenarios is a mistake too, not an empty success.
    Result none = runLoopscope({"test", empty.path()});
    QCOMPARE(none.exitCode, 2);
    QVERIFY2(none.err.startsWith("loopscope test: no scenarios (*.py, *.lsgraph.json) found"),
             qPrintable(none.err));
}

void TestScenarios::horizonIsPassedToTheRun() {
    QTemporaryDir tmp;
    writeFile(QDir(tmp.path()), "long.py",
              "# expect: horizon\nimport asyncio\nasyncio.run(asyncio.sleep(7200))\n");
    Result r = runLoopscope({"test", tmp.filePath("long.py"), "--horizon", "10"});
    QCOMPARE(r.out, QString("PASS long (t=10.000, 1 task)\n1 passed, 0 failed\n"));
    QCOMPARE(r.exitCode, 0);
}

void TestScenarios::updateWritesGoldenOnlyForExpectedEnds() {
    QTemporaryDir tmp;
    const QDir dir(tmp.path());
    writeFile(dir, "lines.py", kTwoLines);
    writeFile(dir, "lines.expected", "stale\n");
    writeFile(dir, "broken.py", "print('x')\nraise ValueError\n");
    Result r = runLoopscope({"test", tmp.path(), "--update"}, tmp.path());
    QCOMPARE(r.out, QString("FAIL broken: uncaught ValueError (line 2)\n"
                            "UPDATED lines (t=1.000, 1 task)\n"
                            "1 passed, 1 failed\n"));
    QCOMPARE(contentOf(dir.filePath("lines.expected")),
             QByteArray("[0.000] a\n[1.000] b\n# end t=1.000 status=ok\n"));
    QVERIFY(!QFile::exists(dir.filePath("broken.expected")));
    Result again = runLoopscope({"test", dir.filePath("lines.py")});
    QCOMPARE(again.out, QString("PASS lines (t=1.000, 1 task)\n1 passed, 0 failed\n"));
}

// Task graphs are scenarios too: found in folders, named without ".lsgraph.json", checked
// against NAME.expected, and failed when they do not end ok.
void TestScenarios::taskGraphsAreScenarios() {
    QTemporaryDir tmp;
    const QDir dir(tmp.path());
    writeFile(dir, "nap.lsgraph.json", R"({"format":"loopscope-graph","version":1,
  "tasks":[{"name":"napper","steps":[{"print":"a"},{"sleep":1},{"print":"b"}]}]})");
    writeFile(dir, "nap.expected", "[0.000] a\n[1.000] b\n# end t=1.000 status=ok\n");
    writeFile(dir, "boom.lsgraph.json", R"({"format":"loopscope-graph","version":1,
  "tasks":[{"name":"t","steps":[{"raise":"ValueError","message":"no"}]}]})");
    // Suffixes are matched as `run` matches them, letter case included: not a scenario.
    writeFile(dir, "LOUD.LSGRAPH.JSON", "{}");
    Result r = runLoopscope({"test", tmp.path()}, tmp.path());
    QVERIFY2(r.out.startsWith("FAIL boom: "), qPrintable(r.out));
    QVERIFY2(r.out.contains("\nPASS nap (t=1.000, 2 tasks)\n1 passed, 1 failed\n"),
             qPrintable(r.out));
    QCOMPARE(r.exitCode, 1);
    writeFile(dir, "nap.expected", "[0.000] a\n[2.000] b\n# end t=2.000 status=ok\n");
    r = runLoopscope({"test", dir.filePath("nap.lsgraph.json")});
    QVERIFY2(r.out.startsWith("FAIL nap: golden output differs at line 2"), qPrintable(r.out));

    // A graph meant to fail says so in its "expect" member, as a script in its header.
    writeFile(dir, "boom.lsgraph.json", R"({"format":"loopscope-graph","version":1,
  "expect":"exception:ValueError",
  "tasks":[{"name":"t","steps":[{"raise":"ValueError","message":"no"}]}]})");
    writeFile(dir, "stuck.lsgraph.json", R"({"format":"loopscope-graph","version":1,
  "expect":"deadlock", "resources":[{"name":"e","type":"Event"}],
  "tasks":[{"name":"t","steps":[{"sleep":1}]}]})");
    r = runLoopscope({"test", dir.filePath("boom.lsgraph.json"), dir.filePath("stuck.lsgraph.json")});
    QVERIFY2(r.out.startsWith("PASS boom (t=0.000, 2 tasks)\nFAIL stuck: expected deadlock, "
                              "ended ok\n"),
             qPrintable(r.out));
}

void TestScenarios::junitFollowsTheSchema() {
    QTemporaryDir tmp;
    const QDir dir(tmp.path());
    writeMixedFolder(dir);
    writeFile(dir, "f_crash.py", "import os\nos.abort()\n");
    // Control characters in stderr (colours) must not make the XML invalid.
    writeFile(dir, "g_ansi.py",
              "import sys\nsys.stderr.write('\\x1b[31mred\\x07\\n')\n"
              "raise ValueError('\\x1b')\n");
    const QString xmlPath = tmp.filePath("out/report.xml");
    QVERIFY(dir.mkpath("out"));
    Result r = runLoopscope({"test", tmp.path(), "--junit", xmlPath}, tmp.path());
    QCOMPARE(r.exitCode, 1);
    QVERIFY(!QFile::exists(xmlPath + ".tmp"));

    // The structure and attributes the common JUnit XSD requires.
    QXmlStreamReader xml(contentOf(xmlPath));
    QStringList names, failed, errored;
    int suites = 0;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const auto a = xml.attributes();
        if (xml.name() == u"testsuites") {
            QCOMPARE(xml.tokenType(), QXmlStreamReader::StartElement);
        } else if (xml.name() == u"testsuite") {
            ++suites;
            QCOMPARE(a.value("name"), u"loopscope");
            QCOMPARE(a.value("tests"), u"7");
            QCOMPARE(a.value("failures"), u"4");
            QCOMPARE(a.value("errors"), u"1");
            bool ok = false;
            QVERIFY(a.value("time").toDouble(&ok) >= 0 && ok);
        } else if (xml.name() == u"testcase") {
            names << a.value("name").toString();
            QVERIFY(!a.value("classname").isEmpty());
            bool ok = false;
            QVERIFY(a.value("time").toDouble(&ok) >= 0 && ok);
        } else if (xml.name() == u"failure" || xml.name() == u"error") {
            QVERIFY(!a.value("message").isEmpty());
            QVERIFY(!a.value("type").isEmpty());
            (xml.name() == u"failure" ? failed : errored) << names.last();
        } else {
            QFAIL(qPrintable("unexpected element " + xml.name().toString()));
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(suites, 1);
    QCOMPARE(names, QStringList({"a_gather", "b_assert", "c_error", "f_crash", "g_ansi",
                                 "sub/d_golden", "sub/e_deadlock"}));
    QCOMPARE(failed, QStringList({"b_assert", "c_error", "g_ansi", "sub/e_deadlock"}));
    QCOMPARE(errored, QStringList({"f_crash"}));
}

void TestScenarios::parallelRunPrintsTheSameAsSerial() {
    QTemporaryDir tmp;
    const QDir dir(tmp.path());
    writeMixedFolder(dir);
    writeFile(dir, "f_crash.py", "import os\nos.abort()\n");
    Result serial = runLoopscope({"test", tmp.path(), "-j", "1"}, tmp.path());
    Result parallel = runLoopscope({"test", tmp.path(), "-j2"}, tmp.path());
    Result wide = runLoopscope({"test", tmp.path(), "-j", "8"}, tmp.path());
    QCOMPARE(serial.out.count('\n'), 7);
    QCOMPARE(parallel.out, serial.out);
    QCOMPARE(wide.out, serial.out);
    QCOMPARE(parallel.exitCode, serial.exitCode);
}

void TestScenarios::traceApiReadsTheRun() {
    QTemporaryDir tmp;
    writeFile(QDir(tmp.path()), "api.py", R"(import asyncio
import loopscope
from loopscope import trace

lock = asyncio.Lock()
jobs = asyncio.Queue()

async def holder(seconds):
    async with lock:
        await asyncio.sleep(seconds)

async def producer():
    for i in range(3):
        await jobs.put(i)
    await asyncio.sleep(1)
    while not jobs.empty():
        jobs.get_nowait()

async def main():
    a = asyncio.create_task(holder(2), name="a")
    b = asyncio.create_task(holder(0.5), name="b")
    await asyncio.sleep(1)
    # During the run: a holds the lock, b waits for it; open segments end now.
    assert trace.task("a").finished is None and trace.task("a").outcome == "pending"
    assert trace.task("b").segments[-1] == ("waiting", "lock", 0.0, 1.0, "lock")
    await asyncio.gather(a, b, producer())

asyncio.run(main())
assert loopscope.trace.task is trace.task
assert [t.name for t in trace.tasks()] == ["Task-1", "a", "b", "Task-4"]
assert trace.task("b").parent == "Task-1" and trace.task("Task-1").parent is None
assert (trace.task("a").created, trace.task("a").finished) == (0.0, 2.0)
assert trace.task("b").finished == 2.5 and trace.task("b").result == "None"
assert trace.held("lock") == 2.5
assert trace.held("lock", by="a") == 2.0 and trace.held("lock", by="b") == 0.5
assert trace.max_concurrency("lock") == 1
assert trace.max_concurrency("jobs") == 3
assert trace.max_concurrency(lambda t: t.coroutine == "holder") == 2
assert [(e.time, e.task) for e in trace.events("acquire")] == [(0.0, "a"), (2.0, "b")]
assert [e.value for e in trace.events("put", resource="jobs")] == [1, 2, 3]
assert trace.resource("jobs").kind == "Queue"
assert [r.name for r in trace.resources()] == ["lock", "jobs"]
try:
    trace.task("nobody")
except LookupError as e:
    assert "no task named 'nobody'" in str(e) and "Task-1, a, b, Task-4" in str(e)
else:
    raise AssertionError("no LookupError")
)");
    Result r = runLoopscope({"test", tmp.filePath("api.py")});
    QCOMPARE(r.out, QString("PASS api (t=2.500, 4 tasks)\n1 passed, 0 failed\n"));
}

QTEST_GUILESS_MAIN(TestScenarios)
#include "test_scenarios.moc"
