// Runs a Graph on the scheduler core: main creates the resources and the top-level tasks, each
// task a Co<void> coroutine interpreting its steps. No Python involved; the trace is the
// core's own, as for any C++ scenario.
#pragma once

#include "loopscope/Loop.hpp"
#include "loopscope/Trace.hpp"
#include "loopscope/graph/Graph.hpp"

namespace loopscope::graph {

/// How a graph's run ended, and its trace.
struct GraphRun {
    RunResult result;
    Trace trace;
};

/// Runs `graph` as asyncio.run(main()) on a fresh loop (see docs/graph-format.md, "Running").
GraphRun runGraph(const Graph& graph, LoopOptions options = {});

} // namespace loopscope::graph
