// Cause arrows: which trace events become arrows, and one arrow per pixel column and pair.
#include "CauseArrows.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace loopscope::ui {

namespace {

/// The kind of arrow an event draws, or false when it draws none.
bool arrowKindOf(const TraceEvent& e, ArrowKind& kind) {
    const bool byOtherTask = e.cause == Cause::Task && e.actor != kNone && e.actor != e.task;
    switch (e.kind) {
    case EventKind::TaskCreated: kind = ArrowKind::Created; return byOtherTask;
    case EventKind::Wake: kind = ArrowKind::Woke; return byOtherTask;
    case EventKind::CancelRequest:
        if (e.cause == Cause::Timer || e.cause == Cause::User) {
            kind = e.cause == Cause::Timer ? ArrowKind::TimedOut : ArrowKind::UserCancel;
            return true;
        }
        kind = ArrowKind::Cancelled;
        return byOtherTask;
    default: return false;
    }
}

/// Identifies an arrow within one pixel column (3 bits for the kind).
std::uint64_t columnKey(int fromRow, int toRow, ArrowKind kind) {
    return (std::uint64_t(std::uint32_t(fromRow + 1)) << 35) |
           (std::uint64_t(std::uint32_t(toRow)) << 3) | std::uint64_t(kind);
}

/// Arrows that no task draws: they start at a glyph on the top of the target's row.
bool startsOnTarget(ArrowKind kind) {
    return kind == ArrowKind::TimedOut || kind == ArrowKind::UserCancel;
}

} // namespace

CauseArrows::CauseArrows(const Trace& trace, const TimelineLayout& layout, const TimeAxis& axis) {
    const auto& rows = layout.rows();
    auto rowOf = [&](TaskId t) { return layout.rowOfTask(t); };
    auto centre = [&](int row) { return rows[std::size_t(row)].top + rows[std::size_t(row)].height / 2; };

    // Events come in time order, so x never decreases: what was seen need only be
    // remembered for the current column (a membership test; the output keeps event order).
    std::unordered_set<std::uint64_t> seen;
    int column = -1;
    trace.events.forEach([&](const TraceEvent& e) {
        ArrowKind kind = ArrowKind::Created;
        if (!arrowKindOf(e, kind) || e.time < axis.t0() || e.time > axis.t1())
            return;
        const int to = rowOf(e.task);
        const int from = startsOnTarget(kind) ? -1 : rowOf(e.actor);
        if (to < 0 || (from < 0 && !startsOnTarget(kind)))
            return;
        const int x = int(std::floor(axis.xOf(e.time)));
        if (x != column) {
            if (seen.size() > 1024) // clear() costs the buckets: drop a big set instead
                seen = {};
            else
                seen.clear();
            column = x;
        }
        if (!seen.insert(columnKey(from, to, kind)).second)
            return;
        CauseArrow a;
        a.time = e.time;
        a.x = x;
        a.fromRow = from;
        a.toRow = to;
        a.toY = centre(to);
        a.fromY = from >= 0 ? centre(from) : rows[std::size_t(to)].top + 1;
        a.kind = kind;
        arrows_.push_back(a);
        used_[int(kind)] = true;
    });

    // The deadlock: who waits for whom when nothing could move any more. One column each,
    // right to left from the end of the run, so that edges between the same rows stay apart.
    if (trace.status != RunStatus::Deadlock || trace.endTime < axis.t0() ||
        trace.endTime > axis.t1())
        return;
    const int endX = int(std::floor(axis.xOf(trace.endTime)));
    int k = 0;
    for (const WaitEdge& w : trace.waitGraph) {
        // To the task that could release it or, when none can, to the resource it waits on.
        const int from = rowOf(w.task);
        const int to = w.blocker != kNone          ? rowOf(w.blocker)
                       : waitsOnResource(w.wait) ? layout.rowOfResource(w.object)
                                                 : -1;
        if (from < 0 || to < 0 || from == to)
            continue;
        CauseArrow a;
        a.time = trace.endTime;
        a.x = std::max(int(axis.x0()), endX - 4 * k++);
        a.fromRow = from;
        a.toRow = to;
        a.fromY = centre(from);
        a.toY = centre(to);
        a.kind = ArrowKind::WaitsFor;
        arrows_.push_back(a);
        used_[int(a.kind)] = true;
    }
}

std::size_t CauseArrows::countUpTo(double cursor) const {
    if (cursor < 0)
        return arrows_.size();
    const auto end = std::upper_bound(arrows_.begin(), arrows_.end(), cursor,
                                      [](double t, const CauseArrow& a) { return t < a.time; });
    return std::size_t(end - arrows_.begin());
}

QColor CauseArrows::color(ArrowKind kind, Theme theme) {
    const bool dark = theme == Theme::Dark;
    switch (kind) {
    case ArrowKind::Created: return dark ? QColor(0x9a, 0xe6, 0x8a, 170) : QColor(0x2e, 0x8b, 0x3e, 150);
    case ArrowKind::Woke: return dark ? QColor(0xc0, 0xa8, 0xff, 170) : QColor(0x6a, 0x3d, 0xc8, 150);
    case ArrowKind::Cancelled: return dark ? QColor(0xff, 0x4f, 0xa3, 190) : QColor(0xe0, 0x1e, 0x84, 170);
    case ArrowKind::TimedOut: return dark ? QColor(0xff, 0xb0, 0x3b, 200) : QColor(0xd9, 0x7a, 0x00, 180);
    case ArrowKind::UserCancel: return dark ? QColor(0x7a, 0xa7, 0xff, 230) : QColor(0x1a, 0x4f, 0xd6, 220);
    case ArrowKind::WaitsFor: return dark ? QColor(0xff, 0x5c, 0x5c, 235) : QColor(0xd0, 0x10, 0x10, 225);
    }
    return {};
}

QString CauseArrows::label(ArrowKind kind) {
    switch (kind) {
    case ArrowKind::Created: return QStringLiteral("creates");
    case ArrowKind::Woke: return QStringLiteral("wakes");
    case ArrowKind::Cancelled: return QStringLiteral("cancels");
    case ArrowKind::TimedOut: return QStringLiteral("times out");
    case ArrowKind::UserCancel: return QStringLiteral("cancelled by you");
    case ArrowKind::WaitsFor: return QStringLiteral("waits for (deadlock)");
    }
    return {};
}

} // namespace loopscope::ui
