// loopscope's command line (run, export, test, demo), and the window when started with no
// arguments or with a single .py file.
#include "DemoScenarios.hpp"
#include "ExitStatus.hpp"
#include "ExportCommand.hpp"
#include "InterventionsOption.hpp"
#include "MainWindow.hpp"
#include "TestCommand.hpp"

#include <PlaybackController.hpp>

#include <ScriptRunner.hpp>
#include <loopscope/TraceExport.hpp>
#include <loopscope/graph/GraphLoader.hpp>
#include <loopscope/graph/GraphRunner.hpp>
#include <loopscope/loopscope.hpp>

#include <QApplication>
#include <QDir>
#include <QTimer>

#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>

using namespace loopscope;
using namespace loopscope::cli;

namespace {

// Exit codes shared by every subcommand that runs a scenario.
void usage(FILE* out) {
    std::fprintf(out,
                 "usage: loopscope run SCRIPT.py|GRAPH.lsgraph.json [--timestamps]\n"
                 "                     [--horizon SECONDS] [--timeout SECONDS]\n"
                 "                     [--trace OUT.json|.trace.json|.csv]\n"
                 "                     [--interventions FILE | --no-interventions]\n"
                 "       loopscope export SCRIPT.py|GRAPH.lsgraph.json|TRACE.json\n"
                 "                        -o OUT.png|.svg|.pdf|.json|.trace.json|.csv\n"
                 "                        [--width PX] [--from T] [--to T] [--theme light|dark]\n"
                 "                        [--horizon SECONDS] [--timeout SECONDS]\n"
                 "                        [--interventions FILE | --no-interventions]\n"
                 "       loopscope export GRAPH.lsgraph.json -o OUT.py\n"
                 "       loopscope screenshot SCRIPT.py|GRAPH.lsgraph.json -o OUT.png\n"
                 "                            [--size WxH] [--at T]\n"
                 "       loopscope test PATH... [--update] [--junit FILE] [-j N]\n"
                 "                      [--timeout SECONDS] [--horizon SECONDS]\n"
                 "                      [--interventions FILE | --no-interventions]\n"
                 "       loopscope demo [NAME] [--horizon SECONDS]\n"
                 "       loopscope demo --list\n"
                 "       loopscope --version\n"
                 "       loopscope [SCRIPT.py|GRAPH.lsgraph.json]   (the window)\n"
                 "\n"
                 "run executes an asyncio script on the virtual-clock scheduler and prints\n"
                 "what it prints; with --timestamps each line reads '[T] text' and the run\n"
                 "ends with '# end t=T status=S'. --horizon stops virtual time (default\n"
                 "3600 s); --timeout stops Python code that runs that many wall-clock\n"
                 "seconds without yielding (default 10); --trace writes the run's trace, in\n"
                 "the format its suffix names: .trace.json Chrome Trace Event JSON (Perfetto,\n"
                 "chrome://tracing), .csv the segments as CSV, other .json loopscope-trace.\n"
                 "export runs the script like run (or reads a trace written by --trace) and\n"
                 "draws its timeline to a PNG, SVG or PDF file, or writes its trace to a\n"
                 ".json, .trace.json or .csv file, chosen by the suffix.\n"
                 "test runs scenario scripts (PATH: a .py file or a folder searched for\n"
                 "them), each as a separate run, and prints 'PASS name' or 'FAIL name:\n"
                 "reason' for each, then 'N passed, N failed': a scenario passes when it\n"
                 "ends ok (or as its '# expect: STATUS' header line says), its asserts hold\n"
                 "and its output equals NAME.expected if there is one (--update rewrites\n"
                 "them). --timeout is each scenario's wall-clock limit (default 30); -j\n"
                 "runs N at once; --junit writes JUnit XML. See docs/testing.md.\n"
                 "run also takes a task graph (GRAPH.lsgraph.json, docs/graph-format.md):\n"
                 "it runs on the C++ core, without Python, and prints the same way.\n"
                 "run, export and test apply the cancellations saved in\n"
                 "NAME.interventions.json beside NAME.py or NAME.lsgraph.json (see\n"
                 "docs/interventions.md); --interventions FILE applies another file,\n"
                 "--no-interventions none.\n"
                 "export GRAPH -o OUT.py writes the graph as the asyncio script it stands\n"
                 "for, without running it; run, that script prints what the graph prints.\n"
                 "demo runs a built-in C++ scenario and prints like run --timestamps.\n"
                 "Exit status: 0 ok, 1 exception/deadlock/watchdog, 2 usage, 3 horizon;\n"
                 "for test: 0 all passed, 1 some failed, 2 usage.\n");
}

/// Reads the value of option argv[i] (a positive number of seconds) into `out`.
bool parseSeconds(const char* cmd, int argc, char** argv, int& i, double& out) {
    const char* opt = argv[i];
    if (i + 1 >= argc) {
        std::fprintf(stderr, "loopscope %s: %s needs a number of seconds\n", cmd, opt);
        return false;
    }
    char* end = nullptr;
    out = std::strtod(argv[++i], &end);
    if (!end || *end || !(out > 0)) {
        std::fprintf(stderr, "loopscope %s: %s needs a positive number of seconds, got '%s'\n", cmd,
                     opt, argv[i]);
        return false;
    }
    return true;
}

std::string statusText(const RunResult& r) {
    if (r.status == RunStatus::Exception)
        return "exception:" + describeException(r.error).type;
    return std::string(nameOf(r.status));
}

int runGraphFile(const std::string& path, const LoopOptions& opts, bool timestamps,
                 const std::string& tracePath);

int runCommand(int argc, char** argv) {
    loopscope::py::ScriptOptions options;
    bool timestamps = false;
    std::string tracePath;
    InterventionsChoice interventions;
    for (int i = 0; i < argc; ++i) {
        std::string a = argv[i];
        bool ok = true;
        if (interventions.parse("run", argc, argv, i, ok)) {
            if (!ok)
                return ExitUsage;
        } else if (a == "--timestamps") {
            timestamps = true;
        } else if (a == "--horizon") {
            if (!parseSeconds("run", argc, argv, i, options.horizon))
                return ExitUsage;
        } else if (a == "--timeout") {
            if (!parseSeconds("run", argc, argv, i, options.watchdogSeconds))
                return ExitUsage;
        } else if (a == "--trace") {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "loopscope run: --trace needs a file name "
                                     "(OUT.json, OUT.trace.json or OUT.csv)\n");
                return ExitUsage;
            }
            tracePath = argv[++i];
            // Refuse a bad suffix before a possibly long run rather than after it.
            if (traceFormatForPath(tracePath) == TraceFormat::Unknown) {
                std::fprintf(stderr,
                             "loopscope run: cannot write the trace to '%s': unknown trace "
                             "file type (use %s)\n",
                             tracePath.c_str(), std::string(kTraceSuffixes).c_str());
                return ExitUsage;
            }
        } else if (!a.empty() && a[0] == '-') {
            std::fprintf(stderr, "loopscope run: unknown option '%s'\n", a.c_str());
            usage(stderr);
            return ExitUsage;
        } else if (options.path.empty()) {
            options.path = a;
        } else {
            std::fprintf(stderr, "loopscope run: one script at a time ('%s' and '%s')\n",
                         options.path.c_str(), a.c_str());
            return ExitUsage;
        }
    }
    if (options.path.empty()) {
        std::fprintf(stderr, "loopscope run: which script? (loopscope run SCRIPT.py)\n");
        return ExitUsage;
    }
    std::optional<std::vector<Intervention>> applied =
        resolveInterventions("run", interventions, options.path);
    if (!applied)
        return ExitUsage;
    options.interventions = std::move(*applied);
    if (graph::isGraphPath(options.path)) {
        LoopOptions opts;
        opts.horizon = options.horizon;
        opts.interventions = options.interventions;
        return runGraphFile(options.path, opts, timestamps, tracePath);
    }
    options.onLine = [timestamps](double t, const std::string& line) {
        if (timestamps)
            std::printf("[%.3f] %s\n", t, line.c_str());
        else
            std::printf("%s\n", line.c_str());
    };
    options.onEnd = [&options, &tracePath, timestamps](const loopscope::py::ScriptResult& r) {
        if (r.status == "error") {
            std::fprintf(stderr, "loopscope run: cannot read '%s': %s\n", options.path.c_str(),
                         r.error.c_str());
            return int(ExitUsage);
        }
        for (const Diagnostic& d : r.trace.diagnostics)
            std::fprintf(stderr, "loopscope: %s\n", d.message.c_str());
        if (timestamps)
            std::printf("# end t=%.3f status=%s\n", r.endTime, r.status.c_str());
        std::fflush(stdout);
        std::string error;
        if (!tracePath.empty() && !saveTrace(r.trace, tracePath, &error)) {
            std::fprintf(stderr, "loopscope run: cannot write the trace: %s\n", error.c_str());
            return int(ExitUsage);
        }
        std::fflush(stderr);
        return exitCodeFor(r.status);
    };
    return loopscope::py::runScript(options);
}

