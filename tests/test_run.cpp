// `loopscope run SCRIPT.py` as a user meets it: each test writes an ordinary asyncio script to
// a temporary directory, runs the real binary on it and pins its stdout, exit status and the
// key lines of stderr (syntax errors, tracebacks, diagnostics).
#include "ProcessSupport.hpp"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <loopscope/TraceJson.hpp>

#include <unistd.h>

namespace {

using Result = loopscope::test::ProcessResult;

/// Runs loopscope with `args` in `dir`; gives up (and kills it) after `timeoutMs`.
Result runLoopscope(const QString& dir, const QStringList& args, int timeoutMs = 20000,
                    const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
    return loopscope::test::runLoopscope(args, dir, timeoutMs, env);
}

/// A script in its own temporary directory, run by its bare file name from there (so
/// messages read `script.py:LINE`).
class Script {
public:
    explicit Script(const QByteArray& source, const QString& name = QStringLiteral("script.py"))
        : name_(name) {
        QFile f(dir_.filePath(name));
        if (!f.open(QIODevice::WriteOnly) || f.write(source) != source.size())
            qFatal("cannot write %s", qPrintable(f.fileName()));
    }
    Result run(const QStringList& options = {"--timestamps"}, int timeoutMs = 20000,
               const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) const {
        return runLoopscope(dir_.path(), QStringList{"run", name_} + options, timeoutMs, env);
    }

private:
    QTemporaryDir dir_;
    QString name_;
};

QString describe(const Result& r) {
    return QString("exit %1 after %2 ms\n--- stdout\n%3--- stderr\n%4")
        .arg(r.exitCode)
        .arg(r.ms)
        .arg(r.out, r.err);
}

/// The process ended by itself (not killed after the wait).
#define VERIFY_FINISHED(r)                                                                     \
    QVERIFY2((r).finished, qPrintable("did not finish (killed): " + describe(r)))
/// `text` contains `part`; the failure message shows both.
#define VERIFY_CONTAINS(text, part)                                                            \
    QVERIFY2((text).contains(part),                                                            \
             qPrintable(QString("expected to find:\n%1\n--- in:\n%2").arg(part, text)))

/// Every traceback frame names the script itself: none of loopscope's own modules shows.
void verifyOnlyScriptFrames(const QString& err, const QString& script) {
    QVERIFY2(!err.contains("<loopscope>"), qPrintable(err));
    static const QRegularExpression frame("^  File \"([^\"]*)\", line \\d+, in ",
                                          QRegularExpression::MultilineOption);
    auto it = frame.globalMatch(err);
    int frames = 0;
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        QVERIFY2(m.captured(1) == script, qPrintable("frame outside the script: " + m.captured(0)));
        ++frames;
    }
    QVERIFY2(frames > 0, qPrintable("no traceback frames in:\n" + err));
}

} // namespace

class TestRun : public QObject {
    Q_OBJECT
private slots:
    void syntaxError_data();
    void syntaxError();
    void uncaughtExceptionTraceback_data();
    void uncaughtExceptionTraceback();
    void watchdogStopsBusyLoop_data();
    void watchdogStopsBusyLoop();
    void horizon_data();
    void horizon();
    void deadlockNamesTasksAndCycle();
    void neverAwaitedCoroutineWarns_data();
    void neverAwaitedCoroutineWarns();
    void taskExceptionNeverRetrieved();
    void timeSleepBlocksTheLoop();
    void pendingTasksCancelledAtEndOfAsyncioRun();
    void pendingTaskLeftByRunUntilCompleteIsReported();
    void unsupported_data();
    void unsupported();
    void virtualTimeAndSeededRandom();
    void printJoinsPartialLines_data();
    void printJoinsPartialLines();
    void withoutTimestamps_data();
    void withoutTimestamps();
    void asyncioRunTwiceSharesOneTimeline();
    void unreadableScript_data();
    void unreadableScript();
    void traceFileHoldsTheRun();
    void traceFileUnwritable();
    void resourcesAreNamedAsInTheScript();
    void awaitableEndingAfterThrowIsStopIteration();
    void cancelCycleRaisesRecursionError();
    void requestsAndWorkersAreLabelledInTheTrace();
};

// ---- 1. syntax errors ----

void TestRun::syntaxError_data() {
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QString>("err");
    // The tutorial's mistake: await in a plain def.
    QTest::newRow("await outside async function") << QByteArray("import asyncio\n"
                                                                "\n"
                                                                "def main():\n"
                                                                "    await asyncio.sleep(1)\n"
                                                                "    print(\"done\")\n"
                                                                "\n"
                                                                "asyncio.run(main())\n")
                                                   << "script.py:4:5: SyntaxError: 'await' "
                                                      "outside async function\n"
                                                      "    await asyncio.sleep(1)\n"
                                                      "    ^\n";
    QTest::newRow("missing colon") << QByteArray("import asyncio\n"
                                                 "\n"
                                                 "async def main()\n"
                                                 "    print(\"x\")\n")
                                   << "script.py:3:17: SyntaxError: expected ':'\n"
                                      "    async def main()\n"
                                      "                    ^\n";
    // The line is shown without its indentation (a tab here); the caret follows it.
    QTest::newRow("tab-indented line") << QByteArray("async def main():\n"
                                                     "\tif True\n"
                                                     "\t\tprint(1)\n")
                                       << "script.py:2:9: SyntaxError: expected ':'\n"
                                          "    if True\n"
                                          "           ^\n";
}

void TestRun::syntaxError() {
    QFETCH(QByteArray, source);
    QFETCH(QString, err);
    Result r = Script(source).run();
    VERIFY_FINISHED(r);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.out, QString("# end t=0.000 status=exception:SyntaxError\n"));
    QCOMPARE(r.err, err);
}

