// The event loop on a virtual clock (CPython's base_events.BaseEventLoop, minus I/O).
// Exactly one place runs callbacks: runOnce() drains the ready queue as it was when the
// iteration began. The clock moves only when nothing is ready: it jumps to the next timer.
#pragma once

#include "loopscope/Driver.hpp"
#include "loopscope/Future.hpp"
#include "loopscope/Handle.hpp"
#include "loopscope/HugePageAllocator.hpp"
#include "loopscope/Intervention.hpp"
#include "loopscope/RingQueue.hpp"
#include "loopscope/Task.hpp"
#include "loopscope/TimerHeap.hpp"
#include "loopscope/TraceRecorder.hpp"

#include <cassert>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace loopscope {

struct LoopOptions {
    /// The run stops with RunStatus::Horizon when the clock would pass this time.
    double horizon = std::numeric_limits<double>::infinity();
    /// The run stops with RunStatus::Budget after this many callbacks.
    std::uint64_t eventBudget = std::numeric_limits<std::uint64_t>::max();
    /// Record segments and events (task identities are always kept).
    bool trace = true;
    /// Cancellations the user injects: each a timer set, in list order, when the loop is
    /// made, before anything else (timers with equal deadlines fire in the order set).
    std::vector<Intervention> interventions;
};

/// How a run ended, with the main coroutine's result or exception.
struct RunResult {
    RunStatus status = RunStatus::Ok;
    Value value;
    std::exception_ptr error;
    double time = 0;
};

/// Where a task waits, at a deadlock; resources answer who could release them.
class WaitTarget {
public:
    virtual ~WaitTarget() = default;
    /// Tasks that hold this resource (a lock's holder, semaphore holders).
    virtual std::vector<TaskId> holders() const = 0;
};

class Loop {
public:
    explicit Loop(LoopOptions options = {});
    ~Loop();
    Loop(const Loop&) = delete;
    Loop& operator=(const Loop&) = delete;

    /// The loop whose callbacks are running on this thread (get_running_loop()); throws
    /// RuntimeError when none is.
    static Loop& running();
    static Loop* runningOrNull() noexcept;

    /// Virtual time in seconds since the start of the run.
    double time() const noexcept { return now_; }

    Ref<Handle> callSoon(std::function<void()> fn);
    Ref<TimerHandle> callLater(double delay, std::function<void()> fn);
    Ref<TimerHandle> callAt(double when, std::function<void()> fn);
    /// loop.call_at(when, futures._set_result_unless_cancelled, fut, result), the timer of
    /// asyncio.sleep, kept in `fut` itself (at most one per future): cancel it with
    /// fut->cancelTimedResult().
    void setResultAt(double when, const Ref<Future>& fut, Value result) {
        assert(!fut->isTask() && !fut->done()); // a task's result is its coroutine's
        fut->holdTimedResult(std::move(result));
        timers_.push(when, timerSeq_++, fut);
    }

    Ref<Future> createFuture(WaitKind kind = WaitKind::Future, std::uint32_t object = kNone);
    /// The trace's index for the label `text` of an I/O or executor wait ("GET /users"), to
    /// pass as `object` to createFuture(WaitKind::IO, ...); kNone for an empty text.
    std::uint32_t label(std::string_view text) { return recorder_.label(text); }
    /// Wraps a coroutine in a task scheduled to start on the next iteration
    /// (loop.create_task: a task given a name draws no Task-N number).
    Ref<Task> createTask(std::unique_ptr<Driver> coro,
                         std::optional<std::string> name = std::nullopt);
    /// asyncio.create_task / TaskGroup.create_task: creates the task unnamed (drawing a
    /// Task-N number) and then renames it, as CPython 3.11 does.
    Ref<Task> createNamedTask(std::unique_ptr<Driver> coro, std::optional<std::string> name);

    /// The task whose step is running, or null (current_task()).
    Task* currentTask() const noexcept { return current_; }
    /// Tasks not yet done, in creation order (all_tasks()).
    std::vector<Ref<Task>> allTasks() const;

    /// Blocks the whole loop for `seconds` of virtual time (time.sleep in a coroutine):
    /// nothing else runs meanwhile; the current task shows as Blocking.
    void blockFor(double seconds);
    /// Records a printed line at the current time, attributed to the current task.
    void print(std::string text);

    /// Runs until `fut` is done (run_until_complete), or a deadlock, horizon or budget.
    RunResult runUntilComplete(const Ref<Future>& fut);
    /// asyncio.run: runs `main` as a task, then cancels what is left and waits for it.
    RunResult run(std::unique_ptr<Driver> main);
    /// Stops after the current iteration (loop.stop()).
    void stop() noexcept { stopping_ = true; }
    /// Ends the run after the running callback with RunStatus::Interrupted: no cleanup, no
    /// further callbacks (a watchdog found a coroutine that never yields).
    void interrupt() noexcept { interrupted_ = true; }
    bool interrupted() const noexcept { return interrupted_; }

    /// Records what the user should know when a run ends: task exceptions never retrieved,
    /// tasks still pending. Once per run: Loop::run calls it; a front-end calls it again for
    /// runs made with runUntilComplete (it does nothing if the last run was reported).
    void recordEndOfRunDiagnostics(RunStatus status);
    /// Hands over the finished trace; the loop keeps an empty one.
    Trace takeTrace();
    TraceRecorder& recorder() noexcept { return recorder_; }
    const LoopOptions& options() const noexcept { return options_; }
    std::uint64_t callbacksRun() const noexcept { return callbacksRun_; }

