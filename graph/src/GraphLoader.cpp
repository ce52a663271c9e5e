// Reads a graph file into a Graph: the JSON tree first (syntax errors), then every member
// checked against format v1 (docs/graph-format.md). The Graph is built aside and handed out
// only when the whole file is right.
#include "loopscope/graph/GraphLoader.hpp"

#include <cctype>
#include <cmath>
#include <map>
#include <sstream>

namespace loopscope::graph {

namespace {

/// An "expect" value: ok, deadlock, horizon, or exception:Type (a bare class name, as the
/// run's status names it: never a dotted one).
bool isExpectedEnd(const std::string& s) {
    if (s == "ok" || s == "deadlock" || s == "horizon")
        return true;
    constexpr std::string_view prefix = "exception:";
    if (s.size() <= prefix.size() || s.compare(0, prefix.size(), prefix) != 0)
        return false;
    const std::string type = s.substr(prefix.size());
    auto head = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
    if (!head(type.front()))
        return false;
    for (char c : type)
        if (!head(c) && !std::isdigit(static_cast<unsigned char>(c)))
            return false;
    return true;
}

/// A semantic error: where in the text, where in the document, and what.
struct LoadError {
    TextPos at;
    std::string where;
    std::string message;
};

std::string quoted(const std::string& s) {
    return "\"" + s + "\"";
}

const std::map<std::string, ResourceKind>& resourceTypes() {
    static const std::map<std::string, ResourceKind> types{
        {"Lock", ResourceKind::Lock},
        {"Semaphore", ResourceKind::Semaphore},
        {"BoundedSemaphore", ResourceKind::BoundedSemaphore},
        {"Event", ResourceKind::Event},
        {"Condition", ResourceKind::Condition},
        {"Queue", ResourceKind::Queue},
    };
    return types;
}

/// Each step kind's key and the other members it accepts.
struct StepSyntax {
    const char* key;
    StepKind kind;
    std::vector<const char*> options;
};

const std::vector<StepSyntax>& stepSyntax() {
    static const std::vector<StepSyntax> syntax{
        {"print", StepKind::Print, {}},
        {"sleep", StepKind::Sleep, {}},
        {"io", StepKind::IO, {"label"}},
        {"block", StepKind::Block, {}},
        {"hold", StepKind::Hold, {"steps"}},
        {"wait_event", StepKind::WaitEvent, {}},
        {"set", StepKind::Set, {}},
        {"clear", StepKind::Clear, {}},
        {"put", StepKind::Put, {"item"}},
        {"get", StepKind::Get, {}},
        {"task_done", StepKind::TaskDone, {}},
        {"join", StepKind::Join, {}},
        {"create", StepKind::Create, {}},
        {"await", StepKind::Await, {}},
        {"gather", StepKind::Gather, {"return_exceptions"}},
        {"wait", StepKind::Wait, {"return_when", "timeout"}},
        {"as_completed", StepKind::AsCompleted, {"timeout"}},
        {"wait_for", StepKind::WaitFor, {"timeout"}},
        {"shield", StepKind::Shield, {}},
        {"cancel", StepKind::Cancel, {}},
        {"raise", StepKind::Raise, {"message"}},
        {"repeat", StepKind::Repeat, {"steps"}},
        {"try", StepKind::Try, {"except", "handler"}},
    };
    return syntax;
}

class Loader {
  public:
    explicit Loader(std::string path) { g_.path = std::move(path); }

    Graph load(const JsonValue& root) {
        if (!root.isObject())
            fail(root, "", "a graph file holds a JSON object, got " + std::string(root.typeName()));
        onlyMembers(root, "",
                    {"format", "version", "description", "expect", "seed", "return_exceptions",
                     "resources", "tasks"});
        header(root);
        if (const JsonValue* r = root.find("resources"))
            resources(*r);
        const JsonValue* t = root.find("tasks");
        if (!t)
            fail(root, "", "missing member \"tasks\"");
        tasks(*t);
        return std::move(g_);
    }

  private:
    [[noreturn]] void fail(const JsonValue& v, const std::string& where, std::string message) {
        throw LoadError{v.at, where, std::move(message)};
    }

    static std::string member(const std::string& where, const std::string& key) {
        return where.empty() ? key : where + "." + key;
    }
    static std::string index(const std::string& where, std::size_t i) {
        return where + "[" + std::to_string(i) + "]";
    }

