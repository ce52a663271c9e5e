// Layered layout of a task graph (a small Sugiyama): layers by creation depth, barycentre
// ordering within a layer, straight edges with short horizontal ends.
#include "GraphLayout.hpp"

#include <QLineF>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace loopscope::builder {

namespace {

using graph::Graph;
using graph::Step;
using graph::StepKind;

// Logical units (pixels at scale 1).
constexpr double kNodeWidth = 160, kNodeHeight = 40;
constexpr double kMainWidth = 90, kMainHeight = 32;
constexpr double kPitch = 58;      // between the tops of two nodes of one column
constexpr double kColumnGap = 70;  // between columns
constexpr double kResourceGap = 90; // before the resource column: room for the edges to fan
constexpr int kPerColumn = 16;     // a longer layer wraps into more columns
constexpr double kStub = 12;       // the horizontal ends of an edge
constexpr double kMargin = 10;

QString fromStd(const std::string& s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

/// The key of a step in the file format ("hold", "wait_for"), for edge tooltips.
QString stepKey(StepKind kind) {
    switch (kind) {
    case StepKind::Hold: return QStringLiteral("hold");
    case StepKind::WaitEvent: return QStringLiteral("wait_event");
    case StepKind::Set: return QStringLiteral("set");
    case StepKind::Clear: return QStringLiteral("clear");
    case StepKind::Put: return QStringLiteral("put");
    case StepKind::Get: return QStringLiteral("get");
    case StepKind::TaskDone: return QStringLiteral("task_done");
    case StepKind::Join: return QStringLiteral("join");
    case StepKind::Create: return QStringLiteral("create");
    case StepKind::Await: return QStringLiteral("await");
    case StepKind::Gather: return QStringLiteral("gather");
    case StepKind::Wait: return QStringLiteral("wait");
    case StepKind::AsCompleted: return QStringLiteral("as_completed");
    case StepKind::WaitFor: return QStringLiteral("wait_for");
    case StepKind::Shield: return QStringLiteral("shield");
    case StepKind::Cancel: return QStringLiteral("cancel");
    default: return {};
    }
}

/// The edge a step draws, if any: its kind, and whether it points at a resource.
bool edgeOfStep(StepKind kind, EdgeKind* edge, bool* onResource) {
    *onResource = false;
    switch (kind) {
    case StepKind::Create: *edge = EdgeKind::Creates; return true;
    case StepKind::Await:
    case StepKind::WaitFor:
    case StepKind::Shield: *edge = EdgeKind::Awaits; return true;
    case StepKind::Gather:
    case StepKind::Wait:
    case StepKind::AsCompleted: *edge = EdgeKind::Gathers; return true;
    case StepKind::Cancel: *edge = EdgeKind::Cancels; return true;
    case StepKind::Hold:
    case StepKind::WaitEvent:
    case StepKind::Set:
    case StepKind::Clear:
    case StepKind::Put:
    case StepKind::Get:
    case StepKind::TaskDone:
    case StepKind::Join: *edge = EdgeKind::Uses; *onResource = true; return true;
    default: return false;
    }
}

class EdgeCollector {
public:
    EdgeCollector(GraphLayout& layout) : layout_(layout) {}

    void add(EdgeKind kind, int from, int to, const QString& step) {
        for (GraphEdge& e : layout_.edges)
            if (e.kind == kind && e.from == from && e.to == to) {
                if (!e.steps.contains(step))
                    e.steps << step;
                return;
            }
        layout_.edges.push_back({kind, from, to, {step}, {}});
    }

    /// The edges of `steps`, nested ones included, all from node `from`.
    void collect(const std::vector<Step>& steps, int from) {
        for (const Step& s : steps) {
            EdgeKind kind;
            bool onResource = false;
            if (edgeOfStep(s.kind, &kind, &onResource)) {
                if (onResource && s.resource >= 0)
                    add(kind, from, layout_.nodeOfResource(s.resource), stepKey(s.kind));
                else if (!onResource) // wait_for on steps names no task: nothing to point at
                    for (int t : s.tasks)
                        add(kind, from, layout_.nodeOfTask(t), stepKey(s.kind));
            }
            collect(s.steps, from);
            collect(s.handler, from);
        }
    }

private:
    GraphLayout& layout_;
};

QString resourceSubtitle(const Graph& graph, const graph::ResourceSpec& r) {
    const std::string_view kind = nameOf(r.kind);
    QString text = QString::fromLatin1(kind.data(), qsizetype(kind.size()));
    switch (r.kind) {
    case ResourceKind::Semaphore:
    case ResourceKind::BoundedSemaphore: return text + QStringLiteral("(%1)").arg(r.value);
    case ResourceKind::Queue:
        return r.value > 0 ? text + QStringLiteral("(maxsize %1)").arg(r.value) : text;
    case ResourceKind::Condition:
        return r.lock >= 0 && std::size_t(r.lock) < graph.resources.size()
                   ? text + QStringLiteral("(%1)").arg(fromStd(graph.resources[r.lock].name))
                   : text;
    default: return text;
    }
}

QString taskSubtitle(const graph::TaskSpec& t) {
    const QString steps = t.steps.size() == 1 ? QStringLiteral("1 step")
                                              : QStringLiteral("%1 steps").arg(t.steps.size());
    if (!t.createdByStep && t.start > 0)
        return QStringLiteral("at %1 s · %2").arg(t.start).arg(steps);
    return steps;
}

/// Creation depth of every task: 1 for main's, one more than its creator's for the rest. A
/// task no reachable step creates (only in a cycle of create steps) counts as top level.
std::vector<int> taskDepths(const Graph& graph, const GraphLayout& layout) {
    const std::size_t n = graph.tasks.size();
    std::vector<int> creator(n, -1);
    for (const GraphEdge& e : layout.edges)
        if (e.kind == EdgeKind::Creates && e.from != GraphLayout::kMainNode)
            creator[std::size_t(e.to - 1)] = e.from - 1;
    std::vector<int> depth(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        // Walk up to a known depth; the walk is bounded by n so a cycle cannot hang it.
        std::vector<int> chain;
        int t = int(i);
        while (t >= 0 && depth[std::size_t(t)] == 0 && chain.size() <= n) {
            chain.push_back(t);
            t = creator[std::size_t(t)];
        }
        if (chain.size() > n) { // went round a cycle
            for (int c : chain)
                depth[std::size_t(c)] = 1;
            continue;
        }
        int d = t >= 0 ? depth[std::size_t(t)] : 0;
        for (auto it = chain.rbegin(); it != chain.rend(); ++it)
            depth[std::size_t(*it)] = ++d;
    }
    return depth;
}

/// Places the nodes `order` (in that order, top to bottom) as one layer from x; returns the
/// x after it. A layer of more than kPerColumn nodes takes ceil(n / kPerColumn) columns, the
/// k-th node in column k % columns, so that y still grows with k.
double placeLayer(GraphLayout& layout, const std::vector<int>& order, double x, double height) {
    if (order.empty())
        return x;
    const int n = int(order.size());
    const int columns = (n + kPerColumn - 1) / kPerColumn;
    const double step = kPitch / columns;
    const double top = (height - (n - 1) * step - kNodeHeight) / 2;
    double width = 0;
    for (int k = 0; k < n; ++k) {
        GraphNode& node = layout.nodes[std::size_t(order[std::size_t(k)])];
        const double w = node.kind == GraphNode::Kind::Main ? kMainWidth : kNodeWidth;
        const double h = node.kind == GraphNode::Kind::Main ? kMainHeight : kNodeHeight;
        const double left = x + (k % columns) * (kNodeWidth + kColumnGap / 2);
        node.rect = QRectF(left, top + k * step + (kNodeHeight - h) / 2, w, h);
        width = std::max(width, node.rect.right() - x);
    }
    return x + width;
}

/// Reorders `layer` by the mean y of its nodes' neighbours outside it (main excepted: it
/// neighbours every top-level task alike); a node without any keeps its place.
void orderByBarycentre(const GraphLayout& layout, const std::vector<std::vector<int>>& neighbours,
                       std::vector<int>& layer) {
    std::vector<double> key(layout.nodes.size(), 0);
    for (int v : layer) {
        const GraphNode& node = layout.nodes[std::size_t(v)];
        double sum = 0;
        int count = 0;
        for (int u : neighbours[std::size_t(v)])
            if (layout.nodes[std::size_t(u)].layer != node.layer) {
                sum += layout.nodes[std::size_t(u)].rect.center().y();
                ++count;
            }
        key[std::size_t(v)] = count ? sum / count : node.rect.center().y();
    }
    std::stable_sort(layer.begin(), layer.end(),
                     [&](int a, int b) { return key[std::size_t(a)] < key[std::size_t(b)]; });
}

/// From the source's border to the target's: out of the side facing the target, a short
/// horizontal stub at each end. Edges between nodes of one column leave and enter on the
/// right, round a bend beside them. `lane` shifts parallel edges of one pair apart.
QPolygonF edgePath(const QRectF& from, const QRectF& to, double lane) {
    const double y0 = from.center().y() + lane, y1 = to.center().y() + lane;
    if (to.left() >= from.right())
        return QPolygonF({QPointF(from.right(), y0), QPointF(from.right() + kStub, y0),
                          QPointF(to.left() - kStub, y1), QPointF(to.left(), y1)});
    if (to.right() <= from.left())
        return QPolygonF({QPointF(from.left(), y0), QPointF(from.left() - kStub, y0),
                          QPointF(to.right() + kStub, y1), QPointF(to.right(), y1)});
    const double out = std::max(from.right(), to.right()) + 2 * kStub + std::abs(lane);
    return QPolygonF({QPointF(from.right(), y0), QPointF(out, y0), QPointF(out, y1),
                      QPointF(to.right(), y1)});
}

double distanceToSegment(QPointF p, QPointF a, QPointF b) {
    const QPointF ab = b - a;
    const double len2 = QPointF::dotProduct(ab, ab);
    const double t = len2 > 0 ? std::clamp(QPointF::dotProduct(p - a, ab) / len2, 0.0, 1.0) : 0;
    return QLineF(p, a + t * ab).length();
}

} // namespace

QString edgeKindLabel(EdgeKind kind) {
    switch (kind) {
    case EdgeKind::Creates: return QStringLiteral("creates");
    case EdgeKind::Awaits: return QStringLiteral("awaits");
    case EdgeKind::Gathers: return QStringLiteral("gathers");
    case EdgeKind::Uses: return QStringLiteral("uses");
    case EdgeKind::Cancels: return QStringLiteral("cancels");
    }
    return {};
}

int GraphLayout::nodeAt(QPointF p) const {
    for (std::size_t i = nodes.size(); i-- > 0;)
        if (nodes[i].rect.contains(p))
            return int(i);
    return -1;
}

int GraphLayout::edgeAt(QPointF p, double tolerance) const {
    int best = -1;
    double bestDistance = tolerance;
    for (std::size_t i = 0; i < edges.size(); ++i) {
        const QPolygonF& path = edges[i].path;
        for (qsizetype k = 1; k < path.size(); ++k) {
            const double d = distanceToSegment(p, path[k - 1], path[k]);
            if (d <= bestDistance) {
                bestDistance = d;
                best = int(i);
            }
        }
    }
    return best;
}

std::size_t GraphLayout::count(EdgeKind kind) const {
    return std::size_t(std::count_if(edges.begin(), edges.end(),
                                     [&](const GraphEdge& e) { return e.kind == kind; }));
}

GraphLayout layoutGraph(const Graph& graph) {
    GraphLayout layout;
    layout.taskCount = int(graph.tasks.size());
    layout.nodes.push_back({GraphNode::Kind::Main, -1, 0, {}, QStringLiteral("main"), {}});
    for (std::size_t i = 0; i < graph.tasks.size(); ++i)
        layout.nodes.push_back({GraphNode::Kind::Task, int(i), 1, {},
                                fromStd(graph.tasks[i].name), taskSubtitle(graph.tasks[i])});
    for (std::size_t i = 0; i < graph.resources.size(); ++i)
        layout.nodes.push_back({GraphNode::Kind::Resource, int(i), 0, {},
                                fromStd(graph.resources[i].name),
                                resourceSubtitle(graph, graph.resources[i])});

    // Edges: main's creations in the order main makes them (by start, ties in file order),
    // then every task's steps.
    EdgeCollector edges(layout);
    std::vector<int> topLevel;
    for (std::size_t i = 0; i < graph.tasks.size(); ++i)
        if (!graph.tasks[i].createdByStep)
            topLevel.push_back(int(i));
    std::stable_sort(topLevel.begin(), topLevel.end(), [&](int a, int b) {
        return graph.tasks[std::size_t(a)].start < graph.tasks[std::size_t(b)].start;
    });
    for (int t : topLevel)
        edges.add(EdgeKind::Creates, GraphLayout::kMainNode, layout.nodeOfTask(t),
                  QStringLiteral("start"));
    for (std::size_t i = 0; i < graph.tasks.size(); ++i)
        edges.collect(graph.tasks[i].steps, layout.nodeOfTask(int(i)));

    // Layers: main, then the tasks by depth (each in creation order to begin with: main's by
    // start, a created task after its creator's), then the resources.
    const std::vector<int> depth = taskDepths(graph, layout);
    const int deepest = depth.empty() ? 0 : *std::max_element(depth.begin(), depth.end());
    std::vector<std::vector<int>> layers(std::size_t(deepest) + 2);
    layers[0] = {GraphLayout::kMainNode};
    for (int t : topLevel)
        layers[1].push_back(layout.nodeOfTask(t));
    for (const GraphEdge& e : layout.edges) // creates edges come in the order they are met
        if (e.kind == EdgeKind::Creates && e.from != GraphLayout::kMainNode)
            layers[std::size_t(depth[std::size_t(e.to - 1)])].push_back(e.to);
    for (std::size_t i = 0; i < graph.tasks.size(); ++i) { // created only within a cycle
        const int node = layout.nodeOfTask(int(i));
        auto& layer = layers[std::size_t(depth[i])];
        if (std::find(layer.begin(), layer.end(), node) == layer.end())
            layer.push_back(node);
    }
    std::vector<int>& resources = layers.back();
    for (std::size_t i = 0; i < graph.resources.size(); ++i)
        resources.push_back(layout.nodeOfResource(int(i)));
    for (std::size_t l = 0; l < layers.size(); ++l)
        for (int v : layers[l])
            layout.nodes[std::size_t(v)].layer = int(l);

    auto columnHeight = [](std::size_t n) {
        const int columns = int((n + kPerColumn - 1) / kPerColumn);
        return n == 0 ? 0.0 : double(n - 1) * kPitch / std::max(1, columns) + kNodeHeight;
    };
    double height = 0;
    for (const auto& layer : layers)
        height = std::max(height, columnHeight(layer.size()));
    auto place = [&] {
        double x = 0;
        for (std::size_t l = 0; l < layers.size(); ++l) {
            if (l + 1 == layers.size())
                x += kResourceGap - kColumnGap;
            x = placeLayer(layout, layers[l], x, height) + kColumnGap;
        }
    };
    place();
    std::vector<std::vector<int>> neighbours(layout.nodes.size());
    for (const GraphEdge& e : layout.edges)
        if (e.from != GraphLayout::kMainNode && e.from != e.to) {
            neighbours[std::size_t(e.from)].push_back(e.to);
            neighbours[std::size_t(e.to)].push_back(e.from);
        }
    // One layer at a time, placed before the next is ordered (ordering two facing layers at
    // once would only swap them both): the resources first, they are what tasks share.
    for (int sweep = 0; sweep < 3; ++sweep) {
        orderByBarycentre(layout, neighbours, resources);
        place();
        for (std::size_t l = 1; l + 1 < layers.size(); ++l) {
            orderByBarycentre(layout, neighbours, layers[l]);
            place();
        }
    }

    // Edges: parallel ones between a pair (creates and awaits, say) a few pixels apart.
    for (GraphEdge& e : layout.edges) {
        int lane = 0, lanes = 0;
        for (const GraphEdge& o : layout.edges)
            if ((o.from == e.from && o.to == e.to) || (o.from == e.to && o.to == e.from)) {
                if (&o == &e)
                    lane = lanes;
                ++lanes;
            }
        e.path = edgePath(layout.nodes[std::size_t(e.from)].rect,
                          layout.nodes[std::size_t(e.to)].rect, (lane - (lanes - 1) / 2.0) * 5);
    }
    QRectF bounds;
    for (const GraphNode& n : layout.nodes)
        bounds = bounds.united(n.rect);
    for (const GraphEdge& e : layout.edges)
        bounds = bounds.united(e.path.boundingRect());
    layout.bounds = bounds.adjusted(-kMargin, -kMargin, kMargin, kMargin);
    return layout;
}

} // namespace loopscope::builder
