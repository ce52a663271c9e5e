// "Show as Python": a task graph written out as the asyncio script it stands for, for a learner
// to read, and for `loopscope run` or CPython 3.11 to run to the graph's own output.
#pragma once

#include "loopscope/graph/Graph.hpp"

#include <string>
#include <string_view>

namespace loopscope::graph {

/// The asyncio script equivalent to `graph` (docs/graph-format.md, "As Python"): one
/// `async def` per task, standard library only. Run by `loopscope run` it prints the same lines
/// at the same virtual times and ends with the same status as runGraph(graph).
std::string pythonScript(const Graph& graph);

/// `name` made a Python identifier: ASCII letters, digits and _ kept, and the non-ASCII letters
/// Python reads as themselves (Latin, Greek, Cyrillic, kana, CJK, Hangul); anything else
/// becomes _, and a leading digit gets a _ in front. Keywords are left to the caller.
std::string pythonIdentifier(std::string_view name);

} // namespace loopscope::graph
