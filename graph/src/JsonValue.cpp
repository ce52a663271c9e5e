// A small strict recursive-descent JSON parser that keeps positions. Graph files are small
// (hand-written scenarios), so a document tree is the simplest thing that can report places.
#include "loopscope/graph/JsonValue.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>
#include <cmath>
#include <cstdlib>

namespace loopscope::graph {

const JsonValue* JsonValue::find(std::string_view key) const {
    for (const Member& m : members)
        if (m.first == key)
            return &m.second;
    return nullptr;
}

const char* JsonValue::typeName() const noexcept {
    switch (type) {
    case Type::Null:
        return "null";
    case Type::Bool:
        return "a boolean";
    case Type::Number:
        return "a number";
    case Type::String:
        return "a string";
    case Type::Array:
        return "an array";
    case Type::Object:
        return "an object";
    }
    return "?";
}

namespace {

constexpr int kMaxDepth = 128;

class Parser {
  public:
    explicit Parser(std::string_view text) : text_(text) {}

    JsonValue document() {
        JsonValue v = value(0);
        skipSpace();
        if (pos_ < text_.size())
            fail("unexpected text after the JSON value");
        return v;
    }

  private:
    [[noreturn]] void fail(const std::string& message) const {
        throw JsonSyntaxError(here(), message);
    }

    TextPos here() const { return TextPos{line_, int(pos_ - lineStart_) + 1}; }
    bool atEnd() const { return pos_ >= text_.size(); }

    void skipSpace() {
        while (!atEnd()) {
            const char c = text_[pos_];
            if (c == '\n') {
                ++line_;
                lineStart_ = ++pos_;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                ++pos_;
            } else {
                break;
            }
        }
    }

    void expect(char c, const char* what) {
        skipSpace();
        if (atEnd())
            fail(std::string("unexpected end of file, expected ") + what);
        if (text_[pos_] != c)
            fail(std::string("expected ") + what);
        ++pos_;
    }

    JsonValue value(int depth) {
        if (depth > kMaxDepth)
            fail("nested too deeply");
        skipSpace();
        if (atEnd())
            fail("unexpected end of file, expected a value");
        JsonValue v;
        v.at = here();
        const char c = text_[pos_];
        if (c == '{')
            object(v, depth);
        else if (c == '[')
            array(v, depth);
        else if (c == '"') {
            v.type = JsonValue::Type::String;
            v.string = string();
        } else if (c == '-' || (c >= '0' && c <= '9'))
            number(v);
        else if (literal("true"))
            v.type = JsonValue::Type::Bool, v.boolean = true;
        else if (literal("false"))
            v.type = JsonValue::Type::Bool;
        else if (literal("null"))
            v.type = JsonValue::Type::Null;
        else
            fail("expected a value");
        return v;
    }

    bool literal(std::string_view word) {
        if (text_.substr(pos_, word.size()) != word)
            return false;
        pos_ += word.size();
        return true;
    }

    void object(JsonValue& v, int depth) {
        v.type = JsonValue::Type::Object;
        ++pos_;
        skipSpace();
        if (!atEnd() && text_[pos_] == '}') {
            ++pos_;
            return;
        }
        for (;;) {
            skipSpace();
            if (atEnd() || text_[pos_] != '"')
                fail(atEnd() ? "unexpected end of file, expected a member name"
                             : "expected a member name in double quotes");
            const TextPos keyAt = here();
            std::string key = string();
            if (v.find(key))
                throw JsonSyntaxError(keyAt, "duplicate member \"" + key + "\"");
            expect(':', "':'");
            JsonValue member = value(depth + 1);
            v.members.emplace_back(std::move(key), std::move(member));
            skipSpace();
            if (!atEnd() && text_[pos_] == ',') {
                ++pos_;
                continue;
            }
            expect('}', "',' or '}'");
            return;
        }
    }

    void array(JsonValue& v, int depth) {
        v.type = JsonValue::Type::Array;
        ++pos_;
        skipSpace();
        if (!atEnd() && text_[pos_] == ']') {
            ++pos_;
            return;
        }
        for (;;) {
            v.items.push_back(value(depth + 1));
            skipSpace();
            if (!atEnd() && text_[pos_] == ',') {
                ++pos_;
                continue;
            }
            expect(']', "',' or ']'");
            return;
        }
    }

