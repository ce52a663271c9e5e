// GUI benchmarks on the trace of the scheduler's `timers` workload (20,000 tasks x 25 sleeps
// behind Semaphore(500), trace recording on). Prints `name value unit` lines, each the best
// of 5 runs (steady_clock):
//   gui_trace_load_seconds      loadTraceJson of the trace, saved once to a temporary file
//   gui_geometry_build_seconds  TimelineGeometry::build, 1600 px wide, whole run (fit-all)
//   gui_repaint_fitall_ms       TimelinePainter::paint of that geometry into a 1600x900 QImage
//   gui_repaint_zoomed_ms       the same for a 1 s window in the middle of the run
//   gui_png_export_seconds      exportTimeline to PNG, whole run, 1600 px wide
//   gui_window_open_seconds     launch of `loopscope screenshot 04_gather.py` to its exit: the
//                               real window opens the example the app starts on, runs it
//                               (child process), reads the trace, paints and saves a PNG
// Targets (not checked here): repaint <= 16 ms, PNG export <= 1 s, load <= 0.5 s, the window
// showing its first example <= 1 s after launch.
#include "Workloads.hpp"

#include <TimelineExport.hpp>
#include <TimelineGeometry.hpp>
#include <TimelinePainter.hpp>

#include <loopscope/TraceJson.hpp>
#include <loopscope/loopscope.hpp>

#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

using namespace loopscope;

namespace {

constexpr int kRuns = 5;
constexpr int kWidth = 1600, kHeight = 900;

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "bench_gui: %s\n", message.c_str());
    std::exit(1);
}

/// The best (shortest) of kRuns runs of `f`, in seconds.
template <class F>
double bestOf(F f) {
    double best = std::numeric_limits<double>::infinity();
    for (int i = 0; i < kRuns; ++i) {
        auto t0 = std::chrono::steady_clock::now();
        f();
        auto t1 = std::chrono::steady_clock::now();
        best = std::min(best, std::chrono::duration<double>(t1 - t0).count());
    }
    return best;
}

Trace timersTrace() {
    Loop loop;
    RunResult r = run(loop, bench::timersMain(20000, 25, 500));
    if (r.status != RunStatus::Ok)
        die("timers run ended with status " + std::string(nameOf(r.status)));
    return loop.takeTrace();
}

/// One full repaint as a widget does it: background, then the prebuilt geometry.
double repaintMs(const Trace& trace, const ui::TimelineView& view, QImage& image) {
    const ui::TimelinePainter tp(trace, view);
    const QColor background = tp.geometry().colors.background;
    return 1000.0 * bestOf([&] {
        QPainter p(&image);
        p.fillRect(image.rect(), background);
        tp.paint(p);
    });
}

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);

    const Trace trace = timersTrace();
    std::printf("gui_trace_records %zu records\n", trace.segments.size() + trace.events.size());

    QTemporaryDir dir;
    if (!dir.isValid())
        die("cannot create a temporary directory");
    const std::string jsonPath = dir.filePath("timers.json").toStdString();
    std::string error;
    if (!saveTraceJson(trace, jsonPath, &error))
        die(error);
    std::printf("gui_trace_load_seconds %.4f s\n", bestOf([&] {
                    Trace loaded;
                    if (!loadTraceJson(jsonPath, loaded, &error))
                        die(error);
                }));

    ui::TimelineView fitAll;
    fitAll.width = kWidth;
    std::printf("gui_geometry_build_seconds %.4f s\n", bestOf([&] {
                    ui::TimelineGeometry g = ui::TimelineGeometry::build(trace, fitAll);
                    if (g.size.isEmpty())
                        die("empty geometry");
                }));

    {   // context for the repaint figures: how much the fit-all geometry holds
        const ui::TimelineGeometry g = ui::TimelineGeometry::build(trace, fitAll);
        std::size_t stepPoints = 0;
        for (const auto& s : g.steps)
            stepPoints += s.line.size();
        std::printf("gui_fitall_height %d px\n", g.size.height());
        std::printf("gui_fitall_bars %zu bars\n", g.bars.size());
        std::printf("gui_fitall_markers %zu markers\n", g.markers.size());
        std::printf("gui_fitall_arrows %zu arrows\n", g.arrows.all().size());
        std::printf("gui_fitall_step_points %zu points\n", stepPoints);
    }

    QImage image(kWidth, kHeight, QImage::Format_ARGB32_Premultiplied);
    std::printf("gui_repaint_fitall_ms %.2f ms\n", repaintMs(trace, fitAll, image));

    ui::TimelineView zoomed = fitAll;
    const double mid = trace.endTime / 2;
    zoomed.from = mid - 0.5;
    zoomed.to = mid + 0.5;
    std::printf("gui_repaint_zoomed_ms %.2f ms\n", repaintMs(trace, zoomed, image));

    const QString pngPath = dir.filePath("timeline.png");
    QString qerror;
    std::printf("gui_png_export_seconds %.4f s\n", bestOf([&] {
                    if (!ui::exportTimeline(trace, pngPath, fitAll, &qerror))
                        die(qerror.toStdString());
                }));

    const QString shot = dir.filePath("window.png");
    std::printf("gui_window_open_seconds %.4f s\n", bestOf([&] {
                    QProcess p;
                    p.start(QStringLiteral(LOOPSCOPE_BIN),
                            {"screenshot", QStringLiteral(LOOPSCOPE_EXAMPLES "/04_gather.py"),
                             "-o", shot});
                    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit ||
                        p.exitCode() != 0)
                        die("loopscope screenshot failed: " +
                            p.readAllStandardError().toStdString());
                }));
    return 0;
}
