// The window as a user meets it: open an example, run it (a real child `loopscope run`),
// and read back the console, the problems, the timeline's pixels, the title and the file.
#include "ProcessSupport.hpp"

#include <InspectorPane.hpp>
#include <InterventionsPane.hpp>
#include <MainWindow.hpp>
#include <PlaybackController.hpp>
#include <RunController.hpp>
#include <ScriptEditor.hpp>
#include <StatePalette.hpp>
#include <TimelineGeometry.hpp>
#include <TimelineView.hpp>

#include <QDockWidget>
#include <QFile>
#include <QMenu>
#include <QMimeData>
#include <QSettings>
#include <QStandardPaths>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSlider>
#include <QTextBlock>
#include <QTreeWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QtTest>

#include <loopscope/graph/InterventionsFile.hpp>

using namespace loopscope;
using namespace loopscope::gui;

namespace {

QString example(const char* name) {
    return QStringLiteral(LOOPSCOPE_EXAMPLES "/") + QLatin1String(name);
}

/// The window with its dialogs answered by the test.
class TestWindow : public MainWindow {
public:
    QMessageBox::StandardButton answer = QMessageBox::Cancel;
    int asked = 0;
    QStringList recoverAnswer; ///< empty: restore nothing
    QList<QStringList> recoverAsked;

protected:
    QMessageBox::StandardButton askToSaveChanges() override {
        ++asked;
        return answer;
    }
    QStringList askRecover(const QStringList& paths) override {
        recoverAsked << paths;
        return recoverAnswer;
    }
    QString askOpenFileName() override { return {}; }
    QString askOpenTraceName() override { return {}; }
    QString askSaveFileName() override { return {}; }
    void showError(const QString& message) override { qWarning("%s", qPrintable(message)); }
};

QStringList problemTexts(const MainWindow& w) {
    QStringList out;
    for (int i = 0; i < w.problems()->count(); ++i)
        out << w.problems()->item(i)->text();
    return out;
}

/// A script file with `text` in it.
bool writeFile(const QString& path, const QByteArray& text) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

QString readFile(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

/// Sends a drag of `urls` entering and dropping on `target`; whether the enter was accepted.
bool dragAndDrop(QWidget* target, const QList<QUrl>& urls) {
    QMimeData mime;
    mime.setUrls(urls);
    const QPoint at = target->rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
    return drop.isAccepted();
}

/// Runs the editor's text and waits for the run to end.
bool runAndWait(MainWindow& w) {
    QSignalSpy ended(&w, &MainWindow::runEnded);
    w.run();
    return ended.wait(30000) || ended.count() == 1;
}

/// A finished run plays from t=0 by itself; this stops it at the end, to see it all.
void showWholeRun(MainWindow& w) {
    w.playback()->pause();
    w.playback()->jumpToEnd();
}

/// The y of the middle of the row whose label starts with `prefix`, or -1.
double rowY(const ui::TimelineGeometry& g, const QString& prefix) {
    for (const ui::TimelineRow& r : g.layout.rows())
        if (r.label.startsWith(prefix))
            return r.top + r.height / 2;
    return -1;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void semaphoreRunFillsConsoleTimelineAndNoProblems();
    void ctrlWheelZoomsAroundTheMouseAndFFitsAll();
    void keysAndDragsZoomAndPan();
    void finishedRunPlaysFromTheStart();
    void playbackShowsTheRunUpToTheCursor();
    void playbackKeysActOnlyInTheTimeline();
    void clickingTheChartOrAConsoleLineMovesTheCursor();
    void deadlockShowsInProblems();
    void deadlockCycleIsDrawnOnTheChart();
    void syntaxErrorShowsWhere();
    void markerForFindsTheLineAProblemPointsAt_data();
    void markerForFindsTheLineAProblemPointsAt();
    void markersAtOneLineAreMerged();
    void problemsAreMarkedInTheEditor();
    void stopEndsARunThatWouldNotEnd();
    void filterBoxAndFoldTogglesChooseTheRows();
    void traceIsReadOffTheUiThreadAndStopDropsIt();
    void editingMarksModifiedAndSaveAsClearsIt();
    void unsavedChangesAreAskedAbout();
    void inspectorShowsTheSemaphoreAtTheCursor();
    void clickingATaskSelectsItInChartAndInspector();
    void exportTimelineWritesWhatTheChartShows();
    void timelineFollowsTheDesktopPalette();
    void openTraceShowsASavedRunWithoutRunningIt();
    void bigRunKeepsItsResourceRow();
    void recentFilesListTheOpenedScriptsMostRecentFirst();
    void recentFilesDropMissingFilesAndClear();
    void unsavedEditsAreOfferedBackAfterACrash();
    void autosaveIsRemovedOnDiscardAndOnClose();
    void droppingAScriptOpensIt();
    void geometryAndDocksAreRestored();
    void cancelHereAddsAnInterventionSavesItAndRunsAgain();
    void savingOverAScenarioTakesItsInterventionsAlong();
    void removingAnInterventionSavesAndRunsAgain();
    void openingAScriptLoadsItsInterventions();
    void unsavedScriptKeepsItsInterventionsUntilSaved();

private:
    QTemporaryDir settingsDir_;
    std::unique_ptr<TestWindow> w_;
};

void TestMainWindow::initTestCase() {
    // Settings and autosaves of this run only: never the user's.
    QVERIFY(settingsDir_.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(
        QStringLiteral("loopscope-test-%1").arg(QCoreApplication::applicationPid()));
    QCoreApplication::setApplicationName(QStringLiteral("test_main_window"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir_.path());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir_.path());
    QVERIFY(MainWindow::autosaveDir().contains("loopscope-test-"));
    QDir(MainWindow::autosaveDir()).removeRecursively();
}

void TestMainWindow::cleanupTestCase() {
    // The test-mode app data folder of this run (~/.qttest/share/ORG/APP) and its ORG.
    QDir dir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
    QVERIFY(dir.path().contains("loopscope-test-"));
    dir.removeRecursively();
    dir.cdUp();
    QDir().rmdir(dir.path()); // when now empty
}

void TestMainWindow::init() {
    w_ = std::make_unique<TestWindow>();
    w_->runController()->setExecutable(QStringLiteral(LOOPSCOPE_BIN));
    w_->resize(1400, 900);
    w_->show();
    QVERIFY(QTest::qWaitForWindowExposed(w_.get()));
}

void TestMainWindow::cleanup() {
    w_->answer = QMessageBox::Discard;
    w_.reset();
}

void TestMainWindow::semaphoreRunFillsConsoleTimelineAndNoProblems() {
    QVERIFY(w_->openFile(example("10_semaphore.py")));
    QVERIFY(runAndWait(*w_));
    QCOMPARE(w_->lastStatus(), QString("ok"));
    showWholeRun(*w_);

    // The console holds what `loopscope run --timestamps` prints, minus its '# end' line.
    const auto cli = loopscope::test::runLoopscope({"run", example("10_semaphore.py"),
                                                    "--timestamps"});
    QCOMPARE(cli.exitCode, 0);
    QStringList expected = cli.out.split('\n', Qt::SkipEmptyParts);
    QVERIFY(expected.takeLast().startsWith("# end t=8.000 status=ok"));
    QCOMPARE(w_->console()->toPlainText().split('\n', Qt::SkipEmptyParts), expected);

    QCOMPARE(problemTexts(*w_), QStringList());

    // 11 task rows (main and ten workers), then the semaphore's row.
    const ui::TimelineGeometry* g = w_->timeline()->geometry();
    QVERIFY(g);
    const auto& rows = g->layout.rows();
    QCOMPARE(int(rows.size()), 12);
    for (int i = 0; i < 11; ++i)
        QCOMPARE(rows[std::size_t(i)].kind, ui::TimelineRow::Kind::Task);
    QCOMPARE(rows[11].kind, ui::TimelineRow::Kind::Resource);

    // Task-5 (worker 3) waits on the semaphore from 0 to 2 s: its colour is there at t=1.
    double y = -1;
    for (const ui::TimelineRow& r : rows)
        if (r.label.startsWith("Task-5 "))
            y = r.top + r.height / 2;
    QVERIFY(y > 0);
    const QImage image = w_->timeline()->grab().toImage();
    const QColor want = ui::segmentColor(TaskState::Waiting, WaitKind::Semaphore,
                                         w_->timeline()->theme());
    const QColor got = image.pixelColor(int(g->axis.xOf(1.0)), int(y));
    QCOMPARE(got.name(), want.name());
    // And not at t=3, where it holds a permit and sleeps.
    QVERIFY(image.pixelColor(int(g->axis.xOf(3.0)), int(y)).name() != want.name());

    // The tooltip names the task, the state and what it waits on.
    const QString tip = w_->timeline()->toolTipAt(QPointF(g->axis.xOf(1.0), y));
    // (Named as the script names it since 3cc9d56: "semaphore = asyncio.Semaphore(3)".)
    QVERIFY2(tip.contains("Task-5") && tip.contains("on semaphore"), qPrintable(tip));

    w_->grab().save(QStringLiteral("/tmp/loopscope-window.png"));
}

void TestMainWindow::ctrlWheelZoomsAroundTheMouseAndFFitsAll() {
    QVERIFY(w_->openFile(example("10_semaphore.py")));
    QVERIFY(runAndWait(*w_));
    TimelineView* view = w_->timeline();
    const double x = view->geometry()->axis.xOf(2.0);
    const QPointF at(x, view->geometry()->axisY + 5);
    QWheelEvent zoomIn(at, view->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton,
                       Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view, &zoomIn);
    const ui::TimeAxis& axis = view->geometry()->axis;
    QVERIFY(axis.t1() - axis.t0() < 8.0 * 0.9);
    QCOMPARE(qRound(axis.timeAt(x) * 1000), 2000); // the time under the mouse stays put

    // A plain wheel pans when zoomed, keeping the span.
    const double span = axis.t1() - axis.t0();
    QWheelEvent pan(at, view->mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton,
                    Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view, &pan);
    QVERIFY(view->geometry()->axis.t0() > 2.0 - span); // moved later in time
    QCOMPARE(view->geometry()->axis.t1() - view->geometry()->axis.t0(), span);

    view->setFocus();
    QTest::keyClick(view, Qt::Key_F);
    QCOMPARE(view->geometry()->axis.t0(), 0.0);
    QCOMPARE(view->geometry()->axis.t1(), 8.0);
}

// + and - zoom around the playback cursor; Shift+drag zooms into the dragged range; a plain
// drag pans a zoomed view, the time under the mouse following it.
void TestMainWindow::keysAndDragsZoomAndPan() {
    QVERIFY(w_->openFile(example("10_semaphore.py")));
    QVERIFY(runAndWait(*w_));
    w_->playback()->pause();
    w_->playback()->setCursor(2.0);
    TimelineView* view = w_->timeline();
    view->setFocus();
    const double xCursor = view->geometry()->axis.xOf(2.0);
    QTest::keyClick(view, Qt::Key_Plus);
    const ui::TimeAxis* axis = &view->geometry()->axis;
    QVERIFY(std::abs((axis->t1() - axis->t0()) - 8.0 / 1.25) < 1e-9);
    QVERIFY(std::abs(axis->xOf(2.0) - xCursor) < 1e-6); // the cursor stays where it was
    QTest::keyClick(view, Qt::Key_Minus);
    QCOMPARE(view->visibleFrom(), 0.0);
    QCOMPARE(view->geometry()->axis.t1(), 8.0);

    // Shift+drag from 2 s to 4 s.
    const int y = int(view->geometry()->layout.rows()[3].top + 5);
    axis = &view->geometry()->axis;
    const QPoint a(int(axis->xOf(2.0)), y), b(int(axis->xOf(4.0)), y);
    const double pixel = 1 / axis->scale();
    QTest::mousePress(view, Qt::LeftButton, Qt::ShiftModifier, a);
    QTest::mouseMove(view, (a + b) / 2);
    QTest::mouseMove(view, b);
    QTest::mouseRelease(view, Qt::LeftButton, Qt::ShiftModifier, b);
    QVERIFY2(std::abs(view->visibleFrom() - 2.0) < pixel && std::abs(view->visibleTo() - 4.0) < pixel,
             qPrintable(QString("%1..%2").arg(view->visibleFrom()).arg(view->visibleTo())));

    // Drag 100 px to the right: 100 px worth of time earlier, the span unchanged.
    const double from = view->visibleFrom(), to = view->visibleTo();
    const double perPixel = (to - from) / view->geometry()->axis.width();
    const QPoint c(int(view->geometry()->axis.xOf(3.0)), y);
    QTest::mousePress(view, Qt::LeftButton, {}, c);
    QTest::mouseMove(view, c + QPoint(50, 0));
    QTest::mouseMove(view, c + QPoint(100, 0));
    QTest::mouseRelease(view, Qt::LeftButton, {}, c + QPoint(100, 0));
    QVERIFY(std::abs(view->visibleFrom() - (from - 100 * perPixel)) < 1e-9);
    QVERIFY(std::abs(view->visibleTo() - (to - 100 * perPixel)) < 1e-9);
    QCOMPARE(view->selectedTask(), kNone); // a drag is not a click
}

void TestMainWindow::finishedRunPlaysFromTheStart() {
    QVERIFY(w_->openFile(example("10_semaphore.py")));
    QVERIFY(runAndWait(*w_));
    PlaybackController* pc = w_->playback();
    QVERIFY(pc->isPlaying());
    QCOMPARE(pc->endTime(), 8.0);
    QVERIFY(pc->cursor() < 1.0);
    QTRY_VERIFY_WITH_TIMEOUT(pc->cursor() > 0.05, 3000); // the timer moves it on
    QCOMPARE(w_->timeline()->cursor(), pc->cursor());
    pc->pause();
    QVERIFY(!pc->isPlaying());
}

void TestMainWindow::playbackShowsTheRunUpToTheCursor() {
    QVERIFY(w_->openFile(example("10_semaphore.py")));
    QVERIFY(runAndWait(*w_));
    PlaybackController* pc = w_->playback();
    pc->pause();
    pc->setCursor(2.5);

    // The console: exactly the CLI's lines printed at or before 2.5.
    const auto cli = loopscope::test::runLoopscope({"run", example("10_semaphore.py"),
                                                    "--timestamps"});
    QCOMPARE(cli.exitCode, 0);
    QStringList expected;
    for (const QString& line : cli.out.split('\n', Qt::SkipEmptyParts))
        if (line.startsWith('[') && line.mid(1, line.indexOf(']') - 1).toDouble() <= 2.5)
            expected << line;
    QCOMPARE(expected.size(), 9);
    QCOMPARE(w_->console()->toPlainText().split('\n', Qt::SkipEmptyParts), expected);
    QCOMPARE(w_->timeLabel()->text(), QString("t=2.500 / 8.000"));
    QCOMPARE(w_->scrubber()->value(), w_->scrubber()->maximum() * 25 / 80);

    // The now-line at 2.5.
    const ui::TimelineGeometry* g = w_->timeline()->geometry();
    QVERIFY(g);
    const double y = rowY(*g, "Task-11 ");
    QVERIFY(y > 0);
    QImage image = w_->timeline()->grab().toImage();
    const QColor cursorColor = ui::TimelineColors::of(w_->timeline()->theme()).cursor;
    QCOMPARE(image.pixelColor(int(g->axis.xOf(2.5)), int(y)).name(), cursorColor.name());

    // Step forward: the next event after 2.5 is 4.0 (the second batch ends).
    pc->stepToNextEvent();
    QCOMPARE(pc->cursor(), 4.0);
    QCOMPARE(w_->console()->toPlainText().split('\n', Qt::SkipEmptyParts).size(), 15);

    // Task-11 (worker 9) waits on the semaphore until 6: drawn at 3, not yet at 7.
    image = w_->timeline()->grab().toImage();
    const QColor wait = ui::segmentColor(TaskState::Waiting, WaitKind::Semaphore,
                                         w_->timeline()->theme());
    QCOMPARE(image.pixelColor(int(g->axis.xOf(3.0)), int(y)).name(), wait.name());
    const ui::TimelineColors colors = ui::TimelineColors::of(w_->timeline()->theme());
    // Nothing drawn after the cursor: the background, or the grid where a tick line (7 s)
    // crosses it.
    const QString after = image.pixelColor(int(g->axis.xOf(7.0)), int(y)).name();
    QVERIFY2(after == colors.background.name() || after == colors.grid.name(), qPrintable(after));
    QCOMPARE(image.pixelColor(int(g->axis.xOf(7.0)) + 3, int(y)).name(), colors.background.name());
    w_->grab().save(QStringLiteral("/tmp/loopscope-playback.png"));

    // Back a step, and to the end: everything again, the full console.
    pc->stepToPreviousEvent();
    QCOMPARE(pc->cursor(), 2.0);
    pc->jumpToEnd();
    QCOMPARE(w_->console()->toPlainText().split('\n', Qt::SkipEmptyParts).size(), 20);
    image = w_->timeline()->grab().toImage();
    QVERIFY(image.pixelColor(int(g->axis.xOf(7.0)), int(y)).name() != colors.background.name());
}

void TestMainWindow::playbackKeysActOnlyInTheTimeline() {
    QVERIFY(w_->openFile(example("10_semaphore.py")));
    QVERIFY(runAndWait(*w_));
    PlaybackController* pc = w_->playback();
    pc->pause();
    pc->setCursor(2.5);
    w_->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(w_.get()));

    w_->timeline()->setFocus();
    QTRY_VERIFY(w_->timeline()->hasFocus());
    QTest::keyClick(w_->timeline(), Qt::Key_Right);
    QCOMPARE(pc->cursor(), 4.0);
    QTest::keyClick(w_->timeline(), Qt::Key_Left);
    QCOMPARE(pc->cursor(), 2.0);
    QTest::keyClick(w_->timeline(), Qt::Key_End);
    QCOMPARE(pc->cursor(), 8.0);
    QTest::keyClick(w_->timeline(), Qt::Key_Home);
    QCOMPARE(pc->cursor(), 0.0);
    QTest::keyClick(w_->timeline(), Qt::Key_Space);
    QVERIFY(pc->isPlaying());
    QTest::keyClick(w_->timeline(), Qt::Key_Space);
    QVERIFY(!pc->isPlaying());

    // In the editor the same keys type and move the text cursor, playback stays put.
    pc->setCursor(2.5);
    w_->editor()->setFocus();
    QTRY_VERIFY(w_->editor()->hasFocus());
    w_->editor()->moveCursor(QTextCursor::Start);
    QTest::keyClick(w_->editor(), Qt::Key_Space);
    QTest::keyClick(w_->editor(), Qt::Key_Right);
    QTest::keyClick(w_->editor(), Qt::Key_End);
    QVERIFY(w_->editor()->toPlainText().startsWith(' '));
    QCOMPARE(pc->cursor(), 2.5);
    QVERIFY(!pc->isPlaying());

    // The speed box sets the speed.
    w_->speedBox()->setCurrentIndex(w_->speedBox()->findText("10x"));
    QCOMPARE(pc->speed(), 10.0);
}

void TestMainWindow::clickingTheChartOrAConsoleLineMovesTheCursor() {
    QVERIFY(w_->openFile(example("10_semaphore.py")));
    QVERIFY(runAndWait(*w_));
    PlaybackController* pc = w_->playback();
    pc->pause();
    pc->setCursor(1.0);
    TimelineView* view = w_->timeline();
    const ui::TimelineGeometry* g = view->geometry();
    // Just above the first row, under the axis labels: empty chart.
    const QPoint at(int(g->axis.xOf(5.0)), int(g->axisY) - 8);
    QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier, at);
    QVERIFY2(std::abs(pc->cursor() - 5.0) <= 1.0 / g->axis.scale(), qPrintable(QString::number(pc->cursor())));

    // The console's 7th line ([2.000] 任务 3 开始) moves the cursor to 2.
    pc->setCursor(8.0);
    QPlainTextEdit* console = w_->console();
    QTextCursor line(console->document()->findBlockByNumber(6));
    const QPoint p = console->cursorRect(line).center();
    QTest::mouseDClick(console->viewport(), Qt::LeftButton, Qt::NoModifier, p);
    QCOMPARE(pc->cursor(), 2.0);
}

void TestMainWindow::deadlockShowsInProblems() {
    QVERIFY(w_->openFile(example("11_queue.py")));
    QVERIFY(runAndWait(*w_));
    QCOMPARE(w_->lastStatus(), QString("deadlock"));
    const QString problems = problemTexts(*w_).join('\n');
    QVERIFY2(problems.contains("deadlock at t=5.000"), qPrintable(problems));
    QVERIFY2(problems.contains("consumer"), qPrintable(problems));
}

// Two tasks taking two locks in opposite order: at the end of the run the chart draws the
// wait-for cycle, an arrow each way between their rows, and their labels in the error
// colour; playback before the end shows neither.
void TestMainWindow::deadlockCycleIsDrawnOnTheChart() {
    w_->editor()->setPlainText(
        "import asyncio\n"
        "async def worker(first, second):\n"
        "    async with first:\n"
        "        await asyncio.sleep(0.1)\n"
        "        async with second:\n"
        "            pass\n"
        "async def main():\n"
        "    a, b = asyncio.Lock(), asyncio.Lock()\n"
        "    await asyncio.gather(worker(a, b), worker(b, a))\n"
        "asyncio.run(main())\n");
    QVERIFY(runAndWait(*w_));
    QCOMPARE(w_->lastStatus(), QString("deadlock"));
    showWholeRun(*w_);
    const ui::TimelineGeometry* g = w_->timeline()->geometry();
    const int w1 = g->layout.rowOfTask(1), w2 = g->layout.rowOfTask(2);
    // (g is re-read after every change of range: each rebuilds the geometry.)
    QVERIFY(w1 >= 0 && w2 >= 0);
    QStringList edges;
    for (const ui::CauseArrow& a : g->arrows.all())
        if (a.kind == ui::ArrowKind::WaitsFor)
            edges << QStringLiteral("%1>%2").arg(a.fromRow).arg(a.toRow);
    edges.sort();
    QStringList want = {QStringLiteral("%1>%2").arg(w1).arg(w2),
                        QStringLiteral("%1>%2").arg(w2).arg(w1)};
    want.sort();
    QCOMPARE(edges, want);
    QVERIFY(g->rowInDeadlock[std::size_t(w1)] && g->rowInDeadlock[std::size_t(w2)]);
    // main is stuck too, waiting for the gather: every stuck task is named in red.
    QVERIFY(g->rowInDeadlock[std::size_t(g->layout.rowOfTask(0))]);

    // Some pixel of a worker's label is in the error colour at the end, none before it.
    auto labelHasErrorColour = [&] {
        const QImage image = w_->timeline()->grab().toImage();
        const QRect r = g->rowLabels[std::size_t(w1)].rect.toRect();
        const QColor error = ui::TimelineColors::of(w_->timeline()->theme()).exception;
        for (int y = r.top(); y <= r.bottom(); ++y)
            for (int x = r.left(); x <= r.right(); ++x)
                if (image.pixelColor(x, y) == error)
                    return true;
        return false;
    };
    QVERIFY(labelHasErrorColour());
    w_->playback()->setCursor(0.05);
    QVERIFY(!labelHasErrorColour());
    // Zoomed in before the cursor, the run is still not over: still not red.
    w_->timeline()->setVisibleRange(0, 0.04);
    g = w_->timeline()->geometry();
    QVERIFY(!labelHasErrorColour());
    w_->timeline()->fitAll();
    g = w_->timeline()->geometry();
    QCOMPARE(g->arrows.countUpTo(0.05), g->arrows.all().size() - 2);
}

void TestMainWindow::syntaxErrorShowsWhere() {
    w_->editor()->setPlainText("import asyncio\n\nasync def main(:\n    pass\n");
    QVERIFY(runAndWait(*w_));
    QCOMPARE(w_->lastStatus(), QString("exception:SyntaxError"));
    const QString problems = problemTexts(*w_).join('\n');
    // Named after the editor's file, not the run's temporary copy.
    QVERIFY2(problems.startsWith("untitled.py:3:"), qPrintable(problems));
    QCOMPARE(w_->console()->toPlainText(), QString());
    // The editor marks the line, from the column the error points at.
    const QList<ScriptEditor::Marker> markers = w_->editor()->markers();
    QCOMPARE(markers.size(), 1);
    QCOMPARE(markers[0].line, 3);
    QCOMPARE(markers[0].column, 16);
    QVERIFY(markers[0].error);
    QVERIFY(markers[0].message.contains("SyntaxError"));
}

void TestMainWindow::markerForFindsTheLineAProblemPointsAt_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    QTest::newRow("syntax error") << "s.py:3:16: SyntaxError: invalid syntax\n    x(:\n     ^"
                                  << 3 << 16 << "s.py:3:16: SyntaxError: invalid syntax";
    QTest::newRow("traceback: the innermost frame in the script, the exception")
        << "Traceback (most recent call last):\n  File \"s.py\", line 10, in <module>\n"
           "    asyncio.run(main())\n  File \"/usr/lib/python3.11/x.py\", line 99, in run\n"
           "  File \"s.py\", line 3, in f\n    raise ValueError(\"boom\")\nValueError: boom"
        << 3 << 0 << "ValueError: boom";
    QTest::newRow("a diagnostic naming the temporary copy's path")
        << "[0.000] never awaited: /tmp/run-x/s.py:7: RuntimeWarning: coroutine 'g' was "
           "never awaited\nCoroutine created at\n  File \"/tmp/run-x/s.py\", line 7, in main"
        << 7 << 0
        << "[0.000] never awaited: /tmp/run-x/s.py:7: RuntimeWarning: coroutine 'g' was "
           "never awaited";
    QTest::newRow("blocking") << "Task-1 blocked the loop for 0.500 s with time.sleep at s.py:8"
                              << 8 << 0
                              << "Task-1 blocked the loop for 0.500 s with time.sleep at s.py:8";
    QTest::newRow("another file only") << "other.py:4: oops" << 0 << 0 << "other.py:4: oops";
    QTest::newRow("a longer name ending the same") << "bs.py:4: oops" << 0 << 0 << "bs.py:4: oops";
    QTest::newRow("nowhere") << "stopped" << 0 << 0 << "stopped";
}

