// The edits. References between items are indices (Step::tasks, Step::resource,
// ResourceSpec::lock), so renaming needs nothing, and removing or moving a task or a resource
// renumbers the references to those after it.
#include "GraphEdits.hpp"

#include <loopscope/graph/GraphLoader.hpp>

#include <QStringList>

#include <algorithm>
#include <functional>

namespace loopscope::builder {

using graph::Duration;
using graph::Graph;
using graph::ResourceSpec;
using graph::Step;
using graph::StepKind;
using graph::TaskSpec;

namespace {

using StepVisitor = std::function<void(Step&, const ItemRef&)>;

/// Visits `list` and everything nested in it; `base` is the place of the list's owner.
void visitSteps(std::vector<Step>& list, const ItemRef& base, bool handler,
                const StepVisitor& visit) {
    for (std::size_t i = 0; i < list.size(); ++i) {
        ItemRef at = base;
        at.path.push_back({int(i), handler});
        visit(list[i], at);
        visitSteps(list[i].steps, at, false, visit);
        visitSteps(list[i].handler, at, true, visit);
    }
}

/// Calls `visit` for every step of every task, with its place.
void forEachStep(Graph& g, const StepVisitor& visit) {
    for (std::size_t t = 0; t < g.tasks.size(); ++t)
        visitSteps(g.tasks[t].steps, ItemRef{ItemRef::Kind::Step, int(t), {}}, false, visit);
}

std::string quoted(const std::string& s) {
    return "\"" + s + "\"";
}

/// Renumbers every task reference through `map`.
void remapTasks(Graph& g, const std::function<int(int)>& map) {
    forEachStep(g, [&](Step& s, const ItemRef&) {
        for (int& t : s.tasks)
            t = map(t);
    });
}

void remapResources(Graph& g, const std::function<int(int)>& map) {
    forEachStep(g, [&](Step& s, const ItemRef&) {
        if (s.resource >= 0)
            s.resource = map(s.resource);
    });
    for (ResourceSpec& r : g.resources)
        if (r.lock >= 0)
            r.lock = map(r.lock);
}

/// A name not used yet among `taken`: base_1, base_2, ...
template <class Items> std::string freshName(const Items& taken, const std::string& base) {
    for (int n = 1;; ++n) {
        const std::string name = base + "_" + std::to_string(n);
        if (std::none_of(taken.begin(), taken.end(),
                         [&](const auto& item) { return item.name == name; }))
            return name;
    }
}

std::string lower(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c >= 'A' && c <= 'Z') {
            if (i > 0)
                out += '_';
            out += char(c - 'A' + 'a');
        } else {
            out += c;
        }
    }
    return out;
}

/// The first resource of one of `kinds`, or -1.
int firstResource(const Graph& g, std::initializer_list<ResourceKind> kinds) {
    for (std::size_t i = 0; i < g.resources.size(); ++i)
        if (std::find(kinds.begin(), kinds.end(), g.resources[i].kind) != kinds.end())
            return int(i);
    return -1;
}

/// The first task other than `self`, or -1; `creatable`: one main does not start later and
/// no other step creates.
int firstOtherTask(const Graph& g, int self, bool creatable) {
    for (std::size_t i = 0; i < g.tasks.size(); ++i) {
        const TaskSpec& t = g.tasks[i];
        if (int(i) != self && (!creatable || (!t.createdByStep && t.start == 0)))
            return int(i);
    }
    return -1;
}

