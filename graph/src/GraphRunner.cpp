// The interpreter: each task of the graph is a Co<void> walking its steps; each step does what
// the equivalent line of an asyncio script does, with the core's own primitives, so the times
// and the trace are those of the script.
#include "loopscope/graph/GraphRunner.hpp"

#include "loopscope/graph/DurationSampler.hpp"
#include "loopscope/loopscope.hpp"

#include <algorithm>
#include <memory>

namespace loopscope::graph {

namespace {

/// An exception class the core does not define (raise "PaymentError"): an Exception that
/// carries its Python-style name.
class NamedError : public Exception {
  public:
    NamedError(std::string type, std::string message)
        : Exception(std::move(message)), type_(std::move(type)) {}
    const char* typeName() const noexcept override { return type_.c_str(); }

  private:
    std::string type_;
};

[[noreturn]] void raise(const std::string& type, const std::string& message) {
    if (type == "Exception")
        throw Exception(message);
    if (type == "RuntimeError")
        throw RuntimeError(message);
    if (type == "ValueError")
        throw ValueError(message);
    if (type == "TypeError")
        throw TypeError(message);
    if (type == "KeyError")
        throw KeyError(message);
    if (type == "TimeoutError")
        throw TimeoutError(message);
    if (type == "CancelledError")
        throw CancelledError(message);
    throw NamedError(type, message);
}

/// Everything one run shares: the graph, the generator, the resources and the tasks made.
struct RunState {
    explicit RunState(const Graph& g) : graph(g), sampler(g.seed), tasks(g.tasks.size()) {}

    const Graph& graph;
    DurationSampler sampler;
    std::vector<std::unique_ptr<Resource>> resources; ///< in Graph::resources order
    std::vector<Ref<Task>> tasks;                     ///< null until created

    void createResources(Loop& loop);
    template <class R> R& resource(int i) { return static_cast<R&>(*resources[std::size_t(i)]); }
    /// The task `i`, for `step`; RuntimeError naming the step's place in the file when no
    /// step or start time has created it yet.
    Ref<Task> task(int i, const Step& step) const;
    /// The tasks the step names, as futures.
    std::vector<Ref<Future>> futures(const Step& step) const;
};

void RunState::createResources(Loop& loop) {
    for (const ResourceSpec& r : graph.resources) {
        switch (r.kind) {
        case ResourceKind::Lock:
            resources.push_back(std::make_unique<Lock>(loop, r.name));
            break;
        case ResourceKind::Semaphore:
            resources.push_back(std::make_unique<Semaphore>(loop, r.value, r.name));
            break;
        case ResourceKind::BoundedSemaphore:
            resources.push_back(std::make_unique<BoundedSemaphore>(loop, r.value, r.name));
            break;
        case ResourceKind::Event:
            resources.push_back(std::make_unique<Event>(loop, r.name));
            break;
        case ResourceKind::Condition: {
            Lock* lock = r.lock >= 0 ? &resource<Lock>(r.lock) : nullptr;
            resources.push_back(std::make_unique<Condition>(loop, lock, r.name));
            break;
        }
        default:
            resources.push_back(std::make_unique<Queue>(loop, r.value, r.name, Queue::Order::Fifo));
            break;
        }
    }
}

Ref<Task> RunState::task(int i, const Step& step) const {
    const Ref<Task>& t = tasks[std::size_t(i)];
    if (!t)
        throw RuntimeError("task '" + graph.tasks[std::size_t(i)].name + "' was not created yet (" +
                           graph.path + ":" + std::to_string(step.at.line) + ":" +
                           std::to_string(step.at.column) + ")");
    return t;
}

std::vector<Ref<Future>> RunState::futures(const Step& step) const {
    std::vector<Ref<Future>> out;
    for (int i : step.tasks)
        out.push_back(Ref<Future>(task(i, step).get()));
    return out;
}

/// What one task's steps read and write besides the run: the last item it got from a queue
/// and the indices of the repeats it is inside (for {item} and {i} in messages).
struct TaskContext {
    int task = -1;
    std::string item = "None";
    std::vector<int> indices;
};

/// A message with {task}, {item} and {i} replaced.
std::string expand(const std::string& text, const RunState& run, const TaskContext& ctx) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        auto take = [&](std::string_view key, const std::string& value) {
            if (text.compare(i, key.size(), key) != 0)
                return false;
            out += value;
            i += key.size();
            return true;
        };
        if (take("{task}", run.graph.tasks[std::size_t(ctx.task)].name) ||
            take("{item}", ctx.item) ||
            take("{i}",
                 ctx.indices.empty() ? std::string("0") : std::to_string(ctx.indices.back())))
            continue;
        out += text[i++];
    }
    return out;
}

