// The timeline's pure geometry: time <-> pixel, tick steps and labels, the row layout and
// hit-testing (children under their creator, the filter, folded groups, the loop's lane),
// the pixel-column aggregation of segments, the resource level lines and the
// cause arrows.
// No painter and no fonts: these are the numbers every view and export draws from.
#include "CauseArrows.hpp"
#include "ResourceSeries.hpp"
#include "SegmentRuns.hpp"
#include "TimeAxis.hpp"
#include "TimelineGeometry.hpp"
#include "TimelineLayout.hpp"
#include "StatePalette.hpp"
#include "TimelineView.hpp"

#include <QtTest>

#include <random>

using namespace loopscope;
using namespace loopscope::ui;

namespace {

/// A trace with tasks Task-1 main, Task-2 fetch, Task-3 (no coroutine name) and
/// resources Lock-1 and Queue-1. Task-2: sleep 0..2, running 2..2, lock 2..3.
Trace sampleTrace() {
    Trace t;
    const char* names[][2] = {{"Task-1", "main"}, {"Task-2", "fetch"}, {"Task-3", ""}};
    for (TaskId i = 0; i < 3; ++i) {
        TaskInfo info;
        info.id = i;
        info.name = names[i][0];
        info.coroutine = names[i][1];
        t.tasks.push_back(info);
    }
    const std::pair<ResourceKind, const char*> resources[] = {{ResourceKind::Lock, "Lock-1"},
                                                              {ResourceKind::Queue, "Queue-1"}};
    for (const auto& [kind, name] : resources) {
        ResourceInfo r;
        r.id = ResourceId(t.resources.size());
        r.kind = kind;
        r.name = name;
        t.resources.push_back(r);
    }
    auto seg = [&](double a, double b, TaskId task, TaskState s, WaitKind w) {
        Segment x;
        x.start = a;
        x.end = b;
        x.setTask(task);
        x.setState(s);
        x.setWait(w);
        t.segments.push_back(x);
    };
    seg(0, 3, 0, TaskState::Waiting, WaitKind::Gather);    // 0
    seg(0, 2, 1, TaskState::Waiting, WaitKind::Sleep);     // 1
    seg(0, 1, 2, TaskState::Ready, WaitKind::None);        // 2
    seg(2, 2, 1, TaskState::Running, WaitKind::None);      // 3
    seg(2, 3, 1, TaskState::Waiting, WaitKind::Lock);      // 4
    t.endTime = 3;
    return t;
}

/// Segments from "start:end:K ..." with K one of R running, Y ready, B blocking,
/// S waiting on sleep, L waiting on a lock.
std::vector<Segment> parseSegments(const QString& spec) {
    std::vector<Segment> out;
    for (const QString& item : spec.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QStringList f = item.split(QLatin1Char(':'));
        Segment s;
        s.start = f[0].toDouble();
        s.end = f[1].toDouble();
        s.setTask(0);
        switch (f[2][0].toLatin1()) {
        case 'R': s.setState(TaskState::Running); break;
        case 'Y': s.setState(TaskState::Ready); break;
        case 'B': s.setState(TaskState::Blocking); break;
        case 'S': s.setState(TaskState::Waiting); s.setWait(WaitKind::Sleep); break;
        case 'L': s.setState(TaskState::Waiting); s.setWait(WaitKind::Lock); break;
        }
        out.push_back(s);
    }
    return out;
}

QString keyLetter(SegmentKey k) {
    switch (k.state) {
    case TaskState::Running: return "R";
    case TaskState::Ready: return "Y";
    case TaskState::Blocking: return "B";
    case TaskState::Waiting: return k.wait == WaitKind::Sleep ? "S" : "L";
    case TaskState::Done: break;
    }
    return "?";
}

/// Runs as "x0-x1:K ...".
QString formatRuns(const std::vector<SegmentRun>& runs) {
    QStringList out;
    for (const SegmentRun& r : runs)
        out << QStringLiteral("%1-%2:%3").arg(r.x0).arg(r.x1).arg(keyLetter(r.key));
    return out.join(QLatin1Char(' '));
}

/// Four tasks (Task-1 .. Task-4, ids 0..3, all created at 0) and events from
/// "time:K:task:actor:C ..." with K one of C created, W wake, X cancel request, S set, and
/// C the cause: T task, M timer, R runner, U user. An actor "-" is no task.
Trace arrowTrace(const QString& spec) {
    Trace t;
    for (TaskId i = 0; i < 4; ++i) {
        TaskInfo info;
        info.id = i;
        info.name = "Task-" + std::to_string(i + 1);
        t.tasks.push_back(info);
    }
    for (const QString& item : spec.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QStringList f = item.split(QLatin1Char(':'));
        TraceEvent e;
        e.time = f[0].toDouble();
        switch (f[1][0].toLatin1()) {
        case 'C': e.kind = EventKind::TaskCreated; break;
        case 'W': e.kind = EventKind::Wake; break;
        case 'X': e.kind = EventKind::CancelRequest; break;
        case 'S': e.kind = EventKind::Set; break;
        }
        e.task = TaskId(f[2].toUInt());
        e.actor = f[3] == "-" ? kNone : TaskId(f[3].toUInt());
        switch (f[4][0].toLatin1()) {
        case 'T': e.cause = Cause::Task; break;
        case 'M': e.cause = Cause::Timer; break;
        case 'R': e.cause = Cause::Runner; break;
        case 'U': e.cause = Cause::User; break;
        }
        t.events.push_back(e);
    }
    t.endTime = 4;
    return t;
}

/// Arrows as "from>to@x:K ..." with K one of C created, W woke, X cancelled, O timed out,
/// U cancelled by the user, D waits for (deadlock).
QString formatArrows(const CauseArrows& arrows) {
    QStringList out;
    for (const CauseArrow& a : arrows.all()) {
        const char k = "CWXOUD"[int(a.kind)];
        out << QStringLiteral("%1>%2@%3:%4").arg(a.fromRow).arg(a.toRow).arg(a.x).arg(k);
    }
    return out.join(QLatin1Char(' '));
}

/// Axis 0..4 s over x 100..500: 100 px a second.
const TimeAxis kArrowAxis(0, 4, 100, 400);

} // namespace