// ---- 2. uncaught exceptions ----

void TestRun::uncaughtExceptionTraceback_data() {
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QString>("out");
    QTest::addColumn<QStringList>("frames"); // outermost first
    QTest::addColumn<QString>("lastLine");
    QTest::newRow("awaited coroutine chain")
        << QByteArray("import asyncio\n"
                      "\n"
                      "async def parse(text):\n"
                      "    await asyncio.sleep(1)\n"
                      "    return int(text)\n"
                      "\n"
                      "async def main():\n"
                      "    print(\"start\")\n"
                      "    value = await parse(\"abc\")\n"
                      "    print(value)\n"
                      "\n"
                      "asyncio.run(main())\n")
        << "[0.000] start\n# end t=1.000 status=exception:ValueError\n"
        << QStringList{"  File \"script.py\", line 12, in <module>\n    asyncio.run(main())\n",
                       "  File \"script.py\", line 9, in main\n    value = await parse(\"abc\")\n",
                       "  File \"script.py\", line 5, in parse\n    return int(text)\n"}
        << "ValueError: invalid literal for int() with base 10: 'abc'\n";
    QTest::newRow("task failing inside gather")
        << QByteArray("import asyncio\n"
                      "\n"
                      "async def worker(n):\n"
                      "    await asyncio.sleep(n)\n"
                      "    if n == 2:\n"
                      "        raise ValueError(f\"worker {n} failed\")\n"
                      "    return n\n"
                      "\n"
                      "async def main():\n"
                      "    results = await asyncio.gather(worker(1), worker(2), worker(3))\n"
                      "    print(results)\n"
                      "\n"
                      "asyncio.run(main())\n")
        << "# end t=2.000 status=exception:ValueError\n"
        << QStringList{"  File \"script.py\", line 13, in <module>\n",
                       "  File \"script.py\", line 10, in main\n",
                       "  File \"script.py\", line 6, in worker\n"
                       "    raise ValueError(f\"worker {n} failed\")\n"}
        << "ValueError: worker 2 failed\n";
}

void TestRun::uncaughtExceptionTraceback() {
    QFETCH(QByteArray, source);
    QFETCH(QString, out);
    QFETCH(QStringList, frames);
    QFETCH(QString, lastLine);
    Result r = Script(source).run();
    VERIFY_FINISHED(r);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.out, out);
    QVERIFY2(r.err.startsWith("Traceback (most recent call last):\n"), qPrintable(r.err));
    // The traceback comes first; loopscope's diagnostics (a task cancelled at exit) follow.
    const qsizetype diagnostics = r.err.indexOf("\nloopscope: ");
    const QString traceback = diagnostics < 0 ? r.err : r.err.left(diagnostics + 1);
    QVERIFY2(traceback.endsWith(lastLine), qPrintable(r.err));
    qsizetype from = 0;
    for (const QString& f : frames) {
        const qsizetype at = r.err.indexOf(f, from);
        QVERIFY2(at >= 0, qPrintable(QString("frame missing or out of order:\n%1--- in:\n%2")
                                         .arg(f, r.err)));
        from = at + f.size();
    }
    verifyOnlyScriptFrames(r.err, "script.py");
}

// ---- 3. the watchdog ----

void TestRun::watchdogStopsBusyLoop_data() {
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QString>("out");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("where"); // pattern: file:line of the loop, and the function
    QTest::newRow("in a coroutine") << QByteArray("import asyncio\n"
                                                  "\n"
                                                  "async def spin():\n"
                                                  "    print(\"spinning\")\n"
                                                  "    while True:\n"
                                                  "        pass\n"
                                                  "\n"
                                                  "async def main():\n"
                                                  "    await asyncio.sleep(1)\n"
                                                  "    await spin()\n"
                                                  "\n"
                                                  "asyncio.run(main())\n")
                                    << "[1.000] spinning\n# end t=1.000 status=watchdog\n"
                                    << "ran too long without yielding"
                                    << "script\\.py:5 in spin";
    QTest::newRow("at top level") << QByteArray("print(\"before\")\n"
                                                "n = 0\n"
                                                "while True:\n"
                                                "    n += 1\n")
                                  << "[0.000] before\n# end t=0.000 status=watchdog\n"
                                  << "ran too long without yielding"
                                  << "script\\.py:3 in <module>";
    // Yielding for ever without virtual time moving: the interrupt lands in the loop line
    // or in the await line, whichever runs when it comes.
    QTest::newRow("sleep(0) for ever") << QByteArray("import asyncio\n"
                                                     "\n"
                                                     "async def main():\n"
                                                     "    print(\"yielding\")\n"
                                                     "    while True:\n"
                                                     "        await asyncio.sleep(0)\n"
                                                     "\n"
                                                     "asyncio.run(main())\n")
                                       << "[0.000] yielding\n# end t=0.000 status=watchdog\n"
                                       << "virtual time stood still"
                                       << "script\\.py:[56] in main";
}

void TestRun::watchdogStopsBusyLoop() {
    QFETCH(QByteArray, source);
    QFETCH(QString, out);
    QFETCH(QString, reason);
    QFETCH(QString, where);
    Result r = Script(source).run({"--timestamps", "--timeout", "1"}, 30000);
    VERIFY_FINISHED(r);
    QVERIFY2(r.ms < 10000, qPrintable(describe(r)));
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.out, out);
    // One line names what was wrong and where the script was stuck.
    const QRegularExpression line("^loopscope: watchdog: .*" + QRegularExpression::escape(reason) +
                                      ".*" + where + ".*$",
                                  QRegularExpression::MultilineOption);
    QVERIFY2(line.match(r.err).hasMatch(), qPrintable(describe(r)));
}

