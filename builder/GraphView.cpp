// The task graph diagram: draws a GraphLayout scaled into the widget; layout happens in
// setGraph, never in paintEvent.
#include "GraphView.hpp"

#include <CauseArrows.hpp>
#include <TimelineGeometry.hpp>

#include <QFontMetricsF>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace loopscope::builder {

namespace {

constexpr double kMaxScale = 1.5;
constexpr double kFitMargin = 8;
constexpr double kEdgeHitPixels = 4;

/// `color` faded `amount` of the way into `background`: a node's fill, so its text reads.
QColor tint(const QColor& color, const QColor& background, double amount) {
    auto mix = [&](int c, int b) { return int(std::lround((1 - amount) * c + amount * b)); };
    return QColor(mix(color.red(), background.red()), mix(color.green(), background.green()),
                  mix(color.blue(), background.blue()));
}

WaitKind waitKindOf(ResourceKind kind) {
    switch (kind) {
    case ResourceKind::Lock: return WaitKind::Lock;
    case ResourceKind::Semaphore:
    case ResourceKind::BoundedSemaphore: return WaitKind::Semaphore;
    case ResourceKind::Event: return WaitKind::Event;
    case ResourceKind::Condition: return WaitKind::Condition;
    default: return WaitKind::QueueGet;
    }
}

Qt::PenStyle edgeStyle(EdgeKind kind) {
    switch (kind) {
    case EdgeKind::Creates: return Qt::SolidLine;
    case EdgeKind::Awaits: return Qt::DashLine;
    case EdgeKind::Gathers: return Qt::DashDotLine;
    case EdgeKind::Uses: return Qt::DotLine;
    case EdgeKind::Cancels: return Qt::SolidLine;
    }
    return Qt::SolidLine;
}

/// A hexagon filling `r`, the resources' shape.
QPolygonF hexagon(const QRectF& r) {
    const double d = std::min(r.height() / 2, r.width() / 4);
    return QPolygonF({QPointF(r.left(), r.center().y()), QPointF(r.left() + d, r.top()),
                      QPointF(r.right() - d, r.top()), QPointF(r.right(), r.center().y()),
                      QPointF(r.right() - d, r.bottom()), QPointF(r.left() + d, r.bottom())});
}

} // namespace

GraphView::GraphView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(false);
    setMinimumSize(200, 150);
    theme_ = palette().color(QPalette::Window).lightness() < 128 ? ui::Theme::Dark
                                                                 : ui::Theme::Light;
}

void GraphView::setGraph(const graph::Graph& graph) {
    graph_ = graph;
    layout_ = layoutGraph(graph_);
    if (selectedTask_ >= layout_.taskCount)
        selectedTask_ = -1;
    if (selectedResource_ >= int(graph_.resources.size()))
        selectedResource_ = -1;
    update();
}

void GraphView::setSelectedTask(int task) {
    selectedTask_ = task >= 0 && task < layout_.taskCount ? task : -1;
    selectedResource_ = -1;
    update();
}

void GraphView::setSelectedResource(int resource) {
    selectedResource_ = resource >= 0 && resource < int(graph_.resources.size()) ? resource : -1;
    selectedTask_ = -1;
    update();
}

bool GraphView::isSelected(int node) const {
    return (selectedTask_ >= 0 && node == layout_.nodeOfTask(selectedTask_)) ||
           (selectedResource_ >= 0 && node == layout_.nodeOfResource(selectedResource_));
}

QTransform GraphView::toWidget() const {
    const QRectF area(kFitMargin, kFitMargin, width() - 2 * kFitMargin,
                      height() - kLegendHeight - 2 * kFitMargin);
    const QRectF& b = layout_.bounds;
    if (b.isEmpty() || area.width() <= 0 || area.height() <= 0)
        return {};
    const double s = std::min({area.width() / b.width(), area.height() / b.height(), kMaxScale});
    const QPointF offset = area.center() - b.center() * s;
    return QTransform(s, 0, 0, s, offset.x(), offset.y());
}

int GraphView::nodeAt(QPointF pos) const {
    return layout_.nodeAt(toWidget().inverted().map(pos));
}

