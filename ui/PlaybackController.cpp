// Playback: the cursor is anchorCursor + elapsed wall time x speed, recomputed per tick
// rather than accumulated, so timer jitter never drifts it.
#include "PlaybackController.hpp"

#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace loopscope::gui {

namespace {
constexpr double kTie = 1e-9;  // seconds: closer than this is the same instant
constexpr int kTickMs = 16;    // ~60 Hz
} // namespace

std::vector<double> eventTimes(const Trace& trace) {
    std::vector<double> t{0.0, trace.endTime};
    for (std::size_t i = 0; i < trace.segments.size(); ++i) {
        const Segment& s = trace.segments[i];
        t.push_back(s.start);
        t.push_back(s.end);
    }
    for (const TaskInfo& task : trace.tasks) {
        t.push_back(task.created);
        if (task.finished >= 0)
            t.push_back(task.finished);
    }
    for (const OutputLine& line : trace.output)
        t.push_back(line.time);
    std::sort(t.begin(), t.end());
    t.erase(std::unique(t.begin(), t.end()), t.end());
    return t;
}

double nextEventTime(const std::vector<double>& times, double t) {
    const auto it = std::upper_bound(times.begin(), times.end(), t + kTie);
    return it == times.end() ? t : *it;
}

double previousEventTime(const std::vector<double>& times, double t) {
    const auto it = std::lower_bound(times.begin(), times.end(), t - kTie);
    return it == times.begin() ? t : *std::prev(it);
}

std::size_t linesUpTo(const std::vector<OutputLine>& lines, double t) {
    const auto it = std::upper_bound(lines.begin(), lines.end(), t,
                                     [](double v, const OutputLine& l) { return v < l.time; });
    return std::size_t(it - lines.begin());
}

PlaybackController::PlaybackController(QObject* parent, Clock clock)
    : QObject(parent), clock_(std::move(clock)), timer_(new QTimer(this)) {
    if (!clock_) {
        auto elapsed = std::make_shared<QElapsedTimer>();
        elapsed->start();
        clock_ = [elapsed] { return elapsed->elapsed(); };
    }
    timer_->setInterval(kTickMs);
    timer_->setTimerType(Qt::PreciseTimer);
    connect(timer_, &QTimer::timeout, this, &PlaybackController::advance);
}

void PlaybackController::setTrace(const Trace* trace) {
    setPlaying(false);
    times_ = trace ? eventTimes(*trace) : std::vector<double>{};
    end_ = trace ? trace->endTime : 0;
    moveCursor(0);
}

void PlaybackController::setSpeed(double speed) {
    speed = std::clamp(speed, kMinSpeed, kMaxSpeed);
    if (speed == speed_)
        return;
    if (playing_)
        advance(); // the old speed up to now, the new one from here
    speed_ = speed;
    anchor();
    emit speedChanged(speed_);
}

void PlaybackController::play() {
    if (playing_)
        return;
    if (cursor_ >= end_)
        moveCursor(0);
    anchor();
    setPlaying(true);
}

void PlaybackController::pause() {
    if (playing_)
        advance(); // keep the time played so far
    setPlaying(false);
}

void PlaybackController::toggle() { playing_ ? pause() : play(); }

void PlaybackController::setCursor(double t) {
    moveCursor(std::clamp(t, 0.0, end_));
    anchor();
}

void PlaybackController::advance() {
    if (!playing_)
        return;
    const double t = anchorCursor_ + double(clock_() - anchorWall_) / 1000.0 * speed_;
    if (t >= end_) {
        moveCursor(end_);
        setPlaying(false);
    } else {
        moveCursor(t);
    }
}

void PlaybackController::anchor() {
    anchorWall_ = clock_();
    anchorCursor_ = cursor_;
}

void PlaybackController::setPlaying(bool playing) {
    if (playing == playing_)
        return;
    playing_ = playing;
    if (playing)
        timer_->start();
    else
        timer_->stop();
    emit playingChanged(playing_);
}

void PlaybackController::moveCursor(double t) {
    if (t == cursor_)
        return;
    cursor_ = t;
    emit cursorChanged(cursor_);
}

} // namespace loopscope::gui
