// The generator of PythonGen.hpp. Each step becomes the line GraphRunner's interpreter stands
// for (docs/graph-format.md, "Steps"); the only code of our own in the script is what the
// graph format adds to asyncio: tasks looked up by name, random durations drawn as loopscope
// draws them, and the start times of main.
#include "loopscope/graph/PythonGen.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <deque>
#include <map>
#include <set>
#include <vector>

namespace loopscope::graph {

namespace {

using NameSet = std::set<std::string, std::less<>>;

// clang-format off
const NameSet& keywords() {
    static const NameSet names{
        "False", "None",   "True",    "and",      "as",       "assert", "async", "await",
        "break", "class",  "continue", "def",     "del",      "elif",   "else",  "except",
        "finally", "for",  "from",    "global",   "if",       "import", "in",    "is",
        "lambda", "nonlocal", "not",  "or",       "pass",     "raise",  "return", "try",
        "while", "with",   "yield"};
    return names;
}

/// Python's builtins: tasks and resources do not shadow them (a task called `print` becomes
/// `print_`); exception classes may, see Names::take.
const NameSet& builtinNames() {
    static const NameSet names{
        "ArithmeticError", "AssertionError", "AttributeError", "BaseException",
        "BaseExceptionGroup", "BlockingIOError", "BrokenPipeError", "BufferError",
        "BytesWarning", "ChildProcessError", "ConnectionAbortedError", "ConnectionError",
        "ConnectionRefusedError", "ConnectionResetError", "DeprecationWarning", "EOFError",
        "Ellipsis", "EncodingWarning", "EnvironmentError", "Exception", "ExceptionGroup",
        "FileExistsError", "FileNotFoundError", "FloatingPointError", "FutureWarning",
        "GeneratorExit", "IOError", "ImportError", "ImportWarning", "IndentationError",
        "IndexError", "InterruptedError", "IsADirectoryError", "KeyError", "KeyboardInterrupt",
        "LookupError", "MemoryError", "ModuleNotFoundError", "NameError", "NotADirectoryError",
        "NotImplemented", "NotImplementedError", "OSError", "OverflowError",
        "PendingDeprecationWarning", "PermissionError", "ProcessLookupError", "RecursionError",
        "ReferenceError", "ResourceWarning", "RuntimeError", "RuntimeWarning",
        "StopAsyncIteration", "StopIteration", "SyntaxError", "SyntaxWarning", "SystemError",
        "SystemExit", "TabError", "TimeoutError", "TypeError", "UnboundLocalError",
        "UnicodeDecodeError", "UnicodeEncodeError", "UnicodeError", "UnicodeTranslateError",
        "UnicodeWarning", "UserWarning", "ValueError", "Warning", "ZeroDivisionError", "abs",
        "aiter", "all", "anext", "any", "ascii", "bin", "bool", "breakpoint", "bytearray",
        "bytes", "callable", "chr", "classmethod", "compile", "complex", "copyright", "credits",
        "delattr", "dict", "dir", "divmod", "enumerate", "eval", "exec", "exit", "filter",
        "float", "format", "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex",
        "id", "input", "int", "isinstance", "issubclass", "iter", "len", "license", "list",
        "locals", "map", "max", "memoryview", "min", "next", "object", "oct", "open", "ord",
        "pow", "print", "property", "quit", "range", "repr", "reversed", "round", "set",
        "setattr", "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple", "type",
        "vars", "zip"};
    return names;
}

// clang-format on

/// What the script itself defines or uses, at module level or as locals of the task
/// functions (`_` is the variable of a repeat that does not use its round): no name taken
/// from the graph may be one of these.
const NameSet& scriptNames() {
    static const NameSet names{"_",           "asyncio",       "time",         "math",
                               "main",        "tasks",         "created_task", "sleep_until",
                               "GRAPH_FILE",  "MT19937_64",    "rng",          "uniform",
                               "exponential", "item",          "next_done",    "print",
                               "range",       "dict",          "str",          "type",
                               "Exception",   "BaseException", "RuntimeError", "ValueError",
                               "TypeError",   "KeyError",      "TimeoutError", "__name__"};
    return names;
}

/// The exception classes a "raise" step takes from Python itself (CancelledError is
/// asyncio's); any other name is a class the script defines.
bool isOwnException(std::string_view type) {
    static const NameSet names{"Exception", "RuntimeError", "ValueError",    "TypeError",
                               "KeyError",  "TimeoutError", "CancelledError"};
    return names.count(type) != 0;
}

/// The loop variable of a repeat inside `depth` others that have one: i, j, k, then i4, i5...
std::string loopVariable(int depth) {
    static const char* const first[] = {"i", "j", "k"};
    return depth < 3 ? first[depth] : "i" + std::to_string(depth + 1);
}

bool isLoopVariable(std::string_view s) {
    if (s == "j" || s == "k")
        return true;
    return !s.empty() && s[0] == 'i' &&
           s.find_first_not_of("0123456789", 1) == std::string_view::npos;
}

/// The next code point of UTF-8 `s` at `i` (advancing i); U+FFFD for a byte that does not
/// start a valid sequence (one byte consumed).
char32_t nextCodePoint(std::string_view s, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b = byte(i);
    std::size_t extra = 0;
    if (b < 0x80) {
        ++i;
        return b;
    }
    if (b >= 0xC2 && b <= 0xDF)
        extra = 1;
    else if (b >= 0xE0 && b <= 0xEF)
        extra = 2;
    else if (b >= 0xF0 && b <= 0xF4)
        extra = 3;
    char32_t c = b & (0x3F >> extra);
    bool valid = extra > 0 && i + extra < s.size();
    for (std::size_t k = 1; valid && k <= extra; ++k) {
        valid = (byte(i + k) & 0xC0) == 0x80;
        c = (c << 6) | (byte(i + k) & 0x3F);
    }
    static const char32_t least[] = {0, 0x80, 0x800, 0x10000};
    if (!valid || c < least[extra] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        ++i;
        return 0xFFFD;
    }
    i += extra + 1;
    return c;
}

/// Non-ASCII letters that Python takes in an identifier and that NFKC (which Python applies to
/// identifiers) leaves as they are, so that two names stay two names.
bool isPlainLetter(char32_t c) {
    if (c >= 0xC0 && c <= 0x17F)
        return c != 0xD7 && c != 0xF7 && c != 0x132 && c != 0x133 && c != 0x13F && c != 0x140 &&
               c != 0x149 && c != 0x17F;
    return (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) || (c >= 0x3B1 && c <= 0x3C9) ||
           (c >= 0x410 && c <= 0x44F) || (c >= 0x3041 && c <= 0x3096) ||
           (c >= 0x30A1 && c <= 0x30FA) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xAC00 && c <= 0xD7A3);
}

/// Gives each thing of the graph its identifier in the script, all distinct.
class Names {
  public:
    /// A new identifier for `wanted`: pythonIdentifier(wanted), with a _ after a keyword or a
    /// name the script uses, then _2, _3... until it is one not given yet. Exception classes
    /// (`exception`) may shadow Python's builtins: a graph's OSError is a plain Exception
    /// subclass, as loopscope makes it; tasks and resources may not.
    std::string take(std::string_view wanted, bool exception = false) {
        std::string base = pythonIdentifier(wanted);
        if (keywords().count(base) || scriptNames().count(base) || isLoopVariable(base) ||
            (!exception && builtinNames().count(base)))
            base += '_';
        std::string name = base;
        for (int n = 2; given_.count(name); ++n)
            name = base + "_" + std::to_string(n);
        given_.insert(name);
        return name;
    }