    void number(JsonValue& v) {
        const std::size_t start = pos_;
        if (text_[pos_] == '-')
            ++pos_;
        if (atEnd() || !isDigit(text_[pos_]))
            fail("invalid number");
        if (text_[pos_] == '0' && pos_ + 1 < text_.size() && isDigit(text_[pos_ + 1]))
            fail("invalid number: leading zero");
        digits();
        if (!atEnd() && text_[pos_] == '.') {
            ++pos_;
            if (atEnd() || !isDigit(text_[pos_]))
                fail("invalid number: digits expected after '.'");
            digits();
        }
        if (!atEnd() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
            ++pos_;
            if (!atEnd() && (text_[pos_] == '+' || text_[pos_] == '-'))
                ++pos_;
            if (atEnd() || !isDigit(text_[pos_]))
                fail("invalid number: digits expected in the exponent");
            digits();
        }
        const std::string token(text_.substr(start, pos_ - start));
        v.type = JsonValue::Type::Number;
        v.number = std::strtod(token.c_str(), nullptr); // correctly rounded, C locale digits
        if (!std::isfinite(v.number))
            fail("number out of range");
    }

    static bool isDigit(char c) { return c >= '0' && c <= '9'; }
    void digits() {
        while (!atEnd() && isDigit(text_[pos_]))
            ++pos_;
    }

    std::string string() {
        ++pos_; // the opening quote
        std::string out;
        for (;;) {
            if (atEnd())
                fail("unexpected end of file in a string");
            const char c = text_[pos_];
            if (c == '"') {
                ++pos_;
                return out;
            }
            if (static_cast<unsigned char>(c) < 0x20)
                fail("control character in a string (use an escape)");
            if (c != '\\') {
                out += c;
                ++pos_;
                continue;
            }
            ++pos_;
            if (atEnd())
                fail("unexpected end of file in a string");
            const char e = text_[pos_++];
            switch (e) {
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            case '/':
                out += '/';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u':
                appendUtf8(out, codePoint());
                break;
            default:
                --pos_;
                fail("invalid escape in a string");
            }
        }
    }

    unsigned hex4() {
        if (text_.size() - pos_ < 4)
            fail("invalid \\u escape");
        unsigned v = 0;
        const char* first = text_.data() + pos_;
        auto [end, ec] = std::from_chars(first, first + 4, v, 16);
        if (ec != std::errc() || end != first + 4)
            fail("invalid \\u escape");
        pos_ += 4;
        return v;
    }

    char32_t codePoint() {
        const unsigned hi = hex4();
        if (hi >= 0xDC00 && hi <= 0xDFFF)
            fail("unpaired surrogate in \\u escape");
        if (hi < 0xD800 || hi > 0xDBFF)
            return hi;
        if (text_.substr(pos_, 2) != "\\u")
            fail("unpaired surrogate in \\u escape");
        pos_ += 2;
        const unsigned lo = hex4();
        if (lo < 0xDC00 || lo > 0xDFFF)
            fail("unpaired surrogate in \\u escape");
        return 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
    }

    static void appendUtf8(std::string& out, char32_t cp) {
        if (cp < 0x80) {
            out += char(cp);
        } else if (cp < 0x800) {
            out += char(0xC0 | (cp >> 6));
            out += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += char(0xE0 | (cp >> 12));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        } else {
            out += char(0xF0 | (cp >> 18));
            out += char(0x80 | ((cp >> 12) & 0x3F));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        }
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t lineStart_ = 0;
    int line_ = 1;
};

} // namespace

JsonValue parseJson(std::string_view text) {
    return Parser(text).document();
}

bool readJsonFile(const std::string& path, std::string& text, std::string* error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (error)
            *error = "cannot open '" + path + "': " + std::strerror(errno);
        return false;
    }
    std::ostringstream all;
    all << in.rdbuf();
    text = all.str();
    return true;
}

} // namespace loopscope::graph
