// `loopscope export SOURCE -o OUT.png|.svg|.pdf|.json|.trace.json|.csv|.py [options]`.
//
// The suffix of OUT chooses what is written: a picture of the timeline (.png, .svg, .pdf;
// --width, --from, --to and --theme apply to these only) or the trace itself (.json the
// native loopscope-trace, .trace.json Chrome Trace Event JSON, .csv the segments; see
// TraceExport.hpp and docs/trace-formats.md), or, for a task graph only, the equivalent
// asyncio script (.py, "Show as Python": nothing is run; see docs/graph-format.md).
//
// SOURCE is a script, run exactly as `loopscope run` runs it (its printed lines go to
// stdout, as with `run` without --timestamps; messages about the run to stderr), or a
// loopscope-trace .json file written by `run --trace`. The timeline is exported even when
// the script raised or deadlocked: that is when it is most wanted. --horizon and --timeout
// apply to scripts only; a trace file is drawn as it was recorded. A script or a graph runs
// with the interventions saved beside it, as `run` applies them (docs/interventions.md); a
// graph's .py says in a comment that it does not carry them. OUT is never the source, a task
// graph or an interventions file.
//
// Exit status: when the export succeeds, the status `run` gives for the script (0 ok,
// 1 exception/deadlock/watchdog, 3 horizon; 0 for a trace file); 2 for a bad invocation,
// an unreadable source or a file that cannot be written.
#include "ExportCommand.hpp"
#include "ExitStatus.hpp"
#include "InterventionsOption.hpp"

#include <ScriptRunner.hpp>
#include <loopscope/graph/GraphLoader.hpp>
#include <loopscope/graph/GraphRunner.hpp>
#include <loopscope/graph/InterventionsFile.hpp>
#include <loopscope/graph/PythonGen.hpp>
#include <TimelineExport.hpp>
#include <loopscope/TraceExport.hpp>
#include <loopscope/TraceJson.hpp>

#include <QFileInfo>
#include <QGuiApplication>
#include <QSaveFile>

#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

using namespace loopscope;
using namespace loopscope::cli;