  private:
    NameSet given_;
};

/// A number as Python reads it back to the same double (shortest round trip).
std::string pyNumber(double x) {
    if (std::isinf(x))
        return x > 0 ? "float(\"inf\")" : "-float(\"inf\")";
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, x);
    return std::string(buf, r.ptr);
}

/// `text` escaped for the inside of a Python "..." literal; `fstring` doubles the braces.
/// Control characters are escaped so that the script shows them.
std::string escaped(std::string_view text, bool fstring) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t start = i;
        const char32_t c = nextCodePoint(text, i);
        char hex[16];
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '"':
            out += "\\\"";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '{':
            out += fstring ? "{{" : "{";
            break;
        case '}':
            out += fstring ? "}}" : "}";
            break;
        default:
            if (c < 0x20 || (c >= 0x7F && c < 0xA0)) {
                std::snprintf(hex, sizeof hex, "\\x%02x", unsigned(c));
                out += hex;
            } else if (c == 0x2028 || c == 0x2029) {
                std::snprintf(hex, sizeof hex, "\\u%04x", unsigned(c));
                out += hex;
            } else if (c == 0xFFFD) {
                out += "\\ufffd"; // not UTF-8: Python's print cannot write the byte
            } else {
                out.append(text, start, i - start);
            }
        }
    }
    return out;
}