void TestMainWindow::markerForFindsTheLineAProblemPointsAt() {
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    const ScriptEditor::Marker m = MainWindow::markerFor(text, "s.py", false);
    QCOMPARE(m.line, line);
    QCOMPARE(m.column, column);
    QCOMPARE(m.message, message);
    QVERIFY(!m.error);
}

// A run's exception and warnings mark their lines: the innermost frame of the traceback with
// what was raised, the never-awaited coroutine and the blocking call. A dot in the gutter,
// the message as the tooltip; an edit clears them.
// Markers at one line become one: an error if any is, the first five messages and a count.
void TestMainWindow::markersAtOneLineAreMerged() {
    ScriptEditor* ed = w_->editor();
    ed->setPlainText("a\nb\n\n");
    QList<ScriptEditor::Marker> many;
    for (int i = 0; i < 12; ++i)
        many << ScriptEditor::Marker{2, 0, QString("problem %1").arg(i), i == 7};
    many << ScriptEditor::Marker{3, 0, "on an empty line", false};
    ed->setMarkers(many);
    QCOMPARE(ed->markers().size(), 2);
    QVERIFY(ed->markers()[0].error);
    const QStringList text = ed->markerText(2).split('\n');
    QCOMPARE(text.size(), 6);
    QCOMPARE(text.first(), QString("problem 0"));
    QCOMPARE(text.last(), QString("… and 7 more"));
    QCOMPARE(ed->markerText(3), QString("on an empty line"));
}

