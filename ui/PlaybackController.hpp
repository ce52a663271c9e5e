// Playback of a finished run: a cursor in virtual time that plays forward at a chosen speed,
// pauses, seeks and steps from event to event. The view and the console follow its signals.
#pragma once

#include <loopscope/Trace.hpp>

#include <QObject>

#include <functional>
#include <vector>

class QTimer;

namespace loopscope::gui {

/// The distinct times at which something happens in `trace`, sorted: 0, every segment start
/// and end, task creation and end, every printed line, and trace.endTime. Computed once
/// per trace, so stepping is a binary search.
std::vector<double> eventTimes(const Trace& trace);
/// The first event time after `t` (ties within 1e-9 s count as "at t"), or `t` when none.
double nextEventTime(const std::vector<double>& times, double t);
/// The last event time before `t` (same tolerance), or `t` when none.
double previousEventTime(const std::vector<double>& times, double t);
/// How many of the (time-sorted) lines were printed at or before `t`.
std::size_t linesUpTo(const std::vector<OutputLine>& lines, double t);

/// Owns the playback state: cursor in [0, endTime], playing, speed (virtual seconds per wall
/// second). A ~60 Hz timer advances the cursor from an injectable millisecond clock, so
/// tests can drive time by hand (advance()).
class PlaybackController : public QObject {
    Q_OBJECT
public:
    using Clock = std::function<qint64()>;
    static constexpr double kMinSpeed = 0.1;
    static constexpr double kMaxSpeed = 100;

    /// `clock` returns wall milliseconds; empty: a monotonic QElapsedTimer.
    explicit PlaybackController(QObject* parent = nullptr, Clock clock = {});

    /// Starts over on a new run (paused, cursor at 0); nullptr: no run, end time 0.
    void setTrace(const Trace* trace);
    double cursor() const { return cursor_; }
    double endTime() const { return end_; }
    bool isPlaying() const { return playing_; }
    double speed() const { return speed_; }
    const std::vector<double>& times() const { return times_; }

    /// Clamped to [kMinSpeed, kMaxSpeed]; while playing the cursor continues from where it is.
    void setSpeed(double speed);
    /// Plays from the cursor; from 0 when the cursor is at the end.
    void play();
    void pause();
    void toggle();
    /// Moves the cursor (clamped to the run); playing goes on from there.
    void setCursor(double t);
    void jumpToStart() { setCursor(0); }
    void jumpToEnd() { setCursor(end_); }
    void stepToNextEvent() { setCursor(nextEventTime(times_, cursor_)); }
    void stepToPreviousEvent() { setCursor(previousEventTime(times_, cursor_)); }

    /// Moves the cursor to where the clock says it is now; pauses at the end. The timer
    /// calls it; tests call it after moving their fake clock.
    void advance();

signals:
    void cursorChanged(double t);
    void playingChanged(bool playing);
    void speedChanged(double speed);

private:
    /// Playing is anchored at (wall ms, cursor); re-anchored on every seek or speed change
    /// so the cursor never jumps.
    void anchor();
    void setPlaying(bool playing);
    void moveCursor(double t);

    Clock clock_;
    QTimer* timer_ = nullptr;
    std::vector<double> times_;
    double end_ = 0;
    double cursor_ = 0;
    double speed_ = 1;
    bool playing_ = false;
    qint64 anchorWall_ = 0;
    double anchorCursor_ = 0;
};

} // namespace loopscope::gui