    void onlyMembers(const JsonValue& obj, const std::string& where,
                     std::vector<const char*> allowed) {
        for (const auto& [key, value] : obj.members) {
            bool ok = false;
            for (const char* a : allowed)
                ok = ok || key == a;
            if (!ok)
                fail(value, member(where, key), "unknown member " + quoted(key));
        }
    }

    const JsonValue& require(const JsonValue& obj, const std::string& where, const char* key) {
        const JsonValue* v = obj.find(key);
        if (!v)
            fail(obj, where, std::string("missing member \"") + key + "\"");
        return *v;
    }

    std::string string(const JsonValue& v, const std::string& where) {
        if (!v.isString())
            fail(v, where, std::string("expected a string, got ") + v.typeName());
        return v.string;
    }

    /// An integer in [lo, hi].
    double integer(const JsonValue& v, const std::string& where, double lo, double hi) {
        if (!v.isNumber() || v.number != std::floor(v.number))
            fail(v, where,
                 std::string("expected an integer, got ") +
                     (v.isNumber() ? "a fraction" : v.typeName()));
        if (v.number < lo || v.number > hi) {
            std::ostringstream s;
            s << "expected an integer from " << lo << " to " << hi << ", got " << v.number;
            fail(v, where, s.str());
        }
        return v.number;
    }

    bool boolean(const JsonValue& v, const std::string& where) {
        if (v.type != JsonValue::Type::Bool)
            fail(v, where, std::string("expected true or false, got ") + v.typeName());
        return v.boolean;
    }

    void header(const JsonValue& root) {
        const JsonValue& format = require(root, "", "format");
        if (string(format, "format") != "loopscope-graph")
            fail(format, "format", "expected \"loopscope-graph\", got " + quoted(format.string));
        const JsonValue& version = require(root, "", "version");
        if (integer(version, "version", 1, 1e9) != kGraphVersion)
            fail(version, "version",
                 "unsupported version " + std::to_string(int(version.number)) +
                     " (this loopscope reads version " + std::to_string(kGraphVersion) + ")");
        if (const JsonValue* d = root.find("description"))
            g_.description = string(*d, "description");
        if (const JsonValue* e = root.find("expect")) {
            g_.expect = string(*e, "expect");
            if (!isExpectedEnd(g_.expect))
                fail(*e, "expect",
                     "expected ok, deadlock, horizon or exception:Type, got " + quoted(g_.expect));
        }
        if (const JsonValue* s = root.find("seed"))
            g_.seed = static_cast<std::uint64_t>(integer(*s, "seed", 0, 9007199254740992.0));
        if (const JsonValue* r = root.find("return_exceptions"))
            g_.returnExceptions = boolean(*r, "return_exceptions");
    }

    void resources(const JsonValue& list) {
        if (!list.isArray())
            fail(list, "resources", std::string("expected an array, got ") + list.typeName());
        for (std::size_t i = 0; i < list.items.size(); ++i)
            resource(list.items[i], index("resources", i));
    }

    void resource(const JsonValue& v, const std::string& where) {
        if (!v.isObject())
            fail(v, where, std::string("expected a resource object, got ") + v.typeName());
        ResourceSpec r;
        r.name = name(require(v, where, "name"), member(where, "name"));
        if (resourceIndex_.count(r.name))
            fail(*v.find("name"), member(where, "name"),
                 "a second resource named " + quoted(r.name));
        const JsonValue& type = require(v, where, "type");
        auto it = resourceTypes().find(string(type, member(where, "type")));
        if (it == resourceTypes().end())
            fail(type, member(where, "type"),
                 "unknown resource type " + quoted(type.string) +
                     " (Lock, Semaphore, BoundedSemaphore, Event, Condition, Queue)");
        r.kind = it->second;
        if (isSemaphore(r.kind)) {
            onlyMembers(v, where, {"name", "type", "value"});
            if (const JsonValue* n = v.find("value"))
                r.value = int(integer(*n, member(where, "value"), 0, 1e6));
        } else if (r.kind == ResourceKind::Queue) {
            onlyMembers(v, where, {"name", "type", "maxsize"});
            r.value = 0;
            if (const JsonValue* n = v.find("maxsize"))
                r.value = int(integer(*n, member(where, "maxsize"), 0, 1e6));
        } else if (r.kind == ResourceKind::Condition) {
            onlyMembers(v, where, {"name", "type", "lock"});
            if (const JsonValue* l = v.find("lock"))
                r.lock = resourceRef(*l, member(where, "lock"), "a Lock", {ResourceKind::Lock});
        } else {
            onlyMembers(v, where, {"name", "type"});
        }
        resourceIndex_[r.name] = int(g_.resources.size());
        g_.resources.push_back(std::move(r));
    }

