// The timeline widget. Layout happens in rebuild(), never in paintEvent.
#include "TimelineView.hpp"

#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <tuple>

namespace loopscope::gui {

namespace {

constexpr double kZoomStep = 1.25;  // per wheel notch
constexpr double kPanStep = 0.1;    // of the visible span, per wheel notch
constexpr double kMinSpan = 1e-6;   // seconds: zooming stops here

QString fromStd(const std::string& s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

QString seconds(double t) { return QString::number(t, 'f', 3) + QStringLiteral(" s"); }

/// What a waiting segment waits on, by name: "Task-3", "Semaphore-1", or nothing.
QString waitTarget(const Trace& trace, const Segment& s) {
    if (s.object() == kNone)
        return {};
    if (s.wait() == WaitKind::Task)
        return s.object() < trace.tasks.size() ? fromStd(trace.tasks[s.object()].name) : QString();
    if (waitsOnResource(s.wait()) && s.object() < trace.resources.size())
        return ui::TimelineLayout::resourceLabel(trace.resources[s.object()]);
    return {};
}

/// The tasks of `to` that are `tasks` of `from` (matchTasks), for folds kept across runs.
std::vector<TaskId> sameTasks(const Trace& from, const std::vector<TaskId>& tasks,
                              const Trace& to) {
    const std::vector<TaskId> match = ui::matchTasks(from, to);
    std::vector<TaskId> out;
    for (TaskId id : tasks)
        if (id < match.size() && match[id] != kNone)
            out.push_back(match[id]);
    return out;
}

/// `t` rounded to what one pixel of `secondsPerPixel` can tell apart (milliseconds at
/// least), and the number of decimals that takes.
std::pair<double, int> pixelTime(double t, double secondsPerPixel) {
    int decimals = 3;
    while (decimals < 9 && std::pow(10.0, -decimals) > secondsPerPixel)
        ++decimals;
    const double unit = std::pow(10.0, decimals);
    return {std::round(t * unit) / unit, decimals};
}

} // namespace

TimelineView::TimelineView(QWidget* parent) : QWidget(parent) {
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumWidth(300);
    theme_ = themeFromPalette();
}

void TimelineView::setTrace(std::shared_ptr<const Trace> trace) {
    collapsed_ = trace_ && trace ? sameTasks(*trace_, collapsed_, *trace) : std::vector<TaskId>{};
    painter_.reset(); // its layout points into the old trace
    inspector_.reset();
    trace_ = std::move(trace);
    from_ = 0;
    to_ = -1;
    cursor_ = -1;
    drag_.reset(); // a drag over the old run does not carry over
    const bool hadSelection = selected_ != kNone;
    selected_ = kNone;
    rebuild();
    if (hadSelection)
        emit selectedTaskChanged(kNone);
}

void TimelineView::setGhostTrace(std::shared_ptr<const Trace> previous) {
    if (previous == ghost_)
        return;
    ghost_ = std::move(previous);
    if (to_ > runEnd()) // zoomed into the end of a ghost that is gone
        fitAll();
    else
        rebuild();
}

void TimelineView::setTrace(std::shared_ptr<const Trace> trace,
                            std::shared_ptr<const Trace> previous) {
    ghost_ = std::move(previous); // setTrace lays both out
    setTrace(std::move(trace));
}

QString TimelineView::compareSummary() const {
    return ghost_ && trace_ ? ui::compareText(ghost_->endTime, trace_->endTime) : QString();
}

void TimelineView::setSelectedTask(TaskId task) {
    if (!trace_ || task >= trace_->tasks.size())
        task = kNone;
    if (task == selected_)
        return;
    selected_ = task;
    update();
    emit selectedTaskChanged(task);
}

void TimelineView::setCursor(double t) {
    if (t == cursor_)
        return;
    cursor_ = t;
    update();
}

const ui::TimelineGeometry* TimelineView::geometry() const {
    return painter_ ? &painter_->geometry() : nullptr;
}

double TimelineView::runEnd() const {
    // With a ghost, "the whole run" spans the previous run's end too (as fit-all draws it).
    const double end = std::max(trace_ ? trace_->endTime : 0.0,
                                trace_ && ghost_ ? ghost_->endTime : 0.0);
    return end > 0 ? end : 1.0;
}

bool TimelineView::zoomed() const { return to_ >= 0 && (from_ > 0 || to_ < runEnd()); }

void TimelineView::setVisibleRange(double from, double to) {
    const double end = runEnd();
    double span = std::clamp(to - from, kMinSpan, end);
    from = std::clamp(from, 0.0, end - span);
    to = from + span;
    if (from == from_ && to == to_)
        return;
    from_ = from;
    to_ = to;
    rebuild();
    emit visibleRangeChanged(from_, to_);
}

void TimelineView::fitAll() {
    if (to_ < 0)
        return;
    from_ = 0;
    to_ = -1;
    rebuild();
    emit visibleRangeChanged(0, runEnd());
}

void TimelineView::zoomAround(double x, double factor) {
    const ui::TimelineGeometry* g = geometry();
    if (!g || factor <= 0)
        return;
    const ui::TimeAxis& axis = g->axis;
    const double t = axis.timeAt(x);
    const double from = t - (t - axis.t0()) / factor;
    const double to = t + (axis.t1() - t) / factor;
    if (to - from >= runEnd())
        fitAll();
    else
        setVisibleRange(from, to);
}

ui::Theme TimelineView::themeFromPalette() const {
    return palette().color(QPalette::Window).lightness() < 128 ? ui::Theme::Dark
                                                               : ui::Theme::Light;
}

void TimelineView::rebuild() {
    builtWidth_ = width();
    if (!trace_) {
        painter_.reset();
        setMinimumHeight(0);
        update();
        return;
    }
    ui::TimelineView view;
    view.width = std::max(200, width());
    view.from = from_;
    view.to = to_;
    view.theme = theme_;
    view.rows.filter = filter_;
    view.rows.collapsed = collapsed_;
    view.ghost = ghost_.get();
    painter_.emplace(*trace_, view);
    setMinimumHeight(painter_->size().height());
    updateGeometry();
    update();
}

void TimelineView::setFilter(const QString& text) {
    if (text == filter_)
        return;
    filter_ = text;
    rebuild();
}

void TimelineView::setCollapsed(TaskId task, bool collapsed) {
    if (!trace_ || task >= trace_->tasks.size() || isCollapsed(task) == collapsed)
        return;
    if (collapsed)
        collapsed_.push_back(task);
    else
        collapsed_.erase(std::find(collapsed_.begin(), collapsed_.end(), task));
    rebuild();
}

bool TimelineView::isCollapsed(TaskId task) const {
    return std::find(collapsed_.begin(), collapsed_.end(), task) != collapsed_.end();
}

QSize TimelineView::sizeHint() const {
    return painter_ ? QSize(800, painter_->size().height()) : QSize(800, 400);
}

void TimelineView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QColor background = ui::TimelineColors::of(theme_).background;
    p.fillRect(rect(), background);
    if (painter_) {
        painter_->paint(p, cursor_, selected_);
        if (drag_ && drag_->range && drag_->moved) { // the range a Shift+drag will zoom into
            const ui::TimelineGeometry& g = painter_->geometry();
            const double a = std::min(drag_->start.x(), drag_->x);
            const double b = std::max(drag_->start.x(), drag_->x);
            p.fillRect(QRectF(a, g.axisY, b - a, g.rowsRect.bottom() - g.axisY),
                       ui::TimelineColors::of(theme_).selection);
        }
    } else {
        p.setPen(ui::TimelineColors::of(theme_).mutedText);
        p.drawText(rect(), Qt::AlignCenter, tr("Run the script (Ctrl+R) to see its timeline"));
    }
}

void TimelineView::resizeEvent(QResizeEvent* e) {
    QWidget::resizeEvent(e);
    if (width() != builtWidth_) // the height follows from the rows, it is not an input
        rebuild();
}

void TimelineView::changeEvent(QEvent* e) {
    QWidget::changeEvent(e);
    if (e->type() == QEvent::PaletteChange || e->type() == QEvent::ApplicationPaletteChange) {
        const ui::Theme theme = themeFromPalette();
        if (theme != theme_) {
            theme_ = theme;
            rebuild();
        }
    }
}

void TimelineView::wheelEvent(QWheelEvent* e) {
    const double notches = e->angleDelta().y() / 120.0;
    const ui::TimelineGeometry* g = geometry();
    if (!g || notches == 0) {
        e->ignore();
        return;
    }
    if (e->modifiers() & Qt::ControlModifier) {
        zoomAround(e->position().x(), std::pow(kZoomStep, notches));
        e->accept();
    } else if (zoomed()) {
        const double shift = -notches * kPanStep * (to_ - from_);
        setVisibleRange(from_ + shift, to_ + shift);
        e->accept();
    } else {
        e->ignore(); // let a surrounding scroll area scroll the rows
    }
}

void TimelineView::keyPressEvent(QKeyEvent* e) {
    const bool plain = !(e->modifiers() & ~(Qt::KeypadModifier | Qt::ShiftModifier));
    if (plain && e->key() == Qt::Key_F)
        fitAll();
    else if (plain && (e->key() == Qt::Key_Plus || e->key() == Qt::Key_Equal))
        zoomIn();
    else if (plain && e->key() == Qt::Key_Minus)
        zoomOut();
    else
        QWidget::keyPressEvent(e);
}

void TimelineView::zoomIn() { zoomStep(kZoomStep); }
void TimelineView::zoomOut() { zoomStep(1 / kZoomStep); }

void TimelineView::zoomStep(double factor) {
    const ui::TimelineGeometry* g = geometry();
    if (!g)
        return;
    const ui::TimeAxis& axis = g->axis;
    const bool cursorShown = cursor_ >= axis.t0() && cursor_ <= axis.t1();
    zoomAround(cursorShown ? axis.xOf(cursor_) : axis.x0() + axis.width() / 2, factor);
}

void TimelineView::mousePressEvent(QMouseEvent* e) {
    if (geometry() && e->button() == Qt::LeftButton) {
        const ui::TimeAxis& axis = geometry()->axis;
        const bool range = e->modifiers() & Qt::ShiftModifier;
        QPointF start = e->position();
        if (range) // a range starts and ends inside the plot
            start.setX(std::clamp(start.x(), axis.x0(), axis.x0() + axis.width()));
        drag_ = Drag{start, from_, to_ >= 0 ? to_ : runEnd(), false, range, start.x()};
        e->accept();
        return;
    }
    QWidget::mousePressEvent(e);
}

void TimelineView::mouseMoveEvent(QMouseEvent* e) {
    const ui::TimelineGeometry* g = geometry();
    if (!drag_ || !g || !(e->buttons() & Qt::LeftButton)) {
        QWidget::mouseMoveEvent(e);
        return;
    }
    const double dx = e->position().x() - drag_->start.x();
    if (!drag_->moved && std::abs(dx) < 4 && std::abs(e->position().y() - drag_->start.y()) < 4)
        return; // still a click
    drag_->moved = true;
    if (drag_->range) {
        drag_->x = std::clamp(e->position().x(), g->axis.x0(), g->axis.x0() + g->axis.width());
        update();
    } else if (zoomed() || drag_->from > 0) {
        // The time under the mouse stays under it, at the scale the drag began with.
        const double shift = -dx * (drag_->to - drag_->from) / g->axis.width();
        setVisibleRange(drag_->from + shift, drag_->to + shift);
    }
    e->accept();
}

void TimelineView::mouseReleaseEvent(QMouseEvent* e) {
    if (!drag_ || e->button() != Qt::LeftButton) {
        QWidget::mouseReleaseEvent(e);
        return;
    }
    const Drag d = *drag_;
    drag_.reset();
    const ui::TimelineGeometry* g = geometry();
    if (!d.moved) {
        click(d.start);
    } else if (d.range && g) {
        const double a = std::min(d.start.x(), d.x), b = std::max(d.start.x(), d.x);
        if (b - a >= 3)
            setVisibleRange(g->axis.timeAt(a), g->axis.timeAt(b));
        update();
    }
    e->accept();
}

void TimelineView::click(QPointF pos) {
    const ui::TimelineGeometry* g = geometry();
    if (g) {
        for (const ui::TimelineGeometry::Toggle& t : g->toggles)
            if (t.rect.contains(pos)) {
                setCollapsed(t.task, !t.collapsed);
                return;
            }
        const int row = g->layout.rowAt(pos.y());
        if (row >= 0) {
            const ui::TimelineRow& r = g->layout.rows()[std::size_t(row)];
            setSelectedTask(r.kind == ui::TimelineRow::Kind::Task ? r.id : kNone);
            if (r.kind == ui::TimelineRow::Kind::Task)
                emit taskClicked(r.id);
        }
        // Empty chart: the plot's columns from the axis labels down to the last row, where
        // no drawn bar is (bars after the cursor are not drawn, so they count as empty).
        const bool inPlot = pos.x() >= g->axis.x0() && pos.x() <= g->axis.x0() + g->axis.width()
                            && pos.y() >= g->axisY - 24 && pos.y() < g->rowsRect.bottom();
        if (inPlot) {
            const double t = g->axis.timeAt(pos.x());
            const std::int64_t i = g->layout.segmentAt(g->axis, pos.x(), pos.y());
            const bool onBar = i >= 0 && (cursor_ < 0 || t <= cursor_);
            if (!onBar)
                emit cursorRequested(t);
        }
    }
}

QString TimelineView::toolTipAt(QPointF pos) const {
    const ui::TimelineGeometry* g = geometry();
    if (!g)
        return {};
    for (const ui::TimelineGeometry::Toggle& t : g->toggles)
        if (t.rect.contains(pos)) {
            const int row = g->layout.rowOfTask(t.task);
            const int n = row >= 0 ? g->layout.rows()[std::size_t(row)].descendants : 0;
            return (t.collapsed ? tr("Unfold the %n task(s) %1 started", nullptr, n)
                                : tr("Fold the %n task(s) %1 started into its row", nullptr, n))
                .arg(QString::fromStdString(trace_->tasks[t.task].name).toHtmlEscaped());
        }
    if (pos.x() < g->axis.x0())
        return {};
    for (const ui::TimelineGeometry::Note& n : g->notes)
        if ((cursor_ < 0 || n.time <= cursor_) && std::abs(pos.x() - n.at.x()) <= 6 &&
            pos.y() >= n.at.y() - 8 && pos.y() <= n.at.y() + 1)
            return n.message.toHtmlEscaped();
    const QString arrow = arrowToolTipAt(pos);
    if (!arrow.isEmpty())
        return arrow;
    const int row = g->layout.rowAt(pos.y());
    if (row >= 0 && g->layout.rows()[std::size_t(row)].kind == ui::TimelineRow::Kind::Resource &&
        pos.x() <= g->axis.x0() + g->axis.width())
        return resourceToolTip(g->layout.rows()[std::size_t(row)].id, g->axis.timeAt(pos.x()));
    const std::int64_t i = g->layout.segmentAt(g->axis, pos.x(), pos.y());
    if (i < 0)
        return {};
    const Segment& s = trace_->segments[std::size_t(i)];
    const TaskInfo& task = trace_->tasks[s.task()];
    QString text =
        QStringLiteral("<b>%1</b><br>").arg(ui::TimelineLayout::taskLabel(task).toHtmlEscaped());
    const std::string_view label = trace_->label(s.wait(), s.object());
    if (s.state() == TaskState::Waiting && !label.empty()) {
        // "waiting on I/O: GET /users": what the I/O is says more than its kind
        const QString what = s.wait() == WaitKind::IO ? tr("waiting on I/O: %1")
                                                    : tr("waiting on a worker: %1");
        text += what.arg(
            QString::fromUtf8(label.data(), qsizetype(label.size())).toHtmlEscaped());
    } else {
        text += ui::segmentLabel(s.state(), s.wait()).toHtmlEscaped();
        const QString target = waitTarget(*trace_, s);
        if (!target.isEmpty())
            text += QStringLiteral(" on %1").arg(target.toHtmlEscaped());
    }
    text += QStringLiteral("<br>%1 → %2 (%3)")
                .arg(seconds(s.start), seconds(s.end), seconds(s.end - s.start));
    return text;
}

QString TimelineView::resourceToolTip(ResourceId id, double t) const {
    if (cursor_ >= 0 && t > cursor_)
        return {}; // not drawn yet
    if (!inspector_)
        inspector_ = std::make_unique<ui::InspectorModel>(*trace_);
    const ui::ResourceView v = inspector_->resourceAt(id, t);
    auto names = [&](const std::vector<TaskId>& ids) {
        QStringList out;
        for (TaskId task : ids)
            out << fromStd(trace_->tasks[task].name).toHtmlEscaped();
        return out.join(QStringLiteral(", "));
    };
    QString text = QStringLiteral("<b>%1</b> at %2<br>%3")
                       .arg(fromStd(v.name).toHtmlEscaped(), seconds(t),
                            fromStd(v.valueText).toHtmlEscaped());
    if (!v.holders.empty())
        text += tr("<br>held by %1").arg(names(v.holders));
    if (!v.waiters.empty())
        text += tr("<br>waiting: %1").arg(names(v.waiters));
    return text;
}

QString TimelineView::arrowToolTipAt(QPointF pos) const {
    const ui::TimelineGeometry* g = geometry();
    const auto& arrows = g->arrows.all();
    const std::size_t n = g->arrows.countUpTo(cursor_);
    // Arrows of one instant overlap: the nearest column wins, then an arrow of the selected
    // task, then the shortest (the most specific one under the mouse).
    const int selectedRow = g->layout.rowOfTask(selected_);
    const ui::CauseArrow* best = nullptr;
    std::tuple<int, bool, double> bestKey{3, true, 0}; // pixels either side of the 1 px line
    for (std::size_t i = 0; i < n; ++i) {
        const ui::CauseArrow& a = arrows[i];
        if (pos.y() < std::min(a.fromY, a.toY) || pos.y() > std::max(a.fromY, a.toY))
            continue;
        const bool mine = selectedRow >= 0 && (a.fromRow == selectedRow || a.toRow == selectedRow);
        const std::tuple<int, bool, double> key{int(std::abs(a.x + 0.5 - pos.x())), !mine,
                                                std::abs(a.toY - a.fromY)};
        if (key < bestKey) {
            best = &a;
            bestKey = key;
        }
    }
    if (!best)
        return {};
    const auto& rows = g->layout.rows();
    auto name = [&](int row) { return rows[std::size_t(row)].label.toHtmlEscaped(); };
    const bool deadlock = best->kind == ui::ArrowKind::WaitsFor;
    const QString verb = deadlock ? tr("waits for") : ui::CauseArrows::label(best->kind);
    if (best->kind == ui::ArrowKind::UserCancel)
        return tr("<b>You</b> cancel <b>%1</b> at %2<br>an intervention (see Interventions)")
            .arg(name(best->toRow), seconds(best->time));
    const QString from = best->fromRow >= 0 ? name(best->fromRow) : tr("a timeout");
    return QStringLiteral("<b>%1</b> %2 <b>%3</b><br>%4 %5")
        .arg(from, verb, name(best->toRow), deadlock ? tr("deadlock at") : tr("at"),
             seconds(best->time));
}

QMenu* TimelineView::contextMenuAt(QPointF pos) {
    const ui::TimelineGeometry* g = geometry();
    if (!cancelOffered_ || !g || pos.x() < g->axis.x0() ||
        pos.x() > g->axis.x0() + g->axis.width())
        return nullptr;
    const int row = g->layout.rowAt(pos.y());
    if (row < 0 || g->layout.rows()[std::size_t(row)].kind != ui::TimelineRow::Kind::Task)
        return nullptr;
    const TaskId task = g->layout.rows()[std::size_t(row)].id;
    const QString name = fromStd(trace_->tasks[task].name);
    const double perPixel = (g->axis.t1() - g->axis.t0()) / std::max(1.0, g->axis.width());
    auto* menu = new QMenu(this);
    auto offer = [&](const QString& text, double t) {
        const auto [at, decimals] = pixelTime(std::clamp(t, 0.0, trace_->endTime), perPixel);
        QAction* a = menu->addAction(text.arg(name).arg(at, 0, 'f', decimals));
        // The menu stays open while runs go on: a task id means something only in its run.
        connect(a, &QAction::triggered, this, [this, task, at, shown = trace_] {
            if (trace_ == shown)
                emit cancelRequested(task, at);
        });
    };
    const double here = g->axis.timeAt(pos.x());
    offer(tr("Cancel %1 here (t=%2)"), here);
    if (cursor_ >= 0 && std::abs(cursor_ - here) > perPixel)
        offer(tr("Cancel %1 at the cursor (t=%2)"), cursor_);
    return menu;
}

void TimelineView::contextMenuEvent(QContextMenuEvent* e) {
    if (QMenu* menu = contextMenuAt(e->pos())) {
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(e->globalPos());
    }
}

bool TimelineView::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(e);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(e);
}

} // namespace loopscope::gui
