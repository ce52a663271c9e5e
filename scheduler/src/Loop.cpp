// The virtual-clock event loop: ready queue, timers, runs, deadlock detection.
#include "loopscope/Loop.hpp"

#include "loopscope/Tasks.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_set>

namespace loopscope {

namespace {
thread_local Loop* t_running = nullptr;
// time.get_clock_info('monotonic').resolution on Linux: timers this close are due.
constexpr double kClockResolution = 1e-9;

std::string formatTime(double t) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", t);
    return buf;
}

/// A done callback on its way through the ready queue. It holds the callback itself: wrapping
/// it in a Handle's std::function<void()> with the future took a heap allocation per callback
/// (the wrapper outgrows std::function's inline buffer).
struct CallbackBox : RefCounted {
    explicit CallbackBox(Future::Callback f) : fn(std::move(f)) {}
    Future::Callback fn;
};

/// Gives back an entry's references however its scope is left.
template <class Item>
struct ReleaseAtExit {
    Item& item;
    ~ReleaseAtExit() { item.release(); }
};

/// "intervention at t=1.500: task 'worker' (#0)", the start of its diagnostics.
std::string describe(const Intervention& in) {
    return "intervention at t=" + formatTime(in.time) + ": task '" + in.task + "' (#" +
           std::to_string(in.occurrence) + ")";
}
} // namespace

Loop::Loop(LoopOptions options)
    : options_(std::move(options)), recorder_(options_.trace) {
    interventionFired_.assign(options_.interventions.size(), false);
    for (std::size_t i = 0; i < options_.interventions.size(); ++i)
        callAt(options_.interventions[i].time, [this, i] { applyIntervention(i); });
}

Loop::~Loop() {
    timers_.clear();
    // Coroutine frames may hold references to futures and tasks: drop them while the loop
    // still exists, so their destructors may still talk to it. What a frame queues as it goes
    // (a `finally` that releases a lock wakes the next waiter) is dropped after them.
    dropReady();
    for (Ref<Task>& t : tasks_)
        t->shutdown();
    dropReady();
}

void Loop::dropReady() noexcept {
    while (!ready_.empty())
        ready_.pop_front().release(); // a release may queue more: the loop takes it too
}

Loop& Loop::running() {
    if (!t_running)
        throw RuntimeError("no running event loop");
    return *t_running;
}

Loop* Loop::runningOrNull() noexcept { return t_running; }

Ref<Handle> Loop::callSoon(std::function<void()> fn) {
    Ref<Handle> h = makeRef<Handle>(std::move(fn));
    enqueue(ReadyItem::Kind::Handle, nullptr, h, actor_, cause_);
    return h;
}

Ref<TimerHandle> Loop::callLater(double delay, std::function<void()> fn) {
    return callAt(now_ + delay, std::move(fn));
}

Ref<TimerHandle> Loop::callAt(double when, std::function<void()> fn) {
    Ref<TimerHandle> h = makeRef<TimerHandle>(when, timerSeq_++, std::move(fn));
    timers_.push(h);
    return h;
}

void Loop::dropCancelledTimers() {
    while (!timers_.empty() && timers_.topCancelled())
        timers_.pop();
}

Ref<Future> Loop::createFuture(WaitKind kind, std::uint32_t object) {
    return makeRef<Future>(*this, kind, object);
}

Ref<Task> Loop::createTask(std::unique_ptr<Driver> coro, std::optional<std::string> name) {
    // loop.create_task: only an unnamed task draws a Task-N number (asyncio.create_task and
    // TaskGroup.create_task create unnamed, then rename: see createNamedTask).
    std::string taskName = name ? std::move(*name) : "Task-" + std::to_string(++taskNameCounter_);
    std::string coroName = coro->name();
    TaskId parent = cause_ == Cause::Task ? actor_ : kNone;
    TaskId id = recorder_.addTask(taskName, coroName, parent, now_);
    Ref<Task> task = makeRef<Task>(*this, std::move(coro), std::move(taskName), id);
    tasks_.push_back(task);
    TraceEvent e;
    e.time = now_;
    e.task = id;
    e.actor = actor_;
    e.cause = cause_;
    e.kind = EventKind::TaskCreated;
    recorder_.event(e);
    scheduleStep(*task);
    return task;
}

Ref<Task> Loop::createNamedTask(std::unique_ptr<Driver> coro, std::optional<std::string> name) {
    Ref<Task> task = createTask(std::move(coro));
    if (name)
        task->setName(std::move(*name));
    return task;
}

