// The tutorial's examples as C++ coroutines (section numbers from the tutorial).
#include "DemoScenarios.hpp"

#include <loopscope/loopscope.hpp>

namespace loopscope::demo {

namespace {

Co<Value> fetch(std::string url, double delay) {
    print("开始请求 " + url);
    co_await sleep(delay);
    print("完成请求 " + url);
    co_return Value(url + " 的数据");
}

std::string join(const ValueList& values) {
    std::string s;
    for (const Value& v : values)
        s += (s.empty() ? "" : ", ") + formatValue(v);
    return "[" + s + "]";
}

// 2.2 gather(): three fetches of 2, 1 and 3 s finish together at t=3.
Co<void> gatherDemo() {
    Value results = co_await gather(fetch("url1", 2).named("fetch"), fetch("url2", 1).named("fetch"),
                                    fetch("url3", 3).named("fetch"));
    print(join(valueAs<ValueList>(results)));
}

// 3.2 as_completed(): results in completion order.
Co<void> asCompletedDemo() {
    std::vector<Ref<Future>> tasks;
    tasks.push_back(createTask(fetch("url1", 3).named("fetch")));
    tasks.push_back(createTask(fetch("url2", 1).named("fetch")));
    tasks.push_back(createTask(fetch("url3", 2).named("fetch")));
    AsCompleted results(tasks);
    for (std::size_t i = 0; i < results.size(); ++i)
        print(formatValue(co_await results.next()));
}

// 4.3 Semaphore: at most 3 of 10 tasks inside at once.
Co<void> semaphoreDemo() {
    Semaphore semaphore(3, "semaphore");
    std::vector<Ref<Future>> tasks;
    for (int id = 0; id < 10; ++id)
        tasks.push_back(createTask([](Semaphore& sem, int id) -> Co<void> {
            co_await sem.acquire();
            print("任务 " + std::to_string(id) + " 开始");
            co_await sleep(2);
            print("任务 " + std::to_string(id) + " 完成");
            sem.release();
        }(semaphore, id).named("limited_task")));
    co_await gather(tasks);
}

// 5.2 wait_for(): the slow task is cancelled at the timeout.
Co<void> waitForDemo() {
    try {
        Value v = co_await waitFor(
            []() -> Co<Value> {
                co_await sleep(10);
                co_return Value(std::string("完成"));
            }().named("slow_task"),
            3.0);
        print(formatValue(v));
    } catch (const TimeoutError&) {
        print("任务超时!");
    }
}

Co<void> producer(Queue& q) {
    for (int i = 0; i < 5; ++i) {
        co_await sleep(1);
        co_await q.put(std::string("数据 ") + std::to_string(i));
        print("生产: 数据 " + std::to_string(i));
    }
}

Co<void> consumer(Queue& q) {
    while (true) {
        Value item = co_await q.get();
        print("消费: " + valueAs<std::string>(item));
        q.taskDone();
    }
}

// 4.4 Queue: the consumer waits forever once the producer is done; a deadlock.
Co<void> queueDemo() {
    Queue queue(0, "queue");
    // (Vectors are filled by push_back: GCC 12 miscompiles braced lists in coroutines.)
    std::vector<Ref<Future>> tasks;
    tasks.push_back(createTask(producer(queue).named("producer")));
    tasks.push_back(createTask(consumer(queue).named("consumer")));
    co_await gather(tasks, true);
}

} // namespace

const std::vector<DemoScenario>& scenarios() {
    static const std::vector<DemoScenario> all{
        {"gather", "2.2 gather(): three requests of 2, 1 and 3 s finish at t=3", gatherDemo},
        {"as_completed", "3.2 as_completed(): results in the order they finish", asCompletedDemo},
        {"semaphore", "4.3 Semaphore(3): ten 2 s tasks, three at a time, end at t=8",
         semaphoreDemo},
        {"queue", "4.4 Queue: a consumer that loops forever ends in a deadlock", queueDemo},
        {"wait_for", "5.2 wait_for(timeout=3) cancels a 10 s task", waitForDemo},
    };
    return all;
}

} // namespace loopscope::demo
