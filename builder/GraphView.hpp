// The task graph as a diagram: main, the tasks (rounded boxes) and the resources (hexagons,
// their type and capacity), with the creates / awaits / gathers / uses / cancels edges in
// pen styles of their own and a legend. The layout (GraphLayout) is computed when the graph
// is set; paintEvent scales it into the widget and only draws.
#pragma once

#include "GraphLayout.hpp"

#include <StatePalette.hpp>

#include <QWidget>

namespace loopscope::builder {

class GraphView : public QWidget {
    Q_OBJECT
public:
    explicit GraphView(QWidget* parent = nullptr);

    /// Lays `graph` out anew (call it on every change). The selection is kept when its task
    /// or resource is still there.
    void setGraph(const graph::Graph& graph);
    const GraphLayout& graphLayout() const { return layout_; }

    /// Highlights task `task` (-1: none); clears a selected resource.
    void setSelectedTask(int task);
    int selectedTask() const { return selectedTask_; }
    /// Highlights resource `resource` (-1: none); clears a selected task.
    void setSelectedResource(int resource);
    int selectedResource() const { return selectedResource_; }

    /// Logical (layout) coordinates to the widget's: the whole diagram fitted above the
    /// legend, never enlarged past 1.5x.
    QTransform toWidget() const;
    /// The node under widget point `pos`, or -1.
    int nodeAt(QPointF pos) const;
    /// The tooltip for widget point `pos`: a node's name and what it is, or an edge's
    /// "worker uses slots (hold, put)"; empty elsewhere.
    QString toolTipAt(QPointF pos) const;

    /// A node's fill: tasks and main in the chart's colours for running and ready, each
    /// resource in the colour the chart gives waiting on it.
    static QColor nodeColor(const GraphNode& node, const graph::Graph& graph, ui::Theme theme);
    static QColor edgeColor(EdgeKind kind, ui::Theme theme);

    QSize sizeHint() const override { return {640, 420}; }

signals:
    void taskClicked(int task);
    void resourceClicked(int resource);

protected:
    bool event(QEvent* e) override;
    void paintEvent(QPaintEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void changeEvent(QEvent* e) override;

private:
    void paintEdge(QPainter& p, const GraphEdge& e, const QTransform& t, bool hot) const;
    void paintNode(QPainter& p, int index, const QTransform& t) const;
    void paintLegend(QPainter& p) const;
    /// The legend's height at the bottom of the widget.
    static constexpr int kLegendHeight = 24;
    bool isSelected(int node) const;

    graph::Graph graph_;
    GraphLayout layout_;
    int selectedTask_ = -1;
    int selectedResource_ = -1;
    ui::Theme theme_ = ui::Theme::Light;
};

} // namespace loopscope::builder