/// Prints a run made on the core (a demo, a task graph) as `run` prints a script's: its lines,
/// its diagnostics on stderr, the end line with --timestamps; writes the trace if asked.
int reportCoreRun(const RunResult& r, const Trace& trace, bool timestamps,
                  const std::string& tracePath) {
    for (const OutputLine& line : trace.output) {
        if (timestamps)
            std::printf("[%.3f] %s\n", line.time, line.text.c_str());
        else
            std::printf("%s\n", line.text.c_str());
    }
    for (const Diagnostic& diag : trace.diagnostics)
        std::fprintf(stderr, "loopscope: %s\n", diag.message.c_str());
    if (r.status == RunStatus::Exception) {
        const ExceptionInfo e = describeException(r.error);
        std::fprintf(stderr, "%s%s%s\n", e.type.c_str(), e.message.empty() ? "" : ": ",
                     e.message.c_str());
    }
    if (timestamps)
        std::printf("# end t=%.3f status=%s\n", trace.endTime, statusText(r).c_str());
    std::fflush(stdout);
    std::string error;
    if (!tracePath.empty() && !saveTrace(trace, tracePath, &error)) {
        std::fprintf(stderr, "loopscope run: cannot write the trace: %s\n", error.c_str());
        return ExitUsage;
    }
    std::fflush(stderr);
    switch (r.status) {
    case RunStatus::Ok:
        return ExitOk;
    case RunStatus::Horizon:
    case RunStatus::Budget:
        return ExitHorizon;
    default:
        return ExitFailed;
    }
}