void TestMainWindow::problemsAreMarkedInTheEditor() {
    w_->editor()->setPlainText("import asyncio, time\n"
                               "async def f():\n"
                               "    raise ValueError('boom')\n"
                               "async def g():\n"
                               "    pass\n"
                               "async def main():\n"
                               "    g()\n"
                               "    time.sleep(0.5)\n"
                               "    await f()\n"
                               "asyncio.run(main())\n");
    QVERIFY(runAndWait(*w_));
    QCOMPARE(w_->lastStatus(), QString("exception:ValueError"));
    // Three problems, each once: the diagnostics name untitled.py as stderr does, so the
    // traceback block does not repeat them.
    const QStringList problems = problemTexts(*w_);
    QCOMPARE(problems.size(), 3);
    QVERIFY2(!problems.join('\n').contains("/tmp/"), qPrintable(problems.join('\n')));
    ScriptEditor* ed = w_->editor();
    QMap<int, QString> byLine;
    for (const ScriptEditor::Marker& m : ed->markers())
        byLine[m.line] += (m.error ? "E " : "W ") + m.message;
    QVERIFY2(byLine.keys() == QList<int>({3, 7, 8}),
             qPrintable(problemTexts(*w_).join("\n----\n")));
    QCOMPARE(byLine[3], QString("E ValueError: boom"));
    QVERIFY2(byLine[7].startsWith("W ") && byLine[7].contains("never awaited"),
             qPrintable(byLine[7]));
    QVERIFY2(byLine[8].contains("time.sleep"), qPrintable(byLine[8]));
    QCOMPARE(ed->markerText(3), QString("ValueError: boom"));

    // The gutter shows a red dot at line 3.
    const int y = ed->cursorRect(QTextCursor(ed->document()->findBlockByNumber(2))).center().y();
    QCOMPARE(ed->lineAtY(y), 3);
    QWidget* gutter = nullptr;
    for (QWidget* child : ed->findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly))
        if (child != ed->viewport() && child->geometry().left() == ed->contentsRect().left() &&
            child->width() == ed->gutterWidth())
            gutter = child;
    QVERIFY(gutter);
    const QImage image = gutter->grab().toImage();
    bool red = false;
    for (int x = 0; x < 12; ++x)
        red = red || (image.pixelColor(x, y).red() > 180 && image.pixelColor(x, y).green() < 80);
    QVERIFY(red);

    // On the chart: a note for each diagnostic on main's row, its message as the tooltip.
    showWholeRun(*w_);
    const ui::TimelineGeometry* g = w_->timeline()->geometry();
    QCOMPARE(g->notes.size(), std::size_t(2));
    const QString tip = w_->timeline()->toolTipAt(g->notes[0].at - QPointF(0, 3));
    QVERIFY2(tip.contains("never awaited") || tip.contains("blocked the loop"), qPrintable(tip));

    ed->moveCursor(QTextCursor::End);
    ed->insertPlainText("# edited\n");
    QVERIFY(ed->markers().isEmpty());
}

