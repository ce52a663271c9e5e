// The writer of the trace file format of TraceJson.hpp: the records one a line, through a
// buffered writer, saved atomically. TraceJsonRead.cpp reads what this writes.
#include "loopscope/TraceJson.hpp"

#include "AtomicSave.hpp"
#include "TraceNames.hpp"

#include <charconv>
#include <cmath>
#include <cstring>
#include <memory>
#include <ostream>
#include <vector>

namespace loopscope {
namespace {

using detail::kTraceJsonFormat;
using detail::nameOfAny;

// ---- writing --------------------------------------------------------------------------------

/// JSON tokens into a 64 KiB buffer handed to the stream in large writes: per-record
/// ostream calls and std::string temporaries would dominate the time of a large trace.
class JsonWriter {
public:
    explicit JsonWriter(std::ostream& out) : out_(out), buf_(new char[kSize]) {}

    void put(char c) {
        room(1);
        buf_[used_++] = c;
    }
    void raw(std::string_view s);
    void number(double v);
    template <class Int>
    void integer(Int v) {
        room(24);
        used_ = std::to_chars(buf_.get() + used_, buf_.get() + kSize, v).ptr - buf_.get();
    }
    void id(std::uint32_t v) { v == kNone ? raw("null") : integer(v); }
    void boolean(bool b) { raw(b ? "true" : "false"); }
    void string(std::string_view s);
    template <class E>
    void name(E e) {
        string(nameOfAny(e));
    }
    void flush();

private:
    static constexpr std::size_t kSize = std::size_t(1) << 16;
    void room(std::size_t n) {
        if (kSize - used_ < n)
            flush();
    }
    void escape(unsigned char c);

    std::ostream& out_;
    std::unique_ptr<char[]> buf_;
    std::size_t used_ = 0;
};

void JsonWriter::flush() {
    out_.write(buf_.get(), static_cast<std::streamsize>(used_));
    used_ = 0;
}

void JsonWriter::raw(std::string_view s) {
    if (s.size() > kSize - used_) {
        flush();
        if (s.size() > kSize) {
            out_.write(s.data(), static_cast<std::streamsize>(s.size()));
            return;
        }
    }
    std::memcpy(buf_.get() + used_, s.data(), s.size());
    used_ += s.size();
}

/// The shortest decimal that reads back as the same double (std::to_chars, which unlike
/// printf does not depend on the C locale a GUI may have set). JSON has no infinity or NaN:
/// 1e999 reads back as infinity in most JSON readers; NaN becomes null.
void JsonWriter::number(double v) {
    if (std::isnan(v))
        return raw("null");
    if (std::isinf(v))
        return raw(v > 0 ? "1e999" : "-1e999");
    room(32);
    used_ = std::to_chars(buf_.get() + used_, buf_.get() + kSize, v).ptr - buf_.get();
}

/// Copies runs of plain bytes whole; bytes >= 0x80 are plain, so UTF-8 passes as it is.
void JsonWriter::string(std::string_view s) {
    put('"');
    std::size_t plain = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        raw(s.substr(plain, i - plain));
        escape(c);
        plain = i + 1;
    }
    raw(s.substr(plain));
    put('"');
}

void JsonWriter::escape(unsigned char c) {
    static constexpr char kHex[] = "0123456789abcdef";
    room(6);
    char* p = buf_.get() + used_;
    *p++ = '\\';
    switch (c) {
    case '"': *p++ = '"'; break;
    case '\\': *p++ = '\\'; break;
    case '\b': *p++ = 'b'; break;
    case '\f': *p++ = 'f'; break;
    case '\n': *p++ = 'n'; break;
    case '\r': *p++ = 'r'; break;
    case '\t': *p++ = 't'; break;
    default:
        *p++ = 'u';
        *p++ = '0';
        *p++ = '0';
        *p++ = kHex[c >> 4];
        *p++ = kHex[c & 15];
    }
    used_ = p - buf_.get();
}

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
    w.raw(head);
    w.put('[');
    bool first = true;
    forEachRecord(items, [&](const auto& x) {
        w.raw(first ? "\n" : ",\n");
        first = false;
        item(w, x);
    });
    w.raw(first ? "]" : "\n]");
}

