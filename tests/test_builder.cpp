// The task-graph builder as a user drives it: edits through the panel's toolbar and property
// editor, each one an undo step (undo and redo give the graphs back, and the re-simulated
// end time follows); edits that would make a bad graph are refused and change nothing; save
// and load through files; the templates; the graph view beside the tree; and the window: a
// graph opened there shows its trace, every edit re-simulates it (what-if) without pressing
// Run, "Cancel here" saves an intervention beside it, and Show as Python opens its script.
#include <BuilderPanel.hpp>
#include <GraphDocument.hpp>
#include <GraphMode.hpp>
#include <GraphTemplates.hpp>
#include <GraphView.hpp>
#include <InterventionsPane.hpp>
#include <MainWindow.hpp>
#include <RunController.hpp>
#include <ScriptEditor.hpp>
#include <TimelineGeometry.hpp>
#include <TimelineView.hpp>

#include <loopscope/graph/GraphLoader.hpp>
#include <loopscope/graph/GraphRunner.hpp>
#include <loopscope/graph/GraphWriter.hpp>
#include <loopscope/graph/InterventionsFile.hpp>
#include <loopscope/graph/PythonGen.hpp>

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolBar>
#include <QTreeWidget>
#include <QUndoStack>
#include <QtTest>

#include <memory>

using namespace loopscope;
using namespace loopscope::builder;
using graph::StepKind;

namespace {

QString templatePath(const char* name) {
    return QStringLiteral(LOOPSCOPE_GRAPHS "/templates/") + QLatin1String(name);
}

/// The end time of a run of the document's graph.
double endTime(const GraphDocument& doc) {
    return graph::runGraph(doc.graph()).trace.endTime;
}

bool writeFile(const QString& path, const QByteArray& text) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

QAction* menuAction(QMenu* menu, const QString& text) {
    for (QAction* a : menu->actions())
        if (a->text() == text)
            return a;
    return nullptr;
}

/// The window's menu titled `title` ("&File"), or nullptr.
QMenu* menuNamed(const QMainWindow& w, const QString& title) {
    for (QMenu* m : w.menuBar()->findChildren<QMenu*>())
        if (m->title() == title)
            return m;
    return nullptr;
}

QStringList treeTexts(QTreeWidget* tree) {
    QStringList out;
    for (QTreeWidgetItemIterator it(tree); *it; ++it)
        out << (*it)->text(0);
    return out;
}

/// The widget point at the centre of the view's node `node`.
QPoint nodeCentre(const GraphView& view, int node) {
    return view.toWidget().map(view.graphLayout().nodes[std::size_t(node)].rect.center()).toPoint();
}

/// The user's cancellations in a trace, as "task@time".
QStringList userCancels(const Trace& t) {
    QStringList out;
    t.events.forEach([&](const TraceEvent& e) {
        if (e.kind == EventKind::CancelRequest && e.cause == Cause::User)
            out << QStringLiteral("%1@%2")
                       .arg(QString::fromStdString(t.tasks[e.task].name))
                       .arg(e.time);
    });
    return out;
}

/// What a run printed, as the console shows it: "[time] text" per line.
QStringList printed(const Trace& t) {
    QStringList out;
    for (const OutputLine& line : t.output)
        out << QString::asprintf("[%.3f] ", line.time) + QString::fromStdString(line.text);
    return out;
}

/// The window with its dialogs answered by the test.
class TestWindow : public gui::MainWindow {
  public:
    QMessageBox::StandardButton answer = QMessageBox::Cancel;
    int asked = 0;
    QString saveName;
    QStringList errors;
    QStringList recoverAnswer; ///< the autosaves to take back at start (none by default)

  protected:
    QMessageBox::StandardButton askToSaveChanges() override {
        ++asked;
        return answer;
    }
    QStringList askRecover(const QStringList&) override { return recoverAnswer; }
    QString askOpenFileName() override { return {}; }
    QString askSaveFileName() override { return saveName; }
    void showError(const QString& message) override { errors << message; }
};

} // namespace

