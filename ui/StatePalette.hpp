// The one colour table of the timeline: every view, legend and exported image looks a task
// state up here, keyed on the same enums the trace stores.
#pragma once

#include <loopscope/TraceTypes.hpp>

#include <QColor>
#include <QString>

namespace loopscope::ui {

enum class Theme { Light, Dark };

/// Fill colour of a segment: by state, and for Waiting by what the task waits on.
/// Blocking (the loop held by time.sleep) is the alarming one.
QColor segmentColor(TaskState state, WaitKind wait, Theme theme = Theme::Light);
/// The legend's label for a state/wait pair ("waiting: lock", "blocking the loop").
QString segmentLabel(TaskState state, WaitKind wait);

} // namespace loopscope::ui
