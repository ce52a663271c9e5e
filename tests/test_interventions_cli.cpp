// The command line applies NAME.interventions.json beside a scenario (a script or a task
// graph) in run, export and test; --interventions FILE applies another file instead and
// --no-interventions none; a bad file is refused with its place (docs/interventions.md).
#include "ProcessSupport.hpp"

#include <loopscope/TraceJson.hpp>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace loopscope;
using loopscope::test::runLoopscope;

namespace {

// Two tasks named "worker" sleep 10 s; each says how it ended.
const char* kScript = R"(import asyncio

async def worker(n):
    try:
        await asyncio.sleep(10)
        print(f"worker {n} done")
    except asyncio.CancelledError as e:
        print(f"worker {n} cancelled: {e.args[0] if e.args else '-'}")
        raise

async def main():
    tasks = [asyncio.create_task(worker(i), name="worker") for i in range(2)]
    await asyncio.gather(*tasks, return_exceptions=True)
    print("main done")

asyncio.run(main())
)";

const char* kGraph = R"({"format": "loopscope-graph", "version": 1, "return_exceptions": true,
 "tasks": [
  {"name": "slow", "steps": [{"sleep": 5}, {"print": "slow done"}]},
  {"name": "quick", "steps": [{"sleep": 1}, {"print": "quick done"}]}
 ]}
)";

/// The second worker, cancelled at 1.5 s with a message.
const char* kCancelSecondWorker = R"({"format": "loopscope-interventions", "version": 1,
 "interventions": [{"cancel": "worker", "occurrence": 1, "at": 1.5, "message": "stop"}]})";

const char* kCancelSlow = R"({"format": "loopscope-interventions", "version": 1,
 "interventions": [{"cancel": "slow", "at": 2}]})";

const QString kScriptCancelled = "[1.500] worker 1 cancelled: stop\n[10.000] worker 0 done\n"
                                 "[10.000] main done\n# end t=10.000 status=ok\n";
const QString kScriptPlain = "[10.000] worker 0 done\n[10.000] worker 1 done\n"
                             "[10.000] main done\n# end t=10.000 status=ok\n";
const QString kGraphCancelled = "[1.000] quick done\n# end t=2.000 status=ok\n";
const QString kGraphPlain = "[1.000] quick done\n[5.000] slow done\n# end t=5.000 status=ok\n";

void write(const QString& path, const QByteArray& text) {
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly), qPrintable(path));
    f.write(text);
}

/// The CancelRequest events of a saved trace made by the user.
int userCancels(const QString& tracePath) {
    Trace t;
    std::string error;
    if (!loadTraceJson(tracePath.toStdString(), t, &error))
        return -1;
    int n = 0;
    t.events.forEach([&](const TraceEvent& e) {
        n += e.kind == EventKind::CancelRequest && e.cause == Cause::User && e.actor == kNone;
    });
    return n;
}

} // namespace

class TestInterventionsCli : public QObject {
    Q_OBJECT
private slots:
    void init();
    void runAppliesTheFileBesideTheScenario_data();
    void runAppliesTheFileBesideTheScenario();
    void optionsChooseAnotherFileOrNone_data();
    void optionsChooseAnotherFileOrNone();
    void runTraceRecordsTheUserCancel();
    void exportAppliesTheFile_data();
    void exportAppliesTheFile();
    void testAppliesTheFile();
    void interventionFindingNoTaskIsReported();
    void badFileIsRefusedWithItsPlace();
    void badOptions_data();
    void badOptions();

private:
    std::unique_ptr<QTemporaryDir> dir_;
    QString path(const QString& name) const { return dir_->filePath(name); }
};

void TestInterventionsCli::init() {
    dir_ = std::make_unique<QTemporaryDir>();
    write(path("fetch.py"), kScript);
    write(path("pipe.lsgraph.json"), kGraph);
}

