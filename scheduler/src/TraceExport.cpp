// The exports of TraceExport.hpp: Chrome Trace Event JSON and CSV of segments, written through
// one buffered text sink, and saved atomically as the native trace file is.
#include "loopscope/TraceExport.hpp"

#include "loopscope/TraceJson.hpp"

#include "AtomicSave.hpp"
#include "FileErrors.hpp"
#include "TextSink.hpp"
#include "TraceNames.hpp"

#include <algorithm>
#include <map>
#include <ostream>
#include <sstream>

namespace loopscope {
namespace {

using detail::JsonStrings;
using detail::Numbers;
using detail::TextSink;

// ---- Chrome Trace Event format --------------------------------------------------------------

constexpr double kMicroseconds = 1e6;

/// One event object at a time, each on a line of its own (a diff of two exports then shows
/// the events that changed).
class ChromeWriter {
  public:
    explicit ChromeWriter(TextSink& out) : out_(out) {}

    /// Opens `{"name":NAME,"ph":PH,"pid":1,"tid":TID`; the caller adds fields, then end().
    ChromeWriter& begin(std::string_view name, char ph, std::uint32_t tid) {
        out_ << (first_ ? "\n" : ",\n") << "{\"name\":";
        first_ = false;
        out_.string(name);
        out_ << ",\"ph\":\"" << ph << "\",\"pid\":1,\"tid\":";
        out_.integer(tid);
        return *this;
    }
    ChromeWriter& ts(double seconds) { return time(",\"ts\":", seconds); }
    ChromeWriter& dur(double seconds) { return time(",\"dur\":", seconds); }
    ChromeWriter& field(std::string_view key, std::string_view raw) {
        out_ << ",\"" << key << "\":" << raw;
        return *this;
    }
    ChromeWriter& stringField(std::string_view key, std::string_view value) {
        out_ << ",\"" << key << "\":";
        out_.string(value);
        return *this;
    }
    ChromeWriter& integerField(std::string_view key, long long value) {
        out_ << ",\"" << key << "\":";
        out_.integer(value);
        return *this;
    }
    /// `"args":{` ... the caller writes the members with arg(), then end() closes both.
    ChromeWriter& args() {
        out_ << ",\"args\":{";
        firstArg_ = true;
        inArgs_ = true;
        return *this;
    }
    ChromeWriter& arg(std::string_view key, std::string_view value) {
        argKey(key);
        out_.string(value);
        return *this;
    }
    ChromeWriter& arg(std::string_view key, long long value) {
        argKey(key);
        out_.integer(value);
        return *this;
    }
    void end() {
        out_ << (inArgs_ ? "}}" : "}");
        inArgs_ = false;
    }

  private:
    ChromeWriter& time(std::string_view key, double seconds) {
        out_ << key;
        out_.number(seconds * kMicroseconds);
        return *this;
    }
    void argKey(std::string_view key) {
        out_ << (firstArg_ ? "\"" : ",\"") << key << "\":";
        firstArg_ = false;
    }

