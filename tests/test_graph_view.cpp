// The task graph diagram: its layout (every task and resource a node, the edges the steps
// make, layers by creation, no overlaps, crossings cut), and the widget (clicks, selection,
// tooltips, the colours it paints).
#include "GraphLayout.hpp"
#include "GraphView.hpp"

#include <loopscope/graph/GraphLoader.hpp>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSignalSpy>
#include <QtTest>

#include <map>
#include <set>
#include <tuple>

using namespace loopscope;
using namespace loopscope::builder;

namespace {

graph::Graph parse(const std::string& text) {
    std::string error;
    const auto g = graph::parseGraph(text, "test.lsgraph.json", &error);
    if (!g)
        qFatal("%s", error.c_str());
    return *g;
}

/// The edges of a graph file as (kind, from name, to name), read from its JSON with Qt's own
/// parser: a second reading of docs/graph-format.md to hold the layout's against.
using NamedEdge = std::tuple<int, QString, QString>;

void jsonEdges(const QJsonArray& steps, const QString& from, std::set<NamedEdge>& out) {
    static const std::map<QString, EdgeKind> kinds = {
        {"create", EdgeKind::Creates},   {"await", EdgeKind::Awaits},
        {"shield", EdgeKind::Awaits},    {"wait_for", EdgeKind::Awaits},
        {"gather", EdgeKind::Gathers},   {"wait", EdgeKind::Gathers},
        {"as_completed", EdgeKind::Gathers}, {"cancel", EdgeKind::Cancels},
        {"hold", EdgeKind::Uses},        {"wait_event", EdgeKind::Uses},
        {"set", EdgeKind::Uses},         {"clear", EdgeKind::Uses},
        {"put", EdgeKind::Uses},         {"get", EdgeKind::Uses},
        {"task_done", EdgeKind::Uses},   {"join", EdgeKind::Uses}};
    for (const QJsonValue& v : steps) {
        const QJsonObject step = v.toObject();
        for (auto it = step.begin(); it != step.end(); ++it) {
            const auto k = kinds.find(it.key());
            if (k != kinds.end()) {
                if (it.value().isString())
                    out.insert({int(k->second), from, it.value().toString()});
                else if (it.value().isArray() && it.key() != QLatin1String("wait_for"))
                    for (const QJsonValue& t : it.value().toArray())
                        out.insert({int(k->second), from, t.toString()});
            }
        }
        for (const char* nested : {"steps", "try", "handler"})
            jsonEdges(step.value(QLatin1String(nested)).toArray(), from, out);
        if (step.value(QLatin1String("wait_for")).isArray())
            jsonEdges(step.value(QLatin1String("wait_for")).toArray(), from, out);
    }
}

std::set<NamedEdge> jsonEdges(const QJsonObject& doc) {
    std::set<NamedEdge> out;
    QSet<QString> created;
    for (const QJsonValue& t : doc.value(QLatin1String("tasks")).toArray())
        jsonEdges(t.toObject().value(QLatin1String("steps")).toArray(),
                  t.toObject().value(QLatin1String("name")).toString(), out);
    for (const NamedEdge& e : out)
        if (std::get<0>(e) == int(EdgeKind::Creates))
            created.insert(std::get<2>(e));
    for (const QJsonValue& t : doc.value(QLatin1String("tasks")).toArray()) {
        const QString name = t.toObject().value(QLatin1String("name")).toString();
        if (!created.contains(name))
            out.insert({int(EdgeKind::Creates), QStringLiteral("main"), name});
    }
    return out;
}

std::set<NamedEdge> layoutEdges(const GraphLayout& l) {
    std::set<NamedEdge> out;
    for (const GraphEdge& e : l.edges)
        out.insert({int(e.kind), l.nodes[std::size_t(e.from)].title,
                    l.nodes[std::size_t(e.to)].title});
    return out;
}

void checkNoOverlap(const GraphLayout& l) {
    for (std::size_t i = 0; i < l.nodes.size(); ++i)
        for (std::size_t j = i + 1; j < l.nodes.size(); ++j)
            QVERIFY2(!l.nodes[i].rect.intersects(l.nodes[j].rect),
                     qPrintable(l.nodes[i].title + " overlaps " + l.nodes[j].title));
}

/// How many pairs of edges cross (their straight middle stretches intersect); edges that
/// share a node meet there and do not count.
int crossings(const GraphLayout& l) {
    int n = 0;
    for (std::size_t i = 0; i < l.edges.size(); ++i)
        for (std::size_t j = i + 1; j < l.edges.size(); ++j) {
            const GraphEdge& x = l.edges[i];
            const GraphEdge& y = l.edges[j];
            if (x.from == y.from || x.to == y.to || x.from == y.to || x.to == y.from)
                continue;
            const QPolygonF& a = l.edges[i].path;
            const QPolygonF& b = l.edges[j].path;
            const QLineF la(a[1], a[2]), lb(b[1], b[2]);
            QPointF at;
            n += la.intersects(lb, &at) == QLineF::BoundedIntersection;
        }
    return n;
}

/// `n` top-level tasks, each holding one of three semaphores and awaiting the previous one.
std::string manyTasks(int n) {
    std::string tasks;
    for (int i = 0; i < n; ++i) {
        tasks += i ? "," : "";
        tasks += R"({"name": "task_)" + std::to_string(i) + R"(", "steps": [{"hold": "r)" +
                 std::to_string(i % 3) + R"(", "steps": [{"sleep": 1}]})";
        if (i > 0)
            tasks += R"(, {"await": "task_)" + std::to_string(i - 1) + R"("})";
        tasks += "]}";
    }
    return R"({"format": "loopscope-graph", "version": 1, "resources": [
        {"name": "r0", "type": "Semaphore", "value": 5}, {"name": "r1", "type": "Lock"},
        {"name": "r2", "type": "BoundedSemaphore", "value": 3}], "tasks": [)" + tasks + "]}";
}