QString GraphView::toolTipAt(QPointF pos) const {
    const QTransform t = toWidget();
    const QPointF p = t.inverted().map(pos);
    const int node = layout_.nodeAt(p);
    if (node >= 0) {
        const GraphNode& n = layout_.nodes[std::size_t(node)];
        QString kind = n.kind == GraphNode::Kind::Main   ? tr("creates the top-level tasks")
                       : n.kind == GraphNode::Kind::Task ? tr("task")
                                                         : tr("resource");
        return QStringLiteral("<b>%1</b> %2<br>%3")
            .arg(n.title.toHtmlEscaped(), kind, n.subtitle.toHtmlEscaped());
    }
    const int edge = layout_.edgeAt(p, kEdgeHitPixels / std::max(1e-9, t.m11()));
    if (edge < 0)
        return {};
    const GraphEdge& e = layout_.edges[std::size_t(edge)];
    return QStringLiteral("<b>%1</b> %2 <b>%3</b> (%4)")
        .arg(layout_.nodes[std::size_t(e.from)].title.toHtmlEscaped(), edgeKindLabel(e.kind),
             layout_.nodes[std::size_t(e.to)].title.toHtmlEscaped(),
             e.steps.join(QStringLiteral(", ")));
}

QColor GraphView::nodeColor(const GraphNode& node, const graph::Graph& graph, ui::Theme theme) {
    const QColor background = ui::TimelineColors::of(theme).background;
    switch (node.kind) {
    case GraphNode::Kind::Main:
        return tint(ui::segmentColor(TaskState::Ready, WaitKind::None, theme), background, 0.5);
    case GraphNode::Kind::Task:
        return tint(ui::segmentColor(TaskState::Running, WaitKind::None, theme), background, 0.65);
    case GraphNode::Kind::Resource:
        break;
    }
    const ResourceKind kind = node.index >= 0 && std::size_t(node.index) < graph.resources.size()
                                  ? graph.resources[std::size_t(node.index)].kind
                                  : ResourceKind::Lock;
    return tint(ui::segmentColor(TaskState::Waiting, waitKindOf(kind), theme), background, 0.55);
}

QColor GraphView::edgeColor(EdgeKind kind, ui::Theme theme) {
    QColor c;
    switch (kind) {
    case EdgeKind::Creates: c = ui::CauseArrows::color(ui::ArrowKind::Created, theme); break;
    case EdgeKind::Awaits: c = ui::segmentColor(TaskState::Waiting, WaitKind::Task, theme); break;
    case EdgeKind::Gathers: c = ui::segmentColor(TaskState::Waiting, WaitKind::Gather, theme); break;
    case EdgeKind::Uses: c = ui::TimelineColors::of(theme).mutedText; break;
    case EdgeKind::Cancels: c = ui::CauseArrows::color(ui::ArrowKind::Cancelled, theme); break;
    }
    c.setAlpha(255);
    return c;
}

void GraphView::paintEdge(QPainter& p, const GraphEdge& e, const QTransform& t, bool hot) const {
    const QPolygonF path = t.map(e.path);
    if (path.size() < 2)
        return;
    const QColor color = edgeColor(e.kind, theme_);
    p.setPen(QPen(color, hot ? 2.5 : 1.2, edgeStyle(e.kind), Qt::FlatCap, Qt::RoundJoin));
    p.setBrush(Qt::NoBrush);
    p.drawPolyline(path);
    // The head: a small filled triangle along the last stretch.
    const QPointF tip = path.back(), from = path[path.size() - 2];
    const QLineF last(from, tip);
    if (last.length() <= 0)
        return;
    const QPointF u = (tip - from) / last.length(), n(-u.y(), u.x());
    const double size = hot ? 8 : 6;
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawPolygon(QPolygonF({tip, tip - size * u + size / 2 * n, tip - size * u - size / 2 * n}));
    if (e.kind == EdgeKind::Cancels) { // a cross mid-way: told apart from creates by shape
        const QPointF m = (path[path.size() / 2 - 1 + path.size() % 2] + path[path.size() / 2]) / 2;
        p.setPen(QPen(color, 1.8));
        p.drawLine(m + QPointF(-4, -4), m + QPointF(4, 4));
        p.drawLine(m + QPointF(-4, 4), m + QPointF(4, -4));
    }
}