    TextSink& out_;
    bool first_ = true;
    bool firstArg_ = true;
    bool inArgs_ = false;
};

/// Process-wide events (process name, counters) name no thread. Not a task's tid: Perfetto
/// reads tid 0 as tid = pid, which is task 0's.
constexpr std::uint32_t kProcessTid = 0;

/// A task's track is TaskId + 1; lines printed outside any task go to one more track after
/// the tasks'.
std::uint32_t tidOf(const Trace& trace, TaskId task) {
    return task < trace.tasks.size() ? task + 1 : std::uint32_t(trace.tasks.size() + 1);
}

std::string taskLabel(const TaskInfo& t) {
    return t.coroutine.empty() ? t.name : t.name + " (" + t.coroutine + ")";
}

std::string segmentName(const Trace& trace, const Segment& s) {
    if (s.state() == TaskState::Waiting)
        return "wait: " + waitsOn(trace, s);
    return std::string(nameOf(s.state()));
}

/// Events that change a resource's value (EventKind's `value` is the value after).
bool changesValue(EventKind k) {
    switch (k) {
    case EventKind::Acquire:
    case EventKind::Release:
    case EventKind::Set:
    case EventKind::Clear:
    case EventKind::Put:
    case EventKind::Get:
        return true;
    default:
        return false;
    }
}

/// Counter track names: the resource's, made unique with its number where two share one
/// (viewers merge counters of the same name into one track).
std::vector<std::string> counterNames(const Trace& trace) {
    std::map<std::string, int> uses;
    for (const ResourceInfo& r : trace.resources)
        ++uses[r.name];
    std::vector<std::string> names;
    for (const ResourceInfo& r : trace.resources)
        names.push_back(uses[r.name] > 1 ? r.name + " (#" + std::to_string(r.id + 1) + ")"
                                         : r.name);
    return names;
}

void writeMetadata(ChromeWriter& w, const Trace& trace) {
    w.begin("process_name", 'M', kProcessTid).args().arg("name", "loopscope run").end();
    for (const TaskInfo& t : trace.tasks) {
        w.begin("thread_name", 'M', tidOf(trace, t.id)).args().arg("name", taskLabel(t)).end();
        w.begin("thread_sort_index", 'M', tidOf(trace, t.id)).args().arg("sort_index", t.id).end();
    }
    bool outsideTasks = false;
    for (const OutputLine& l : trace.output)
        outsideTasks |= l.task >= trace.tasks.size();
    if (outsideTasks) {
        const std::uint32_t tid = tidOf(trace, kNone);
        w.begin("thread_name", 'M', tid).args().arg("name", "(outside tasks)").end();
        w.begin("thread_sort_index", 'M', tid).args().arg("sort_index", trace.tasks.size()).end();
    }
}

void writeSegments(ChromeWriter& w, const Trace& trace) {
    trace.segments.forEach([&](const Segment& s) {
        w.begin(segmentName(trace, s), 'X', tidOf(trace, s.task()))
            .stringField("cat", nameOf(s.state()))
            .ts(s.start)
            .dur(std::max(0.0, s.end - s.start))
            .args()
            .arg("state", nameOf(s.state()));
        if (s.state() == TaskState::Waiting)
            w.arg("waits_on", waitsOn(trace, s));
        w.end();
    });
}

/// Flows for wakes and cancellations between tasks, instants for cancellations by a timer or
/// the runner, counter samples for resource values.
void writeEvents(ChromeWriter& w, const Trace& trace, const std::vector<std::string>& counters) {
    for (const ResourceInfo& r : trace.resources)
        if (r.kind != ResourceKind::Condition)
            w.begin(counters[r.id], 'C', kProcessTid)
                .ts(r.created)
                .args()
                .arg("value", r.initial)
                .end();
    long long flowId = 0;
    trace.events.forEach([&](const TraceEvent& e) {
        const bool byTask = e.actor != kNone && e.actor < trace.tasks.size();
        if ((e.kind == EventKind::Wake || e.kind == EventKind::CancelRequest) && byTask) {
            const std::string_view name = e.kind == EventKind::Wake ? "wake" : "cancel";
            ++flowId;
            w.begin(name, 's', tidOf(trace, e.actor))
                .stringField("cat", name)
                .integerField("id", flowId)
                .ts(e.time)
                .end();
            w.begin(name, 'f', tidOf(trace, e.task))
                .stringField("cat", name)
                .integerField("id", flowId)
                .field("bp", "\"e\"")
                .ts(e.time)
                .end();
        } else if (e.kind == EventKind::CancelRequest) {
            w.begin("cancel (" + std::string(nameOf(e.cause)) + ")", 'i', tidOf(trace, e.task))
                .stringField("cat", "cancel")
                .field("s", "\"t\"")
                .ts(e.time)
                .end();
        } else if (changesValue(e.kind) && e.object < trace.resources.size()) {
            w.begin(counters[e.object], 'C', kProcessTid)
                .ts(e.time)
                .args()
                .arg("value", e.value)
                .end();
        }
    });
}

void writeOutputAndDiagnostics(ChromeWriter& w, const Trace& trace) {
    for (const OutputLine& l : trace.output)
        w.begin("print", 'i', tidOf(trace, l.task))
            .stringField("cat", "output")
            .field("s", "\"t\"")
            .ts(l.time)
            .args()
            .arg("text", l.text)
            .end();
    // Global instants: viewers draw them across every track, so they name no thread.
    for (const Diagnostic& d : trace.diagnostics) {
        w.begin(detail::diagnosticKindName(d.kind), 'i', kProcessTid)
            .stringField("cat", "diagnostic")
            .field("s", "\"g\"")
            .ts(d.time)
            .args()
            .arg("message", d.message);
        if (d.task < trace.tasks.size())
            w.arg("task", trace.tasks[d.task].name);
        w.end();
    }
}

void writeOtherData(TextSink& out, const Trace& trace) {
    out << "\n],\n\"displayTimeUnit\":\"ms\",\n\"otherData\":{\"format\":\"loopscope-chrome-trace\""
           ",\"version\":\"1\",\"status\":";
    out.string(nameOf(trace.status));
    out << ",\"statusDetail\":";
    out.string(trace.statusDetail);
    // Viewers show otherData as text: the end time as a string, in seconds. A number's text
    // needs no escaping.
    out << ",\"endTime\":\"";
    out.number(trace.endTime);
    out << "\"}}\n";
}

// ---- CSV ------------------------------------------------------------------------------------

/// A field as RFC 4180 writes it: quoted, quotes doubled, when it holds , " CR or LF.
void csvField(TextSink& out, std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
        out << s;
        return;
    }
    out << '"';
    for (char c : s) {
        if (c == '"')
            out << '"';
        out << c;
    }
    out << '"';
}

bool endsWithNoCase(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() &&
           std::equal(suffix.begin(), suffix.end(), s.end() - suffix.size(), [](char a, char b) {
               return a == (b >= 'A' && b <= 'Z' ? char(b - 'A' + 'a') : b);
           });
}

} // namespace

