// The inspector's answer at a cursor time, pinned on real runs of the core: who holds a
// semaphore or lock and who waits for it in FIFO order, a queue's size and an event's state
// over time, and how a task that ended shows its outcome.
#include "ScenarioSupport.hpp"

#include <InspectorModel.hpp>

#include <QtTest>

using namespace loopscope;
using namespace loopscope::ui;
using namespace scenario;

namespace {

/// "Task-2", "Task-3", ...: the names of tasks first..first+count-1 (ids are name - 1).
QStringList taskRange(int first, int count) {
    QStringList out;
    for (int i = 0; i < count; ++i)
        out << QStringLiteral("Task-%1").arg(first + i);
    return out;
}

QStringList names(const Trace& trace, const std::vector<TaskId>& ids) {
    QStringList out;
    for (TaskId id : ids)
        out << QString::fromStdString(trace.tasks[id].name);
    return out;
}

const ResourceView& resource(const InspectorState& st, const std::string& name) {
    for (const ResourceView& r : st.resources)
        if (r.name == name)
            return r;
    qFatal("no resource %s", name.c_str());
}

const TaskView& task(const InspectorState& st, const std::string& name) {
    for (const TaskView& t : st.tasks)
        if (t.name == name)
            return t;
    qFatal("no task %s", name.c_str());
}

/// The tutorial's Semaphore(3): ten tasks, each inside for 2 s.
Trace semaphoreRun() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Semaphore semaphore(3, "semaphore");
        std::vector<Ref<Future>> tasks;
        for (int i = 0; i < 10; ++i)
            tasks.push_back(createTask([](Semaphore& s) -> Co<void> {
                co_await s.acquire();
                co_await sleep(2);
                s.release();
            }(semaphore)));
        co_await gather(tasks);
    }());
    if (r.status != RunStatus::Ok)
        qFatal("semaphore run: %s", qPrintable(runStatus(r)));
    return std::move(trace);
}

/// Main holds a lock for 1 s while four tasks queue on it; each keeps it 0.5 s.
Trace lockRun() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Lock lock("lock");
        co_await lock.acquire();
        std::vector<Ref<Future>> tasks;
        for (int i = 0; i < 4; ++i)
            tasks.push_back(createTask([](Lock& lock) -> Co<void> {
                co_await lock.acquire();
                co_await sleep(0.5);
                lock.release();
            }(lock)));
        co_await sleep(1);
        lock.release();
        co_await gather(tasks);
    }());
    if (r.status != RunStatus::Ok)
        qFatal("lock run: %s", qPrintable(runStatus(r)));
    return std::move(trace);
}

} // namespace

class TestInspector : public QObject {
    Q_OBJECT
private slots:
    void semaphoreHoldersInAcquireOrderAndWaitersFifo_data();
    void semaphoreHoldersInAcquireOrderAndWaitersFifo();
    void semaphoreWaiterShowsWhatItWaitsOn();
    void lockIsHandedOverInFifoOrder_data();
    void lockIsHandedOverInFifoOrder();
    void queueSizeOverTime_data();
    void queueSizeOverTime();
    void eventSetWakesItsWaiters();
    void finishedTaskShowsItsExceptionAfterItsEnd();
    void tasksAppearWhenCreated();
    void ioWaiterShowsItsLabel();
};

void TestInspector::semaphoreHoldersInAcquireOrderAndWaitersFifo_data() {
    QTest::addColumn<double>("t");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QStringList>("holders");
    QTest::addColumn<QStringList>("waiters");
    QTest::newRow("start") << 0.0 << "3/3 in use" << taskRange(2, 3) << taskRange(5, 7);
    QTest::newRow("first wave") << 1.0 << "3/3 in use" << taskRange(2, 3) << taskRange(5, 7);
    // At 2.0 the first wave releases and the next one acquires: events at t have happened.
    QTest::newRow("handover") << 2.0 << "3/3 in use" << taskRange(5, 3) << taskRange(8, 4);
    QTest::newRow("second wave") << 3.0 << "3/3 in use" << taskRange(5, 3) << taskRange(8, 4);
    QTest::newRow("last one") << 7.0 << "1/3 in use" << taskRange(11, 1) << QStringList();
    QTest::newRow("end") << 8.0 << "0/3 in use" << QStringList() << QStringList();
}

