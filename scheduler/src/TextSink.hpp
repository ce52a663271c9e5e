// The text side of the trace file writers (native JSON, Chrome Trace Event JSON, CSV): one
// buffered sink, with JSON strings and numbers spelt as each format spells them.
#pragma once

#include <charconv>
#include <cstddef>
#include <cstring>
#include <iosfwd>
#include <memory>
#include <string_view>

namespace loopscope::detail {

/// How a TextSink spells a double. Either way it is the shortest decimal that reads back as
/// the same double (std::to_chars, which unlike printf does not depend on the C locale a GUI
/// may have set). JSON has no infinity or NaN: 1e999 reads back as infinity in most JSON and
/// CSV readers; NaN becomes null.
enum class Numbers {
    /// The shortest text, `1e-06` and `1e+05` included: the native file, read by programs.
    Shortest,
    /// Plain notation, `0.000001` and `100000`: what a spreadsheet or a person expects of a
    /// time (the Chrome and CSV exports).
    Plain,
};

/// How a TextSink writes a JSON string's bytes that are not plain ASCII text. The two JSON
/// formats were written apart and differ also in \b and \f, for no reason but that; each keeps
/// its spelling so that no file changes.
enum class JsonStrings {
    /// Bytes >= 0x80 as they are, so that UTF-8 passes whole and the native reader gets back
    /// whatever bytes a name held; \b and \f as two-character escapes.
    Bytes,
    /// Bytes that are not valid UTF-8 become U+FFFD, as Perfetto and chrome://tracing refuse a
    /// file that is not UTF-8; \b and \f as \u0008 and \u000c.
    Utf8,
};

/// Text gathered in a 64 KiB buffer and handed to the stream in large writes: per-field
/// ostream calls and std::string temporaries would dominate the time of a million-record trace.
class TextSink {
  public:
    TextSink(std::ostream& out, Numbers numbers, JsonStrings strings);
    /// Flushes what is left.
    ~TextSink();
    TextSink(const TextSink&) = delete;
    TextSink& operator=(const TextSink&) = delete;

    TextSink& operator<<(char c) {
        room(1);
        buf_[used_++] = c;
        return *this;
    }
    /// Inline, as the writers mostly append short literals, which the compiler then copies
    /// in a move or two.
    TextSink& operator<<(std::string_view s) {
        if (s.size() > kSize - used_)
            return spill(s);
        std::memcpy(buf_.get() + used_, s.data(), s.size());
        used_ += s.size();
        return *this;
    }
    template <class Int> TextSink& integer(Int v) {
        room(24);
        used_ = std::to_chars(buf_.get() + used_, buf_.get() + kSize, v).ptr - buf_.get();
        return *this;
    }
    TextSink& number(double v);
    /// `s` as a JSON string, quotes included.
    TextSink& string(std::string_view s);
    void flush();

  private:
    static constexpr std::size_t kSize = std::size_t(1) << 16;
    void room(std::size_t n) {
        if (kSize - used_ < n)
            flush();
    }
    TextSink& spill(std::string_view s);
    void escape(unsigned char c);

    std::ostream& out_;
    const Numbers numbers_;
    const JsonStrings strings_;
    std::unique_ptr<char[]> buf_;
    std::size_t used_ = 0;
};

} // namespace loopscope::detail
