// The writer of the trace file format of TraceJson.hpp: the records one a line, through a
// buffered writer, saved atomically. TraceJsonRead.cpp reads what this writes.
#include "loopscope/TraceJson.hpp"

#include "AtomicSave.hpp"
#include "TextSink.hpp"
#include "TraceNames.hpp"

#include <ostream>
#include <vector>

namespace loopscope {
namespace {

using detail::kTraceJsonFormat;
using detail::nameOfAny;

// ---- writing --------------------------------------------------------------------------------

/// The shared text sink, spelling numbers and strings as the native file does, with the
/// values only this format writes: ids (kNone as null), booleans and enum names.
class JsonWriter : public detail::TextSink {
public:
    explicit JsonWriter(std::ostream& out)
        : TextSink(out, detail::Numbers::Shortest, detail::JsonStrings::Bytes) {}

    void id(std::uint32_t v) { v == kNone ? *this << "null" : integer(v); }
    void boolean(bool b) { *this << (b ? "true" : "false"); }
    template <class E>
    void name(E e) {
        string(nameOfAny(e));
    }
};

template <class T, class A, class F>
void forEachRecord(const std::vector<T, A>& v, F&& f) {
    for (const T& x : v)
        f(x);
}
template <class T, class F>
void forEachRecord(const ChunkedVector<T>& v, F&& f) {
    v.forEach(f);
}

/// `head[` records `]`, one record per line: a reader's line numbers then point at one
/// record, and a diff of two traces shows which records changed.
template <class Seq, class F>
void writeList(JsonWriter& w, std::string_view head, const Seq& items, F&& item) {
    w << head;
    w << '[';
    bool first = true;
    forEachRecord(items, [&](const auto& x) {
        w << (first ? "\n" : ",\n");
        first = false;
        item(w, x);
    });
    w << (first ? "]" : "\n]");
}

void writeTask(JsonWriter& w, const TaskInfo& t) {
    w << "{\"id\":";
    w.id(t.id);
    w << ",\"name\":";
    w.string(t.name);
    w << ",\"coroutine\":";
    w.string(t.coroutine);
    w << ",\"parent\":";
    w.id(t.parent);
    w << ",\"created\":";
    w.number(t.created);
    w << ",\"finished\":";
    w.number(t.finished);
    w << ",\"outcome\":";
    w.name(t.outcome);
    w << ",\"result\":";
    w.string(t.result);
    w << ",\"errorType\":";
    w.string(t.errorType);
    w << ",\"errorMessage\":";
    w.string(t.errorMessage);
    w << ",\"cancelledBy\":";
    w.id(t.cancelledBy);
    w << ",\"cancelCause\":";
    w.name(t.cancelCause);
    w << ",\"errorRetrieved\":";
    w.boolean(t.errorRetrieved);
    w << '}';
}

void writeResource(JsonWriter& w, const ResourceInfo& r) {
    w << "{\"id\":";
    w.id(r.id);
    w << ",\"kind\":";
    w.name(r.kind);
    w << ",\"name\":";
    w.string(r.name);
    w << ",\"capacity\":";
    w.integer(r.capacity);
    w << ",\"initial\":";
    w.integer(r.initial);
    w << ",\"created\":";
    w.number(r.created);
    w << '}';
}

/// [start, end, task, state, wait, object, detail]
void writeSegment(JsonWriter& w, const Segment& s) {
    w << '[';
    w.number(s.start);
    w << ',';
    w.number(s.end);
    w << ',';
    w.id(s.task());
    w << ',';
    w.name(s.state());
    w << ',';
    w.name(s.wait());
    w << ',';
    w.id(s.object());
    w << ',';
    w.integer(unsigned(s.detail()));
    w << ']';
}

/// [time, kind, task, actor, object, value, cause, via]
void writeEvent(JsonWriter& w, const TraceEvent& e) {
    w << '[';
    w.number(e.time);
    w << ',';
    w.name(e.kind);
    w << ',';
    w.id(e.task);
    w << ',';
    w.id(e.actor);
    w << ',';
    w.id(e.object);
    w << ',';
    w.integer(e.value);
    w << ',';
    w.name(e.cause);
    w << ',';
    w.name(e.via);
    w << ']';
}

/// [time, task, text]
void writeOutputLine(JsonWriter& w, const OutputLine& l) {
    w << '[';
    w.number(l.time);
    w << ',';
    w.id(l.task);
    w << ',';
    w.string(l.text);
    w << ']';
}

void writeDiagnostic(JsonWriter& w, const Diagnostic& d) {
    w << "{\"kind\":";
    w.name(d.kind);
    w << ",\"time\":";
    w.number(d.time);
    w << ",\"task\":";
    w.id(d.task);
    w << ",\"message\":";
    w.string(d.message);
    w << ",\"cycle\":[";
    for (std::size_t i = 0; i < d.cycle.size(); ++i) {
        if (i)
            w << ',';
        w.id(d.cycle[i]);
    }
    w << "]}";
}

void writeWaitEdge(JsonWriter& w, const WaitEdge& e) {
    w << "{\"task\":";
    w.id(e.task);
    w << ",\"wait\":";
    w.name(e.wait);
    w << ",\"object\":";
    w.id(e.object);
    w << ",\"blocker\":";
    w.id(e.blocker);
    w << '}';
}

} // namespace

void writeTraceJson(const Trace& trace, std::ostream& out) {
    JsonWriter w(out);
    w << "{\"format\":\"";
    w << kTraceJsonFormat;
    w << "\",\"version\":";
    w.integer(kTraceJsonVersion);
    w << ",\n\"status\":";
    w.name(trace.status);
    w << ",\"statusDetail\":";
    w.string(trace.statusDetail);
    w << ",\"endTime\":";
    w.number(trace.endTime);
    w << ",\"callbacksRun\":";
    w.integer(trace.callbacksRun);
    writeList(w, ",\n\"tasks\":", trace.tasks, writeTask);
    writeList(w, ",\n\"resources\":", trace.resources, writeResource);
    writeList(w, ",\n\"segments\":", trace.segments, writeSegment);
    writeList(w, ",\n\"events\":", trace.events, writeEvent);
    writeList(w, ",\n\"output\":", trace.output, writeOutputLine);
    writeList(w, ",\n\"diagnostics\":", trace.diagnostics, writeDiagnostic);
    writeList(w, ",\n\"waitGraph\":", trace.waitGraph, writeWaitEdge);
    // Last, so a file without labels reads line for line as before they were added.
    writeList(w, ",\n\"labels\":", trace.labels,
              [](JsonWriter& jw, const std::string& label) { jw.string(label); });
    w << "\n}\n";
    w.flush();
}

bool saveTraceJson(const Trace& trace, const std::string& path, std::string* error) {
    return detail::saveAtomically(
        path, [&](std::ostream& out) { writeTraceJson(trace, out); }, error);
}

} // namespace loopscope