class TestTimelineGeometry : public QObject {
    Q_OBJECT
private slots:
    void timeToPixelAndBack_data();
    void timeToPixelAndBack();
    void clampsOutsideTheRange_data();
    void clampsOutsideTheRange();
    void zeroLengthRangeMapsToTheLeftEdge();
    void tickStepKeepsTicksApart_data();
    void tickStepKeepsTicksApart();
    void labelsAreExactDecimals_data();
    void labelsAreExactDecimals();
    void ticksCoverTheRange_data();
    void ticksCoverTheRange();
    void rowsAreTasksInCreationOrderThenResources();
    void maxRowsLeavesTheRestOut();
    void taskRowsNestUnderTheirCreator_data();
    void taskRowsNestUnderTheirCreator();
    void loopLaneShowsWhenTheLoopWasBlocked();
    void foldedGroupShowsItsCountAndAToggle();
    void deadlockDrawsItsWaitForEdges();
    void diagnosticsAreNotesOnTheirTaskRows();
    void runWithoutTasksSaysWhy();
    void rowAtY_data();
    void rowAtY();
    void segmentAtPoint_data();
    void segmentAtPoint();
    void aggregation_data();
    void aggregation();
    void hundredThousandSegmentsFitTheWidth_data();
    void hundredThousandSegmentsFitTheWidth();
    void resourceLevels();
    void resourceLineCollapsesPerPixel();
    void causeArrows_data();
    void causeArrows();
    void causeArrowsOnlyBetweenRowsShown();
    void causeArrowsUpToTheCursor_data();
    void causeArrowsUpToTheCursor();
    void millionWakeUpsMakeOneArrowPerColumn();
    void ioWaitTooltipNamesItsLabel();
};

void TestTimelineGeometry::timeToPixelAndBack_data() {
    QTest::addColumn<double>("t0");
    QTest::addColumn<double>("t1");
    QTest::addColumn<double>("x0");
    QTest::addColumn<double>("width");
    QTest::addColumn<double>("t");
    QTest::addColumn<double>("x");
    QTest::newRow("start") << 0.0 << 8.0 << 100.0 << 800.0 << 0.0 << 100.0;
    QTest::newRow("middle") << 0.0 << 8.0 << 100.0 << 800.0 << 1.0 << 200.0;
    QTest::newRow("end") << 0.0 << 8.0 << 100.0 << 800.0 << 8.0 << 900.0;
    QTest::newRow("zoomed") << 2.0 << 2.5 << 0.0 << 1000.0 << 2.1 << 200.0;
    QTest::newRow("microseconds") << 1.0 << 1.000001 << 0.0 << 1000.0 << 1.0000005 << 500.0;
    QTest::newRow("an hour") << 0.0 << 3600.0 << 10.0 << 1200.0 << 1800.0 << 610.0;
}

void TestTimelineGeometry::timeToPixelAndBack() {
    QFETCH(double, t0);
    QFETCH(double, t1);
    QFETCH(double, x0);
    QFETCH(double, width);
    QFETCH(double, t);
    QFETCH(double, x);
    const TimeAxis axis(t0, t1, x0, width);
    QVERIFY(std::abs(axis.xOf(t) - x) < 1e-6);
    QVERIFY(std::abs(axis.timeAt(x) - t) < (t1 - t0) * 1e-9);
    QVERIFY(std::abs(axis.timeAt(axis.xOf(t)) - t) < (t1 - t0) * 1e-9);
}

void TestTimelineGeometry::clampsOutsideTheRange_data() {
    QTest::addColumn<double>("t");
    QTest::addColumn<double>("x");
    QTest::addColumn<double>("expectedX");
    QTest::addColumn<double>("expectedT");
    // Axis [1, 3] over x 50..250.
    QTest::newRow("before") << 0.0 << 10.0 << 50.0 << 1.0;
    QTest::newRow("after") << 9.0 << 400.0 << 250.0 << 3.0;
    QTest::newRow("inside") << 2.0 << 150.0 << 150.0 << 2.0;
    QTest::newRow("nan time") << std::nan("") << 50.0 << 50.0 << 1.0;
}

void TestTimelineGeometry::clampsOutsideTheRange() {
    QFETCH(double, t);
    QFETCH(double, x);
    QFETCH(double, expectedX);
    QFETCH(double, expectedT);
    const TimeAxis axis(1, 3, 50, 200);
    QCOMPARE(axis.xOf(t), expectedX);
    QCOMPARE(axis.timeAt(x), expectedT);
}

void TestTimelineGeometry::zeroLengthRangeMapsToTheLeftEdge() {
    const TimeAxis axis(2, 2, 40, 500);
    QCOMPARE(axis.scale(), 0.0);
    QCOMPARE(axis.xOf(2), 40.0);
    QCOMPARE(axis.xOf(5), 40.0);
    QCOMPARE(axis.timeAt(300), 2.0);
    const auto ticks = axis.ticks();
    QCOMPARE(ticks.size(), std::size_t(1));
    QCOMPARE(ticks[0].label, QString("2 s"));
    // A reversed range is a zero-length one, not a mirrored one.
    QCOMPARE(TimeAxis(5, 1, 0, 100).xOf(3), 0.0);
    // Nothing is drawn on a zero-length axis.
    QVERIFY(aggregateSegments(parseSegments("0:5:S"), axis).empty());
}

void TestTimelineGeometry::tickStepKeepsTicksApart_data() {
    QTest::addColumn<double>("span");
    QTest::addColumn<double>("width");
    QTest::addColumn<double>("step");
    QTest::newRow("8 s over 800 px") << 8.0 << 800.0 << 1.0;
    QTest::newRow("8 s over 640 px: exactly 80 px") << 8.0 << 640.0 << 1.0;
    QTest::newRow("8 s over 400 px") << 8.0 << 400.0 << 2.0;
    QTest::newRow("8 s over 200 px") << 8.0 << 200.0 << 5.0;
    QTest::newRow("3 s over 800 px") << 3.0 << 800.0 << 0.5;
    QTest::newRow("3 s over 1600 px") << 3.0 << 1600.0 << 0.2;
    QTest::newRow("1 ms") << 0.001 << 1000.0 << 0.0001;
    QTest::newRow("an hour") << 3600.0 << 1000.0 << 500.0;
    QTest::newRow("a day") << 86400.0 << 1600.0 << 5000.0;
}