std::vector<Ref<Task>> Loop::allTasks() const {
    std::vector<Ref<Task>> out;
    for (const Ref<Task>& t : tasks_)
        if (!t->done())
            out.push_back(t);
    return out;
}

void Loop::markReady(Task& task) {
    task.setScheduled(true);
    if (current_ != &task)
        recorder_.setState(task.openSegment(), task.id(), now_, TaskState::Ready);
}

void Loop::enqueue(ReadyItem::Kind kind, Ref<Future> target, Ref<RefCounted> arg, TaskId actor,
                   Cause cause) {
    ReadyItem item;
    item.kind = kind;
    item.cause = cause;
    item.actor = actor;
    item.target = target.get();
    item.arg = arg.get();
    ready_.push_back(std::move(item)); // may throw (growth): the Refs still hold them then
    target.leak();
    arg.leak();
}

void Loop::scheduleStep(Task& task, std::exception_ptr exc) {
    Ref<Future> carrier;
    if (exc) {
        carrier = createFuture();
        carrier->setException(std::move(exc));
    }
    enqueue(ReadyItem::Kind::Step, Ref<Future>(&task), std::move(carrier));
    markReady(task);
}

void Loop::scheduleWakeup(Task& task, Ref<Future> fut) {
    const bool byTask = fut->isTask();
    const Cause cause = byTask ? Cause::Task : fut->completedCause();
    const WaitKind via = fut->waitKind();
    // A sleep that ends on its own timer records no wake: the end of its Waiting(sleep)
    // segment already says it. In timer-heavy runs these are a third of all records.
    // A sleep cut short (cancelled, by a task or by a timeout's timer) records its wake.
    // (Decided on locals: reading the flags back from a half-written event stalled on
    // store forwarding, in the loop's most frequent path.)
    const bool impliedBySegment =
        via == WaitKind::Sleep && cause == Cause::Timer && !fut->cancelled();
    if (!impliedBySegment && recorder_.enabled()) {
        TraceEvent e;
        e.time = now_;
        e.task = task.id();
        e.kind = EventKind::Wake;
        e.actor = byTask ? static_cast<Task&>(*fut).id() : fut->completedBy();
        e.cause = cause;
        e.via = via;
        e.object = fut->waitObject();
        recorder_.event(e);
    }
    enqueue(ReadyItem::Kind::Wakeup, Ref<Future>(&task), std::move(fut));
    markReady(task);
}

void Loop::scheduleCallback(Ref<Future> fut, Future::Callback fn) {
    enqueue(ReadyItem::Kind::FutureCallback, std::move(fut), makeRef<CallbackBox>(std::move(fn)));
}

void Loop::runItem(const ReadyItem& item) {
    switch (item.kind) {
    case ReadyItem::Kind::Step: {
        Task& task = static_cast<Task&>(*item.target);
        task.setScheduled(false);
        if (!task.done()) // a step queued for a task that already finished is dropped
            task.step(item.arg ? item.future().exception() : nullptr);
        break;
    }
    case ReadyItem::Kind::Wakeup: {
        Task& task = static_cast<Task&>(*item.target);
        task.setScheduled(false);
        if (!task.done())
            task.wakeup(item.future());
        break;
    }
    case ReadyItem::Kind::FutureCallback: {
        Future& fut = *item.target;
        if (fut.isTask()) {
            actor_ = static_cast<Task&>(fut).id();
            cause_ = Cause::Task;
        } else {
            actor_ = fut.completedBy();
            cause_ = fut.completedCause();
        }
        static_cast<CallbackBox&>(*item.arg).fn(fut);
        break;
    }
    case ReadyItem::Kind::Handle:
        actor_ = item.actor;
        cause_ = item.cause;
        item.handle().run();
        break;
    case ReadyItem::Kind::TimedResult:
        actor_ = item.actor;
        cause_ = item.cause;
        item.target->fireTimedResult();
        break;
    }
    actor_ = kNone;
    cause_ = Cause::None;
}