/// A new step of `kind` in task `self` with references to the first items that fit, or why
/// there are none.
std::string newStep(const Graph& g, int self, StepKind kind, Step& s) {
    s.kind = kind;
    s.duration.a = 1;
    const std::string key(graph::stepKey(kind));
    auto needResource = [&](std::initializer_list<ResourceKind> kinds, const char* what) {
        s.resource = firstResource(g, kinds);
        return s.resource < 0 ? "a " + key + " step needs " + what + ": add one first"
                              : std::string();
    };
    auto needTask = [&](bool creatable) {
        const int t = firstOtherTask(g, self, creatable);
        if (t < 0)
            return creatable ? "a create step needs another task that main does not start "
                               "later and no step creates yet: add a task first"
                             : "a " + key + " step needs another task: add a task first";
        s.tasks = {t};
        return std::string();
    };
    switch (kind) {
    case StepKind::Print:
        s.text = "{task} here";
        return {};
    case StepKind::Sleep:
    case StepKind::IO:
    case StepKind::Block:
        return {};
    case StepKind::Hold:
        return needResource({ResourceKind::Lock, ResourceKind::Semaphore,
                             ResourceKind::BoundedSemaphore, ResourceKind::Condition},
                            "a Lock, Semaphore, BoundedSemaphore or Condition");
    case StepKind::WaitEvent:
    case StepKind::Set:
    case StepKind::Clear:
        return needResource({ResourceKind::Event}, "an Event");
    case StepKind::Put:
        s.hasItem = true;
        s.text = "item {i}";
        [[fallthrough]];
    case StepKind::Get:
    case StepKind::TaskDone:
    case StepKind::Join:
        return needResource({ResourceKind::Queue}, "a Queue");
    case StepKind::Create:
        return needTask(true);
    case StepKind::WaitFor:
        s.timeout = Duration{Duration::Kind::Fixed, 1, 0};
        return needTask(false);
    case StepKind::Await:
    case StepKind::Shield:
    case StepKind::Cancel:
    case StepKind::Gather:
    case StepKind::Wait:
    case StepKind::AsCompleted:
        return needTask(false);
    case StepKind::Raise:
        s.type = "ValueError";
        s.text = "{task} failed";
        return {};
    case StepKind::Repeat:
        s.count = 2;
        return {};
    case StepKind::Try:
        s.type = "Exception";
        return {};
    }
    return {};
}

int resourceNamed(const Graph& g, const QString& name) {
    for (std::size_t i = 0; i < g.resources.size(); ++i)
        if (g.resources[i].name == name.toStdString())
            return int(i);
    return -1;
}

int taskNamed(const Graph& g, const QString& name) {
    for (std::size_t i = 0; i < g.tasks.size(); ++i)
        if (g.tasks[i].name == name.toStdString())
            return int(i);
    return -1;
}

const char* durationKindName(Duration::Kind k) {
    switch (k) {
    case Duration::Kind::Fixed:
        return "fixed";
    case Duration::Kind::Uniform:
        return "uniform";
    case Duration::Kind::Exponential:
        return "exponential";
    }
    return "fixed";
}

std::string setDurationKind(Duration& d, const QString& kind) {
    if (kind == "fixed")
        d.kind = Duration::Kind::Fixed;
    else if (kind == "uniform") {
        if (d.kind != Duration::Kind::Uniform)
            d.b = d.a; // [a, a]: the same time until the user widens it
        d.kind = Duration::Kind::Uniform;
    } else if (kind == "exponential") {
        d.kind = Duration::Kind::Exponential;
        if (!(d.a > 0))
            d.a = 1;
    } else
        return "unknown duration kind " + quoted(kind.toStdString()) +
               " (fixed, uniform, exponential)";
    return {};
}

/// The task whose steps `ref` is in, for the "other task" defaults.
int ownerTask(const ItemRef& ref) {
    return ref.kind == ItemRef::Kind::Task || ref.kind == ItemRef::Kind::Step ||
                   ref.kind == ItemRef::Kind::Handler
               ? ref.index
               : -1;
}

} // namespace

const std::vector<StepKind>& stepKinds() {
    static const std::vector<StepKind> kinds{
        StepKind::Print,       StepKind::Sleep,     StepKind::IO,       StepKind::Block,
        StepKind::Hold,        StepKind::WaitEvent, StepKind::Set,      StepKind::Clear,
        StepKind::Put,         StepKind::Get,       StepKind::TaskDone, StepKind::Join,
        StepKind::Create,      StepKind::Await,     StepKind::Gather,   StepKind::Wait,
        StepKind::AsCompleted, StepKind::WaitFor,   StepKind::Shield,   StepKind::Cancel,
        StepKind::Raise,       StepKind::Repeat,    StepKind::Try,
    };
    return kinds;
}

const char* fieldName(Field f) {
    switch (f) {
    case Field::Description:
        return "description";
    case Field::Seed:
        return "seed";
    case Field::ReturnExceptions:
        return "return_exceptions";
    case Field::Name:
        return "name";
    case Field::ResourceType:
        return "type";
    case Field::Capacity:
        return "capacity";
    case Field::Lock:
        return "lock";
    case Field::Start:
        return "start";
    case Field::Text:
        return "text";
    case Field::HasItem:
        return "item";
    case Field::ExceptionType:
        return "exception type";
    case Field::DurationKind:
        return "duration kind";
    case Field::DurationA:
        return "duration";
    case Field::DurationB:
        return "duration high";
    case Field::HasTimeout:
        return "timeout";
    case Field::TimeoutKind:
        return "timeout kind";
    case Field::TimeoutA:
        return "timeout";
    case Field::TimeoutB:
        return "timeout high";
    case Field::Resource:
        return "resource";
    case Field::Task:
        return "task";
    case Field::Tasks:
        return "tasks";
    case Field::Mode:
        return "return_when";
    case Field::Count:
        return "count";
    }
    return "";
}

