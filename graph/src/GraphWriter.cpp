// Graph -> JSON text in two steps: the graph becomes a small tree of JSON nodes (members in
// the order the docs list them), then the tree is laid out: a node goes on one line when it
// fits, else its arrays are broken one item per line.
#include "loopscope/graph/GraphWriter.hpp"

#include "loopscope/graph/GraphLoader.hpp"

#include <charconv>
#include <cstdio>
#include <utility>

namespace loopscope::graph {

namespace {

constexpr std::size_t kWidth = 100; ///< the column a one-line node must end before

/// A JSON value being written: a scalar already in its text form, an array or an object.
struct Node {
    enum class Type { Scalar, Array, Object };
    Type type = Type::Scalar;
    std::string text;                                  ///< Scalar
    std::vector<Node> items;                           ///< Array
    std::vector<std::pair<std::string, Node>> members; ///< Object, in writing order
};

std::string quote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char esc[8];
                std::snprintf(esc, sizeof esc, "\\u%04x", static_cast<unsigned char>(c));
                out += esc;
            } else {
                out += c; // UTF-8 passes through
            }
        }
    }
    return out + "\"";
}

Node scalar(std::string text) {
    Node n;
    n.text = std::move(text);
    return n;
}
Node string(std::string_view s) {
    return scalar(quote(s));
}
Node boolean(bool b) {
    return scalar(b ? "true" : "false");
}
/// The shortest text that reads back as the same double ("2", "0.5", "1e-07").
Node number(double x) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, x);
    return scalar(std::string(buf, r.ptr));
}
Node array() {
    Node n;
    n.type = Node::Type::Array;
    return n;
}
Node object() {
    Node n;
    n.type = Node::Type::Object;
    return n;
}
void add(Node& obj, std::string key, Node value) {
    obj.members.emplace_back(std::move(key), std::move(value));
}

/// The node on one line.
std::string inlineText(const Node& n) {
    switch (n.type) {
    case Node::Type::Scalar:
        return n.text;
    case Node::Type::Array: {
        std::string out = "[";
        for (std::size_t i = 0; i < n.items.size(); ++i)
            out += (i ? ", " : "") + inlineText(n.items[i]);
        return out + "]";
    }
    case Node::Type::Object: {
        std::string out = "{";
        for (std::size_t i = 0; i < n.members.size(); ++i)
            out += (i ? ", " : "") + quote(n.members[i].first) + ": " +
                   inlineText(n.members[i].second);
        return out + "}";
    }
    }
    return {};
}

/// Appends `n`, which starts at `out`'s current column, to `out`: on one line when it fits,
/// else with each array's items on lines of their own at `indent` + 2.
void layout(const Node& n, std::size_t indent, std::string& out) {
    const std::size_t lineStart = out.rfind('\n') == std::string::npos ? 0 : out.rfind('\n') + 1;
    const std::string flat = inlineText(n);
    if (n.type == Node::Type::Scalar || out.size() - lineStart + flat.size() < kWidth ||
        (n.type == Node::Type::Array && n.items.empty())) {
        out += flat;
        return;
    }
    if (n.type == Node::Type::Array) {
        out += "[";
        for (std::size_t i = 0; i < n.items.size(); ++i) {
            out += "\n" + std::string(indent + 2, ' ');
            layout(n.items[i], indent + 2, out);
            if (i + 1 < n.items.size())
                out += ",";
        }
        out += "\n" + std::string(indent, ' ') + "]";
        return;
    }
    out += "{";
    for (std::size_t i = 0; i < n.members.size(); ++i) {
        out += (i ? ", " : "") + quote(n.members[i].first) + ": ";
        layout(n.members[i].second, indent, out);
    }
    out += "}";
}

Node durationNode(const Duration& d) {
    switch (d.kind) {
    case Duration::Kind::Fixed:
        return number(d.a);
    case Duration::Kind::Uniform: {
        Node range = array();
        range.items = {number(d.a), number(d.b)};
        Node n = object();
        add(n, "uniform", std::move(range));
        return n;
    }
    case Duration::Kind::Exponential: {
        Node n = object();
        add(n, "exponential", number(d.a));
        return n;
    }
    }
    return number(d.a);
}