    std::string name(const JsonValue& v, const std::string& where) {
        std::string n = string(v, where);
        if (n.empty())
            fail(v, where, "a name cannot be empty");
        return n;
    }

    int resourceRef(const JsonValue& v, const std::string& where, const char* what,
                    std::vector<ResourceKind> kinds) {
        const std::string n = string(v, where);
        auto it = resourceIndex_.find(n);
        if (it == resourceIndex_.end())
            fail(v, where, "no resource named " + quoted(n));
        const ResourceKind k = g_.resources[it->second].kind;
        bool ok = false;
        for (ResourceKind a : kinds)
            ok = ok || a == k;
        if (!ok)
            fail(v, where, quoted(n) + " is a " + std::string(nameOf(k)) + ", not " + what);
        return it->second;
    }

    void tasks(const JsonValue& list) {
        if (!list.isArray())
            fail(list, "tasks", std::string("expected an array, got ") + list.typeName());
        // Names first, so that steps may refer to tasks defined further down.
        for (std::size_t i = 0; i < list.items.size(); ++i) {
            const JsonValue& v = list.items[i];
            const std::string where = index("tasks", i);
            if (!v.isObject())
                fail(v, where, std::string("expected a task object, got ") + v.typeName());
            onlyMembers(v, where, {"name", "start", "steps"});
            TaskSpec t;
            t.name = name(require(v, where, "name"), member(where, "name"));
            if (taskIndex_.count(t.name))
                fail(*v.find("name"), member(where, "name"),
                     "a second task named " + quoted(t.name));
            if (t.name == "main")
                fail(*v.find("name"), member(where, "name"), "\"main\" is the runner's own task");
            if (const JsonValue* s = v.find("start")) {
                if (!s->isNumber() || s->number < 0)
                    fail(*s, member(where, "start"), "expected a time in seconds, 0 or more");
                t.start = s->number;
            }
            taskIndex_[t.name] = int(g_.tasks.size());
            g_.tasks.push_back(std::move(t));
        }
        if (g_.tasks.empty())
            fail(list, "tasks", "a graph needs at least one task");
        for (std::size_t i = 0; i < list.items.size(); ++i) {
            current_ = int(i);
            const std::string where = index("tasks", i);
            g_.tasks[i].steps =
                steps(require(list.items[i], where, "steps"), member(where, "steps"));
        }
        for (std::size_t i = 0; i < list.items.size(); ++i)
            if (g_.tasks[i].createdByStep && list.items[i].find("start"))
                fail(*list.items[i].find("start"), member(index("tasks", i), "start"),
                     "task " + quoted(g_.tasks[i].name) +
                         " is created by a \"create\" step, so main does not start it");
    }

    std::vector<Step> steps(const JsonValue& list, const std::string& where) {
        if (!list.isArray())
            fail(list, where, std::string("expected an array of steps, got ") + list.typeName());
        std::vector<Step> out;
        for (std::size_t i = 0; i < list.items.size(); ++i)
            out.push_back(step(list.items[i], index(where, i)));
        return out;
    }

    const StepSyntax& syntaxOf(const JsonValue& v, const std::string& where) {
        const StepSyntax* found = nullptr;
        for (const auto& [key, value] : v.members)
            for (const StepSyntax& s : stepSyntax())
                if (key == s.key) {
                    if (found)
                        fail(v, where,
                             "one step per object (" + quoted(found->key) + " and " + quoted(key) +
                                 ")");
                    found = &s;
                }
        if (!found) {
            if (v.members.empty())
                fail(v, where, "empty step");
            fail(v, where, "unknown step " + quoted(v.members.front().first));
        }
        return *found;
    }