// ---- 4. the horizon ----

void TestRun::horizon_data() {
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("out");
    QTest::addColumn<QString>("err"); // a line of stderr
    // A timer due exactly at the horizon still fires; the next one (t=25) does not.
    QTest::newRow("periodic task, --horizon 20")
        << QByteArray("import asyncio\n"
                      "\n"
                      "async def tick():\n"
                      "    n = 0\n"
                      "    while True:\n"
                      "        await asyncio.sleep(5)\n"
                      "        n += 1\n"
                      "        print(f\"tick {n}\")\n"
                      "\n"
                      "async def main():\n"
                      "    asyncio.create_task(tick())\n"
                      "    await asyncio.sleep(100)\n"
                      "    print(\"never\")\n"
                      "\n"
                      "asyncio.run(main())\n")
        << QStringList{"--timestamps", "--horizon", "20"}
        << "[5.000] tick 1\n[10.000] tick 2\n[15.000] tick 3\n[20.000] tick 4\n"
           "# end t=20.000 status=horizon\n"
        << "loopscope: run stopped at t=20.000 (horizon reached) with 2 tasks pending: "
           "Task-1 (main), Task-2 (tick)\n";
    QTest::newRow("default horizon 3600") << QByteArray("import asyncio\n"
                                                        "\n"
                                                        "async def main():\n"
                                                        "    print(\"start\")\n"
                                                        "    while True:\n"
                                                        "        await asyncio.sleep(60)\n"
                                                        "\n"
                                                        "asyncio.run(main())\n")
                                          << QStringList{"--timestamps"}
                                          << "[0.000] start\n# end t=3600.000 status=horizon\n"
                                          << "loopscope: run stopped at t=3600.000 (horizon "
                                             "reached) with 1 task pending: Task-1 (main)\n";
    // A time.sleep that carries the clock past the horizon: the run ends where it got to.
    QTest::newRow("time.sleep past the horizon")
        << QByteArray("import asyncio\n"
                      "import time\n"
                      "\n"
                      "async def main():\n"
                      "    print(\"start\")\n"
                      "    time.sleep(30)\n"
                      "    print(\"after block\")\n"
                      "    await asyncio.sleep(1)\n"
                      "    print(\"never\")\n"
                      "\n"
                      "asyncio.run(main())\n")
        << QStringList{"--timestamps", "--horizon", "20"}
        << "[0.000] start\n[30.000] after block\n# end t=30.000 status=horizon\n"
        << "loopscope: run stopped at t=30.000 (horizon reached) with 1 task pending: "
           "Task-1 (main)\n";
}

void TestRun::horizon() {
    QFETCH(QByteArray, source);
    QFETCH(QStringList, options);
    QFETCH(QString, out);
    QFETCH(QString, err);
    Result r = Script(source).run(options);
    VERIFY_FINISHED(r);
    QCOMPARE(r.exitCode, 3);
    QCOMPARE(r.out, out);
    VERIFY_CONTAINS(r.err, err);
}

// ---- 5. deadlock ----

void TestRun::deadlockNamesTasksAndCycle() {
    Result r = Script("import asyncio\n"
                      "\n"
                      "lock_a = asyncio.Lock()\n"
                      "lock_b = asyncio.Lock()\n"
                      "\n"
                      "async def first():\n"
                      "    async with lock_a:\n"
                      "        print(\"first has a\")\n"
                      "        await asyncio.sleep(1)\n"
                      "        async with lock_b:\n"
                      "            print(\"first has b\")\n"
                      "\n"
                      "async def second():\n"
                      "    async with lock_b:\n"
                      "        print(\"second has b\")\n"
                      "        await asyncio.sleep(1)\n"
                      "        async with lock_a:\n"
                      "            print(\"second has a\")\n"
                      "\n"
                      "async def main():\n"
                      "    t1 = asyncio.create_task(first(), name=\"first\")\n"
                      "    t2 = asyncio.create_task(second(), name=\"second\")\n"
                      "    try:\n"
                      "        await t1\n"
                      "        await t2\n"
                      "    finally:\n"
                      "        print(\"main finally (must not run)\")\n"
                      "\n"
                      "asyncio.run(main())\n")
                   .run();
    VERIFY_FINISHED(r);
    QCOMPARE(r.exitCode, 1);
    // Nothing of the script runs after the deadlock (no cancellation, no finally).
    QCOMPARE(r.out, QString("[0.000] first has a\n"
                            "[0.000] second has b\n"
                            "# end t=1.000 status=deadlock\n"));
    // The locks are named as the script names them.
    VERIFY_CONTAINS(r.err, "loopscope: deadlock at t=1.000: Task-1 (main) waits on task first; "
                           "first (first) waits on lock lock_b held by second; "
                           "second (second) waits on lock lock_a held by first; "
                           "wait-for cycle: first -> second -> first\n");
}

// ---- 6. coroutines never awaited ----