void TestTimelineGeometry::tickStepKeepsTicksApart() {
    QFETCH(double, span);
    QFETCH(double, width);
    QFETCH(double, step);
    const TimeAxis axis(0, span, 0, width);
    const double got = axis.tickStep(80);
    QVERIFY2(std::abs(got - step) <= step * 1e-9, qPrintable(QString::number(got)));
    QVERIFY(got * axis.scale() >= 80 * (1 - 1e-9));
    // and the next smaller 1/2/5 step would put them too close
    const double mantissa = got / std::pow(10, std::floor(std::log10(got) + 1e-9));
    const double smaller = got * (std::abs(mantissa - 5) < 1e-6 ? 0.4 : 0.5);
    QVERIFY(smaller * axis.scale() < 80);
}

void TestTimelineGeometry::labelsAreExactDecimals_data() {
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("mantissa");
    QTest::addColumn<int>("exponent");
    QTest::addColumn<QString>("label");
    QTest::newRow("zero") << 0 << 1 << 0 << "0 s";
    QTest::newRow("zero, fine step") << 0 << 5 << -3 << "0 s";
    QTest::newRow("half") << 1 << 5 << -1 << "0.5 s";
    QTest::newRow("two") << 1 << 2 << 0 << "2 s";
    QTest::newRow("1.25") << 25 << 5 << -2 << "1.25 s";
    QTest::newRow("0.3, not 0.30000000000000004") << 3 << 1 << -1 << "0.3 s";
    QTest::newRow("trailing zeros dropped") << 20 << 5 << -2 << "1 s";
    QTest::newRow("1.2") << 24 << 5 << -2 << "1.2 s";
    QTest::newRow("small") << 7 << 1 << -3 << "0.007 s";
    QTest::newRow("large") << 12 << 5 << 2 << "6000 s";
    QTest::newRow("negative") << -3 << 5 << -1 << "-1.5 s";
}

void TestTimelineGeometry::labelsAreExactDecimals() {
    QFETCH(int, n);
    QFETCH(int, mantissa);
    QFETCH(int, exponent);
    QFETCH(QString, label);
    QCOMPARE(TimeAxis::label(n, mantissa, exponent), label);
}

void TestTimelineGeometry::ticksCoverTheRange_data() {
    QTest::addColumn<double>("t0");
    QTest::addColumn<double>("t1");
    QTest::addColumn<double>("width");
    QTest::addColumn<QString>("labels");
    QTest::newRow("2 s, half seconds") << 0.0 << 2.0 << 400.0 << "0 s,0.5 s,1 s,1.5 s,2 s";
    QTest::newRow("tenths from 0.3") << 0.3 << 1.1 << 800.0
                                      << "0.3 s,0.4 s,0.5 s,0.6 s,0.7 s,0.8 s,0.9 s,1 s,1.1 s";
    QTest::newRow("first tick after t0") << 0.25 << 8.0 << 800.0
                                          << "1 s,2 s,3 s,4 s,5 s,6 s,7 s,8 s";
    QTest::newRow("zoomed, 0.05 steps") << 1.2 << 1.4 << 400.0 << "1.2 s,1.25 s,1.3 s,1.35 s,1.4 s";
}

void TestTimelineGeometry::ticksCoverTheRange() {
    QFETCH(double, t0);
    QFETCH(double, t1);
    QFETCH(double, width);
    QFETCH(QString, labels);
    const TimeAxis axis(t0, t1, 10, width);
    QStringList got;
    double lastX = -1e9;
    for (const Tick& t : axis.ticks(80)) {
        got << t.label;
        QVERIFY(t.x >= 10 && t.x <= 10 + width);
        QVERIFY(t.x - lastX >= 80 - 1e-6);
        lastX = t.x;
    }
    QCOMPARE(got.join(QLatin1Char(',')), labels);
}

void TestTimelineGeometry::rowsAreTasksInCreationOrderThenResources() {
    const Trace trace = sampleTrace();
    const TimelineLayout layout(trace, 30, 20);
    QStringList labels;
    for (const TimelineRow& r : layout.rows())
        labels << r.label;
    QCOMPARE(labels, QStringList({"Task-1 main", "Task-2 fetch", "Task-3", "Lock-1", "Queue-1"}));
    // A task named after its coroutine (a task graph's) is not labelled "job job".
    TaskInfo job;
    job.name = job.coroutine = "job";
    QCOMPARE(TimelineLayout::taskLabel(job), QString("job"));
    QCOMPARE(layout.rows()[3].kind, TimelineRow::Kind::Resource);
    QCOMPARE(layout.rows()[3].id, 0u);
    QCOMPARE(layout.rows()[4].top, 110.0);
    QCOMPARE(layout.bottom(), 130.0);
    QCOMPARE(layout.hiddenRows(), 0);
    // Each task's segments, in start order.
    const std::uint32_t* b = layout.segmentsBegin(1);
    QCOMPARE(std::vector<std::uint32_t>(b, layout.segmentsEnd(1)),
             std::vector<std::uint32_t>({1, 3, 4}));
}

// maxRows leaves tasks out first: the resources keep their rows (what a big run is about).
void TestTimelineGeometry::maxRowsLeavesTheRestOut() {
    const Trace trace = sampleTrace(); // 3 tasks, 2 resources
    auto labels = [&](int maxRows) {
        const TimelineLayout layout(trace, 0, 20, RowOptions{maxRows, {}, {}});
        QStringList out;
        for (const TimelineRow& r : layout.rows())
            out << r.label;
        return out.join(',') + QStringLiteral(" hidden %1").arg(layout.hiddenRows());
    };
    QCOMPARE(labels(4), QString("Task-1 main,Task-2 fetch,Lock-1,Queue-1 hidden 1"));
    QCOMPARE(labels(2), QString("Lock-1,Queue-1 hidden 3"));
    QCOMPARE(labels(1), QString("Lock-1 hidden 4"));
    QCOMPARE(TimelineLayout(trace, 0, 20, RowOptions{2, {}, {}}).rowAt(45), -1);
}

