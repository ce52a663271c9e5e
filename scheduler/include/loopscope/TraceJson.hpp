// loopscope's native trace file: the whole Trace as JSON, so that a run made in one process
// (`loopscope run --trace OUT.json`) can be shown by another (the GUI) with nothing lost.
//
// Format "loopscope-trace", version 1. UTF-8 JSON, one top-level object, written in this
// order (readers accept any order and ignore fields they do not know):
//
//   {"format": "loopscope-trace",   identifies the file
//    "version": 1,                   this layout; readers refuse any other version
//    "status": RunStatus,            "ok" "exception" "deadlock" "horizon" "budget" "interrupted"
//    "statusDetail": string,
//    "endTime": time,
//    "callbacksRun": integer,        0 .. 2^64-1
//    "tasks": [TaskObject...],       task i has "id": i
//    "resources": [ResourceObject...], resource i has "id": i
//    "segments": [[start, end, task, state, wait, object, detail]...],
//    "events": [[time, kind, task, actor, object, value, cause, via]...],
//    "output": [[time, task, text]...],
//    "diagnostics": [DiagnosticObject...],
//    "waitGraph": [WaitEdgeObject...],
//    "labels": [string...]}           optional (files written before labels lack it: none)
//
//   TaskObject       {"id", "name", "coroutine", "parent", "created", "finished", "outcome",
//                     "result", "errorType", "errorMessage", "cancelledBy", "cancelCause",
//                     "errorRetrieved"}
//   ResourceObject   {"id", "kind", "name", "capacity", "initial", "created"}
//   DiagnosticObject {"kind", "time", "task", "message", "cycle": [task...]}
//   WaitEdgeObject   {"task", "wait", "object", "blocker"}
//
// Segments, events and output lines are the bulk of a trace (up to millions), so each is a
// fixed-order array rather than an object; the columns are those above, with the meaning of
// the Segment / TraceEvent / OutputLine field of the same name.
//
// Values:
//   time      a JSON number: the shortest decimal that reads back as the same double, so
//             3.0 is written `3`, 0.1 `0.1`, 0.1+0.2 `0.30000000000000004`, -0.0 `-0`;
//             +-infinity is written `1e999` / `-1e999` and NaN `null`.
//   ids       task, actor, object, parent, cancelledBy, blocker, id, cycle entries: a
//             non-negative integer, or null for kNone. Every reference to a task is checked
//             against the task table when read (null is refused for a segment's task, a wait
//             edge's task and cycle entries), so readers may index Trace::tasks with them.
//             `object` means a task, a resource, an output line or a label depending on the
//             wait or event kind. It is checked only where it names a label: a segment's or
//             wait edge's with wait "io" or "executor", a "wake" event's with that via.
//   labels    what I/O and executor waits wait on ("GET https://api.example.com/a", a
//             worker's function name), each text once; `object` is an index in this table
//             (null: no label). An index past its end is an error at that record.
//   enums     strings, as nameOf() prints them: state "ready" "running" "blocking"
//             "waiting" "done"; wait "none" "future" "sleep" ... "executor"; outcome,
//             cause, resource kind and event kind likewise. Diagnostic kinds are
//             "deadlock" "never-retrieved" "pending-at-exit" "blocked" "horizon" "other".
//   detail    an integer 0..255 (for wait "wait": 0 ALL_COMPLETED, 1 FIRST_COMPLETED,
//             2 FIRST_EXCEPTION).
//   value     an integer, int32. capacity, initial: integers, int.
//   strings   UTF-8, passed through byte for byte (neither checked nor changed); only `"`,
//             `\` and control characters are escaped.
//
// Every field listed is written, and required when read but for "labels". The writer puts
// each record (and each label) on a line of its own, so that an error's LINE:COLUMN points at
// one record and a diff of two traces at the records that changed.
#pragma once

#include "loopscope/Trace.hpp"

#include <iosfwd>
#include <string>
#include <string_view>

namespace loopscope {

inline constexpr int kTraceJsonVersion = 1;

/// Writes `trace` as a version-1 trace file. Failures show in the stream's state.
void writeTraceJson(const Trace& trace, std::ostream& out);

/// Writes `trace` to `path + ".tmp"`, flushes it to disk, then renames it over `path`, so
/// `path` is either the old file or the whole new one. On failure returns false, removes the
/// temporary file, and sets *error (if given) to a message naming the file and the OS error.
bool saveTraceJson(const Trace& trace, const std::string& path, std::string* error);

/// Reads a trace file into `out`. On failure returns false, leaves `out` unchanged and sets
/// *error to "PATH:LINE:COLUMN: what" (or "PATH: what" for a problem with no one place).
bool loadTraceJson(const std::string& path, Trace& out, std::string* error);

/// As loadTraceJson, from text in memory; messages are "LINE:COLUMN: what".
bool parseTraceJson(std::string_view text, Trace& out, std::string* error);

} // namespace loopscope