    Step step(const JsonValue& v, const std::string& where) {
        if (!v.isObject())
            fail(v, where, std::string("expected a step object, got ") + v.typeName());
        const StepSyntax& syntax = syntaxOf(v, where);
        std::vector<const char*> allowed = syntax.options;
        allowed.push_back(syntax.key);
        onlyMembers(v, where, allowed);
        Step s;
        s.kind = syntax.kind;
        s.at = v.at;
        const JsonValue& arg = *v.find(syntax.key);
        const std::string argWhere = member(where, syntax.key);
        switch (s.kind) {
        case StepKind::Print:
            s.text = string(arg, argWhere);
            break;
        case StepKind::Sleep:
        case StepKind::Block:
            s.duration = duration(arg, argWhere);
            break;
        case StepKind::IO:
            s.duration = duration(arg, argWhere);
            if (const JsonValue* l = v.find("label"))
                s.text = string(*l, member(where, "label"));
            break;
        case StepKind::Hold:
            s.resource = resourceRef(arg, argWhere, "a Lock, Semaphore or Condition",
                                     {ResourceKind::Lock, ResourceKind::Semaphore,
                                      ResourceKind::BoundedSemaphore, ResourceKind::Condition});
            s.steps = steps(require(v, where, "steps"), member(where, "steps"));
            break;
        case StepKind::WaitEvent:
        case StepKind::Set:
        case StepKind::Clear:
            s.resource = resourceRef(arg, argWhere, "an Event", {ResourceKind::Event});
            break;
        case StepKind::Put:
            if (const JsonValue* item = v.find("item")) {
                s.text = string(*item, member(where, "item"));
                s.hasItem = true;
            }
            [[fallthrough]];
        case StepKind::Get:
        case StepKind::TaskDone:
        case StepKind::Join:
            s.resource = resourceRef(arg, argWhere, "a Queue", {ResourceKind::Queue});
            break;
        case StepKind::Create: {
            const int t = taskRef(arg, argWhere, false);
            if (t == current_)
                fail(arg, argWhere, "task " + quoted(g_.tasks[t].name) + " creates itself");
            if (g_.tasks[t].createdByStep)
                fail(arg, argWhere,
                     "task " + quoted(g_.tasks[t].name) + " is already created by another step");
            g_.tasks[t].createdByStep = true;
            s.tasks.push_back(t);
            break;
        }
        case StepKind::Await:
        case StepKind::Shield:
            s.tasks.push_back(taskRef(arg, argWhere, true));
            break;
        case StepKind::Cancel:
            s.tasks.push_back(taskRef(arg, argWhere, false));
            break;
        case StepKind::Gather:
            s.tasks = taskList(arg, argWhere);
            if (const JsonValue* r = v.find("return_exceptions"))
                s.returnExceptions = boolean(*r, member(where, "return_exceptions"));
            break;
        case StepKind::Wait:
            s.tasks = taskList(arg, argWhere);
            if (const JsonValue* m = v.find("return_when"))
                s.mode = waitMode(*m, member(where, "return_when"));
            s.timeout = timeout(v, where);
            break;
        case StepKind::AsCompleted:
            s.tasks = taskList(arg, argWhere);
            s.timeout = timeout(v, where);
            break;
        case StepKind::WaitFor:
            if (arg.isArray())
                s.steps = steps(arg, argWhere);
            else
                s.tasks.push_back(taskRef(arg, argWhere, true));
            if (!v.find("timeout"))
                fail(v, where, "missing member \"timeout\" (null for none)");
            s.timeout = timeout(v, where);
            break;
        case StepKind::Raise:
            s.type = string(arg, argWhere);
            if (!isIdentifier(s.type))
                fail(arg, argWhere, quoted(s.type) + " is not an exception class name");
            if (const JsonValue* m = v.find("message"))
                s.text = string(*m, member(where, "message"));
            break;
        case StepKind::Try: {
            s.steps = steps(arg, argWhere);
            const JsonValue& type = require(v, where, "except");
            s.type = string(type, member(where, "except"));
            if (!isIdentifier(s.type))
                fail(type, member(where, "except"),
                     quoted(s.type) + " is not an exception class name");
            if (const JsonValue* h = v.find("handler"))
                s.handler = steps(*h, member(where, "handler"));
            break;
        }
        case StepKind::Repeat:
            s.count = int(integer(arg, argWhere, 0, 1e6));
            s.steps = steps(require(v, where, "steps"), member(where, "steps"));
            break;
        }
        return s;
    }