Loop::Iteration Loop::runOnce() {
    if (interrupted_)
        return Iteration::Interrupted;
    dropCancelledTimers();
    if (now_ > options_.horizon)
        return Iteration::Horizon;
    if (ready_.empty() && !stopping_) {
        if (timers_.empty())
            return Iteration::Deadlock;
        double when = timers_.topWhen();
        if (when > options_.horizon) {
            now_ = std::max(now_, options_.horizon);
            return Iteration::Horizon;
        }
        now_ = std::max(now_, when);
    }
    const double endTime = now_ + kClockResolution;
    while (!timers_.empty() && timers_.topWhen() < endTime) {
        const bool cancelled = timers_.topCancelled();
        TimerHeap::Fired t = timers_.pop();
        if (cancelled)
            continue;
        if (t.future)
            enqueue(ReadyItem::Kind::TimedResult, std::move(t.future), {}, kNone, Cause::Timer);
        else
            enqueue(ReadyItem::Kind::Handle, nullptr, std::move(t.handle), kNone, Cause::Timer);
    }
    // This is the only place where callbacks are run. Only those ready when the iteration
    // began run now; what they schedule runs in the next iteration.
    const std::size_t ntodo = ready_.size();
    for (std::size_t i = 0; i < ntodo; ++i) {
        if (callbacksRun_ >= options_.eventBudget)
            return Iteration::Budget;
        ReadyItem item = ready_.pop_front();
        const ReleaseAtExit owned{item};
        if (item.cancelled())
            continue;
        ++callbacksRun_;
        if (interrupted_)
            return Iteration::Interrupted;
        try {
            runItem(item);
        } catch (...) {
            // CPython logs "Exception in callback" and goes on; so do we, in the trace.
            ExceptionInfo info = describeException(std::current_exception());
            Diagnostic d;
            d.kind = Diagnostic::Kind::Other;
            d.time = now_;
            d.task = actor_;
            d.message = "Exception in callback: " + info.type +
                        (info.message.empty() ? "" : ": " + info.message);
            recorder_.diagnostic(std::move(d));
            current_ = nullptr;
            actor_ = kNone;
            cause_ = Cause::None;
        }
    }
    return Iteration::Ran;
}

RunResult Loop::runUntilComplete(const Ref<Future>& fut) {
    endOfRunReported_ = false;
    Loop* previous = std::exchange(t_running, this);
    stopping_ = false;
    CallbackId stopCb = fut->addDoneCallback([this](Future&) { stop(); });
    Iteration it = Iteration::Ran;
    while (true) {
        it = runOnce();
        if (it != Iteration::Ran || stopping_)
            break;
    }
    stopping_ = false;
    fut->removeDoneCallback(stopCb);
    t_running = previous;

    RunResult r;
    r.time = now_;
    if (!fut->done()) {
        switch (it) {
        case Iteration::Deadlock:
            r.status = RunStatus::Deadlock;
            describeDeadlock();
            break;
        case Iteration::Horizon: r.status = RunStatus::Horizon; break;
        case Iteration::Budget: r.status = RunStatus::Budget; break;
        case Iteration::Interrupted: r.status = RunStatus::Interrupted; break;
        case Iteration::Ran: r.status = RunStatus::Ok; break;
        }
        return r;
    }
    try {
        r.value = fut->result();
        r.status = RunStatus::Ok;
    } catch (...) {
        r.error = std::current_exception();
        r.status = RunStatus::Exception;
    }
    return r;
}

RunResult Loop::run(std::unique_ptr<Driver> main) {
    cause_ = Cause::Runner;
    Ref<Task> mainTask = createTask(std::move(main));
    cause_ = Cause::None;
    RunResult result = runUntilComplete(mainTask);
    if (interrupted_)
        result.status = RunStatus::Interrupted;
    if (result.status == RunStatus::Ok || result.status == RunStatus::Exception)
        cancelLeftTasks(result);
    // asyncio.run ends with shutdown_asyncgens() and shutdown_default_executor(), two tasks
    // that draw Task-N names: the next run's tasks are numbered as in CPython.
    taskNameCounter_ += 2;
    Trace& t = recorder_.mutableTrace();
    t.status = result.status;
    if (result.status == RunStatus::Exception)
        t.statusDetail = describeException(result.error).type;
    recordEndOfRunDiagnostics(result.status);
    result.time = now_;
    return result;
}