std::vector<Field> fieldsOf(const Graph& g, const ItemRef& ref) {
    switch (ref.kind) {
    case ItemRef::Kind::None:
        return {};
    case ItemRef::Kind::Graph:
        return {Field::Description, Field::Seed, Field::ReturnExceptions};
    case ItemRef::Kind::Resource: {
        if (ref.index < 0 || std::size_t(ref.index) >= g.resources.size())
            return {};
        const ResourceKind k = g.resources[std::size_t(ref.index)].kind;
        if (isSemaphore(k) || k == ResourceKind::Queue)
            return {Field::Name, Field::ResourceType, Field::Capacity};
        if (k == ResourceKind::Condition)
            return {Field::Name, Field::ResourceType, Field::Lock};
        return {Field::Name, Field::ResourceType};
    }
    case ItemRef::Kind::Task:
        if (ref.index < 0 || std::size_t(ref.index) >= g.tasks.size())
            return {};
        if (g.tasks[std::size_t(ref.index)].createdByStep)
            return {Field::Name};
        return {Field::Name, Field::Start};
    case ItemRef::Kind::Handler:
        return {Field::ExceptionType};
    case ItemRef::Kind::Step:
        break;
    }
    const Step* s = stepAt(g, ref);
    if (!s)
        return {};
    std::vector<Field> timeout{Field::HasTimeout};
    if (s->timeout) {
        timeout.push_back(Field::TimeoutKind);
        timeout.push_back(Field::TimeoutA);
        if (s->timeout->kind == Duration::Kind::Uniform)
            timeout.push_back(Field::TimeoutB);
    }
    std::vector<Field> duration{Field::DurationKind, Field::DurationA};
    if (s->duration.kind == Duration::Kind::Uniform)
        duration.push_back(Field::DurationB);
    auto join = [](std::vector<Field> a, const std::vector<Field>& b) {
        a.insert(a.end(), b.begin(), b.end());
        return a;
    };
    switch (s->kind) {
    case StepKind::Print:
        return {Field::Text};
    case StepKind::Sleep:
    case StepKind::Block:
        return duration;
    case StepKind::IO:
        return join(duration, {Field::Text});
    case StepKind::Put:
        return s->hasItem ? std::vector<Field>{Field::Resource, Field::HasItem, Field::Text}
                          : std::vector<Field>{Field::Resource, Field::HasItem};
    case StepKind::Hold:
    case StepKind::WaitEvent:
    case StepKind::Set:
    case StepKind::Clear:
    case StepKind::Get:
    case StepKind::TaskDone:
    case StepKind::Join:
        return {Field::Resource};
    case StepKind::Create:
    case StepKind::Await:
    case StepKind::Shield:
    case StepKind::Cancel:
        return {Field::Task};
    case StepKind::Gather:
        return {Field::Tasks, Field::ReturnExceptions};
    case StepKind::Wait:
        return join({Field::Tasks, Field::Mode}, timeout);
    case StepKind::AsCompleted:
        return join({Field::Tasks}, timeout);
    case StepKind::WaitFor:
        return s->tasks.empty() ? timeout : join({Field::Task}, timeout);
    case StepKind::Raise:
        return {Field::ExceptionType, Field::Text};
    case StepKind::Repeat:
        return {Field::Count};
    case StepKind::Try:
        return {Field::ExceptionType};
    }
    return {};
}