/// resources/graphs/02_bounded_semaphore: four jobs holding one Semaphore(2).
std::optional<graph::Graph> semaphoreGraph() {
    std::string error;
    auto g = graph::loadGraph(LOOPSCOPE_GRAPHS "/02_bounded_semaphore.lsgraph.json", &error);
    if (!g)
        qWarning("%s", error.c_str());
    return g;
}

const char* kChain = R"({"format": "loopscope-graph", "version": 1,
    "resources": [{"name": "done", "type": "Event"}],
    "tasks": [
      {"name": "a", "steps": [{"create": "b"}, {"await": "b"}, {"set": "done"}]},
      {"name": "b", "steps": [{"create": "c"}, {"gather": ["c"]}]},
      {"name": "c", "steps": [{"wait_event": "done"}]},
      {"name": "d", "start": 1, "steps": [{"cancel": "a"}]}]})";

} // namespace

class TestGraphView : public QObject {
    Q_OBJECT
private slots:
    void bundledGraphs_data();
    void bundledGraphs();
    void semaphoreGraphCountedByHand();
    void layersFollowCreation();
    void resourcesOrderedToAvoidCrossings();
    void fiftyTasksStayReadable();
    void emptyAndCyclicGraphs();
    void clicksEmitAndSelect();
    void selectionSurvivesEdits();
    void paintsNodeColours();
    void tooltips();
};

void TestGraphView::bundledGraphs_data() {
    QTest::addColumn<QString>("path");
    const QDir dir(QStringLiteral(LOOPSCOPE_GRAPHS));
    const QStringList files = dir.entryList({QStringLiteral("*.lsgraph.json")}, QDir::Files);
    QVERIFY(files.size() >= 5);
    for (const QString& f : files)
        QTest::newRow(qPrintable(f)) << dir.filePath(f);
}