namespace {
/// Tasks from "name/coroutine:parent ..." (parent an index, "-" for the runner), ids in
/// order, each with one ready segment; plus one Lock.
Trace familyTrace(const QString& spec) {
    Trace t;
    for (const QString& item : spec.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QStringList f = item.split(QLatin1Char(':'));
        const QStringList nc = f[0].split(QLatin1Char('/'));
        TaskInfo info;
        info.id = TaskId(t.tasks.size());
        info.name = nc[0].toStdString();
        info.coroutine = nc.value(1).toStdString();
        info.parent = f[1] == "-" ? kNone : TaskId(f[1].toUInt());
        t.tasks.push_back(info);
        Segment s;
        s.start = 0;
        s.end = 1;
        s.setTask(info.id);
        t.segments.push_back(s);
    }
    ResourceInfo r;
    r.id = 0;
    r.name = "Lock-1";
    t.resources.push_back(r);
    t.endTime = 1;
    return t;
}

/// Rows as "label@depth+descendants" ("!" after the label of a collapsed row).
QString formatRows(const TimelineLayout& layout) {
    QStringList out;
    for (const TimelineRow& r : layout.rows())
        out << QStringLiteral("%1%2@%3+%4")
                   .arg(r.label, r.collapsed ? "!" : "")
                   .arg(r.depth)
                   .arg(r.descendants);
    return out.join(QLatin1Char(' '));
}
} // namespace

// main (0) creates a/fetch (1) and b (2); a creates c (3) after b was created; c creates d.
// Children come under their creator, depth first, each level in creation order; the filter
// and folding leave rows out and count them.
void TestTimelineGeometry::taskRowsNestUnderTheirCreator_data() {
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QString>("collapsed"); // task ids, comma-separated
    QTest::addColumn<QString>("rows");
    QTest::addColumn<int>("filtered");
    QTest::newRow("all") << "" << ""
                         << "main@0+4 a fetch@1+2 c@2+1 d@3+0 b@1+0 Lock-1@0+0" << 0;
    QTest::newRow("a folded") << "" << "1"
                              << "main@0+4 a fetch!@1+2 b@1+0 Lock-1@0+0" << 2;
    QTest::newRow("main folded") << "" << "0" << "main!@0+4 Lock-1@0+0" << 4;
    QTest::newRow("folded inside a folded group") << "" << "0,3"
                                                  << "main!@0+4 Lock-1@0+0" << 4;
    QTest::newRow("filter, any case, coroutine too") << "FETCH" << ""
                                                     << "a fetch@1+2 Lock-1@0+0" << 4;
    QTest::newRow("filter matching nothing") << "zzz" << "" << "Lock-1@0+0" << 5;
    QTest::newRow("filter inside a folded group") << "d" << "1" << "Lock-1@0+0" << 5;
}

void TestTimelineGeometry::taskRowsNestUnderTheirCreator() {
    QFETCH(QString, filter);
    QFETCH(QString, collapsed);
    QFETCH(QString, rows);
    QFETCH(int, filtered);
    const Trace trace = familyTrace("main:- a/fetch:0 b:0 c:1 d:3");
    RowOptions options;
    options.filter = filter;
    for (const QString& id : collapsed.split(QLatin1Char(','), Qt::SkipEmptyParts))
        options.collapsed.push_back(TaskId(id.toUInt()));
    const TimelineLayout layout(trace, 0, 20, options);
    QCOMPARE(formatRows(layout), rows);
    QCOMPARE(layout.filteredTasks(), filtered);
    for (std::size_t i = 0; i < layout.rows().size(); ++i)
        if (layout.rows()[i].kind == TimelineRow::Kind::Task)
            QCOMPARE(layout.rowOfTask(layout.rows()[i].id), int(i));
    if (!filter.isEmpty() || !collapsed.isEmpty())
        QCOMPARE(layout.rowOfTask(3), -1); // c is never shown then
}

// The loop's lane comes first, only in a run where the loop was blocked, and holds the
// Blocking segments of every task: hovering it finds the task that blocked.
void TestTimelineGeometry::loopLaneShowsWhenTheLoopWasBlocked() {
    Trace trace = familyTrace("main:- a:0 b:0");
    QCOMPARE(TimelineLayout(trace, 0, 20).rows().front().kind, TimelineRow::Kind::Task);
    Segment block;
    block.start = 1;
    block.end = 3;
    block.setTask(2);
    block.setState(TaskState::Blocking);
    trace.segments.push_back(block); // index 3
    block.start = 0.5;
    block.end = 0.75;
    block.setTask(1);
    trace.segments.push_back(block); // index 4, earlier
    trace.endTime = 4;
    const TimelineLayout layout(trace, 0, 20);
    QCOMPARE(formatRows(layout), QString("event loop@0+0 main@0+2 a@1+0 b@1+0 Lock-1@0+0"));
    QCOMPARE(layout.rows().front().kind, TimelineRow::Kind::Loop);
    QCOMPARE(layout.blockingSegments(), std::vector<std::uint32_t>({4, 3}));
    const TimeAxis axis(0, 4, 100, 400); // 100 px per second
    QCOMPARE(layout.segmentAt(axis, 100 + 200, 10), std::int64_t(3));  // t=2: b blocked
    QCOMPARE(layout.segmentAt(axis, 100 + 60, 10), std::int64_t(4));   // t=0.6: a blocked
    QCOMPARE(layout.segmentAt(axis, 100 + 380, 10), std::int64_t(-1)); // t=3.8: free

    // Drawn in the blocking colour across 1..3 s.
    TimelineView view;
    view.width = 800;
    const TimelineGeometry g = TimelineGeometry::build(trace, view);
    const QRectF lane(0, g.layout.rows().front().top, 800, g.layout.rows().front().height);
    int blockingBars = 0;
    for (const TimelineGeometry::Bar& b : g.bars)
        if (lane.contains(b.rect.center())) {
            QCOMPARE(g.palette[std::size_t(b.color)],
                     segmentColor(TaskState::Blocking, WaitKind::None, view.theme));
            ++blockingBars;
        }
    QCOMPARE(blockingBars, 2);
}