class TestBuilder : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // A graph that would take 10^12 steps at one virtual instant (nested repeats of sleep 0:
    // no horizon stops it) still gives its what-if run back: it ends at the event budget.
    void endlessWhatIfRunEndsAtItsBudget() {
        QTemporaryDir dir;
        const QString path = dir.filePath("spin.lsgraph.json");
        QVERIFY(writeFile(path, R"({"format": "loopscope-graph", "version": 1,
  "tasks": [{"name": "spin", "steps": [{"repeat": 1000000, "steps": [
    {"repeat": 1000000, "steps": [{"sleep": 0}]}]}]}]})"));
        TestWindow w;
        QSignalSpy ended(&w, &gui::MainWindow::runEnded);
        QVERIFY(w.openFile(path));
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
        QCOMPARE(w.lastStatus(), QString("budget"));
        QCOMPARE(w.timeline()->trace()->status, RunStatus::Budget);
    }

    // Up on the first step of a block, or down on its last, moves the step out of the block,
    // just before or after it; undo puts it back.
    void stepsMoveOutOfTheirBlockAtItsEdge() {
        QTemporaryDir dir;
        const QString path = dir.filePath("blocks.lsgraph.json");
        QVERIFY(writeFile(path, R"({"format": "loopscope-graph", "version": 1,
  "resources": [{"name": "lock", "type": "Lock"}],
  "tasks": [{"name": "t", "steps": [{"print": "before"},
    {"hold": "lock", "steps": [{"print": "first"}, {"sleep": 1}, {"print": "last"}]}]}]})"));
        GraphDocument doc;
        QString error;
        QVERIFY2(doc.load(path, &error), qPrintable(error));
        auto outline = [&] {
            QStringList out;
            for (const graph::Step& s : doc.graph().tasks[0].steps) {
                out << (s.kind == StepKind::Hold ? QString("hold") : QString::fromStdString(s.text));
                for (const graph::Step& inner : s.steps)
                    out << "  " + (inner.kind == StepKind::Sleep ? QString("sleep")
                                                                : QString::fromStdString(inner.text));
            }
            return out;
        };
        ItemRef moved;
        QVERIFY(doc.moveItem(ItemRef::step(0, {{1, false}, {0, false}}), -1, &moved));
        QCOMPARE(outline(), QStringList({"before", "first", "hold", "  sleep", "  last"}));
        QCOMPARE(moved, ItemRef::step(0, {{1, false}}));
        QVERIFY(doc.moveItem(ItemRef::step(0, {{2, false}, {1, false}}), +1, &moved));
        QCOMPARE(outline(), QStringList({"before", "first", "hold", "  sleep", "last"}));
        QCOMPARE(moved, ItemRef::step(0, {{3, false}}));
        // Inside the block, a step still swaps with its neighbour; a top-level step stops.
        QVERIFY(!doc.moveItem(ItemRef::step(0, {{0, false}}), -1));
        doc.undoStack()->undo();
        doc.undoStack()->undo();
        QCOMPARE(outline(), QStringList({"before", "hold", "  first", "  sleep", "  last"}));
    }

    // A name typed but not committed (no Enter) belongs to the item it was typed for: a click
    // on another node, on a toolbar button or on Undo commits it there first, as one undo
    // step of its own, and never to the item selected afterwards.
    void textBeingTypedStaysWithItsItem() {
        GraphDocument doc;
        BuilderPanel panel(&doc);
        panel.resize(900, 600);
        panel.show();
        QApplication::setActiveWindow(&panel);
        QVERIFY(QTest::qWaitForWindowActive(&panel));
        QVERIFY(doc.addTask());
        auto typeName = [&](int task, const QString& text) {
            panel.select(ItemRef::task(task));
            auto* e = qobject_cast<QLineEdit*>(panel.editorFor(Field::Name));
            QVERIFY(e);
            e->setFocus();
            e->selectAll();
            QTest::keyClicks(e, text);
        };
        auto names = [&] {
            QStringList out;
            for (const auto& t : doc.graph().tasks)
                out << QString::fromStdString(t.name);
            return out;
        };

        // Another node selected in the graph view.
        typeName(0, "fetch");
        emit panel.graphView()->taskClicked(1);
        QCOMPARE(names(), QStringList({"fetch", "task_2"}));
        QCOMPARE(panel.selected(), ItemRef::task(1));

        // A toolbar button: the rename is its own undo step, before the new task.
        typeName(0, "renamed");
        QTest::mouseClick(panel.toolBar()->widgetForAction(panel.addTaskAction()), Qt::LeftButton);
        QCOMPARE(names(), QStringList({"renamed", "task_2", "task_1"})); // the first free name
        doc.undoStack()->undo();
        QCOMPARE(names(), QStringList({"renamed", "task_2"}));
        doc.undoStack()->undo(); // both renames of the same field: one merged step
        QCOMPARE(names(), QStringList({"task_1", "task_2"}));

        // Undo: the typed name is committed, then undone; the document stays consistent.
        const int index = doc.undoStack()->index();
        typeName(0, "zzz");
        QTest::mouseClick(panel.toolBar()->widgetForAction(panel.undoAction()), Qt::LeftButton);
        QCOMPARE(names(), QStringList({"task_1", "task_2"}));
        QCOMPARE(doc.undoStack()->index(), index);
        QVERIFY(doc.isModified());
        doc.undoStack()->redo();
        QCOMPARE(names(), QStringList({"zzz", "task_2"}));
    }

    // A graph's unsaved edits are autosaved as a graph and offered back after a crash: the
    // builder shows them, modified, as edits of the file, and runs them; saving ends it.
    void graphEditsAreOfferedBackAfterACrash() {
        QTemporaryDir dir;
        const QString path = QFileInfo(dir.filePath("jobs.lsgraph.json")).absoluteFilePath();
        QVERIFY(QFile::copy(templatePath("2_bounded_concurrency.lsgraph.json"), path));
        QString autosave;
        {
            auto crashing = std::make_unique<TestWindow>();
            crashing->setAutosaveInterval(50);
            QVERIFY(crashing->openFile(path));
            autosave = crashing->autosaveFile();
            QVERIFY2(autosave.endsWith(".lsgraph.json"), qPrintable(autosave));
            QTest::qWait(100);
            QVERIFY(!QFile::exists(autosave)); // nothing unsaved yet
            QVERIFY(crashing->graphMode()->document()->setField(ItemRef::resource(0),
                                                                Field::Capacity, 4));
            QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(autosave), 3000);
            // The crash: gone without closeEvent.
        }
        std::string error;
        QCOMPARE(graph::loadGraph(path.toStdString(), &error)->resources[0].value, 2);

        TestWindow next;
        next.recoverAnswer = {path};
        QTRY_VERIFY(next.graphMode()->isActive());
        GraphDocument* doc = next.graphMode()->document();
        QCOMPARE(doc->graph().resources[0].value, 4);
        QVERIFY(doc->isModified());
        QCOMPARE(next.currentFile(), path);
        QCOMPARE(next.windowTitle(), QString("jobs.lsgraph.json* — loopscope"));
        QTRY_VERIFY(next.timeline()->trace());
        QCOMPARE(next.timeline()->trace()->endTime, 1.0); // capacity 4: one round of jobs
        // An undo back to the restored graph leaves it unsaved still.
        QVERIFY(doc->setField(ItemRef::resource(0), Field::Capacity, 3));
        doc->undoStack()->undo();
        QVERIFY(doc->isModified());

        QVERIFY(next.save());
        QVERIFY(!QFile::exists(autosave));
        QVERIFY(!doc->isModified());
        QCOMPARE(graph::loadGraph(path.toStdString(), &error)->resources[0].value, 4);
        next.answer = QMessageBox::Discard;
    }

    void capacityEditUndoRedoResimulate() {
        GraphDocument doc;
        QString error;
        QVERIFY2(doc.load(templatePath("2_bounded_concurrency.lsgraph.json"), &error),
                 qPrintable(error));
        BuilderPanel panel(&doc);
        QCOMPARE(endTime(doc), 2.0);

        panel.select(ItemRef::resource(0));
        auto* capacity = qobject_cast<QSpinBox*>(panel.editorFor(Field::Capacity));
        QVERIFY(capacity);
        QCOMPARE(capacity->value(), 2);
        capacity->setValue(4);
        QCOMPARE(doc.graph().resources[0].value, 4);
        QCOMPARE(endTime(doc), 1.0); // four slots: all four jobs at once
        QVERIFY(doc.isModified());
        QVERIFY(treeTexts(panel.tree()).contains("slots — Semaphore(4)"));

        panel.undoAction()->trigger();
        QCOMPARE(doc.graph().resources[0].value, 2);
        QCOMPARE(endTime(doc), 2.0);
        QCOMPARE(capacity, panel.editorFor(Field::Capacity)); // the form was only refreshed
        QCOMPARE(capacity->value(), 2);
        QVERIFY(!doc.isModified());
        panel.redoAction()->trigger();
        QCOMPARE(doc.graph().resources[0].value, 4);
        QCOMPARE(endTime(doc), 1.0);
    }

    void spinBoxStepsMergeIntoOneUndoStep() {
        GraphDocument doc;
        QVERIFY(doc.load(templatePath("2_bounded_concurrency.lsgraph.json"), nullptr));
        BuilderPanel panel(&doc);
        panel.select(ItemRef::resource(0));
        auto* capacity = qobject_cast<QSpinBox*>(panel.editorFor(Field::Capacity));
        QVERIFY(capacity);
        capacity->stepUp();
        capacity->stepUp();
        capacity->stepUp();
        QCOMPARE(doc.graph().resources[0].value, 5);
        QCOMPARE(doc.undoStack()->count(), 1);
        // Another field starts another step.
        panel.select(ItemRef::step(0, {{0, false}, {1, false}}));
        auto* duration = qobject_cast<QDoubleSpinBox*>(panel.editorFor(Field::DurationA));
        QVERIFY(duration);
        duration->setValue(2.5);
        QCOMPARE(doc.undoStack()->count(), 2);
        QCOMPARE(endTime(doc), 2.5);
        doc.undoStack()->undo();
        doc.undoStack()->undo();
        QCOMPARE(doc.graph().resources[0].value, 2);
        QCOMPARE(endTime(doc), 2.0);
    }

    void addTaskAndStepsFromTheToolbar() {
        GraphDocument doc;
        QVERIFY(doc.load(templatePath("1_fan_out_gather.lsgraph.json"), nullptr));
        BuilderPanel panel(&doc);
        const std::size_t tasks = doc.graph().tasks.size();
        panel.addTaskAction()->trigger();
        QCOMPARE(doc.graph().tasks.size(), tasks + 1);
        QCOMPARE(doc.graph().tasks.back().name, std::string("task_1"));
        QCOMPARE(panel.selected(), ItemRef::task(int(tasks))); // the new task is selected

        menuAction(panel.addStepMenu(), "sleep")->trigger();
        menuAction(panel.addStepMenu(), "await")->trigger();
        const graph::TaskSpec& added = doc.graph().tasks.back();
        QCOMPARE(added.steps.size(), std::size_t(2));
        QCOMPARE(added.steps[0].kind, StepKind::Sleep);
        QCOMPARE(added.steps[1].kind, StepKind::Await);
        QCOMPARE(added.steps[1].tasks, std::vector<int>{0}); // the first other task
        QCOMPARE(panel.selected(), ItemRef::step(int(tasks), {{1, false}}));

        // The await's task through its combo box; the sleep's duration through its spin box.
        auto* task = qobject_cast<QComboBox*>(panel.editorFor(Field::Task));
        QVERIFY(task);
        const int worker3 = task->findData("worker_3");
        QVERIFY(worker3 >= 0);
        task->setCurrentIndex(worker3);
        emit task->activated(worker3);
        QCOMPARE(doc.graph().tasks.back().steps[1].tasks, std::vector<int>{3});
        panel.select(ItemRef::step(int(tasks), {{0, false}}));
        qobject_cast<QDoubleSpinBox*>(panel.editorFor(Field::DurationA))->setValue(4);
        QCOMPARE(endTime(doc), 4.0);
        QVERIFY(treeTexts(panel.tree()).contains("sleep 4 s"));
        QVERIFY(treeTexts(panel.tree()).contains("await worker_3"));
        QCOMPARE(doc.undoStack()->count(), 5);

        // Nested: a step added with a repeat selected goes inside it.
        menuAction(panel.addStepMenu(), "repeat")->trigger();
        const ItemRef repeat = panel.selected();
        menuAction(panel.addStepMenu(), "print")->trigger();
        std::vector<StepHop> inside = repeat.path;
        inside.push_back({0, false});
        QCOMPARE(panel.selected(), ItemRef::step(int(tasks), inside));
        QCOMPARE(graph::runGraph(doc.graph()).trace.output.size(),
                 std::size_t(4 + 2)); // 4 lines of the template, the print twice

        // A try's handler: its "except" line takes the steps run when the type is caught.
        panel.select(ItemRef::task(int(tasks)));
        menuAction(panel.addStepMenu(), "try")->trigger();
        const ItemRef tryStep = panel.selected();
        menuAction(panel.addStepMenu(), "raise")->trigger(); // into the try's body
        panel.select(ItemRef::handler(int(tasks), tryStep.path));
        QCOMPARE(panel.selected().kind, ItemRef::Kind::Handler);
        menuAction(panel.addStepMenu(), "print")->trigger();
        const graph::Step& caught = doc.graph().tasks.back().steps.back();
        QCOMPARE(caught.kind, StepKind::Try);
        QCOMPARE(caught.steps.size(), std::size_t(1));
        QCOMPARE(caught.steps[0].kind, StepKind::Raise);
        QCOMPARE(caught.handler.size(), std::size_t(1));
        QVERIFY(treeTexts(panel.tree()).contains("except Exception"));
        // The ValueError raised in the body is caught: the run still ends ok, printing once more.
        const graph::GraphRun r = graph::runGraph(doc.graph());
        QCOMPARE(r.result.status, RunStatus::Ok);
        QCOMPARE(r.trace.output.size(), std::size_t(4 + 2 + 1));
    }

    void removeAndMoveKeepReferences() {
        GraphDocument doc;
        QVERIFY(doc.load(templatePath("1_fan_out_gather.lsgraph.json"), nullptr));
        BuilderPanel panel(&doc);
        // Moving the coordinator down renumbers the tasks, not what its steps name.
        panel.select(ItemRef::task(0));
        panel.moveDownAction()->trigger();
        QCOMPARE(doc.graph().tasks[1].name, std::string("coordinator"));
        QCOMPARE(panel.selected(), ItemRef::task(1));
        const std::string text = graph::graphJson(doc.graph());
        QVERIFY(text.find("{\"gather\": [\"worker_1\", \"worker_2\", \"worker_3\"]}") !=
                std::string::npos);
        QCOMPARE(endTime(doc), 3.0);
        // A step goes with its nested steps; the coordinator then no longer gathers.
        panel.select(ItemRef::step(1, {{3, false}}));
        panel.removeAction()->trigger();
        QCOMPARE(doc.graph().tasks[1].steps.size(), std::size_t(4));
        // worker_3 is free now: removing it works, and renumbers the steps after it.
        panel.select(ItemRef::step(1, {{2, false}})); // create worker_3
        panel.removeAction()->trigger();
        panel.select(ItemRef::task(3));
        panel.show();
        QVERIFY(QTest::qWaitForWindowActive(&panel));
        panel.tree()->setFocus();
        QTest::keyClick(panel.tree(), Qt::Key_Delete); // the Delete key in the tree
        QCOMPARE(doc.graph().tasks.size(), std::size_t(3));
        QCOMPARE(QString::fromStdString(graph::graphJson(doc.graph())).count("worker_3"), 0);
        // Nobody awaits the workers it creates now: asyncio.run cancels them when main ends.
        QCOMPARE(endTime(doc), 0.0);
        // Renaming a resource or a task renames it wherever it is named.
        doc.undoStack()->setIndex(0);
        panel.select(ItemRef::task(1));
        auto* name = qobject_cast<QLineEdit*>(panel.editorFor(Field::Name));
        QVERIFY(name);
        name->setText("worker_one");
        name->setModified(true);
        emit name->editingFinished();
        QVERIFY(graph::graphJson(doc.graph()).find("[\"worker_one\", \"worker_2\"") !=
                std::string::npos);
    }

    void badEditsAreRefusedWhole_data() {
        QTest::addColumn<int>("edit");
        QTest::addColumn<QString>("message");
        QTest::newRow("task renamed to a taken name")
            << 0 << "tasks[2].name: a second task named \"worker_2\"";
        QTest::newRow("task named main") << 1 << "\"main\" is the runner's own task";
        QTest::newRow("task still awaited removed")
            << 2
            << "task \"worker_1\" is used by tasks[0].steps[0] (create): change or remove that "
               "first";
        QTest::newRow("resource in use removed")
            << 3
            << "resource \"slots\" is used by tasks[0].steps[0] (hold): change or remove that "
               "first";
        QTest::newRow("semaphore made an event under a hold")
            << 4
            << "tasks[0].steps[0].hold: \"slots\" is a Event, not a Lock, Semaphore or Condition";
        QTest::newRow("await with no other task")
            << 5 << "a await step needs another task: add a task first";
        QTest::newRow("a created task given a start")
            << 6 << "task \"worker_1\" is created by a \"create\" step, so main does not start it";
        QTest::newRow("first task moved up") << 7 << "already the first";
    }
    void badEditsAreRefusedWhole() {
        QFETCH(int, edit);
        QFETCH(QString, message);
        GraphDocument doc;
        const bool semaphore = edit == 3 || edit == 4;
        QVERIFY(doc.load(templatePath(semaphore ? "2_bounded_concurrency.lsgraph.json"
                                                : "1_fan_out_gather.lsgraph.json"),
                         nullptr));
        if (edit == 5) { // one task, no other to await
            graph::Graph one;
            one.tasks.resize(1);
            one.tasks[0].name = "only";
            doc.reset(one);
        }
        BuilderPanel panel(&doc);
        const graph::Graph before = doc.graph();
        const int steps = doc.undoStack()->count();
        QSignalSpy refused(&doc, &GraphDocument::editRefused);
        QSignalSpy changed(&doc, &GraphDocument::changed);
        bool ok = true;
        switch (edit) {
        case 0:
            ok = doc.setField(ItemRef::task(1), Field::Name, "worker_2");
            break;
        case 1:
            ok = doc.setField(ItemRef::task(1), Field::Name, "main");
            break;
        case 2:
            ok = doc.removeItem(ItemRef::task(1));
            break;
        case 3:
            ok = doc.removeItem(ItemRef::resource(0));
            break;
        case 4:
            ok = doc.setField(ItemRef::resource(0), Field::ResourceType, "Event");
            break;
        case 5:
            ok = doc.addStep(ItemRef::task(0), StepKind::Await);
            break;
        case 6:
            ok = doc.setField(ItemRef::task(1), Field::Start, 1.5);
            break;
        case 7:
            ok = doc.moveItem(ItemRef::task(0), -1);
            break;
        }
        QVERIFY(!ok);
        QCOMPARE(refused.count(), 1);
        QVERIFY2(doc.lastError().endsWith(message), qPrintable(doc.lastError()));
        QVERIFY(!doc.lastError().startsWith(':')); // no position in a text the user never saw
        QCOMPARE(changed.count(), 0);
        QVERIFY(graph::sameGraph(doc.graph(), before));
        QCOMPARE(doc.undoStack()->count(), steps);
        QVERIFY(panel.messageLabel()->text().endsWith(message));
    }

    void aRefusedEditorValueIsPutBack() {
        GraphDocument doc;
        QVERIFY(doc.load(templatePath("1_fan_out_gather.lsgraph.json"), nullptr));
        BuilderPanel panel(&doc);
        panel.select(ItemRef::task(1));
        auto* name = qobject_cast<QLineEdit*>(panel.editorFor(Field::Name));
        QVERIFY(name);
        name->setText("worker_2");
        name->setModified(true);
        emit name->editingFinished();
        QCOMPARE(name->text(), QString("worker_1"));
        QVERIFY(!panel.messageLabel()->isHidden());
        // The next good edit clears the message.
        name->setText("w1");
        name->setModified(true);
        emit name->editingFinished();
        QCOMPARE(doc.graph().tasks[1].name, std::string("w1"));
        QVERIFY(panel.messageLabel()->isHidden());
    }

    void saveAndLoadThroughFiles() {
        QTemporaryDir dir;
        GraphDocument doc;
        QVERIFY(doc.load(templatePath("5_taskgroup_failure.lsgraph.json"), nullptr));
        QVERIFY(doc.addResource(ResourceKind::Queue));
        QVERIFY(doc.setField(ItemRef::resource(0), Field::Capacity, 3));
        QVERIFY(doc.setField(ItemRef::step(0, {{3, false}}), Field::HasTimeout, true));
        QVERIFY(doc.setField(ItemRef::step(0, {{3, false}}), Field::TimeoutKind, "uniform"));
        QVERIFY(doc.setField(ItemRef::step(0, {{3, false}}), Field::TimeoutB, 2.5));
        QSignalSpy modified(&doc, &GraphDocument::modifiedChanged);
        const QString path = dir.filePath("saved.lsgraph.json");
        QString error;
        QVERIFY2(doc.save(path, &error), qPrintable(error));
        QCOMPARE(doc.filePath(), QFileInfo(path).absoluteFilePath());
        QVERIFY(!doc.isModified());
        QCOMPARE(modified.count(), 1);

        GraphDocument back;
        QVERIFY2(back.load(path, &error), qPrintable(error));
        QVERIFY(graph::sameGraph(back.graph(), doc.graph()));
        QCOMPARE(back.graph().resources[0].value, 3);
        QCOMPARE(back.graph().tasks[0].steps[3].timeout->b, 2.5);

        // A bad file: the loader's message, and the document keeps its graph.
        const QString bad = dir.filePath("bad.lsgraph.json");
        QVERIFY(writeFile(bad, "{\"format\": \"loopscope-graph\", \"version\": 1,\n\"tasks\": "
                               "[{\"name\": \"a\", \"steps\": [{\"slep\": 1}]}]}"));
        QVERIFY(!back.load(bad, &error));
        QCOMPARE(error, bad + ":2:35: tasks[0].steps[0]: unknown step \"slep\"");
        QVERIFY(graph::sameGraph(back.graph(), doc.graph()));
        // Cannot write: said, nothing changes.
        QVERIFY(!back.save(dir.filePath("no/such/dir/x.lsgraph.json"), &error));
        QVERIFY(error.contains("no/such/dir"));
        QCOMPARE(back.filePath(), QFileInfo(path).absoluteFilePath());
    }

    void templatesLoadAndRunOk() {
        const QList<GraphTemplate> templates = graphTemplates();
        QStringList titles;
        for (const GraphTemplate& t : templates) {
            titles << t.title;
            std::string error;
            const auto g = graph::loadGraph(t.path.toStdString(), &error);
            QVERIFY2(g, error.c_str());
            const graph::GraphRun r = graph::runGraph(*g);
            QVERIFY2(r.result.status == RunStatus::Ok, qPrintable(t.path));
            QVERIFY(!t.description.isEmpty());
        }
        QCOMPARE(titles, QStringList({"Fan-out/gather", "Bounded concurrency", "Producer/consumer",
                                      "Timeout and cancel", "TaskGroup failure"}));
        // The TaskGroup template: one member fails at t=1, the others are cancelled then.
        std::string error;
        const auto g = graph::loadGraph(templates[4].path.toStdString(), &error);
        const graph::GraphRun r = graph::runGraph(*g);
        QCOMPARE(r.trace.endTime, 1.0);
        int cancelled = 0, failed = 0;
        for (const TaskInfo& t : r.trace.tasks) {
            cancelled += t.outcome == Outcome::Cancelled;
            failed += t.outcome == Outcome::Exception;
        }
        QCOMPARE(cancelled, 2);
        QCOMPARE(failed, 1);
    }

    // --- The graph view under the property editor

    void graphViewClicksSelectAndTheTreeSelectionShows() {
        GraphDocument doc;
        QString error;
        QVERIFY2(doc.load(templatePath("2_bounded_concurrency.lsgraph.json"), &error),
                 qPrintable(error));
        BuilderPanel panel(&doc);
        panel.resize(520, 1000);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        GraphView* view = panel.graphView();
        QVERIFY(view && view->isVisible());
        QCOMPARE(view->graphLayout().taskCount, 4);

        // A click on job_3's node selects it in the tree, and the form shows it.
        const GraphLayout& layout = view->graphLayout();
        const QPoint job3 = nodeCentre(*view, layout.nodeOfTask(2));
        QCOMPARE(view->nodeAt(job3), layout.nodeOfTask(2));
        QTest::mouseClick(view, Qt::LeftButton, {}, job3);
        QCOMPARE(panel.selected(), ItemRef::task(2));
        QVERIFY(panel.tree()->currentItem());
        QCOMPARE(panel.tree()->currentItem()->text(0), QString("job_3"));
        QVERIFY(panel.tree()->currentItem()->isSelected());
        auto* name = qobject_cast<QLineEdit*>(panel.editorFor(Field::Name));
        QVERIFY(name);
        QCOMPARE(name->text(), QString("job_3"));
        QCOMPARE(view->selectedTask(), 2);

        // The semaphore's hexagon: the resource and its capacity.
        QTest::mouseClick(view, Qt::LeftButton, {}, nodeCentre(*view, layout.nodeOfResource(0)));
        QCOMPARE(panel.selected(), ItemRef::resource(0));
        QCOMPARE(panel.tree()->currentItem()->text(0), QString("slots — Semaphore(2)"));
        auto* capacity = qobject_cast<QSpinBox*>(panel.editorFor(Field::Capacity));
        QVERIFY(capacity);
        QCOMPARE(capacity->value(), 2);
        QCOMPARE(view->selectedResource(), 0);
        QCOMPARE(view->selectedTask(), -1);

        // main is no item of the tree: a click there changes nothing.
        QTest::mouseClick(view, Qt::LeftButton, {}, nodeCentre(*view, GraphLayout::kMainNode));
        QCOMPARE(panel.selected(), ItemRef::resource(0));

        // A step selected in the tree highlights its task; the graph's settings nothing.
        panel.select(ItemRef::step(1, {{0, false}, {1, false}})); // job_2's io, in its hold
        QCOMPARE(panel.selected(), ItemRef::step(1, {{0, false}, {1, false}}));
        QCOMPARE(view->selectedTask(), 1);
        QCOMPARE(view->selectedResource(), -1);
        panel.select(ItemRef::graph());
        QCOMPARE(view->selectedTask(), -1);
        QCOMPARE(view->selectedResource(), -1);
    }

    void editsShowInTheGraphView() {
        GraphDocument doc;
        QString error;
        QVERIFY2(doc.load(templatePath("1_fan_out_gather.lsgraph.json"), &error),
                 qPrintable(error));
        BuilderPanel panel(&doc);
        GraphView* view = panel.graphView();
        const std::size_t nodes = view->graphLayout().nodes.size();
        QCOMPARE(nodes, std::size_t(1 + 4));

        // + Task: a new node, highlighted as the selected task.
        panel.addTaskAction()->trigger();
        QCOMPARE(doc.graph().tasks.size(), std::size_t(5));
        QCOMPARE(view->graphLayout().nodes.size(), nodes + 1);
        const GraphLayout& layout = view->graphLayout();
        QCOMPARE(layout.nodes[std::size_t(layout.nodeOfTask(4))].title,
                 QString::fromStdString(doc.graph().tasks[4].name));
        QCOMPARE(view->selectedTask(), 4);

        // + Resource and a step on it: a hexagon, and an edge from the task that uses it.
        QVERIFY(doc.addResource(ResourceKind::Lock));
        QCOMPARE(view->graphLayout().nodes.size(), nodes + 2);
        const std::size_t uses = view->graphLayout().count(EdgeKind::Uses);
        panel.select(ItemRef::task(4));
        menuAction(panel.addStepMenu(), "hold")->trigger();
        QCOMPARE(view->graphLayout().count(EdgeKind::Uses), uses + 1);
        QCOMPARE(panel.selected().kind, ItemRef::Kind::Step);
        QCOMPARE(view->selectedTask(), 4);

        // Undo takes the step away, and its selection: the view highlights nothing then.
        panel.undoAction()->trigger();
        QCOMPARE(view->graphLayout().count(EdgeKind::Uses), uses);
        QCOMPARE(panel.selected().kind, ItemRef::Kind::None);
        QCOMPARE(view->selectedTask(), -1);
        panel.undoAction()->trigger();
        panel.undoAction()->trigger();
        QCOMPARE(view->graphLayout().nodes.size(), nodes);
    }

    // --- The window

    void windowOpensAGraphAndReSimulatesEveryEdit() {
        QTemporaryDir dir;
        const QString path = dir.filePath("jobs.lsgraph.json");
        QVERIFY(QFile::copy(templatePath("2_bounded_concurrency.lsgraph.json"), path));
        TestWindow w;
        QSignalSpy ended(&w, &gui::MainWindow::runEnded);
        QVERIFY(w.openFile(path));
        QVERIFY(w.graphMode()->isActive());
        QCOMPARE(w.findChild<QStackedWidget*>()->currentWidget(), w.graphMode()->panel());
        QCOMPARE(w.windowTitle(), QString("jobs.lsgraph.json — loopscope"));
        QTRY_COMPARE(ended.count(), 1); // no Run pressed
        QVERIFY(w.timeline()->trace());
        QCOMPARE(w.timeline()->trace()->endTime, 2.0);
        QCOMPARE(w.lastStatus(), QString("ok"));
        QVERIFY(w.console()->toPlainText().contains("[1.000] job_3 in"));

        // What-if: the capacity's spin box, and the chart follows with no Run pressed.
        builder::BuilderPanel* panel = w.graphMode()->panel();
        panel->select(ItemRef::resource(0));
        qobject_cast<QSpinBox*>(panel->editorFor(Field::Capacity))->setValue(4);
        QTRY_COMPARE(ended.count(), 2);
        QCOMPARE(w.timeline()->trace()->endTime, 1.0);
        QCOMPARE(w.windowTitle(), QString("jobs.lsgraph.json* — loopscope"));
        panel->undoAction()->trigger();
        QTRY_COMPARE(ended.count(), 3);
        QCOMPARE(w.timeline()->trace()->endTime, 2.0);
        QCOMPARE(w.windowTitle(), QString("jobs.lsgraph.json — loopscope"));
        panel->redoAction()->trigger();
        QTRY_COMPARE(ended.count(), 4);
        QCOMPARE(w.timeline()->trace()->endTime, 1.0);

        // Run (Ctrl+R) runs the graph as it is.
        w.run();
        QTRY_COMPARE(ended.count(), 5);
        QCOMPARE(w.timeline()->trace()->endTime, 1.0);

        // Save writes the graph; the file reads back to it.
        QVERIFY(w.save());
        QCOMPARE(w.windowTitle(), QString("jobs.lsgraph.json — loopscope"));
        std::string error;
        const auto saved = graph::loadGraph(path.toStdString(), &error);
        QVERIFY2(saved, error.c_str());
        QVERIFY(graph::sameGraph(*saved, w.graphMode()->document()->graph()));
        QCOMPARE(saved->resources[0].value, 4);
    }

    void editsDuringARunShowOnlyTheNewestGraph() {
        TestWindow w;
        QSignalSpy simulated(w.graphMode(), &gui::GraphMode::simulated);
        QVERIFY(w.newGraphFromTemplate(templatePath("2_bounded_concurrency.lsgraph.json")));
        QTRY_COMPARE(simulated.count(), 1);
        GraphDocument* doc = w.graphMode()->document();
        // Three edits while the first of their runs goes: one more run, of the last graph.
        QVERIFY(doc->setField(ItemRef::resource(0), Field::Capacity, 1));
        QVERIFY(w.graphMode()->isSimulating());
        QVERIFY(doc->setField(ItemRef::resource(0), Field::Capacity, 3));
        QVERIFY(doc->setField(ItemRef::resource(0), Field::Capacity, 4));
        QTRY_VERIFY(!w.graphMode()->isSimulating());
        QCOMPARE(simulated.count(), 2);
        QCOMPARE(w.timeline()->trace()->endTime, 1.0);
        QCOMPARE(w.graphMode()->lastTrace()->endTime, 1.0);
    }

    void compareKeepsThePreviousRunAndSaysTheDifference() {
        TestWindow w;
        QSignalSpy ended(&w, &gui::MainWindow::runEnded);
        QVERIFY(w.newGraphFromTemplate(templatePath("2_bounded_concurrency.lsgraph.json")));
        QTRY_COMPARE(ended.count(), 1);
        QVERIFY(w.compareAction()->isCheckable());
        w.compareAction()->setChecked(true);
        QVERIFY(w.graphMode()->compare());
        QVERIFY(w.graphMode()->document()->setField(ItemRef::resource(0), Field::Capacity, 4));
        QTRY_COMPARE(ended.count(), 2);
        QVERIFY(w.graphMode()->previousTrace());
        QCOMPARE(w.graphMode()->previousTrace()->endTime, 2.0);
        QCOMPARE(w.graphMode()->lastTrace().get(), w.timeline()->trace());
        QLabel* status = nullptr;
        for (QLabel* l : w.statusBar()->findChildren<QLabel*>())
            if (l->text().startsWith("# end"))
                status = l;
        QVERIFY(status);
        QCOMPARE(status->text(),
                 QString("# end t=1.000 status=ok — previous end 2.000 s  (now 1.000 s, \u22121.000 s)"));
        w.compareAction()->setChecked(false);
        QVERIFY(w.timeline()->compareSummary().isEmpty());
    }

    void templatesMenuUnsavedPromptAndScripts() {
        QTemporaryDir dir;
        TestWindow w;
        QSignalSpy ended(&w, &gui::MainWindow::runEnded);
        QMenu* templates = menuNamed(w, "&New Graph from Template");
        QVERIFY(templates);
        QCOMPARE(templates->actions().size(), 5);
        templates->actions()[0]->trigger(); // Fan-out/gather
        QVERIFY(w.graphMode()->isActive());
        QCOMPARE(w.currentFile(), QString()); // untitled: Save asks where
        QCOMPARE(w.windowTitle(), QString("1_fan_out_gather.lsgraph.json — loopscope"));
        QTRY_COMPARE(ended.count(), 1);
        QCOMPARE(w.timeline()->trace()->endTime, 3.0);

        // An edit, then a script: asked first; Cancel keeps the graph.
        QVERIFY(w.graphMode()->document()->addTask());
        const QString script = dir.filePath("s.py");
        QVERIFY(writeFile(script, "print('hi')\n"));
        w.answer = QMessageBox::Cancel;
        QVERIFY(!w.openFile(script));
        QCOMPARE(w.asked, 1);
        QVERIFY(w.graphMode()->isActive());
        // Save asks where (the template stays as it is).
        w.answer = QMessageBox::Save;
        w.saveName = dir.filePath("mine.lsgraph.json");
        QVERIFY(w.openFile(script));
        QCOMPARE(w.asked, 2);
        QVERIFY(QFileInfo::exists(w.saveName));
        QVERIFY(!w.graphMode()->isActive());
        QCOMPARE(w.findChild<QStackedWidget*>()->currentWidget(),
                 static_cast<QWidget*>(w.editor()));
        QCOMPARE(w.editor()->toPlainText(), QString("print('hi')\n"));
        // The saved graph opens again, from the recent files too.
        QVERIFY(w.recentFiles().contains(QFileInfo(w.saveName).absoluteFilePath()));
        QVERIFY(w.openFile(w.saveName));
        QCOMPARE(w.graphMode()->document()->graph().tasks.size(), std::size_t(5));
    }

    // "Cancel here" on a graph's chart: the intervention is listed, saved as
    // NAME.interventions.json beside NAME.lsgraph.json, and the graph runs again with it;
    // opening the graph again applies the file; a graph from a template starts with none.
    void cancelHereOnAGraphSavesBesideItAndReRuns() {
        QTemporaryDir dir;
        const QString path = dir.filePath("jobs.lsgraph.json");
        QVERIFY(QFile::copy(templatePath("2_bounded_concurrency.lsgraph.json"), path));
        const QString file = dir.filePath("jobs.interventions.json");
        {
            TestWindow w;
            QSignalSpy ended(&w, &gui::MainWindow::runEnded);
            QVERIFY(w.openFile(path));
            QTRY_COMPARE(ended.count(), 1);
            QCOMPARE(w.interventions()->file(), file);
            QCOMPARE(w.interventions()->list()->count(), 0);
            const Trace* before = w.timeline()->trace();
            QVERIFY(userCancels(*before).isEmpty());
            const TaskId job1 = before->findTask("job_1");
            QVERIFY(job1 != kNone);

            // job_1 cancelled at 0.5 s while it holds a slot: job_3 gets it then.
            w.cancelTaskAt(job1, 0.5);
            QTRY_COMPARE(ended.count(), 2);
            QCOMPARE(w.interventions()->list()->count(), 1);
            QCOMPARE(w.interventions()->list()->item(0)->text(), QString("cancel job_1 at 0.5 s"));
            std::string error;
            const auto saved = graph::loadInterventions(file.toStdString(), &error);
            QVERIFY2(saved.has_value(), error.c_str());
            QCOMPARE(saved->size(), std::size_t(1));
            QCOMPARE((*saved)[0].task, std::string("job_1"));
            QCOMPARE((*saved)[0].time, 0.5);
            QVERIFY(w.graphMode()->isActive());
            QCOMPARE(userCancels(*w.timeline()->trace()), QStringList{"job_1@0.5"});
            QVERIFY(w.console()->toPlainText().contains("[0.500] job_3 in"));
            QVERIFY(!w.graphMode()->document()->isModified()); // the graph itself is as saved

            // Edits re-run with it.
            QVERIFY(w.graphMode()->document()->setField(ItemRef::resource(0), Field::Capacity, 1));
            QTRY_COMPARE(ended.count(), 3);
            QCOMPARE(userCancels(*w.timeline()->trace()), QStringList{"job_1@0.5"});

            // Renamed, the task is not the intervention's any more, and Problems says so.
            QVERIFY(w.graphMode()->document()->setField(ItemRef::task(0), Field::Name, "first"));
            QTRY_COMPARE(ended.count(), 4);
            QVERIFY(userCancels(*w.timeline()->trace()).isEmpty());
            QStringList problems;
            for (int i = 0; i < w.problems()->count(); ++i)
                problems << w.problems()->item(i)->text();
            QCOMPARE(problems, QStringList{"[0.500] note: intervention at t=0.500: task 'job_1' "
                                           "(#0) was not running: no such task had been created"});
        }
        // Opened again, in a new window: the file's intervention is in the first run.
        {
            TestWindow w;
            QSignalSpy ended(&w, &gui::MainWindow::runEnded);
            QVERIFY(w.openFile(path));
            QCOMPARE(w.interventions()->list()->count(), 1);
            QTRY_COMPARE(ended.count(), 1);
            QCOMPARE(userCancels(*w.timeline()->trace()), QStringList{"job_1@0.5"});
            QVERIFY(w.console()->toPlainText().contains("[0.500] job_3 in"));

            // A template: none, in the list and in the run; the file stays.
            QVERIFY(w.newGraphFromTemplate(templatePath("2_bounded_concurrency.lsgraph.json")));
            QCOMPARE(w.interventions()->list()->count(), 0);
            QCOMPARE(w.interventions()->file(), QString());
            QTRY_COMPARE(ended.count(), 2);
            QVERIFY(userCancels(*w.timeline()->trace()).isEmpty());
            QVERIFY(!w.console()->toPlainText().contains("[0.500] job_3 in"));
            QVERIFY(QFile::exists(file));

            // Its own, in memory until the graph is saved, then beside it.
            w.cancelTaskAt(w.timeline()->trace()->findTask("job_2"), 0.25);
            QTRY_COMPARE(ended.count(), 3);
            QCOMPARE(userCancels(*w.timeline()->trace()), QStringList{"job_2@0.25"});
            QCOMPARE(w.interventions()->file(), QString());
            QVERIFY(w.saveAs(dir.filePath("mine.lsgraph.json")));
            const auto saved = graph::loadInterventions(
                dir.filePath("mine.interventions.json").toStdString(), nullptr);
            QVERIFY(saved.has_value());
            QCOMPARE(*saved, w.interventions()->interventions());
            QCOMPARE(graph::loadInterventions(file.toStdString(), nullptr)->front().task,
                     std::string("job_1")); // the other graph's is as it was
        }
    }

    // The what-if run's trace and the run before it reach the chart together: the ghost is
    // laid out with the new run, and only while Compare is on.
    void aGraphRunAndItsGhostReachTheChartTogether() {
        TestWindow w;
        QSignalSpy ended(&w, &gui::MainWindow::runEnded);
        QVERIFY(w.newGraphFromTemplate(templatePath("2_bounded_concurrency.lsgraph.json")));
        QTRY_COMPARE(ended.count(), 1);
        QVERIFY(!w.timeline()->ghostTrace());
        w.compareAction()->setChecked(true);
        QVERIFY(w.graphMode()->document()->setField(ItemRef::resource(0), Field::Capacity, 4));
        QTRY_COMPARE(ended.count(), 2);
        QCOMPARE(w.timeline()->trace(), w.graphMode()->lastTrace().get());
        QCOMPARE(w.timeline()->ghostTrace(), w.graphMode()->previousTrace().get());
        QVERIFY(w.timeline()->geometry());
        QVERIFY(w.timeline()->geometry()->compare.shown);
        QVERIFY(!w.timeline()->geometry()->ghostBars.empty());
        QCOMPARE(w.timeline()->trace()->endTime, 1.0);
        QCOMPARE(w.timeline()->ghostTrace()->endTime, 2.0);

        // Off: the next run has no ghost.
        w.compareAction()->setChecked(false);
        QVERIFY(w.graphMode()->document()->setField(ItemRef::resource(0), Field::Capacity, 3));
        QTRY_COMPARE(ended.count(), 3);
        QVERIFY(!w.timeline()->ghostTrace());
        QVERIFY(w.timeline()->geometry()->ghostBars.empty());
        QVERIFY(!w.timeline()->geometry()->compare.shown);
    }

    // Show as Python: asks about the graph's unsaved edits, then the editor holds the graph's
    // script as an untitled NAME.py, and running it prints what the graph's run printed.
    void showAsPythonOpensTheGraphsScriptAndItRunsTheSame() {
        QTemporaryDir dir;
        const QString path = dir.filePath("jobs.lsgraph.json");
        QVERIFY(QFile::copy(templatePath("2_bounded_concurrency.lsgraph.json"), path));
        TestWindow w;
        w.runController()->setExecutable(QStringLiteral(LOOPSCOPE_BIN));
        w.resize(1200, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy ended(&w, &gui::MainWindow::runEnded);
        QVERIFY(!w.showPythonAction()->isEnabled()); // a script is open
        QVERIFY(!w.showGraphAsPython());
        QVERIFY(w.openFile(path));
        QTRY_COMPARE(ended.count(), 1);
        QVERIFY(w.showPythonAction()->isEnabled());
        QVERIFY(w.graphMode()->panel()->toolBar()->actions().contains(w.showPythonAction()));
        QMenu* fileMenu = menuNamed(w, "&File");
        QVERIFY(fileMenu && fileMenu->actions().contains(w.showPythonAction()));

        // An edit and an intervention: the script is of the graph as edited, and its run has
        // the cancel too.
        GraphDocument* doc = w.graphMode()->document();
        QVERIFY(doc->setField(ItemRef::resource(0), Field::Capacity, 3));
        QTRY_COMPARE(ended.count(), 2);
        w.cancelTaskAt(w.timeline()->trace()->findTask("job_2"), 0.25);
        QTRY_COMPARE(ended.count(), 3);
        const std::shared_ptr<const Trace> graphRun = w.graphMode()->lastTrace();
        QCOMPARE(graphRun.get(), w.timeline()->trace());
        const QString graphStatus = w.lastStatus();
        QCOMPARE(userCancels(*graphRun), QStringList{"job_2@0.25"});
        const QString script = QString::fromStdString(graph::pythonScript(doc->graph()));

        // Cancel keeps the graph.
        w.answer = QMessageBox::Cancel;
        w.showPythonAction()->trigger();
        QCOMPARE(w.asked, 1);
        QVERIFY(w.graphMode()->isActive());
        // Discard: the graph as it is on screen, as a script. Ctrl+Shift+P in the builder.
        QApplication::setActiveWindow(&w);
        QVERIFY(QTest::qWaitForWindowActive(&w));
        w.graphMode()->panel()->tree()->setFocus();
        w.answer = QMessageBox::Discard;
        QTest::keyClick(w.graphMode()->panel()->tree(), Qt::Key_P,
                        Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(w.asked, 2);
        QVERIFY(!w.graphMode()->isActive());
        QVERIFY(!w.showPythonAction()->isEnabled());
        QCOMPARE(w.findChild<QStackedWidget*>()->currentWidget(),
                 static_cast<QWidget*>(w.editor()));
        QCOMPARE(w.editor()->toPlainText(), script);
        QVERIFY(script.contains("slots = asyncio.Semaphore(3)"));
        QCOMPARE(w.currentFile(), QString()); // untitled: Save asks where, beside the graph
        QCOMPARE(w.suggestedSavePath(), dir.filePath("jobs.py"));
        QCOMPARE(w.windowTitle(), QString("jobs.py — loopscope"));
        QCOMPARE(w.interventions()->list()->count(), 1);
        QCOMPARE(w.interventions()->file(), QString());

        // Ctrl+R runs it in a child `loopscope run`: the same lines at the same times.
        w.editor()->setFocus();
        QTest::keyClick(w.editor(), Qt::Key_R, Qt::ControlModifier);
        QVERIFY(ended.wait(30000) || ended.count() == 4);
        QCOMPARE(ended.count(), 4);
        const Trace* scriptRun = w.timeline()->trace();
        QVERIFY(scriptRun && scriptRun != graphRun.get());
        QCOMPARE(w.lastStatus(), graphStatus);
        QCOMPARE(printed(*scriptRun), printed(*graphRun));
        QVERIFY(printed(*scriptRun).contains("[0.250] job_4 in"));
        QCOMPARE(scriptRun->endTime, graphRun->endTime);
        QCOMPARE(userCancels(*scriptRun), QStringList{"job_2@0.25"});
        // Nothing was written beside the graph.
        QVERIFY(!QFile::exists(dir.filePath("jobs.py")));
    }

    // Every template's script, run as the window runs scripts, prints what the graph's run
    // printed and ends the same way.
    void everyTemplatesScriptRunsAsTheGraph() {
        TestWindow w;
        w.runController()->setExecutable(QStringLiteral(LOOPSCOPE_BIN));
        QSignalSpy ended(&w, &gui::MainWindow::runEnded);
        const QList<GraphTemplate> templates = graphTemplates();
        QVERIFY(!templates.isEmpty());
        for (const GraphTemplate& t : templates) {
            const int n = int(ended.count());
            QVERIFY(w.newGraphFromTemplate(t.path));
            QTRY_COMPARE(ended.count(), n + 1);
            const std::shared_ptr<const Trace> graphRun = w.graphMode()->lastTrace();
            QCOMPARE(graphRun.get(), w.timeline()->trace());
            const QString status = w.lastStatus();
            QVERIFY(w.showGraphAsPython());
            // An untitled graph's script: saved first in the home folder.
            QCOMPARE(w.suggestedSavePath(),
                     QDir::home().filePath(
                         QFileInfo(t.path).fileName().replace(".lsgraph.json", ".py")));
            w.run();
            QVERIFY(ended.wait(30000) || ended.count() == n + 2);
            QCOMPARE(ended.count(), n + 2);
            QVERIFY2(printed(*w.timeline()->trace()) == printed(*graphRun), qPrintable(t.path));
            QCOMPARE(w.lastStatus(), status);
            QCOMPARE(w.timeline()->trace()->endTime, graphRun->endTime);
        }
    }

    // The builder's selected task is the chart's selected row, and the other way round; a
    // step selects its task's row and stays selected; a re-run keeps the row selected.
    void theBuilderAndTheChartSelectTheSameTask() {
        TestWindow w;
        QSignalSpy ended(&w, &gui::MainWindow::runEnded);
        QVERIFY(w.newGraphFromTemplate(templatePath("2_bounded_concurrency.lsgraph.json")));
        QTRY_COMPARE(ended.count(), 1);
        builder::BuilderPanel* panel = w.graphMode()->panel();
        gui::TimelineView* chart = w.timeline();
        auto row = [&](const char* name) { return chart->trace()->findTask(name); };
        QVERIFY(row("job_3") != kNone);

        panel->select(ItemRef::task(2));
        QCOMPARE(chart->selectedTask(), row("job_3"));
        const ItemRef step = ItemRef::step(1, {{0, false}, {0, false}}); // job_2's print
        panel->select(step);
        QCOMPARE(chart->selectedTask(), row("job_2"));
        QCOMPARE(panel->selected(), step);
        panel->select(ItemRef::resource(0));
        QCOMPARE(chart->selectedTask(), kNone);

        chart->setSelectedTask(row("job_4"));
        QCOMPARE(panel->selected(), ItemRef::task(3));
        QCOMPARE(panel->graphView()->selectedTask(), 3);
        chart->setSelectedTask(kNone); // a click beside the rows: the builder keeps its item
        QCOMPARE(panel->selected(), ItemRef::task(3));

        // What-if: the new run's row of job_4 is selected.
        QVERIFY(w.graphMode()->document()->setField(ItemRef::resource(0), Field::Capacity, 4));
        QTRY_COMPARE(ended.count(), 2);
        QCOMPARE(chart->selectedTask(), row("job_4"));
        QCOMPARE(panel->selected(), ItemRef::task(3));
    }

    // A script still running when a graph is opened is stopped, and its end shows nothing:
    // the chart, the console, the status and the problems stay the graph's.
    void aScriptRunStillGoingDoesNotReplaceTheGraphs() {
        QTemporaryDir dir;
        const QString script = dir.filePath("slow.py");
        // Seconds of CPU in the child, then a line: long enough to still run when the graph
        // has been opened and run.
        QVERIFY(writeFile(script, "for _ in range(60_000_000):\n    pass\nprint('script done')\n"));
        TestWindow w;
        w.runController()->setExecutable(QStringLiteral(LOOPSCOPE_BIN));
        QSignalSpy ended(&w, &gui::MainWindow::runEnded);
        QVERIFY(w.openFile(script));
        w.run();
        QVERIFY(w.isRunning());
        QVERIFY(w.newGraphFromTemplate(templatePath("1_fan_out_gather.lsgraph.json")));
        QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 30000);
        QTRY_VERIFY(w.graphMode()->lastTrace());
        QTest::qWait(200);
        QCOMPARE(w.timeline()->trace(), w.graphMode()->lastTrace().get());
        QCOMPARE(w.lastStatus(), QString("ok"));
        QCOMPARE(w.problems()->count(), 0);
        QVERIFY(!w.console()->toPlainText().contains("script done"));
        QVERIFY(w.console()->toPlainText().contains("all workers done"));
    }

    // Examples > Task graphs: each bundled example graph, opened as an untitled copy.
    void exampleGraphsAreInTheExamplesMenu() {
        TestWindow w;
        QSignalSpy ended(&w, &gui::MainWindow::runEnded);
        QMenu* examples = menuNamed(w, "&Examples");
        QVERIFY(examples);
        QStringList graphs;
        for (QAction* a : examples->actions())
            if (a->text().contains(".lsgraph.json"))
                graphs << a->text();
        const QStringList files =
            QDir(LOOPSCOPE_GRAPHS).entryList({"*.lsgraph.json"}, QDir::Files, QDir::Name);
        QVERIFY(!files.isEmpty());
        QCOMPARE(graphs.size(), files.size());
        QVERIFY2(graphs[0].startsWith(files[0] + " — "), qPrintable(graphs[0]));
        QAction* first = nullptr;
        for (QAction* a : examples->actions())
            if (a->text() == graphs[0])
                first = a;
        first->trigger();
        QVERIFY(w.graphMode()->isActive());
        QCOMPARE(w.currentFile(), QString()); // Save asks where: the example stays as it is
        QCOMPARE(w.windowTitle(), files[0] + " — loopscope");
        QTRY_COMPARE(ended.count(), 1);
        QCOMPARE(w.lastStatus(), QString("ok"));
    }

    void aGraphDroppedOnTheWindowOpens() {
        TestWindow w;
        QSignalSpy ended(&w, &gui::MainWindow::runEnded);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(templatePath("3_producer_consumer.lsgraph.json"))});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton,
                              Qt::NoModifier);
        QApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &drop);
        QTRY_VERIFY(w.graphMode()->isActive());
        QTRY_COMPARE(ended.count(), 1);
        QCOMPARE(w.timeline()->trace()->endTime, 5.5);
        QCOMPARE(w.windowTitle(), QString("3_producer_consumer.lsgraph.json — loopscope"));
    }

    void loadErrorsAndFailedRunsShowInProblems() {
        QTemporaryDir dir;
        TestWindow w;
        QSignalSpy ended(&w, &gui::MainWindow::runEnded);
        const QString bad = dir.filePath("bad.lsgraph.json");
        QVERIFY(writeFile(bad,
                          "{\"format\": \"loopscope-graph\", \"version\": 1,\n\"tasks\": "
                          "[{\"name\": \"a\", \"steps\": [{\"hold\": \"db\", \"steps\": []}]}]}"));
        QVERIFY(!w.openFile(bad));
        const QString message = bad + ":2:44: tasks[0].steps[0].hold: no resource named \"db\"";
        QCOMPARE(w.errors, QStringList{message});
        QCOMPARE(w.problems()->count(), 1);
        QCOMPARE(w.problems()->item(0)->text(), message);
        QVERIFY(!w.graphMode()->isActive());

        const QString raises = dir.filePath("raises.lsgraph.json");
        QVERIFY(writeFile(raises,
                          "{\"format\": \"loopscope-graph\", \"version\": 1,\n\"tasks\": "
                          "[{\"name\": \"a\", \"steps\": [{\"print\": \"before\"}, {\"sleep\": 1}, "
                          "{\"raise\": \"ValueError\", \"message\": \"boom\"}]}]}"));
        QVERIFY(w.openFile(raises));
        QTRY_COMPARE(ended.count(), 1);
        QCOMPARE(w.lastStatus(), QString("exception:ValueError"));
        QStringList problems;
        for (int i = 0; i < w.problems()->count(); ++i)
            problems << w.problems()->item(i)->text();
        QVERIFY2(problems.contains("ValueError: boom"), qPrintable(problems.join('\n')));
        QCOMPARE(w.console()->toPlainText(), QString("[0.000] before"));
    }
};

QTEST_MAIN(TestBuilder)
#include "test_builder.moc"
