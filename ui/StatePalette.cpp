// Colours chosen so each wait kind is told apart from its neighbours on the chart.
#include "StatePalette.hpp"

#include <array>

namespace loopscope::ui {

namespace {
// Hues per WaitKind, in enum order; saturation/lightness come from the theme.
constexpr std::array<int, kWaitKindCount> kWaitHue = {
    0,   // None (unused for waiting)
    210, // Future
    190, // Sleep
    260, // Task
    280, // Gather
    300, // Wait
    320, // WaitFor
    240, // AsCompleted
    170, // Shield
    230, // TaskGroup
    30,  // Lock
    45,  // Semaphore
    60,  // Condition
    90,  // Event
    120, // QueueGet
    140, // QueuePut
    155, // QueueJoin
    200, // IO
    15,  // Executor
};
} // namespace

QColor segmentColor(TaskState state, WaitKind wait, Theme theme) {
    const bool dark = theme == Theme::Dark;
    switch (state) {
    case TaskState::Running: return dark ? QColor(0x4c, 0xc2, 0x6a) : QColor(0x2e, 0x9e, 0x4f);
    case TaskState::Ready: return dark ? QColor(0x8a, 0x8f, 0x98) : QColor(0xb8, 0xbd, 0xc6);
    case TaskState::Blocking: return dark ? QColor(0xff, 0x45, 0x45) : QColor(0xd9, 0x1e, 0x1e);
    case TaskState::Done: return dark ? QColor(0x30, 0x30, 0x30) : QColor(0xee, 0xee, 0xee);
    case TaskState::Waiting: break;
    }
    const int hue = kWaitHue[static_cast<int>(wait)];
    return QColor::fromHsl(hue, dark ? 140 : 150, dark ? 95 : 170);
}

QString segmentLabel(TaskState state, WaitKind wait) {
    switch (state) {
    case TaskState::Running: return QStringLiteral("running");
    case TaskState::Ready: return QStringLiteral("ready");
    case TaskState::Blocking: return QStringLiteral("blocking the loop");
    case TaskState::Done: return QStringLiteral("done");
    case TaskState::Waiting: break;
    }
    return QStringLiteral("waiting: ") + QString::fromLatin1(nameOf(wait).data(),
                                                             qsizetype(nameOf(wait).size()));
}

} // namespace loopscope::ui