namespace {

void usage() {
    std::fprintf(stderr, "usage: loopscope export SCRIPT.py|GRAPH.lsgraph.json|TRACE.json "
                         "-o OUT.png|.svg|.pdf|.json|.trace.json|.csv "
                         "[--width PX] [--from T] [--to T] [--theme light|dark] [--horizon S] "
                         "[--timeout S] [--interventions FILE | --no-interventions]\n"
                         "       loopscope export GRAPH.lsgraph.json -o OUT.py "
                         "[--interventions FILE | --no-interventions]\n");
}

/// Reads the number after option argv[i]; `min` is the smallest value accepted.
bool parseNumber(int argc, char** argv, int& i, double min, bool strict, double& out) {
    const char* opt = argv[i];
    if (i + 1 >= argc) {
        std::fprintf(stderr, "loopscope export: %s needs a number\n", opt);
        return false;
    }
    char* end = nullptr;
    out = std::strtod(argv[++i], &end);
    if (!end || *end || !(strict ? out > min : out >= min) || !(out < 1e300)) {
        std::fprintf(stderr, "loopscope export: %s needs a number %s %g, got '%s'\n", opt,
                     strict ? ">" : ">=", min, argv[i]);
        return false;
    }
    return true;
}

/// Drops the offscreen platform's notice about XDG_RUNTIME_DIR: noise on a command line.
void quietMessages(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (type == QtWarningMsg && message.startsWith(QLatin1String("QStandardPaths: ")))
        return;
    std::fprintf(stderr, "%s\n", qFormatLogMessage(type, context, message).toUtf8().constData());
}

/// Qt needs a platform plugin for fonts; without a display, the offscreen one does.
std::unique_ptr<QGuiApplication> makeApplication() {
    const auto unset = [](const char* name) {
        const char* v = std::getenv(name);
        return !v || !*v;
    };
    if (unset("DISPLAY") && unset("WAYLAND_DISPLAY") && unset("QT_QPA_PLATFORM"))
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
    qInstallMessageHandler(quietMessages);
    static int argc = 1;
    static char name[] = "loopscope";
    static char* argv[] = {name, nullptr};
    auto app = std::make_unique<QGuiApplication>(argc, argv);
    // QCoreApplication sets the locale from the environment; the run's number formatting
    // (printf, the trace JSON) must stay in the C locale.
    std::setlocale(LC_NUMERIC, "C");
    return app;
}

struct Request {
    std::string source;
    std::string output;
    TraceFormat trace = TraceFormat::Unknown; ///< what to write; Unknown: a picture
    bool python = false;                      ///< write the graph as a Python script
    ui::ExportOptions view;
    double horizon = 3600;
    double watchdog = 10;
    InterventionsChoice interventions; ///< for a script or a graph (a trace is as recorded)
    std::vector<Intervention> applied;
};

/// False, after a message, when the output would overwrite the source, or a task graph or an
/// interventions file (which a ".json" output would otherwise replace with a trace).
bool refuseToOverwriteInput(const Request& r) {
    const QString output = QString::fromStdString(r.output);
    const char* kept = nullptr;
    if (output.endsWith(QLatin1String(".lsgraph.json"), Qt::CaseInsensitive))
        kept = "a task graph";
    else if (output.endsWith(QLatin1String(".interventions.json"), Qt::CaseInsensitive))
        kept = "an interventions file";
    else {
        const QString target = QFileInfo(output).canonicalFilePath();
        if (!target.isEmpty() &&
            target == QFileInfo(QString::fromStdString(r.source)).canonicalFilePath())
            kept = "the source";
    }
    if (!kept)
        return true;
    std::fprintf(stderr,
                 "loopscope export: will not write '%s': it is %s, not an export (choose another "
                 "output file)\n",
                 r.output.c_str(), kept);
    return false;
}

/// Parses the arguments into `r`; false (after a message) for a bad invocation.
bool parseArguments(int argc, char** argv, Request& r) {
    for (int i = 0; i < argc; ++i) {
        const std::string a = argv[i];
        double v = 0;
        bool ok = true;
        if (r.interventions.parse("export", argc, argv, i, ok)) {
            if (!ok)
                return false;
        } else if (a == "-o" || a == "--output") {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "loopscope export: %s needs a file name\n", a.c_str());
                return false;
            }
            r.output = argv[++i];
        } else if (a == "--width") {
            if (!parseNumber(argc, argv, i, 200, false, v) || v > 20000 || v != int(v)) {
                std::fprintf(stderr, "loopscope export: --width takes 200 to 20000 pixels\n");
                return false;
            }
            r.view.width = int(v);
        } else if (a == "--from") {
            if (!parseNumber(argc, argv, i, 0, false, r.view.from))
                return false;
        } else if (a == "--to") {
            if (!parseNumber(argc, argv, i, 0, true, r.view.to))
                return false;
        } else if (a == "--theme") {
            const std::string t = i + 1 < argc ? argv[++i] : "";
            if (t != "light" && t != "dark") {
                std::fprintf(stderr, "loopscope export: --theme is light or dark\n");
                return false;
            }
            r.view.theme = t == "dark" ? ui::Theme::Dark : ui::Theme::Light;
        } else if (a == "--horizon") {
            if (!parseNumber(argc, argv, i, 0, true, r.horizon))
                return false;
        } else if (a == "--timeout") {
            if (!parseNumber(argc, argv, i, 0, true, r.watchdog))
                return false;
        } else if (!a.empty() && a[0] == '-') {
            std::fprintf(stderr, "loopscope export: unknown option '%s'\n", a.c_str());
            return false;
        } else if (r.source.empty()) {
            r.source = a;
        } else {
            std::fprintf(stderr, "loopscope export: one source at a time ('%s' and '%s')\n",
                         r.source.c_str(), a.c_str());
            return false;
        }
    }
    if (r.source.empty() || r.output.empty()) {
        std::fprintf(stderr, "loopscope export: %s\n",
                     r.source.empty() ? "which script or trace? (loopscope export SCRIPT.py -o OUT.png)"
                                      : "where to? (-o OUT.png, OUT.svg or OUT.pdf)");
        return false;
    }
    // Refuse a bad output before a possibly long run rather than after it.
    if (!refuseToOverwriteInput(r))
        return false;
    r.trace = traceFormatForPath(r.output);
    r.python = QFileInfo(QString::fromStdString(r.output)).suffix().toLower() == "py";
    if (r.python && !graph::isGraphPath(r.source)) {
        std::fprintf(stderr,
                     "loopscope export: cannot export '%s' to '%s': only a task graph "
                     "(GRAPH.lsgraph.json) is written as a Python script\n",
                     r.source.c_str(), r.output.c_str());
        return false;
    }
    if (r.trace == TraceFormat::Unknown && !r.python &&
        !ui::isExportFormat(QString::fromStdString(r.output), nullptr)) {
        const QString suffix = QFileInfo(QString::fromStdString(r.output)).suffix().toLower();
        std::fprintf(stderr,
                     "loopscope export: cannot export to '%s': unknown file type '%s' (use .png, "
                     ".svg, .pdf, %s%s)\n",
                     r.output.c_str(),
                     suffix.isEmpty() ? "(none)" : ("." + suffix).toUtf8().constData(),
                     std::string(kTraceSuffixes).c_str(),
                     graph::isGraphPath(r.source) ? ", or .py for the graph as Python" : "");
        return false;
    }
    const QFileInfo dir(QFileInfo(QString::fromStdString(r.output)).absolutePath());
    if (!dir.isDir() || !dir.isWritable()) {
        std::fprintf(stderr, "loopscope export: cannot write '%s': %s\n", r.output.c_str(),
                     dir.isDir() ? "the folder is not writable" : "no such folder");
        return false;
    }
    if (r.view.to >= 0 && r.view.to <= r.view.from) {
        std::fprintf(stderr, "loopscope export: --to must be after --from\n");
        return false;
    }
    return true;
}

