// Writes the timeline of a trace to an image file: PNG, SVG or PDF by the file's suffix,
// all drawn by the one TimelinePainter. Needs a QGuiApplication (fonts).
#pragma once

#include "TimelineGeometry.hpp"

#include <loopscope/Trace.hpp>

#include <QString>

namespace loopscope::ui {

/// What the exported picture shows; the height follows from the rows.
using ExportOptions = TimelineView;

/// "04_gather.py — ok, t=3 s": an exported picture's title, from the script's file name.
QString timelineTitle(const QString& scriptName, const Trace& trace);

/// Whether `path`'s suffix names a format exportTimeline writes; if not, and `error` is
/// given, sets it to a message saying which suffixes are.
bool isExportFormat(const QString& path, QString* error);

/// Writes `trace` to `path` as PNG (device pixel ratio 1, `options.width` pixels wide),
/// SVG or PDF (the same size in CSS pixels / 96 dpi), chosen by the suffix. The file is
/// either left as it was or wholly replaced (written to a temporary file, then renamed).
/// On failure returns false and sets *error (if given) to a message naming the file.
bool exportTimeline(const Trace& trace, const QString& path, const ExportOptions& options,
                    QString* error);

} // namespace loopscope::ui
