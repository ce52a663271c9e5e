// Reads and writes NAME.interventions.json: the JSON tree first (syntax errors with their
// place), then each member checked; the list is handed out only when the whole file is right.
#include "loopscope/graph/InterventionsFile.hpp"

#include "loopscope/graph/JsonValue.hpp"

#include "AtomicSave.hpp"
#include "TextSink.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace loopscope::graph {

namespace {

constexpr std::string_view kFormat = "loopscope-interventions";

/// A semantic error: where in the text, where in the document, and what.
struct FileError {
    TextPos at;
    std::string where;
    std::string message;
};

[[noreturn]] void fail(const JsonValue& v, std::string where, std::string message) {
    throw FileError{v.at, std::move(where), std::move(message)};
}

/// `v`, which must be of `type` ("expected a string, got a number" otherwise).
const JsonValue& expect(const JsonValue& v, JsonValue::Type type, const char* what,
                        const std::string& where) {
    if (v.type != type)
        fail(v, where, std::string("expected ") + what + ", got " + v.typeName());
    return v;
}

/// Refuses members other than `allowed`: a misspelt "ocurrence" must not be ignored.
void checkMembers(const JsonValue& obj, const std::string& where,
                  std::initializer_list<std::string_view> allowed) {
    for (const auto& [key, value] : obj.members)
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
            fail(value, where.empty() ? key : where + "." + key,
                 "unknown member \"" + key + "\"");
}

const JsonValue& required(const JsonValue& obj, const std::string& where, const char* key) {
    if (const JsonValue* v = obj.find(key))
        return *v;
    fail(obj, where, std::string("missing member \"") + key + "\"");
}

Intervention intervention(const JsonValue& v, const std::string& where) {
    expect(v, JsonValue::Type::Object, "an object", where);
    checkMembers(v, where, {"cancel", "at", "occurrence", "message"});
    Intervention in;
    const JsonValue& task = expect(required(v, where, "cancel"), JsonValue::Type::String,
                                   "a task name", where + ".cancel");
    if (task.string.empty())
        fail(task, where + ".cancel", "the task name is empty");
    in.task = task.string;
    const JsonValue& at = expect(required(v, where, "at"), JsonValue::Type::Number,
                                 "a time in seconds", where + ".at");
    if (!(at.number >= 0) || !std::isfinite(at.number))
        fail(at, where + ".at", "expected a time >= 0 seconds");
    in.time = at.number;
    if (const JsonValue* n = v.find("occurrence")) {
        expect(*n, JsonValue::Type::Number, "an integer", where + ".occurrence");
        if (n->number < 0 || n->number != std::floor(n->number) || n->number > 1e9)
            fail(*n, where + ".occurrence", "expected an integer >= 0 (0: the first task of "
                                            "that name)");
        in.occurrence = static_cast<std::size_t>(n->number);
    }
    if (const JsonValue* m = v.find("message"))
        in.message = expect(*m, JsonValue::Type::String, "a string", where + ".message").string;
    return in;
}

std::vector<Intervention> load(const JsonValue& root) {
    expect(root, JsonValue::Type::Object, "an object (an interventions file)", "");
    checkMembers(root, "", {"format", "version", "interventions"});
    const JsonValue& format =
        expect(required(root, "", "format"), JsonValue::Type::String, "a string", "format");
    if (format.string != kFormat)
        fail(format, "format", "expected \"" + std::string(kFormat) + "\", got \"" +
                                   format.string + "\"");
    const JsonValue& version =
        expect(required(root, "", "version"), JsonValue::Type::Number, "a number", "version");
    if (version.number != kInterventionsVersion) {
        std::ostringstream what;
        what << "unsupported version " << version.number << " (this loopscope reads version "
             << kInterventionsVersion << ")";
        fail(version, "version", what.str());
    }
    const JsonValue& list = expect(required(root, "", "interventions"), JsonValue::Type::Array,
                                   "an array", "interventions");
    std::vector<Intervention> out;
    for (std::size_t i = 0; i < list.items.size(); ++i)
        out.push_back(intervention(list.items[i], "interventions[" + std::to_string(i) + "]"));
    return out;
}

std::string place(const std::string& path, TextPos at) {
    return path + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": ";
}

} // namespace

std::string interventionsPathFor(std::string_view scenarioPath) {
    std::string base(scenarioPath);
    for (std::string_view suffix : {std::string_view(".lsgraph.json"), std::string_view(".py")})
        if (base.size() > suffix.size() && base.ends_with(suffix)) {
            base.resize(base.size() - suffix.size());
            break;
        }
    return base + std::string(kInterventionsSuffix);
}

std::optional<std::vector<Intervention>> parseInterventions(std::string_view text,
                                                            const std::string& path,
                                                            std::string* error) {
    try {
        return load(parseJson(text));
    } catch (const JsonSyntaxError& e) {
        if (error)
            *error = place(path, e.at()) + e.what();
    } catch (const FileError& e) {
        if (error)
            *error = place(path, e.at) + (e.where.empty() ? "" : e.where + ": ") + e.message;
    }
    return std::nullopt;
}

std::optional<std::vector<Intervention>> loadInterventions(const std::string& path,
                                                           std::string* error) {
    std::string text;
    if (!readJsonFile(path, text, error))
        return std::nullopt;
    return parseInterventions(text, path, error);
}

void writeInterventions(const std::vector<Intervention>& list, std::ostream& out) {
    using detail::TextSink;
    TextSink w(out, detail::Numbers::Shortest, detail::JsonStrings::Bytes);
    w << "{\"format\": ";
    w.string(kFormat);
    w << ", \"version\": ";
    w.integer(kInterventionsVersion);
    w << ", \"interventions\": [";
    for (std::size_t i = 0; i < list.size(); ++i) {
        const Intervention& in = list[i];
        w << (i ? ",\n  " : "\n  ") << "{\"cancel\": ";
        w.string(in.task);
        w << ", \"occurrence\": ";
        w.integer(in.occurrence);
        w << ", \"at\": ";
        w.number(in.time);
        if (in.message) {
            w << ", \"message\": ";
            w.string(*in.message);
        }
        w << '}';
    }
    w << (list.empty() ? "]}\n" : "\n]}\n");
}

bool saveInterventions(const std::string& path, const std::vector<Intervention>& list,
                       std::string* error) {
    return detail::saveAtomically(
        path, [&](std::ostream& out) { writeInterventions(list, out); }, error);
}

} // namespace loopscope::graph
