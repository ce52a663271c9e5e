// Playback of a finished run: the event-time table that stepping searches, the console's
// line count at a time, and the controller on a hand-driven clock.
#include <PlaybackController.hpp>

#include <QtTest>

using namespace loopscope;
using namespace loopscope::gui;

namespace {

/// Task-1 created at 0 and finished at 5; Task-2 created at 1, sleeps 1..3 and runs 3..3
/// (a zero-length segment), never finishes; lines printed at 1, 3, 3 and 4.5. Ends at 6.
Trace sampleTrace() {
    Trace t;
    TaskInfo main;
    main.id = 0;
    main.name = "Task-1";
    main.created = 0;
    main.finished = 5;
    main.outcome = Outcome::Result;
    TaskInfo child;
    child.id = 1;
    child.name = "Task-2";
    child.created = 1;
    t.tasks.push_back(main);
    t.tasks.push_back(child);
    t.segments.push_back({0, 1, 0, kNone, TaskState::Running, WaitKind::None, 0});
    t.segments.push_back({1, 3, 1, kNone, TaskState::Waiting, WaitKind::Sleep, 0});
    t.segments.push_back({3, 3, 1, kNone, TaskState::Running, WaitKind::None, 0});
    for (double time : {1.0, 3.0, 3.0, 4.5})
        t.output.push_back({time, 0, "line"});
    t.endTime = 6;
    return t;
}

/// A clock the test moves by hand.
struct FakeClock {
    qint64 ms = 1000;
    PlaybackController::Clock fn() {
        return [this] { return ms; };
    }
};

} // namespace

class TestPlayback : public QObject {
    Q_OBJECT
private slots:
    void eventTimesAreSortedAndDistinct();
    void stepping_data();
    void stepping();
    void linesUpTo_data();
    void linesUpTo();
    void playsAtSpeedOnTheClock();
    void pauseStopsTheCursor();
    void stopsPlayingAtTheEnd();
    void speedChangeKeepsTheCursorContinuous();
    void seekAndStepClampToTheRun();
};

void TestPlayback::eventTimesAreSortedAndDistinct() {
    const std::vector<double> want{0, 1, 3, 4.5, 5, 6};
    QCOMPARE(eventTimes(sampleTrace()), want);
    QCOMPARE(eventTimes(Trace{}), std::vector<double>{0});
}

void TestPlayback::stepping_data() {
    QTest::addColumn<double>("from");
    QTest::addColumn<double>("next");
    QTest::addColumn<double>("previous");
    QTest::newRow("at the start") << 0.0 << 1.0 << 0.0;
    QTest::newRow("between events") << 2.0 << 3.0 << 1.0;
    QTest::newRow("on an event shared by many") << 3.0 << 4.5 << 1.0;
    QTest::newRow("a hair after an event is still on it") << 3.0 + 1e-12 << 4.5 << 1.0;
    QTest::newRow("a hair before an event is still on it") << 3.0 - 1e-12 << 4.5 << 1.0;
    QTest::newRow("task end") << 4.5 << 5.0 << 3.0;
    QTest::newRow("last event before the end") << 5.0 << 6.0 << 4.5;
    QTest::newRow("at the end") << 6.0 << 6.0 << 5.0;
}

void TestPlayback::stepping() {
    QFETCH(double, from);
    QFETCH(double, next);
    QFETCH(double, previous);
    const std::vector<double> times = eventTimes(sampleTrace());
    QCOMPARE(nextEventTime(times, from), next);
    QCOMPARE(previousEventTime(times, from), previous);
}

void TestPlayback::linesUpTo_data() {
    QTest::addColumn<double>("t");
    QTest::addColumn<int>("count");
    QTest::newRow("before any") << 0.5 << 0;
    QTest::newRow("at the first") << 1.0 << 1;
    QTest::newRow("ties all count") << 3.0 << 3;
    QTest::newRow("between") << 4.0 << 3;
    QTest::newRow("after the last") << 6.0 << 4;
}

void TestPlayback::linesUpTo() {
    QFETCH(double, t);
    QFETCH(int, count);
    QCOMPARE(int(gui::linesUpTo(sampleTrace().output, t)), count);
}

