// Scheduler benchmarks with trace recording on. Prints `name value unit` lines.
//   loopscope_bench steps   1000 tasks x 1000 sleep(0)            = 1,000,000 task steps
//   loopscope_bench timers  20,000 tasks x 25 sleeps, Semaphore(500) = 500,000 timers
#include "Workloads.hpp"

#include <loopscope/loopscope.hpp>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

using namespace loopscope;
using namespace loopscope::bench;

namespace {

long peakRssBytes() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss * 1024L;
}

struct Figures {
    double seconds;
    std::size_t segments;
    std::size_t events;
    std::size_t tasks;
    double endTime;
};

template <class Make>
Figures measure(Make make) {
    Loop loop;
    auto t0 = std::chrono::steady_clock::now();
    RunResult r = run(loop, make());
    auto t1 = std::chrono::steady_clock::now();
    if (r.status != RunStatus::Ok) {
        std::fprintf(stderr, "bench: run ended with status %s\n",
                     std::string(nameOf(r.status)).c_str());
        std::exit(1);
    }
    Trace trace = loop.takeTrace();
    return {std::chrono::duration<double>(t1 - t0).count(), trace.segments.size(),
            trace.events.size(), trace.tasks.size(), trace.endTime};
}

void report(const char* name, const Figures& f, double work, const char* workUnit,
            long rssBefore) {
    long peak = peakRssBytes();
    std::size_t records = f.segments + f.events;
    double perRecord =
        records ? double(peak - rssBefore - 256.0 * f.tasks) / double(records) : 0;
    std::printf("%s_seconds %.4f s\n", name, f.seconds);
    std::printf("%s_rate %.0f %s/s\n", name, work / f.seconds, workUnit);
    std::printf("%s_virtual_end %.3f s\n", name, f.endTime);
    std::printf("%s_trace_records %zu records\n", name, records);
    std::printf("%s_peak_rss %ld bytes\n", name, peak);
    std::printf("%s_bytes_per_record %.1f bytes\n", name, perRecord);
}

} // namespace

int main(int argc, char** argv) {
    std::string which = argc > 1 ? argv[1] : "all";
    long before = peakRssBytes();
    if (which == "steps" || which == "all") {
        const int tasks = 1000, steps = 1000;
        Figures f = measure([&] { return stepsMain(tasks, steps); });
        report("steps", f, double(tasks) * steps, "steps", before);
    }
    if (which == "timers" || which == "all") {
        const int tasks = 20000, sleeps = 25;
        Figures f = measure([&] { return timersMain(tasks, sleeps, 500); });
        report("timers", f, double(tasks) * sleeps, "timers", before);
    }
    return 0;
}