void TestRun::neverAwaitedCoroutineWarns_data() {
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QStringList>("err"); // parts of stderr, in order
    QTest::newRow("coroutine function called without await")
        << QByteArray("import asyncio\n"
                      "\n"
                      "async def fetch():\n"
                      "    print(\"fetching\")\n"
                      "    await asyncio.sleep(1)\n"
                      "\n"
                      "async def main():\n"
                      "    fetch()\n"
                      "    await asyncio.sleep(1)\n"
                      "    print(\"done\")\n"
                      "\n"
                      "asyncio.run(main())\n")
        << QStringList{"loopscope: script.py:8: RuntimeWarning: coroutine 'fetch' was never "
                       "awaited\n",
                       "Coroutine created at (most recent call last)\n"
                       "  File \"script.py\", line 8, in main\n"
                       "    fetch()\n"};
    // CPython warns for asyncio.sleep() without await too: a beginner's commonest slip.
    QTest::newRow("asyncio.sleep without await")
        << QByteArray("import asyncio\n"
                      "\n"
                      "async def fetch():\n"
                      "    print(\"fetching\")\n"
                      "    await asyncio.sleep(1)\n"
                      "\n"
                      "async def main():\n"
                      "    asyncio.sleep(5)\n"
                      "    await asyncio.sleep(1)\n"
                      "    print(\"done\")\n"
                      "\n"
                      "asyncio.run(main())\n")
        << QStringList{"loopscope: script.py:8: RuntimeWarning: coroutine 'sleep' was never "
                       "awaited\n"};
}

void TestRun::neverAwaitedCoroutineWarns() {
    QFETCH(QByteArray, source);
    QFETCH(QStringList, err);
    Result r = Script(source).run();
    VERIFY_FINISHED(r);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QString("[1.000] done\n# end t=1.000 status=ok\n"));
    qsizetype from = 0;
    for (const QString& part : err) {
        const qsizetype at = r.err.indexOf(part, from);
        QVERIFY2(at >= 0, qPrintable(QString("missing or out of order:\n%1\n--- in:\n%2")
                                         .arg(part, r.err)));
        from = at + part.size();
    }
}

// ---- 7. exception never retrieved ----

void TestRun::taskExceptionNeverRetrieved() {
    Result r = Script("import asyncio\n"
                      "\n"
                      "async def boom():\n"
                      "    await asyncio.sleep(1)\n"
                      "    raise KeyError(\"missing\")\n"
                      "\n"
                      "async def main():\n"
                      "    asyncio.create_task(boom(), name=\"boomer\")\n"
                      "    await asyncio.sleep(2)\n"
                      "    print(\"main done\")\n"
                      "\n"
                      "asyncio.run(main())\n")
                   .run();
    VERIFY_FINISHED(r);
    QCOMPARE(r.exitCode, 0); // as under CPython: a message, not a failure of the run
    QCOMPARE(r.out, QString("[2.000] main done\n# end t=2.000 status=ok\n"));
    VERIFY_CONTAINS(r.err, "loopscope: Task exception was never retrieved: boomer: KeyError: "
                           "'missing'\n");
}

// ---- 8. time.sleep blocks the loop ----

void TestRun::timeSleepBlocksTheLoop() {
    Result r = Script("import asyncio\n"
                      "import time\n"
                      "\n"
                      "async def other():\n"
                      "    await asyncio.sleep(1)\n"
                      "    print(\"other woke\")\n"
                      "\n"
                      "async def blocker():\n"
                      "    loop = asyncio.get_running_loop()\n"
                      "    print(\"blocking\", loop.time())\n"
                      "    time.sleep(2)\n"
                      "    print(\"unblocked\", loop.time())\n"
                      "\n"
                      "async def main():\n"
                      "    await asyncio.gather(other(), blocker())\n"
                      "    print(\"done\")\n"
                      "\n"
                      "asyncio.run(main())\n")
                   .run();
    VERIFY_FINISHED(r);
    QCOMPARE(r.exitCode, 0);
    // other's sleep(1) was due at 1 but the loop was blocked until 2.
    QCOMPARE(r.out, QString("[0.000] blocking 0.0\n"
                            "[2.000] unblocked 2.0\n"
                            "[2.000] other woke\n"
                            "[2.000] done\n"
                            "# end t=2.000 status=ok\n"));
    VERIFY_CONTAINS(r.err, "loopscope: Task-3 blocked the loop for 2.000 s with time.sleep at "
                           "script.py:11\n");
    QVERIFY2(r.ms < 2000, qPrintable(describe(r))); // virtual seconds, not real ones
}

// ---- 9. tasks pending at the end ----

void TestRun::pendingTasksCancelledAtEndOfAsyncioRun() {
    Result r = Script("import asyncio\n"
                      "\n"
                      "async def background():\n"
                      "    try:\n"
                      "        print(\"background started\")\n"
                      "        await asyncio.sleep(10)\n"
                      "        print(\"background finished\")\n"
                      "    except asyncio.CancelledError:\n"
                      "        print(\"background cancelled\")\n"
                      "        raise\n"
                      "    finally:\n"
                      "        print(\"background cleanup\")\n"
                      "\n"
                      "async def main():\n"
                      "    asyncio.create_task(background())\n"
                      "    await asyncio.sleep(1)\n"
                      "    print(\"main returns\")\n"
                      "\n"
                      "asyncio.run(main())\n"
                      "print(\"after run\")\n")
                   .run();
    VERIFY_FINISHED(r);
    QCOMPARE(r.exitCode, 0);
    // asyncio.run cancels what is left and lets it finish: the except and finally run.
    QCOMPARE(r.out, QString("[0.000] background started\n"
                            "[1.000] main returns\n"
                            "[1.000] background cancelled\n"
                            "[1.000] background cleanup\n"
                            "[1.000] after run\n"
                            "# end t=1.000 status=ok\n"));
    // asyncio.run cancelled the task; loopscope says so (CPython stays silent).
    QCOMPARE(r.err, QString("loopscope: 1 task still pending when main returned, cancelled by "
                            "asyncio.run: Task-2 (background)\n"));
}