void TestInterventionsCli::runAppliesTheFileBesideTheScenario_data() {
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("interventions");
    QTest::addColumn<QString>("plain");
    QTest::addColumn<QString>("cancelled");
    QTest::newRow("script") << "fetch.py" << "fetch.interventions.json"
                            << QByteArray(kCancelSecondWorker) << kScriptPlain << kScriptCancelled;
    QTest::newRow("graph") << "pipe.lsgraph.json" << "pipe.interventions.json"
                           << QByteArray(kCancelSlow) << kGraphPlain << kGraphCancelled;
}

void TestInterventionsCli::runAppliesTheFileBesideTheScenario() {
    QFETCH(QString, scenario);
    QFETCH(QString, file);
    QFETCH(QByteArray, interventions);
    QFETCH(QString, plain);
    QFETCH(QString, cancelled);
    auto before = runLoopscope({"run", path(scenario), "--timestamps"});
    QCOMPARE(before.exitCode, 0);
    QCOMPARE(before.out, plain);
    QVERIFY2(!before.err.contains("intervention"), qPrintable(before.err));

    write(path(file), interventions);
    auto after = runLoopscope({"run", path(scenario), "--timestamps"});
    QCOMPARE(after.exitCode, 0);
    QCOMPARE(after.out, cancelled);
    QCOMPARE(after.err, "loopscope run: applying 1 intervention from " + path(file) + "\n");
}

void TestInterventionsCli::optionsChooseAnotherFileOrNone_data() {
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("out");
    QTest::newRow("--no-interventions") << QStringList{"--no-interventions"} << kScriptPlain;
    QTest::newRow("--interventions FILE")
        << QStringList{"--interventions", "other.json"}
        << "[0.250] worker 0 cancelled: -\n[10.000] worker 1 done\n[10.000] main done\n"
           "# end t=10.000 status=ok\n";
}

void TestInterventionsCli::optionsChooseAnotherFileOrNone() {
    QFETCH(QStringList, options);
    QFETCH(QString, out);
    write(path("fetch.interventions.json"), kCancelSecondWorker);
    write(path("other.json"), R"({"format": "loopscope-interventions", "version": 1,
                                  "interventions": [{"cancel": "worker", "at": 0.25}]})");
    auto r = runLoopscope(QStringList{"run", "fetch.py", "--timestamps"} + options, dir_->path());
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, out);
    QCOMPARE(r.err, QString()); // only a file found beside the scenario is announced
}