std::string itemText(const Value& v) {
    if (const std::string* s = std::any_cast<std::string>(&v))
        return *s;
    return formatValue(v);
}

/// Simulated I/O: a sleep whose future is of kind IO, so the chart shows the task on I/O,
/// labelled with what the I/O is (`label`: an index from Loop::label, or kNone).
Co<void> simulatedIo(double delay, std::uint32_t label) {
    if (!(delay > 0)) {
        co_await yieldNow();
        co_return;
    }
    Loop& loop = Loop::running();
    Ref<Future> fut = loop.createFuture(WaitKind::IO, label);
    loop.setResultAt(loop.time() + delay, fut, Value());
    std::exception_ptr error;
    try {
        co_await fut;
    } catch (...) {
        error = std::current_exception();
    }
    fut->cancelTimedResult();
    if (error)
        std::rethrow_exception(error);
}

Co<void> runSteps(RunState* run, TaskContext* ctx, const std::vector<Step>* steps);

/// A task's coroutine: its steps, with a context of their own (a coroutine's locals).
Co<void> runTask(RunState* run, TaskContext ctx, const std::vector<Step>* steps) {
    co_await runSteps(run, &ctx, steps);
}

/// asyncio.create_task(coro, name=NAME) for task `task` of the graph.
void startTask(RunState* run, int task) {
    const std::string& name = run->graph.tasks[std::size_t(task)].name;
    if (run->tasks[std::size_t(task)])
        throw RuntimeError("task '" + name + "' was already created");
    TaskContext ctx;
    ctx.task = task;
    run->tasks[std::size_t(task)] = createTask(
        runTask(run, std::move(ctx), &run->graph.tasks[std::size_t(task)].steps).named(name), name);
}

/// async with RESOURCE: acquire, the nested steps, release (also when they raise).
Co<void> hold(RunState* run, TaskContext* ctx, const Step* step) {
    const ResourceKind kind = run->graph.resources[std::size_t(step->resource)].kind;
    Resource* r = run->resources[std::size_t(step->resource)].get();
    if (kind == ResourceKind::Lock)
        co_await static_cast<Lock*>(r)->acquire();
    else if (kind == ResourceKind::Condition)
        co_await static_cast<Condition*>(r)->acquire();
    else
        co_await static_cast<Semaphore*>(r)->acquire();
    std::exception_ptr error;
    try {
        co_await runSteps(run, ctx, &step->steps);
    } catch (...) {
        error = std::current_exception();
    }
    if (kind == ResourceKind::Lock)
        static_cast<Lock*>(r)->release();
    else if (kind == ResourceKind::Condition)
        static_cast<Condition*>(r)->release();
    else
        static_cast<Semaphore*>(r)->release();
    if (error)
        std::rethrow_exception(error);
}

Co<void> repeat(RunState* run, TaskContext* ctx, const Step* step) {
    for (int i = 0; i < step->count; ++i) {
        ctx->indices.push_back(i);
        std::exception_ptr error;
        try {
            co_await runSteps(run, ctx, &step->steps);
        } catch (...) {
            error = std::current_exception();
        }
        ctx->indices.pop_back();
        if (error)
            std::rethrow_exception(error);
    }
}

/// Whether `except TYPE:` catches `error`: the same class name, or a base class of the core's
/// hierarchy (Exception catches all but CancelledError, BaseException everything).
bool catches(const std::string& type, const std::exception_ptr& error) {
    if (type == "BaseException")
        return true;
    if (type == "Exception")
        return isOrdinaryException(error);
    return describeException(error).type == type;
}