/// `text` fit for a # comment: on one line, and valid UTF-8 (a source file must be).
std::string commentText(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t start = i;
        const char32_t c = nextCodePoint(text, i);
        if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0x2028 || c == 0x2029)
            out += ' ';
        else if (c == 0xFFFD)
            out += "\xEF\xBF\xBD"; // U+FFFD
        else
            out.append(text, start, i - start);
    }
    return out;
}

std::string quoted(std::string_view text) {
    return "\"" + escaped(text, false) + "\"";
}

/// a, b, c
std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& a : items)
        out += (out.empty() ? "" : ", ") + a;
    return out;
}

/// One part of a message: literal text, or one of the placeholders {task}, {item}, {i}.
struct Piece {
    enum Kind { Literal, Task, Item, Index } kind = Literal;
    std::string text; ///< Literal only
};

/// `text` cut where GraphRunner's expand() replaces a placeholder: left to right, each of
/// {task}, {item} and {i} where it starts, anything else literal.
std::vector<Piece> pieces(const std::string& text) {
    static const std::pair<std::string_view, Piece::Kind> keys[] = {
        {"{task}", Piece::Task}, {"{item}", Piece::Item}, {"{i}", Piece::Index}};
    std::vector<Piece> out;
    for (std::size_t i = 0; i < text.size();) {
        bool matched = false;
        for (const auto& [key, kind] : keys) {
            if (text.compare(i, key.size(), key) == 0) {
                out.push_back({kind, {}});
                i += key.size();
                matched = true;
                break;
            }
        }
        if (matched)
            continue;
        if (out.empty() || out.back().kind != Piece::Literal)
            out.push_back({Piece::Literal, {}});
        out.back().text += text[i++];
    }
    return out;
}

bool textUses(const std::string& text, Piece::Kind kind) {
    for (const Piece& p : pieces(text))
        if (p.kind == kind)
            return true;
    return false;
}

/// The messages a step expands ({task}, {item}, {i}): print, put's item, raise.
bool stepTextUses(const Step& s, Piece::Kind kind) {
    return (s.kind == StepKind::Print || s.kind == StepKind::Raise ||
            (s.kind == StepKind::Put && s.hasItem)) &&
           textUses(s.text, kind);
}

/// Whether `steps` use {item}, anywhere inside them.
bool usesItem(const std::vector<Step>& steps) {
    for (const Step& s : steps)
        if (stepTextUses(s, Piece::Item) || usesItem(s.steps) || usesItem(s.handler))
            return true;
    return false;
}

/// Whether `steps` use {i} of the repeat they are in: anywhere but inside a nested repeat.
bool usesIndex(const std::vector<Step>& steps) {
    for (const Step& s : steps)
        if (stepTextUses(s, Piece::Index) || (s.kind != StepKind::Repeat && usesIndex(s.steps)) ||
            usesIndex(s.handler))
            return true;
    return false;
}

/// Calls f on every step of `steps`, nested ones included.
template <class F> void forEachStep(const std::vector<Step>& steps, F&& f) {
    for (const Step& s : steps) {
        f(s);
        forEachStep(s.steps, f);
        forEachStep(s.handler, f);
    }
}

/// Where a function's steps run, for the names they use.
struct Scope {
    int task = -1;         ///< the graph task the steps belong to ({task})
    std::string index;     ///< the innermost repeat's variable ({i}); empty: no repeat, "0"
    int depth = 0;         ///< how many repeats with a variable the steps are inside
    bool item = false;     ///< the function keeps `item` ({item})
    bool repeated = false; ///< inside a repeat of 2 or more rounds: a step may run again
    std::set<int> created; ///< tasks surely created by the time the steps run
};

// The fixed parts of the script.

constexpr const char* kCreatedTask = R"py(

def created_task(name, where):
    """tasks[name]; a step naming a task not created yet raises RuntimeError (loopscope's rule)."""
    if name not in tasks:
        raise RuntimeError(f"task '{name}' was not created yet ({GRAPH_FILE}:{where})")
    return tasks[name]
)py";

constexpr const char* kSleepUntil = R"py(

async def sleep_until(when):
    """main's wait for a task's start time (skipped when the clock is already there)."""
    loop = asyncio.get_running_loop()
    if when > loop.time():
        await asyncio.sleep(when - loop.time())
)py";

constexpr const char* kGenerator = R"py(

