// The chart's compare overlay: a previous run of the same task graph drawn ghosted behind the
// current one, matched by task name and occurrence, with the end-time difference; in the
// widget, its summary text, and in exported pictures.
#include "TimelineExport.hpp"
#include "TimelineGeometry.hpp"
#include "TimelineLayout.hpp"
#include "TimelineView.hpp"

#include <loopscope/graph/GraphLoader.hpp>
#include <loopscope/graph/GraphRunner.hpp>

#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

using namespace loopscope;

namespace {

/// Four 1 s jobs behind a Semaphore(`capacity`): with 2 slots the run ends at 2 s, with 1 at
/// 4 s (job_d holds the semaphore from 3 to 4).
std::shared_ptr<const Trace> jobsRun(int capacity) {
    const std::string job =
        R"({"hold": "slots", "steps": [{"sleep": 1}]})";
    const std::string text =
        R"({"format": "loopscope-graph", "version": 1,
            "resources": [{"name": "slots", "type": "Semaphore", "value": )" +
        std::to_string(capacity) + R"(}], "tasks": [
            {"name": "job_a", "steps": [)" + job + R"(]},
            {"name": "job_b", "steps": [)" + job + R"(]},
            {"name": "job_c", "steps": [)" + job + R"(]},
            {"name": "job_d", "steps": [)" + job + R"(]}]})";
    std::string error;
    const auto g = graph::parseGraph(text, "jobs.lsgraph.json", &error);
    if (!g)
        qFatal("%s", error.c_str());
    graph::GraphRun run = graph::runGraph(*g);
    return std::make_shared<const Trace>(std::move(run.trace));
}

TaskId taskNamed(const Trace& trace, const std::string& name) {
    for (const TaskInfo& t : trace.tasks)
        if (t.name == name)
            return t.id;
    return kNone;
}

/// The colour the ghost gives `task`'s segment of `ghost` at time t.
QColor ghostColorAt(const Trace& ghost, TaskId task, double t, ui::Theme theme) {
    for (const Segment& s : ghost.segmentsOf(task))
        if (s.start <= t && t < s.end)
            return ui::TimelineGeometry::ghostColor(ui::segmentColor(s.state(), s.wait(), theme),
                                                    ui::TimelineColors::of(theme).background);
    return {};
}

/// The pixel (x, y) of `g` in `image`, at the middle of the row of task `task`.
QPoint rowPoint(const ui::TimelineGeometry& g, TaskId task, double t) {
    const int row = g.layout.rowOfTask(task);
    const ui::TimelineRow& r = g.layout.rows()[std::size_t(row)];
    return QPoint(int(std::floor(g.axis.xOf(t))), int(r.top + r.height / 2));
}

const QString kLessSummary = QStringLiteral("previous end 4.000 s  (now 2.000 s, \u22122.000 s)");

} // namespace

class TestCompareOverlay : public QObject {
    Q_OBJECT
private slots:
    void matchesTasksByNameAndOccurrence();
    void ghostBarsSitOnTheRowsOfTheSameTasks();
    void compareText_data();
    void compareText();
    void widgetDrawsTheGhostWhereOnlyItRan();
    void clearingTheGhostRemovesIt();
    void ghostStaysAcrossRuns();
    void exportIncludesTheGhost();
};

void TestCompareOverlay::matchesTasksByNameAndOccurrence() {
    Trace a, b;
    auto add = [](Trace& t, const char* name) {
        TaskInfo info;
        info.id = TaskId(t.tasks.size());
        info.name = name;
        t.tasks.push_back(info);
    };
    for (const char* n : {"w", "x", "w", "only_a"})
        add(a, n);
    for (const char* n : {"x", "w", "y", "w"})
        add(b, n);
    const std::vector<TaskId> m = ui::matchTasks(a, b);
    QCOMPARE(m, (std::vector<TaskId>{1, 0, 3, kNone}));
}