void TestInterventionsCli::runTraceRecordsTheUserCancel() {
    write(path("fetch.interventions.json"), kCancelSecondWorker);
    auto r = runLoopscope({"run", path("fetch.py"), "--trace", path("out.json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(userCancels(path("out.json")), 1);
    QVERIFY(runLoopscope({"run", path("fetch.py"), "--no-interventions", "--trace",
                          path("plain.json")})
                .exitCode == 0);
    QCOMPARE(userCancels(path("plain.json")), 0);
}

void TestInterventionsCli::exportAppliesTheFile_data() {
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("interventions");
    QTest::newRow("script") << "fetch.py" << "fetch.interventions.json"
                            << QByteArray(kCancelSecondWorker);
    QTest::newRow("graph") << "pipe.lsgraph.json" << "pipe.interventions.json"
                           << QByteArray(kCancelSlow);
}

void TestInterventionsCli::exportAppliesTheFile() {
    QFETCH(QString, scenario);
    QFETCH(QString, file);
    QFETCH(QByteArray, interventions);
    write(path(file), interventions);
    auto r = runLoopscope({"export", path(scenario), "-o", path("out.json")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.startsWith("loopscope export: applying 1 intervention from " + path(file)),
             qPrintable(r.err));
    QCOMPARE(userCancels(path("out.json")), 1);
    r = runLoopscope({"export", path(scenario), "--no-interventions", "-o", path("plain.json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(userCancels(path("plain.json")), 0);
    // A picture of the run too, with its arrow drawn: the export itself must not fail.
    r = runLoopscope({"export", path(scenario), "-o", path("out.png")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(QFile(path("out.png")).size() > 0);
}

// `test` runs each scenario as `run` does: the golden files hold the cancelled output.
void TestInterventionsCli::testAppliesTheFile() {
    write(path("fetch.interventions.json"), kCancelSecondWorker);
    write(path("pipe.interventions.json"), kCancelSlow);
    write(path("fetch.expected"), kScriptCancelled.toUtf8());
    write(path("pipe.expected"), kGraphCancelled.toUtf8());
    auto r = runLoopscope({"test", dir_->path()});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("PASS fetch (t=10.000") && r.out.contains("PASS pipe (t=2.000") &&
                 r.out.endsWith("2 passed, 0 failed\n"),
             qPrintable(r.out));
    r = runLoopscope({"test", dir_->path(), "--no-interventions"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains("FAIL fetch: ") && r.out.contains("FAIL pipe: "), qPrintable(r.out));
}

void TestInterventionsCli::interventionFindingNoTaskIsReported() {
    write(path("fetch.interventions.json"), R"({"format": "loopscope-interventions", "version": 1,
        "interventions": [{"cancel": "worker", "occurrence": 5, "at": 1}]})");
    auto r = runLoopscope({"run", path("fetch.py"), "--timestamps"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, kScriptPlain);
    QVERIFY2(r.err.contains("loopscope: intervention at t=1.000: task 'worker' (#5) was not "
                            "running: no such task had been created\n"),
             qPrintable(r.err));
}

void TestInterventionsCli::badFileIsRefusedWithItsPlace() {
    write(path("fetch.interventions.json"), R"({"format": "loopscope-interventions", "version": 1,
 "interventions": [{"cancel": "worker", "at": -1}]})");
    const QString where = path("fetch.interventions.json") +
                          ":2:47: interventions[0].at: expected a time >= 0 seconds\n";
    auto run = runLoopscope({"run", path("fetch.py"), "--timestamps"});
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.out, QString());
    QCOMPARE(run.err, "loopscope run: " + where);
    auto exp = runLoopscope({"export", path("fetch.py"), "-o", path("out.json")});
    QCOMPARE(exp.exitCode, 2);
    QCOMPARE(exp.err, "loopscope export: " + where);
    QVERIFY(!QFile::exists(path("out.json")));
    auto test = runLoopscope({"test", path("fetch.py")});
    QCOMPARE(test.exitCode, 1);
    QVERIFY2(test.out.contains("FAIL fetch: ") && test.out.contains(where.trimmed()),
             qPrintable(test.out));
    // --no-interventions does not even read it.
    QCOMPARE(runLoopscope({"run", path("fetch.py"), "--no-interventions"}).exitCode, 0);
    auto missing = runLoopscope({"run", path("fetch.py"), "--interventions", path("nope.json")});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.startsWith("loopscope run: cannot open '" + path("nope.json") + "'"),
             qPrintable(missing.err));
}

void TestInterventionsCli::badOptions_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("error");
    QTest::newRow("run: no file") << QStringList{"run", "fetch.py", "--interventions"}
                                  << "loopscope run: --interventions needs a file name";
    QTest::newRow("run: both") << QStringList{"run", "fetch.py", "--no-interventions",
                                              "--interventions", "x.json"}
                               << "loopscope run: --interventions and --no-interventions "
                                  "contradict each other";
    QTest::newRow("export: no file") << QStringList{"export", "fetch.py", "-o", "o.png",
                                                    "--interventions"}
                                     << "loopscope export: --interventions needs a file name";
    QTest::newRow("test: no file") << QStringList{"test", "fetch.py", "--interventions"}
                                   << "loopscope test: --interventions needs a file name";
}

void TestInterventionsCli::badOptions() {
    QFETCH(QStringList, args);
    QFETCH(QString, error);
    auto r = runLoopscope(args, dir_->path());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith(error), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestInterventionsCli)
#include "test_interventions_cli.moc"