void TestGraphView::bundledGraphs() {
    QFETCH(QString, path);
    std::string error;
    const auto g = graph::loadGraph(path.toStdString(), &error);
    QVERIFY2(g, error.c_str());
    const GraphLayout l = layoutGraph(*g);
    // main, every task and every resource, each once, in that order.
    QCOMPARE(l.nodes.size(), 1 + g->tasks.size() + g->resources.size());
    QCOMPARE(l.nodes[0].kind, GraphNode::Kind::Main);
    for (std::size_t i = 0; i < g->tasks.size(); ++i) {
        const GraphNode& n = l.nodes[std::size_t(l.nodeOfTask(int(i)))];
        QCOMPARE(n.kind, GraphNode::Kind::Task);
        QCOMPARE(n.title.toStdString(), g->tasks[i].name);
    }
    for (std::size_t i = 0; i < g->resources.size(); ++i) {
        const GraphNode& n = l.nodes[std::size_t(l.nodeOfResource(int(i)))];
        QCOMPARE(n.kind, GraphNode::Kind::Resource);
        QCOMPARE(n.title.toStdString(), g->resources[i].name);
    }
    // The edges are those the file's steps make, kind by kind.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const std::set<NamedEdge> expected = jsonEdges(QJsonDocument::fromJson(file.readAll()).object());
    QCOMPARE(layoutEdges(l), expected);
    for (int k = 0; k < kEdgeKindCount; ++k)
        QCOMPARE(l.count(EdgeKind(k)),
                 std::size_t(std::count_if(expected.begin(), expected.end(),
                                           [&](const NamedEdge& e) { return std::get<0>(e) == k; })));
    checkNoOverlap(l);
    for (const GraphNode& n : l.nodes)
        QVERIFY(l.bounds.contains(n.rect));
}

void TestGraphView::semaphoreGraphCountedByHand() {
    const std::optional<graph::Graph> g = semaphoreGraph();
    QVERIFY(g);
    const GraphLayout l = layoutGraph(*g);
    QCOMPARE(l.count(EdgeKind::Creates), std::size_t(4)); // main starts the four jobs
    QCOMPARE(l.count(EdgeKind::Uses), std::size_t(4));    // each holds the semaphore
    QCOMPARE(l.count(EdgeKind::Awaits) + l.count(EdgeKind::Gathers) + l.count(EdgeKind::Cancels),
             std::size_t(0));
    const GraphNode& semaphore = l.nodes[std::size_t(l.nodeOfResource(0))];
    QCOMPARE(semaphore.subtitle, QStringLiteral("Semaphore(2)"));
    for (const GraphEdge& e : l.edges)
        if (e.kind == EdgeKind::Uses)
            QCOMPARE(e.steps, QStringList{QStringLiteral("hold")});
}

void TestGraphView::layersFollowCreation() {
    const GraphLayout l = layoutGraph(parse(kChain));
    auto node = [&](int task) { return l.nodes[std::size_t(l.nodeOfTask(task))]; };
    QCOMPARE(node(0).layer, 1); // a: main's
    QCOMPARE(node(1).layer, 2); // b: a creates it
    QCOMPARE(node(2).layer, 3); // c: b creates it
    QCOMPARE(node(3).layer, 1); // d: main's, at 1 s
    QCOMPARE(node(3).subtitle, QStringLiteral("at 1 s · 1 step"));
    QVERIFY(l.nodes[0].rect.right() < node(0).rect.left());
    QVERIFY(node(0).rect.right() < node(1).rect.left());
    QVERIFY(node(1).rect.right() < node(2).rect.left());
    const GraphNode& done = l.nodes[std::size_t(l.nodeOfResource(0))];
    QCOMPARE(done.layer, 4); // the resource column comes last
    QVERIFY(node(2).rect.right() < done.rect.left());
    // a creates and awaits b: two edges, kept apart.
    std::vector<const GraphEdge*> ab;
    for (const GraphEdge& e : l.edges)
        if (e.from == l.nodeOfTask(0) && e.to == l.nodeOfTask(1))
            ab.push_back(&e);
    QCOMPARE(ab.size(), std::size_t(2));
    QVERIFY(ab[0]->path.front() != ab[1]->path.front());
    // d cancels a: the same column, so the edge bends round beside them.
    for (const GraphEdge& e : l.edges)
        if (e.kind == EdgeKind::Cancels) {
            QCOMPARE(e.path.size(), 4);
            QVERIFY(e.path[1].x() > node(0).rect.right());
        }
    checkNoOverlap(l);
}