# Random durations, drawn as loopscope draws them so that the run is the graph's: one
# std::mt19937_64 seeded with the graph's seed; from each output x, u = (x >> 11) * 2**-53.
class MT19937_64:
    """The 64-bit Mersenne Twister of C++'s <random> (std::mt19937_64)."""

    MASK = 2**64 - 1

    def __init__(self, seed):
        self.state = [seed & self.MASK]
        for k in range(1, 312):
            prev = self.state[-1]
            self.state.append((6364136223846793005 * (prev ^ (prev >> 62)) + k) & self.MASK)
        self.index = 312

    def next(self):
        """The next 64-bit output."""
        if self.index == 312:
            self._twist()
        y = self.state[self.index]
        self.index += 1
        y ^= (y >> 29) & 0x5555555555555555
        y ^= (y << 17) & 0x71D67FFFEDA60000
        y ^= (y << 37) & 0xFFF7EEE000000000
        return y ^ (y >> 43)

    def _twist(self):
        mt = self.state
        for k in range(312):
            x = (mt[k] & 0xFFFFFFFF80000000) | (mt[(k + 1) % 312] & 0x7FFFFFFF)
            mt[k] = mt[(k + 156) % 312] ^ (x >> 1) ^ (0xB5026F5AA96619E9 if x & 1 else 0)
        self.index = 0

    def random(self):
        """A number in [0, 1): the top 53 bits of the next output."""
        return (self.next() >> 11) * 2.0**-53
)py";

constexpr const char* kUniform = R"py(

def uniform(low, high):
    """A duration drawn uniformly from [low, high)."""
    return low + (high - low) * rng.random()
)py";

constexpr const char* kExponential = R"py(

def exponential(mean):
    """A duration drawn from the exponential distribution of this mean."""
    return -mean * math.log1p(-rng.random())
)py";

/// Longest line the generator writes before it puts a call's arguments one per line.
constexpr std::size_t kLineWidth = 95;

class Generator {
  public:
    explicit Generator(const Graph& g) : g_(g) {}

    std::string script() {
        nameEverything();
        std::string body;
        for (std::size_t t = 0; t < g_.tasks.size(); ++t)
            body += taskFunction(int(t));
        body += mainFunction();
        return header() + body + "\n\nif __name__ == \"__main__\":\n    asyncio.run(main())\n";
    }

  private:
    void nameEverything() {
        const auto nameException = [this](const Step& s) {
            const bool custom =
                (s.kind == StepKind::Raise && !isOwnException(s.type)) ||
                (s.kind == StepKind::Try && !isOwnException(s.type) && s.type != "BaseException");
            if (custom && !exceptionVar_.count(s.type)) {
                exceptionVar_[s.type] = names_.take(s.type, true);
                exceptionOrder_.push_back(s.type);
            }
        };
        for (const TaskSpec& t : g_.tasks)
            forEachStep(t.steps, nameException);
        for (const ResourceSpec& r : g_.resources)
            resourceVar_.push_back(names_.take(r.name));
        for (const TaskSpec& t : g_.tasks)
            taskFn_.push_back(names_.take(t.name));
    }

    // ---------------------------------------------------------------- the parts

    std::string header() const {
        const std::string file = baseName(g_.path);
        // How a run should end, where `loopscope test` reads it: the comments opening the file.
        std::string out = g_.expect.empty() || g_.expect == "ok"
                              ? std::string()
                              : "# expect: " + commentText(g_.expect) + "\n";
        out += wrap("\"\"\"The task graph " + (file.empty() ? "" : escaped(file, false) + " ") +
                    "as an asyncio script, written by loopscope (\"Show as Python\"). "
                    "`loopscope run` prints the same lines at the same virtual times as "
                    "it does for the graph; python3 runs it in real time.") +
               "\n\"\"\"\nimport asyncio\n";
        if (usesExponential_)
            out += "import math\n";
        if (usesBlock_)
            out += "import time\n";
        for (const std::string& type : exceptionOrder_) {
            const std::string& var = exceptionVar_.at(type);
            if (var == type)
                out += "\n\nclass " + type +
                       "(Exception):\n    \"\"\"An exception class of the graph's (a plain "
                       "Exception, as loopscope makes it).\"\"\"\n";
            else // a keyword, or a name the script uses: type() gives the class its name
                out += "\n\n# The graph's exception class " + type +
                       ", under another name: Python or this script needs its own.\n" + var +
                       " = type(" + quoted(type) + ", (Exception,), {})\n";
        }
        if (needsCreatedTask_)
            out += "\n\nGRAPH_FILE = " + quoted(g_.path) + "\n";
        out += "\n# Every task by its name, once main or a \"create\" step has created it.\n"
               "tasks: dict[str, asyncio.Task] = {}\n";
        if (!g_.resources.empty())
            out += "\n# The graph's resources; main creates them.\n";
        for (std::size_t r = 0; r < g_.resources.size(); ++r)
            out +=
                resourceVar_[r] + ": asyncio." + std::string(nameOf(g_.resources[r].kind)) + "\n";
        if (needsCreatedTask_)
            out += kCreatedTask;
        if (usesUniform_ || usesExponential_)
            out +=
                std::string(kGenerator) + "\n\nrng = MT19937_64(" + std::to_string(g_.seed) + ")\n";
        if (usesUniform_)
            out += kUniform;
        if (usesExponential_)
            out += kExponential;
        if (hasLateStart())
            out += kSleepUntil;
        return out;
    }