void GraphView::paintNode(QPainter& p, int index, const QTransform& t) const {
    const GraphNode& n = layout_.nodes[std::size_t(index)];
    const QRectF r = t.mapRect(n.rect);
    const ui::TimelineColors colors = ui::TimelineColors::of(theme_);
    const bool selected = isSelected(index);
    p.setPen(QPen(selected ? colors.cursor : colors.mutedText, selected ? 3 : 1));
    p.setBrush(nodeColor(n, graph_, theme_));
    const double radius = 6 * t.m11();
    if (n.kind == GraphNode::Kind::Resource)
        p.drawPolygon(hexagon(r));
    else if (n.kind == GraphNode::Kind::Main)
        p.drawEllipse(r);
    else
        p.drawRoundedRect(r, radius, radius);
    // Text scales with the diagram but never below 8 px (elided to the node instead); the
    // subtitle only where the node is tall enough for both lines.
    const int titlePx = int(std::clamp(12 * t.m11(), 8.0, 16.0));
    const QFont title = ui::TimelineGeometry::font(titlePx, true);
    const QFont sub = ui::TimelineGeometry::font(std::max(6, titlePx - 2));
    const QRectF inner = r.adjusted(r.height() / 3, 1, -r.height() / 3, -1);
    p.setPen(colors.text);
    p.setFont(title);
    const bool twoLines = !n.subtitle.isEmpty() && r.height() >= 2.2 * titlePx;
    const QRectF top = twoLines ? QRectF(inner.left(), inner.top(), inner.width(), inner.height() / 2)
                                : inner;
    p.drawText(top, Qt::AlignCenter, QFontMetricsF(title).elidedText(n.title, Qt::ElideRight, inner.width()));
    if (twoLines) {
        p.setFont(sub);
        p.setPen(colors.mutedText);
        p.drawText(QRectF(inner.left(), inner.center().y(), inner.width(), inner.height() / 2),
                   Qt::AlignCenter, QFontMetricsF(sub).elidedText(n.subtitle, Qt::ElideRight, inner.width()));
    }
}

void GraphView::paintLegend(QPainter& p) const {
    const ui::TimelineColors colors = ui::TimelineColors::of(theme_);
    const QFont font = ui::TimelineGeometry::font(11);
    const QFontMetricsF fm(font);
    p.setFont(font);
    double x = kFitMargin;
    const double y = height() - kLegendHeight / 2.0;
    for (int k = 0; k < kEdgeKindCount; ++k) {
        const EdgeKind kind = EdgeKind(k);
        p.setPen(QPen(edgeColor(kind, theme_), 1.5, edgeStyle(kind)));
        p.drawLine(QPointF(x, y), QPointF(x + 22, y));
        const QString label = edgeKindLabel(kind);
        p.setPen(colors.text);
        p.drawText(QRectF(x + 26, y - 8, fm.horizontalAdvance(label) + 2, 16),
                   Qt::AlignLeft | Qt::AlignVCenter, label);
        x += 26 + fm.horizontalAdvance(label) + 14;
    }
}

void GraphView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const ui::TimelineColors colors = ui::TimelineColors::of(theme_);
    p.fillRect(rect(), colors.background);
    if (layout_.nodes.size() <= 1) {
        p.setPen(colors.mutedText);
        p.drawText(rect(), Qt::AlignCenter, tr("No tasks yet"));
        return;
    }
    p.setRenderHint(QPainter::Antialiasing, true);
    const QTransform t = toWidget();
    // Edges under the nodes; the selected node's edges last, wider.
    for (const GraphEdge& e : layout_.edges)
        if (!isSelected(e.from) && !isSelected(e.to))
            paintEdge(p, e, t, false);
    for (const GraphEdge& e : layout_.edges)
        if (isSelected(e.from) || isSelected(e.to))
            paintEdge(p, e, t, true);
    for (std::size_t i = 0; i < layout_.nodes.size(); ++i)
        paintNode(p, int(i), t);
    paintLegend(p);
}

void GraphView::mousePressEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(e);
        return;
    }
    const int node = nodeAt(e->position());
    if (node >= 0) {
        const GraphNode& n = layout_.nodes[std::size_t(node)];
        if (n.kind == GraphNode::Kind::Task) {
            setSelectedTask(n.index);
            emit taskClicked(n.index);
        } else if (n.kind == GraphNode::Kind::Resource) {
            setSelectedResource(n.index);
            emit resourceClicked(n.index);
        }
    }
    e->accept();
}

void GraphView::changeEvent(QEvent* e) {
    QWidget::changeEvent(e);
    if (e->type() == QEvent::PaletteChange || e->type() == QEvent::ApplicationPaletteChange) {
        theme_ = palette().color(QPalette::Window).lightness() < 128 ? ui::Theme::Dark
                                                                     : ui::Theme::Light;
        update();
    }
}

bool GraphView::event(QEvent* e) {
    if (e->type() != QEvent::ToolTip)
        return QWidget::event(e);
    const auto* help = static_cast<QHelpEvent*>(e);
    QToolTip::showText(help->globalPos(), toolTipAt(help->pos()), this); // empty: hidden
    return true;
}

} // namespace loopscope::builder
