// The buffered sink of TextSink.hpp: numbers by std::to_chars straight into the buffer, and
// strings copied in runs of plain bytes between the few that need escaping.
#include "TextSink.hpp"

#include <cmath>
#include <ostream>

namespace loopscope::detail {
namespace {

/// Room for any double in plain notation: 309 digits before the point at the most, and a
/// subnormal has over 300 zeros after it.
constexpr std::size_t kLongestNumber = 400;

/// The length of the valid UTF-8 sequence at s[i], or 0 if there is none there. Overlong
/// forms, surrogates and code points past U+10FFFF are invalid, as a strict JSON reader says.
std::size_t utf8Length(std::string_view s, std::size_t i) {
    const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = at(i);
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xbf; // range of the second byte
    if (c >= 0xc2 && c <= 0xdf)
        n = 2;
    else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        lo = c == 0xe0 ? 0xa0 : 0x80;
        hi = c == 0xed ? 0x9f : 0xbf;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        lo = c == 0xf0 ? 0x90 : 0x80;
        hi = c == 0xf4 ? 0x8f : 0xbf;
    } else
        return 0;
    if (i + n > s.size() || at(i + 1) < lo || at(i + 1) > hi)
        return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (at(i + k) < 0x80 || at(i + k) > 0xbf)
            return 0;
    return n;
}

/// The letter of c's two-character escape (`\n`), or 0 where c takes `\u00XX`.
char escapeLetter(unsigned char c, JsonStrings strings) {
    switch (c) {
    case '"':
        return '"';
    case '\\':
        return '\\';
    case '\n':
        return 'n';
    case '\r':
        return 'r';
    case '\t':
        return 't';
    case '\b':
        return strings == JsonStrings::Bytes ? 'b' : 0;
    case '\f':
        return strings == JsonStrings::Bytes ? 'f' : 0;
    }
    return 0;
}

} // namespace

TextSink::TextSink(std::ostream& out, Numbers numbers, JsonStrings strings)
    : out_(out), numbers_(numbers), strings_(strings), buf_(new char[kSize]) {}

TextSink::~TextSink() {
    flush();
}

void TextSink::flush() {
    out_.write(buf_.get(), static_cast<std::streamsize>(used_));
    used_ = 0;
}

/// Flushes, then buffers `s`, or hands it to the stream whole when it is larger than the buffer.
TextSink& TextSink::spill(std::string_view s) {
    flush();
    if (s.size() > kSize)
        out_.write(s.data(), static_cast<std::streamsize>(s.size()));
    else
        *this << s;
    return *this;
}

TextSink& TextSink::number(double v) {
    if (std::isnan(v))
        return *this << "null";
    if (std::isinf(v))
        return *this << (v > 0 ? "1e999" : "-1e999");
    room(kLongestNumber);
    char* const first = buf_.get() + used_;
    char* const last = buf_.get() + kSize;
    const std::to_chars_result r = numbers_ == Numbers::Plain
                                       ? std::to_chars(first, last, v, std::chars_format::fixed)
                                       : std::to_chars(first, last, v);
    used_ = r.ptr - buf_.get();
    return *this;
}

/// Copies runs of plain bytes whole, and only looks closer at quotes, backslashes, control
/// characters and (for JsonStrings::Utf8) bytes >= 0x80.
TextSink& TextSink::string(std::string_view s) {
    const bool checkUtf8 = strings_ == JsonStrings::Utf8;
    *this << '"';
    std::size_t plain = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\' && (c < 0x80 || !checkUtf8)) {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            if (const std::size_t n = utf8Length(s, i)) {
                i += n;
                continue;
            }
            *this << s.substr(plain, i - plain) << "\xef\xbf\xbd"; // U+FFFD REPLACEMENT CHARACTER
        } else {
            *this << s.substr(plain, i - plain);
            escape(c);
        }
        plain = ++i;
    }
    *this << s.substr(plain) << '"';
    return *this;
}

void TextSink::escape(unsigned char c) {
    static constexpr char kHex[] = "0123456789abcdef";
    if (const char letter = escapeLetter(c, strings_)) {
        const char text[] = {'\\', letter};
        *this << std::string_view(text, sizeof text);
    } else {
        const char text[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        *this << std::string_view(text, sizeof text);
    }
}

} // namespace loopscope::detail
