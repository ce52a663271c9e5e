// Pixel-column aggregation of a row's segments.
#include "SegmentRuns.hpp"

#include <algorithm>
#include <cmath>

namespace loopscope::ui {

std::vector<SegmentRun> aggregateSegments(const std::vector<Segment>& segments,
                                          const TimeAxis& axis) {
    return aggregateSegments(
        segments.size(), [&](std::size_t i) -> const Segment& { return segments[i]; }, axis);
}

namespace detail {

void RunBuilder::add(double x0, double x1, SegmentKey key, std::uint32_t index) {
    x0 = std::clamp(x0, 0.0, double(columns_));
    x1 = std::clamp(x1, 0.0, double(columns_));
    if (!(x1 > x0))
        return;
    int first = int(std::floor(x0));
    const int last = std::min(int(std::ceil(x1)), columns_); // one past the last touched
    // The partly covered first column.
    if (double(first) < x0 || x1 < double(first + 1)) {
        addToColumn(first, std::min(x1, double(first + 1)) - x0, key, index);
        ++first;
    }
    // The wholly covered columns: no contest, one run.
    const int full = int(std::floor(x1));
    if (full > first) {
        flushColumn();
        pushRun(first, full, key, index);
        first = full;
    }
    // The partly covered last column.
    if (first < last && double(first) < x1)
        addToColumn(first, x1 - double(first), key, index);
}

void RunBuilder::addToColumn(int column, double amount, SegmentKey key, std::uint32_t index) {
    if (column != column_) {
        flushColumn();
        column_ = column;
    }
    for (Cover& c : cover_) {
        if (c.key == key) {
            c.amount += amount;
            return;
        }
    }
    cover_.push_back({key, amount, index});
}

void RunBuilder::flushColumn() {
    if (column_ < 0 || cover_.empty()) {
        column_ = -1;
        cover_.clear();
        return;
    }
    const Cover* best = &cover_.front();
    for (const Cover& c : cover_)
        if (c.amount > best->amount) // strictly: the first one wins ties
            best = &c;
    pushRun(column_, column_ + 1, best->key, best->segment);
    column_ = -1;
    cover_.clear();
}

void RunBuilder::pushRun(int x0, int x1, SegmentKey key, std::uint32_t index) {
    // Input out of start order must still give non-overlapping runs.
    if (!runs_.empty())
        x0 = std::max(x0, runs_.back().x1);
    if (x1 <= x0)
        return;
    if (!runs_.empty() && runs_.back().x1 == x0 && runs_.back().key == key) {
        runs_.back().x1 = x1;
        return;
    }
    runs_.push_back({x0, x1, key, index});
}

std::vector<SegmentRun> RunBuilder::finish() {
    flushColumn();
    return std::move(runs_);
}

} // namespace detail
} // namespace loopscope::ui
