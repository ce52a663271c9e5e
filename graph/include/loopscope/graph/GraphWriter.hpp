// Writes a Graph back as a *.lsgraph.json file (format v1, docs/graph-format.md): canonical
// and readable, so that what the builder saves reads like the bundled graphs and parseGraph
// reads it back to the same graph.
#pragma once

#include "loopscope/graph/Graph.hpp"

#include <string>

namespace loopscope::graph {

/// The graph as canonical JSON: the header members one per line, each resource and each task
/// on a line of its own when it fits in 100 columns, else its step lists one step per line
/// (2-space indent, nested lists indented further). Options equal to their defaults are left
/// out, except `wait_for`'s `timeout`, which the format requires. Ends with a newline.
std::string graphJson(const Graph& graph);

/// True when `a` and `b` describe the same graph: every member of every resource, task and
/// step, ignoring where things were in a file (`Graph::path`, `Step::at`).
bool sameGraph(const Graph& a, const Graph& b);

} // namespace loopscope::graph
