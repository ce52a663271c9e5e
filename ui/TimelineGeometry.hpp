// Everything the timeline draws, computed once for (trace, size, time range, theme): rects,
// points and strings in pixels. TimelinePainter replays it into any QPainter (widget,
// QImage, SVG, PDF); nothing here is recomputed per paint.
#pragma once

#include "CauseArrows.hpp"
#include "StatePalette.hpp"
#include "TimeAxis.hpp"
#include "TimelineLayout.hpp"

#include <loopscope/Trace.hpp>

#include <QColor>
#include <QFont>
#include <QPolygonF>
#include <QRect>
#include <QRectF>
#include <QSize>
#include <QString>

#include <vector>

namespace loopscope::ui {

/// What to show: the image width, the visible time range and the look.
struct TimelineView {
    int width = 1600;
    double from = 0;
    double to = -1; ///< < 0: the end of the run (or 1 s for a run that took no time)
    Theme theme = Theme::Light;
    QString title; ///< drawn above the axis when not empty
    /// Which rows: at most 400 (the rest are counted in a note), a task-name filter, and
    /// the task groups collapsed.
    RowOptions rows = {400, {}, {}};
    /// The compare overlay: a previous run (nullptr: none) drawn ghosted behind this one's
    /// bars, each task on the row of the same task now (matchTasks), and its end time next
    /// to this one's. Only read while the geometry is built.
    const Trace* ghost = nullptr;
};

/// "previous end 8.000 s  (now 4.000 s, −4.000 s)": how the run's end moved since the
/// previous run, as the compare overlay labels it.
QString compareText(double previousEnd, double now);

/// The colours of everything that is not a segment (segments come from StatePalette).
struct TimelineColors {
    QColor background, text, mutedText, grid, axis, separator, resourceLine, resourceFill,
        result, exception, cancelled;
    QColor cursor;    ///< the playback now-line
    QColor selection; ///< behind the selected task's row
    QColor warning;   ///< a diagnostic's mark
    static TimelineColors of(Theme theme);
};

struct TimelineGeometry {
    struct Text {
        QRectF rect;
        QString text;
    };
    /// A run of segments in one colour (index into `palette`).
    struct Bar {
        QRect rect;
        int color = 0;
    };
    /// The start or the end of a task.
    struct Marker {
        QPointF at;
        /// How it ended; Pending marks its creation (a tick at the start of its row).
        Outcome outcome = Outcome::Result;
        double time = 0; ///< when it was created or ended: playback hides it before then
    };
    /// The ▸/▾ in front of a task with children: click to fold or unfold them.
    struct Toggle {
        QRectF rect;
        TaskId task = kNone;
        bool collapsed = false;
    };
    /// A diagnostic of the run (never awaited, exception never retrieved, blocked loop,
    /// pending at exit) where it happened: a small triangle at the top of its task's row.
    struct Note {
        QPointF at; ///< the triangle's tip
        double time = 0;
        QString message; ///< its first line
    };
    /// A resource row's level line; `fill` is the area under it.
    struct Steps {
        QPolygonF line;
        QPolygonF fill;
    };
    /// One legend item: a colour swatch or, for an end marker or an arrow, its shape.
    struct LegendEntry {
        QRectF swatch;
        QColor color;
        bool isMarker = false;
        Outcome outcome = Outcome::Result;
        bool isLevel = false;
        bool isArrow = false;
        bool isNote = false;
        ArrowKind arrow = ArrowKind::Created;
        Text label;
    };

    /// Computes the geometry. The trace must outlive it (the layout indexes it).
    static TimelineGeometry build(const Trace& trace, const TimelineView& view);

    /// The timeline's fonts: a sans-serif with a CJK fallback, sized in pixels so that
    /// measurements hold on every device.
    static QFont font(int pixelSize, bool bold = false);
    /// A state colour as the compare overlay's ghost draws it: opaque, mostly background,
    /// so that it is cheap to fill and never mistaken for the current run.
    static QColor ghostColor(const QColor& color, const QColor& background);

    QSize size;
    double runEnd = 0; ///< the trace's end time (the visible range may end before it)
    Theme theme = Theme::Light;
    TimelineColors colors;
    QFont font12, font11, fontTitle;
    Text title;
    TimeAxis axis;
    double axisY = 0; ///< the axis line, just above the first row
    std::vector<Tick> ticks;
    std::vector<QRectF> tickLabels; ///< one rect per tick, the label centred in it
    TimelineLayout layout;
    QRectF rowsRect; ///< label column and plot, all rows
    std::vector<Text> rowLabels;
    std::vector<Toggle> toggles;
    /// Per row label: the task is stuck at a deadlock (in its wait-for picture or cycle):
    /// drawn in the error colour.
    std::vector<bool> rowInDeadlock;
    std::vector<double> rowTimes; ///< per row, when its task/resource was created
    std::vector<QColor> palette; ///< colours of the bars, in legend order
    std::vector<Bar> bars;
    /// The previous run's bars (compare overlay), drawn before `bars`; colours index
    /// `ghostPalette`, the state colours faded into the background.
    std::vector<Bar> ghostBars;
    std::vector<QColor> ghostPalette;
    /// The compare overlay's end line: dashed at the previous run's end (when in view,
    /// else not drawn) down to the label under the rows.
    struct Compare {
        bool shown = false; ///< a ghost was given
        QRectF line;        ///< x = the previous end's column; empty when out of view
        Text label;         ///< compareText(...)
    };
    Compare compare;
    std::vector<Marker> markers;
    std::vector<Text> outcomes; ///< the result or error of a task, right of its end
    std::vector<double> outcomeTimes; ///< per outcome text, when its task ended
    std::vector<Steps> steps;
    std::vector<Note> notes;
    CauseArrows arrows; ///< who created, woke or cancelled whom, between the rows shown
    Text hiddenNote;
    std::vector<LegendEntry> legend;
};

} // namespace loopscope::ui
