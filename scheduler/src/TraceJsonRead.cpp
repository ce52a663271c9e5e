// The reader of the trace file format of TraceJson.hpp: a small strict JSON reader that parses
// straight into a Trace (no intermediate document tree, so a million-record trace needs no
// more memory than the text and the Trace themselves), then checks the references between
// records. Each failure is one message, with the line and column where there is one.
#include "loopscope/TraceJson.hpp"

#include "FileErrors.hpp"
#include "TraceNames.hpp"

#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <system_error>
#include <vector>

namespace loopscope {
namespace {

using detail::enumNames;
using detail::kTraceJsonFormat;
using detail::osError;
using detail::setError;

// ---- reading: the file ----------------------------------------------------------------------

/// The bytes of a file. A large one is read into 2 MiB huge-page blocks (the trace's own
/// allocator): on the machines measured, the page faults of an ordinary buffer made reading a
/// 70 MB trace 8x slower than these blocks.
class FileText {
public:
    std::string_view view() const { return {bytes_.get(), size_}; }
    /// Reads all of `f`; 0 or the OS error.
    int read(std::FILE* f, std::size_t expected);

private:
    void reserve(std::size_t capacity);

    std::unique_ptr<char[], detail::FreeBlock> bytes_;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

void FileText::reserve(std::size_t capacity) {
    constexpr std::size_t kHuge = std::size_t(2) << 20;
    const bool large = capacity >= kHuge / 2;
    if (large)
        capacity = (capacity + kHuge - 1) / kHuge * kHuge;
    std::unique_ptr<char[], detail::FreeBlock> bigger(
        static_cast<char*>(detail::allocateTraceBlock(capacity, large)));
    if (size_)
        std::memcpy(bigger.get(), bytes_.get(), size_);
    bytes_ = std::move(bigger);
    capacity_ = capacity;
}

/// One byte more than `expected`, so that a file of the size announced is read in one block
/// and one read; a file that grew meanwhile is still read whole.
int FileText::read(std::FILE* f, std::size_t expected) {
    reserve(expected + 1);
    errno = 0;
    for (;;) {
        if (size_ == capacity_)
            reserve(capacity_ * 2);
        const std::size_t got = std::fread(bytes_.get() + size_, 1, capacity_ - size_, f);
        size_ += got;
        if (got == 0)
            return std::ferror(f) ? (errno ? errno : EIO) : 0;
    }
}

struct CloseFile {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

/// The whole file, or false with a message naming it and the OS error.
bool readFile(const std::string& path, FileText& text, std::string* error) {
    const std::unique_ptr<std::FILE, CloseFile> f(std::fopen(path.c_str(), "rb"));
    if (!f)
        return setError(error, "cannot open '" + path + "': " + osError(errno));
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    const int err = text.read(f.get(), ec ? 0 : static_cast<std::size_t>(size));
    if (err)
        return setError(error, "cannot read '" + path + "': " + osError(err));
    return true;
}

// ---- reading: JSON tokens -------------------------------------------------------------------

constexpr std::size_t kNowhere = std::size_t(-1);
constexpr int kMaxDepth = 256;

/// A reading failure: a byte offset in the text (kNowhere for a whole-trace problem) and what.
struct ParseError {
    std::size_t at;
    std::string message;
};

/// At most 40 bytes of `s` (cut at a UTF-8 character boundary), for quoting in a message.
std::string clip(std::string_view s) {
    if (s.size() <= 40)
        return std::string(s);
    std::size_t n = 40;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
        --n;
    return std::string(s.substr(0, n)) + "...";
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

/// A strict JSON reader over text in memory. Failures throw ParseError (caught once, by
/// parseNamed): garbage is the exceptional case and this keeps the happy path free of checks.
/// `what` arguments name the field being read, for messages.
class JsonReader {
public:
    explicit JsonReader(std::string_view text) : text_(text) {}

    std::size_t pos() const { return pos_; }
    void rewind() { pos_ = 0; }
    bool atEnd() const { return pos_ >= text_.size(); }
    [[noreturn]] void failAt(std::size_t at, std::string message) const {
        throw ParseError{at, std::move(message)};
    }
    [[noreturn]] void fail(std::string message) const { failAt(pos_, std::move(message)); }
    /// As fail(), but a text that simply ended is reported as such: that is what a truncated
    /// file looks like, whatever the reader was about to read.
    [[noreturn]] void failExpected(std::string message) const {
        if (atEnd())
            failEof();
        fail(std::move(message));
    }
    [[noreturn]] void failEof() const { failAt(text_.size(), "unexpected end of file"); }
    /// "WHAT: expected EXPECTED, got WHAT IS THERE".
    [[noreturn]] void failType(const char* what, const char* expected) const;

    /// Skips whitespace; the next character ('\0' at the end).
    char peek();
    /// Skips whitespace; the offset of the next token.
    std::size_t tokenStart() {
        peek();
        return pos_;
    }
    bool consume(char c);
    void expectEnd();
    /// After an element of an array or object: true after ',', false after `close`.
    bool separator(char close);

    /// The string's text; valid until the next call (it may live in a scratch buffer).
    std::string_view string(const char* what);
    /// A number; null reads as NaN (see detail::Numbers).
    double number(const char* what);
    template <class Int>
    Int integer(const char* what, const char* expected = "an integer");
    /// A task, resource or output index; null reads as kNone.
    std::uint32_t id(const char* what);
    bool boolean(const char* what);
    void skipValue(int depth = 0);

    template <class F>
    void array(const char* what, F&& element);
    /// member(key, keyOffset) reads the member's value; returning false stops reading there.
    template <class F>
    void members(const char* what, F&& member);

private:
    std::string describeNext() const;
    void literal(std::string_view word, const char* what, const char* expected);
    std::string_view numberToken(const char* what, const char* expected);
    bool digits();
    std::string_view decodeString(std::size_t start);
    void decodeEscape();
    char32_t codePoint(std::size_t escapeAt);
    unsigned hex4(std::size_t escapeAt);
    void appendUtf8(char32_t cp);

    std::string_view text_;
    std::size_t pos_ = 0;
    std::string scratch_;
};

char JsonReader::peek() {
    while (pos_ < text_.size()) {
        const char c = text_[pos_];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            return c;
        ++pos_;
    }
    return '\0';
}

bool JsonReader::consume(char c) {
    if (peek() != c || atEnd())
        return false;
    ++pos_;
    return true;
}

void JsonReader::expectEnd() {
    peek();
    if (!atEnd())
        fail("unexpected text after the trace");
}

bool JsonReader::separator(char close) {
    if (consume(','))
        return true;
    if (consume(close))
        return false;
    failExpected(std::string("expected ',' or '") + close + "'");
}

void JsonReader::failType(const char* what, const char* expected) const {
    const std::string field = *what ? std::string(what) + ": " : std::string();
    failExpected(field + "expected " + expected + ", got " + describeNext());
}

std::string JsonReader::describeNext() const {
    const std::string_view rest = text_.substr(pos_);
    const char c = rest.empty() ? '\0' : rest[0];
    if (c == '"')
        return "a string";
    if (c == '{')
        return "an object";
    if (c == '[')
        return "an array";
    if (rest.starts_with("true") || rest.starts_with("false"))
        return "a boolean";
    if (rest.starts_with("null"))
        return "null";
    if (c == '-' || isDigit(c))
        return "a number";
    if (c > 0x20 && c < 0x7F)
        return std::string("'") + c + "'";
    char buf[16];
    std::snprintf(buf, sizeof buf, "byte 0x%02x", static_cast<unsigned char>(c));
    return buf;
}

void JsonReader::literal(std::string_view word, const char* what, const char* expected) {
    const std::string_view rest = text_.substr(pos_);
    if (rest.starts_with(word)) {
        pos_ += word.size();
        return;
    }
    if (rest.size() < word.size() && word.starts_with(rest))
        failEof(); // a truncated literal
    failType(what, expected);
}

bool JsonReader::digits() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && isDigit(text_[pos_]))
        ++pos_;
    return pos_ > start;
}

/// The text of a number, checked against JSON's grammar (from_chars alone would also take
/// "inf", "1." and leading zeros).
std::string_view JsonReader::numberToken(const char* what, const char* expected) {
    const char c = peek();
    if (c != '-' && !isDigit(c))
        failType(what, expected);
    const std::size_t start = pos_;
    if (c == '-')
        ++pos_;
    const std::size_t intStart = pos_;
    bool ok = digits() && !(text_[intStart] == '0' && pos_ - intStart > 1);
    if (ok && pos_ < text_.size() && text_[pos_] == '.')
        ok = (++pos_, digits());
    if (ok && pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
        ++pos_;
        if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-'))
            ++pos_;
        ok = digits();
    }
    if (!ok) {
        if (atEnd())
            failEof();
        failAt(start, "malformed number");
    }
    return text_.substr(start, pos_ - start);
}

/// The value of a decimal number from_chars found out of range: +-infinity when its
/// magnitude is too large, +-0 when too small (1e999 is how the writer spells infinity).
double outOfRange(std::string_view tok) {
    const bool negative = tok[0] == '-';
    const std::size_t e = tok.find_first_of("eE");
    long exponent = 0;
    if (e != std::string_view::npos) {
        const bool down = tok[e + 1] == '-';
        for (std::size_t i = e + 1; i < tok.size(); ++i)
            if (isDigit(tok[i]))
                exponent = std::min(exponent * 10 + (tok[i] - '0'), 100000L);
        exponent = down ? -exponent : exponent;
    }
    const std::string_view mantissa = tok.substr(negative, e - negative);
    const std::size_t dot = std::min(mantissa.find('.'), mantissa.size());
    const std::size_t lead = mantissa.find_first_of("123456789");
    if (lead == std::string_view::npos)
        return negative ? -0.0 : 0.0;
    // The decimal exponent of the leading digit, plus one: digits before the point, or minus
    // the zeros after it.
    const long magnitude = lead < dot ? long(dot - lead) : -long(lead - dot - 1);
    const double v = magnitude + exponent > 0 ? std::numeric_limits<double>::infinity() : 0.0;
    return negative ? -v : v;
}

double JsonReader::number(const char* what) {
    if (peek() == 'n') {
        literal("null", what, "a number");
        return std::numeric_limits<double>::quiet_NaN();
    }
    const std::string_view tok = numberToken(what, "a number");
    double v = 0;
    const auto result = std::from_chars(tok.data(), tok.data() + tok.size(), v);
    return result.ec == std::errc::result_out_of_range ? outOfRange(tok) : v;
}

template <class Int>
Int JsonReader::integer(const char* what, const char* expected) {
    const std::size_t at = tokenStart();
    const std::string_view tok = numberToken(what, expected);
    if (tok.find_first_of(".eE") != std::string_view::npos)
        failAt(at, std::string(what) + ": expected an integer, got " + clip(tok));
    Int v{};
    const auto [end, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), v);
    if (ec != std::errc() || end != tok.data() + tok.size())
        failAt(at, std::string(what) + ": " + clip(tok) + " is out of range");
    return v;
}

std::uint32_t JsonReader::id(const char* what) {
    if (peek() != 'n')
        return integer<std::uint32_t>(what, "an integer or null");
    literal("null", what, "an integer or null");
    return kNone;
}

bool JsonReader::boolean(const char* what) {
    const char c = peek();
    literal(c == 't' ? "true" : "false", what, "true or false");
    return c == 't';
}

void JsonReader::skipValue(int depth) {
    if (depth > kMaxDepth)
        fail("nesting too deep");
    switch (peek()) {
    case '{':
        members("", [&](std::string_view, std::size_t) {
            skipValue(depth + 1);
            return true;
        });
        return;
    case '[': array("", [&] { skipValue(depth + 1); }); return;
    case '"': string(""); return;
    case 't': literal("true", "", "a JSON value"); return;
    case 'f': literal("false", "", "a JSON value"); return;
    case 'n': literal("null", "", "a JSON value"); return;
    default: numberToken("", "a JSON value");
    }
}

template <class F>
void JsonReader::array(const char* what, F&& element) {
    if (!consume('['))
        failType(what, "an array");
    if (consume(']'))
        return;
    do
        element();
    while (separator(']'));
}

template <class F>
void JsonReader::members(const char* what, F&& member) {
    if (!consume('{'))
        failType(what, "an object");
    if (consume('}'))
        return;
    do {
        if (peek() != '"')
            failExpected("expected a field name in quotes");
        const std::size_t keyAt = pos_;
        const std::string_view key = string("field name");
        if (!consume(':'))
            failExpected("expected ':'");
        if (!member(key, keyAt))
            return;
    } while (separator('}'));
}

// ---- reading: strings -----------------------------------------------------------------------

/// The common case, a string without escapes, is a view into the text: no copy at all.
std::string_view JsonReader::string(const char* what) {
    if (!consume('"'))
        failType(what, "a string");
    const std::size_t start = pos_;
    while (pos_ < text_.size()) {
        const auto c = static_cast<unsigned char>(text_[pos_]);
        if (c == '"')
            return text_.substr(start, pos_++ - start);
        if (c == '\\' || c < 0x20)
            return decodeString(start);
        ++pos_;
    }
    failEof();
}

std::string_view JsonReader::decodeString(std::size_t start) {
    scratch_.assign(text_.substr(start, pos_ - start));
    while (pos_ < text_.size()) {
        const auto c = static_cast<unsigned char>(text_[pos_]);
        if (c == '"') {
            ++pos_;
            return scratch_;
        }
        if (c < 0x20)
            fail("control character in a string (must be escaped)");
        if (c == '\\') {
            decodeEscape();
        } else {
            scratch_ += static_cast<char>(c);
            ++pos_;
        }
    }
    failEof();
}

void JsonReader::decodeEscape() {
    const std::size_t at = pos_++;
    if (atEnd())
        failEof();
    const char c = text_[pos_++];
    switch (c) {
    case '"':
    case '\\':
    case '/': scratch_ += c; return;
    case 'b': scratch_ += '\b'; return;
    case 'f': scratch_ += '\f'; return;
    case 'n': scratch_ += '\n'; return;
    case 'r': scratch_ += '\r'; return;
    case 't': scratch_ += '\t'; return;
    case 'u': appendUtf8(codePoint(at)); return;
    }
    failAt(at, "invalid escape '\\" + clip(text_.substr(at + 1, 1)) + "'");
}

/// The code point of the \u escape at `escapeAt`, joining a UTF-16 surrogate pair.
char32_t JsonReader::codePoint(std::size_t escapeAt) {
    const unsigned high = hex4(escapeAt);
    if (high < 0xD800 || high > 0xDFFF)
        return high;
    const std::string_view rest = text_.substr(pos_);
    if (high <= 0xDBFF && rest.size() < 2 && std::string_view("\\u").starts_with(rest))
        failEof();
    if (high <= 0xDBFF && rest.starts_with("\\u")) {
        pos_ += 2;
        const unsigned low = hex4(escapeAt);
        if (low >= 0xDC00 && low <= 0xDFFF)
            return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
    }
    failAt(escapeAt, "unpaired surrogate in \\u escape");
}

unsigned JsonReader::hex4(std::size_t escapeAt) {
    unsigned v = 0;
    for (int i = 0; i < 4; ++i, ++pos_) {
        if (atEnd())
            failEof();
        const char c = text_[pos_];
        const int d = isDigit(c) ? c - '0'
                      : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                      : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                               : -1;
        if (d < 0)
            failAt(escapeAt, "invalid \\u escape");
        v = v * 16 + static_cast<unsigned>(d);
    }
    return v;
}

void JsonReader::appendUtf8(char32_t cp) {
    auto byte = [&](char32_t b) { scratch_ += static_cast<char>(b); };
    if (cp < 0x80) {
        byte(cp);
    } else if (cp < 0x800) {
        byte(0xC0 | (cp >> 6));
        byte(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        byte(0xE0 | (cp >> 12));
        byte(0x80 | ((cp >> 6) & 0x3F));
        byte(0x80 | (cp & 0x3F));
    } else {
        byte(0xF0 | (cp >> 18));
        byte(0x80 | ((cp >> 12) & 0x3F));
        byte(0x80 | ((cp >> 6) & 0x3F));
        byte(0x80 | (cp & 0x3F));
    }
}

// ---- reading: trace records -----------------------------------------------------------------

template <class E>
E readEnum(JsonReader& r, const char* what, const char* label) {
    const std::size_t at = r.tokenStart();
    const std::string_view s = r.string(what);
    const std::vector<std::string_view>& names = enumNames<E>();
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == s)
            return static_cast<E>(i);
    r.failAt(at, std::string("unknown ") + label + " '" + clip(s) + "'");
}

/// Reads an object with the given fields, each required once unless its bit is set in
/// `optional`; fields not listed are skipped (a later writer may add some). field(i) reads
/// the value of fields[i].
template <std::size_t N, class F>
void readObject(JsonReader& r, const char* what, const std::array<std::string_view, N>& fields,
                F&& field, std::uint32_t optional = 0) {
    static_assert(N <= 32);
    const std::size_t start = r.tokenStart();
    std::uint32_t seen = 0;
    r.members(what, [&](std::string_view key, std::size_t keyAt) {
        std::size_t i = 0;
        while (i < N && fields[i] != key)
            ++i;
        if (i == N) {
            r.skipValue();
        } else if (seen & (1u << i)) {
            r.failAt(keyAt, std::string(what) + ": duplicate field '" + std::string(key) + "'");
        } else {
            seen |= 1u << i;
            field(i);
        }
        return true;
    });
    for (std::size_t i = 0; i < N; ++i)
        if (!((seen | optional) & (1u << i)))
            r.failAt(start, std::string(what) + ": missing field '" + std::string(fields[i]) + "'");
}

/// The separators of a fixed-size array record, counting its values for messages.
class Columns {
public:
    Columns(JsonReader& r, const char* what, int count) : r_(r), what_(what), count_(count) {
        if (!r.consume('['))
            r.failType(what, "an array");
        if (r.peek() == ']')
            failCount("0");
    }
    void next() {
        ++seen_;
        if (r_.peek() == ']')
            failCount(std::to_string(seen_));
        if (!r_.consume(','))
            r_.failExpected("expected ','");
    }
    void end() {
        if (r_.consume(']'))
            return;
        if (r_.peek() == ',')
            failCount("more");
        r_.failExpected("expected ']'");
    }

private:
    [[noreturn]] void failCount(const std::string& got) {
        r_.fail(std::string(what_) + ": expected " + std::to_string(count_) + " values, got " +
                got);
    }
    JsonReader& r_;
    const char* what_;
    int count_;
    int seen_ = 0;
};

void readTask(JsonReader& r, TaskInfo& t) {
    static constexpr std::array<std::string_view, 13> kFields = {
        "id",        "name",         "coroutine",   "parent",      "created",
        "finished",  "outcome",      "result",      "errorType",   "errorMessage",
        "cancelledBy", "cancelCause", "errorRetrieved"};
    readObject(r, "task", kFields, [&](std::size_t f) {
        switch (f) {
        case 0: t.id = r.id("task.id"); break;
        case 1: t.name = r.string("task.name"); break;
        case 2: t.coroutine = r.string("task.coroutine"); break;
        case 3: t.parent = r.id("task.parent"); break;
        case 4: t.created = r.number("task.created"); break;
        case 5: t.finished = r.number("task.finished"); break;
        case 6: t.outcome = readEnum<Outcome>(r, "task.outcome", "outcome"); break;
        case 7: t.result = r.string("task.result"); break;
        case 8: t.errorType = r.string("task.errorType"); break;
        case 9: t.errorMessage = r.string("task.errorMessage"); break;
        case 10: t.cancelledBy = r.id("task.cancelledBy"); break;
        case 11: t.cancelCause = readEnum<Cause>(r, "task.cancelCause", "cause"); break;
        case 12: t.errorRetrieved = r.boolean("task.errorRetrieved"); break;
        }
    });
}

void readResource(JsonReader& r, ResourceInfo& res) {
    static constexpr std::array<std::string_view, 6> kFields = {"id",       "kind",    "name",
                                                                "capacity", "initial", "created"};
    readObject(r, "resource", kFields, [&](std::size_t f) {
        switch (f) {
        case 0: res.id = r.id("resource.id"); break;
        case 1: res.kind = readEnum<ResourceKind>(r, "resource.kind", "resource kind"); break;
        case 2: res.name = r.string("resource.name"); break;
        case 3: res.capacity = r.integer<int>("resource.capacity"); break;
        case 4: res.initial = r.integer<int>("resource.initial"); break;
        case 5: res.created = r.number("resource.created"); break;
        }
    });
}

/// The highest label index the records use, and the record that uses it: checked against
/// Trace::labels once the whole trace is read ("labels" may come after the records). One
/// branch per record; only records that name a label do more.
class LabelRefs {
public:
    void note(std::uint32_t index, std::size_t recordAt, const char* field) {
        if (index == kNone || (at_ != kNowhere && index <= highest_))
            return;
        highest_ = index;
        at_ = recordAt;
        field_ = field;
    }
    void check(const JsonReader& r, const Trace& t) const {
        if (at_ != kNowhere && highest_ >= t.labels.size())
            r.failAt(at_, std::string(field_) + ": there is no label " + std::to_string(highest_) +
                              " (the trace has " + std::to_string(t.labels.size()) + ")");
    }

private:
    std::uint32_t highest_ = 0;
    std::size_t at_ = kNowhere;
    const char* field_ = "";
};

/// A segment's task or object: an id a segment can hold (Segment::kMaxId) or null.
std::uint32_t segmentId(JsonReader& r, const char* what) {
    const std::size_t at = r.tokenStart();
    const std::uint32_t id = r.id(what);
    if (id != kNone && id > Segment::kMaxId)
        r.failAt(at, std::string(what) + ": " + std::to_string(id) + " is out of range");
    return id;
}

void readSegment(JsonReader& r, Trace& t, LabelRefs& labels) {
    const std::size_t at = r.tokenStart();
    Columns c(r, "segment", 7);
    const double start = r.number("segment.start");
    c.next();
    const double end = r.number("segment.end");
    c.next();
    const TaskId task = segmentId(r, "segment.task");
    c.next();
    const auto state = readEnum<TaskState>(r, "segment.state", "task state");
    c.next();
    const auto wait = readEnum<WaitKind>(r, "segment.wait", "wait kind");
    c.next();
    const std::uint32_t object = segmentId(r, "segment.object");
    c.next();
    const std::size_t detailAt = r.tokenStart();
    const auto detail = r.integer<std::uint8_t>("segment.detail");
    if (detail > static_cast<unsigned>(WaitMode::FirstException)) // detail is a WaitMode
        r.failAt(detailAt, "segment.detail: " + std::to_string(detail) + " is out of range");
    c.end();
    if (waitsOnLabel(wait))
        labels.note(object, at, "segment.object");
    t.segments.push_back(Segment(start, end, task, object, state, wait, detail));
}

void readEvent(JsonReader& r, Trace& t, LabelRefs& labels) {
    TraceEvent e;
    const std::size_t at = r.tokenStart();
    Columns c(r, "event", 8);
    e.time = r.number("event.time");
    c.next();
    e.kind = readEnum<EventKind>(r, "event.kind", "event kind");
    c.next();
    e.task = r.id("event.task");
    c.next();
    e.actor = r.id("event.actor");
    c.next();
    e.object = r.id("event.object");
    c.next();
    e.value = r.integer<std::int32_t>("event.value");
    c.next();
    e.cause = readEnum<Cause>(r, "event.cause", "cause");
    c.next();
    e.via = readEnum<WaitKind>(r, "event.via", "wait kind");
    c.end();
    if (e.kind == EventKind::Wake && waitsOnLabel(e.via))
        labels.note(e.object, at, "event.object");
    t.events.push_back(e);
}

void readOutputLine(JsonReader& r, OutputLine& l) {
    Columns c(r, "output line", 3);
    l.time = r.number("output.time");
    c.next();
    l.task = r.id("output.task");
    c.next();
    l.text = r.string("output.text");
    c.end();
}

void readDiagnostic(JsonReader& r, Diagnostic& d) {
    static constexpr std::array<std::string_view, 5> kFields = {"kind", "time", "task",
                                                                "message", "cycle"};
    readObject(r, "diagnostic", kFields, [&](std::size_t f) {
        switch (f) {
        case 0: d.kind = readEnum<Diagnostic::Kind>(r, "diagnostic.kind", "diagnostic kind"); break;
        case 1: d.time = r.number("diagnostic.time"); break;
        case 2: d.task = r.id("diagnostic.task"); break;
        case 3: d.message = r.string("diagnostic.message"); break;
        case 4:
            r.array("diagnostic.cycle", [&] { d.cycle.push_back(r.id("diagnostic.cycle")); });
            break;
        }
    });
}

void readWaitEdge(JsonReader& r, WaitEdge& e, LabelRefs& labels) {
    static constexpr std::array<std::string_view, 4> kFields = {"task", "wait", "object",
                                                                "blocker"};
    const std::size_t at = r.tokenStart();
    readObject(r, "wait edge", kFields, [&](std::size_t f) {
        switch (f) {
        case 0: e.task = r.id("waitGraph.task"); break;
        case 1: e.wait = readEnum<WaitKind>(r, "waitGraph.wait", "wait kind"); break;
        case 2: e.object = r.id("waitGraph.object"); break;
        case 3: e.blocker = r.id("waitGraph.blocker"); break;
        }
    });
    if (waitsOnLabel(e.wait))
        labels.note(e.object, at, "waitGraph.object");
}

// ---- reading: the whole trace ---------------------------------------------------------------

/// Checks "format" and "version" before anything else is read, so that another JSON file is
/// refused for what it is, not for some field deep inside it. Our files begin with both, so
/// this costs nothing for them.
void checkHeader(JsonReader& r) {
    const char c = r.peek();
    if (r.atEnd())
        r.fail("not a loopscope trace (empty file)");
    if (c != '{')
        r.fail("not a loopscope trace (expected a JSON object)");
    const std::size_t objectAt = r.pos();
    std::size_t formatAt = kNowhere, versionAt = kNowhere;
    std::string format;
    std::int64_t version = 0;
    r.members("trace", [&](std::string_view key, std::size_t) {
        if (key == "format") {
            formatAt = r.tokenStart();
            format = r.string("format");
        } else if (key == "version") {
            versionAt = r.tokenStart();
            version = r.integer<std::int64_t>("version");
        } else {
            r.skipValue();
        }
        return formatAt == kNowhere || versionAt == kNowhere;
    });
    if (formatAt == kNowhere)
        r.failAt(objectAt, "not a loopscope trace (format field missing)");
    if (format != kTraceJsonFormat)
        r.failAt(formatAt, "not a loopscope trace (format is '" + clip(format) + "')");
    if (versionAt == kNowhere)
        r.failAt(objectAt, "not a loopscope trace (version field missing)");
    if (version != kTraceJsonVersion)
        r.failAt(versionAt, "unsupported trace version " + std::to_string(version) +
                                " (this build reads version " +
                                std::to_string(kTraceJsonVersion) + ")");
}

[[noreturn]] void failReference(const std::string& where, std::uint32_t id) {
    throw ParseError{kNowhere, where + ": there is no task " +
                                   (id == kNone ? std::string("null") : std::to_string(id))};
}

/// Task references are checked once after reading, so that whoever reads a loaded trace may
/// index Trace::tasks with them without checking (the GUI does, everywhere).
class ReferenceCheck {
public:
    explicit ReferenceCheck(const Trace& t) : tasks_(t.tasks.size()) {}
    void task(TaskId id, const char* table, std::size_t i, const char* field) const {
        if (id >= tasks_)
            failReference(where(table, i, field), id);
    }
    void taskOrNone(TaskId id, const char* table, std::size_t i, const char* field) const {
        if (id != kNone)
            task(id, table, i, field);
    }
    static std::string where(const char* table, std::size_t i, const char* field) {
        return std::string(table) + "[" + std::to_string(i) + "]." + field;
    }

private:
    std::size_t tasks_;
};

void checkIds(const Trace& t) {
    for (std::size_t i = 0; i < t.tasks.size(); ++i)
        if (t.tasks[i].id != i)
            throw ParseError{kNowhere, ReferenceCheck::where("tasks", i, "id") + ": " +
                                           std::to_string(t.tasks[i].id) + ", expected " +
                                           std::to_string(i)};
    for (std::size_t i = 0; i < t.resources.size(); ++i)
        if (t.resources[i].id != i)
            throw ParseError{kNowhere, ReferenceCheck::where("resources", i, "id") + ": " +
                                           std::to_string(t.resources[i].id) + ", expected " +
                                           std::to_string(i)};
}

void checkReferences(const Trace& t) {
    checkIds(t);
    const ReferenceCheck c(t);
    for (std::size_t i = 0; i < t.tasks.size(); ++i) {
        c.taskOrNone(t.tasks[i].parent, "tasks", i, "parent");
        c.taskOrNone(t.tasks[i].cancelledBy, "tasks", i, "cancelledBy");
    }
    for (std::size_t i = 0; i < t.segments.size(); ++i)
        c.task(t.segments[i].task(), "segments", i, "task");
    for (std::size_t i = 0; i < t.events.size(); ++i) {
        c.taskOrNone(t.events[i].task, "events", i, "task");
        c.taskOrNone(t.events[i].actor, "events", i, "actor");
    }
    for (std::size_t i = 0; i < t.output.size(); ++i)
        c.taskOrNone(t.output[i].task, "output", i, "task");
    for (std::size_t i = 0; i < t.diagnostics.size(); ++i) {
        c.taskOrNone(t.diagnostics[i].task, "diagnostics", i, "task");
        for (TaskId id : t.diagnostics[i].cycle)
            c.task(id, "diagnostics", i, "cycle");
    }
    for (std::size_t i = 0; i < t.waitGraph.size(); ++i) {
        c.task(t.waitGraph[i].task, "waitGraph", i, "task");
        c.taskOrNone(t.waitGraph[i].blocker, "waitGraph", i, "blocker");
    }
}

void readTraceMember(JsonReader& r, Trace& t, LabelRefs& labels, std::size_t field) {
    switch (field) {
    case 0:
    case 1: r.skipValue(); break; // format and version: checkHeader read them
    case 2: t.status = readEnum<RunStatus>(r, "status", "run status"); break;
    case 3: t.statusDetail = r.string("statusDetail"); break;
    case 4: t.endTime = r.number("endTime"); break;
    case 5: t.callbacksRun = r.integer<std::uint64_t>("callbacksRun"); break;
    case 6: r.array("tasks", [&] { readTask(r, t.tasks.emplace_back()); }); break;
    case 7: r.array("resources", [&] { readResource(r, t.resources.emplace_back()); }); break;
    case 8: r.array("segments", [&] { readSegment(r, t, labels); }); break;
    case 9: r.array("events", [&] { readEvent(r, t, labels); }); break;
    case 10: r.array("output", [&] { readOutputLine(r, t.output.emplace_back()); }); break;
    case 11:
        r.array("diagnostics", [&] { readDiagnostic(r, t.diagnostics.emplace_back()); });
        break;
    case 12:
        r.array("waitGraph", [&] { readWaitEdge(r, t.waitGraph.emplace_back(), labels); });
        break;
    case 13: r.array("labels", [&] { t.labels.emplace_back(r.string("labels")); }); break;
    }
}

Trace readTrace(JsonReader& r) {
    static constexpr std::array<std::string_view, 14> kFields = {
        "format",    "version",  "status", "statusDetail", "endTime",     "callbacksRun", "tasks",
        "resources", "segments", "events", "output",       "diagnostics", "waitGraph",    "labels"};
    constexpr std::uint32_t kOptional = 1u << 13; // labels: files written before they were
    checkHeader(r);
    r.rewind();
    Trace t;
    LabelRefs labels;
    readObject(
        r, "trace", kFields, [&](std::size_t f) { readTraceMember(r, t, labels, f); }, kOptional);
    t.segments.finishGrowth();
    t.events.finishGrowth();
    r.expectEnd();
    labels.check(r, t);
    checkReferences(t);
    return t;
}

/// "LINE:COLUMN" of byte offset `at`, both from 1; columns count UTF-8 characters, as
/// editors do. Computed only for the message, so reading never tracks lines.
std::string location(std::string_view text, std::size_t at) {
    at = std::min(at, text.size());
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < at; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return std::to_string(line) + ":" + std::to_string(column);
}

/// "NAME:LINE:COLUMN: what", leaving out the parts there are not.
std::string describe(std::string_view text, const std::string& name, const ParseError& e) {
    std::string where = name;
    if (e.at != kNowhere)
        where += (where.empty() ? "" : ":") + location(text, e.at);
    return where.empty() ? e.message : where + ": " + e.message;
}

bool parseNamed(std::string_view text, const std::string& name, Trace& out, std::string* error) {
    try {
        JsonReader r(text);
        out = readTrace(r);
        return true;
    } catch (const ParseError& e) {
        return setError(error, describe(text, name, e));
    } catch (const std::bad_alloc&) {
        return setError(error, describe(text, name, {kNowhere, "out of memory reading the trace"}));
    }
}

} // namespace

bool loadTraceJson(const std::string& path, Trace& out, std::string* error) {
    FileText text;
    try {
        if (!readFile(path, text, error))
            return false;
    } catch (const std::bad_alloc&) {
        return setError(error, "cannot read '" + path + "': out of memory");
    }
    return parseNamed(text.view(), path, out, error);
}

bool parseTraceJson(std::string_view text, Trace& out, std::string* error) {
    return parseNamed(text, std::string(), out, error);
}

} // namespace loopscope
