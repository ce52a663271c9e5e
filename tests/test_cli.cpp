// The `loopscope` command line as a user meets it: output, exit codes and messages for good
// and bad invocations, and byte-identical output on a second run.
#include "ProcessSupport.hpp"

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
    void secondRunIsByteIdentical();
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

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