    static std::string baseName(const std::string& path) {
        const std::size_t slash = path.find_last_of("/\\");
        return slash == std::string::npos ? path : path.substr(slash + 1);
    }

    /// `text` broken at spaces into lines of at most kLineWidth columns (its own line
    /// breaks kept).
    static std::string wrap(const std::string& text) {
        std::string out, line;
        std::size_t start = 0;
        while (start <= text.size()) {
            std::size_t end = text.find_first_of(" \n", start);
            if (end == std::string::npos)
                end = text.size();
            const std::string word = text.substr(start, end - start);
            if (!line.empty() && line.size() + 1 + word.size() > kLineWidth) {
                out += line + "\n";
                line.clear();
            } else if (!line.empty()) {
                line += ' ';
            }
            line += word;
            if (end < text.size() && text[end] == '\n') {
                out += line + "\n";
                line.clear();
            }
            start = end + 1;
        }
        return out + line;
    }

    bool hasLateStart() const {
        for (const TaskSpec& t : g_.tasks)
            if (!t.createdByStep && t.start > 0)
                return true;
        return false;
    }

    /// The tasks created before any task runs: main's, at t=0.
    std::set<int> createdAtStart() const {
        std::set<int> out;
        for (std::size_t t = 0; t < g_.tasks.size(); ++t)
            if (!g_.tasks[t].createdByStep && !(g_.tasks[t].start > 0))
                out.insert(int(t));
        return out;
    }

    std::string taskFunction(int t) {
        const TaskSpec& spec = g_.tasks[std::size_t(t)];
        out_.clear();
        line(0, "");
        line(0, "");
        if (spec.createdByStep)
            line(0, "# Created by " + commentText(creatorOf(t)) + "'s \"create\" step.");
        else if (spec.start > 0)
            line(0, "# main creates it at t=" + pyNumber(spec.start) + ".");
        line(0, "async def " + taskFn_[std::size_t(t)] + "():");
        Scope scope;
        scope.task = t;
        scope.created = createdAtStart();
        scope.created.insert(t);
        scope.item = usesItem(spec.steps);
        if (scope.item)
            line(1, "item = None  # the last item this task took from a queue");
        steps(spec.steps, scope, 1);
        // The wait_for steps' own functions, after the task's (and theirs after them).
        while (!helpers_.empty()) {
            const Helper h = helpers_.front();
            helpers_.pop_front();
            helperFunction(h);
        }
        return out_;
    }

    std::string creatorOf(int t) const {
        for (std::size_t c = 0; c < g_.tasks.size(); ++c) {
            bool found = false;
            forEachStep(g_.tasks[c].steps, [&](const Step& s) {
                found = found || (s.kind == StepKind::Create && s.tasks.front() == t);
            });
            if (found)
                return g_.tasks[c].name;
        }
        return "another task";
    }

    /// The steps of a wait_for, in a coroutine function of their own.
    struct Helper {
        std::string name;
        std::vector<std::string> params;
        const Step* step = nullptr;
        Scope scope;
    };

    void helperFunction(const Helper& h) {
        line(0, "");
        line(0, "");
        line(0, "async def " + h.name + "(" + joined(h.params) + "):");
        line(1, "\"\"\"The steps of " + escaped(g_.tasks[std::size_t(h.scope.task)].name, false) +
                    "'s wait_for (" +
                    (g_.path.empty() ? "line " : escaped(baseName(g_.path), false) + ":") +
                    std::to_string(h.step->at.line) + ").\"\"\"");
        steps(h.step->steps, h.scope, 1);
    }