void TestInspector::semaphoreHoldersInAcquireOrderAndWaitersFifo() {
    QFETCH(double, t);
    QFETCH(QString, value);
    QFETCH(QStringList, holders);
    QFETCH(QStringList, waiters);
    static const Trace trace = semaphoreRun();
    static const InspectorModel model(trace);
    const InspectorState st = model.at(t);
    const ResourceView& s = resource(st, "semaphore");
    QCOMPARE(QString::fromStdString(s.valueText), value);
    QCOMPARE(s.value, int(holders.size()));
    QCOMPARE(names(trace, s.holders), holders);
    QCOMPARE(names(trace, s.waiters), waiters);
    // Asking for the one resource (a chart tooltip) gives the same answer.
    const ResourceView one = model.resourceAt(s.id, t);
    QCOMPARE(one.valueText, s.valueText);
    QCOMPARE(names(trace, one.holders), holders);
    QCOMPARE(names(trace, one.waiters), waiters);
}

void TestInspector::semaphoreWaiterShowsWhatItWaitsOn() {
    const Trace trace = semaphoreRun();
    const InspectorState st = inspectAt(trace, 1.0);
    const TaskView& waiter = task(st, "Task-5");
    QCOMPARE(waiter.state, TaskState::Waiting);
    QCOMPARE(waiter.wait, WaitKind::Semaphore);
    QCOMPARE(QString::fromStdString(describeWait(waiter)), QString("semaphore semaphore"));
    const TaskView& holder = task(st, "Task-2");
    QCOMPARE(holder.state, TaskState::Waiting);
    QCOMPARE(holder.wait, WaitKind::Sleep);
    QCOMPARE(task(st, "Task-1").wait, WaitKind::Gather);
}

void TestInspector::lockIsHandedOverInFifoOrder_data() {
    QTest::addColumn<double>("t");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QStringList>("waiters");
    QTest::newRow("main holds") << 0.5 << "held by Task-1" << taskRange(2, 4);
    QTest::newRow("released to w0") << 1.0 << "held by Task-2" << taskRange(3, 3);
    QTest::newRow("w1") << 1.75 << "held by Task-3" << taskRange(4, 2);
    QTest::newRow("w3") << 2.5 << "held by Task-5" << QStringList();
    QTest::newRow("free") << 3.0 << "free" << QStringList();
}

void TestInspector::lockIsHandedOverInFifoOrder() {
    QFETCH(double, t);
    QFETCH(QString, value);
    QFETCH(QStringList, waiters);
    static const Trace trace = lockRun();
    const InspectorState st = inspectAt(trace, t);
    const ResourceView& l = resource(st, "lock");
    QCOMPARE(QString::fromStdString(l.valueText), value);
    QCOMPARE(names(trace, l.waiters), waiters);
}

void TestInspector::queueSizeOverTime_data() {
    QTest::addColumn<double>("t");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QStringList>("waiters");
    QTest::addColumn<QString>("consumer");
    QTest::newRow("empty, consumer waits") << 0.5 << "size 0" << QStringList{"Task-2"}
                                           << "queue_get q";
    QTest::newRow("three put, one got") << 1.0 << "size 2" << QStringList() << "sleep";
    QTest::newRow("still two") << 2.5 << "size 2" << QStringList() << "sleep";
    QTest::newRow("drained") << 3.5 << "size 0" << QStringList() << "";
}

// The consumer waits on the empty queue; main puts three at 1.0 and the consumer takes one,
// then after 2 s the other two.
void TestInspector::queueSizeOverTime() {
    QFETCH(double, t);
    QFETCH(QString, value);
    QFETCH(QStringList, waiters);
    QFETCH(QString, consumer);
    static const Trace trace = [] {
        auto [r, trace] = runMain([]() -> Co<void> {
            Queue q(0, "q");
            Ref<Task> c = createTask([](Queue& q) -> Co<void> {
                co_await q.get();
                co_await sleep(2);
                co_await q.get();
                co_await q.get();
            }(q));
            co_await sleep(1);
            for (int i = 0; i < 3; ++i)
                q.putNowait(Value(i));
            co_await c;
        }());
        if (r.status != RunStatus::Ok)
            qFatal("queue run: %s", qPrintable(runStatus(r)));
        return std::move(trace);
    }();
    const InspectorState st = inspectAt(trace, t);
    const ResourceView& q = resource(st, "q");
    QCOMPARE(QString::fromStdString(q.valueText), value);
    QCOMPARE(names(trace, q.waiters), waiters);
    QCOMPARE(QString::fromStdString(describeWait(task(st, "Task-2"))), consumer);
}