namespace {
QStringList taskRowLabels(const MainWindow& w) {
    QStringList out;
    for (const ui::TimelineRow& r : w.timeline()->geometry()->layout.rows())
        if (r.kind == ui::TimelineRow::Kind::Task)
            out << r.label;
    return out;
}
} // namespace

// Ctrl+F goes to the filter box; typing in it leaves only the matching task rows. Clicking
// main's toggle folds its ten workers into its row, and the fold survives a second run.
void TestMainWindow::filterBoxAndFoldTogglesChooseTheRows() {
    QVERIFY(w_->openFile(example("10_semaphore.py")));
    QVERIFY(runAndWait(*w_));
    showWholeRun(*w_);
    QCOMPARE(taskRowLabels(*w_).size(), 11);

    w_->activateWindow();
    w_->timeline()->setFocus();
    QTest::keyClick(w_->timeline(), Qt::Key_F, Qt::ControlModifier);
    QVERIFY(w_->taskFilter()->hasFocus());
    QTest::keyClicks(w_->taskFilter(), "task-1");
    // Task-1 and Task-10, Task-11: the filter is a case-insensitive substring.
    QCOMPARE(taskRowLabels(*w_), QStringList({"Task-1 main", "Task-10 limited_task", "Task-11 limited_task"}));
    QVERIFY(w_->timeline()->geometry()->hiddenNote.text.contains("8 tasks not matching"));
    w_->taskFilter()->clear();
    QCOMPARE(taskRowLabels(*w_).size(), 11);

    const ui::TimelineGeometry* g = w_->timeline()->geometry();
    QCOMPARE(g->toggles.size(), std::size_t(1)); // main created the workers
    QCOMPARE(w_->timeline()->toolTipAt(g->toggles[0].rect.center()),
             QString("Fold the 10 task(s) Task-1 started into its row"));
    QTest::mouseClick(w_->timeline(), Qt::LeftButton, {}, g->toggles[0].rect.center().toPoint());
    QCOMPARE(taskRowLabels(*w_), QStringList({"Task-1 main"}));
    QVERIFY(w_->timeline()->geometry()->rowLabels[0].text.endsWith("(+10)"));

    QVERIFY(runAndWait(*w_));
    QCOMPARE(taskRowLabels(*w_), QStringList({"Task-1 main"}));
    g = w_->timeline()->geometry();
    QTest::mouseClick(w_->timeline(), Qt::LeftButton, {}, g->toggles[0].rect.center().toPoint());
    QCOMPARE(taskRowLabels(*w_).size(), 11);
}

void TestMainWindow::stopEndsARunThatWouldNotEnd() {
    w_->editor()->setPlainText("while True:\n    pass\n"); // the watchdog would take 10 s
    QSignalSpy ended(w_.get(), &MainWindow::runEnded);
    w_->run();
    QVERIFY(w_->isRunning());
    QTest::qWait(300);
    w_->stop();
    QVERIFY(ended.wait(5000));
    QVERIFY(!w_->isRunning());
    QCOMPARE(w_->lastStatus(), QString());
    QVERIFY(problemTexts(*w_).join('\n').startsWith("stopped"));
}

// The process has ended and its trace is being read: control is back in the event loop (the
// signal comes before the read is done), the run still counts as running, and Stop drops
// the read: "stopped", no chart from it, and a later run reads its trace as usual.
void TestMainWindow::traceIsReadOffTheUiThreadAndStopDropsIt() {
    w_->editor()->setPlainText("import asyncio\nasyncio.run(asyncio.sleep(1))\n");
    RunController* runner = w_->runController();
    QSignalSpy finished(runner, &RunController::finished);
    QSignalSpy ended(w_.get(), &MainWindow::runEnded);
    bool stoppedWhileReading = false;
    connect(runner, &RunController::readingTrace, this, [&] {
        QVERIFY(runner->isRunning());
        QVERIFY(w_->isRunning());
        runner->stop();
        stoppedWhileReading = true;
    });
    w_->run();
    QVERIFY(ended.wait(30000));
    QVERIFY(stoppedWhileReading);
    QVERIFY(!w_->isRunning());
    QVERIFY(problemTexts(*w_).join('\n').startsWith("stopped"));
    // Let the dropped read end and its result arrive: it must not reach the window.
    QVERIFY(QThreadPool::globalInstance()->waitForDone(30000));
    QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 0);
    QCOMPARE(ended.count(), 1);

    runner->disconnect(this);
    QVERIFY(runAndWait(*w_));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(w_->lastStatus(), QString("ok"));
}

