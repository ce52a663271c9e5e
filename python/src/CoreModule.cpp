// The `_loopscope` module: the core's loop, futures, tasks, combinators and primitives as
// Python objects. loopscope's `asyncio` package (python/lib/asyncio) is a thin layer over it.
#include "CoreModule.hpp"

#include "Awaitables.hpp"
#include "PyBridge.hpp"

#include <loopscope/TraceJson.hpp>
#include <loopscope/loopscope.hpp>

#include <pybind11/embed.h>
#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include <sstream>

namespace loopscope::py {

namespace {

Loop* g_loop = nullptr;
OutputSink g_output;
StopHandler g_stopped;

Loop& session() {
    if (!g_loop)
        throw RuntimeError("loopscope: no session loop");
    return *g_loop;
}

[[noreturn]] void raisePy(const std::exception_ptr& e) {
    setPyError(e);
    throw pyb::error_already_set();
}

std::optional<std::string> optionalMessage(const pyb::object& msg) {
    if (msg.is_none())
        return std::nullopt;
    return pyb::str(msg).cast<std::string>();
}

std::optional<double> optionalSeconds(const pyb::object& o) {
    if (o.is_none())
        return std::nullopt;
    return o.cast<double>();
}

/// The Python object of a core future (the existing one if Python already holds it).
pyb::object wrap(Future* f) { return pyb::cast(Ref<Future>(f)); }


/// A call_soon/call_later callback: runs in a copy of the context current when scheduled.
std::function<void()> pyCallback(pyb::object fn, pyb::tuple args) {
    return [fn = std::move(fn), args = std::move(args), context = copyContext()] {
        callInContext(context, fn, args);
    };
}

template <class T>
pyb::object coAwait(Co<T> co, pyb::object owner = pyb::none(), ResultConverter convert = nullptr) {
    return makeCoAwait(makeDriver(std::move(co)), std::move(convert), std::move(owner));
}

/// The core future a yielded object stands for (Task.__step's `_asyncio_future_blocking`).
Future* resolveYield(PyObject* y) {
    static PyTypeObject* futureType = reinterpret_cast<PyTypeObject*>(pyb::type::of<Future>().ptr());
    if (Future* f = sleepFuture(y))
        return f;
    if (PyObject_TypeCheck(y, futureType))
        return &pyb::handle(y).cast<Future&>();
    return nullptr;
}

/// The result of a finished run (asyncio.run / run_until_complete) as Python sees it.
pyb::object runResult(const RunResult& r) {
    switch (r.status) {
    case RunStatus::Ok: return valueToPy(r.value);
    case RunStatus::Exception: raisePy(r.error);
    default:
        // No outcome (deadlock, horizon, watchdog): the runner ends the process; the script
        // must not run on (see setStopHandler).
        if (g_stopped)
            g_stopped(std::string(nameOf(r.status))); // does not return
        throw RuntimeError("loopscope: the run ended without an outcome (" +
                           std::string(nameOf(r.status)) + ") and no stop handler is set");
    }
}

std::string futureRepr(Future& f) {
    std::string state = f.cancelled() ? "cancelled" : f.done() ? "finished" : "pending";
    std::string out = "<" + std::string(f.isTask() ? "Task" : "Future") + " " + state;
    if (f.isTask()) {
        Task& t = static_cast<Task&>(f);
        out += " name='" + t.name() + "' coro=<" + t.coroutineName() + "()>";
    }
    if (f.done() && !f.cancelled()) {
        // peek: a repr must not count as retrieving the exception (CPython's does not)
        const std::exception_ptr& e = f.peekException();
        if (e)
            out += " exception=" + pyb::repr(exceptionToPy(e)).cast<std::string>();
        else
            out += " result=" + pyb::repr(valueToPy(f.result())).cast<std::string>();
    }
    return out + ">";
}

void defineFutures(pyb::module_& m) {
    pyb::class_<Future, Ref<Future>> future(m, "Future");
    future.def(pyb::init([](pyb::kwargs) { return session().createFuture(); }))
        .def("result", [](Future& f) { return valueToPy(f.result()); })
        .def("exception",
             [](Future& f) -> pyb::object {
                 std::exception_ptr e = f.exception();
                 return e ? exceptionToPy(e) : pyb::none();
             })
        .def("done", &Future::done)
        .def("cancelled", &Future::cancelled)
        .def("cancel", [](Future& f, pyb::object msg) { return f.cancel(optionalMessage(msg)); },
             pyb::arg("msg") = pyb::none())
        .def("set_result", [](Future& f, pyb::object v) { f.setResult(valueFromPy(v)); })
        .def("set_exception",
             [](Future& f, pyb::object e) {
                 if (PyType_Check(e.ptr()))
                     e = e();
                 if (!PyExceptionInstance_Check(e.ptr()))
                     throw TypeError("invalid exception object");
                 if (PyErr_GivenExceptionMatches(e.ptr(), PyExc_StopIteration))
                     throw TypeError("StopIteration interacts badly with generators and cannot "
                                     "be raised into a Future");
                 f.setException(exceptionFromPy(e));
             })
        .def(
            "add_done_callback",
            [](Future& f, pyb::object fn, pyb::object context) {
                f.addDoneCallback(
                    PyDoneCallback{fn, context.is_none() ? copyContext() : context});
            },
            pyb::arg("fn"), pyb::kw_only(), pyb::arg("context") = pyb::none())
        .def("remove_done_callback",
             [](Future& f, pyb::object fn) {
                 return f.removeDoneCallbacksIf([&](const Future::Callback& cb) {
                     const auto* p = cb.target<PyDoneCallback>();
                     return p && p->fn.equal(fn);
                 });
             })
        .def("get_loop", [](Future&) { return pyb::module_::import("_loopscope").attr("_py_loop"); })
        .def("__await__", [](Future& f) { return makeFutureIter(Ref<Future>(&f)); })
        .def("__iter__", [](Future& f) { return makeFutureIter(Ref<Future>(&f)); })
        .def("__repr__", &futureRepr)
        .attr("_asyncio_future_blocking") = false;

    pyb::class_<Task, Future, Ref<Task>>(m, "Task")
        .def(pyb::init([](pyb::object coro, pyb::object name, pyb::kwargs) {
                 return session().createTask(std::make_unique<PyCoroDriver>(coro),
                                             optionalMessage(name));
             }),
             pyb::arg("coro"), pyb::kw_only(), pyb::arg("name") = pyb::none())
        .def("get_name", &Task::name)
        .def("set_name", [](Task& t, pyb::object n) { t.setName(pyb::str(n)); })
        .def("get_coro",
             [](Task& t) -> pyb::object {
                 auto* d = dynamic_cast<PyCoroDriver*>(t.driver());
                 return d ? d->coroutine() : pyb::none();
             })
        .def("cancelling", &Task::cancelling)
        .def("uncancel", &Task::uncancel)
        .def("get_stack", [](Task&, pyb::kwargs) { return pyb::list(); })
        .def("_trace_id", &Task::id);

    pyb::class_<Handle, Ref<Handle>>(m, "Handle")
        .def("cancel", &Handle::cancel)
        .def("cancelled", &Handle::cancelled);
    pyb::class_<TimerHandle, Handle, Ref<TimerHandle>>(m, "TimerHandle").def("when", &TimerHandle::when);

}

void defineLoop(pyb::module_& m) {
    m.def("time", [] { return session().time(); });
    m.def("is_running", [] { return Loop::runningOrNull() == g_loop && g_loop; });
    m.def("create_future", [] { return session().createFuture(); });
    // A future the trace shows by what its waiting task waits on: kind "io" (aiohttp's request,
    // labelled "GET URL") or "executor" (a worker, labelled with its function's name).
    m.def("create_labelled_future", [](std::string_view kind, std::string_view label) {
        const WaitKind wait = kind == "io"         ? WaitKind::IO
                              : kind == "executor" ? WaitKind::Executor
                                                   : throw ValueError("unknown wait kind '" +
                                                                      std::string(kind) + "'");
        Loop& loop = session();
        return loop.createFuture(wait, loop.label(label));
    });
    m.def(
        "create_task",
        [](pyb::object coro, pyb::object name, pyb::object context) {
            return session().createTask(std::make_unique<PyCoroDriver>(std::move(coro), context),
                                        optionalMessage(name));
        },
        pyb::arg("coro"), pyb::arg("name") = pyb::none(), pyb::arg("context") = pyb::none());
    m.def("call_soon", [](pyb::object fn, pyb::tuple args) {
        return session().callSoon(pyCallback(std::move(fn), std::move(args)));
    });
    m.def("call_at", [](double when, pyb::object fn, pyb::tuple args) {
        return session().callAt(when, pyCallback(std::move(fn), std::move(args)));
    });
    m.def("call_later", [](double delay, pyb::object fn, pyb::tuple args) {
        return session().callLater(delay, pyCallback(std::move(fn), std::move(args)));
    });
    m.def("run", [](pyb::object coro) {
        return runResult(session().run(std::make_unique<PyCoroDriver>(std::move(coro))));
    });
    m.def("run_until_complete", [](Ref<Future> fut) {
        return runResult(session().runUntilComplete(fut));
    });
    m.def("stop", [] { session().stop(); });
    m.def("current_task", []() -> pyb::object {
        Task* t = session().currentTask();
        return t ? wrap(t) : pyb::none();
    });
    m.def("all_tasks", [] {
        pyb::list out;
        for (const Ref<Task>& t : session().allTasks())
            out.append(wrap(t.get()));
        return out;
    });
    m.def("block", [](double seconds) {
        if (Loop::runningOrNull() == g_loop && g_loop)
            g_loop->blockFor(seconds);
    });
    m.def("output", [](const std::string& line) {
        Loop& loop = session();
        loop.print(line);
        if (g_output)
            g_output(loop.time(), line);
    });
    m.def("diagnostic", [](const std::string& kind, const std::string& message) {
        Loop& loop = session();
        Diagnostic d;
        d.kind = kind == "blocked"  ? Diagnostic::Kind::BlockedLoop
                 : kind == "never-retrieved" ? Diagnostic::Kind::ExceptionNeverRetrieved
                                      : Diagnostic::Kind::Other;
        d.time = loop.time();
        d.task = loop.currentTask() ? loop.currentTask()->id() : kNone;
        d.message = message;
        loop.recorder().diagnostic(std::move(d));
    });
    // loopscope.trace reads the run's trace so far as the native JSON the GUI reads, so the
    // checks a scenario makes see exactly what the window shows. Segments still open end at
    // -1 and endTime is 0 until the run ends; the reader uses time() for both.
    m.def("trace_json", [] {
        std::ostringstream out;
        writeTraceJson(session().recorder().trace(), out);
        return pyb::bytes(out.str()); // printed text need not be UTF-8
    });
}

void defineCombinators(pyb::module_& m) {
    m.def("gather", [](std::vector<Ref<Future>> children, bool returnExceptions) {
        return gather(children, returnExceptions);
    });
    m.def("wait", [](std::vector<Ref<Future>> fs, pyb::object timeout, int mode) {
        return coAwait(wait(std::move(fs), optionalSeconds(timeout), static_cast<WaitMode>(mode)),
                       pyb::none(), [](const Value& v) -> pyb::object {
                           const auto& r = std::any_cast<const WaitResult&>(v);
                           pyb::list done, pending;
                           for (const Ref<Future>& f : r.done)
                               done.append(wrap(f.get()));
                           for (const Ref<Future>& f : r.pending)
                               pending.append(wrap(f.get()));
                           return pyb::make_tuple(done, pending);
                       });
    });
    m.def("wait_for", [](Ref<Future> fut, pyb::object timeout) {
        return coAwait(waitFor(std::move(fut), optionalSeconds(timeout)));
    });
    m.def("shield", [](Ref<Future> inner) { return shield(std::move(inner)); });
    pyb::class_<AsCompleted, std::shared_ptr<AsCompleted>>(m, "AsCompleted")
        .def(pyb::init([](std::vector<Ref<Future>> fs, pyb::object timeout) {
            return std::make_shared<AsCompleted>(std::move(fs), optionalSeconds(timeout));
        }))
        .def("__len__", &AsCompleted::size)
        .def("next", [](pyb::object self) {
            return coAwait(self.cast<AsCompleted&>().next(), self);
        });

    pyb::class_<Timeout, Ref<Timeout>>(m, "Timeout")
        .def(pyb::init([](pyb::object when) { return makeRef<Timeout>(optionalSeconds(when)); }))
        .def("when", [](Timeout& t) -> pyb::object {
            return t.when() ? pyb::cast(*t.when()) : pyb::none();
        })
        .def("reschedule", [](Timeout& t, pyb::object when) { t.reschedule(optionalSeconds(when)); })
        .def("expired", &Timeout::expired)
        .def("state", [](Timeout& t) { return static_cast<int>(t.state()); })
        .def("enter", &Timeout::enter)
        .def("exit", [](Timeout& t, pyb::object exc) {
            t.exit(exc.is_none() ? nullptr : exceptionFromPy(exc));
        });

    pyb::class_<TaskGroup>(m, "TaskGroup")
        .def(pyb::init<>())
        .def("enter", &TaskGroup::enter)
        .def(
            "create_task",
            [](TaskGroup& g, pyb::object coro, pyb::object name, pyb::object context) {
                return g.createTask(std::make_unique<PyCoroDriver>(std::move(coro), context),
                                    optionalMessage(name));
            },
            pyb::arg("coro"), pyb::arg("name") = pyb::none(), pyb::arg("context") = pyb::none())
        .def("exit", [](pyb::object self, pyb::object exc) {
            TaskGroup& g = self.cast<TaskGroup&>();
            return coAwait(g.exit(exc.is_none() ? nullptr : exceptionFromPy(exc)), self);
        });
}

void definePrimitives(pyb::module_& m) {
    pyb::class_<Lock>(m, "Lock")
        .def(pyb::init([](const std::string& name) { return std::make_unique<Lock>(session(), name); }))
        .def("locked", &Lock::locked)
        .def("acquire", [](pyb::object self) { return coAwait(self.cast<Lock&>().acquire(), self); })
        .def("release", &Lock::release)
        .def("waiters", &Lock::waiters);
    pyb::class_<Event>(m, "Event")
        .def(pyb::init([](const std::string& name) { return std::make_unique<Event>(session(), name); }))
        .def("is_set", &Event::isSet)
        .def("set", &Event::set)
        .def("clear", &Event::clear)
        .def("wait", [](pyb::object self) { return coAwait(self.cast<Event&>().wait(), self); })
        .def("waiters", &Event::waiters);
    pyb::class_<Condition>(m, "Condition")
        .def(pyb::init([](Lock* lock, const std::string& name) {
                 return std::make_unique<Condition>(session(), lock, name);
             }),
             pyb::keep_alive<1, 2>())
        .def("locked", &Condition::locked)
        .def("acquire",
             [](pyb::object self) { return coAwait(self.cast<Condition&>().acquire(), self); })
        .def("release", &Condition::release)
        .def("wait", [](pyb::object self) { return coAwait(self.cast<Condition&>().wait(), self); })
        .def("notify", &Condition::notify)
        .def("notify_all", &Condition::notifyAll)
        .def("waiters", &Condition::waiters);
    pyb::class_<Semaphore>(m, "Semaphore")
        .def(pyb::init([](int value, bool bounded, const std::string& name) -> std::unique_ptr<Semaphore> {
            if (bounded)
                return std::make_unique<BoundedSemaphore>(session(), value, name);
            return std::make_unique<Semaphore>(session(), value, name);
        }))
        .def("locked", &Semaphore::locked)
        .def("value", &Semaphore::value)
        .def("acquire",
             [](pyb::object self) { return coAwait(self.cast<Semaphore&>().acquire(), self); })
        .def("release", &Semaphore::release)
        .def("waiters", &Semaphore::waiters);
    pyb::class_<Queue>(m, "Queue")
        .def(pyb::init([](int maxsize, int order, const std::string& name) {
            // PriorityQueue orders with Python's `<`, as heapq does.
            auto less = [](const Value& a, const Value& b) {
                pyb::object x = valueToPy(a), y = valueToPy(b);
                int r = PyObject_RichCompareBool(x.ptr(), y.ptr(), Py_LT);
                if (r < 0)
                    std::rethrow_exception(fetchPyError());
                return r == 1;
            };
            return std::make_unique<Queue>(session(), maxsize, name,
                                           static_cast<Queue::Order>(order), less);
        }))
        .def("qsize", &Queue::qsize)
        .def("maxsize", &Queue::maxsize)
        .def("empty", &Queue::empty)
        .def("full", &Queue::full)
        .def("put",
             [](pyb::object self, pyb::object item) {
                 return coAwait(self.cast<Queue&>().put(valueFromPy(item)), self);
             })
        .def("put_nowait", [](Queue& q, pyb::object item) { q.putNowait(valueFromPy(item)); })
        .def("get", [](pyb::object self) { return coAwait(self.cast<Queue&>().get(), self); })
        .def("get_nowait", [](Queue& q) { return valueToPy(q.getNowait()); })
        .def("task_done", &Queue::taskDone)
        .def("join", [](pyb::object self) { return coAwait(self.cast<Queue&>().join(), self); })
        .def("unfinished", &Queue::unfinishedTasks);
}

} // namespace

void setSessionLoop(Loop* loop) { g_loop = loop; }
void setOutputSink(OutputSink sink) { g_output = std::move(sink); }
void setStopHandler(StopHandler handler) { g_stopped = std::move(handler); }

} // namespace loopscope::py