/// try: STEPS except TYPE: HANDLER
Co<void> tryStep(RunState* run, TaskContext* ctx, const Step* step) {
    std::exception_ptr error;
    try {
        co_await runSteps(run, ctx, &step->steps);
    } catch (...) {
        error = std::current_exception();
    }
    if (!error)
        co_return;
    if (!catches(step->type, error))
        std::rethrow_exception(error);
    co_await runSteps(run, ctx, &step->handler);
}

std::optional<double> drawTimeout(RunState* run, const Step* step) {
    if (!step->timeout)
        return std::nullopt;
    return run->sampler.draw(*step->timeout);
}

// The task is looked up before the timeout is drawn, as Python evaluates
// wait_for(tasks[X], timeout=uniform(...)): a missing task raises without drawing.
Co<void> waitFor(RunState* run, TaskContext* ctx, const Step* step) {
    if (!step->tasks.empty()) { // wait_for on a task; else on steps (perhaps none)
        Ref<Future> task(run->task(step->tasks.front(), *step).get());
        const std::optional<double> timeout = drawTimeout(run, step);
        [[maybe_unused]] Value v = co_await loopscope::waitFor(task, timeout);
        co_return;
    }
    // The steps are a coroutine called with the task's {item} and {i} as they are now: what
    // they get from a queue stays theirs. asyncio's wait_for(coro, None) awaits it in place;
    // with a timeout it wraps it in a task of its own (Task-N).
    const std::optional<double> timeout = drawTimeout(run, step);
    if (!timeout) {
        TaskContext copy = *ctx;
        co_await runSteps(run, &copy, &step->steps);
        co_return;
    }
    const std::string& name = run->graph.tasks[std::size_t(ctx->task)].name;
    Co<void> steps = runTask(run, *ctx, &step->steps).named(name + ".wait_for");
    [[maybe_unused]] Value v = co_await loopscope::waitFor(std::move(steps), timeout);
}

Co<void> asCompleted(RunState* run, const Step* step) {
    // The tasks first, then the timeout: Python's order of evaluation of the arguments.
    std::vector<Ref<Future>> fs = run->futures(*step);
    const std::optional<double> timeout = drawTimeout(run, step);
    AsCompleted results(std::move(fs), timeout);
    for (std::size_t i = 0; i < results.size(); ++i)
        [[maybe_unused]] Value v = co_await results.next();
}

// GCC 12 mishandles temporaries that live across a co_await when the await throws (it destroys
// them twice), so the steps that await keep what they pass in named locals.

Co<void> put(RunState* run, TaskContext* ctx, const Step* step) {
    Value item;
    if (step->hasItem)
        item = Value(expand(step->text, *run, *ctx));
    co_await run->resource<Queue>(step->resource).put(std::move(item));
}

Co<void> get(RunState* run, TaskContext* ctx, const Step* step) {
    Value item = co_await run->resource<Queue>(step->resource).get();
    ctx->item = itemText(item);
}

Co<void> awaitTask(RunState* run, const Step* step) {
    Ref<Task> task = run->task(step->tasks.front(), *step);
    co_await task;
}

Co<void> gatherTasks(RunState* run, const Step* step) {
    std::vector<Ref<Future>> fs = run->futures(*step);
    Ref<Future> all = gather(fs, step->returnExceptions);
    co_await all;
}

Co<void> waitTasks(RunState* run, const Step* step) {
    std::vector<Ref<Future>> fs = run->futures(*step);
    const std::optional<double> timeout = drawTimeout(run, step);
    [[maybe_unused]] WaitResult r = co_await wait(std::move(fs), timeout, step->mode);
}

Co<void> shieldTask(RunState* run, const Step* step) {
    Ref<Future> inner(run->task(step->tasks.front(), *step).get());
    Ref<Future> outer = shield(inner);
    co_await outer;
}

/// print(text): a line of output for each line of the text, as Python's stdout makes them.
void printLines(const std::string& text) {
    std::size_t start = 0;
    for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
        print(text.substr(start, nl - start));
    print(text.substr(start));
}

