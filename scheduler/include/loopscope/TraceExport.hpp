// A trace written for other tools: Chrome's Trace Event JSON (Perfetto, chrome://tracing) and
// a CSV table of segments. The native, lossless file is TraceJson.hpp; these two keep only
// what their readers show. Both formats are described, with an example, in
// docs/trace-formats.md.
//
// Chrome Trace Event format (a JSON object, UTF-8):
//
//   {"traceEvents":[...], "displayTimeUnit":"ms",
//    "otherData":{"format":"loopscope-chrome-trace","version":"1","status":S,
//                 "statusDetail":S,"endTime":"T"}}
//
//   times     "ts" and "dur" in microseconds of virtual time (seconds * 1e6), as the
//             shortest decimal that reads back as the same double, without exponent
//   pid       1: the run. tid: TaskId + 1, one track per task; lines printed outside any
//             task on one more track after the tasks' (only when there are some).
//             Process-wide events (process_name, counters, diagnostics) carry tid 0.
//   "M"       process_name; per task thread_name ("Task-2 (fetch)") and thread_sort_index
//             (creation order)
//   "X"       one per segment: name = state ("running", "ready", "blocking") or, when
//             waiting, "wait: " + what it waits on ("wait: semaphore limit", "wait: sleep");
//             cat = state; args {"state", "waits_on" when waiting}. dur may be 0.
//   "s"/"f"   a flow per Wake with an actor task and per CancelRequest with an actor task:
//             "s" on the actor's track, "f" ("bp":"e") on the woken / cancelled task's
//             track, same ts, same unique "id"; name and cat "wake" or "cancel"
//   "i"       a cancellation requested by a timer or the runner (scope "t", on the
//             cancelled task: name "cancel (timer)"), each printed line (scope "t", on the
//             printing task, name "print", args {"text"}), each diagnostic (scope "g",
//             name = its kind as the native file names it, args {"message", "task"?})
//   "C"       one counter track per resource (name = resource name, "name (#N)" when two
//             share a name), args {"value"}: the initial value at creation, then the value
//             after each Acquire, Release, Put, Get, Set and Clear event (a Condition
//             records no value, so it has no counter)
//   strings   UTF-8; bytes that are not UTF-8 become U+FFFD, which viewers require
//
// CSV of segments: the header `task,state,waits_on,start,end`, then one row per segment in
// trace order; waits_on is what a waiting segment waits on ("semaphore limit",
// "task Task-3", "sleep"), empty otherwise; start and end are in seconds, the shortest
// decimal that reads back as the same double, without exponent (`100000`, `0.000001`).
// Fields holding a comma, a quote, CR or LF are quoted as RFC 4180 says (quotes doubled);
// lines end with LF.
#pragma once

#include "loopscope/Trace.hpp"

#include <iosfwd>
#include <string>
#include <string_view>

namespace loopscope {

/// The trace file formats, chosen by a file name's suffix.
enum class TraceFormat { Unknown, Native, Chrome, Csv };

/// `.trace.json` Chrome, `.csv` CSV, any other `.json` Native, else Unknown (case ignored).
TraceFormat traceFormatForPath(std::string_view path);

/// "loopscope-trace", "chrome-trace", "csv" (for messages).
std::string_view nameOf(TraceFormat f);

/// The suffixes traceFormatForPath knows, for usage messages: ".json, .trace.json or .csv".
inline constexpr std::string_view kTraceSuffixes = ".json, .trace.json or .csv";

/// What a waiting segment waits on, as the exports name it: the wait kind, then the
/// awaited task's or resource's name or the I/O's label when there is one ("semaphore
/// limit", "task Task-3", "io GET /users", "sleep"); empty for a segment that does not wait.
std::string waitsOn(const Trace& trace, const Segment& s);

/// Writes `trace` in Chrome's Trace Event JSON. Failures show in the stream's state.
void writeTraceChrome(const Trace& trace, std::ostream& out);
/// Writes the segments of `trace` as CSV. Failures show in the stream's state.
void writeTraceCsv(const Trace& trace, std::ostream& out);

/// The text writeTraceChrome / writeTraceCsv write.
std::string traceChromeText(const Trace& trace);
std::string traceCsvText(const Trace& trace);

/// As saveTraceJson: writes `path + ".tmp"`, flushes it to disk and renames it over `path`;
/// on failure returns false, removes the temporary file and sets *error (if given) to a
/// message naming the file and the OS error.
bool saveTraceChrome(const Trace& trace, const std::string& path, std::string* error);
bool saveTraceCsv(const Trace& trace, const std::string& path, std::string* error);

/// Saves in the format traceFormatForPath(path) names; an Unknown suffix is an error
/// ("cannot write 'PATH': unknown trace file type (use .json, .trace.json or .csv)").
bool saveTrace(const Trace& trace, const std::string& path, std::string* error);

} // namespace loopscope
