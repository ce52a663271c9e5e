// Layout of the whole timeline picture, top to bottom: title, axis, rows, note, legend.
#include "TimelineGeometry.hpp"

#include "ResourceSeries.hpp"
#include "SegmentRuns.hpp"

#include <QFontMetricsF>

#include <algorithm>
#include <cmath>

namespace loopscope::ui {

namespace {

// Sizes in pixels.
constexpr double kMargin = 8;
constexpr double kTitleHeight = 22;
constexpr double kAxisHeight = 24;
constexpr double kRowHeight = 22;
constexpr int kBarInset = 4;   // bars leave this much of the row above and below
constexpr double kStepInset = 3;
constexpr double kLegendLine = 18;
constexpr double kMinTickSpacing = 80;
constexpr double kToggleWidth = 12; // the ▸/▾ in front of a task with children
constexpr double kIndent = 10;      // per generation of tasks
constexpr int kMaxIndentDepth = 8;

QString fromStd(const std::string& s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

/// The text after a task's end marker: what it returned, raised, or that it was cancelled.
QString outcomeText(const TaskInfo& t) {
    switch (t.outcome) {
    case Outcome::Result: return t.result == "None" ? QString() : fromStd(t.result);
    case Outcome::Exception:
        return t.errorMessage.empty() ? fromStd(t.errorType)
                                      : fromStd(t.errorType) + QStringLiteral(": ") +
                                            fromStd(t.errorMessage);
    case Outcome::Cancelled: return QStringLiteral("cancelled");
    case Outcome::Pending: break;
    }
    return {};
}

QString outcomeLabel(Outcome o) {
    switch (o) {
    case Outcome::Result: return QStringLiteral("returned");
    case Outcome::Exception: return QStringLiteral("raised");
    case Outcome::Cancelled: return QStringLiteral("cancelled");
    case Outcome::Pending: return QStringLiteral("created");
    }
    return {};
}

/// The legend: swatches in the order given, wrapped to the width.
void layOutLegend(TimelineGeometry& g, double top, double width) {
    const QFontMetricsF fm(g.font11);
    double x = kMargin, y = top;
    for (TimelineGeometry::LegendEntry& e : g.legend) {
        const double w = 14 + 4 + fm.horizontalAdvance(e.label.text) + 16;
        if (x > kMargin && x + w > width - kMargin) {
            x = kMargin;
            y += kLegendLine;
        }
        e.swatch = QRectF(x, y + 3, 12, 12);
        e.label.rect = QRectF(x + 18, y, w - 18, kLegendLine);
        x += w;
    }
}

} // namespace

TimelineColors TimelineColors::of(Theme theme) {
    if (theme == Theme::Dark)
        return {QColor(0x1e, 0x1f, 0x22), QColor(0xe6, 0xe6, 0xe6), QColor(0xa0, 0xa4, 0xab),
                QColor(0x33, 0x35, 0x3a), QColor(0x8a, 0x8f, 0x98), QColor(0x2b, 0x2d, 0x31),
                QColor(0x6c, 0xb6, 0xff), QColor(0x6c, 0xb6, 0xff, 70), QColor(0xe6, 0xe6, 0xe6),
                QColor(0xff, 0x6b, 0x6b), QColor(0xff, 0xb0, 0x3b), QColor(0xff, 0x4f, 0xa3),
                QColor(0x6c, 0xb6, 0xff, 48), QColor(0xff, 0xb0, 0x3b)};
    return {QColor(0xff, 0xff, 0xff), QColor(0x20, 0x22, 0x26), QColor(0x6a, 0x6f, 0x78),
            QColor(0xe8, 0xea, 0xee), QColor(0x5a, 0x5f, 0x68), QColor(0xf0, 0xf1, 0xf4),
            QColor(0x1f, 0x6f, 0xd1), QColor(0x1f, 0x6f, 0xd1, 60), QColor(0x20, 0x22, 0x26),
            QColor(0xc6, 0x1b, 0x1b), QColor(0xd9, 0x7a, 0x00), QColor(0xe0, 0x1e, 0x84),
            QColor(0x1f, 0x6f, 0xd1, 36), QColor(0xd9, 0x7a, 0x00)};
}

QString compareText(double previousEnd, double now) {
    const QString delta = QString::number(std::abs(now - previousEnd), 'f', 3);
    const bool less = now < previousEnd && delta != QLatin1String("0.000");
    return QStringLiteral("previous end %1 s  (now %2 s, %3%4 s)")
        .arg(QString::number(previousEnd, 'f', 3), QString::number(now, 'f', 3),
             less ? QStringLiteral("\u2212") : QStringLiteral("+"), delta);
}

QColor TimelineGeometry::ghostColor(const QColor& color, const QColor& background) {
    constexpr double kAlpha = 0.4; // of the state colour; the rest is background
    auto mix = [](int c, int b) { return int(std::lround(kAlpha * c + (1 - kAlpha) * b)); };
    return QColor(mix(color.red(), background.red()), mix(color.green(), background.green()),
                  mix(color.blue(), background.blue()));
}

QFont TimelineGeometry::font(int pixelSize, bool bold) {
    QFont f;
    // DejaVu for Latin, WenQuanYi for the CJK text scripts print; then whatever is there.
    f.setFamilies({QStringLiteral("DejaVu Sans"), QStringLiteral("WenQuanYi Micro Hei"),
                   QStringLiteral("Noto Sans CJK SC"), QStringLiteral("sans-serif")});
    f.setStyleHint(QFont::SansSerif);
    f.setPixelSize(pixelSize);
    f.setBold(bold);
    return f;
}

TimelineGeometry TimelineGeometry::build(const Trace& trace, const TimelineView& view) {
    TimelineGeometry g;
    g.runEnd = trace.endTime;
    g.theme = view.theme;
    g.colors = TimelineColors::of(view.theme);
    g.font12 = font(12);
    g.font11 = font(11);
    g.fontTitle = font(13, true);
    const double width = std::max(200, view.width);

    // Vertical: title, axis, rows.
    double y = kMargin;
    if (!view.title.isEmpty()) {
        g.title = {QRectF(kMargin, y, width - 2 * kMargin, kTitleHeight), view.title};
        y += kTitleHeight;
    }
    g.axisY = std::round(y + kAxisHeight);
    g.layout = TimelineLayout(trace, g.axisY, kRowHeight, view.rows);
    const auto& rows = g.layout.rows();

    // A resource row's label says what its line plots; a collapsed task how many it folds.
    const std::vector<ResourceSeries> series = ResourceSeries::fromTrace(trace);
    std::vector<QString> labels;
    bool nested = false; // any task row with children: task labels leave room for a toggle
    for (const TimelineRow& r : rows) {
        nested = nested || r.descendants > 0;
        if (r.kind == TimelineRow::Kind::Resource)
            labels.push_back(r.label + QStringLiteral(": %1 (max %2)")
                                           .arg(series[r.id].quantity)
                                           .arg(series[r.id].maxValue));
        else if (r.collapsed)
            labels.push_back(r.label + QStringLiteral(" (+%1)").arg(r.descendants));
        else
            labels.push_back(r.label);
    }
    // Where a row's label starts: task rows indented by generation, after the toggle.
    auto labelIndent = [&](const TimelineRow& r) {
        if (r.kind != TimelineRow::Kind::Task)
            return 0.0;
        return (nested ? kToggleWidth : 0.0) + kIndent * std::min(r.depth, kMaxIndentDepth);
    };

    // Horizontal: the label column takes what its longest label needs, up to a third.
    const QFontMetricsF fm(g.font12);
    double labelWidth = 60;
    for (std::size_t i = 0; i < rows.size(); ++i)
        labelWidth = std::max(labelWidth, labelIndent(rows[i]) + fm.horizontalAdvance(labels[i]));
    labelWidth = std::min(labelWidth, std::floor(width / 3));
    const double plotLeft = std::round(kMargin + labelWidth + kMargin);
    const double plotWidth = std::max(10.0, std::floor(width - plotLeft - 2 * kMargin));
    const double plotRight = plotLeft + plotWidth;

    double t0 = std::max(0.0, view.from);
    // Fit-all shows the previous run's end too, so that the compare line is in view.
    const double end = view.ghost ? std::max(trace.endTime, view.ghost->endTime) : trace.endTime;
    double t1 = view.to >= 0 ? view.to : end;
    if (t1 <= t0)
        t1 = view.to >= 0 ? t0 : t0 + 1; // an explicit empty range stays empty
    g.axis = TimeAxis(t0, t1, plotLeft, plotWidth);
    g.ticks = g.axis.ticks(kMinTickSpacing);
    const QFontMetricsF fm11(g.font11);
    for (const Tick& t : g.ticks) {
        const double w = fm11.horizontalAdvance(t.label) + 4;
        const double left = std::clamp(t.x - w / 2, 0.0, width - w);
        g.tickLabels.emplace_back(left, g.axisY - kAxisHeight, w, kAxisHeight - 6);
    }
    g.rowsRect = QRectF(kMargin, g.axisY, plotRight - kMargin, g.layout.bottom() - g.axisY);

    // Rows.
    std::vector<SegmentKey> keys, ghostKeys; // palette index -> key
    auto colorOf = [](std::vector<SegmentKey>& keys, SegmentKey k) {
        for (std::size_t i = 0; i < keys.size(); ++i)
            if (keys[i] == k)
                return int(i);
        keys.push_back(k);
        return int(keys.size() - 1);
    };
    bool outcomeSeen[4] = {false, false, false, false};
    bool noteSeen = false;
    // The segments ids[0, n) of `from` as bars on row r, into `bars` keyed on `palette`.
    auto addBarsOf = [&](const Trace& from, std::vector<Bar>& bars,
                         std::vector<SegmentKey>& palette, const TimelineRow& r,
                         const std::uint32_t* ids, std::size_t n) {
        const auto runs = aggregateSegments(
            n, [&](std::size_t i) -> const Segment& { return from.segments[ids[i]]; }, g.axis);
        const int top = int(r.top) + kBarInset;
        const int h = int(r.height) - 2 * kBarInset;
        for (const SegmentRun& run : runs)
            bars.push_back({QRect(int(plotLeft) + run.x0, top, run.x1 - run.x0, h),
                            colorOf(palette, run.key)});
    };
    auto addBars = [&](const TimelineRow& r, const std::uint32_t* ids, std::size_t n) {
        addBarsOf(trace, g.bars, keys, r, ids, n);
    };
    // At a deadlock: the tasks stuck (every task in the wait-for picture) and its cycle.
    std::vector<bool> inCycle(trace.tasks.size(), false);
    for (const Diagnostic& d : trace.diagnostics)
        for (TaskId t : d.cycle)
            if (d.kind == Diagnostic::Kind::Deadlock && t < inCycle.size())
                inCycle[t] = true;
    if (trace.status == RunStatus::Deadlock)
        for (const WaitEdge& w : trace.waitGraph)
            if (w.task < inCycle.size())
                inCycle[w.task] = true;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const TimelineRow& r = rows[i];
        g.rowInDeadlock.push_back(r.kind == TimelineRow::Kind::Task && inCycle[r.id]);
        const double indent = labelIndent(r);
        g.rowLabels.push_back(
            {QRectF(kMargin + indent, r.top, labelWidth - indent, r.height),
             fm.elidedText(labels[i], Qt::ElideRight, std::max(0.0, labelWidth - indent))});
        g.rowTimes.push_back(r.kind == TimelineRow::Kind::Task       ? trace.tasks[r.id].created
                             : r.kind == TimelineRow::Kind::Resource ? trace.resources[r.id].created
                                                                     : 0.0);
        if (r.descendants > 0)
            g.toggles.push_back({QRectF(kMargin + indent - kToggleWidth, r.top, kToggleWidth,
                                        r.height),
                                 r.id, r.collapsed});
        if (r.kind == TimelineRow::Kind::Loop) {
            const auto& ids = g.layout.blockingSegments();
            addBars(r, ids.data(), ids.size());
        } else if (r.kind == TimelineRow::Kind::Task) {
            const std::uint32_t* ids = g.layout.segmentsBegin(r.id);
            addBars(r, ids, std::size_t(g.layout.segmentsEnd(r.id) - ids));
            const TaskInfo& t = trace.tasks[r.id];
            if (t.created >= t0 && t.created <= t1) {
                g.markers.push_back(
                    {QPointF(g.axis.xOf(t.created), r.top + r.height / 2), Outcome::Pending,
                     t.created});
                outcomeSeen[int(Outcome::Pending)] = true;
            }
            if (t.outcome != Outcome::Pending && t.finished >= t0 && t.finished <= t1) {
                const QPointF at(g.axis.xOf(t.finished), r.top + r.height / 2);
                g.markers.push_back({at, t.outcome, t.finished});
                outcomeSeen[int(t.outcome)] = true;
                const QString text = outcomeText(t);
                const double room = plotRight - (at.x() + 9);
                if (!text.isEmpty() && room >= 40) {
                    g.outcomes.push_back({QRectF(at.x() + 9, r.top, room, r.height),
                                          fm11.elidedText(text, Qt::ElideRight, room)});
                    g.outcomeTimes.push_back(t.finished);
                }
            }
        } else {
            const ResourceSeries& s = series[r.id];
            const double bottom = r.top + r.height - kStepInset;
            const double scale = (r.height - 2 * kStepInset) / s.maxValue;
            Steps st;
            for (const QPointF& p : s.polyline(g.axis, trace.endTime))
                st.line << QPointF(p.x(), bottom - p.y() * scale);
            if (!st.line.isEmpty()) {
                st.fill = st.line;
                st.fill << QPointF(st.line.back().x(), bottom)
                        << QPointF(st.line.front().x(), bottom);
            }
            g.steps.push_back(std::move(st));
        }
    }
    if (view.ghost) { // the previous run on the rows of the same tasks now; no arrows
        const Trace& ghost = *view.ghost;
        const TimelineLayout ghostSegments(ghost, 0, kRowHeight, RowOptions{0, {}, {}});
        const std::vector<TaskId> same = matchTasks(trace, ghost);
        for (const TimelineRow& r : rows) {
            const std::uint32_t *b = nullptr, *e = nullptr;
            if (r.kind == TimelineRow::Kind::Loop) {
                b = ghostSegments.blockingSegments().data();
                e = b + ghostSegments.blockingSegments().size();
            } else if (r.kind == TimelineRow::Kind::Task && same[r.id] != kNone) {
                b = ghostSegments.segmentsBegin(same[r.id]);
                e = ghostSegments.segmentsEnd(same[r.id]);
            }
            if (b != e)
                addBarsOf(ghost, g.ghostBars, ghostKeys, r, b, std::size_t(e - b));
        }
        for (SegmentKey k : ghostKeys)
            g.ghostPalette.push_back(
                ghostColor(segmentColor(k.state, k.wait, view.theme), g.colors.background));
    }
    g.arrows = CauseArrows(trace, g.layout, g.axis);
    // Diagnostics at their task and time (a deadlock has its own arrows and labels).
    for (const Diagnostic& d : trace.diagnostics) {
        const int row = g.layout.rowOfTask(d.task);
        if (row < 0 || d.kind == Diagnostic::Kind::Deadlock || d.time < t0 || d.time > t1)
            continue;
        const std::string& m = d.message;
        g.notes.push_back({QPointF(g.axis.xOf(d.time), rows[std::size_t(row)].top + 7), d.time,
                           fromStd(m.substr(0, m.find('\n')))});
    }
    if (!g.notes.empty())
        noteSeen = true;
    y = g.layout.bottom();
    QStringList notes;
    if (trace.tasks.empty()) // a script that never got to asyncio.run (a SyntaxError ...)
        notes << (trace.status == RunStatus::Exception
                      ? QStringLiteral("no task ran: the script ended with %1 before any")
                            .arg(fromStd(trace.statusDetail))
                      : QStringLiteral("no task ran"));
    if (g.layout.hiddenRows() > 0)
        notes << QStringLiteral("… %1 more rows not shown").arg(g.layout.hiddenRows());
    if (!view.rows.filter.isEmpty() && g.layout.filteredTasks() > 0)
        notes << QStringLiteral("%1 tasks not matching “%2” or folded")
                     .arg(g.layout.filteredTasks())
                     .arg(view.rows.filter);
    if (!notes.isEmpty()) {
        g.hiddenNote = {QRectF(kMargin, y + 2, width - 2 * kMargin, kLegendLine),
                        notes.join(QStringLiteral("; "))};
        y += kLegendLine + 2;
    }
    if (view.ghost) { // the compare line: dashed at the previous end, labelled under the rows
        const double previous = view.ghost->endTime;
        g.compare.shown = true;
        g.compare.label.text = compareText(previous, trace.endTime);
        const double w = fm11.horizontalAdvance(g.compare.label.text) + 4;
        double left = plotLeft;
        if (previous >= t0 && previous <= t1) {
            const double x = std::floor(g.axis.xOf(previous));
            g.compare.line = QRectF(x, g.axisY, 1, y + kLegendLine - g.axisY);
            left = x + 4 + w <= plotRight ? x + 4 : std::max(kMargin, x - 4 - w);
        }
        g.compare.label.rect = QRectF(left, y, w, kLegendLine);
        y += kLegendLine + 2;
    }