PYBIND11_EMBEDDED_MODULE(_loopscope, m) {
    using namespace loopscope::py;
    pyb::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p)
                std::rethrow_exception(p);
        } catch (const loopscope::BaseException&) {
            setPyError(std::current_exception());
        }
    });
    defineFutures(m);
    addAwaitables(m);
    defineLoop(m);
    defineCombinators(m);
    definePrimitives(m);
    m.def("register_classes", [](pyb::object cancelled, pyb::object invalidState,
                                 pyb::object queueEmpty, pyb::object queueFull) {
        PyClasses& c = pyClasses();
        c.cancelledError = cancelled;
        c.invalidStateError = invalidState;
        c.queueEmpty = queueEmpty;
        c.queueFull = queueFull;
    });
    m.def("set_watchdog_class", &setWatchdogClass);
    m.def("interrupted_by", &interruptedBy);
    m.def("watchdog_reason", [] { return std::string(watchdogReason()); });
    m.attr("_py_loop") = pyb::none();
    setYieldResolver(&resolveYield);
    // Task results in the trace read as Python shows them: repr().
    loopscope::setValueFormatter([](const loopscope::Value& v, bool& handled) -> std::string {
        const auto* o = std::any_cast<pyb::object>(&v);
        handled = o != nullptr;
        if (!o)
            return {};
        try {
            return pyb::repr(*o).cast<std::string>();
        } catch (const pyb::error_already_set&) {
            return "<unprintable>";
        }
    });
}
