// The one painter of the timeline: geometry computed once for (trace, view), then drawn
// into any QPainter, be it a widget's, a QImage's, an SVG generator's or a PDF writer's.
#pragma once

#include "TimelineGeometry.hpp"

#include <loopscope/Trace.hpp>

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
    /// is measured or laid out here.
    void paint(QPainter& painter) const;

private:
    void paintAxis(QPainter& p) const;
    void paintRows(QPainter& p) const;
    void paintMarkers(QPainter& p) const;
    void paintLegend(QPainter& p) const;
    /// The end-of-task mark: a dot for a result, a cross for an exception, a hollow square
    /// for a cancellation, so outcomes differ by shape as well as colour.
    void paintMarker(QPainter& p, QPointF at, Outcome outcome) const;

    TimelineGeometry geometry_;
};

} // namespace loopscope::ui
