// --interventions / --no-interventions, shared by run, export and test.
#include "InterventionsOption.hpp"

#include <loopscope/graph/InterventionsFile.hpp>

#include <cstdio>
#include <filesystem>

namespace loopscope::cli {

bool InterventionsChoice::parse(const char* cmd, int argc, char** argv, int& i, bool& ok) {
    const std::string a = argv[i];
    if (a != "--interventions" && a != "--no-interventions")
        return false;
    if (a == "--interventions" && i + 1 >= argc) {
        std::fprintf(stderr, "loopscope %s: --interventions needs a file name "
                             "(NAME.interventions.json)\n", cmd);
        ok = false;
        return true;
    }
    if (a == "--interventions")
        file = argv[++i];
    else
        disabled = true;
    if (disabled && !file.empty()) {
        std::fprintf(stderr, "loopscope %s: --interventions and --no-interventions contradict "
                             "each other\n", cmd);
        ok = false;
    }
    return true;
}

std::vector<std::string> InterventionsChoice::arguments() const {
    if (disabled)
        return {"--no-interventions"};
    if (!file.empty())
        return {"--interventions", file};
    return {};
}

std::optional<std::vector<Intervention>> resolveInterventions(const char* cmd,
                                                              const InterventionsChoice& choice,
                                                              const std::string& scenario) {
    if (choice.disabled)
        return std::vector<Intervention>{};
    std::string path = choice.file;
    if (path.empty()) {
        path = graph::interventionsPathFor(scenario);
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec))
            return std::vector<Intervention>{}; // none saved with the scenario
    }
    std::string error;
    std::optional<std::vector<Intervention>> list = graph::loadInterventions(path, &error);
    if (!list) {
        std::fprintf(stderr, "loopscope %s: %s\n", cmd, error.c_str());
        return std::nullopt;
    }
    // Only a file found beside the scenario is announced: one given by name is expected.
    if (choice.file.empty())
        std::fprintf(stderr, "loopscope %s: applying %zu intervention%s from %s\n", cmd,
                     list->size(), list->size() == 1 ? "" : "s", path.c_str());
    return list;
}

} // namespace loopscope::cli
