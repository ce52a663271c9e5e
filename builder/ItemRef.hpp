// Where an item of a graph is: the graph's own settings, a resource, a task, a step at any
// depth, or a try step's handler list. What the builder's tree, its property editor and the
// document's edits pass around instead of pointers, which an edit would invalidate.
#pragma once

#include <loopscope/graph/Graph.hpp>

#include <vector>

namespace loopscope::builder {

/// One level down a task's steps: the index into the parent's nested steps, or into its
/// handler (a try step's except branch).
struct StepHop {
    int index = 0;
    bool handler = false;
    friend bool operator==(const StepHop&, const StepHop&) = default;
};

struct ItemRef {
    enum class Kind { None, Graph, Resource, Task, Step, Handler };
    Kind kind = Kind::None;
    int index = -1;            ///< Resource, Task, Step, Handler: the resource or task
    std::vector<StepHop> path; ///< Step: the hops down to it; Handler: to its try step

    static ItemRef graph() { return {Kind::Graph, -1, {}}; }
    static ItemRef resource(int i) { return {Kind::Resource, i, {}}; }
    static ItemRef task(int i) { return {Kind::Task, i, {}}; }
    static ItemRef step(int task, std::vector<StepHop> path) {
        return {Kind::Step, task, std::move(path)};
    }
    static ItemRef handler(int task, std::vector<StepHop> tryStep) {
        return {Kind::Handler, task, std::move(tryStep)};
    }
    friend bool operator==(const ItemRef&, const ItemRef&) = default;
};

/// The step `ref` names in `g`, or nullptr when there is none (or `ref` is not a Step).
graph::Step* stepAt(graph::Graph& g, const ItemRef& ref);
const graph::Step* stepAt(const graph::Graph& g, const ItemRef& ref);

/// The list that holds the step `ref` names (its task's steps, or a step's nested steps or
/// handler), or nullptr.
std::vector<graph::Step>* listOf(graph::Graph& g, const ItemRef& ref);

/// The list new steps go into when `ref` is selected: a task's steps, a container step's
/// nested steps (hold, repeat, try, wait_for on steps), a handler; nullptr for others.
std::vector<graph::Step>* childListOf(graph::Graph& g, const ItemRef& ref);

/// True when steps of this kind hold nested steps.
bool isContainer(const graph::Step& s);

/// "tasks[1].steps[0].handler[2]" for messages, like the loader names places.
std::string placeOf(const graph::Graph& g, const ItemRef& ref);

} // namespace loopscope::builder
