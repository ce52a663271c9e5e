// Resource levels over time, from the Acquire/Release/Set/Clear/Put/Get events.
#include "ResourceSeries.hpp"

#include <algorithm>
#include <cmath>

namespace loopscope::ui {

namespace {

/// The plotted level for a resource value as the trace records it: semaphores record
/// permits left, and "in use" (capacity minus that) reads the right way up.
int levelOf(const ResourceInfo& r, int value) {
    return isSemaphore(r.kind) ? std::max(0, r.capacity - value) : value;
}

/// Whether an event of kind k changes the level of a resource of kind rk.
bool changesLevel(ResourceKind rk, EventKind k) {
    switch (k) {
    case EventKind::Acquire:
    case EventKind::Release: return !isQueue(rk) && rk != ResourceKind::Event;
    case EventKind::Set:
    case EventKind::Clear: return rk == ResourceKind::Event;
    case EventKind::Put:
    case EventKind::Get: return isQueue(rk);
    default: return false;
    }
}

QString quantityOf(ResourceKind k) {
    if (isSemaphore(k))
        return QStringLiteral("in use");
    if (isQueue(k))
        return QStringLiteral("size");
    if (k == ResourceKind::Event)
        return QStringLiteral("set");
    return QStringLiteral("held");
}

} // namespace

std::vector<ResourceSeries> ResourceSeries::fromTrace(const Trace& trace) {
    std::vector<ResourceSeries> all(trace.resources.size());
    for (const ResourceInfo& r : trace.resources) {
        ResourceSeries& s = all[r.id];
        s.id = r.id;
        s.quantity = quantityOf(r.kind);
        s.steps.push_back({r.created, levelOf(r, r.initial)});
        s.maxValue = std::max({1, s.steps.back().value, isSemaphore(r.kind) ? r.capacity : 0,
                               isQueue(r.kind) ? r.capacity : 1});
    }
    trace.events.forEach([&](const TraceEvent& e) {
        if (e.object >= trace.resources.size())
            return;
        const ResourceInfo& r = trace.resources[e.object];
        if (!changesLevel(r.kind, e.kind))
            return;
        ResourceSeries& s = all[r.id];
        const int level = levelOf(r, e.value);
        s.maxValue = std::max(s.maxValue, level);
        if (s.steps.back().value != level)
            s.steps.push_back({e.time, level});
    });
    return all;
}

std::vector<QPointF> ResourceSeries::polyline(const TimeAxis& axis, double endTime) const {
    std::vector<QPointF> out;
    if (steps.empty() || axis.scale() <= 0)
        return out;
    auto push = [&out](double x, double v) {
        if (out.empty() || out.back() != QPointF(x, v))
            out.emplace_back(x, v);
    };
    // The level at t0: the last step at or before it.
    std::size_t i = 0;
    while (i + 1 < steps.size() && steps[i + 1].time <= axis.t0())
        ++i;
    if (steps[i].time > axis.t1())
        return out;
    int level = steps[i].value;
    push(axis.xOf(steps[i].time), level);
    for (++i; i < steps.size() && steps[i].time <= axis.t1(); ) {
        // Every step in this pixel column: entry level, lowest, highest, exit level.
        const double x = std::floor(axis.xOf(steps[i].time));
        const int entry = level;
        int lo = level, hi = level;
        for (; i < steps.size() && steps[i].time <= axis.t1() &&
               std::floor(axis.xOf(steps[i].time)) == x;
             ++i) {
            lo = std::min(lo, steps[i].value);
            hi = std::max(hi, steps[i].value);
            level = steps[i].value;
        }
        push(x, entry);
        // Only extremes beyond the entry and exit levels need their own points.
        if (lo < std::min(entry, level))
            push(x, lo);
        if (hi > std::max(entry, level))
            push(x, hi);
        push(x, level);
    }
    push(axis.xOf(std::max(endTime, axis.t0())), level);
    return out;
}

} // namespace loopscope::ui
