// A JSON document tree whose every value knows where it starts in the text (line and column),
// so that the graph loader can name the place of a semantic error, not only of a syntax error.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace loopscope::graph {

/// Where a value starts: 1-based line and column (columns count bytes).
struct TextPos {
    int line = 1;
    int column = 1;
};

/// A syntax error: where and what.
class JsonSyntaxError : public std::runtime_error {
  public:
    JsonSyntaxError(TextPos at, const std::string& message)
        : std::runtime_error(message), at_(at) {}
    TextPos at() const noexcept { return at_; }

  private:
    TextPos at_;
};

class JsonValue {
  public:
    enum class Type { Null, Bool, Number, String, Array, Object };
    using Member = std::pair<std::string, JsonValue>;

    Type type = Type::Null;
    TextPos at;
    bool boolean = false;
    double number = 0;
    std::string string;
    std::vector<JsonValue> items; ///< Array elements
    std::vector<Member> members;  ///< Object members in file order (no duplicate keys)

    bool isNumber() const noexcept { return type == Type::Number; }
    bool isString() const noexcept { return type == Type::String; }
    bool isArray() const noexcept { return type == Type::Array; }
    bool isObject() const noexcept { return type == Type::Object; }
    /// The member named `key` of an object, or null.
    const JsonValue* find(std::string_view key) const;
    /// "a number", "a string", ... for messages.
    const char* typeName() const noexcept;
};

/// Parses strict JSON (RFC 8259: no comments, no trailing commas, one value); throws
/// JsonSyntaxError. Duplicate object keys are errors too: the second would silently win.
JsonValue parseJson(std::string_view text);

/// The whole file at `path` in `text`; false, with *error "cannot open 'PATH': why", when
/// it cannot be read.
bool readJsonFile(const std::string& path, std::string& text, std::string* error);

} // namespace loopscope::graph