// A folded task's label says how many tasks it holds; rows with children get a toggle in
// front of their label, which starts further right for each generation.
void TestTimelineGeometry::foldedGroupShowsItsCountAndAToggle() {
    const Trace trace = familyTrace("main:- a/fetch:0 b:0 c:1 d:3");
    TimelineView view;
    view.width = 800;
    view.rows.collapsed = {1};
    const TimelineGeometry g = TimelineGeometry::build(trace, view);
    QStringList labels;
    for (const TimelineGeometry::Text& t : g.rowLabels)
        labels << t.text;
    QCOMPARE(labels.mid(0, 3), QStringList({"main", "a fetch (+2)", "b"}));
    QCOMPARE(g.toggles.size(), std::size_t(2)); // main and a
    QCOMPARE(g.toggles[0].task, TaskId(0));
    QVERIFY(!g.toggles[0].collapsed);
    QCOMPARE(g.toggles[1].task, TaskId(1));
    QVERIFY(g.toggles[1].collapsed);
    QVERIFY(g.toggles[1].rect.right() <= g.rowLabels[1].rect.left());
    QVERIFY(g.rowLabels[1].rect.left() > g.rowLabels[0].rect.left()); // indented
    QCOMPARE(g.rowLabels[2].rect.left(), g.rowLabels[1].rect.left()); // same generation
}

// At a deadlock the wait-for edges end the arrows, at the end of the run, one column each
// to the left: to the blocking task, or to the resource when no task can release it; an
// edge to a task not shown (or to nothing) draws nothing. Before the end they are hidden.
void TestTimelineGeometry::deadlockDrawsItsWaitForEdges() {
    Trace trace = familyTrace("main:- a:0 b:0"); // rows: main, a, b, Lock-1
    trace.status = RunStatus::Deadlock;
    trace.endTime = 4;
    trace.waitGraph = {{0, WaitKind::Gather, kNone, 1},  // main -> a
                       {1, WaitKind::Lock, 0, kNone},    // a -> Lock-1 (nobody releases it)
                       {2, WaitKind::Event, 1, kNone}};  // b -> an event with no row: nothing
    const TimelineLayout layout(trace, 0, 20);
    QCOMPARE(layout.rowOfResource(0), 3);
    QCOMPARE(layout.rowOfResource(1), -1);
    const CauseArrows arrows(trace, layout, kArrowAxis); // 0..4 s on x 100..500
    QStringList got;
    for (const CauseArrow& a : arrows.all())
        if (a.kind == ArrowKind::WaitsFor)
            got << QStringLiteral("%1>%2@%3").arg(a.fromRow).arg(a.toRow).arg(a.x);
    QCOMPARE(got, QStringList({"0>1@500", "1>3@496"}));
    QVERIFY(arrows.uses(ArrowKind::WaitsFor));
    QCOMPARE(arrows.countUpTo(3.9), std::size_t(0));
}

// A diagnostic is a note at its task and time (first line of its message), with a legend
// entry; a deadlock's and a diagnostic of a task not shown are not.
void TestTimelineGeometry::diagnosticsAreNotesOnTheirTaskRows() {
    Trace trace = familyTrace("main:- a:0 b:0");
    trace.endTime = 1;
    Diagnostic d;
    d.kind = Diagnostic::Kind::ExceptionNeverRetrieved;
    d.time = 0.5;
    d.task = 1;
    d.message = "Task exception was never retrieved\nTraceback ...";
    trace.diagnostics.push_back(d);
    d.kind = Diagnostic::Kind::Deadlock;
    trace.diagnostics.push_back(d);
    d.kind = Diagnostic::Kind::BlockedLoop;
    d.task = 7; // no such row
    trace.diagnostics.push_back(d);
    TimelineView view;
    view.width = 800;
    const TimelineGeometry g = TimelineGeometry::build(trace, view);
    QCOMPARE(g.notes.size(), std::size_t(1));
    QCOMPARE(g.notes[0].message, QString("Task exception was never retrieved"));
    QCOMPARE(g.notes[0].at.x(), g.axis.xOf(0.5));
    const TimelineRow& a = g.layout.rows()[std::size_t(g.layout.rowOfTask(1))];
    QVERIFY(g.notes[0].at.y() > a.top && g.notes[0].at.y() < a.top + a.height / 2);
    int legendNotes = 0;
    for (const TimelineGeometry::LegendEntry& e : g.legend)
        legendNotes += e.isNote;
    QCOMPARE(legendNotes, 1);
}

// A script that ended before any task (a SyntaxError) gets a note saying so, not an empty
// chart.
void TestTimelineGeometry::runWithoutTasksSaysWhy() {
    Trace trace;
    trace.status = RunStatus::Exception;
    trace.statusDetail = "SyntaxError";
    TimelineView view;
    view.width = 800;
    const TimelineGeometry g = TimelineGeometry::build(trace, view);
    QVERIFY(g.layout.rows().empty());
    QCOMPARE(g.hiddenNote.text, QString("no task ran: the script ended with SyntaxError before any"));
    trace.status = RunStatus::Ok;
    QCOMPARE(TimelineGeometry::build(trace, view).hiddenNote.text, QString("no task ran"));
}

void TestTimelineGeometry::rowAtY_data() {
    QTest::addColumn<double>("y");
    QTest::addColumn<int>("row");
    // Rows from y=30, 20 px each, five rows: 30..130.
    QTest::newRow("above") << 29.9 << -1;
    QTest::newRow("first row top") << 30.0 << 0;
    QTest::newRow("first row bottom") << 49.99 << 0;
    QTest::newRow("second row") << 50.0 << 1;
    QTest::newRow("last row") << 129.0 << 4;
    QTest::newRow("below") << 130.0 << -1;
}

void TestTimelineGeometry::rowAtY() {
    QFETCH(double, y);
    QFETCH(int, row);
    const Trace trace = sampleTrace();
    QCOMPARE(TimelineLayout(trace, 30, 20).rowAt(y), row);
}