    // Legend: the colours used, in state/wait enum order, then the end markers and the arrow
    // kinds shown.
    std::vector<int> order(keys.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
        return std::pair(keys[a].state, keys[a].wait) < std::pair(keys[b].state, keys[b].wait);
    });
    std::vector<int> remap(keys.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        remap[order[i]] = int(i);
        const SegmentKey k = keys[order[i]];
        g.palette.push_back(segmentColor(k.state, k.wait, view.theme));
        LegendEntry e;
        e.color = g.palette.back();
        e.label.text = segmentLabel(k.state, k.wait);
        g.legend.push_back(e);
    }
    for (Bar& b : g.bars)
        b.color = remap[b.color];
    for (Outcome o : {Outcome::Pending, Outcome::Result, Outcome::Exception, Outcome::Cancelled}) {
        if (!outcomeSeen[int(o)])
            continue;
        LegendEntry e;
        e.isMarker = true;
        e.outcome = o;
        e.label.text = outcomeLabel(o);
        g.legend.push_back(e);
    }
    if (noteSeen) {
        LegendEntry e;
        e.isNote = true;
        e.color = g.colors.warning;
        e.label.text = QStringLiteral("diagnostic");
        g.legend.push_back(e);
    }
    for (int k = 0; k < kArrowKindCount; ++k) {
        if (!g.arrows.uses(ArrowKind(k)))
            continue;
        LegendEntry e;
        e.isArrow = true;
        e.arrow = ArrowKind(k);
        e.color = CauseArrows::color(e.arrow, view.theme);
        e.label.text = CauseArrows::label(e.arrow);
        g.legend.push_back(e);
    }
    if (view.ghost) {
        LegendEntry e;
        e.color = ghostColor(segmentColor(TaskState::Running, WaitKind::None, view.theme),
                             g.colors.background);
        e.label.text = QStringLiteral("previous run");
        g.legend.push_back(e);
    }
    if (!g.steps.empty()) {
        LegendEntry e;
        e.isLevel = true;
        e.color = g.colors.resourceLine;
        e.label.text = QStringLiteral("resource level");
        g.legend.push_back(e);
    }
    y += 10;
    layOutLegend(g, y, width);
    const double legendBottom = g.legend.empty() ? y : g.legend.back().label.rect.bottom();
    g.size = QSize(int(width), int(std::ceil(legendBottom + kMargin)));
    return g;
}

} // namespace loopscope::ui