void TestRun::pendingTaskLeftByRunUntilCompleteIsReported() {
    // run_until_complete (unlike asyncio.run) leaves other tasks pending; CPython reports
    // "Task was destroyed but it is pending!" at exit, and loopscope promises to report
    // "tasks still pending at the end".
    Result r = Script("import asyncio\n"
                      "\n"
                      "async def background():\n"
                      "    await asyncio.sleep(10)\n"
                      "    print(\"background finished\")\n"
                      "\n"
                      "async def main():\n"
                      "    asyncio.create_task(background(), name=\"bg\")\n"
                      "    await asyncio.sleep(1)\n"
                      "    print(\"main returns\")\n"
                      "\n"
                      "loop = asyncio.new_event_loop()\n"
                      "loop.run_until_complete(main())\n"
                      "print(\"after\", loop.time())\n")
                   .run();
    VERIFY_FINISHED(r);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QString("[1.000] main returns\n"
                            "[1.000] after 1.0\n"
                            "# end t=1.000 status=ok\n"));
    QVERIFY2(r.err.contains("still pending") && r.err.contains("bg (background)"),
             qPrintable(r.err));
}

// ---- 10. what cannot be simulated ----

void TestRun::unsupported_data() {
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("lastLine");
    QTest::newRow("import socket")
        << QByteArray("import asyncio\nimport socket\nprint(\"unreachable\")\n")
        << "exception:ImportError"
        << "ImportError: loopscope cannot simulate module 'socket': real network I/O (use the "
           "simulated aiohttp module)\n";
    QTest::newRow("from subprocess import run")
        << QByteArray("import asyncio\nfrom subprocess import run\n") << "exception:ImportError"
        << "ImportError: loopscope cannot simulate module 'subprocess': real processes (model "
           "the process as a task that sleeps)\n";
    QTest::newRow("threading.Thread.start")
        << QByteArray("import asyncio\n"
                      "import threading\n"
                      "\n"
                      "def work():\n"
                      "    print(\"in thread\")\n"
                      "\n"
                      "async def main():\n"
                      "    threading.Thread(target=work).start()\n"
                      "\n"
                      "asyncio.run(main())\n")
        << "exception:RuntimeError"
        << "RuntimeError: loopscope cannot simulate threads started directly "
           "(threading.Thread.start); use asyncio.to_thread() or loop.run_in_executor(), which "
           "run on simulated workers\n";
    QTest::newRow("asyncio.open_connection")
        << QByteArray("import asyncio\n"
                      "\n"
                      "async def main():\n"
                      "    reader, writer = await asyncio.open_connection(\"example.com\", 80)\n"
                      "\n"
                      "asyncio.run(main())\n")
        << "exception:NotImplementedError"
        << "NotImplementedError: loopscope cannot simulate asyncio.open_connection() (real "
           "network streams); use the simulated aiohttp module\n";
}

void TestRun::unsupported() {
    QFETCH(QByteArray, source);
    QFETCH(QString, status);
    QFETCH(QString, lastLine);
    Result r = Script(source).run();
    VERIFY_FINISHED(r);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.out, "# end t=0.000 status=" + status + "\n");
    QVERIFY2(r.err.startsWith("Traceback (most recent call last):\n"), qPrintable(r.err));
    QVERIFY2(r.err.endsWith(lastLine), qPrintable(r.err));
    verifyOnlyScriptFrames(r.err, "script.py");
}

// ---- 11. virtual time, seeded random ----

void TestRun::virtualTimeAndSeededRandom() {
    const Script script("import asyncio\n"
                        "import random\n"
                        "import time\n"
                        "\n"
                        "print(\"top\", time.time(), time.monotonic(), time.perf_counter())\n"
                        "\n"
                        "async def main():\n"
                        "    loop = asyncio.get_running_loop()\n"
                        "    await asyncio.sleep(1.5)\n"
                        "    print(time.time() == loop.time(), time.monotonic() == loop.time(),\n"
                        "          time.perf_counter() == loop.time())\n"
                        "    print(time.time(), time.monotonic(), time.perf_counter(), "
                        "loop.time())\n"
                        "    print(time.time_ns(), time.monotonic_ns(), time.perf_counter_ns())\n"
                        "    print(random.random(), random.randint(1, 100))\n"
                        "    print([random.random() for _ in range(3)])\n"
                        "    print(list({\"apple\", \"banana\", \"cherry\", \"date\"}))\n"
                        "\n"
                        "asyncio.run(main())\n"
                        "print(\"after\", time.time())\n");
    Result a = script.run();
    VERIFY_FINISHED(a);
    QCOMPARE(a.exitCode, 0);
    const QStringList lines = a.out.split('\n');
    QCOMPARE(lines.size(), 10); // 8 lines, the end line, and "" after the last newline
    QCOMPARE(lines[0], QString("[0.000] top 0.0 0.0 0.0"));
    QCOMPARE(lines[1], QString("[1.500] True True True"));
    QCOMPARE(lines[2], QString("[1.500] 1.5 1.5 1.5 1.5"));
    QCOMPARE(lines[3], QString("[1.500] 1500000000 1500000000 1500000000"));
    // random.seed(0), as CPython gives it.
    QCOMPARE(lines[4], QString("[1.500] 0.8444218515250481 98"));
    QCOMPARE(lines[5],
             QString("[1.500] [0.890243920837131, 0.04048437818077755, 0.9654648863619172]"));
    QVERIFY(lines[6].startsWith("[1.500] ['"));
    QCOMPARE(lines[7], QString("[1.500] after 1.5"));
    QCOMPARE(lines[8], QString("# end t=1.500 status=ok"));
    QCOMPARE(a.err, QString());

    // A second run prints the same bytes, whatever PYTHONHASHSEED the environment sets.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("PYTHONHASHSEED", "12345");
    Result b = script.run({"--timestamps"}, 20000, env);
    VERIFY_FINISHED(b);
    QCOMPARE(b.exitCode, a.exitCode);
    QCOMPARE(b.out, a.out);
    QCOMPARE(b.err, a.err);
}

