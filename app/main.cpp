// loopscope's command line. Subcommands: demo (built-in C++ scenarios on the core).
#include "DemoScenarios.hpp"

#include <loopscope/loopscope.hpp>

#include <cstdio>
#include <cstring>
#include <string>

using namespace loopscope;

namespace {

// Exit codes shared by every subcommand that runs a scenario.
enum Exit { ExitOk = 0, ExitFailed = 1, ExitUsage = 2, ExitHorizon = 3 };

void usage(FILE* out) {
    std::fprintf(out,
                 "usage: loopscope demo [NAME] [--horizon SECONDS]\n"
                 "       loopscope demo --list\n"
                 "       loopscope --version\n"
                 "\n"
                 "demo runs a built-in scenario on the virtual-clock scheduler and prints its\n"
                 "output as '[T] text' lines, then '# end t=T status=S'.\n");
}

std::string statusText(const RunResult& r) {
    if (r.status == RunStatus::Exception)
        return "exception:" + describeException(r.error).type;
    return std::string(nameOf(r.status));
}

int runDemo(const demo::DemoScenario& d, double horizon) {
    LoopOptions opts;
    opts.horizon = horizon;
    Loop loop(opts);
    RunResult r = run(loop, d.main().named("main"));
    Trace trace = loop.takeTrace();
    for (const OutputLine& line : trace.output)
        std::printf("[%.3f] %s\n", line.time, line.text.c_str());
    for (const Diagnostic& diag : trace.diagnostics)
        std::fprintf(stderr, "loopscope: %s\n", diag.message.c_str());
    std::printf("# end t=%.3f status=%s\n", trace.endTime, statusText(r).c_str());
    switch (r.status) {
    case RunStatus::Ok: return ExitOk;
    case RunStatus::Horizon:
    case RunStatus::Budget: return ExitHorizon;
    default: return ExitFailed;
    }
}

int demoCommand(int argc, char** argv) {
    std::string name = "gather";
    double horizon = 3600;
    for (int i = 0; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--list") {
            for (const demo::DemoScenario& d : demo::scenarios())
                std::printf("%-14s %s\n", d.name.c_str(), d.description.c_str());
            return ExitOk;
        } else if (a == "--horizon") {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "loopscope demo: --horizon needs a number of seconds\n");
                return ExitUsage;
            }
            char* end = nullptr;
            horizon = std::strtod(argv[++i], &end);
            if (!end || *end || !(horizon > 0)) {
                std::fprintf(stderr, "loopscope demo: --horizon needs a positive number of "
                                     "seconds, got '%s'\n",
                             argv[i]);
                return ExitUsage;
            }
        } else if (!a.empty() && a[0] == '-') {
            std::fprintf(stderr, "loopscope demo: unknown option '%s'\n", a.c_str());
            usage(stderr);
            return ExitUsage;
        } else {
            name = a;
        }
    }
    for (const demo::DemoScenario& d : demo::scenarios())
        if (d.name == name)
            return runDemo(d, horizon);
    std::fprintf(stderr, "loopscope demo: no demo named '%s' (try --list)\n", name.c_str());
    return ExitUsage;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        usage(stderr);
        return ExitUsage;
    }
    std::string cmd = argv[1];
    if (cmd == "demo")
        return demoCommand(argc - 2, argv + 2);
    if (cmd == "--version") {
        std::printf("loopscope 0.1.0\n");
        return ExitOk;
    }
    if (cmd == "--help" || cmd == "-h") {
        usage(stdout);
        return ExitOk;
    }
    std::fprintf(stderr, "loopscope: unknown command '%s'\n", cmd.c_str());
    usage(stderr);
    return ExitUsage;
}
