// Reads and checks a *.lsgraph.json file. Every failure is one message
// "FILE:LINE:COL: WHERE: what" (WHERE like tasks[2].steps[0]); nothing is loaded half-way.
#pragma once

#include "loopscope/graph/Graph.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace loopscope::graph {

inline constexpr std::string_view kGraphSuffix = ".lsgraph.json";
inline constexpr int kGraphVersion = 1;

/// The key that names a step of `kind` in a file ("print", "wait_for", ...).
std::string_view stepKey(StepKind kind);

/// True when `path` names a graph file (ends with .lsgraph.json).
bool isGraphPath(std::string_view path);

/// The graph in `text`; `path` is only used in messages. nullopt and *error on failure.
std::optional<Graph> parseGraph(std::string_view text, const std::string& path, std::string* error);
/// Reads the file at `path` and parses it.
std::optional<Graph> loadGraph(const std::string& path, std::string* error);

} // namespace loopscope::graph