void TestMainWindow::editingMarksModifiedAndSaveAsClearsIt() {
    QVERIFY(w_->openFile(example("04_gather.py")));
    QCOMPARE(w_->windowTitle(), QString("04_gather.py — loopscope"));
    w_->editor()->moveCursor(QTextCursor::End);
    w_->editor()->insertPlainText("# edited\n");
    QVERIFY(w_->editor()->document()->isModified());
    QCOMPARE(w_->windowTitle(), QString("04_gather.py* — loopscope"));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("mine.py");
    QVERIFY(w_->saveAs(path));
    QVERIFY(!w_->editor()->document()->isModified());
    QCOMPARE(w_->windowTitle(), QString("mine.py — loopscope"));
    QCOMPARE(w_->currentFile(), QFileInfo(path).absoluteFilePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(f.readAll()), w_->editor()->toPlainText());
    QVERIFY(w_->editor()->toPlainText().endsWith("# edited\n"));
}

void TestMainWindow::unsavedChangesAreAskedAbout() {
    QVERIFY(w_->openFile(example("04_gather.py")));
    w_->editor()->insertPlainText("x = 1\n");
    w_->answer = QMessageBox::Cancel;
    QVERIFY(!w_->openFile(example("10_semaphore.py"))); // cancelled: the edit stays
    QCOMPARE(w_->asked, 1);
    QVERIFY(w_->editor()->toPlainText().startsWith("x = 1\n"));
    QVERIFY(!w_->close());
    w_->answer = QMessageBox::Discard;
    QVERIFY(w_->openFile(example("10_semaphore.py")));
    QVERIFY(w_->windowTitle().startsWith("10_semaphore.py — "));
}

// At t=1 the first three tasks hold the script's `semaphore` and the other seven queue for
// it in the order they asked; moving the cursor to 3 shows the second wave.
void TestMainWindow::inspectorShowsTheSemaphoreAtTheCursor() {
    QVERIFY(w_->openFile(example("10_semaphore.py")));
    QVERIFY(runAndWait(*w_));
    PlaybackController* pc = w_->playback();
    pc->pause();
    pc->setCursor(1.0);
    QTreeWidget* resources = w_->inspector()->resources();
    QCOMPARE(resources->topLevelItemCount(), 1);
    QTreeWidgetItem* sem = resources->topLevelItem(0);
    QCOMPARE(sem->text(0), QString("semaphore"));
    QCOMPARE(sem->text(1), QString("3/3 in use"));
    QCOMPARE(sem->text(2).split(", "), QStringList({"Task-2", "Task-3", "Task-4"}));
    QCOMPARE(sem->text(3).split(", ").size(), 7);
    QCOMPARE(sem->text(3).split(", ").first(), QString("Task-5"));
    QCOMPARE(w_->inspector()->tasks()->topLevelItemCount(), 11);
    QCOMPARE(w_->inspector()->tasks()->topLevelItem(4)->text(1),
             QString("waiting on semaphore semaphore"));

    pc->setCursor(3.0);
    QCOMPARE(sem->text(2), QString("Task-5, Task-6, Task-7"));
    QCOMPARE(sem->text(3).split(", ").size(), 4);

    // The chart's semaphore row says the same on hover, at the time under the mouse.
    pc->jumpToEnd();
    const ui::TimelineGeometry* g = w_->timeline()->geometry();
    const ui::TimelineRow& row = g->layout.rows().back();
    QCOMPARE(row.kind, ui::TimelineRow::Kind::Resource);
    const QString tip = w_->timeline()->toolTipAt(
        QPointF(g->axis.xOf(3.0), row.top + row.height / 2));
    QVERIFY2(tip.contains("3/3 in use") && tip.contains("held by Task-5, Task-6, Task-7") &&
                 tip.contains("waiting: Task-8, Task-9, Task-10, Task-11"),
             qPrintable(tip));
}

// Clicking Task-5's row selects it: the row is highlighted where no bar covers it, and the
// inspector's current row is Task-5 at every cursor time. Clicking a row in the inspector
// selects that task in the chart; clicking the semaphore's row clears the selection.
void TestMainWindow::clickingATaskSelectsItInChartAndInspector() {
    QVERIFY(w_->openFile(example("10_semaphore.py")));
    QVERIFY(runAndWait(*w_));
    showWholeRun(*w_);
    TimelineView* tv = w_->timeline();
    const ui::TimelineGeometry* g = tv->geometry();
    const int row = g->layout.rowOfTask(4); // Task-5
    QVERIFY(row >= 0);
    const ui::TimelineRow& r = g->layout.rows()[std::size_t(row)];
    const int y = int(r.top + r.height / 2);
    // Task-5 ended at 4 s; at 7.3 s (off the grid lines) its row is empty: background, then
    // selection-tinted.
    const int x = int(g->axis.xOf(7.3));
    const QColor before = tv->grab().toImage().pixelColor(x, int(r.top) + 2);
    QCOMPARE(before.name(), ui::TimelineColors::of(tv->theme()).background.name());
    QTest::mouseClick(tv, Qt::LeftButton, {}, QPoint(int(g->axis.xOf(1.0)), y));
    QCOMPARE(tv->selectedTask(), TaskId(4));
    const QColor after = tv->grab().toImage().pixelColor(x, int(r.top) + 2);
    QVERIFY2(after != before, qPrintable(after.name()));
    // Its creation arrow from main is now solid: a pixel of the shaft, in a row it crosses
    // (away from that row's own marks), has exactly the arrow's colour at full opacity.
    const ui::CauseArrow* created = nullptr;
    for (const ui::CauseArrow& a : g->arrows.all())
        if (a.kind == ui::ArrowKind::Created && a.toRow == row)
            created = &a;
    QVERIFY(created && created->fromRow == 0 && row >= 3);
    QColor solid = ui::CauseArrows::color(ui::ArrowKind::Created, tv->theme());
    solid.setAlpha(255);
    const int crossed = int(g->layout.rows()[2].top) + 1;
    QCOMPARE(tv->grab().toImage().pixelColor(created->x, crossed).name(), solid.name());
    // Hovering the arrow says what it stands for (of the arrows of that instant, the
    // selected task's).
    QCOMPARE(tv->toolTipAt(QPointF(created->x + 1, crossed)),
             QString("<b>Task-1 main</b> creates <b>Task-5 limited_task</b><br>at 0.000 s"));

    QTreeWidget* tasks = w_->inspector()->tasks();
    QVERIFY(tasks->currentItem());
    QCOMPARE(tasks->currentItem()->text(0), QString("Task-5"));
    w_->playback()->setCursor(0.5);
    QCOMPARE(tasks->currentItem()->text(0), QString("Task-5"));

    // From the inspector back to the chart.
    QTreeWidgetItem* task7 = tasks->topLevelItem(6);
    QCOMPARE(task7->text(0), QString("Task-7"));
    tasks->scrollToItem(task7);
    const QRect itemRect = tasks->visualItemRect(task7);
    QTest::mouseClick(tasks->viewport(), Qt::LeftButton, {}, itemRect.center());
    QCOMPARE(tv->selectedTask(), TaskId(6));

    // Choosing a row with the keys does the same, and survives cursor moves.
    tasks->setFocus();
    QTest::keyClick(tasks, Qt::Key_Down);
    QCOMPARE(tasks->currentItem()->text(0), QString("Task-8"));
    QCOMPARE(tv->selectedTask(), TaskId(7));
    w_->playback()->setCursor(0.7);
    QCOMPARE(tasks->currentItem()->text(0), QString("Task-8"));

    // A click on the resource row clears it, in both.
    const ui::TimelineRow& sem = g->layout.rows().back();
    QTest::mouseClick(tv, Qt::LeftButton, {},
                      QPoint(int(g->axis.xOf(7.0)), int(sem.top + sem.height / 2)));
    QCOMPARE(tv->selectedTask(), kNone);
    QCOMPARE(tasks->currentItem(), nullptr);
}

// File > Export Timeline draws what the chart shows: the whole run 1600 px wide, or only
// the visible range at the chart's width; the folded groups stay folded. A bad suffix says
// which ones work and writes nothing.
void TestMainWindow::exportTimelineWritesWhatTheChartShows() {
    QTemporaryDir dir;
    QVERIFY(!w_->exportTimelineTo(dir.filePath("none.png"), false)); // no run yet
    QVERIFY(w_->openFile(example("10_semaphore.py")));
    QVERIFY(runAndWait(*w_));
    showWholeRun(*w_);
    QSignalSpy ended(w_.get(), &MainWindow::exportEnded);

    const QString whole = dir.filePath("whole.png");
    QVERIFY(w_->exportTimelineTo(whole, false));
    QVERIFY(ended.wait(30000));
    QVERIFY(ended.last().at(0).toBool());
    QImage image(whole);
    QCOMPARE(image.width(), 1600);
    ui::TimelineView view;
    view.width = 1600;
    view.theme = w_->timeline()->theme();
    view.title = "title";
    const ui::TimelineGeometry g = ui::TimelineGeometry::build(*w_->timeline()->trace(), view);
    QCOMPARE(image.height(), g.size.height());
    const int row = g.layout.rowOfTask(4); // Task-5 waits on the semaphore at 1 s
    const ui::TimelineRow& r = g.layout.rows()[std::size_t(row)];
    QCOMPARE(image.pixelColor(int(g.axis.xOf(1.0)), int(r.top + r.height / 2)).name(),
             ui::segmentColor(TaskState::Waiting, WaitKind::Semaphore, view.theme).name());

    // Fold main's workers, zoom to 2..4 s, export the visible range.
    w_->timeline()->setCollapsed(0, true);
    w_->timeline()->setVisibleRange(2, 4);
    const QString visible = dir.filePath("visible.svg");
    QVERIFY(w_->exportTimelineTo(visible, true));
    QVERIFY(ended.wait(30000));
    QVERIFY(ended.last().at(0).toBool());
    QFile svg(visible);
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QByteArray text = svg.readAll();
    QVERIFY(text.contains("Task-1 main (+10)"));
    QVERIFY(!text.contains("Task-5"));
    QVERIFY(text.contains(">2 s<") || text.contains(">2.5 s<"));

    QVERIFY(w_->exportTimelineTo(dir.filePath("timeline.bmp"), false));
    QCOMPARE(ended.last().at(0).toBool(), false);
    QVERIFY(ended.last().at(1).toString().contains(".png"));
    QVERIFY(!QFile::exists(dir.filePath("timeline.bmp")));
}