    std::string mainFunction() {
        out_.clear();
        line(0, "");
        line(0, "");
        line(0, "async def main():");
        line(1, "\"\"\"The graph's run: its resources, then each top-level task at its start "
                "time, then gather.\"\"\"");
        if (!g_.resources.empty())
            line(1, "global " + joined(resourceVar_));
        for (std::size_t r = 0; r < g_.resources.size(); ++r)
            line(1, resourceVar_[r] + " = " + resourceConstructor(g_.resources[r]));
        // By start time, ties in file order, as GraphRunner's startOrder.
        std::vector<int> order;
        for (std::size_t t = 0; t < g_.tasks.size(); ++t)
            if (!g_.tasks[t].createdByStep)
                order.push_back(int(t));
        std::stable_sort(order.begin(), order.end(), [this](int a, int b) {
            return g_.tasks[std::size_t(a)].start < g_.tasks[std::size_t(b)].start;
        });
        std::vector<std::string> top;
        for (int t : order) {
            const double start = g_.tasks[std::size_t(t)].start;
            if (start > 0)
                line(1, "await sleep_until(" + pyNumber(start) + ")");
            line(1, "tasks[" + quoted(g_.tasks[std::size_t(t)].name) + "] = " + createCall(t));
            top.push_back("tasks[" + quoted(g_.tasks[std::size_t(t)].name) + "]");
        }
        if (g_.returnExceptions)
            top.push_back("return_exceptions=True");
        call(1, "await asyncio.gather", top);
        return out_;
    }

    std::string resourceConstructor(const ResourceSpec& r) const {
        switch (r.kind) {
        case ResourceKind::Semaphore:
        case ResourceKind::BoundedSemaphore:
            return "asyncio." + std::string(nameOf(r.kind)) + "(" + std::to_string(r.value) + ")";
        case ResourceKind::Condition:
            return r.lock >= 0 ? "asyncio.Condition(" + resourceVar_[std::size_t(r.lock)] + ")"
                               : "asyncio.Condition()";
        case ResourceKind::Queue:
        case ResourceKind::PriorityQueue:
        case ResourceKind::LifoQueue:
            return "asyncio.Queue(" + (r.value > 0 ? "maxsize=" + std::to_string(r.value) : "") +
                   ")";
        default:
            return "asyncio." + std::string(nameOf(r.kind)) + "()";
        }
    }

    std::string createCall(int t) const {
        return "asyncio.create_task(" + taskFn_[std::size_t(t)] +
               "(), name=" + quoted(g_.tasks[std::size_t(t)].name) + ")";
    }

    // ---------------------------------------------------------------- steps

    void line(int indent, const std::string& text) {
        if (!text.empty())
            out_ += std::string(std::size_t(indent) * 4, ' ') + text;
        out_ += '\n';
    }

    /// `head(args...)` on one line, or with one argument a line when that is too long.
    void call(int indent, const std::string& head, const std::vector<std::string>& args,
              const std::string& tail = "") {
        const std::string oneLine = head + "(" + joined(args) + ")" + tail;
        if (std::size_t(indent) * 4 + oneLine.size() <= kLineWidth) {
            line(indent, oneLine);
            return;
        }
        line(indent, head + "(");
        for (const std::string& a : args)
            line(indent + 1, a + ",");
        line(indent, ")" + tail);
    }

    void steps(const std::vector<Step>& list, Scope scope, int indent) {
        if (list.empty())
            line(indent, "pass");
        for (const Step& s : list) {
            step(s, scope, indent);
            if (s.kind == StepKind::Create)
                scope.created.insert(s.tasks.front());
        }
    }

    /// A message as a Python expression: a literal, or an f-string when it uses {item} or a
    /// repeat's {i}. {task} is known here: the function belongs to one task.
    std::string text(const std::string& message, const Scope& scope) const {
        const std::vector<Piece> parts = pieces(message);
        bool dynamic = false;
        for (const Piece& p : parts)
            dynamic = dynamic || p.kind == Piece::Item ||
                      (p.kind == Piece::Index && !scope.index.empty());
        std::string out = dynamic ? "f\"" : "\"";
        for (const Piece& p : parts) {
            switch (p.kind) {
            case Piece::Literal:
                out += escaped(p.text, dynamic);
                break;
            case Piece::Task:
                out += escaped(g_.tasks[std::size_t(scope.task)].name, dynamic);
                break;
            case Piece::Item:
                out += "{item}";
                break;
            case Piece::Index:
                out += scope.index.empty() ? "0" : "{" + scope.index + "}";
                break;
            }
        }
        return out + "\"";
    }

