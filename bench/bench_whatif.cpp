// What-if benchmark: the task graph builder re-runs the graph after every edit and redraws
// the chart. On a 1,000-task graph (10 coordinators, each creating 99 workers that hold a
// Semaphore(50), do 0.1-1 s of I/O, sleep and put a result on a queue, then gathering them
// and taking their 99 results), each round changes the semaphore's capacity and then:
//   simulate  graph::runGraph, trace recording on, as the builder does in-process
//   layout    TimelineView::setTrace(new run, previous run as the compare ghost): the
//             chart's rows, bars and arrows
//   paint     the window's chart area (a 1600x1000 QScrollArea holding the TimelineView, as
//             MainWindow has it) laid out and grabbed offscreen
// Prints `name value unit` lines: the median of kRounds rounds of the whole and of each part.
// Target: whatif_1000_tasks_seconds <= 0.1 s.
#include <TimelineView.hpp>

#include <loopscope/graph/GraphRunner.hpp>

#include <QApplication>
#include <QPixmap>
#include <QScrollArea>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace loopscope;
using graph::Step;
using graph::StepKind;

namespace {

constexpr int kRounds = 21;
constexpr int kCoordinators = 10, kWorkersEach = 99; // 10 + 990 = 1,000 tasks
constexpr int kPool = 0, kResults = 1;               // resource indexes

Step step(StepKind kind, int resource = -1) {
    Step s;
    s.kind = kind;
    s.resource = resource;
    return s;
}

Step timed(StepKind kind, graph::Duration d) {
    Step s = step(kind);
    s.duration = d;
    return s;
}

/// The graph: Semaphore "pool" (`capacity`), Queue "results"; coordinators, each
/// create x99, gather the 99, get x99 (a repeat); workers hold pool {io, sleep}, put.
graph::Graph whatIfGraph(int capacity) {
    graph::Graph g;
    g.path = "whatif.lsgraph.json";
    g.seed = 7;
    g.resources.push_back({"pool", ResourceKind::Semaphore, capacity, -1});
    g.resources.push_back({"results", ResourceKind::Queue, 0, -1});
    for (int c = 0; c < kCoordinators; ++c) {
        graph::TaskSpec coordinator;
        coordinator.name = "coordinator_" + std::to_string(c);
        coordinator.start = 0.01 * c;
        const int coordinatorIndex = int(g.tasks.size());
        g.tasks.push_back(coordinator);
        Step gather = step(StepKind::Gather);
        for (int w = 0; w < kWorkersEach; ++w) {
            graph::TaskSpec worker;
            worker.name = "worker_" + std::to_string(c) + "_" + std::to_string(w);
            worker.createdByStep = true;
            Step hold = step(StepKind::Hold, kPool);
            hold.steps.push_back(timed(StepKind::IO, {graph::Duration::Kind::Uniform, 0.1, 1.0}));
            hold.steps.push_back(timed(StepKind::Sleep, {graph::Duration::Kind::Fixed, 0.05, 0}));
            worker.steps.push_back(hold);
            Step put = step(StepKind::Put, kResults);
            put.text = "{task}";
            put.hasItem = true;
            worker.steps.push_back(put);
            Step create = step(StepKind::Create);
            create.tasks.push_back(int(g.tasks.size()));
            g.tasks[std::size_t(coordinatorIndex)].steps.push_back(create);
            gather.tasks.push_back(int(g.tasks.size()));
            g.tasks.push_back(worker);
        }
        Step collect = step(StepKind::Repeat);
        collect.count = kWorkersEach;
        collect.steps.push_back(step(StepKind::Get, kResults));
        g.tasks[std::size_t(coordinatorIndex)].steps.push_back(gather);
        g.tasks[std::size_t(coordinatorIndex)].steps.push_back(collect);
    }
    return g;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

double secondsSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);

    QScrollArea window;
    auto* view = new gui::TimelineView;
    window.setWidget(view);
    window.setWidgetResizable(true);
    window.resize(1600, 1000);
    window.show();

    graph::Graph g = whatIfGraph(50);
    std::shared_ptr<const Trace> previous;
    std::vector<double> total, simulate, layout, paint;
    std::size_t records = 0;
    for (int round = -1; round < kRounds; ++round) { // round -1 warms up, uncounted
        const auto t0 = std::chrono::steady_clock::now();
        g.resources[kPool].value = 46 + (round + 1) % 9; // the edit: 46..54
        graph::GraphRun run = graph::runGraph(g);
        if (run.result.status != RunStatus::Ok) {
            std::fprintf(stderr, "bench_whatif: the graph's run ended with %s\n",
                         std::string(nameOf(run.result.status)).c_str());
            return 1;
        }
        auto trace = std::make_shared<const Trace>(std::move(run.trace));
        const double simulated = secondsSince(t0);
        const auto t1 = std::chrono::steady_clock::now();
        view->setTrace(trace, previous);
        const double laidOut = secondsSince(t1);
        const auto t2 = std::chrono::steady_clock::now();
        QCoreApplication::sendPostedEvents(); // the scroll area takes the new height
        const QPixmap shot = window.grab();
        const double painted = secondsSince(t2);
        if (shot.isNull() || view->compareSummary().isEmpty() != (round == -1)) {
            std::fprintf(stderr, "bench_whatif: nothing drawn, or no compare overlay\n");
            return 1;
        }
        previous = trace;
        records = trace->segments.size() + trace->events.size();
        if (round < 0)
            continue;
        simulate.push_back(simulated);
        layout.push_back(laidOut);
        paint.push_back(painted);
        total.push_back(secondsSince(t0));
    }
    std::printf("whatif_trace_records %zu records\n", records);
    std::printf("whatif_simulate_seconds %.4f s\n", median(simulate));
    std::printf("whatif_layout_seconds %.4f s\n", median(layout));
    std::printf("whatif_paint_seconds %.4f s\n", median(paint));
    std::printf("whatif_1000_tasks_seconds %.4f s\n", median(total));
    return 0;
}