void TestCompareOverlay::ghostBarsSitOnTheRowsOfTheSameTasks() {
    const auto now = jobsRun(2), previous = jobsRun(1);
    ui::TimelineView view;
    view.width = 1000;
    const ui::TimelineGeometry plain = ui::TimelineGeometry::build(*now, view);
    QVERIFY(plain.ghostBars.empty());
    QVERIFY(!plain.compare.shown);
    QCOMPARE(plain.axis.t1(), 2.0);

    view.ghost = previous.get();
    const ui::TimelineGeometry g = ui::TimelineGeometry::build(*now, view);
    QCOMPARE(g.axis.t1(), 4.0); // fit-all spans the previous end
    QVERIFY(!g.ghostBars.empty());
    // Every ghost bar lies within a task row, and job_d's reaches 4 s.
    const int rowD = g.layout.rowOfTask(taskNamed(*now, "job_d"));
    const ui::TimelineRow& r = g.layout.rows()[std::size_t(rowD)];
    int rightmost = 0;
    for (const auto& b : g.ghostBars) {
        QVERIFY(g.layout.rowAt(b.rect.center().y()) >= 0);
        if (b.rect.top() >= r.top && b.rect.bottom() < r.top + r.height)
            rightmost = std::max(rightmost, b.rect.right());
    }
    QCOMPARE(rightmost + 1, int(std::round(g.axis.xOf(4.0))));
    // The end line at 4 s, labelled under the rows.
    QVERIFY(g.compare.shown);
    QCOMPARE(int(g.compare.line.left()), int(std::floor(g.axis.xOf(4.0))));
    QCOMPARE(g.compare.label.text, kLessSummary);
    QVERIFY(g.compare.label.rect.top() >= g.layout.bottom());
    // No arrows from the ghost: the same as without it.
    QCOMPARE(g.arrows.all().size(), plain.arrows.all().size());
}

void TestCompareOverlay::compareText_data() {
    QTest::addColumn<double>("previous");
    QTest::addColumn<double>("now");
    QTest::addColumn<QString>("text");
    QTest::newRow("faster") << 8.0 << 4.0 << "previous end 8.000 s  (now 4.000 s, \u22124.000 s)";
    QTest::newRow("slower") << 2.0 << 2.5 << "previous end 2.000 s  (now 2.500 s, +0.500 s)";
    QTest::newRow("same") << 1.0 << 1.0 << "previous end 1.000 s  (now 1.000 s, +0.000 s)";
    QTest::newRow("below a millisecond") << 1.0 << 0.9999 << "previous end 1.000 s  (now 1.000 s, +0.000 s)";
}

void TestCompareOverlay::compareText() {
    QFETCH(double, previous);
    QFETCH(double, now);
    QFETCH(QString, text);
    QCOMPARE(ui::compareText(previous, now), text);
}

void TestCompareOverlay::widgetDrawsTheGhostWhereOnlyItRan() {
    const auto now = jobsRun(2), previous = jobsRun(1);
    gui::TimelineView w;
    w.resize(1000, 400);
    w.setTrace(now);
    QVERIFY(w.compareSummary().isEmpty());
    w.setGhostTrace(previous);
    QCOMPARE(w.compareSummary(), kLessSummary);
    const ui::TimelineGeometry* g = w.geometry();
    QVERIFY(g);
    const QImage image = w.grab().toImage();
    const double scale = image.devicePixelRatio();
    // job_d ran 3..4 s in the previous run only: its row shows the ghost colour there.
    const TaskId d = taskNamed(*now, "job_d");
    const QPoint at = rowPoint(*g, d, 3.5);
    const QColor expected = ghostColorAt(*previous, taskNamed(*previous, "job_d"), 3.5, w.theme());
    QVERIFY(expected.isValid());
    QCOMPARE(image.pixelColor(at * scale).rgb(), expected.rgb());
    // Where the current run has a bar, it is drawn over the ghost.
    const QPoint current = rowPoint(*g, taskNamed(*now, "job_a"), 0.5);
    QCOMPARE(image.pixelColor(current * scale).rgb(),
             ui::segmentColor(TaskState::Waiting, WaitKind::Sleep, w.theme()).rgb());
    // The dashed end line: some pixels of its column in the rows are the text colour.
    const int x = int(g->compare.line.left());
    int dashes = 0;
    for (int y = int(g->axisY); y < int(g->layout.bottom()); ++y)
        dashes += image.pixelColor(QPoint(x, y) * scale).rgb() == g->colors.text.rgb();
    QVERIFY2(dashes > 4, qPrintable(QString::number(dashes)));
}