    std::string duration(const Duration& d) {
        switch (d.kind) {
        case Duration::Kind::Uniform:
            usesUniform_ = true;
            return "uniform(" + pyNumber(d.a) + ", " + pyNumber(d.b) + ")";
        case Duration::Kind::Exponential:
            usesExponential_ = true;
            return "exponential(" + pyNumber(d.a) + ")";
        case Duration::Kind::Fixed:
            break;
        }
        return pyNumber(d.a);
    }

    std::string timeout(const std::optional<Duration>& d) { return d ? duration(*d) : "None"; }

    /// The task `t` as step `s` names it: tasks[...] when it surely exists, else looked up
    /// with created_task, which raises loopscope's RuntimeError.
    std::string task(int t, const Step& s, const Scope& scope) {
        const std::string name = quoted(g_.tasks[std::size_t(t)].name);
        if (scope.created.count(t))
            return "tasks[" + name + "]";
        needsCreatedTask_ = true;
        return "created_task(" + name + ", \"" + std::to_string(s.at.line) + ":" +
               std::to_string(s.at.column) + "\")";
    }

    std::vector<std::string> taskList(const Step& s, const Scope& scope) {
        std::vector<std::string> out;
        for (int t : s.tasks)
            out.push_back(task(t, s, scope));
        return out;
    }

    /// The arguments of wait and as_completed: the list of tasks, and the timeout if any.
    std::vector<std::string> tasksAndTimeout(const Step& s, const Scope& scope) {
        std::vector<std::string> args{"[" + joined(taskList(s, scope)) + "]"};
        if (s.timeout)
            args.push_back("timeout=" + timeout(s.timeout));
        return args;
    }

    std::string exceptionClass(const std::string& type, bool catching) const {
        if (type == "CancelledError")
            return "asyncio.CancelledError";
        if (isOwnException(type) || (catching && type == "BaseException"))
            return type;
        return exceptionVar_.at(type);
    }

    const std::string& resource(const Step& s) const {
        return resourceVar_[std::size_t(s.resource)];
    }

    void step(const Step& s, const Scope& scope, int indent) {
        switch (s.kind) {
        case StepKind::Print:
            line(indent, "print(" + text(s.text, scope) + ")");
            break;
        case StepKind::Sleep:
            line(indent, "await asyncio.sleep(" + duration(s.duration) + ")");
            break;
        case StepKind::IO:
            line(indent, "await asyncio.sleep(" + duration(s.duration) + ")  # simulated I/O" +
                             (s.text.empty() ? "" : ": " + commentText(s.text)));
            break;
        case StepKind::Block:
            usesBlock_ = true;
            line(indent, "time.sleep(" + duration(s.duration) +
                             ")  # blocking work: the whole event loop waits");
            break;
        case StepKind::Hold:
            line(indent, "async with " + resource(s) + ":");
            steps(s.steps, scope, indent + 1);
            break;
        case StepKind::WaitEvent:
            line(indent, "await " + resource(s) + ".wait()");
            break;
        case StepKind::Set:
            line(indent, resource(s) + ".set()");
            break;
        case StepKind::Clear:
            line(indent, resource(s) + ".clear()");
            break;
        case StepKind::Put:
            line(indent, "await " + resource(s) + ".put(" +
                             (s.hasItem ? text(s.text, scope) : "None") + ")");
            break;
        case StepKind::Get:
            line(indent, (scope.item ? "item = await " : "await ") + resource(s) + ".get()");
            break;
        case StepKind::TaskDone:
            line(indent, resource(s) + ".task_done()");
            break;
        case StepKind::Join:
            line(indent, "await " + resource(s) + ".join()");
            break;
        case StepKind::Create:
            create(s, scope, indent);
            break;
        case StepKind::Await:
            line(indent, "await " + task(s.tasks.front(), s, scope));
            break;
        case StepKind::Gather: {
            std::vector<std::string> args = taskList(s, scope);
            if (s.returnExceptions)
                args.push_back("return_exceptions=True");
            call(indent, "await asyncio.gather", args);
            break;
        }
        case StepKind::Wait: {
            std::vector<std::string> args = tasksAndTimeout(s, scope);
            if (s.mode == WaitMode::FirstCompleted)
                args.push_back("return_when=asyncio.FIRST_COMPLETED");
            else if (s.mode == WaitMode::FirstException)
                args.push_back("return_when=asyncio.FIRST_EXCEPTION");
            call(indent, "await asyncio.wait", args);
            break;
        }
        case StepKind::AsCompleted: {
            call(indent, "for next_done in asyncio.as_completed", tasksAndTimeout(s, scope), ":");
            line(indent + 1, "await next_done");
            break;
        }
        case StepKind::WaitFor:
            waitFor(s, scope, indent);
            break;
        case StepKind::Shield:
            line(indent, "await asyncio.shield(" + task(s.tasks.front(), s, scope) + ")");
            break;
        case StepKind::Cancel:
            line(indent, task(s.tasks.front(), s, scope) + ".cancel()");
            break;
        case StepKind::Raise:
            line(indent, "raise " + exceptionClass(s.type, false) + "(" +
                             (s.text.empty() ? "" : text(s.text, scope)) + ")");
            break;
        case StepKind::Repeat: {
            Scope inner = scope;
            std::string var = "_";
            if (usesIndex(s.steps)) {
                var = loopVariable(scope.depth);
                inner.index = var;
                ++inner.depth;
            }
            inner.repeated = scope.repeated || s.count >= 2;
            line(indent, "for " + var + " in range(" + std::to_string(s.count) + "):");
            steps(s.steps, inner, indent + 1);
            break;
        }
        case StepKind::Try:
            line(indent, "try:");
            steps(s.steps, scope, indent + 1);
            line(indent, "except " + exceptionClass(s.type, true) + ":");
            steps(s.handler, scope, indent + 1);
            break;
        }
    }

