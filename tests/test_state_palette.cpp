// The timeline's colour table: every state and wait kind has a colour, waits are told apart,
// and blocking the loop stands out.
#include "ScenarioSupport.hpp"
#include "StatePalette.hpp"

#include <QtTest>

using namespace loopscope;
using namespace loopscope::ui;

class TestStatePalette : public QObject {
    Q_OBJECT
private slots:
    void everyWaitKindHasItsOwnColour_data();
    void everyWaitKindHasItsOwnColour();
    void blockingIsRed();
    void labelsNameTheWait();
};

void TestStatePalette::everyWaitKindHasItsOwnColour_data() {
    QTest::addColumn<int>("theme");
    QTest::newRow("light") << int(Theme::Light);
    QTest::newRow("dark") << int(Theme::Dark);
}

void TestStatePalette::everyWaitKindHasItsOwnColour() {
    QFETCH(int, theme);
    QSet<QRgb> seen;
    for (int k = 1; k < kWaitKindCount; ++k) {
        QColor c = segmentColor(TaskState::Waiting, WaitKind(k), Theme(theme));
        QVERIFY(c.isValid());
        QVERIFY2(!seen.contains(c.rgb()), qPrintable(QString("duplicate colour for wait kind %1").arg(k)));
        seen.insert(c.rgb());
    }
    for (TaskState s : {TaskState::Ready, TaskState::Running, TaskState::Blocking})
        QVERIFY(!seen.contains(segmentColor(s, WaitKind::None, Theme(theme)).rgb()));
}

void TestStatePalette::blockingIsRed() {
    QColor c = segmentColor(TaskState::Blocking, WaitKind::None);
    QVERIFY(c.red() > 2 * c.green() && c.red() > 2 * c.blue());
}

void TestStatePalette::labelsNameTheWait() {
    QCOMPARE(segmentLabel(TaskState::Waiting, WaitKind::QueueGet), QString("waiting: queue_get"));
    QCOMPARE(segmentLabel(TaskState::Blocking, WaitKind::None), QString("blocking the loop"));
}

QTEST_GUILESS_MAIN(TestStatePalette)
#include "test_state_palette.moc"