void TestTimelineGeometry::segmentAtPoint_data() {
    QTest::addColumn<double>("x");
    QTest::addColumn<double>("y");
    QTest::addColumn<int>("segment");
    // Axis [0, 4] s over x 100..500 (100 px/s); rows from y=0, 20 px each.
    QTest::newRow("Task-1 gather") << 150.0 << 10.0 << 0;
    QTest::newRow("Task-2 sleep") << 200.0 << 30.0 << 1;
    QTest::newRow("Task-2 lock, after the zero-length run") << 350.0 << 30.0 << 4;
    QTest::newRow("Task-2 exactly at 2 s: the lock wait covers it") << 300.0 << 30.0 << 4;
    QTest::newRow("Task-3 ready") << 150.0 << 50.0 << 2;
    QTest::newRow("Task-3 just after its end, within a pixel") << 200.5 << 50.0 << 2;
    QTest::newRow("Task-3 long after its end") << 300.0 << 50.0 << -1;
    QTest::newRow("Task-2 after its end") << 450.0 << 30.0 << -1;
    QTest::newRow("label column") << 50.0 << 30.0 << -1;
    QTest::newRow("resource row") << 150.0 << 70.0 << -1;
    QTest::newRow("below the rows") << 150.0 << 500.0 << -1;
}

void TestTimelineGeometry::segmentAtPoint() {
    QFETCH(double, x);
    QFETCH(double, y);
    QFETCH(int, segment);
    const Trace trace = sampleTrace();
    const TimelineLayout layout(trace, 0, 20);
    QCOMPARE(layout.segmentAt(TimeAxis(0, 4, 100, 400), x, y), std::int64_t(segment));
}

void TestTimelineGeometry::aggregation_data() {
    QTest::addColumn<double>("t0");
    QTest::addColumn<double>("t1");
    QTest::addColumn<double>("width");
    QTest::addColumn<QString>("segments");
    QTest::addColumn<QString>("runs");
    // 1 px per second unless said otherwise.
    QTest::newRow("whole pixels") << 0.0 << 10.0 << 10.0 << "0:2:S 2:5:L" << "0-2:S 2-5:L";
    QTest::newRow("majority of the pixel wins") << 0.0 << 10.0 << 10.0 << "0:0.3:R 0.3:1:S"
                                                << "0-1:S";
    QTest::newRow("tie: the first in the pixel wins") << 0.0 << 10.0 << 10.0
                                                      << "0:0.5:R 0.5:1:S" << "0-1:R";
    QTest::newRow("coverage adds up per key") << 0.0 << 10.0 << 10.0
                                              << "0:0.2:S 0.2:0.5:R 0.5:0.7:S 0.7:0.9:Y"
                                              << "0-1:S";
    QTest::newRow("same colour merges across pixels") << 0.0 << 10.0 << 10.0
                                                      << "0:0.4:S 0.4:0.6:R 0.6:1.7:S"
                                                      << "0-2:S";
    QTest::newRow("zero-length segments draw nothing") << 0.0 << 10.0 << 10.0
                                                        << "0:0:R 0:3:S 3:3:R" << "0-3:S";
    QTest::newRow("only zero-length: empty") << 0.0 << 10.0 << 10.0 << "1:1:R 1:1:R" << "";
    QTest::newRow("partial edges round out") << 0.0 << 10.0 << 10.0 << "0.5:3.5:S" << "0-4:S";
    QTest::newRow("gaps stay empty") << 0.0 << 10.0 << 10.0 << "0:1:S 3:4:S" << "0-1:S 3-4:S";
    QTest::newRow("clipped to the range") << 2.0 << 6.0 << 4.0 << "0:3:S 3:10:L" << "0-1:S 1-4:L";
    QTest::newRow("outside the range") << 2.0 << 6.0 << 4.0 << "0:1:S 7:9:L" << "";
    QTest::newRow("a small blocking run loses to ready") << 0.0 << 10.0 << 10.0
                                                         << "0:0.2:B 0.2:0.9:Y" << "0-1:Y";
    QTest::newRow("2 px/s, a tie in pixel 2 goes to the earlier")
        << 0.0 << 10.0 << 20.0 << "0:1.25:S 1.25:2:R" << "0-3:S 3-4:R";
    QTest::newRow("many tiny alternations") << 0.0 << 1.0 << 2.0
                                            << "0:0.1:R 0.1:0.2:S 0.2:0.3:R 0.3:0.4:S "
                                               "0.4:0.5:S 0.5:0.6:R 0.6:0.7:R 0.7:0.8:L "
                                               "0.8:0.9:R 0.9:1:L"
                                            << "0-1:S 1-2:R";
}

void TestTimelineGeometry::aggregation() {
    QFETCH(double, t0);
    QFETCH(double, t1);
    QFETCH(double, width);
    QFETCH(QString, segments);
    QFETCH(QString, runs);
    const TimeAxis axis(t0, t1, 0, width);
    QCOMPARE(formatRuns(aggregateSegments(parseSegments(segments), axis)), runs);
}

void TestTimelineGeometry::hundredThousandSegmentsFitTheWidth_data() {
    QTest::addColumn<int>("width");
    QTest::addColumn<double>("from");
    QTest::addColumn<double>("to");
    QTest::newRow("fit all, 1000 px") << 1000 << 0.0 << -1.0;
    QTest::newRow("fit all, 37 px") << 37 << 0.0 << -1.0;
    QTest::newRow("zoomed into the middle") << 800 << 40.0 << 41.0;
}