void TestGraphView::resourcesOrderedToAvoidCrossings() {
    // In file order a would face r0 and b r1, but a uses r1 and b uses r0: the resource column
    // is reordered so that the two uses edges do not cross.
    const GraphLayout l = layoutGraph(parse(R"({"format": "loopscope-graph", "version": 1,
        "resources": [{"name": "r0", "type": "Lock"}, {"name": "r1", "type": "Lock"},
                      {"name": "r2", "type": "Lock"}],
        "tasks": [{"name": "a", "steps": [{"hold": "r2", "steps": []}]},
                  {"name": "b", "steps": [{"hold": "r1", "steps": []}]},
                  {"name": "c", "steps": [{"hold": "r0", "steps": []}]}]})"));
    QCOMPARE(crossings(l), 0);
    auto y = [&](int r) { return l.nodes[std::size_t(l.nodeOfResource(r))].rect.top(); };
    QVERIFY(y(2) < y(1));
    QVERIFY(y(1) < y(0));
}

void TestGraphView::fiftyTasksStayReadable() {
    const graph::Graph g = parse(manyTasks(50));
    const GraphLayout l = layoutGraph(g);
    QCOMPARE(l.nodes.size(), std::size_t(1 + 50 + 3));
    checkNoOverlap(l);
    GraphView view;
    view.resize(1000, 640);
    view.setGraph(g);
    // Wrapped into columns, a node stays tall enough for its name in a window-sized view.
    const double nodeHeight = view.toWidget().m11() * l.nodes[1].rect.height();
    QVERIFY2(nodeHeight >= 14, qPrintable(QString::number(nodeHeight)));
    QVERIFY(l.bounds.width() / l.bounds.height() < 4);
    QVERIFY(l.bounds.height() / l.bounds.width() < 4);
}

void TestGraphView::emptyAndCyclicGraphs() {
    // A new document in the builder: no tasks yet. Only main, and the view says so.
    GraphView view;
    view.resize(400, 300);
    view.setGraph(graph::Graph{});
    QCOMPARE(view.graphLayout().nodes.size(), std::size_t(1));
    QVERIFY(view.graphLayout().edges.empty());
    QVERIFY(!view.grab().isNull());
    // A half-edited graph where a and b create each other (no one starts them): laid out,
    // both at the first layer, instead of hanging.
    graph::Graph g;
    for (int i = 0; i < 2; ++i) {
        graph::TaskSpec t;
        t.name = i ? "b" : "a";
        t.createdByStep = true;
        graph::Step create;
        create.kind = graph::StepKind::Create;
        create.tasks = {1 - i};
        t.steps.push_back(create);
        g.tasks.push_back(t);
    }
    const GraphLayout l = layoutGraph(g);
    QCOMPARE(l.nodes.size(), std::size_t(3));
    QCOMPARE(l.count(EdgeKind::Creates), std::size_t(2));
    QCOMPARE(l.nodes[1].layer, 1);
    QCOMPARE(l.nodes[2].layer, 1);
    checkNoOverlap(l);
}

