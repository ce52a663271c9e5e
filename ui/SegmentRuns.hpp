// Turns one task's segments into what is drawn at a given scale: runs of whole pixel
// columns, one colour key each. Segments narrower than a pixel are aggregated, so a row
// never needs more rectangles than it has pixels, whatever the number of segments.
#pragma once

#include "TimeAxis.hpp"

#include <loopscope/TraceTypes.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

namespace loopscope::ui {

/// The colour key of a segment: its state and, when waiting, what it waits on.
struct SegmentKey {
    TaskState state = TaskState::Ready;
    WaitKind wait = WaitKind::None;
    friend bool operator==(SegmentKey, SegmentKey) = default;
};

/// The pixel columns [x0, x1) of a row drawn in one colour. Columns count from the axis'
/// x0. `segment` is the index (in the input) of the segment that decided the first column,
/// for hit-testing and tooltips.
struct SegmentRun {
    int x0 = 0;
    int x1 = 0;
    SegmentKey key;
    std::uint32_t segment = 0;
    friend bool operator==(const SegmentRun&, const SegmentRun&) = default;
};

/// Lays out segments (in start order, as one task's segments are) on `axis`, clipped to
/// its range. Rule for each pixel column: the key whose segments cover the largest part of
/// that column wins; on a tie the one that came first in the column. Zero-length segments
/// cover nothing and are not drawn; a column no segment covers stays empty. Adjacent
/// columns with the same key merge, so the result has at most ceil(axis width) runs,
/// sorted, non-overlapping, each at least one column wide. Linear in the segments.
template <class SegmentAt>
std::vector<SegmentRun> aggregateSegments(std::size_t count, SegmentAt segmentAt,
                                          const TimeAxis& axis);

/// The same over a plain vector (tests, small rows).
std::vector<SegmentRun> aggregateSegments(const std::vector<Segment>& segments,
                                          const TimeAxis& axis);

namespace detail {
/// Accumulates the coverage of one pixel column and emits merged runs.
class RunBuilder {
public:
    explicit RunBuilder(int columns) : columns_(columns) {}
    /// Adds the part [x0, x1) (pixels, relative to the axis) of segment `index`.
    void add(double x0, double x1, SegmentKey key, std::uint32_t index);
    std::vector<SegmentRun> finish();

private:
    struct Cover {
        SegmentKey key;
        double amount;
        std::uint32_t segment;
    };
    void addToColumn(int column, double amount, SegmentKey key, std::uint32_t index);
    void flushColumn();
    void pushRun(int x0, int x1, SegmentKey key, std::uint32_t index);

    int columns_;
    int column_ = -1;          // the partly covered column being accumulated
    std::vector<Cover> cover_; // its coverage by key, in order of first appearance
    std::vector<SegmentRun> runs_;
};
} // namespace detail

template <class SegmentAt>
std::vector<SegmentRun> aggregateSegments(std::size_t count, SegmentAt segmentAt,
                                          const TimeAxis& axis) {
    const int columns = int(std::ceil(axis.width()));
    detail::RunBuilder builder(columns);
    if (axis.scale() <= 0)
        return builder.finish();
    for (std::size_t i = 0; i < count; ++i) {
        const Segment& s = segmentAt(i);
        if (!(s.end > axis.t0()) || !(s.start < axis.t1()) || !(s.end > s.start))
            continue;
        const double x0 = axis.xOf(s.start) - axis.x0();
        const double x1 = axis.xOf(s.end) - axis.x0();
        builder.add(x0, x1, {s.state(), s.wait()}, std::uint32_t(i));
    }
    return builder.finish();
}

} // namespace loopscope::ui