void TestTimelineGeometry::hundredThousandSegmentsFitTheWidth() {
    QFETCH(int, width);
    QFETCH(double, from);
    QFETCH(double, to);
    // One task switching state 100k times at random sub-millisecond intervals.
    std::mt19937 rng(42);
    std::uniform_real_distribution<double> duration(0, 0.002);
    std::vector<Segment> segments;
    double t = 0;
    const TaskState states[] = {TaskState::Running, TaskState::Ready, TaskState::Waiting};
    for (int i = 0; i < 100000; ++i) {
        Segment s;
        s.start = t;
        t += i % 7 == 0 ? 0 : duration(rng);
        s.end = t;
        s.setState(states[i % 3]);
        s.setWait(s.state() == TaskState::Waiting ? WaitKind::Sleep : WaitKind::None);
        segments.push_back(s);
    }
    const TimeAxis axis(from, to < 0 ? t : to, 0, width);
    const auto runs = aggregateSegments(segments, axis);
    QVERIFY(!runs.empty());
    QVERIFY2(runs.size() <= std::size_t(width), qPrintable(QString::number(runs.size())));
    int x = 0;
    for (const SegmentRun& r : runs) {
        QVERIFY(r.x0 >= x);    // sorted and not overlapping
        QVERIFY(r.x1 > r.x0);  // at least a pixel
        QVERIFY(r.x1 <= width);
        x = r.x1;
    }
}

void TestTimelineGeometry::resourceLevels() {
    Trace trace = sampleTrace();
    ResourceInfo sem;
    sem.id = 2;
    sem.kind = ResourceKind::Semaphore;
    sem.name = "Semaphore-1";
    sem.capacity = 3;
    sem.initial = 3;
    trace.resources.push_back(sem);
    auto event = [&](double time, EventKind kind, ResourceId r, int value) {
        TraceEvent e;
        e.time = time;
        e.kind = kind;
        e.object = r;
        e.value = value;
        trace.events.push_back(e);
    };
    event(0, EventKind::Acquire, 2, 2); // permits left -> 1 in use
    event(0, EventKind::Acquire, 2, 1);
    event(1, EventKind::Acquire, 0, 1); // the lock
    event(2, EventKind::Release, 2, 2);
    event(2, EventKind::Put, 1, 1);     // the queue
    event(2.5, EventKind::Release, 0, 0);
    event(3, EventKind::Get, 1, 0);
    event(3, EventKind::Notify, 2, 1);  // not a level change
    const auto all = ResourceSeries::fromTrace(trace);
    QCOMPARE(all.size(), std::size_t(3));
    using Step = ResourceSeries::Step;
    QCOMPARE(all[0].quantity, QString("held"));
    QCOMPARE(all[0].steps, std::vector<Step>({{0, 0}, {1, 1}, {2.5, 0}}));
    QCOMPARE(all[1].quantity, QString("size"));
    QCOMPARE(all[1].steps, std::vector<Step>({{0, 0}, {2, 1}, {3, 0}}));
    QCOMPARE(all[2].quantity, QString("in use"));
    QCOMPARE(all[2].steps, std::vector<Step>({{0, 0}, {0, 1}, {0, 2}, {2, 1}}));
    QCOMPARE(all[2].maxValue, 3);
    // On a 100 px/s axis the line starts at the level after everything at t=0.
    const auto line = all[2].polyline(TimeAxis(0, 3, 0, 300), 3);
    QCOMPARE(line, std::vector<QPointF>({{0, 2}, {200, 2}, {200, 1}, {300, 1}}));
}

void TestTimelineGeometry::resourceLineCollapsesPerPixel() {
    Trace trace;
    ResourceInfo q;
    q.id = 0;
    q.kind = ResourceKind::Queue;
    trace.resources.push_back(q);
    for (int i = 0; i < 100000; ++i) {
        TraceEvent e;
        e.time = i * 0.001;
        e.kind = i % 2 ? EventKind::Get : EventKind::Put;
        e.object = 0;
        e.value = i % 2 ? 0 : 1 + i % 5;
        trace.events.push_back(e);
    }
    const auto series = ResourceSeries::fromTrace(trace);
    QCOMPARE(series[0].maxValue, 5);
    const auto line = series[0].polyline(TimeAxis(0, 100, 0, 500), 100);
    QVERIFY2(line.size() <= 4 * 500 + 2, qPrintable(QString::number(line.size())));
    for (std::size_t i = 1; i < line.size(); ++i)
        QVERIFY(line[i].x() >= line[i - 1].x());
}

void TestTimelineGeometry::causeArrows_data() {
    QTest::addColumn<QString>("events");
    QTest::addColumn<QString>("arrows");
    QTest::newRow("created by a task") << "0:C:1:0:T" << "0>1@100:C";
    QTest::newRow("created by the runner") << "0:C:0:-:R" << "";
    QTest::newRow("woken by the awaited task's end") << "1:W:0:1:T" << "1>0@200:W";
    QTest::newRow("woken upwards and downwards") << "1:W:0:3:T 1.5:W:3:0:T"
                                                 << "3>0@200:W 0>3@250:W";
    QTest::newRow("woken by itself") << "1:W:1:1:T" << "";
    QTest::newRow("woken by a timer") << "1:W:1:-:M" << "";
    QTest::newRow("cancelled by a task") << "2:X:2:0:T" << "0>2@300:X";
    QTest::newRow("timeout: from no row") << "2.5:X:3:-:M" << "-1>3@350:O";
    QTest::newRow("cancelled by the runner at exit") << "3:X:1:-:R" << "";
    QTest::newRow("intervention: from no row") << "2:X:2:-:U" << "-1>2@300:U";
    QTest::newRow("intervention and timeout in one column")
        << "2.5:X:3:-:M 2.501:X:3:-:U" << "-1>3@350:O -1>3@350:U";
    QTest::newRow("other events draw none") << "1:S:1:0:T" << "";
    QTest::newRow("one per column, pair and kind") << "1:W:0:1:T 1.001:W:0:1:T 1.009:W:0:1:T"
                                                   << "1>0@200:W";
    QTest::newRow("next column kept") << "1:W:0:1:T 1.01:W:0:1:T" << "1>0@200:W 1>0@201:W";
    QTest::newRow("other pair in the column kept") << "1:W:0:1:T 1.001:W:0:2:T 1.002:W:0:1:T"
                                                   << "1>0@200:W 2>0@200:W";
    QTest::newRow("other kind in the column kept") << "1:W:2:0:T 1:X:2:0:T"
                                                   << "0>2@200:W 0>2@200:X";
    QTest::newRow("timeouts dedupe too") << "2:X:3:-:M 2.001:X:3:-:M" << "-1>3@300:O";
    QTest::newRow("outside the range") << "4.5:W:0:1:T" << "";
    QTest::newRow("at both ends") << "0:C:1:0:T 4:W:0:1:T" << "0>1@100:C 1>0@500:W";
}