class Writer {
  public:
    explicit Writer(const Graph& g) : g_(g) {}

    std::string text() const {
        // The top level is always broken: one member per line, resources and tasks one per
        // line (or broken further when long).
        std::vector<std::pair<std::string, Node>> members;
        members.emplace_back("format", string("loopscope-graph"));
        members.emplace_back("version", number(kGraphVersion));
        if (!g_.description.empty())
            members.emplace_back("description", string(g_.description));
        if (!g_.expect.empty())
            members.emplace_back("expect", string(g_.expect));
        if (g_.seed != 0)
            members.emplace_back("seed", scalar(std::to_string(g_.seed)));
        if (g_.returnExceptions)
            members.emplace_back("return_exceptions", boolean(true));
        if (!g_.resources.empty()) {
            Node list = array();
            for (const ResourceSpec& r : g_.resources)
                list.items.push_back(resource(r));
            members.emplace_back("resources", std::move(list));
        }
        Node tasks = array();
        for (const TaskSpec& t : g_.tasks)
            tasks.items.push_back(task(t));
        members.emplace_back("tasks", std::move(tasks));

        std::string out = "{";
        for (std::size_t i = 0; i < members.size(); ++i) {
            out += "\n  " + quote(members[i].first) + ": ";
            const Node& value = members[i].second;
            if (value.type == Node::Type::Array && !value.items.empty()) {
                out += "[";
                for (std::size_t j = 0; j < value.items.size(); ++j) {
                    out += "\n    ";
                    layout(value.items[j], 4, out);
                    if (j + 1 < value.items.size())
                        out += ",";
                }
                out += "\n  ]";
            } else {
                layout(value, 2, out);
            }
            if (i + 1 < members.size())
                out += ",";
        }
        return out + "\n}\n";
    }

  private:
    std::string resourceName(int i) const {
        return i >= 0 && std::size_t(i) < g_.resources.size() ? g_.resources[std::size_t(i)].name
                                                              : std::string();
    }
    std::string taskName(int i) const {
        return i >= 0 && std::size_t(i) < g_.tasks.size() ? g_.tasks[std::size_t(i)].name
                                                          : std::string();
    }

    Node resource(const ResourceSpec& r) const {
        Node n = object();
        add(n, "name", string(r.name));
        add(n, "type", string(nameOf(r.kind)));
        if (isSemaphore(r.kind) && r.value != 1)
            add(n, "value", number(r.value));
        else if (r.kind == ResourceKind::Queue && r.value != 0)
            add(n, "maxsize", number(r.value));
        else if (r.kind == ResourceKind::Condition && r.lock >= 0)
            add(n, "lock", string(resourceName(r.lock)));
        return n;
    }

    Node task(const TaskSpec& t) const {
        Node n = object();
        add(n, "name", string(t.name));
        if (!t.createdByStep && t.start != 0)
            add(n, "start", number(t.start));
        add(n, "steps", steps(t.steps));
        return n;
    }

    Node steps(const std::vector<Step>& list) const {
        Node n = array();
        for (const Step& s : list)
            n.items.push_back(step(s));
        return n;
    }

    Node taskList(const std::vector<int>& tasks) const {
        Node n = array();
        for (int t : tasks)
            n.items.push_back(string(taskName(t)));
        return n;
    }

    Node firstTask(const Step& s) const {
        return string(taskName(s.tasks.empty() ? -1 : s.tasks[0]));
    }

    Node timeoutNode(const Step& s) const {
        return s.timeout ? durationNode(*s.timeout) : scalar("null");
    }

