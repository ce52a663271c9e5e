// The interventions saved with a scenario: NAME.interventions.json beside NAME.py or
// NAME.lsgraph.json (docs/interventions.md). Read by the command line (run, export, test)
// and by the window, which also writes it. Every read failure is one message
// "FILE:LINE:COL: WHERE: what"; nothing is loaded half-way.
#pragma once

#include "loopscope/Intervention.hpp"

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loopscope::graph {

inline constexpr std::string_view kInterventionsSuffix = ".interventions.json";
inline constexpr int kInterventionsVersion = 1;

/// The interventions file of a scenario: its path without ".py" or ".lsgraph.json" (any
/// other name as it is) followed by ".interventions.json".
std::string interventionsPathFor(std::string_view scenarioPath);

/// The interventions in `text`; `path` is only used in messages. nullopt and *error on failure.
std::optional<std::vector<Intervention>> parseInterventions(std::string_view text,
                                                            const std::string& path,
                                                            std::string* error);
/// Reads the file at `path` and parses it.
std::optional<std::vector<Intervention>> loadInterventions(const std::string& path,
                                                           std::string* error);

/// Writes `list` as an interventions file (format v1), times with full precision.
void writeInterventions(const std::vector<Intervention>& list, std::ostream& out);
/// Saves `list` to `path` atomically (the old file or the whole new one, never half).
bool saveInterventions(const std::string& path, const std::vector<Intervention>& list,
                       std::string* error);

} // namespace loopscope::graph
