// The builder's edits as plain functions on a Graph: each changes the graph it is given or
// says why it cannot. GraphDocument applies them to a copy, checks the result by writing and
// reading it back, and only then makes it the document's graph, so no edit is half-applied.
#pragma once

#include "ItemRef.hpp"

#include <QVariant>

#include <string>

namespace loopscope::builder {

/// An editable property. Which items have which is in fieldsOf().
enum class Field {
    Description,      ///< Graph: QString
    Seed,             ///< Graph: double (an integer)
    ReturnExceptions, ///< Graph, gather step: bool
    Name,             ///< Resource, Task: QString
    ResourceType,     ///< Resource: QString ("Lock", "Semaphore", ...)
    Capacity,         ///< Resource: int (a semaphore's value, a queue's maxsize)
    Lock,             ///< Condition resource: QString (a Lock's name; empty: its own)
    Start,            ///< Task: double
    Text,             ///< print text, io label, raise message, put item: QString
    HasItem,          ///< put: bool
    ExceptionType,    ///< raise, try's except: QString
    DurationKind,     ///< sleep, io, block: QString ("fixed", "uniform", "exponential")
    DurationA,        ///< fixed value, uniform low, exponential mean: double
    DurationB,        ///< uniform high: double
    HasTimeout,       ///< wait, as_completed, wait_for: bool
    TimeoutKind,      ///< as DurationKind
    TimeoutA,
    TimeoutB,
    Resource, ///< steps on a resource: QString
    Task,     ///< create, await, shield, cancel, wait_for on a task: QString
    Tasks,    ///< gather, wait, as_completed: QStringList
    Mode,     ///< wait: QString ("ALL_COMPLETED", ...)
    Count,    ///< repeat: int
};

/// "capacity", "start", ... for undo texts.
const char* fieldName(Field f);

/// The fields the property editor shows for `ref`, in order.
std::vector<Field> fieldsOf(const graph::Graph& g, const ItemRef& ref);
/// The current value of `field` of `ref`.
QVariant fieldValue(const graph::Graph& g, const ItemRef& ref, Field field);

/// Each edit returns an empty string when done, else why not (then `g` may be half-changed:
/// callers edit a copy).
std::string addTask(graph::Graph& g, ItemRef* added);
std::string addResource(graph::Graph& g, ResourceKind kind, ItemRef* added);
/// Adds a step of `kind` into or after `selected` (see childListOf); its task and resource
/// references default to the first that fit.
std::string addStep(graph::Graph& g, const ItemRef& selected, graph::StepKind kind, ItemRef* added);
/// Removes a resource, task or step (with its nested steps); refuses a resource or task that
/// a step still names.
std::string removeItem(graph::Graph& g, const ItemRef& ref);
/// Moves a resource, task or step one place up (-1) or down (+1) in its list; a step at the
/// edge of a block (the first up, the last down) moves out of it, before or after the block.
std::string moveItem(graph::Graph& g, const ItemRef& ref, int delta, ItemRef* moved);
std::string setField(graph::Graph& g, const ItemRef& ref, Field field, const QVariant& value);

/// The step kinds in the order the builder's menu lists them.
const std::vector<graph::StepKind>& stepKinds();

} // namespace loopscope::builder