// The chart follows the desktop's palette: a dark window colour switches it to the dark
// theme (background and state colours), and back.
void TestMainWindow::timelineFollowsTheDesktopPalette() {
    QVERIFY(w_->openFile(example("10_semaphore.py")));
    QVERIFY(runAndWait(*w_));
    showWholeRun(*w_);
    TimelineView* tv = w_->timeline();
    QCOMPARE(tv->theme(), ui::Theme::Light);
    const QPalette light = QApplication::palette();
    QPalette dark = light;
    dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x24));
    dark.setColor(QPalette::WindowText, Qt::white);
    QApplication::setPalette(dark);
    QTRY_COMPARE(tv->theme(), ui::Theme::Dark); // palette changes arrive as events
    const ui::TimelineGeometry* g = tv->geometry();
    const ui::TimelineRow& r = g->layout.rows()[std::size_t(g->layout.rowOfTask(4))];
    const QImage image = tv->grab().toImage();
    QCOMPARE(image.pixelColor(int(g->axis.xOf(7.3)), int(r.top) + 2).name(),
             ui::TimelineColors::of(ui::Theme::Dark).background.name());
    QCOMPARE(image.pixelColor(int(g->axis.xOf(1.0)), int(r.top + r.height / 2)).name(),
             ui::segmentColor(TaskState::Waiting, WaitKind::Semaphore, ui::Theme::Dark).name());
    QApplication::setPalette(light);
    QTRY_COMPARE(tv->theme(), ui::Theme::Light);
}

// File > Open Trace shows a trace saved by `run --trace` as if it had just run: the same
// console, rows and status; the editor keeps its script. A broken file says why.
void TestMainWindow::openTraceShowsASavedRunWithoutRunningIt() {
    QTemporaryDir dir;
    const QString saved = dir.filePath("sem.json");
    const auto cli = loopscope::test::runLoopscope(
        {"run", example("10_semaphore.py"), "--timestamps", "--trace", saved});
    QCOMPARE(cli.exitCode, 0);
    w_->editor()->setPlainText("# my script\n");
    QSignalSpy ended(w_.get(), &MainWindow::runEnded);
    w_->openTrace(saved);
    QVERIFY(ended.wait(30000));
    QCOMPARE(w_->lastStatus(), QString("ok"));
    showWholeRun(*w_);
    QStringList expected = cli.out.split('\n', Qt::SkipEmptyParts);
    expected.removeLast(); // '# end'
    QCOMPARE(w_->console()->toPlainText().split('\n', Qt::SkipEmptyParts), expected);
    QCOMPARE(int(w_->timeline()->geometry()->layout.rows().size()), 12);
    QCOMPARE(w_->editor()->toPlainText(), QString("# my script\n"));
    // A saved run has no scenario to run again: no "Cancel here" on its rows.
    TimelineView* tv = w_->timeline();
    const ui::TimelineRow& row = tv->geometry()->layout.rows()[1];
    QVERIFY(!tv->cancelOffered());
    QVERIFY(tv->contextMenuAt(QPointF(tv->geometry()->axis.xOf(1), row.top + 2)) == nullptr);

    QFile broken(dir.filePath("broken.json"));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("{\"format\":\"loopscope-trace\",\"version\":1,");
    broken.close();
    w_->openTrace(broken.fileName());
    QVERIFY(ended.wait(30000));
    QVERIFY2(problemTexts(*w_).join('\n').startsWith("Cannot open the trace:"),
             qPrintable(problemTexts(*w_).join('\n')));
}

// A big run (2,000 tasks behind a semaphore) shows the first rows, the semaphore's row and a
// note counting the rest; the semaphore's tooltip still answers.
void TestMainWindow::bigRunKeepsItsResourceRow() {
    w_->editor()->setPlainText("import asyncio\n"
                               "async def job(sem, i):\n"
                               "    async with sem:\n"
                               "        await asyncio.sleep(0.01 + i % 7 * 0.001)\n"
                               "async def main():\n"
                               "    sem = asyncio.Semaphore(50)\n"
                               "    await asyncio.gather(*(job(sem, i) for i in range(2000)))\n"
                               "asyncio.run(main())\n");
    QVERIFY(runAndWait(*w_));
    QCOMPARE(w_->lastStatus(), QString("ok"));
    showWholeRun(*w_);
    const ui::TimelineGeometry* g = w_->timeline()->geometry();
    const auto& rows = g->layout.rows();
    QCOMPARE(int(rows.size()), 400);
    QCOMPARE(rows.back().kind, ui::TimelineRow::Kind::Resource);
    // main, 2,000 jobs and the semaphore: 2,002 rows, 400 shown.
    QVERIFY2(g->hiddenNote.text.contains("1602 more rows not shown"), qPrintable(g->hiddenNote.text));
    const QString tip = w_->timeline()->toolTipAt(
        QPointF(g->axis.xOf(0.005), rows.back().top + rows.back().height / 2));
    QVERIFY2(tip.contains("50/50 in use"), qPrintable(tip));
}

void TestMainWindow::recentFilesListTheOpenedScriptsMostRecentFirst() {
    w_->clearRecentFiles();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QStringList paths;
    for (int i = 0; i < 10; ++i) {
        paths << QFileInfo(dir.filePath(QStringLiteral("s%1.py").arg(i))).absoluteFilePath();
        QVERIFY(writeFile(paths.last(), "print(1)\n"));
    }
    QVERIFY(w_->openFile(paths[0]));
    QVERIFY(w_->openFile(paths[1]));
    QVERIFY(w_->openFile(paths[2]));
    QCOMPARE(w_->recentFiles(), QStringList({paths[2], paths[1], paths[0]}));
    QCOMPARE(QSettings().value("recentFiles").toStringList(), w_->recentFiles());
    QVERIFY(w_->openFile(paths[0])); // again: moves to the top, not twice in the list
    QCOMPARE(w_->recentFiles(), QStringList({paths[0], paths[2], paths[1]}));
    // Examples are not remembered; Save As is.
    QVERIFY(w_->openExample(example("04_gather.py")));
    QCOMPARE(w_->recentFiles().size(), 3);
    const QString saved = QFileInfo(dir.filePath("saved.py")).absoluteFilePath();
    QVERIFY(w_->saveAs(saved));
    QCOMPARE(w_->recentFiles().first(), saved);

    for (const QString& p : paths)
        QVERIFY(w_->openFile(p));
    QCOMPARE(w_->recentFiles().size(), MainWindow::kMaxRecent);
    QCOMPARE(w_->recentFiles().first(), paths[9]);
    QCOMPARE(w_->recentFiles().last(), paths[2]);

    // The menu: the files, a separator and Clear; choosing one opens it.
    QMenu* menu = w_->recentFilesMenu();
    emit menu->aboutToShow();
    const QList<QAction*> actions = menu->actions();
    QCOMPARE(actions.size(), MainWindow::kMaxRecent + 2);
    QCOMPARE(actions[0]->data().toString(), paths[9]);
    QVERIFY(actions[0]->text().contains("s9.py"));
    QVERIFY(actions[MainWindow::kMaxRecent]->isSeparator());
    actions[3]->trigger();
    QCOMPARE(w_->currentFile(), paths[6]);
    QCOMPARE(w_->recentFiles().first(), paths[6]);
    w_->clearRecentFiles();
}