QVariant fieldValue(const Graph& g, const ItemRef& ref, Field field) {
    auto str = [](const std::string& s) { return QString::fromStdString(s); };
    if (ref.kind == ItemRef::Kind::Graph) {
        switch (field) {
        case Field::Description:
            return str(g.description);
        case Field::Seed:
            return double(g.seed);
        case Field::ReturnExceptions:
            return g.returnExceptions;
        default:
            return {};
        }
    }
    if (ref.kind == ItemRef::Kind::Resource) {
        if (ref.index < 0 || std::size_t(ref.index) >= g.resources.size())
            return {};
        const ResourceSpec& r = g.resources[std::size_t(ref.index)];
        switch (field) {
        case Field::Name:
            return str(r.name);
        case Field::ResourceType:
            return str(std::string(nameOf(r.kind)));
        case Field::Capacity:
            return r.value;
        case Field::Lock:
            return r.lock >= 0 ? str(g.resources[std::size_t(r.lock)].name) : QString();
        default:
            return {};
        }
    }
    if (ref.kind == ItemRef::Kind::Task) {
        if (ref.index < 0 || std::size_t(ref.index) >= g.tasks.size())
            return {};
        const TaskSpec& t = g.tasks[std::size_t(ref.index)];
        if (field == Field::Name)
            return str(t.name);
        if (field == Field::Start)
            return t.start;
        return {};
    }
    const Step* s = nullptr;
    if (ref.kind == ItemRef::Kind::Handler) {
        ItemRef tryStep = ref;
        tryStep.kind = ItemRef::Kind::Step;
        s = stepAt(g, tryStep);
    } else {
        s = stepAt(g, ref);
    }
    if (!s)
        return {};
    auto taskName = [&](int i) {
        return i >= 0 && std::size_t(i) < g.tasks.size() ? str(g.tasks[std::size_t(i)].name)
                                                         : QString();
    };
    const Duration timeout = s->timeout.value_or(Duration{});
    switch (field) {
    case Field::ReturnExceptions:
        return s->returnExceptions;
    case Field::Text:
        return str(s->text);
    case Field::HasItem:
        return s->hasItem;
    case Field::ExceptionType:
        return str(s->type);
    case Field::DurationKind:
        return QString(durationKindName(s->duration.kind));
    case Field::DurationA:
        return s->duration.a;
    case Field::DurationB:
        return s->duration.b;
    case Field::HasTimeout:
        return s->timeout.has_value();
    case Field::TimeoutKind:
        return QString(durationKindName(timeout.kind));
    case Field::TimeoutA:
        return timeout.a;
    case Field::TimeoutB:
        return timeout.b;
    case Field::Resource:
        return s->resource >= 0 && std::size_t(s->resource) < g.resources.size()
                   ? str(g.resources[std::size_t(s->resource)].name)
                   : QString();
    case Field::Task:
        return taskName(s->tasks.empty() ? -1 : s->tasks.front());
    case Field::Tasks: {
        QStringList names;
        for (int t : s->tasks)
            names << taskName(t);
        return names;
    }
    case Field::Mode:
        return str(std::string(nameOf(s->mode)));
    case Field::Count:
        return s->count;
    default:
        return {};
    }
}

std::string addTask(Graph& g, ItemRef* added) {
    TaskSpec t;
    t.name = freshName(g.tasks, "task");
    g.tasks.push_back(std::move(t));
    if (added)
        *added = ItemRef::task(int(g.tasks.size()) - 1);
    return {};
}

std::string addResource(Graph& g, ResourceKind kind, ItemRef* added) {
    ResourceSpec r;
    r.kind = kind;
    r.name = freshName(g.resources, lower(nameOf(kind)));
    r.value = kind == ResourceKind::Queue ? 0 : 1;
    g.resources.push_back(std::move(r));
    if (added)
        *added = ItemRef::resource(int(g.resources.size()) - 1);
    return {};
}

std::string addStep(Graph& g, const ItemRef& selected, StepKind kind, ItemRef* added) {
    const int task = ownerTask(selected);
    if (task < 0 || std::size_t(task) >= g.tasks.size())
        return "select a task or a step to add a step to";
    Step s;
    if (std::string why = newStep(g, task, kind, s); !why.empty())
        return why;
    ItemRef where = selected;
    if (std::vector<Step>* children = childListOf(g, selected)) {
        children->push_back(std::move(s));
        const bool handler = selected.kind == ItemRef::Kind::Handler;
        where.kind = ItemRef::Kind::Step;
        where.path.push_back({int(children->size()) - 1, handler});
    } else if (std::vector<Step>* list = listOf(g, selected)) {
        const int at = selected.path.back().index + 1;
        list->insert(list->begin() + at, std::move(s));
        where.path.back().index = at;
    } else {
        return "no step at " + placeOf(g, selected);
    }
    if (added)
        *added = where;
    return {};
}

