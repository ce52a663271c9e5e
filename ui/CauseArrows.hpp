// Arrows from the task that caused something to the task it happened to: a task created by
// another, a wake-up handed over by another task, a cancellation. Pure layout over the rows
// of a TimelineLayout and the pixels of a TimeAxis: no fonts, no painter.
#pragma once

#include "StatePalette.hpp"
#include "TimeAxis.hpp"
#include "TimelineLayout.hpp"

#include <loopscope/Trace.hpp>

#include <QColor>
#include <QString>

#include <cstdint>
#include <vector>

namespace loopscope::ui {

/// What an arrow means; the painter's colour and the legend are keyed on it.
enum class ArrowKind : std::uint8_t {
    Created,   ///< TaskCreated by a task: creator -> new task
    Woke,      ///< Wake caused by another task (its end, a lock handed over, set, put ...)
    Cancelled, ///< CancelRequest by another task: canceller -> cancelled
    TimedOut,  ///< CancelRequest by a timer (a timeout): a timer glyph on the cancelled row
    UserCancel,///< CancelRequest by the user (an intervention): a pin on the cancelled row
    WaitsFor,  ///< at a deadlock, from a stuck task to the task it waits on or, when no task
               ///< can release it, to the resource it waits on (Trace::waitGraph)
};
inline constexpr int kArrowKindCount = static_cast<int>(ArrowKind::WaitsFor) + 1;

/// One arrow, at one pixel column, from the centre of one row to the centre of another.
struct CauseArrow {
    double time = 0; ///< the earliest event it stands for: playback hides it before then
    int x = 0;       ///< pixel column, floor(axis.xOf(time))
    int fromRow = -1; ///< row index in the layout; -1 for TimedOut, UserCancel (no task did it)
    int toRow = -1;
    double fromY = 0; ///< centre of fromRow; without one, just inside the top of toRow
    double toY = 0;   ///< centre of toRow: where the head points
    ArrowKind kind = ArrowKind::Created;
};

class CauseArrows {
public:
    CauseArrows() = default;
    /// The arrows of the events in [axis.t0(), axis.t1()] between task rows the layout
    /// shows, in time order. Many events in one pixel column between the same two rows and
    /// of one kind make one arrow, the earliest, so a million wake-ups cost a few thousand.
    /// Self-arrows (a task waking itself) and runner-caused events are left out. A run that
    /// ended in a deadlock ends with its wait-for edges, at the end of the run, side by side.
    CauseArrows(const Trace& trace, const TimelineLayout& layout, const TimeAxis& axis);

    const std::vector<CauseArrow>& all() const { return arrows_; }
    /// How many arrows, from the first, happened at or before `cursor` (< 0: all of them).
    std::size_t countUpTo(double cursor) const;
    /// Whether any arrow is of `kind` (the legend shows only those).
    bool uses(ArrowKind kind) const { return used_[int(kind)]; }

    /// The colour table: thin and semi-transparent so bars stay readable under them.
    static QColor color(ArrowKind kind, Theme theme);
    static QString label(ArrowKind kind);

private:
    std::vector<CauseArrow> arrows_;
    bool used_[kArrowKindCount] = {};
};

} // namespace loopscope::ui