void TestTimelineGeometry::causeArrows() {
    QFETCH(QString, events);
    QFETCH(QString, arrows);
    const Trace trace = arrowTrace(events);
    const TimelineLayout layout(trace, 0, 20);
    const CauseArrows got(trace, layout, kArrowAxis);
    QCOMPARE(formatArrows(got), arrows);
    // The head points at the centre of the target row; a line starts at its source's centre.
    for (const CauseArrow& a : got.all()) {
        QCOMPARE(a.toY, a.toRow * 20.0 + 10);
        if (a.fromRow >= 0)
            QCOMPARE(a.fromY, a.fromRow * 20.0 + 10);
        QVERIFY(got.uses(a.kind));
    }
}

void TestTimelineGeometry::causeArrowsOnlyBetweenRowsShown() {
    // Two rows shown: Task-1 and Task-2. Arrows to or from Task-3 and Task-4 are left out.
    const Trace trace = arrowTrace("0:C:1:0:T 0:C:2:0:T 1:W:0:3:T 2:X:1:2:T 3:X:3:-:M");
    const TimelineLayout layout(trace, 0, 20, RowOptions{2, {}, {}});
    const CauseArrows arrows(trace, layout, kArrowAxis);
    QCOMPARE(formatArrows(arrows), QString("0>1@100:C"));
    QVERIFY(arrows.uses(ArrowKind::Created));
    QVERIFY(!arrows.uses(ArrowKind::Woke));
    QVERIFY(!arrows.uses(ArrowKind::TimedOut));
}

void TestTimelineGeometry::causeArrowsUpToTheCursor_data() {
    QTest::addColumn<double>("cursor");
    QTest::addColumn<int>("count");
    QTest::newRow("no cursor: all") << -1.0 << 5;
    QTest::newRow("before the first") << 0.5 << 0;
    QTest::newRow("at an arrow's time: drawn") << 2.0 << 2;
    QTest::newRow("between") << 2.4 << 2;
    QTest::newRow("a deduped arrow shows from its earliest event") << 2.5 << 4;
    QTest::newRow("after the last") << 10.0 << 5;
}

void TestTimelineGeometry::causeArrowsUpToTheCursor() {
    QFETCH(double, cursor);
    QFETCH(int, count);
    const Trace trace =
        arrowTrace("1:W:0:1:T 2:X:2:0:T 2.5:W:0:1:T 2.5:X:3:-:M 2.505:W:0:1:T 3:C:3:0:T");
    const CauseArrows arrows(trace, TimelineLayout(trace, 0, 20), kArrowAxis);
    QCOMPARE(formatArrows(arrows), QString("1>0@200:W 0>2@300:X 1>0@350:W -1>3@350:O 0>3@400:C"));
    QCOMPARE(int(arrows.countUpTo(cursor)), count);
}

void TestTimelineGeometry::millionWakeUpsMakeOneArrowPerColumn() {
    // Task-2 and Task-3 wake each other a million times over 4 s, 400 px: two arrows a column.
    Trace trace = arrowTrace("");
    const int n = 1'000'000;
    for (int i = 0; i < n; ++i) {
        TraceEvent e;
        e.time = 4.0 * i / n;
        e.kind = EventKind::Wake;
        e.cause = Cause::Task;
        e.task = TaskId(1 + i % 2);
        e.actor = TaskId(2 - i % 2);
        trace.events.push_back(e);
    }
    const CauseArrows arrows(trace, TimelineLayout(trace, 0, 20), kArrowAxis);
    QCOMPARE(int(arrows.all().size()), 2 * 400);
    int x = 100;
    for (std::size_t i = 0; i < arrows.all().size(); i += 2, ++x) {
        QCOMPARE(arrows.all()[i].x, x);
        QCOMPARE(arrows.all()[i + 1].x, x);
        QVERIFY(arrows.all()[i].toRow != arrows.all()[i + 1].toRow);
    }
}

// Hovering a labelled wait says what the I/O is ("waiting on I/O: GET /users", escaped for
// the tooltip's rich text), a worker's function likewise; an unlabelled one its kind only.
void TestTimelineGeometry::ioWaitTooltipNamesItsLabel() {
    auto trace = std::make_shared<Trace>();
    for (TaskId i = 0; i < 3; ++i) {
        TaskInfo info;
        info.id = i;
        info.name = "Task-" + std::to_string(i + 1);
        info.finished = 2;
        info.outcome = Outcome::Result;
        trace->tasks.push_back(info);
    }
    trace->labels = {"GET /users?name=<b>", "crunch"};
    trace->segments.push_back({0, 2, 0, 0, TaskState::Waiting, WaitKind::IO, 0});
    trace->segments.push_back({0, 2, 1, kNone, TaskState::Waiting, WaitKind::IO, 0});
    trace->segments.push_back({0, 2, 2, 1, TaskState::Waiting, WaitKind::Executor, 0});
    trace->endTime = 2;
    gui::TimelineView w;
    w.resize(800, 300);
    w.setTrace(trace);
    const TimelineGeometry* g = w.geometry();
    QVERIFY(g);
    auto tipAt = [&](TaskId task) {
        const TimelineRow& r = g->layout.rows()[std::size_t(g->layout.rowOfTask(task))];
        return w.toolTipAt(QPointF(g->axis.xOf(1.0), r.top + r.height / 2));
    };
    QVERIFY2(tipAt(0).contains("<br>waiting on I/O: GET /users?name=&lt;b&gt;<br>"),
             qPrintable(tipAt(0)));
    QVERIFY2(tipAt(1).contains("<br>waiting: io<br>"), qPrintable(tipAt(1)));
    QVERIFY2(tipAt(2).contains("<br>waiting on a worker: crunch<br>"), qPrintable(tipAt(2)));
}

QTEST_MAIN(TestTimelineGeometry)
#include "test_timeline_geometry.moc"