// ---- 12. printing ----

void TestRun::printJoinsPartialLines_data() {
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("out");
    QTest::newRow("--timestamps") << QStringList{"--timestamps"}
                                  << QString::fromUtf8("[1.000] 开始，完成\n"
                                                       "[1.000] a-b\n"
                                                       "[1.000] 多行\n"
                                                       "[1.000] 第二行\n"
                                                       "[1.000] 尾巴\n"
                                                       "# end t=1.000 status=ok\n");
    QTest::newRow("plain") << QStringList{}
                           << QString::fromUtf8("开始，完成\na-b\n多行\n第二行\n尾巴\n");
}

void TestRun::printJoinsPartialLines() {
    QFETCH(QStringList, options);
    QFETCH(QString, out);
    // A line is timed when its newline is written; an unfinished last line ends with the run.
    Result r = Script("import asyncio\n"
                      "\n"
                      "async def main():\n"
                      "    print(\"开始\", end=\"\")\n"
                      "    await asyncio.sleep(1)\n"
                      "    print(\"，完成\")\n"
                      "    print(\"a\", \"b\", sep=\"-\", end=\"\")\n"
                      "    print()\n"
                      "    print(\"多行\\n第二行\")\n"
                      "    print(\"尾巴\", end=\"\")\n"
                      "\n"
                      "asyncio.run(main())\n")
                   .run(options);
    VERIFY_FINISHED(r);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, out);
    QCOMPARE(r.err, QString());
}

// ---- 13. without --timestamps ----

void TestRun::withoutTimestamps_data() {
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("out");
    const QByteArray prefix = "import asyncio\n"
                              "\n"
                              "async def main():\n"
                              "    print(\"one\")\n"
                              "    await asyncio.sleep(1)\n"
                              "    print(\"two\")\n";
    QTest::newRow("ok") << prefix + "\nasyncio.run(main())\n" << QStringList{} << 0
                        << "one\ntwo\n";
    QTest::newRow("exception") << prefix + "    raise ValueError('x')\n\nasyncio.run(main())\n"
                               << QStringList{} << 1 << "one\ntwo\n";
    QTest::newRow("deadlock")
        << prefix + "    await asyncio.Event().wait()\n\nasyncio.run(main())\n" << QStringList{}
        << 1 << "one\ntwo\n";
    QTest::newRow("horizon") << prefix + "    await asyncio.sleep(10)\n\nasyncio.run(main())\n"
                             << QStringList{"--horizon", "5"} << 3 << "one\ntwo\n";
}

void TestRun::withoutTimestamps() {
    QFETCH(QByteArray, source);
    QFETCH(QStringList, options);
    QFETCH(int, exitCode);
    QFETCH(QString, out);
    Result r = Script(source).run(options);
    VERIFY_FINISHED(r);
    QCOMPARE(r.exitCode, exitCode);
    QCOMPARE(r.out, out); // no [T] prefixes, no "# end" line
    QVERIFY2(!r.err.contains("# end"), qPrintable(r.err));
}

// ---- 14. two asyncio.run calls ----

void TestRun::asyncioRunTwiceSharesOneTimeline() {
    Result r = Script("import asyncio\n"
                      "\n"
                      "async def first():\n"
                      "    await asyncio.sleep(2)\n"
                      "    print(\"first\", asyncio.current_task().get_name(),\n"
                      "          asyncio.get_running_loop().time())\n"
                      "\n"
                      "async def second():\n"
                      "    print(\"second\", asyncio.current_task().get_name(),\n"
                      "          asyncio.get_running_loop().time())\n"
                      "    await asyncio.sleep(3)\n"
                      "    print(\"second done\", asyncio.get_running_loop().time())\n"
                      "\n"
                      "asyncio.run(first())\n"
                      "asyncio.run(second())\n")
                   .run();
    VERIFY_FINISHED(r);
    QCOMPARE(r.exitCode, 0);
    // Task-2 and Task-3 went to the first run's shutdown_asyncgens and
    // shutdown_default_executor, as under CPython.
    QCOMPARE(r.out, QString("[2.000] first Task-1 2.0\n"
                            "[2.000] second Task-4 2.0\n"
                            "[5.000] second done 5.0\n"
                            "# end t=5.000 status=ok\n"));
    QCOMPARE(r.err, QString());
}

// ---- 15. scripts that cannot be read ----

void TestRun::unreadableScript_data() {
    QTest::addColumn<QString>("path"); // relative to a temporary directory holding f.py, d/
    QTest::addColumn<bool>("noPermission");
    QTest::addColumn<QString>("err");
    QTest::newRow("missing file") << "nope.py" << false
                                  << "loopscope run: cannot read 'nope.py': No such file or "
                                     "directory\n";
    QTest::newRow("file used as a directory")
        << "f.py/x.py" << false
        << "loopscope run: cannot read 'f.py/x.py': Not a directory\n";
    QTest::newRow("directory") << "d" << false
                               << "loopscope run: cannot read 'd': Is a directory\n";
    QTest::newRow("no read permission") << "f.py" << true
                                        << "loopscope run: cannot read 'f.py': Permission "
                                           "denied\n";
}