void TestMainWindow::recentFilesDropMissingFilesAndClear() {
    w_->clearRecentFiles();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString a = QFileInfo(dir.filePath("a.py")).absoluteFilePath();
    const QString b = QFileInfo(dir.filePath("b.py")).absoluteFilePath();
    QVERIFY(writeFile(a, "a = 1\n"));
    QVERIFY(writeFile(b, "b = 1\n"));
    QVERIFY(w_->openFile(a));
    QVERIFY(w_->openFile(b));
    QVERIFY(QFile::remove(b));
    QMenu* menu = w_->recentFilesMenu();
    emit menu->aboutToShow();
    QCOMPARE(w_->recentFiles(), QStringList({a}));
    QCOMPARE(menu->actions().size(), 3);
    QCOMPARE(menu->actions()[0]->data().toString(), a);

    // A new window reads the same list.
    {
        TestWindow other;
        QCOMPARE(other.recentFiles(), QStringList({a}));
    }

    QAction* clear = menu->actions().last();
    QVERIFY(clear->isEnabled());
    clear->trigger();
    QCOMPARE(w_->recentFiles(), QStringList());
    QCOMPARE(QSettings().value("recentFiles").toStringList(), QStringList());
    emit menu->aboutToShow();
    QCOMPARE(menu->actions().size(), 2); // the separator and a disabled Clear
    QVERIFY(!menu->actions().last()->isEnabled());
}

void TestMainWindow::unsavedEditsAreOfferedBackAfterACrash() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = QFileInfo(dir.filePath("crashy.py")).absoluteFilePath();
    QVERIFY(writeFile(path, "x = 1\n"));

    QString autosave;
    {
        auto crashing = std::make_unique<TestWindow>();
        crashing->setAutosaveInterval(50);
        QCOMPARE(crashing->autosaveInterval(), 50);
        QVERIFY(crashing->openFile(path));
        autosave = crashing->autosaveFile();
        QVERIFY(autosave.startsWith(MainWindow::autosaveDir()));
        QVERIFY(!QFile::exists(autosave)); // nothing unsaved yet
        crashing->editor()->moveCursor(QTextCursor::End);
        crashing->editor()->insertPlainText("y = 2\n");
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(autosave), 3000); // the timer wrote it
        QCOMPARE(readFile(autosave), QString("x = 1\ny = 2\n"));
        crashing->editor()->insertPlainText("z = 3\n");
        QTRY_COMPARE_WITH_TIMEOUT(readFile(autosave), QString("x = 1\ny = 2\nz = 3\n"), 3000);
        // The crash: gone without closeEvent.
    }
    QVERIFY(QFile::exists(autosave));
    QCOMPARE(readFile(path), QString("x = 1\n"));

    TestWindow next;
    next.recoverAnswer = {path};
    QTRY_COMPARE(next.recoverAsked.size(), 1);
    QCOMPARE(next.recoverAsked[0], QStringList({path}));
    QCOMPARE(next.editor()->toPlainText(), QString("x = 1\ny = 2\nz = 3\n"));
    QVERIFY(next.editor()->document()->isModified());
    QCOMPARE(next.currentFile(), path);
    QCOMPARE(next.windowTitle(), QString("crashy.py* — loopscope"));
    QVERIFY(QFile::exists(autosave)); // still unsaved

    QVERIFY(next.save());
    QVERIFY(!QFile::exists(autosave));
    QCOMPARE(readFile(path), QString("x = 1\ny = 2\nz = 3\n"));
    next.answer = QMessageBox::Discard;

    // Nothing left to offer.
    TestWindow third;
    QTest::qWait(50);
    QCOMPARE(third.recoverAsked.size(), 0);
}

void TestMainWindow::autosaveIsRemovedOnDiscardAndOnClose() {
    // An untitled script, autosaved, then the changes discarded by opening another.
    w_->editor()->setPlainText("print('untitled')\n");
    w_->editor()->document()->setModified(true);
    QVERIFY(w_->autosaveNow());
    const QString untitled = w_->autosaveFile();
    QVERIFY(untitled.endsWith("/untitled.py"));
    QVERIFY(QFile::exists(untitled));
    w_->answer = QMessageBox::Discard;
    QVERIFY(w_->openFile(example("04_gather.py")));
    QVERIFY(!QFile::exists(untitled));

    // Edited, autosaved, then closed normally (discarding): no autosave left, nothing to
    // recover.
    w_->editor()->insertPlainText("# more\n");
    QVERIFY(w_->autosaveNow());
    const QString edited = w_->autosaveFile();
    QVERIFY(QFile::exists(edited));
    QVERIFY(w_->close());
    QVERIFY(!QFile::exists(edited));
    QVERIFY(QDir(MainWindow::autosaveDir()).entryList(QDir::Files).isEmpty());

    // A crashed window's untitled script declined at the next start: deleted.
    {
        TestWindow crashing;
        crashing.editor()->setPlainText("lost = True\n");
        crashing.editor()->document()->setModified(true);
        QVERIFY(crashing.autosaveNow());
    }
    TestWindow next;
    QTRY_COMPARE(next.recoverAsked.size(), 1);
    QCOMPARE(next.recoverAsked[0], QStringList({QString()}));
    QCOMPARE(next.editor()->toPlainText(), QString());
    QVERIFY(QDir(MainWindow::autosaveDir()).entryList(QDir::Files).isEmpty());
}

void TestMainWindow::droppingAScriptOpensIt() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = QFileInfo(dir.filePath("dropped.py")).absoluteFilePath();
    QVERIFY(writeFile(path, "dropped = 1\n"));
    const QString text = dir.filePath("notes.txt");
    QVERIFY(writeFile(text, "no\n"));

    QVERIFY(w_->acceptDrops());
    QVERIFY(!dragAndDrop(w_.get(), {QUrl::fromLocalFile(text)}));
    QVERIFY(!dragAndDrop(w_.get(), {QUrl("https://example.com/x.py")}));
    QVERIFY(dragAndDrop(w_.get(), {QUrl::fromLocalFile(text), QUrl::fromLocalFile(path)}));
    QTRY_COMPARE(w_->currentFile(), path);
    QCOMPARE(w_->editor()->toPlainText(), QString("dropped = 1\n"));

    // Onto the editor too (rather than the editor pasting the url).
    QVERIFY(w_->openFile(example("04_gather.py")));
    QVERIFY(dragAndDrop(w_->editor()->viewport(), {QUrl::fromLocalFile(path)}));
    QTRY_COMPARE(w_->currentFile(), path);
    QCOMPARE(w_->editor()->toPlainText(), QString("dropped = 1\n"));
}

void TestMainWindow::geometryAndDocksAreRestored() {
    w_->resize(900, 700);
    QDockWidget* inspector = w_->findChild<QDockWidget*>("inspector");
    QVERIFY(inspector);
    inspector->hide();
    QVERIFY(w_->close());
    QVERIFY(QSettings().contains("window/geometry"));
    QVERIFY(QSettings().contains("window/state"));

    TestWindow next;
    next.show();
    QVERIFY(QTest::qWaitForWindowExposed(&next));
    QCOMPARE(next.size(), QSize(900, 700));
    QDockWidget* restored = next.findChild<QDockWidget*>("inspector");
    QVERIFY(restored);
    QVERIFY(!restored->isVisible());
    QVERIFY(next.findChild<QDockWidget*>("console")->isVisible());

    // Back as it was, for the other tests.
    restored->show();
    next.resize(1400, 900);
    QVERIFY(next.close());
}

namespace {

// Two tasks named "worker" sleep 10 s; each says how it ended.
const QByteArray kWorkers = R"(import asyncio

async def worker(n):
    try:
        await asyncio.sleep(10)
        print(f"worker {n} done")
    except asyncio.CancelledError:
        print(f"worker {n} cancelled")
        raise

async def main():
    tasks = [asyncio.create_task(worker(i), name="worker") for i in range(2)]
    await asyncio.gather(*tasks, return_exceptions=True)

asyncio.run(main())
)";

/// The centre of the row of the `occurrence`-th task named `name`, or a negative y.
QPointF taskRowAt(const TimelineView& tv, const std::string& name, int occurrence, double t) {
    const ui::TimelineGeometry* g = tv.geometry();
    for (const ui::TimelineRow& r : g->layout.rows())
        if (r.kind == ui::TimelineRow::Kind::Task && tv.trace()->tasks[r.id].name == name &&
            occurrence-- == 0)
            return {g->axis.xOf(t), r.top + r.height / 2};
    return {0, -1};
}

/// The user's cancellations in a trace as "NAME#OCCURRENCE@TIME".
QStringList userCancels(const Trace& t) {
    QStringList out;
    t.events.forEach([&](const TraceEvent& e) {
        if (e.kind != EventKind::CancelRequest || e.cause != Cause::User)
            return;
        const std::string& name = t.tasks[e.task].name;
        int occurrence = 0;
        for (TaskId i = 0; i < e.task; ++i)
            occurrence += t.tasks[i].name == name;
        out << QStringLiteral("%1#%2@%3").arg(QString::fromStdString(name)).arg(occurrence).arg(e.time);
    });
    return out;
}

QStringList listTexts(const InterventionsPane& pane) {
    QStringList out;
    for (int i = 0; i < pane.list()->count(); ++i)
        out << pane.list()->item(i)->text();
    return out;
}

} // namespace

