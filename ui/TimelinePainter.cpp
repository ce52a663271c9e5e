// Draws a TimelineGeometry: the only place the timeline meets a QPainter.
#include "TimelinePainter.hpp"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace loopscope::ui {

namespace {
/// The pixel column of a 1-px vertical line at x from y0 to y1 (either order), as an
/// aliased QPainter::drawLine would cover it: column floor(x), rows round(y0)..round(y1).
QRect verticalLine(double x, double y0, double y1, int width = 1) {
    const int top = int(std::lround(std::min(y0, y1)));
    const int bottom = int(std::lround(std::max(y0, y1)));
    return QRect(int(std::floor(x)) - (width - 1) / 2, top, width, bottom - top + 1);
}
} // namespace

TimelinePainter::TimelinePainter(const Trace& trace, const TimelineView& view)
    : geometry_(TimelineGeometry::build(trace, view)) {}

TimelinePainter::Cut TimelinePainter::cutAt(double cursor) const {
    const TimeAxis& axis = geometry_.axis;
    if (cursor < 0 || cursor >= axis.t1())
        return {};
    if (cursor < axis.t0()) // zoomed in past the cursor: nothing in view has happened yet
        return {cursor, int(axis.x0())};
    return {cursor, int(std::floor(axis.xOf(cursor))) + 1};
}

void TimelinePainter::paintCursor(QPainter& p, double cursor) const {
    const TimelineGeometry& g = geometry_;
    if (cursor < g.axis.t0() || cursor > g.axis.t1())
        return;
    // Two whole pixels from floor(x): the column of xOf(cursor) is always the line's.
    const int x = int(std::floor(g.axis.xOf(cursor)));
    p.fillRect(QRect(x, int(g.axisY) - 6, 2, int(g.rowsRect.bottom() - g.axisY) + 6),
               g.colors.cursor);
}

void TimelinePainter::paint(QPainter& p, double cursor, TaskId selected) const {
    Cut cut = cutAt(cursor);
    cut.selectedRow = geometry_.layout.rowOfTask(selected);
    cut.runOver = cursor < 0 || cursor >= geometry_.runEnd;
    // On pixel devices only the visible band of rows is drawn; SVG and PDF get everything.
    const int type = p.device() ? p.device()->devType() : 0;
    if (type == QInternal::Image || type == QInternal::Widget || type == QInternal::Pixmap) {
        const QRectF visible = p.hasClipping()
                                   ? p.clipBoundingRect()
                                   : p.transform().inverted().mapRect(QRectF(p.viewport()));
        cut.top = visible.top() - 1;
        cut.bottom = visible.bottom() + 1;
    }
    const TimelineGeometry& g = geometry_;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    p.fillRect(QRect(QPoint(0, 0), g.size), g.colors.background);
    if (!g.title.text.isEmpty()) {
        p.setFont(g.fontTitle);
        p.setPen(g.colors.text);
        p.drawText(g.title.rect, Qt::AlignLeft | Qt::AlignVCenter, g.title.text);
    }
    paintAxis(p);
    paintRows(p, cut);
    paintCompare(p, cut);
    paintArrows(p, cut);
    paintMarkers(p, cut);
    paintLegend(p);
    if (cursor >= 0)
        paintCursor(p, cursor);
    p.restore();
}

void TimelinePainter::paintAxis(QPainter& p) const {
    const TimelineGeometry& g = geometry_;
    const double bottom = g.rowsRect.bottom();
    // Long vertical lines as 1-px rects: the raster engine fills a rect directly, where a
    // line becomes one span per pixel row, and a fill of more than ~96 spans is handed to
    // Qt's GUI thread pool (a thread hand-off per line, which dominated fit-all repaints).
    for (const Tick& t : g.ticks)
        p.fillRect(verticalLine(t.x, g.axisY, bottom), g.colors.grid);
    p.setPen(QPen(g.colors.axis, 1));
    p.drawLine(QPointF(g.axis.x0(), g.axisY), QPointF(g.axis.x0() + g.axis.width(), g.axisY));
    p.setFont(g.font11);
    for (std::size_t i = 0; i < g.ticks.size(); ++i) {
        p.setPen(g.colors.axis);
        p.drawLine(QPointF(g.ticks[i].x, g.axisY - 4), QPointF(g.ticks[i].x, g.axisY));
        p.setPen(g.colors.mutedText);
        p.drawText(g.tickLabels[i], Qt::AlignHCenter | Qt::AlignBottom, g.ticks[i].label);
    }
}

