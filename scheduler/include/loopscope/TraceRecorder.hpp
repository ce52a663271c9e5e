// Builds a Trace while a run is going on. Only the loop and the primitives write to it; once
// the run ends the trace is handed over whole and never changes again.
#pragma once

#include "loopscope/Trace.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace loopscope {

class TraceRecorder {
public:
    /// When disabled only task identities are kept (no segments, events or resources samples).
    explicit TraceRecorder(bool enabled = true) : enabled_(enabled) {}
    bool enabled() const noexcept { return enabled_; }

    /// A task's open segment (its end not yet known): where it is in the trace (blocks never
    /// move) and a copy to decide from. The task keeps it, next to what a step reads anyway:
    /// a waiting task's segment was written hundreds of records ago, out of the cache.
    struct OpenSegment {
        Segment* at = nullptr;
        Segment copy;
    };

    TaskId addTask(std::string name, std::string coroutine, TaskId parent, double time);
    TaskInfo& task(TaskId id) { return trace_.tasks[id]; }
    const Trace& trace() const noexcept { return trace_; }
    /// For the loop's run summary (status, deadlock graph); nothing else edits the trace.
    Trace& mutableTrace() noexcept { return trace_; }

    /// Ends task `task`'s open segment `open` at `time` and opens one in the new state (if it
    /// differs). (Always inline, link-time optimisation included: the loop calls it three
    /// times per timed sleep, and out of line it took 1% more instructions.)
    [[gnu::always_inline]] void setState(OpenSegment& open, TaskId task, double time,
                                         TaskState state, WaitKind wait = WaitKind::None,
                                         std::uint32_t object = kNone, std::uint8_t detail = 0) {
        if (!enabled_)
            return;
        const Segment next(time, -1, task, object, state, wait, detail);
        if (open.at) {
            if (open.copy.sameStateAs(next))
                return;
            if (open.copy.state() == TaskState::Ready && open.copy.start == time) {
                // A task queued and run at the same virtual time: the zero-length ready
                // interval says nothing a Running segment does not, so it is overwritten
                // (half the records of a sleep(0) loop).
                *open.at = next;
                open.copy = next;
                return;
            }
            open.at->end = time;
        }
        open.at = &trace_.segments.push_back(next);
        open.copy = next;
    }
    /// Closes the task's last segment for good.
    void finishTask(OpenSegment& open, TaskId task, double time);
    /// Ends `open` at `time`, if it is open (the run's end, before finish()).
    void closeSegment(OpenSegment& open, double time) noexcept {
        if (open.at)
            open.at->end = time;
        open.at = nullptr;
    }

    void event(const TraceEvent& e) {
        if (enabled_)
            trace_.events.push_back(e);
    }
    ResourceId addResource(ResourceKind kind, std::string name, int capacity, int initial,
                           double time);
    void output(double time, TaskId task, std::string text);
    void diagnostic(Diagnostic d) { trace_.diagnostics.push_back(std::move(d)); }
    /// The index of `text` in Trace::labels, added the first time it is seen, so equal
    /// labels share one entry; kNone for an empty text (no label).
    std::uint32_t label(std::string_view text);

    /// Hands the trace over, ended at `endTime` (the segments still open were closed with
    /// closeSegment).
    Trace finish(double endTime);

private:
    struct LabelHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept {
            return std::hash<std::string_view>{}(s);
        }
    };

    Trace trace_;
    // label text -> index in trace_.labels; only looked up, never iterated
    std::unordered_map<std::string, std::uint32_t, LabelHash, std::equal_to<>> labelIndex_;
    bool enabled_;
};

} // namespace loopscope