TraceFormat traceFormatForPath(std::string_view path) {
    // Only the file name counts: "out.csv/" or a folder named "x.json" has no such suffix.
    const std::size_t slash = path.find_last_of('/');
    const std::string_view file = slash == std::string_view::npos ? path : path.substr(slash + 1);
    if (endsWithNoCase(file, ".trace.json") && file.size() > 11)
        return TraceFormat::Chrome;
    if (endsWithNoCase(file, ".json") && file.size() > 5)
        return TraceFormat::Native;
    if (endsWithNoCase(file, ".csv") && file.size() > 4)
        return TraceFormat::Csv;
    return TraceFormat::Unknown;
}

std::string_view nameOf(TraceFormat f) {
    switch (f) {
    case TraceFormat::Unknown:
        return "unknown";
    case TraceFormat::Native:
        return "loopscope-trace";
    case TraceFormat::Chrome:
        return "chrome-trace";
    case TraceFormat::Csv:
        return "csv";
    }
    return "?";
}

std::string waitsOn(const Trace& trace, const Segment& s) {
    if (s.state() != TaskState::Waiting)
        return {};
    std::string text(nameOf(s.wait()));
    const std::string_view object = trace.waitObjectName(s.wait(), s.object());
    if (!object.empty())
        (text += ' ') += object;
    return text;
}

void writeTraceChrome(const Trace& trace, std::ostream& out) {
    TextSink sink(out, Numbers::Plain, JsonStrings::Utf8);
    sink << "{\"traceEvents\":[";
    ChromeWriter w(sink);
    writeMetadata(w, trace);
    writeSegments(w, trace);
    writeEvents(w, trace, counterNames(trace));
    writeOutputAndDiagnostics(w, trace);
    writeOtherData(sink, trace);
}

void writeTraceCsv(const Trace& trace, std::ostream& out) {
    TextSink sink(out, Numbers::Plain, JsonStrings::Utf8); // CSV has no JSON strings
    sink << "task,state,waits_on,start,end\n";
    trace.segments.forEach([&](const Segment& s) {
        csvField(sink, s.task() < trace.tasks.size()
                           ? std::string_view(trace.tasks[s.task()].name)
                           : std::string_view());
        sink << ',' << nameOf(s.state()) << ',';
        csvField(sink, waitsOn(trace, s));
        sink << ',';
        sink.number(s.start);
        sink << ',';
        sink.number(s.end);
        sink << '\n';
    });
}

std::string traceChromeText(const Trace& trace) {
    std::ostringstream out;
    writeTraceChrome(trace, out);
    return out.str();
}

std::string traceCsvText(const Trace& trace) {
    std::ostringstream out;
    writeTraceCsv(trace, out);
    return out.str();
}

bool saveTraceChrome(const Trace& trace, const std::string& path, std::string* error) {
    return detail::saveAtomically(
        path, [&](std::ostream& out) { writeTraceChrome(trace, out); }, error);
}

bool saveTraceCsv(const Trace& trace, const std::string& path, std::string* error) {
    return detail::saveAtomically(
        path, [&](std::ostream& out) { writeTraceCsv(trace, out); }, error);
}

bool saveTrace(const Trace& trace, const std::string& path, std::string* error) {
    switch (traceFormatForPath(path)) {
    case TraceFormat::Native:
        return saveTraceJson(trace, path, error);
    case TraceFormat::Chrome:
        return saveTraceChrome(trace, path, error);
    case TraceFormat::Csv:
        return saveTraceCsv(trace, path, error);
    case TraceFormat::Unknown:
        break;
    }
    return detail::setError(error, "cannot write '" + path + "': unknown trace file type (use " +
                                       std::string(kTraceSuffixes) + ")");
}

} // namespace loopscope
