// The benchmark workloads, shared by loopscope_bench (scheduler figures) and
// loopscope_bench_gui (the GUI figures on the trace the `timers` workload records).
#pragma once

#include <loopscope/loopscope.hpp>

#include <vector>

namespace loopscope::bench {

inline Co<void> yielder(int steps) {
    for (int i = 0; i < steps; ++i)
        co_await sleep(0);
}

/// `tasks` tasks x `steps` sleep(0) each.
inline Co<void> stepsMain(int tasks, int steps) {
    std::vector<Ref<Future>> all;
    all.reserve(tasks);
    for (int i = 0; i < tasks; ++i)
        all.push_back(createTask(yielder(steps)));
    co_await gather(all);
}

inline Co<void> sleeper(Semaphore& sem, int sleeps, double delay) {
    co_await sem.acquire();
    for (int k = 0; k < sleeps; ++k)
        co_await sleep(delay);
    sem.release();
}

/// `tasks` tasks x `sleeps` sleeps of 10..20 ms each, at most `permits` at a time.
inline Co<void> timersMain(int tasks, int sleeps, int permits) {
    Semaphore sem(permits, "limit");
    std::vector<Ref<Future>> all;
    all.reserve(tasks);
    for (int i = 0; i < tasks; ++i)
        all.push_back(createTask(sleeper(sem, sleeps, 0.01 + (i % 100) * 0.0001)));
    co_await gather(all);
}

} // namespace loopscope::bench