std::string removeItem(Graph& g, const ItemRef& ref) {
    switch (ref.kind) {
    case ItemRef::Kind::Resource: {
        if (ref.index < 0 || std::size_t(ref.index) >= g.resources.size())
            return "no such resource";
        const int i = ref.index;
        std::string user;
        forEachStep(g, [&](Step& s, const ItemRef& at) {
            if (s.resource == i && user.empty())
                user = placeOf(g, at) + " (" + std::string(graph::stepKey(s.kind)) + ")";
        });
        for (std::size_t r = 0; r < g.resources.size() && user.empty(); ++r)
            if (g.resources[r].lock == i)
                user = "resources[" + std::to_string(r) + "] (" + g.resources[r].name + ")";
        if (!user.empty())
            return "resource " + quoted(g.resources[std::size_t(i)].name) + " is used by " + user +
                   ": change or remove that first";
        g.resources.erase(g.resources.begin() + i);
        remapResources(g, [i](int r) { return r > i ? r - 1 : r; });
        return {};
    }
    case ItemRef::Kind::Task: {
        if (ref.index < 0 || std::size_t(ref.index) >= g.tasks.size())
            return "no such task";
        const int i = ref.index;
        std::string user;
        forEachStep(g, [&](Step& s, const ItemRef& at) {
            if (at.index != i && user.empty() &&
                std::find(s.tasks.begin(), s.tasks.end(), i) != s.tasks.end())
                user = placeOf(g, at) + " (" + std::string(graph::stepKey(s.kind)) + ")";
        });
        if (!user.empty())
            return "task " + quoted(g.tasks[std::size_t(i)].name) + " is used by " + user +
                   ": change or remove that first";
        // Its own steps may name it (cancel itself): they go with it.
        g.tasks.erase(g.tasks.begin() + i);
        remapTasks(g, [i](int t) { return t > i ? t - 1 : t; });
        return {};
    }
    case ItemRef::Kind::Step: {
        std::vector<Step>* list = listOf(g, ref);
        if (!list)
            return "no step at " + placeOf(g, ref);
        list->erase(list->begin() + ref.path.back().index);
        return {};
    }
    default:
        return "select a resource, a task or a step to remove";
    }
}

std::string moveItem(Graph& g, const ItemRef& ref, int delta, ItemRef* moved) {
    ItemRef to = ref;
    auto swapIn = [&](auto& list, int i) -> std::string {
        const int j = i + delta;
        if (i < 0 || std::size_t(i) >= list.size())
            return "nothing to move";
        if (j < 0 || std::size_t(j) >= list.size())
            return delta < 0 ? "already the first" : "already the last";
        std::swap(list[std::size_t(i)], list[std::size_t(j)]);
        return {};
    };
    auto swapIndex = [](int i, int j) {
        return [i, j](int x) { return x == i ? j : x == j ? i : x; };
    };
    std::string why;
    switch (ref.kind) {
    case ItemRef::Kind::Resource:
        why = swapIn(g.resources, ref.index);
        if (why.empty())
            remapResources(g, swapIndex(ref.index, ref.index + delta));
        to.index += delta;
        break;
    case ItemRef::Kind::Task:
        why = swapIn(g.tasks, ref.index);
        if (why.empty())
            remapTasks(g, swapIndex(ref.index, ref.index + delta));
        to.index += delta;
        break;
    case ItemRef::Kind::Step: {
        std::vector<Step>* list = listOf(g, ref);
        if (!list)
            return "no step at " + placeOf(g, ref);
        const int i = ref.path.back().index;
        const int j = i + delta;
        if (ref.path.size() > 1 && i >= 0 && std::size_t(i) < list->size() &&
            (j < 0 || std::size_t(j) >= list->size())) {
            // Past the edge of a block (hold, repeat, try, wait_for): out of it, just before
            // or after the step that holds it.
            ItemRef block = ref;
            block.path.pop_back();
            std::vector<Step>* outer = listOf(g, block);
            if (!outer)
                return "no step at " + placeOf(g, block);
            Step step = std::move((*list)[std::size_t(i)]);
            list->erase(list->begin() + i);
            const int at = block.path.back().index + (delta > 0 ? 1 : 0);
            outer->insert(outer->begin() + at, std::move(step));
            to = block;
            to.path.back().index = at;
            break;
        }
        why = swapIn(*list, i);
        to.path.back().index += delta;
        break;
    }
    default:
        return "select a resource, a task or a step to move";
    }
    if (why.empty() && moved)
        *moved = to;
    return why;
}