void TimelinePainter::paintRows(QPainter& p, Cut cut) const {
    const TimelineGeometry& g = geometry_;
    // Separators between rows, under everything else.
    p.setPen(QPen(g.colors.separator, 1));
    for (const TimelineRow& r : g.layout.rows())
        if (!cut.outside(r.top, r.top + r.height))
            p.drawLine(QPointF(g.rowsRect.left(), r.top + r.height - 0.5),
                   QPointF(g.rowsRect.right(), r.top + r.height - 0.5));
    p.setFont(g.font12);
    p.setPen(g.colors.text);
    // A task in a deadlock's cycle has its label in the error colour once the run is over.
    const bool runOver = cut.runOver;
    for (std::size_t i = 0; i < g.rowLabels.size(); ++i)
        if (!cut.hides(g.rowTimes[i]) &&
            !cut.outside(g.rowLabels[i].rect.top(), g.rowLabels[i].rect.bottom())) {
            p.setPen(runOver && g.rowInDeadlock[i] ? g.colors.exception : g.colors.text);
            p.drawText(g.rowLabels[i].rect, Qt::AlignLeft | Qt::AlignVCenter,
                       g.rowLabels[i].text);
        }
    // Fold toggles: ▸ for a collapsed group, ▾ for an open one.
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(Qt::NoPen);
    p.setBrush(g.colors.mutedText);
    for (const TimelineGeometry::Toggle& t : g.toggles) {
        if (cut.outside(t.rect.top(), t.rect.bottom()))
            continue;
        const QPointF c = t.rect.center();
        if (t.collapsed)
            p.drawPolygon(QPolygonF({c + QPointF(-2, -4), c + QPointF(3, 0), c + QPointF(-2, 4)}));
        else
            p.drawPolygon(QPolygonF({c + QPointF(-4, -2), c + QPointF(4, -2), c + QPointF(0, 3)}));
    }
    p.restore();
    if (!g.hiddenNote.text.isEmpty()) {
        p.setPen(g.colors.mutedText);
        p.drawText(g.hiddenNote.rect, Qt::AlignLeft | Qt::AlignVCenter, g.hiddenNote.text);
    }
    if (cut.selectedRow >= 0) { // the selected task's row, under its bars
        const TimelineRow& r = g.layout.rows()[std::size_t(cut.selectedRow)];
        p.fillRect(QRectF(g.rowsRect.left(), r.top, g.rowsRect.width(), r.height - 1),
                   g.colors.selection);
    }
    // The compare overlay's previous run, under this run's bars and whole (the playback
    // cursor plays this run, not the previous one).
    for (const TimelineGeometry::Bar& b : g.ghostBars)
        if (!cut.outside(b.rect.top(), b.rect.bottom()))
            p.fillRect(b.rect, g.ghostPalette[std::size_t(b.color)]);
    // Bars: whole-pixel rects, no antialiasing, so a pixel has exactly its state's colour.
    for (const TimelineGeometry::Bar& b : g.bars) {
        QRect r = b.rect;
        if (cut.outside(r.top(), r.bottom()))
            continue;
        if (cut.time >= 0)
            r.setRight(std::min(r.right(), cut.x - 1));
        if (!r.isEmpty())
            p.fillRect(r, g.palette[std::size_t(b.color)]);
    }
    p.save();
    if (cut.time >= 0) // resource levels: only up to the cursor
        p.setClipRect(QRect(0, 0, cut.x, g.size.height()));
    p.setRenderHint(QPainter::Antialiasing, true);
    for (const TimelineGeometry::Steps& s : g.steps) {
        if (s.line.isEmpty())
            continue;
        p.setPen(Qt::NoPen);
        p.setBrush(g.colors.resourceFill);
        p.drawPolygon(s.fill);
        p.setPen(QPen(g.colors.resourceLine, 1.5));
        p.setBrush(Qt::NoBrush);
        p.drawPolyline(s.line);
    }
    p.restore();
}