void TestRun::unreadableScript() {
    QFETCH(QString, path);
    QFETCH(bool, noPermission);
    QFETCH(QString, err);
    if (noPermission && ::geteuid() == 0)
        QSKIP("root reads a file whatever its mode");
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir("d"));
    {
        QFile f(dir.filePath("f.py"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("print('read me')\n");
    }
    if (noPermission)
        QVERIFY(QFile::setPermissions(dir.filePath("f.py"), QFileDevice::Permissions()));
    for (const QStringList& options : {QStringList{}, QStringList{"--timestamps"}}) {
        Result r = runLoopscope(dir.path(), QStringList{"run", path} + options);
        VERIFY_FINISHED(r);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.out, QString());
        QCOMPARE(r.err, err);
    }
}

QTEST_GUILESS_MAIN(TestRun)
void TestRun::traceFileHoldsTheRun() {
    Script script("import asyncio\n"
                  "\n"
                  "async def fetch(url, delay):\n"
                  "    await asyncio.sleep(delay)\n"
                  "    return f\"{url} 的数据\"\n"
                  "\n"
                  "async def main():\n"
                  "    print(await asyncio.gather(fetch('a', 2), fetch('b', 1)))\n"
                  "\n"
                  "asyncio.run(main())\n");
    QTemporaryDir out;
    const QString path = out.filePath("run.json");
    Result r = script.run({"--trace", path});
    VERIFY_FINISHED(r);
    QCOMPARE(r.exitCode, 0);
    loopscope::Trace trace;
    std::string error;
    QVERIFY2(loopscope::loadTraceJson(path.toStdString(), trace, &error), error.c_str());
    QCOMPARE(trace.status, loopscope::RunStatus::Ok);
    QCOMPARE(trace.endTime, 2.0);
    QCOMPARE(trace.tasks.size(), std::size_t(3));
    QCOMPARE(trace.tasks[1].coroutine, std::string("fetch"));
    QCOMPARE(trace.tasks[1].result, std::string("'a 的数据'"));
    QCOMPARE(trace.tasks[2].finished, 1.0);
    QCOMPARE(trace.output.size(), std::size_t(1));
    QCOMPARE(trace.output[0].text, std::string("['a 的数据', 'b 的数据']"));
    QVERIFY(!trace.segments.empty());
    QVERIFY(!QFile::exists(path + ".tmp"));
}

void TestRun::traceFileUnwritable() {
    Script script("print('hi')\n");
    Result r = script.run({"--trace", "/nonexistent-dir/run.json"});
    VERIFY_FINISHED(r);
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.out, QString("hi\n"));
    QVERIFY2(r.err.startsWith("loopscope run: cannot write the trace: "), qPrintable(r.err));
    QVERIFY2(r.err.contains("/nonexistent-dir/run.json"), qPrintable(r.err));
}

void TestRun::resourcesAreNamedAsInTheScript() {
    Script script("import asyncio\n"
                  "\n"
                  "semaphore = asyncio.Semaphore(3)\n"
                  "\n"
                  "class Pool:\n"
                  "    def __init__(self):\n"
                  "        self.jobs: asyncio.Queue = asyncio.Queue(maxsize=2)\n"
                  "        self.cond = asyncio.Condition()\n"
                  "\n"
                  "async def main():\n"
                  "    pool = Pool()\n"
                  "    done = asyncio.Event()\n"
                  "    async with semaphore:\n"
                  "        done.set()\n"
                  "    print([type(x).__name__ for x in (pool.jobs, pool.cond, done)])\n"
                  "    print(asyncio.Lock().locked())\n"
                  "\n"
                  "asyncio.run(main())\n");
    QTemporaryDir out;
    const QString path = out.filePath("run.json");
    Result r = script.run({"--trace", path});
    VERIFY_FINISHED(r);
    QCOMPARE(r.exitCode, 0);
    loopscope::Trace trace;
    std::string error;
    QVERIFY2(loopscope::loadTraceJson(path.toStdString(), trace, &error), error.c_str());
    QStringList names;
    for (const loopscope::ResourceInfo& res : trace.resources)
        names << QString::fromStdString(res.name);
    // A primitive made in an expression (the last Lock) keeps a generated name.
    QCOMPARE(names.size(), 6);
    QCOMPARE(names.mid(0, 5),
             QStringList({"semaphore", "self.jobs", "self.cond", "self.cond", "done"}));
    QVERIFY2(names[5].startsWith("Lock-"), qPrintable(names[5]));
}

// A task cancelled in wait_for after the coroutine it waits on (which did the cancelling)
// returned None: wait_for returns None and the task goes on, as in CPython. loopscope's
// CoAwait.throw used to end such a wait with NULL and no exception set, a SystemError. The
// core's awaitables driven by hand end with StopIteration too, None or not, and throw() on one
// that is finished raises instead of returning nothing.
void TestRun::awaitableEndingAfterThrowIsStopIteration() {
    Result r = Script("import asyncio\n"
                      "import _loopscope\n"
                      "\n"
                      "async def steps(outer):\n"
                      "    outer.cancel()\n"
                      "\n"
                      "async def outer():\n"
                      "    me = asyncio.current_task()\n"
                      "    print('got', await asyncio.wait_for(steps(me), timeout=1))\n"
                      "    await asyncio.sleep(0)\n"
                      "    print('went on')\n"
                      "\n"
                      "def step(label, f):\n"
                      "    try:\n"
                      "        print(label, 'yielded', type(f()).__name__)\n"
                      "    except StopIteration as e:\n"
                      "        print(label, 'StopIteration', e.value)\n"
                      "    except BaseException as e:\n"
                      "        print(label, type(e).__name__, e)\n"
                      "\n"
                      "async def main():\n"
                      "    await asyncio.create_task(outer())\n"
                      "    fut = asyncio.get_running_loop().create_future()\n"
                      "    co = _loopscope.wait_for(fut, 1)\n"
                      "    step('send', lambda: co.send(None))\n"
                      "    fut.set_result(None)\n"
                      "    step('throw', lambda: co.throw(asyncio.CancelledError()))\n"
                      "    step('throw again', lambda: co.throw(asyncio.CancelledError()))\n"
                      "\n"
                      "asyncio.run(main())\n")
                   .run();
    VERIFY_FINISHED(r);
    QCOMPARE(r.out, QString("[0.000] got None\n"
                            "[0.000] went on\n"
                            "[0.000] send yielded Future\n"
                            "[0.000] throw StopIteration None\n"
                            "[0.000] throw again RuntimeError cannot reuse already awaited "
                            "coroutine\n"
                            "# end t=0.000 status=ok\n"));
    QCOMPARE(r.exitCode, 0);
}