void TestPlayback::playsAtSpeedOnTheClock() {
    const Trace trace = sampleTrace();
    FakeClock clock;
    PlaybackController pc(nullptr, clock.fn());
    pc.setTrace(&trace);
    QCOMPARE(pc.cursor(), 0.0);
    QVERIFY(!pc.isPlaying());
    QSignalSpy playing(&pc, &PlaybackController::playingChanged);
    QSignalSpy moved(&pc, &PlaybackController::cursorChanged);
    pc.setSpeed(2);
    pc.play();
    QCOMPARE(playing.count(), 1);
    QCOMPARE(playing.at(0).at(0).toBool(), true);
    clock.ms += 500;
    pc.advance();
    QCOMPARE(pc.cursor(), 1.0);
    QCOMPARE(moved.count(), 1);
    QCOMPARE(moved.at(0).at(0).toDouble(), 1.0);
    pc.pause();
}

void TestPlayback::pauseStopsTheCursor() {
    const Trace trace = sampleTrace();
    FakeClock clock;
    PlaybackController pc(nullptr, clock.fn());
    pc.setTrace(&trace);
    pc.play();
    clock.ms += 250;
    pc.pause(); // takes the time played up to the pause
    QCOMPARE(pc.cursor(), 0.25);
    QVERIFY(!pc.isPlaying());
    clock.ms += 1000;
    pc.advance();
    QCOMPARE(pc.cursor(), 0.25);
    pc.play(); // resumes from where it paused, not from the wall time that went by
    clock.ms += 250;
    pc.advance();
    QCOMPARE(pc.cursor(), 0.5);
}

void TestPlayback::stopsPlayingAtTheEnd() {
    const Trace trace = sampleTrace();
    FakeClock clock;
    PlaybackController pc(nullptr, clock.fn());
    pc.setTrace(&trace);
    pc.setSpeed(10);
    pc.play();
    QSignalSpy playing(&pc, &PlaybackController::playingChanged);
    clock.ms += 5000; // 50 s of run: far past its end
    pc.advance();
    QCOMPARE(pc.cursor(), 6.0);
    QVERIFY(!pc.isPlaying());
    QCOMPARE(playing.count(), 1);
    pc.play(); // at the end, play starts over
    QCOMPARE(pc.cursor(), 0.0);
    QVERIFY(pc.isPlaying());
}

void TestPlayback::speedChangeKeepsTheCursorContinuous() {
    const Trace trace = sampleTrace();
    FakeClock clock;
    PlaybackController pc(nullptr, clock.fn());
    pc.setTrace(&trace);
    pc.play();
    clock.ms += 1000; // 1 s at 1x
    pc.setSpeed(0.5);
    QCOMPARE(pc.cursor(), 1.0); // no jump at the change
    clock.ms += 1000; // 0.5 s at 0.5x
    pc.advance();
    QCOMPARE(pc.cursor(), 1.5);
    pc.setSpeed(1000); // clamped
    QCOMPARE(pc.speed(), PlaybackController::kMaxSpeed);
    pc.setSpeed(0);
    QCOMPARE(pc.speed(), PlaybackController::kMinSpeed);
}

void TestPlayback::seekAndStepClampToTheRun() {
    const Trace trace = sampleTrace();
    FakeClock clock;
    PlaybackController pc(nullptr, clock.fn());
    pc.setTrace(&trace);
    pc.setCursor(42);
    QCOMPARE(pc.cursor(), 6.0);
    pc.setCursor(-1);
    QCOMPARE(pc.cursor(), 0.0);
    pc.stepToNextEvent();
    pc.stepToNextEvent();
    QCOMPARE(pc.cursor(), 3.0);
    pc.stepToPreviousEvent();
    QCOMPARE(pc.cursor(), 1.0);
    pc.jumpToEnd();
    QCOMPARE(pc.cursor(), 6.0);
    pc.jumpToStart();
    QCOMPARE(pc.cursor(), 0.0);
    // Seeking while playing plays on from the new place.
    pc.play();
    pc.setCursor(2);
    clock.ms += 1000;
    pc.advance();
    QCOMPARE(pc.cursor(), 3.0);
}

QTEST_GUILESS_MAIN(TestPlayback)
#include "test_playback.moc"