Co<void> sleepFor(double delay) {
    co_await sleep(delay);
}

Co<void> runStep(RunState* run, TaskContext* ctx, const Step* step) {
    switch (step->kind) {
    case StepKind::Print:
        printLines(expand(step->text, *run, *ctx));
        break;
    case StepKind::Sleep:
        co_await sleepFor(run->sampler.draw(step->duration));
        break;
    case StepKind::IO: {
        // the label's index, not its text: no string lives across the co_await
        const std::uint32_t label = Loop::running().label(expand(step->text, *run, *ctx));
        co_await simulatedIo(run->sampler.draw(step->duration), label);
        break;
    }
    case StepKind::Block:
        Loop::running().blockFor(run->sampler.draw(step->duration));
        break;
    case StepKind::Hold:
        co_await hold(run, ctx, step);
        break;
    case StepKind::WaitEvent:
        co_await run->resource<Event>(step->resource).wait();
        break;
    case StepKind::Set:
        run->resource<Event>(step->resource).set();
        break;
    case StepKind::Clear:
        run->resource<Event>(step->resource).clear();
        break;
    case StepKind::Put:
        co_await put(run, ctx, step);
        break;
    case StepKind::Get:
        co_await get(run, ctx, step);
        break;
    case StepKind::TaskDone:
        run->resource<Queue>(step->resource).taskDone();
        break;
    case StepKind::Join:
        co_await run->resource<Queue>(step->resource).join();
        break;
    case StepKind::Create:
        startTask(run, step->tasks.front());
        break;
    case StepKind::Await:
        co_await awaitTask(run, step);
        break;
    case StepKind::Gather:
        co_await gatherTasks(run, step);
        break;
    case StepKind::Wait:
        co_await waitTasks(run, step);
        break;
    case StepKind::AsCompleted:
        co_await asCompleted(run, step);
        break;
    case StepKind::WaitFor:
        co_await waitFor(run, ctx, step);
        break;
    case StepKind::Shield:
        co_await shieldTask(run, step);
        break;
    case StepKind::Cancel:
        run->task(step->tasks.front(), *step)->cancel();
        break;
    case StepKind::Raise:
        raise(step->type, expand(step->text, *run, *ctx));
    case StepKind::Repeat:
        co_await repeat(run, ctx, step);
        break;
    case StepKind::Try:
        co_await tryStep(run, ctx, step);
        break;
    }
}

Co<void> runSteps(RunState* run, TaskContext* ctx, const std::vector<Step>* steps) {
    for (const Step& step : *steps)
        co_await runStep(run, ctx, &step);
}

/// The top-level tasks in the order main creates them: by start time, then file order.
std::vector<int> startOrder(const Graph& g) {
    std::vector<int> order;
    for (std::size_t i = 0; i < g.tasks.size(); ++i)
        if (!g.tasks[i].createdByStep)
            order.push_back(int(i));
    std::stable_sort(order.begin(), order.end(), [&g](int a, int b) {
        return g.tasks[std::size_t(a)].start < g.tasks[std::size_t(b)].start;
    });
    return order;
}

/// main(): the resources, then each top-level task at its start time, then gather of them.
Co<void> graphMain(RunState* run) {
    Loop& loop = Loop::running();
    run->createResources(loop);
    std::vector<Ref<Future>> top;
    for (int t : startOrder(run->graph)) {
        const double start = run->graph.tasks[std::size_t(t)].start;
        if (start > loop.time())
            co_await sleepFor(start - loop.time());
        startTask(run, t);
        top.push_back(Ref<Future>(run->tasks[std::size_t(t)].get()));
    }
    Ref<Future> all = gather(top, run->graph.returnExceptions);
    co_await all;
}

} // namespace

GraphRun runGraph(const Graph& graph, LoopOptions options) {
    GraphRun out;
    Loop loop(options);
    {
        // Declared after the loop: the resources unregister from it when they go.
        RunState state(graph);
        out.result = run(loop, graphMain(&state).named("main"));
        out.trace = loop.takeTrace();
    }
    return out;
}

} // namespace loopscope::graph
