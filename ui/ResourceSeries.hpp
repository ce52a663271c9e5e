// What a resource row plots: one level over time per resource (semaphore permits in use,
// lock held, queue size, event set) read from the trace's point events, and its
// pixel-column reduction for drawing.
#pragma once

#include "TimeAxis.hpp"

#include <loopscope/Trace.hpp>

#include <QPointF>
#include <QString>

#include <vector>

namespace loopscope::ui {

/// The level of one resource as a step function: each step holds from its time until the
/// next step's time.
struct ResourceSeries {
    struct Step {
        double time = 0;
        int value = 0;
        friend bool operator==(const Step&, const Step&) = default;
    };
    ResourceId id = kNone;
    QString quantity;       ///< "in use", "held", "size", "set"
    int maxValue = 1;       ///< top of the row's scale, at least 1
    std::vector<Step> steps; ///< the first at creation, with the initial level

    /// The series of every resource, in ResourceId order; one pass over the events.
    static std::vector<ResourceSeries> fromTrace(const Trace& trace);

    /// The step line on `axis` as (x, level) points, x in pixels. Steps that fall in the
    /// same pixel column collapse to at most four points (entry, min, max, exit level), so
    /// the line never has more than about 4 x width points. The line runs to `endTime`.
    std::vector<QPointF> polyline(const TimeAxis& axis, double endTime) const;
};

} // namespace loopscope::ui