    static bool isIdentifier(const std::string& s) {
        if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])))
            return false;
        for (char c : s)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
                return false;
        return true;
    }

    /// A task name; `awaiting` refuses the current task itself.
    int taskRef(const JsonValue& v, const std::string& where, bool awaiting) {
        const std::string n = string(v, where);
        auto it = taskIndex_.find(n);
        if (it == taskIndex_.end())
            fail(v, where, "no task named " + quoted(n));
        if (awaiting && it->second == current_)
            fail(v, where, "task " + quoted(n) + " awaits itself");
        return it->second;
    }

    std::vector<int> taskList(const JsonValue& v, const std::string& where) {
        if (!v.isArray())
            fail(v, where, std::string("expected an array of task names, got ") + v.typeName());
        if (v.items.empty())
            fail(v, where, "expected at least one task name");
        std::vector<int> out;
        for (std::size_t i = 0; i < v.items.size(); ++i)
            out.push_back(taskRef(v.items[i], index(where, i), true));
        return out;
    }

    WaitMode waitMode(const JsonValue& v, const std::string& where) {
        const std::string m = string(v, where);
        if (m == "ALL_COMPLETED")
            return WaitMode::AllCompleted;
        if (m == "FIRST_COMPLETED")
            return WaitMode::FirstCompleted;
        if (m == "FIRST_EXCEPTION")
            return WaitMode::FirstException;
        fail(v, where,
             "unknown return_when " + quoted(m) +
                 " (ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION)");
    }

    std::optional<Duration> timeout(const JsonValue& step, const std::string& where) {
        const JsonValue* t = step.find("timeout");
        if (!t || t->type == JsonValue::Type::Null)
            return std::nullopt;
        return duration(*t, member(where, "timeout"));
    }

    Duration duration(const JsonValue& v, const std::string& where) {
        Duration d;
        if (v.isNumber()) {
            if (v.number < 0)
                fail(v, where, "negative duration " + number(v.number));
            d.a = v.number;
            return d;
        }
        if (!v.isObject() || v.members.size() != 1)
            fail(v, where,
                 "expected a duration: seconds, {\"uniform\": [LOW, HIGH]} or "
                 "{\"exponential\": MEAN}");
        const auto& [key, arg] = v.members.front();
        const std::string argWhere = member(where, key);
        if (key == "uniform") {
            if (!arg.isArray() || arg.items.size() != 2 || !arg.items[0].isNumber() ||
                !arg.items[1].isNumber())
                fail(arg, argWhere, "expected [LOW, HIGH] in seconds");
            d.kind = Duration::Kind::Uniform;
            d.a = arg.items[0].number;
            d.b = arg.items[1].number;
            if (d.a < 0)
                fail(arg.items[0], index(argWhere, 0), "negative duration " + number(d.a));
            if (d.b < d.a)
                fail(arg.items[1], index(argWhere, 1), "HIGH is below LOW");
        } else if (key == "exponential") {
            if (!arg.isNumber() || !(arg.number > 0))
                fail(arg, argWhere, "expected a mean above 0 seconds");
            d.kind = Duration::Kind::Exponential;
            d.a = arg.number;
        } else {
            fail(arg, argWhere, "unknown distribution " + quoted(key) + " (uniform, exponential)");
        }
        return d;
    }

    static std::string number(double x) {
        std::ostringstream s;
        s << x;
        return s.str();
    }

    Graph g_;
    std::map<std::string, int> resourceIndex_;
    std::map<std::string, int> taskIndex_;
    int current_ = -1; ///< the task whose steps are being read
};

std::string place(const std::string& path, TextPos at) {
    return path + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": ";
}

} // namespace

std::string_view stepKey(StepKind kind) {
    for (const StepSyntax& s : stepSyntax())
        if (s.kind == kind)
            return s.key;
    return {};
}

bool isGraphPath(std::string_view path) {
    return path.size() > kGraphSuffix.size() &&
           path.substr(path.size() - kGraphSuffix.size()) == kGraphSuffix;
}

std::optional<Graph> parseGraph(std::string_view text, const std::string& path,
                                std::string* error) {
    try {
        const JsonValue root = parseJson(text);
        return Loader(path).load(root);
    } catch (const JsonSyntaxError& e) {
        if (error)
            *error = place(path, e.at()) + e.what();
    } catch (const LoadError& e) {
        if (error)
            *error = place(path, e.at) + (e.where.empty() ? "" : e.where + ": ") + e.message;
    }
    return std::nullopt;
}

std::optional<Graph> loadGraph(const std::string& path, std::string* error) {
    std::string text;
    if (!readJsonFile(path, text, error))
        return std::nullopt;
    return parseGraph(text, path, error);
}

} // namespace loopscope::graph