    Node step(const Step& s) const {
        Node n = object();
        const std::string key(stepKey(s.kind));
        switch (s.kind) {
        case StepKind::Print:
            add(n, key, string(s.text));
            break;
        case StepKind::Sleep:
        case StepKind::Block:
            add(n, key, durationNode(s.duration));
            break;
        case StepKind::IO:
            add(n, key, durationNode(s.duration));
            if (!s.text.empty())
                add(n, "label", string(s.text));
            break;
        case StepKind::Hold:
            add(n, key, string(resourceName(s.resource)));
            add(n, "steps", steps(s.steps));
            break;
        case StepKind::Put:
            add(n, key, string(resourceName(s.resource)));
            if (s.hasItem)
                add(n, "item", string(s.text));
            break;
        case StepKind::WaitEvent:
        case StepKind::Set:
        case StepKind::Clear:
        case StepKind::Get:
        case StepKind::TaskDone:
        case StepKind::Join:
            add(n, key, string(resourceName(s.resource)));
            break;
        case StepKind::Create:
        case StepKind::Await:
        case StepKind::Shield:
        case StepKind::Cancel:
            add(n, key, firstTask(s));
            break;
        case StepKind::Gather:
            add(n, key, taskList(s.tasks));
            if (s.returnExceptions)
                add(n, "return_exceptions", boolean(true));
            break;
        case StepKind::Wait:
            add(n, key, taskList(s.tasks));
            if (s.mode != WaitMode::AllCompleted)
                add(n, "return_when", string(nameOf(s.mode)));
            if (s.timeout)
                add(n, "timeout", timeoutNode(s));
            break;
        case StepKind::AsCompleted:
            add(n, key, taskList(s.tasks));
            if (s.timeout)
                add(n, "timeout", timeoutNode(s));
            break;
        case StepKind::WaitFor:
            add(n, key, s.tasks.empty() ? steps(s.steps) : firstTask(s));
            add(n, "timeout", timeoutNode(s));
            break;
        case StepKind::Raise:
            add(n, key, string(s.type));
            if (!s.text.empty())
                add(n, "message", string(s.text));
            break;
        case StepKind::Repeat:
            add(n, key, number(s.count));
            add(n, "steps", steps(s.steps));
            break;
        case StepKind::Try:
            add(n, key, steps(s.steps));
            add(n, "except", string(s.type));
            if (!s.handler.empty())
                add(n, "handler", steps(s.handler));
            break;
        }
        return n;
    }

    const Graph& g_;
};

bool sameDuration(const Duration& a, const Duration& b) {
    return a.kind == b.kind && a.a == b.a && (a.kind != Duration::Kind::Uniform || a.b == b.b);
}

bool sameSteps(const std::vector<Step>& a, const std::vector<Step>& b);

bool sameStep(const Step& a, const Step& b) {
    return a.kind == b.kind && a.text == b.text && a.hasItem == b.hasItem && a.type == b.type &&
           sameDuration(a.duration, b.duration) && a.timeout.has_value() == b.timeout.has_value() &&
           (!a.timeout || sameDuration(*a.timeout, *b.timeout)) && a.resource == b.resource &&
           a.tasks == b.tasks && sameSteps(a.steps, b.steps) && sameSteps(a.handler, b.handler) &&
           a.mode == b.mode && a.returnExceptions == b.returnExceptions && a.count == b.count;
}

bool sameSteps(const std::vector<Step>& a, const std::vector<Step>& b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!sameStep(a[i], b[i]))
            return false;
    return true;
}

} // namespace

std::string graphJson(const Graph& graph) {
    return Writer(graph).text();
}

bool sameGraph(const Graph& a, const Graph& b) {
    if (a.description != b.description || a.expect != b.expect || a.seed != b.seed ||
        a.returnExceptions != b.returnExceptions || a.resources.size() != b.resources.size() ||
        a.tasks.size() != b.tasks.size())
        return false;
    for (std::size_t i = 0; i < a.resources.size(); ++i) {
        const ResourceSpec& x = a.resources[i];
        const ResourceSpec& y = b.resources[i];
        if (x.name != y.name || x.kind != y.kind || x.value != y.value || x.lock != y.lock)
            return false;
    }
    for (std::size_t i = 0; i < a.tasks.size(); ++i) {
        const TaskSpec& x = a.tasks[i];
        const TaskSpec& y = b.tasks[i];
        if (x.name != y.name || x.createdByStep != y.createdByStep ||
            (!x.createdByStep && x.start != y.start) || !sameSteps(x.steps, y.steps))
            return false;
    }
    return true;
}

} // namespace loopscope::graph