// Right-click on the second worker's row at t=2.5: the menu offers to cancel it there (and at
// the playback cursor); choosing it lists the intervention, saves it beside the script and
// runs again, and the new run's chart shows the user's cancel.
void TestMainWindow::cancelHereAddsAnInterventionSavesItAndRunsAgain() {
    QTemporaryDir dir;
    const QString script = dir.filePath("workers.py");
    QVERIFY(writeFile(script, kWorkers));
    QVERIFY(w_->openFile(script));
    QVERIFY(runAndWait(*w_));
    w_->playback()->pause();
    w_->playback()->setCursor(6);
    TimelineView* tv = w_->timeline();
    QVERIFY(tv->contextMenuAt(QPointF(tv->geometry()->axis.xOf(2.5), -5)) == nullptr);

    const QPointF at = taskRowAt(*tv, "worker", 1, 2.5);
    QVERIFY(at.y() >= 0);
    std::unique_ptr<QMenu> menu(tv->contextMenuAt(at));
    QVERIFY(menu);
    QCOMPARE(menu->actions().size(), 2);
    QCOMPARE(menu->actions()[0]->text(), QString("Cancel worker here (t=2.500)"));
    QCOMPARE(menu->actions()[1]->text(), QString("Cancel worker at the cursor (t=6.000)"));

    QSignalSpy ended(w_.get(), &MainWindow::runEnded);
    menu->actions()[0]->trigger();
    QVERIFY(ended.wait(30000) || ended.count() == 1);
    QCOMPARE(listTexts(*w_->interventions()), QStringList{"cancel worker (#1) at 2.5 s"});
    const QString file = dir.filePath("workers.interventions.json");
    QCOMPARE(w_->interventions()->file(), file);
    std::string error;
    const auto saved = graph::loadInterventions(file.toStdString(), &error);
    QVERIFY2(saved.has_value(), error.c_str());
    QCOMPARE(saved->size(), std::size_t(1));
    QCOMPARE((*saved)[0].task, std::string("worker"));
    QCOMPARE((*saved)[0].occurrence, std::size_t(1));
    QCOMPARE((*saved)[0].time, 2.5);

    QCOMPARE(userCancels(*tv->trace()), QStringList{"worker#1@2.5"});
    showWholeRun(*w_);
    QVERIFY(w_->console()->toPlainText().contains("[2.500] worker 1 cancelled"));
    QVERIFY(tv->geometry()->arrows.uses(ui::ArrowKind::UserCancel));
    const QPointF pin = taskRowAt(*tv, "worker", 1, 2.5);
    QVERIFY(tv->geometry()->arrows.all().size() > 0);
    for (const ui::CauseArrow& a : tv->geometry()->arrows.all())
        if (a.kind == ui::ArrowKind::UserCancel) {
            QCOMPARE(a.time, 2.5);
            QCOMPARE(a.toY, pin.y());
            QVERIFY2(tv->toolTipAt(QPointF(a.x + 0.5, (a.fromY + a.toY) / 2))
                         .startsWith("<b>You</b> cancel <b>worker"),
                     qPrintable(tv->toolTipAt(QPointF(a.x + 0.5, (a.fromY + a.toY) / 2))));
        }
}

void TestMainWindow::removingAnInterventionSavesAndRunsAgain() {
    QTemporaryDir dir;
    const QString script = dir.filePath("workers.py");
    const QString file = dir.filePath("workers.interventions.json");
    QVERIFY(writeFile(script, kWorkers));
    QVERIFY(writeFile(file, R"({"format": "loopscope-interventions", "version": 1,
        "interventions": [{"cancel": "worker", "at": 1}, {"cancel": "worker", "occurrence": 1, "at": 3}]})"));
    QVERIFY(w_->openFile(script));
    QVERIFY(runAndWait(*w_));
    QCOMPARE(userCancels(*w_->timeline()->trace()), (QStringList{"worker#0@1", "worker#1@3"}));

    // The Delete key removes the selected one.
    InterventionsPane* pane = w_->interventions();
    pane->list()->setCurrentRow(0);
    QSignalSpy ended(w_.get(), &MainWindow::runEnded);
    QTest::keyClick(pane->list(), Qt::Key_Delete);
    QVERIFY(ended.wait(30000) || ended.count() == 1);
    QCOMPARE(listTexts(*pane), QStringList{"cancel worker (#1) at 3 s"});
    QCOMPARE(graph::loadInterventions(file.toStdString(), nullptr)->size(), std::size_t(1));
    QCOMPARE(userCancels(*w_->timeline()->trace()), QStringList{"worker#1@3"});

    // The button removes the last one: no file is left, and the run has no intervention.
    pane->list()->setCurrentRow(0);
    QVERIFY(pane->removeButton()->isEnabled());
    QTest::mouseClick(pane->removeButton(), Qt::LeftButton);
    QVERIFY(ended.wait(30000) || ended.count() == 2);
    QCOMPARE(pane->list()->count(), 0);
    QVERIFY(!QFile::exists(file));
    QVERIFY(userCancels(*w_->timeline()->trace()).isEmpty());
    showWholeRun(*w_);
    QVERIFY(w_->console()->toPlainText().contains("[10.000] worker 1 done"));
}

void TestMainWindow::openingAScriptLoadsItsInterventions() {
    QTemporaryDir dir;
    const QString script = dir.filePath("workers.py");
    QVERIFY(writeFile(script, kWorkers));
    QVERIFY(writeFile(dir.filePath("workers.interventions.json"),
                      R"({"format": "loopscope-interventions", "version": 1,
        "interventions": [{"cancel": "worker", "at": 4, "message": "why"}]})"));
    QVERIFY(w_->openFile(script));
    QCOMPARE(listTexts(*w_->interventions()), QStringList{"cancel worker at 4 s: why"});

    // A wrong file is not applied, and the window says where it is wrong.
    const QString bad = dir.filePath("bad.py");
    QVERIFY(writeFile(bad, kWorkers));
    QVERIFY(writeFile(dir.filePath("bad.interventions.json"), "{\"format\": 1}"));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression("not applied: .*bad\\.interventions\\.json:1:12: "
                                            "format: expected a string, got a number"));
    QVERIFY(w_->openFile(bad));
    QCOMPARE(w_->interventions()->list()->count(), 0);
    QVERIFY(runAndWait(*w_));
    QVERIFY(userCancels(*w_->timeline()->trace()).isEmpty());
}

void TestMainWindow::unsavedScriptKeepsItsInterventionsUntilSaved() {
    QVERIFY(w_->openExample(example("04_gather.py")));
    QVERIFY(runAndWait(*w_));
    const Trace& t = *w_->timeline()->trace();
    TaskId victim = kNone;
    for (const TaskInfo& task : t.tasks)
        if (task.parent != kNone && task.finished > 1)
            victim = task.id;
    QVERIFY(victim != kNone);
    const std::string name = t.tasks[victim].name;
    QSignalSpy ended(w_.get(), &MainWindow::runEnded);
    w_->cancelTaskAt(victim, 0.5);
    QVERIFY(ended.wait(30000) || ended.count() == 1);
    QCOMPARE(w_->interventions()->interventions().size(), std::size_t(1));
    QCOMPARE(w_->interventions()->file(), QString());
    QVERIFY(!QFile::exists(example("04_gather.interventions.json")));
    QCOMPARE(userCancels(*w_->timeline()->trace()).size(), 1);
    QVERIFY(userCancels(*w_->timeline()->trace())[0].startsWith(QString::fromStdString(name)));

    QTemporaryDir dir;
    QVERIFY(w_->saveAs(dir.filePath("mine.py")));
    const auto saved =
        graph::loadInterventions(dir.filePath("mine.interventions.json").toStdString(), nullptr);
    QVERIFY(saved.has_value());
    QCOMPARE(*saved, w_->interventions()->interventions());
}

QTEST_MAIN(TestMainWindow)
// Save As over a scenario that had interventions: the window's list (here none) is what goes
// with it, so no old file is left for `run` to apply; an unreadable file of the scenario
// itself is left alone.
void TestMainWindow::savingOverAScenarioTakesItsInterventionsAlong() {
    QTemporaryDir dir;
    const QString script = dir.filePath("workers.py");
    QVERIFY(writeFile(script, kWorkers));
    QVERIFY(w_->openFile(script));
    const QString other = dir.filePath("other.py");
    const QString otherFile = dir.filePath("other.interventions.json");
    QVERIFY(writeFile(otherFile, R"({"format": "loopscope-interventions", "version": 1,
  "interventions": [{"cancel": "worker", "at": 1}]})"));
    QVERIFY(w_->saveAs(other));
    QVERIFY(!QFile::exists(otherFile));

    const QString broken = dir.filePath("workers.interventions.json");
    QVERIFY(writeFile(broken, "{ not json"));
    QVERIFY(w_->openFile(script));
    QVERIFY(w_->interventions()->interventions().empty());
    QVERIFY(w_->saveAs(script));
    QVERIFY(QFile::exists(broken)); // the user's file, not ours to drop
}

#include "test_main_window.moc"