void TimelinePainter::paintCompare(QPainter& p, Cut cut) const {
    const TimelineGeometry::Compare& c = geometry_.compare;
    if (!c.shown)
        return;
    if (!c.line.isEmpty() && !cut.outside(c.line.top(), c.line.bottom())) {
        // Dashes as 1-px rects in one path: one fill, however tall the chart.
        constexpr int kDash = 4, kGap = 3;
        QPainterPath dashes;
        const int x = int(c.line.left());
        const int top = int(std::max(c.line.top(), cut.top));
        const int bottom = int(std::min(c.line.bottom(), cut.bottom));
        for (int y = top - (top - int(c.line.top())) % (kDash + kGap); y < bottom;
             y += kDash + kGap)
            dashes.addRect(QRect(x, y, 1, kDash));
        p.fillPath(dashes, geometry_.colors.text);
    }
    if (!cut.outside(c.label.rect.top(), c.label.rect.bottom())) {
        p.setFont(geometry_.font11);
        p.setPen(geometry_.colors.text);
        p.drawText(c.label.rect, Qt::AlignLeft | Qt::AlignVCenter, c.label.text);
    }
}

void TimelinePainter::paintMarker(QPainter& p, QPointF at, Outcome outcome) const {
    const TimelineColors& c = geometry_.colors;
    const double r = 4.5;
    switch (outcome) {
    case Outcome::Result:
        p.setPen(QPen(geometry_.colors.background, 1.5));
        p.setBrush(c.result);
        p.drawEllipse(at, r, r);
        break;
    case Outcome::Exception: {
        p.setPen(QPen(c.exception, 2.5, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(at + QPointF(-r, -r), at + QPointF(r, r));
        p.drawLine(at + QPointF(-r, r), at + QPointF(r, -r));
        break;
    }
    case Outcome::Cancelled:
        p.setPen(QPen(c.cancelled, 2));
        p.setBrush(c.background);
        p.drawRect(QRectF(at.x() - r + 1, at.y() - r + 1, 2 * r - 2, 2 * r - 2));
        break;
    case Outcome::Pending: // created: a short upright tick where its row begins
        p.fillRect(QRect(int(std::floor(at.x())), int(at.y() - r) - 1, 2, int(2 * r) + 2),
                   c.text);
        break;
    }
}

void TimelinePainter::paintNote(QPainter& p, QPointF tip) const {
    // A small downward triangle with its tip at `tip`: "something to read here".
    p.setPen(QPen(geometry_.colors.background, 1));
    p.setBrush(geometry_.colors.warning);
    p.drawPolygon(QPolygonF({tip + QPointF(-5, -7), tip + QPointF(5, -7), tip}));
}

void TimelinePainter::paintMarkers(QPainter& p, Cut cut) const {
    const TimelineGeometry& g = geometry_;
    p.setRenderHint(QPainter::Antialiasing, true);
    for (const TimelineGeometry::Note& n : g.notes)
        if (!cut.hides(n.time) && !cut.outside(n.at.y() - 8, n.at.y()))
            paintNote(p, n.at);
    for (const TimelineGeometry::Marker& m : g.markers)
        if (!cut.hides(m.time) && !cut.outside(m.at.y() - 8, m.at.y() + 8))
            paintMarker(p, m.at, m.outcome);
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setFont(g.font11);
    p.setPen(g.colors.mutedText);
    for (std::size_t i = 0; i < g.outcomes.size(); ++i)
        if (!cut.hides(g.outcomeTimes[i]) &&
            !cut.outside(g.outcomes[i].rect.top(), g.outcomes[i].rect.bottom()))
            p.drawText(g.outcomes[i].rect, Qt::AlignLeft | Qt::AlignVCenter, g.outcomes[i].text);
}

void TimelinePainter::addArrow(ArrowShapes& shapes, double x, double fromY, double toY,
                               ArrowKind kind, Cut cut, int width) {
    constexpr double kHead = 5, kHalfWidth = 3;
    const double dir = toY >= fromY ? 1 : -1;
    const double neck = toY - dir * kHead;
    double stemFrom = fromY;
    if (kind == ArrowKind::TimedOut) {
        shapes.rings.addEllipse(QPointF(x, fromY + 2), 2, 2);
        stemFrom = fromY + 4;
    } else if (kind == ArrowKind::UserCancel) { // the user's pin: a filled head, no ring
        shapes.heads.addEllipse(QPointF(x, fromY + 2), 2.5, 2.5);
        stemFrom = fromY + 4;
    }
    if (dir * (neck - stemFrom) > 0) {
        // Only the part in the painted band: a fit-all shaft can be thousands of rows long.
        const double y0 = std::max(std::min(stemFrom, neck), cut.top);
        const double y1 = std::min(std::max(stemFrom, neck), cut.bottom);
        if (y0 <= y1)
            shapes.shafts.addRect(verticalLine(x, y0, y1, width));
    }
    shapes.heads.addPolygon(QPolygonF({QPointF(x - kHalfWidth, neck),
                                       QPointF(x + kHalfWidth, neck), QPointF(x, toY)}));
    shapes.heads.closeSubpath();
}

void TimelinePainter::fillArrows(QPainter& p, const ArrowShapes& shapes, const QColor& color) {
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    p.fillPath(shapes.shafts, color);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.fillPath(shapes.heads, color);
    if (!shapes.rings.isEmpty())
        p.strokePath(shapes.rings, QPen(color, 1));
    p.restore();
}

void TimelinePainter::paintArrows(QPainter& p, Cut cut) const {
    const TimelineGeometry& g = geometry_;
    const auto& arrows = g.arrows.all();
    const std::size_t n = g.arrows.countUpTo(cut.time);
    if (n == 0)
        return;
    // The selected task's arrows are drawn last, solid and 2 px wide.
    ArrowShapes shapes[kArrowKindCount], selected[kArrowKindCount];
    for (int k = 0; k < kArrowKindCount; ++k) // overlapping arrows of a kind fill once
        for (ArrowShapes* s : {&shapes[k], &selected[k]}) {
            s->shafts.setFillRule(Qt::WindingFill);
            s->heads.setFillRule(Qt::WindingFill);
        }
    for (std::size_t i = 0; i < n; ++i) {
        const CauseArrow& a = arrows[i];
        if (cut.outside(std::min(a.fromY, a.toY), std::max(a.fromY, a.toY)))
            continue;
        const bool hot = cut.selectedRow >= 0 &&
                         (a.fromRow == cut.selectedRow || a.toRow == cut.selectedRow);
        addArrow(hot ? selected[int(a.kind)] : shapes[int(a.kind)], a.x + 0.5, a.fromY, a.toY,
                 a.kind, cut, hot ? 2 : 1);
    }
    for (int k = 0; k < kArrowKindCount; ++k)
        fillArrows(p, shapes[k], CauseArrows::color(ArrowKind(k), g.theme));
    for (int k = 0; k < kArrowKindCount; ++k) {
        QColor solid = CauseArrows::color(ArrowKind(k), g.theme);
        solid.setAlpha(255);
        fillArrows(p, selected[k], solid);
    }
}

void TimelinePainter::paintLegend(QPainter& p) const {
    const TimelineGeometry& g = geometry_;
    p.setFont(g.font11);
    for (const TimelineGeometry::LegendEntry& e : g.legend) {
        if (e.isMarker) {
            p.setRenderHint(QPainter::Antialiasing, true);
            paintMarker(p, e.swatch.center(), e.outcome);
            p.setRenderHint(QPainter::Antialiasing, false);
        } else if (e.isNote) {
            p.setRenderHint(QPainter::Antialiasing, true);
            paintNote(p, e.swatch.center() + QPointF(0, 4));
            p.setRenderHint(QPainter::Antialiasing, false);
        } else if (e.isArrow) {
            ArrowShapes shapes;
            const bool glyph = e.arrow == ArrowKind::TimedOut || e.arrow == ArrowKind::UserCancel;
            const double top = e.swatch.top() - (glyph ? 1 : 0);
            addArrow(shapes, e.swatch.center().x(), top, e.swatch.bottom(), e.arrow, Cut{});
            fillArrows(p, shapes, e.color);
        } else if (e.isLevel) {
            p.setPen(QPen(e.color, 1.5));
            p.drawLine(e.swatch.bottomLeft(), e.swatch.bottomLeft() + QPointF(4, 0));
            p.drawLine(e.swatch.bottomLeft() + QPointF(4, 0), e.swatch.topLeft() + QPointF(4, 4));
            p.drawLine(e.swatch.topLeft() + QPointF(4, 4), e.swatch.topRight() + QPointF(0, 4));
        } else {
            p.fillRect(e.swatch, e.color);
        }
        p.setPen(g.colors.text);
        p.drawText(e.label.rect, Qt::AlignLeft | Qt::AlignVCenter, e.label.text);
    }
}

} // namespace loopscope::ui