void TestGraphView::clicksEmitAndSelect() {
    const std::optional<graph::Graph> g = semaphoreGraph();
    QVERIFY(g);
    GraphView view;
    view.resize(800, 500);
    view.setGraph(*g);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy tasks(&view, &GraphView::taskClicked);
    QSignalSpy resources(&view, &GraphView::resourceClicked);
    const GraphLayout& l = view.graphLayout();
    auto centre = [&](int node) {
        return view.toWidget().map(l.nodes[std::size_t(node)].rect.center()).toPoint();
    };
    QTest::mouseClick(&view, Qt::LeftButton, {}, centre(l.nodeOfTask(2)));
    QCOMPARE(tasks.size(), 1);
    QCOMPARE(tasks.at(0).at(0).toInt(), 2);
    QCOMPARE(view.selectedTask(), 2);
    QTest::mouseClick(&view, Qt::LeftButton, {}, centre(l.nodeOfResource(0)));
    QCOMPARE(resources.size(), 1);
    QCOMPARE(resources.at(0).at(0).toInt(), 0);
    QCOMPARE(view.selectedResource(), 0);
    QCOMPARE(view.selectedTask(), -1);
    QTest::mouseClick(&view, Qt::LeftButton, {}, centre(GraphLayout::kMainNode));
    QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(2, 2)); // nothing there
    QCOMPARE(tasks.size(), 1);
    QCOMPARE(resources.size(), 1);
}

void TestGraphView::selectionSurvivesEdits() {
    GraphView view;
    view.setGraph(parse(kChain));
    view.setSelectedTask(3);
    QCOMPARE(view.selectedTask(), 3);
    view.setGraph(parse(kChain)); // an edit that keeps task 3
    QCOMPARE(view.selectedTask(), 3);
    view.setGraph(parse(manyTasks(2))); // task 3 is gone
    QCOMPARE(view.selectedTask(), -1);
    view.setSelectedTask(99);
    QCOMPARE(view.selectedTask(), -1);
    view.setSelectedResource(2);
    QCOMPARE(view.selectedResource(), 2);
}

void TestGraphView::paintsNodeColours() {
    const graph::Graph g = parse(kChain);
    GraphView view;
    view.resize(900, 500);
    view.setGraph(g);
    const QImage image = view.grab().toImage();
    const double dpr = image.devicePixelRatio();
    const QTransform t = view.toWidget();
    const GraphLayout& l = view.graphLayout();
    QSet<QRgb> seen;
    for (const GraphNode& n : l.nodes) {
        // Inside the shape, left of the centred text, clear of the border.
        const QPointF at = t.map(QPointF(n.rect.left() + 10, n.rect.center().y()));
        const QColor expected = GraphView::nodeColor(n, g, ui::Theme::Light);
        QCOMPARE(image.pixelColor((at * dpr).toPoint()).rgb(), expected.rgb());
        seen.insert(expected.rgb());
    }
    QCOMPARE(seen.size(), 3); // main, tasks, the Event: told apart
}

void TestGraphView::tooltips() {
    const std::optional<graph::Graph> g = semaphoreGraph();
    QVERIFY(g);
    GraphView view;
    view.resize(800, 500);
    view.setGraph(*g);
    const GraphLayout& l = view.graphLayout();
    const QTransform t = view.toWidget();
    const QString node = view.toolTipAt(t.map(l.nodes[std::size_t(l.nodeOfResource(0))].rect.center()));
    QVERIFY2(node.contains(QStringLiteral("slots")) && node.contains(QStringLiteral("Semaphore(2)")),
             qPrintable(node));
    for (const GraphEdge& e : l.edges)
        if (e.kind == EdgeKind::Uses && e.from == l.nodeOfTask(0)) {
            const QPointF mid = (e.path[1] + e.path[2]) / 2;
            const QString text = view.toolTipAt(t.map(mid));
            QCOMPARE(text, QStringLiteral("<b>job_a</b> uses <b>slots</b> (hold)"));
        }
    QVERIFY(view.toolTipAt(QPointF(1, 1)).isEmpty());
}

QTEST_MAIN(TestGraphView)
#include "test_graph_view.moc"