/// Writes the trace file, or draws the picture, and reports; ExitOk or ExitUsage.
int writeExport(const Request& r, const Trace& trace) {
    if (r.trace != TraceFormat::Unknown) {
        std::string error;
        if (!saveTrace(trace, r.output, &error)) {
            std::fprintf(stderr, "loopscope export: %s\n", error.c_str());
            return ExitUsage;
        }
        std::fprintf(stderr, "loopscope export: wrote %s\n", r.output.c_str());
        return ExitOk;
    }
    ui::ExportOptions view = r.view;
    view.title = ui::timelineTitle(QString::fromStdString(r.source), trace);
    QString error;
    if (!ui::exportTimeline(trace, QString::fromStdString(r.output), view, &error)) {
        std::fprintf(stderr, "loopscope export: %s\n", error.toUtf8().constData());
        return ExitUsage;
    }
    std::fprintf(stderr, "loopscope export: wrote %s\n", r.output.c_str());
    return ExitOk;
}

/// The task graph at `path`, or nullopt after saying why it cannot be read.
std::optional<graph::Graph> readGraph(const std::string& path) {
    std::string error;
    std::optional<graph::Graph> g = graph::loadGraph(path, &error);
    if (!g)
        std::fprintf(stderr, "loopscope export: %s\n", error.c_str());
    return g;
}

/// Runs a task graph as `run` does (its printed lines to stdout) and exports its trace.
int exportGraph(const Request& r) {
    const std::optional<graph::Graph> g = readGraph(r.source);
    if (!g)
        return ExitUsage;
    LoopOptions options;
    options.horizon = r.horizon;
    options.interventions = r.applied;
    const graph::GraphRun run = graph::runGraph(*g, options);
    for (const OutputLine& line : run.trace.output)
        std::printf("%s\n", line.text.c_str());
    std::fflush(stdout);
    for (const Diagnostic& d : run.trace.diagnostics)
        std::fprintf(stderr, "loopscope: %s\n", d.message.c_str());
    const int exported = writeExport(r, run.trace);
    if (exported != ExitOk)
        return exported;
    switch (run.result.status) {
    case RunStatus::Ok: return ExitOk;
    case RunStatus::Horizon:
    case RunStatus::Budget: return ExitHorizon;
    default: return ExitFailed;
    }
}