void writeTask(JsonWriter& w, const TaskInfo& t) {
    w.raw("{\"id\":");
    w.id(t.id);
    w.raw(",\"name\":");
    w.string(t.name);
    w.raw(",\"coroutine\":");
    w.string(t.coroutine);
    w.raw(",\"parent\":");
    w.id(t.parent);
    w.raw(",\"created\":");
    w.number(t.created);
    w.raw(",\"finished\":");
    w.number(t.finished);
    w.raw(",\"outcome\":");
    w.name(t.outcome);
    w.raw(",\"result\":");
    w.string(t.result);
    w.raw(",\"errorType\":");
    w.string(t.errorType);
    w.raw(",\"errorMessage\":");
    w.string(t.errorMessage);
    w.raw(",\"cancelledBy\":");
    w.id(t.cancelledBy);
    w.raw(",\"cancelCause\":");
    w.name(t.cancelCause);
    w.raw(",\"errorRetrieved\":");
    w.boolean(t.errorRetrieved);
    w.put('}');
}

void writeResource(JsonWriter& w, const ResourceInfo& r) {
    w.raw("{\"id\":");
    w.id(r.id);
    w.raw(",\"kind\":");
    w.name(r.kind);
    w.raw(",\"name\":");
    w.string(r.name);
    w.raw(",\"capacity\":");
    w.integer(r.capacity);
    w.raw(",\"initial\":");
    w.integer(r.initial);
    w.raw(",\"created\":");
    w.number(r.created);
    w.put('}');
}

/// [start, end, task, state, wait, object, detail]
void writeSegment(JsonWriter& w, const Segment& s) {
    w.put('[');
    w.number(s.start);
    w.put(',');
    w.number(s.end);
    w.put(',');
    w.id(s.task);
    w.put(',');
    w.name(s.state);
    w.put(',');
    w.name(s.wait);
    w.put(',');
    w.id(s.object);
    w.put(',');
    w.integer(unsigned(s.detail));
    w.put(']');
}

/// [time, kind, task, actor, object, value, cause, via]
void writeEvent(JsonWriter& w, const TraceEvent& e) {
    w.put('[');
    w.number(e.time);
    w.put(',');
    w.name(e.kind);
    w.put(',');
    w.id(e.task);
    w.put(',');
    w.id(e.actor);
    w.put(',');
    w.id(e.object);
    w.put(',');
    w.integer(e.value);
    w.put(',');
    w.name(e.cause);
    w.put(',');
    w.name(e.via);
    w.put(']');
}

/// [time, task, text]
void writeOutputLine(JsonWriter& w, const OutputLine& l) {
    w.put('[');
    w.number(l.time);
    w.put(',');
    w.id(l.task);
    w.put(',');
    w.string(l.text);
    w.put(']');
}

void writeDiagnostic(JsonWriter& w, const Diagnostic& d) {
    w.raw("{\"kind\":");
    w.name(d.kind);
    w.raw(",\"time\":");
    w.number(d.time);
    w.raw(",\"task\":");
    w.id(d.task);
    w.raw(",\"message\":");
    w.string(d.message);
    w.raw(",\"cycle\":[");
    for (std::size_t i = 0; i < d.cycle.size(); ++i) {
        if (i)
            w.put(',');
        w.id(d.cycle[i]);
    }
    w.raw("]}");
}

void writeWaitEdge(JsonWriter& w, const WaitEdge& e) {
    w.raw("{\"task\":");
    w.id(e.task);
    w.raw(",\"wait\":");
    w.name(e.wait);
    w.raw(",\"object\":");
    w.id(e.object);
    w.raw(",\"blocker\":");
    w.id(e.blocker);
    w.put('}');
}

} // namespace

void writeTraceJson(const Trace& trace, std::ostream& out) {
    JsonWriter w(out);
    w.raw("{\"format\":\"");
    w.raw(kTraceJsonFormat);
    w.raw("\",\"version\":");
    w.integer(kTraceJsonVersion);
    w.raw(",\n\"status\":");
    w.name(trace.status);
    w.raw(",\"statusDetail\":");
    w.string(trace.statusDetail);
    w.raw(",\"endTime\":");
    w.number(trace.endTime);
    w.raw(",\"callbacksRun\":");
    w.integer(trace.callbacksRun);
    writeList(w, ",\n\"tasks\":", trace.tasks, writeTask);
    writeList(w, ",\n\"resources\":", trace.resources, writeResource);
    writeList(w, ",\n\"segments\":", trace.segments, writeSegment);
    writeList(w, ",\n\"events\":", trace.events, writeEvent);
    writeList(w, ",\n\"output\":", trace.output, writeOutputLine);
    writeList(w, ",\n\"diagnostics\":", trace.diagnostics, writeDiagnostic);
    writeList(w, ",\n\"waitGraph\":", trace.waitGraph, writeWaitEdge);
    w.raw("\n}\n");
    w.flush();
}

bool saveTraceJson(const Trace& trace, const std::string& path, std::string* error) {
    return detail::saveAtomically(
        path, [&](std::ostream& out) { writeTraceJson(trace, out); }, error);
}

} // namespace loopscope
