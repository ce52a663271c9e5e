// Scheduler benchmarks with trace recording on. Prints `name value unit` lines.
//   loopscope_bench steps   1000 tasks x 1000 sleep(0)            = 1,000,000 task steps
//   loopscope_bench timers  20,000 tasks x 25 sleeps, Semaphore(500) = 500,000 timers
//   loopscope_bench heap    the timer heap alone: with N timers pending, take the earliest
//                           and set it again 10-20 ms later, 500,000 times (N = 500, 20,000)
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

/// Nanoseconds per pop and push of the timer heap with `pending` timers set, each popped
/// timer set again 10 to 20 ms after its deadline (the `timers` workload's pattern).
double heapNanoseconds(int pending, int rounds) {
    Loop loop;
    TimerHeap heap;
    std::uint64_t seq = 0;
    for (int i = 0; i < pending; ++i)
        heap.push(0.01 + (i % 100) * 0.0001, seq++, loop.createFuture());
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < rounds; ++i) {
        TimerHeap::Fired t = heap.pop();
        heap.push(t.when + 0.01 + (t.sequence % 100) * 0.0001, seq++, std::move(t.future));
    }
    auto t1 = std::chrono::steady_clock::now();
    heap.clear();
    return std::chrono::duration<double, std::nano>(t1 - t0).count() / rounds;
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
    if (which == "heap" || which == "all") {
        for (int pending : {500, 20000})
            std::printf("heap_pop_push_%d_pending %.1f ns\n", pending,
                        heapNanoseconds(pending, 500000));
    }
    return 0;
}