/// Writes the graph's asyncio script to the output, atomically; nothing is run.
int exportPython(const Request& r) {
    const std::optional<graph::Graph> g = readGraph(r.source);
    if (!g)
        return ExitUsage;
    // The script cannot carry interventions: say so in it, where a reader sees it.
    const auto applied = resolveInterventions("export", r.interventions, r.source);
    if (!applied)
        return ExitUsage;
    std::string script = graph::pythonScript(*g);
    if (!applied->empty()) {
        const std::string from = r.interventions.file.empty()
                                     ? graph::interventionsPathFor(r.source)
                                     : r.interventions.file;
        const std::string note =
            "loopscope applies " + std::to_string(applied->size()) + " intervention" +
            (applied->size() == 1 ? "" : "s") + " from " +
            QFileInfo(QString::fromStdString(from)).fileName().toStdString() +
            " to runs of this scenario; they are not part of this script";
        script.insert(0, "# " + note + "\n");
        std::fprintf(stderr, "loopscope export: note: %s\n", note.c_str());
    }
    QSaveFile file(QString::fromStdString(r.output));
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(script.data(), qint64(script.size())) != qint64(script.size()) ||
        !file.commit()) {
        std::fprintf(stderr, "loopscope export: cannot write '%s': %s\n", r.output.c_str(),
                     file.errorString().toUtf8().constData());
        return ExitUsage;
    }
    std::fprintf(stderr, "loopscope export: wrote %s\n", r.output.c_str());
    return ExitOk;
}

bool isTraceFile(const std::string& path) {
    return QFileInfo(QString::fromStdString(path)).suffix().toLower() == QLatin1String("json");
}

} // namespace

int exportCommand(int argc, char** argv) {
    Request r;
    if (!parseArguments(argc, argv, r)) {
        usage();
        return ExitUsage;
    }
    if (r.python)
        return exportPython(r);
    // Only drawing needs Qt's fonts; a trace file is written without a platform plugin.
    const auto app = r.trace == TraceFormat::Unknown ? makeApplication() : nullptr;
    if (graph::isGraphPath(r.source) || !isTraceFile(r.source)) {
        auto applied = resolveInterventions("export", r.interventions, r.source);
        if (!applied)
            return ExitUsage;
        r.applied = std::move(*applied);
    }
    if (graph::isGraphPath(r.source)) // a *.lsgraph.json runs on the core, no Python
        return exportGraph(r);
    if (isTraceFile(r.source)) {
        Trace trace;
        std::string error;
        if (!loadTraceJson(r.source, trace, &error)) {
            std::fprintf(stderr, "loopscope export: cannot read the trace: %s\n", error.c_str());
            return ExitUsage;
        }
        return writeExport(r, trace);
    }
    py::ScriptOptions options;
    options.path = r.source;
    options.horizon = r.horizon;
    options.watchdogSeconds = r.watchdog;
    options.interventions = r.applied;
    options.onLine = [](double, const std::string& line) { std::printf("%s\n", line.c_str()); };
    options.onEnd = [&r](const py::ScriptResult& result) {
        std::fflush(stdout);
        if (result.status == "error") {
            std::fprintf(stderr, "loopscope export: cannot read '%s': %s\n", r.source.c_str(),
                         result.error.c_str());
            return int(ExitUsage);
        }
        for (const Diagnostic& d : result.trace.diagnostics)
            std::fprintf(stderr, "loopscope: %s\n", d.message.c_str());
        const int exported = writeExport(r, result.trace);
        std::fflush(stderr);
        return exported != ExitOk ? exported : exitCodeFor(result.status);
    };
    return py::runScript(options);
}