    void create(const Step& s, const Scope& scope, int indent) {
        const int t = s.tasks.front();
        const std::string name = quoted(g_.tasks[std::size_t(t)].name);
        if (scope.repeated) {
            // A repeat runs this step again: loopscope creates a task only once.
            line(indent, "if " + name + " in tasks:");
            line(indent + 1,
                 "raise RuntimeError(" +
                     quoted("task '" + g_.tasks[std::size_t(t)].name + "' was already created") +
                     ")");
        }
        line(indent, "tasks[" + name + "] = " + createCall(t));
    }

    void waitFor(const Step& s, const Scope& scope, int indent) {
        if (!s.tasks.empty()) { // wait_for on a task; else on steps (perhaps none)
            const std::string target = task(s.tasks.front(), s, scope);
            line(indent,
                 "await asyncio.wait_for(" + target + ", timeout=" + timeout(s.timeout) + ")");
            return;
        }
        // The steps become a coroutine function; its arguments are the task's item and round,
        // as they are when the wait_for starts.
        Helper h;
        h.name = names_.take(taskFn_[std::size_t(scope.task)] + "_wait_for");
        h.step = &s;
        h.scope = scope;
        h.scope.item = usesItem(s.steps);
        if (h.scope.item)
            h.params.push_back("item");
        if (usesIndex(s.steps) && !scope.index.empty())
            h.params.push_back(scope.index);
        line(indent, s.timeout ? "# wait_for runs the steps in a task of their own (Task-N)"
                               : "# no timeout: wait_for awaits the steps in this task");
        line(indent, "await asyncio.wait_for(" + h.name + "(" + joined(h.params) +
                         "), timeout=" + timeout(s.timeout) + ")");
        helpers_.push_back(std::move(h));
    }

    const Graph& g_;
    Names names_;
    std::vector<std::string> resourceVar_;            ///< by resource index
    std::vector<std::string> taskFn_;                 ///< by task index
    std::map<std::string, std::string> exceptionVar_; ///< graph class name -> identifier
    std::vector<std::string> exceptionOrder_;         ///< as they first appear
    std::deque<Helper> helpers_;                      ///< wait_for functions still to write
    bool needsCreatedTask_ = false;
    bool usesUniform_ = false;
    bool usesExponential_ = false;
    bool usesBlock_ = false;
    std::string out_; ///< the function being written
};

} // namespace

std::string pythonIdentifier(std::string_view name) {
    std::string out;
    for (std::size_t i = 0; i < name.size();) {
        const std::size_t start = i;
        const char32_t c = nextCodePoint(name, i);
        const bool ascii = c < 0x80 && (std::isalnum(int(c)) || c == '_');
        if (ascii || isPlainLetter(c))
            out.append(name, start, i - start);
        else
            out += '_';
    }
    if (out.empty() || (out[0] >= '0' && out[0] <= '9'))
        out.insert(out.begin(), '_');
    return out;
}

std::string pythonScript(const Graph& graph) {
    return Generator(graph).script();
}

} // namespace loopscope::graph