std::string setField(Graph& g, const ItemRef& ref, Field field, const QVariant& value) {
    const std::string text = value.toString().toStdString();
    if (ref.kind == ItemRef::Kind::Graph) {
        switch (field) {
        case Field::Description:
            g.description = text;
            return {};
        case Field::Seed:
            if (value.toDouble() < 0 || value.toDouble() > 9007199254740992.0)
                return "the seed is an integer from 0 to 2^53";
            g.seed = std::uint64_t(value.toDouble());
            return {};
        case Field::ReturnExceptions:
            g.returnExceptions = value.toBool();
            return {};
        default:
            break;
        }
    } else if (ref.kind == ItemRef::Kind::Resource && ref.index >= 0 &&
               std::size_t(ref.index) < g.resources.size()) {
        ResourceSpec& r = g.resources[std::size_t(ref.index)];
        switch (field) {
        case Field::Name:
            r.name = text;
            return {};
        case Field::ResourceType:
            for (ResourceKind k :
                 {ResourceKind::Lock, ResourceKind::Semaphore, ResourceKind::BoundedSemaphore,
                  ResourceKind::Event, ResourceKind::Condition, ResourceKind::Queue})
                if (nameOf(k) == text) {
                    if (k != r.kind)
                        r.value = k == ResourceKind::Queue ? 0 : 1;
                    r.kind = k;
                    r.lock = -1;
                    return {};
                }
            return "unknown resource type " + quoted(text);
        case Field::Capacity:
            r.value = value.toInt();
            return {};
        case Field::Lock:
            if (text.empty()) {
                r.lock = -1;
                return {};
            }
            r.lock = resourceNamed(g, value.toString());
            return r.lock < 0 ? "no resource named " + quoted(text) : std::string();
        default:
            break;
        }
    } else if (ref.kind == ItemRef::Kind::Task && ref.index >= 0 &&
               std::size_t(ref.index) < g.tasks.size()) {
        TaskSpec& t = g.tasks[std::size_t(ref.index)];
        if (field == Field::Name) {
            t.name = text;
            return {};
        }
        if (field == Field::Start) {
            if (t.createdByStep)
                return "task " + quoted(t.name) +
                       " is created by a \"create\" step, so main does not start it";
            t.start = value.toDouble();
            return {};
        }
    } else {
        ItemRef stepRef = ref;
        stepRef.kind = ItemRef::Kind::Step;
        Step* s = ref.kind == ItemRef::Kind::Handler || ref.kind == ItemRef::Kind::Step
                      ? stepAt(g, stepRef)
                      : nullptr;
        if (!s)
            return "no step at " + placeOf(g, ref);
        Duration timeout = s->timeout.value_or(Duration{Duration::Kind::Fixed, 1, 0});
        switch (field) {
        case Field::ReturnExceptions:
            s->returnExceptions = value.toBool();
            return {};
        case Field::Text:
            s->text = text;
            return {};
        case Field::HasItem:
            s->hasItem = value.toBool();
            return {};
        case Field::ExceptionType:
            s->type = text;
            return {};
        case Field::DurationKind:
            return setDurationKind(s->duration, value.toString());
        case Field::DurationA:
            s->duration.a = value.toDouble();
            return {};
        case Field::DurationB:
            s->duration.b = value.toDouble();
            return {};
        case Field::HasTimeout:
            if (value.toBool())
                s->timeout = timeout;
            else
                s->timeout.reset();
            return {};
        case Field::TimeoutKind: {
            std::string why = setDurationKind(timeout, value.toString());
            s->timeout = timeout;
            return why;
        }
        case Field::TimeoutA:
            timeout.a = value.toDouble();
            s->timeout = timeout;
            return {};
        case Field::TimeoutB:
            timeout.b = value.toDouble();
            s->timeout = timeout;
            return {};
        case Field::Resource:
            s->resource = resourceNamed(g, value.toString());
            return s->resource < 0 ? "no resource named " + quoted(text) : std::string();
        case Field::Task: {
            const int t = taskNamed(g, value.toString());
            if (t < 0)
                return "no task named " + quoted(text);
            s->tasks = {t};
            return {};
        }
        case Field::Tasks: {
            s->tasks.clear();
            for (const QString& name : value.toStringList()) {
                const int t = taskNamed(g, name);
                if (t < 0)
                    return "no task named " + quoted(name.toStdString());
                s->tasks.push_back(t);
            }
            return {};
        }
        case Field::Mode:
            for (WaitMode m :
                 {WaitMode::AllCompleted, WaitMode::FirstCompleted, WaitMode::FirstException})
                if (nameOf(m) == text) {
                    s->mode = m;
                    return {};
                }
            return "unknown return_when " + quoted(text);
        case Field::Count:
            s->count = value.toInt();
            return {};
        default:
            break;
        }
    }
    return std::string("no ") + fieldName(field) + " at " + placeOf(g, ref);
}

} // namespace loopscope::builder