    /// Who is acting now: the running task, else whoever triggered the running callback.
    TaskId currentActor() const noexcept { return actor_; }
    Cause currentCause() const noexcept { return cause_; }

    /// Runs `f` as if `actor`/`cause` were acting (a timeout's timer cancelling a task from
    /// inside the task that noticed it), so the trace names the real cause.
    template <class F>
    void actingAs(Cause cause, TaskId actor, F&& f) {
        struct Restore {
            Loop& loop;
            Cause cause;
            TaskId actor;
            ~Restore() {
                loop.cause_ = cause;
                loop.actor_ = actor;
            }
        } restore{*this, std::exchange(cause_, cause), std::exchange(actor_, actor)};
        f();
    }

    // ---- used by Future, Task and the primitives ----
    void scheduleStep(Task& task, std::exception_ptr exc = nullptr);
    void scheduleWakeup(Task& task, Ref<Future> fut);
    void scheduleCallback(Ref<Future> fut, Future::Callback fn);
    /// Registers what tasks waiting on resource `id` are blocked by (deadlock analysis).
    void registerWaitTarget(ResourceId id, const WaitTarget* target);
    void unregisterWaitTarget(ResourceId id);
    /// Records a resource event at the current time by the current actor.
    void resourceEvent(EventKind kind, ResourceId resource, int value, TaskId task = kNone);

private:
    // One entry of the ready queue, 24 bytes: the queue moves each entry in and out once,
    // millions of times in a big run. It is trivially copyable, so a move copies its bytes:
    // `target` and `arg` each own one reference, which enqueue() takes and release() gives
    // back once the entry ran or was dropped.
    struct ReadyItem {
        enum class Kind : std::uint8_t { Step, Wakeup, FutureCallback, Handle, TimedResult };
        Kind kind = Kind::Handle;
        Cause cause = Cause::None;
        TaskId actor = kNone;
        // Step/Wakeup: the task; FutureCallback: the future; TimedResult: the future to
        // complete (Loop::setResultAt); Handle: null.
        Future* target = nullptr;
        // Step: null, or a future holding the exception to throw into the step (rare);
        // Wakeup: the completed future; FutureCallback: the callback (a CallbackBox, in
        // Loop.cpp); Handle: the Handle to run; TimedResult: null.
        RefCounted* arg = nullptr;

        Handle& handle() const noexcept { return static_cast<Handle&>(*arg); }
        /// A timer's callback cancelled after its timer fired and before it ran.
        bool cancelled() const noexcept {
            return (kind == Kind::Handle && handle().cancelled()) ||
                   (kind == Kind::TimedResult && target->timedResultCancelled());
        }
        Future& future() const noexcept { return static_cast<Future&>(*arg); }
        /// Gives back the references the entry holds (the argument first, as a destructor
        /// of the two would) and forgets them: a second call does nothing.
        void release() noexcept {
            if (RefCounted* a = std::exchange(arg, nullptr))
                a->release();
            if (Future* t = std::exchange(target, nullptr))
                t->release();
        }
    };
    static_assert(std::is_trivially_copyable_v<ReadyItem> && sizeof(ReadyItem) == 24);
    /// Queues an entry, which takes over the two references.
    void enqueue(ReadyItem::Kind kind, Ref<Future> target, Ref<RefCounted> arg = {},
                 TaskId actor = kNone, Cause cause = Cause::None);

    enum class Iteration { Ran, Deadlock, Horizon, Budget, Interrupted };
    Iteration runOnce();
    void runItem(const ReadyItem& item);
    /// Drops every queued entry without running it (the loop's destructor).
    void dropReady() noexcept;
    void dropCancelledTimers();
    void markReady(Task& task);
    void describeDeadlock();
    /// asyncio.run's _cancel_all_tasks: cancels the tasks left and runs until they end; a
    /// cancel() that raises ends the run with that exception instead.
    void cancelLeftTasks(RunResult& result);
    /// Fires options_.interventions[i]: cancels the task it names on behalf of the user, or
    /// records why it could not (no such task running at that time).
    void applyIntervention(std::size_t i);
    /// "2 tasks <state>: Task-2 (bg), Task-3 (fetch)" for diagnostics, at most five named.
    static std::string pendingSummary(const std::vector<Ref<Task>>& tasks, const char* state);

    LoopOptions options_;
    double now_ = 0.0;
    RingQueue<ReadyItem> ready_;
    TimerHeap timers_;
    std::uint64_t timerSeq_ = 0;
    std::vector<Ref<Task>, detail::HugePageAllocator<Ref<Task>>> tasks_;
    std::vector<const WaitTarget*> waitTargets_;
    Task* current_ = nullptr;
    TaskId actor_ = kNone;
    Cause cause_ = Cause::Runner;
    std::uint64_t callbacksRun_ = 0;
    bool stopping_ = false;
    bool interrupted_ = false;
    bool endOfRunReported_ = false;
    /// Task::cancel calls in progress that are cancelling what their task awaits.
    int cancelDepth_ = 0;
    /// Per intervention: its timer has fired (those left are reported at the end of the run).
    std::vector<bool> interventionFired_;
    /// The Task-N counter: like CPython's, it runs on across asyncio.run calls.
    std::uint64_t taskNameCounter_ = 0;
    TraceRecorder recorder_;
    Loop* previous_ = nullptr;

    friend class Task;
};

} // namespace loopscope