// Two tasks wait on an event; main sets it at 1.0, which makes them ready at once; then each
// sleeps 1 s.
void TestInspector::eventSetWakesItsWaiters() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Event ev("ev");
        std::vector<Ref<Future>> tasks;
        for (int i = 0; i < 2; ++i)
            tasks.push_back(createTask([](Event& ev) -> Co<void> {
                co_await ev.wait();
                co_await sleep(1);
            }(ev)));
        co_await sleep(1);
        ev.set();
        co_await gather(tasks);
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    const InspectorModel model(trace);

    const InspectorState before = model.at(0.5);
    QCOMPARE(QString::fromStdString(resource(before, "ev").valueText), QString("clear"));
    QCOMPARE(names(trace, resource(before, "ev").waiters), taskRange(2, 2));
    QCOMPARE(QString::fromStdString(describeWait(task(before, "Task-3"))), QString("event ev"));

    const InspectorState atSet = model.at(1.0);
    QCOMPARE(QString::fromStdString(resource(atSet, "ev").valueText), QString("set"));
    QVERIFY(resource(atSet, "ev").waiters.empty());
    QCOMPARE(task(atSet, "Task-2").wait, WaitKind::Sleep);

    const InspectorState after = model.at(1.5);
    QCOMPARE(resource(after, "ev").value, 1);
    QCOMPARE(task(after, "Task-3").state, TaskState::Waiting);
    QCOMPARE(task(after, "Task-3").wait, WaitKind::Sleep);
}

// Task-2 raises ValueError at 1.0; main awaits it, catches, and goes on until 2.0.
void TestInspector::finishedTaskShowsItsExceptionAfterItsEnd() {
    auto [r, trace] = runMain([]() -> Co<void> {
        Ref<Task> t = createTask([]() -> Co<void> {
            co_await sleep(1);
            throw ValueError("bad input");
        }());
        try {
            co_await t;
        } catch (const ValueError&) {
        }
        co_await sleep(1);
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    const InspectorModel model(trace);

    const InspectorState running = model.at(0.5);
    QVERIFY(!task(running, "Task-2").finished);
    QCOMPARE(QString::fromStdString(describeWait(task(running, "Task-1"))),
             QString("task Task-2"));

    for (double t : {1.0, 1.5, 2.0}) {
        const InspectorState st = model.at(t);
        const TaskView& ended = task(st, "Task-2");
        QVERIFY(ended.finished);
        QCOMPARE(ended.outcome, Outcome::Exception);
        QCOMPARE(QString::fromStdString(ended.outcomeText), QString("ValueError: bad input"));
        QCOMPARE(ended.since, 1.0);
    }
    const InspectorState end = model.at(2.0);
    const TaskView& main = task(end, "Task-1");
    QCOMPARE(main.outcome, Outcome::Result);
    QCOMPARE(QString::fromStdString(main.outcomeText), QString("result: None"));
}

void TestInspector::tasksAppearWhenCreated() {
    auto [r, trace] = runMain([]() -> Co<void> {
        co_await sleep(1);
        co_await createTask(nap(1));
    }());
    QCOMPARE(r.status, RunStatus::Ok);
    const InspectorModel model(trace);
    QCOMPARE(model.at(0.5).tasks.size(), std::size_t(1));
    QCOMPARE(model.at(1.0).tasks.size(), std::size_t(2));
    const InspectorState later = model.at(1.5);
    QCOMPARE(task(later, "Task-2").wait, WaitKind::Sleep);
}

// A task waiting on labelled I/O shows the label as what it waits on; unlabelled, the kind.
void TestInspector::ioWaiterShowsItsLabel() {
    const Trace trace = runMain(labelledRequests()).trace;
    const InspectorState st = inspectAt(trace, 1.5);
    const TaskView& b = task(st, "Task-3"); // GET /b, 0..2
    QCOMPARE(b.state, TaskState::Waiting);
    QCOMPARE(b.wait, WaitKind::IO);
    QCOMPARE(QString::fromStdString(b.waitsOn), QString("GET /b"));
    QCOMPARE(QString::fromStdString(describeWait(b)), QString("io GET /b"));
    QCOMPARE(QString::fromStdString(describeWait(task(st, "Task-4"))), QString("io GET /a"));
    const InspectorState early = inspectAt(trace, 0.5);
    QCOMPARE(QString::fromStdString(describeWait(task(early, "Task-5"))), QString("io"));
}

QTEST_GUILESS_MAIN(TestInspector)
#include "test_inspector.moc"