void TestCompareOverlay::clearingTheGhostRemovesIt() {
    const auto now = jobsRun(2), previous = jobsRun(1);
    gui::TimelineView w;
    w.resize(1000, 400);
    w.setTrace(now);
    w.setGhostTrace(previous);
    QVERIFY(!w.geometry()->ghostBars.empty());
    w.setGhostTrace(nullptr);
    QVERIFY(w.compareSummary().isEmpty());
    QVERIFY(w.geometry()->ghostBars.empty());
    QVERIFY(!w.geometry()->compare.shown);
    QCOMPARE(w.geometry()->axis.t1(), 2.0);
    const QImage image = w.grab().toImage();
    const ui::TimelineGeometry* g = w.geometry();
    // job_d's row after its end (1.5..2 s is done for it) is background again.
    const QPoint at = rowPoint(*g, taskNamed(*now, "job_d"), 1.99);
    QCOMPARE(image.pixelColor(at * image.devicePixelRatio()).rgb(), g->colors.background.rgb());
}

void TestCompareOverlay::ghostStaysAcrossRuns() {
    // The builder shows the last run as the ghost of the next: setTrace keeps it.
    const auto first = jobsRun(1), second = jobsRun(2), third = jobsRun(4);
    gui::TimelineView w;
    w.resize(800, 300);
    w.setTrace(first);
    w.setGhostTrace(first);
    w.setTrace(second);
    QCOMPARE(w.compareSummary(), kLessSummary);
    QVERIFY(!w.geometry()->ghostBars.empty());
    w.setTrace(third, second); // the same in one layout
    QCOMPARE(w.ghostTrace(), second.get());
    QCOMPARE(w.compareSummary(),
             QStringLiteral("previous end 2.000 s  (now 1.000 s, \u22121.000 s)"));
}

void TestCompareOverlay::exportIncludesTheGhost() {
    const auto now = jobsRun(2), previous = jobsRun(1);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ui::ExportOptions options;
    options.width = 900;
    options.ghost = previous.get();
    QString error;
    const QString png = dir.filePath(QStringLiteral("compare.png"));
    QVERIFY2(ui::exportTimeline(*now, png, options, &error), qPrintable(error));
    const QImage image(png);
    QVERIFY(!image.isNull());
    const ui::TimelineGeometry g = ui::TimelineGeometry::build(*now, options);
    const QPoint at = rowPoint(g, taskNamed(*now, "job_d"), 3.5);
    QCOMPARE(image.pixelColor(at).rgb(),
             ghostColorAt(*previous, taskNamed(*previous, "job_d"), 3.5, options.theme).rgb());

    const QString svg = dir.filePath(QStringLiteral("compare.svg"));
    QVERIFY2(ui::exportTimeline(*now, svg, options, &error), qPrintable(error));
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    QVERIFY(text.contains(QStringLiteral("previous end 4.000 s")));
    QVERIFY(text.contains(QStringLiteral("previous run")));

    options.ghost = nullptr; // and without it, neither
    QVERIFY2(ui::exportTimeline(*now, svg, options, &error), qPrintable(error));
    QFile plain(svg);
    QVERIFY(plain.open(QIODevice::ReadOnly));
    QVERIFY(!QString::fromUtf8(plain.readAll()).contains(QStringLiteral("previous end")));
}

QTEST_MAIN(TestCompareOverlay)
#include "test_compare_overlay.moc"
