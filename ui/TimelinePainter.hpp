// The one painter of the timeline: geometry computed once for (trace, view), then drawn
// into any QPainter, be it a widget's, a QImage's, an SVG generator's or a PDF writer's.
#pragma once

#include "TimelineGeometry.hpp"

#include <loopscope/Trace.hpp>

#include <QPainterPath>

class QPainter;

namespace loopscope::ui {

class TimelinePainter {
public:
    /// Lays the timeline out; `trace` must outlive the painter.
    TimelinePainter(const Trace& trace, const TimelineView& view);

    const TimelineGeometry& geometry() const { return geometry_; }
    /// The size the picture needs: the view's width, and the height its rows take.
    QSize size() const { return geometry_.size; }

    /// Draws the whole picture at (0, 0) in the painter's coordinates. Only draws: nothing
    /// is measured or laid out here. With a playback `cursor` (>= 0) a now-line is drawn at
    /// it and, when it is before the end of the run, only what happened up to it: bars cut
    /// at its x, rows, end markers and outcomes that come later left out.
    /// A `selected` task (kNone: none) has its row highlighted and the arrows to and from
    /// it drawn solid and twice as wide.
    void paint(QPainter& painter, double cursor = -1, TaskId selected = kNone) const;

private:
    /// What the cursor hides: nothing at or after the end of the run.
    struct Cut {
        double time = -1; ///< < 0: draw everything
        int x = 0;        ///< first pixel column not drawn
        /// The rows a pixel device shows (a window onto 400 rows shows a few dozen); items
        /// wholly outside are skipped, which is most of a fit-all repaint.
        double top = -1e300, bottom = 1e300;
        int selectedRow = -1; ///< the selected task's row
        bool runOver = true;  ///< the cursor is at or after the end of the run (or absent)
        bool hides(double t) const { return time >= 0 && t > time; }
        bool outside(double y0, double y1) const { return y1 < top || y0 > bottom; }
    };
    Cut cutAt(double cursor) const;
    void paintAxis(QPainter& p) const;
    void paintRows(QPainter& p, Cut cut) const;
    void paintMarkers(QPainter& p, Cut cut) const;
    /// The compare overlay's dashed line at the previous run's end and its label.
    void paintCompare(QPainter& p, Cut cut) const;
    /// Cause arrows up to the cursor: a 1 px line with a small head at the target row's
    /// centre; a timeout is a short stem from a small ring (a timer) at the row's top, the
    /// user's cancel (an intervention) one from a filled dot (a pin).
    void paintArrows(QPainter& p, Cut cut) const;
    /// The arrows of one kind, gathered so that they are filled in one call each: a fill
    /// taller than ~96 rows is handed to Qt's GUI thread pool, and one hand-off per arrow
    /// made a fit-all repaint of a big run take 100+ ms.
    struct ArrowShapes {
        QPainterPath shafts; ///< whole-pixel rects, filled without antialiasing
        QPainterPath heads;  ///< triangles, antialiased
        QPainterPath rings;  ///< a timeout's timer ring, stroked
    };
    static void addArrow(ArrowShapes& shapes, double x, double fromY, double toY,
                         ArrowKind kind, Cut cut, int width = 1);
    static void fillArrows(QPainter& p, const ArrowShapes& shapes, const QColor& color);
    void paintCursor(QPainter& p, double cursor) const;
    void paintLegend(QPainter& p) const;
    /// A task's marks: a short tick where it was created; at its end a dot for a result, a
    /// cross for an exception, a hollow square for a cancellation, so that outcomes differ
    /// by shape as well as colour.
    void paintMarker(QPainter& p, QPointF at, Outcome outcome) const;
    void paintNote(QPainter& p, QPointF tip) const;

    TimelineGeometry geometry_;
};

} // namespace loopscope::ui
