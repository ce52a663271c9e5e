// sleep, gather, wait, as_completed, wait_for and shield (CPython 3.11's tasks.py).
#include "loopscope/Tasks.hpp"

#include "loopscope/Queue.hpp"

#include <unordered_set>

namespace loopscope {

namespace {
// _release_waiter
void releaseWaiter(Future& waiter) {
    if (!waiter.done())
        waiter.setResult(Value());
}

// The futures without repeats, in first-seen order (CPython builds a set here).
std::vector<Ref<Future>> distinct(const std::vector<Ref<Future>>& fs) {
    std::vector<Ref<Future>> out;
    std::unordered_set<const Future*> seen;
    for (const Ref<Future>& f : fs)
        if (seen.insert(f.get()).second)
            out.push_back(f);
    return out;
}

// Runs `cleanup` and rethrows if `body` throws, runs it too if not (try/finally).
template <class F>
struct Finally {
    F f;
    ~Finally() { f(); }
};
} // namespace

// ---- sleep ----

Ref<Future> Sleep::start() {
    Loop& loop = Loop::running();
    fut_ = loop.createFuture(WaitKind::Sleep);
    // loop.call_later(delay, futures._set_result_unless_cancelled, future, result); the
    // result now waits in the future (await_resume returns the future's).
    loop.setResultAt(loop.time() + delay_, fut_, std::move(result_));
    return fut_;
}

Value Sleep::await_resume() {
    if (fut_) // finally: h.cancel()
        fut_->cancelTimedResult();
    detail::rethrowIfThrown(ctx_);
    if (!fut_)
        return std::move(result_);
    return fut_->result();
}

// ---- gather ----

bool GatheringFuture::cancel(std::optional<std::string> msg) {
    if (done())
        return false;
    bool ret = false;
    for (Ref<Future>& child : children_)
        if (child->cancel(msg))
            ret = true;
    if (ret)
        cancelRequested_ = true;
    return ret;
}

Ref<Future> gather(const std::vector<Ref<Future>>& children, bool returnExceptions) {
    if (children.empty()) {
        Ref<Future> outer = Loop::running().createFuture(WaitKind::Gather);
        outer->setResult(ValueList{});
        return outer;
    }
    // Like CPython, the loop is the children's: gather works outside a running loop too
    // (asyncio.run's final clean-up gathers the leftover tasks from outside).
    Loop& loop = children.front()->loop();
    Ref<GatheringFuture> outer = makeRef<GatheringFuture>(loop, children);
    // The watch's callbacks keep `outer` alive until every child has reported.
    auto onDone = [outer, returnExceptions](Future& fut, const CompletionWatch& watch) {
        if (outer->done()) {
            if (!fut.cancelled())
                fut.exception(); // mark the exception as retrieved
            return;
        }
        if (!returnExceptions) {
            if (fut.cancelled()) {
                outer->setException(fut.makeCancelledError());
                return;
            }
            if (std::exception_ptr exc = fut.exception()) {
                outer->setException(exc);
                return;
            }
        }
        if (watch.finished() == watch.total()) {
            ValueList results;
            results.reserve(outer->children().size());
            for (const Ref<Future>& child : outer->children()) {
                if (child->cancelled())
                    results.emplace_back(std::make_exception_ptr(
                        CancelledError(child->cancelMessage().value_or(std::string()))));
                else if (std::exception_ptr exc = child->exception())
                    results.emplace_back(exc);
                else
                    results.push_back(child->result());
            }
            if (outer->cancelRequested())
                outer->setException(fut.makeCancelledError());
            else
                outer->setResult(std::move(results));
        }
    };
    Ref<CompletionWatch> watch = makeRef<CompletionWatch>(std::move(onDone));
    watch->reserve(children.size());
    for (const Ref<Future>& child : children)
        watch->add(child);
    return outer;
}

// ---- wait ----

Co<WaitResult> wait(std::vector<Ref<Future>> fs, std::optional<double> timeout,
                    WaitMode returnWhen) {
    if (fs.empty())
        throw ValueError("Set of Tasks/Futures is empty.");
    fs = distinct(fs);
    Loop& loop = Loop::running();
    Ref<Future> waiter = loop.createFuture();
    waiter->setWaitInfo(WaitKind::Wait, kNone, static_cast<std::uint8_t>(returnWhen));
    Ref<TimerHandle> timeoutHandle;
    if (timeout)
        timeoutHandle = loop.callLater(*timeout, [waiter] { releaseWaiter(*waiter); });
    std::size_t counter = fs.size();
    // The callback runs only while this frame is alive: detach() below stops it.
    auto onCompletion = [&](Future& f, const CompletionWatch&) {
        --counter;
        if (counter == 0 || returnWhen == WaitMode::FirstCompleted ||
            (returnWhen == WaitMode::FirstException && !f.cancelled() && f.exception())) {
            if (timeoutHandle)
                timeoutHandle->cancel();
            releaseWaiter(*waiter);
        }
    };
    Ref<CompletionWatch> watch = makeRef<CompletionWatch>(onCompletion);
    watch->reserve(fs.size());
    for (const Ref<Future>& f : fs)
        watch->add(f);
    {
        Finally cleanup{[&] {
            if (timeoutHandle)
                timeoutHandle->cancel();
            watch->detach();
        }};
        co_await waiter;
    }
    WaitResult result;
    for (const Ref<Future>& f : fs)
        (f->done() ? result.done : result.pending).push_back(f);
    co_return result;
}

// ---- as_completed ----

struct AsCompleted::State {
    explicit State(Loop& loop) : done(loop, WaitKind::AsCompleted) {}
    Queue done;
    std::vector<Ref<Future>> todo;
    Ref<TimerHandle> timeoutHandle;
    Ref<CompletionWatch> watch;
};

AsCompleted::AsCompleted(std::vector<Ref<Future>> fs, std::optional<double> timeout) {
    Loop& loop = Loop::running();
    state_ = std::make_shared<State>(loop);
    state_->todo = distinct(fs);
    std::weak_ptr<State> weak = state_;
    state_->watch = makeRef<CompletionWatch>([weak](Future& f, const CompletionWatch&) {
        std::shared_ptr<State> st = weak.lock();
        if (!st || st->todo.empty())
            return;
        auto it = std::find(st->todo.begin(), st->todo.end(), Ref<Future>(&f));
        if (it != st->todo.end())
            st->todo.erase(it);
        st->done.putNowait(Ref<Future>(&f));
        if (st->todo.empty() && st->timeoutHandle)
            st->timeoutHandle->cancel();
    });
    state_->watch->reserve(state_->todo.size());
    for (const Ref<Future>& f : state_->todo)
        state_->watch->add(f);
    if (!state_->todo.empty() && timeout) {
        state_->timeoutHandle = loop.callLater(*timeout, [weak] {
            std::shared_ptr<State> st = weak.lock();
            if (!st)
                return;
            st->watch->detach();
            for (std::size_t i = 0; i < st->todo.size(); ++i)
                st->done.putNowait(Value());
            st->todo.clear();
        });
    }
    count_ = state_->todo.size();
}

Co<Value> AsCompleted::next() {
    std::shared_ptr<State> st = state_;
    Value item = co_await st->done.get();
    if (!item.has_value())
        throw TimeoutError();
    Ref<Future> f = std::any_cast<Ref<Future>>(item);
    co_return f->result();
}

// ---- wait_for ----

namespace {
// _cancel_and_wait. `byTimeout`: the cancellation is the timeout's doing, and the trace
// attributes it to the timer rather than to the task running wait_for.
Co<void> cancelAndWait(Ref<Future> fut, bool byTimeout) {
    Loop& loop = Loop::running();
    Ref<Future> waiter = loop.createFuture(fut->waitKind(), fut->waitObject());
    CallbackId cb = fut->addDoneCallback([waiter](Future&) { releaseWaiter(*waiter); });
    Finally cleanup{[&] { fut->removeDoneCallback(cb); }};
    if (byTimeout)
        loop.actingAs(Cause::Timer, kNone, [&] { fut->cancel(); });
    else
        fut->cancel();
    co_await waiter;
}
} // namespace

Co<Value> waitFor(Ref<Future> fut, std::optional<double> timeout) {
    Loop& loop = Loop::running();
    if (!timeout)
        co_return co_await fut;
    if (*timeout <= 0) {
        if (fut->done())
            co_return fut->result();
        co_await cancelAndWait(fut, true);
        try {
            co_return fut->result();
        } catch (const CancelledError&) {
            throw TimeoutError();
        }
    }
    Ref<Future> waiter = loop.createFuture(WaitKind::WaitFor);
    Ref<TimerHandle> timeoutHandle = loop.callLater(*timeout, [waiter] { releaseWaiter(*waiter); });
    Finally cancelTimer{[&] { timeoutHandle->cancel(); }};
    CallbackId cb = fut->addDoneCallback([waiter](Future&) { releaseWaiter(*waiter); });

    std::exception_ptr cancelled;
    try {
        co_await waiter;
    } catch (const CancelledError&) {
        cancelled = std::current_exception();
    }
    if (cancelled) {
        if (fut->done())
            co_return fut->result();
        // wait_for itself was cancelled: cancel the inner future, wait for it, re-raise.
        std::exception_ptr exc = cancelled;
        fut->removeDoneCallback(cb);
        co_await cancelAndWait(fut, false);
        std::rethrow_exception(exc);
    }
    if (fut->done())
        co_return fut->result();
    fut->removeDoneCallback(cb);
    co_await cancelAndWait(fut, true);
    try {
        co_return fut->result();
    } catch (const CancelledError&) {
        throw TimeoutError();
    }
}

// ---- shield ----

Ref<Future> shield(Ref<Future> inner) {
    if (inner->done())
        return inner;
    Loop& loop = inner->loop();
    Ref<Future> outer = loop.createFuture(WaitKind::Shield);
    CallbackId innerCb = inner->addDoneCallback([outer](Future& in) {
        if (outer->cancelled()) {
            if (!in.cancelled())
                in.exception();
            return;
        }
        if (in.cancelled())
            outer->cancel();
        else if (std::exception_ptr exc = in.exception())
            outer->setException(exc);
        else
            outer->setResult(in.result());
    });
    outer->addDoneCallback([inner, innerCb](Future&) {
        if (!inner->done())
            inner->removeDoneCallback(innerCb);
    });
    return outer;
}

} // namespace loopscope