void Loop::cancelLeftTasks(RunResult& result) {
    std::vector<Ref<Task>> left = allTasks();
    if (left.empty())
        return;
    cause_ = Cause::Runner;
    std::vector<Ref<Future>> futs;
    try {
        for (Ref<Task>& t : left) {
            t->cancel();
            futs.push_back(t);
        }
    } catch (...) {
        // A cancel() that raises (RecursionError: tasks gathering each other) ends
        // asyncio.run with that exception; the tasks left never run again.
        cause_ = Cause::None;
        result.error = std::current_exception();
        result.status = RunStatus::Exception;
        return;
    }
    cause_ = Cause::None;
    Diagnostic d;
    d.kind = Diagnostic::Kind::PendingAtExit;
    d.time = now_;
    d.message = pendingSummary(left, "still pending when main returned, cancelled by asyncio.run");
    recorder_.diagnostic(std::move(d));
    RunResult cleanup = runUntilComplete(gather(futs, /*returnExceptions=*/true));
    if (cleanup.status != RunStatus::Ok && cleanup.status != RunStatus::Exception)
        result.status = cleanup.status;
}

void Loop::applyIntervention(std::size_t i) {
    interventionFired_[i] = true;
    const Intervention& in = options_.interventions[i];
    // The occurrence-th task of that name, in creation order, finished or not.
    std::size_t seen = 0;
    Task* task = nullptr;
    for (const Ref<Task>& t : tasks_)
        if (t->name() == in.task && seen++ == in.occurrence) {
            task = t.get();
            break;
        }
    if (task && !task->done()) {
        actingAs(Cause::User, kNone, [&] { task->cancel(in.message); });
        return;
    }
    Diagnostic d;
    d.time = now_;
    d.task = task ? task->id() : kNone;
    d.message = describe(in) + " was not running: " +
                (task ? "it finished at t=" + formatTime(recorder_.task(task->id()).finished)
                      : std::string("no such task had been created"));
    recorder_.diagnostic(std::move(d));
}

std::string Loop::pendingSummary(const std::vector<Ref<Task>>& tasks, const char* state) {
    // One line for the whole run: a horizon can leave thousands of tasks pending.
    std::string out = std::to_string(tasks.size()) + (tasks.size() == 1 ? " task " : " tasks ") +
                      state + ": ";
    for (std::size_t i = 0; i < tasks.size() && i < 5; ++i)
        out += (i ? ", " : "") + tasks[i]->name() + " (" + tasks[i]->coroutineName() + ")";
    if (tasks.size() > 5)
        out += ", ...";
    return out;
}

void Loop::recordEndOfRunDiagnostics(RunStatus status) {
    if (std::exchange(endOfRunReported_, true))
        return;
    for (std::size_t i = 0; i < interventionFired_.size(); ++i) {
        if (interventionFired_[i])
            continue;
        interventionFired_[i] = true; // said once
        const Intervention& in = options_.interventions[i];
        Diagnostic d;
        d.time = now_;
        d.message = describe(in) + " was not cancelled: the run ended at t=" + formatTime(now_);
        recorder_.diagnostic(std::move(d));
    }
    std::vector<Ref<Task>> pending;
    for (const Ref<Task>& task : tasks_) {
        TaskInfo& info = recorder_.task(task->id());
        if (task->done() && task->exceptionUnretrieved() && info.errorRetrieved) {
            info.errorRetrieved = false;
            Diagnostic d;
            d.kind = Diagnostic::Kind::ExceptionNeverRetrieved;
            d.time = info.finished;
            d.task = task->id();
            d.message = "Task exception was never retrieved: " + task->name() + ": " +
                        info.errorType + (info.errorMessage.empty() ? "" : ": " + info.errorMessage);
            recorder_.diagnostic(std::move(d));
        } else if (!task->done() && status != RunStatus::Deadlock) {
            // A deadlock's description already names every waiting task.
            pending.push_back(task);
        }
    }
    if (pending.empty())
        return;
    Diagnostic d;
    d.time = now_;
    if (status == RunStatus::Horizon || status == RunStatus::Budget) {
        d.kind = Diagnostic::Kind::Horizon;
        d.message = std::string("run stopped at t=") + formatTime(now_) + " (" +
                    (status == RunStatus::Horizon ? "horizon" : "event budget") +
                    " reached) with " + pendingSummary(pending, "pending");
    } else {
        d.kind = Diagnostic::Kind::PendingAtExit;
        d.message = pendingSummary(pending, "still pending when the run ended");
    }
    recorder_.diagnostic(std::move(d));
}

void Loop::registerWaitTarget(ResourceId id, const WaitTarget* target) {
    if (waitTargets_.size() <= id)
        waitTargets_.resize(id + 1, nullptr);
    waitTargets_[id] = target;
}

void Loop::unregisterWaitTarget(ResourceId id) {
    if (id < waitTargets_.size())
        waitTargets_[id] = nullptr;
}

