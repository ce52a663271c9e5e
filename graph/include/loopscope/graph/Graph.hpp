// A task graph (docs/graph-format.md): a scenario as data, resources and tasks with ordered
// steps, as loaded from a *.lsgraph.json file. Plain data; GraphRunner gives it life.
#pragma once

#include "loopscope/TraceTypes.hpp"
#include "loopscope/graph/JsonValue.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace loopscope::graph {

/// A duration in seconds: fixed, or drawn from the run's seeded generator each time a step
/// that uses it starts.
struct Duration {
    enum class Kind { Fixed, Uniform, Exponential };
    Kind kind = Kind::Fixed;
    double a = 0; ///< Fixed: the value; Uniform: low; Exponential: the mean
    double b = 0; ///< Uniform: high
};

struct ResourceSpec {
    std::string name;
    ResourceKind kind = ResourceKind::Lock;
    int value = 1; ///< Semaphore/BoundedSemaphore: initial value; Queue: maxsize
    int lock = -1; ///< Condition: index of the Lock it shares, or -1 for its own
};

enum class StepKind {
    Print,
    Sleep,
    IO,
    Block,
    Hold,
    WaitEvent,
    Set,
    Clear,
    Put,
    Get,
    TaskDone,
    Join,
    Create,
    Await,
    Gather,
    Wait,
    AsCompleted,
    WaitFor,
    Shield,
    Cancel,
    Raise,
    Repeat,
    Try,
};

/// One step. Which fields mean something depends on kind (see docs/graph-format.md).
struct Step {
    StepKind kind = StepKind::Print;
    TextPos at;                      ///< where the step's object starts
    std::string text;                ///< Print: message; IO: label; Raise: message; Put: item
    bool hasItem = false;            ///< Put: an item was given (else None)
    std::string type;                ///< Raise: the exception type; Try: the type caught
    Duration duration;               ///< Sleep, IO, Block
    std::optional<Duration> timeout; ///< Wait, AsCompleted, WaitFor
    int resource = -1;               ///< index into Graph::resources
    std::vector<int> tasks;          ///< indices into Graph::tasks
    std::vector<Step> steps;         ///< Hold, Repeat, Try, WaitFor (when it waits on steps)
    std::vector<Step> handler;       ///< Try: the steps run when the type is caught
    WaitMode mode = WaitMode::AllCompleted;
    bool returnExceptions = false; ///< Gather
    int count = 0;                 ///< Repeat
};

struct TaskSpec {
    std::string name;
    double start = 0;           ///< when main creates it (ignored if createdByStep)
    bool createdByStep = false; ///< a "create" step of another task creates it
    std::vector<Step> steps;
};

struct Graph {
    std::string path;        ///< the file it was read from, for messages
    std::string description; ///< the file's free text, kept so that saving does not lose it
    /// How a run of it is meant to end, for `loopscope test`: "ok" (also when empty),
    /// "deadlock", "horizon" or "exception:Type". The run itself ignores it.
    std::string expect;
    std::uint64_t seed = 0;
    bool returnExceptions = false; ///< main's gather of the top-level tasks
    std::vector<ResourceSpec> resources;
    std::vector<TaskSpec> tasks;
};

} // namespace loopscope::graph
