// The command line's --interventions FILE and --no-interventions, and the interventions a
// run, export or test applies: NAME.interventions.json beside the scenario unless told
// otherwise (docs/interventions.md).
#pragma once

#include <loopscope/Intervention.hpp>

#include <optional>
#include <string>
#include <vector>

namespace loopscope::cli {

struct InterventionsChoice {
    std::string file;      ///< --interventions FILE: this file instead of the one beside
    bool disabled = false; ///< --no-interventions: none at all

    /// When argv[i] is one of the two options, takes it (and its value) and returns true;
    /// `ok` turns false, after a message, when it is misused.
    bool parse(const char* cmd, int argc, char** argv, int& i, bool& ok);
    /// The arguments that pass this choice on to a child `loopscope run`.
    std::vector<std::string> arguments() const;
};

/// The interventions for `scenario`: from the chosen file, else from the file beside it when
/// there is one (said on stderr), else none. nullopt after a message "loopscope CMD:
/// FILE:LINE:COL: what" on stderr when the file is unreadable or wrong.
std::optional<std::vector<Intervention>> resolveInterventions(const char* cmd,
                                                              const InterventionsChoice& choice,
                                                              const std::string& scenario);

} // namespace loopscope::cli