void Loop::resourceEvent(EventKind kind, ResourceId resource, int value, TaskId task) {
    TraceEvent e;
    e.time = now_;
    e.task = task != kNone ? task : (cause_ == Cause::Task ? actor_ : kNone);
    e.actor = actor_;
    e.cause = cause_;
    e.object = resource;
    e.value = value;
    e.kind = kind;
    recorder_.event(e);
}

void Loop::blockFor(double seconds) {
    if (!(seconds > 0))
        return;
    TaskId task = current_ ? current_->id() : kNone;
    if (current_)
        recorder_.setState(current_->openSegment(), task, now_, TaskState::Blocking);
    TraceEvent e;
    e.time = now_;
    e.task = task;
    e.actor = task;
    e.cause = cause_;
    e.kind = EventKind::BlockLoop;
    e.value = static_cast<std::int32_t>(std::lround(seconds * 1000));
    recorder_.event(e);
    now_ += seconds;
    if (current_)
        recorder_.setState(current_->openSegment(), task, now_, TaskState::Running);
}

void Loop::print(std::string text) {
    recorder_.output(now_, current_ ? current_->id() : kNone, std::move(text));
}

void Loop::describeDeadlock() {
    Trace& trace = recorder_.mutableTrace();
    trace.waitGraph.clear();
    std::vector<TaskId> next(tasks_.size(), kNone);
    std::string summary;
    for (const Ref<Task>& task : tasks_) {
        if (task->done())
            continue;
        Future* w = task->futureWaiter();
        WaitEdge edge;
        edge.task = task->id();
        if (w) {
            edge.wait = w->waitKind();
            edge.object = w->waitObject();
            if (edge.wait == WaitKind::Task) {
                edge.blocker = edge.object;
            } else if (edge.object != kNone && edge.object < waitTargets_.size() &&
                       waitTargets_[edge.object] &&
                       (edge.wait == WaitKind::Lock || edge.wait == WaitKind::Semaphore ||
                        edge.wait == WaitKind::Condition)) {
                std::vector<TaskId> holders = waitTargets_[edge.object]->holders();
                for (TaskId h : holders)
                    if (h != task->id() && !tasks_[h]->done()) {
                        edge.blocker = h;
                        break;
                    }
            }
        }
        next[task->id()] = edge.blocker;
        trace.waitGraph.push_back(edge);
        std::string what = std::string(nameOf(edge.wait));
        if (edge.wait == WaitKind::Task && edge.object != kNone)
            what += " " + tasks_[edge.object]->name();
        else if (const std::string_view name = trace.waitObjectName(edge.wait, edge.object);
                 !name.empty()) // a resource's name, an I/O's label
            (what += ' ') += name;
        if (!summary.empty())
            summary += "; ";
        summary += task->name() + " (" + task->coroutineName() + ") waits on " + what;
        if (edge.blocker != kNone && edge.wait != WaitKind::Task)
            summary += " held by " + tasks_[edge.blocker]->name();
    }
    Diagnostic d;
    d.kind = Diagnostic::Kind::Deadlock;
    d.time = now_;
    // A wait-for cycle: follow blockers from each task until one repeats.
    for (std::size_t start = 0; start < next.size() && d.cycle.empty(); ++start) {
        std::vector<TaskId> path;
        std::vector<char> onPath(next.size(), 0);
        TaskId t = static_cast<TaskId>(start);
        while (t != kNone && !onPath[t]) {
            onPath[t] = 1;
            path.push_back(t);
            t = next[t];
        }
        if (t != kNone) {
            auto it = std::find(path.begin(), path.end(), t);
            d.cycle.assign(it, path.end());
        }
    }
    d.message = "deadlock at t=" + formatTime(now_) + ": " + summary;
    if (!d.cycle.empty()) {
        d.message += "; wait-for cycle: ";
        for (TaskId id : d.cycle)
            d.message += tasks_[id]->name() + " -> ";
        d.message += tasks_[d.cycle.front()]->name();
    }
    trace.statusDetail = d.message;
    recorder_.diagnostic(std::move(d));
}

Trace Loop::takeTrace() {
    for (const Ref<Task>& task : tasks_) // the segments still open end with the run
        recorder_.closeSegment(task->openSegment(), now_);
    Trace t = recorder_.finish(now_);
    t.callbacksRun = callbacksRun_;
    recorder_ = TraceRecorder(options_.trace);
    return t;
}

} // namespace loopscope