int runDemo(const demo::DemoScenario& d, double horizon) {
    LoopOptions opts;
    opts.horizon = horizon;
    Loop loop(opts);
    RunResult r = run(loop, d.main().named("main"));
    return reportCoreRun(r, loop.takeTrace(), true, {});
}

/// `run FILE.lsgraph.json`: loads the task graph (a bad file: one message, exit 2) and runs
/// it on the core.
int runGraphFile(const std::string& path, const LoopOptions& opts, bool timestamps,
                 const std::string& tracePath) {
    std::string error;
    const std::optional<graph::Graph> g = graph::loadGraph(path, &error);
    if (!g) {
        std::fprintf(stderr, "loopscope run: %s\n", error.c_str());
        return ExitUsage;
    }
    const graph::GraphRun r = graph::runGraph(*g, opts);
    return reportCoreRun(r.result, r.trace, timestamps, tracePath);
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
            if (!parseSeconds("demo", argc, argv, i, horizon))
                return ExitUsage;
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

/// The window: opens `file`, or the gather example and runs it. Runs are child processes
/// (`loopscope run`), since the embedded interpreter runs one script per process.
int runGui(int argc, char** argv, const char* file) {
    const auto unset = [](const char* name) {
        const char* v = std::getenv(name);
        return !v || !*v;
    };
    if (unset("DISPLAY") && unset("WAYLAND_DISPLAY") && unset("QT_QPA_PLATFORM")) {
        std::fprintf(stderr, "loopscope: no display for the window; the commands are:\n");
        usage(stderr);
        return ExitUsage;
    }
    QApplication app(argc, argv);
    std::setlocale(LC_NUMERIC, "C"); // number formatting stays C, as in the CLI
    gui::MainWindow window;
    window.show();
    if (file)
        window.openFile(QString::fromLocal8Bit(file));
    else if (window.openExample(
                 QDir(gui::MainWindow::examplesDir()).filePath(QStringLiteral("04_gather.py"))))
        window.run();
    return app.exec();
}

/// `loopscope screenshot SCRIPT.py|GRAPH.lsgraph.json -o OUT.png [--size WxH] [--at T]`: the
/// real window opens the script or graph, runs it, stops playback at T (default: the end of
/// the run) and saves a picture of itself (README's screenshot, and a smoke test of the whole window). No
/// display needed.
int screenshotCommand(char* argv0, int argc, char** argv) {
    const char* script = nullptr;
    const char* out = nullptr;
    int width = 1400, height = 900;
    double at = -1;
    for (int i = 0; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--at") {
            if (!parseSeconds("screenshot", argc, argv, i, at))
                return ExitUsage;
            continue;
        }
        if ((a == "-o" || a == "--size") && i + 1 >= argc) {
            std::fprintf(stderr, "loopscope screenshot: %s needs a value\n", a.c_str());
            return ExitUsage;
        }
        if (a == "-o") {
            out = argv[++i];
        } else if (a == "--size") {
            if (std::sscanf(argv[++i], "%dx%d", &width, &height) != 2 || width < 200 ||
                height < 200) {
                std::fprintf(stderr, "loopscope screenshot: --size needs WxH, got '%s'\n", argv[i]);
                return ExitUsage;
            }
        } else if (!script && a.rfind("-", 0) != 0) {
            script = argv[i];
        } else {
            std::fprintf(stderr, "loopscope screenshot: unexpected '%s'\n", a.c_str());
            return ExitUsage;
        }
    }
    if (!script || !out) {
        std::fprintf(stderr,
                     "usage: loopscope screenshot SCRIPT.py|GRAPH.lsgraph.json -o OUT.png "
                     "[--size WxH] [--at T]\n");
        return ExitUsage;
    }
    const char* display = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    if ((!display || !*display) && (!wayland || !*wayland) && !std::getenv("QT_QPA_PLATFORM"))
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
    int qargc = 1;
    char* qargv[] = {argv0, nullptr};
    QApplication app(qargc, qargv);
    std::setlocale(LC_NUMERIC, "C");
    gui::MainWindow window;
    window.resize(width, height);
    window.show();
    if (!window.openFile(QString::fromLocal8Bit(script)))
        return ExitUsage;
    const QString path = QString::fromLocal8Bit(out);
    bool taken = false;
    QObject::connect(&window, &gui::MainWindow::runEnded, &app, [&] {
        window.playback()->pause();
        if (at >= 0)
            window.playback()->setCursor(at);
        else
            window.playback()->jumpToEnd();
        // Once the window has laid itself out for the run (the status bar's new text).
        QTimer::singleShot(0, &app, [&] {
            if (std::exchange(taken, true))
                return;
            const bool saved = window.grab().save(path);
            if (!saved)
                std::fprintf(stderr, "loopscope screenshot: cannot write '%s'\n", out);
            app.exit(saved ? ExitOk : ExitUsage);
        });
    });
    window.run();
    return app.exec();
}

/// A file the window opens: a script or a task graph (`loopscope FILE`).
bool isScenario(const char* arg) {
    const std::size_t n = std::strlen(arg);
    const bool script = n > 3 && std::strcmp(arg + n - 3, ".py") == 0;
    return arg[0] != '-' && (script || graph::isGraphPath(arg));
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2)
        return runGui(argc, argv, nullptr);
    if (argc == 2 && isScenario(argv[1]))
        return runGui(argc, argv, argv[1]);
    std::string cmd = argv[1];
    if (cmd == "run")
        return runCommand(argc - 2, argv + 2);
    if (cmd == "test")
        return testCommand(argv[0], argc - 2, argv + 2);
    if (cmd == "demo")
        return demoCommand(argc - 2, argv + 2);
    if (cmd == "export")
        return exportCommand(argc - 2, argv + 2);
    if (cmd == "screenshot")
        return screenshotCommand(argv[0], argc - 2, argv + 2);
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
