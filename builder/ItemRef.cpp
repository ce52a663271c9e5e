// Resolving an ItemRef against a graph: a walk down the hops, checked at every level.
#include "ItemRef.hpp"

namespace loopscope::builder {

using graph::Graph;
using graph::Step;
using graph::StepKind;

bool isContainer(const Step& s) {
    switch (s.kind) {
    case StepKind::Hold:
    case StepKind::Repeat:
    case StepKind::Try:
        return true;
    case StepKind::WaitFor:
        return s.tasks.empty();
    default:
        return false;
    }
}

std::vector<Step>* listOf(Graph& g, const ItemRef& ref) {
    if ((ref.kind != ItemRef::Kind::Step && ref.kind != ItemRef::Kind::Handler) || ref.index < 0 ||
        std::size_t(ref.index) >= g.tasks.size() || ref.path.empty())
        return nullptr;
    std::vector<Step>* list = &g.tasks[std::size_t(ref.index)].steps;
    for (std::size_t i = 0; i + 1 < ref.path.size(); ++i) {
        const StepHop& hop = ref.path[i];
        if (hop.index < 0 || std::size_t(hop.index) >= list->size())
            return nullptr;
        Step& s = (*list)[std::size_t(hop.index)];
        list = ref.path[i + 1].handler ? &s.handler : &s.steps;
    }
    const int last = ref.path.back().index;
    return last >= 0 && std::size_t(last) < list->size() ? list : nullptr;
}

Step* stepAt(Graph& g, const ItemRef& ref) {
    std::vector<Step>* list = listOf(g, ref);
    return list ? &(*list)[std::size_t(ref.path.back().index)] : nullptr;
}

const Step* stepAt(const Graph& g, const ItemRef& ref) {
    return stepAt(const_cast<Graph&>(g), ref);
}

std::vector<Step>* childListOf(Graph& g, const ItemRef& ref) {
    switch (ref.kind) {
    case ItemRef::Kind::Task:
        return ref.index >= 0 && std::size_t(ref.index) < g.tasks.size()
                   ? &g.tasks[std::size_t(ref.index)].steps
                   : nullptr;
    case ItemRef::Kind::Handler: {
        std::vector<Step>* list = listOf(g, ref);
        return list ? &(*list)[std::size_t(ref.path.back().index)].handler : nullptr;
    }
    case ItemRef::Kind::Step: {
        Step* s = stepAt(g, ref);
        return s && isContainer(*s) ? &s->steps : nullptr;
    }
    default:
        return nullptr;
    }
}

std::string placeOf(const Graph& g, const ItemRef& ref) {
    switch (ref.kind) {
    case ItemRef::Kind::None:
        return {};
    case ItemRef::Kind::Graph:
        return "the graph";
    case ItemRef::Kind::Resource:
        return "resources[" + std::to_string(ref.index) + "]";
    case ItemRef::Kind::Task:
        return "tasks[" + std::to_string(ref.index) + "]";
    case ItemRef::Kind::Step:
    case ItemRef::Kind::Handler:
        break;
    }
    std::string out = "tasks[" + std::to_string(ref.index) + "]";
    for (const StepHop& hop : ref.path)
        out += (hop.handler ? ".handler[" : ".steps[") + std::to_string(hop.index) + "]";
    return ref.kind == ItemRef::Kind::Handler ? out + ".handler" : out;
}

} // namespace loopscope::builder