// Tasks that gather each other: a.cancel() raises RecursionError in the task that called it
// (CPython's recursion limit) instead of overflowing the stack; at the end asyncio.run's own
// cancel() of the two tasks left raises it again, and the script ends with it.
void TestRun::cancelCycleRaisesRecursionError() {
    Result r = Script("import asyncio\n"
                      "\n"
                      "async def gather_other(name):\n"
                      "    await asyncio.gather(tasks[name])\n"
                      "\n"
                      "async def main():\n"
                      "    global tasks\n"
                      "    tasks = {'a': asyncio.create_task(gather_other('b')),\n"
                      "             'b': asyncio.create_task(gather_other('a'))}\n"
                      "    await asyncio.sleep(1)\n"
                      "    try:\n"
                      "        tasks['a'].cancel()\n"
                      "    except RecursionError as e:\n"
                      "        print('RecursionError:', e)\n"
                      "    print(tasks['a'].cancelling(), tasks['b'].cancelling())\n"
                      "\n"
                      "asyncio.run(main())\n")
                   .run();
    VERIFY_FINISHED(r);
    QCOMPARE(r.out, QString("[1.000] RecursionError: maximum recursion depth exceeded\n"
                            "[1.000] 247 246\n"
                            "# end t=1.000 status=exception:RecursionError\n"));
    QCOMPARE(r.exitCode, 1);
    VERIFY_CONTAINS(r.err, QString("RecursionError: maximum recursion depth exceeded"));
    // asyncio.run's cancel() raised: the two tasks were never cancelled, and are said so.
    VERIFY_CONTAINS(r.err, QString("loopscope: 2 tasks still pending when the run ended: "
                                   "Task-2 (gather_other), Task-3 (gather_other)"));
    QVERIFY2(!r.err.contains("cancelled by asyncio.run"), qPrintable(r.err));
}

// An aiohttp request waits on I/O labelled with its method and URL (query string included, a
// timed-out one too), a to_thread worker on the executor labelled with its function's name:
// in the trace file, and in loopscope.trace's Segment.on inside the script.
void TestRun::requestsAndWorkersAreLabelledInTheTrace() {
    Script script("import asyncio, time\n"
                  "import aiohttp\n"
                  "import loopscope.network\n"
                  "from loopscope import trace\n"
                  "\n"
                  "loopscope.network.route('https://api.example.com/a', delay=1)\n"
                  "loopscope.network.route('https://api.example.com/slow', delay=5)\n"
                  "\n"
                  "def crunch(n):\n"
                  "    time.sleep(1.5)\n"
                  "    return n * 2\n"
                  "\n"
                  "async def main():\n"
                  "    async with aiohttp.ClientSession() as session:\n"
                  "        async with session.get('https://api.example.com/a') as resp:\n"
                  "            await resp.json()\n"
                  "        await session.post('https://api.example.com/a', params={'q': '1'})\n"
                  "        try:\n"
                  "            await session.get('https://api.example.com/slow', timeout=2)\n"
                  "        except asyncio.TimeoutError:\n"
                  "            print('timed out')\n"
                  "    print(await asyncio.to_thread(crunch, 21))\n"
                  "\n"
                  "asyncio.run(main())\n"
                  "for seg in trace.tasks()[0].segments:\n"
                  "    if seg.wait in ('io', 'executor'):\n"
                  "        print(f'{seg.wait} {seg.on} {seg.start:g}-{seg.end:g}')\n");
    QTemporaryDir out;
    const QString path = out.filePath("run.json");
    Result r = script.run({"--trace", path});
    VERIFY_FINISHED(r);
    QCOMPARE(r.exitCode, 0);
    const QString waits = "io GET https://api.example.com/a 0-1\n"
                          "io POST https://api.example.com/a?q=1 1-2\n"
                          "io GET https://api.example.com/slow 2-4\n"
                          "executor crunch 4-5.5\n";
    QCOMPARE(r.out, "timed out\n42\n" + waits);
    loopscope::Trace trace;
    std::string error;
    QVERIFY2(loopscope::loadTraceJson(path.toStdString(), trace, &error), error.c_str());
    QString fromFile;
    for (const loopscope::Segment& s : trace.segmentsOf(0))
        if (s.state() == loopscope::TaskState::Waiting && loopscope::waitsOnLabel(s.wait()))
            fromFile += QString("%1 %2 %3-%4\n")
                            .arg(QString::fromStdString(std::string(loopscope::nameOf(s.wait()))),
                                 QString::fromStdString(std::string(trace.label(s.wait(), s.object()))))
                            .arg(s.start)
                            .arg(s.end);
    QCOMPARE(fromFile, waits);
    QCOMPARE(trace.labels.size(), std::size_t(4));
}

#include "test_run.moc"
