// The task graph as a diagram, laid out once per change: nodes (main, the tasks, the
// resources) and the edges between them, in logical coordinates that GraphView scales into
// the widget. Pure: no widget, no painter, no fonts.
#pragma once

#include <loopscope/graph/Graph.hpp>

#include <QPointF>
#include <QPolygonF>
#include <QRectF>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <vector>

namespace loopscope::builder {

/// What an edge says one node does to another.
enum class EdgeKind {
    Creates, ///< main starts a top-level task, or a `create` step
    Awaits,  ///< await, wait_for (a task), shield
    Gathers, ///< gather, wait, as_completed
    Uses,    ///< a step on a resource: hold, get, put, set, wait_event, clear, join, task_done
    Cancels, ///< cancel
};
inline constexpr int kEdgeKindCount = 5;

/// "creates", "awaits", "gathers", "uses", "cancels".
QString edgeKindLabel(EdgeKind kind);

struct GraphNode {
    enum class Kind { Main, Task, Resource };
    Kind kind = Kind::Task;
    int index = -1; ///< into Graph::tasks or Graph::resources; -1 for main
    int layer = 0;  ///< creation depth: main 0, top-level tasks 1, ...; resources after all
    QRectF rect;
    QString title;    ///< the task's or resource's name, "main"
    QString subtitle; ///< "3 steps", "Semaphore(50)", "starts at 0.5 s"
};

/// All the steps of one kind from one node to another, drawn as one edge.
struct GraphEdge {
    EdgeKind kind = EdgeKind::Creates;
    int from = 0, to = 0; ///< node indexes
    QStringList steps;    ///< the step keys that make it, each once, in file order: "hold", "put"
    QPolygonF path;       ///< from the source's border to the target's border
};

struct GraphLayout {
    static constexpr int kMainNode = 0;
    /// main, then the tasks in file order, then the resources in file order.
    std::vector<GraphNode> nodes;
    /// Distinct (kind, from, to), in the order the steps are met in the file (main's first).
    std::vector<GraphEdge> edges;
    QRectF bounds; ///< every node and edge
    int taskCount = 0;

    int nodeOfTask(int task) const { return 1 + task; }
    int nodeOfResource(int resource) const { return 1 + taskCount + resource; }
    /// The node under `p`, or -1.
    int nodeAt(QPointF p) const;
    /// The edge whose path passes within `tolerance` of `p` (the nearest), or -1.
    int edgeAt(QPointF p, double tolerance) const;
    std::size_t count(EdgeKind kind) const;
};

/// Lays `graph` out: layers by creation depth left to right (main, the tasks it starts, the
/// tasks they create, ...), a layer taller than a column wrapping into more columns, the
/// resources in a column of their own on the right; within a layer nodes are ordered by the
/// barycentre of their neighbours, to cut crossings.
GraphLayout layoutGraph(const graph::Graph& graph);

} // namespace loopscope::builder
