// Values, exceptions and coroutine steps crossing between CPython and the core.
#include "PyBridge.hpp"

#include <loopscope/Tasks.hpp>

#include <chrono>
#include <cstdio>

namespace loopscope::py {

namespace {
YieldResolver g_resolver = nullptr;
Progress g_progress;
std::atomic<const char*> g_watchdogReason{nullptr};
pyb::object* g_watchdogClass = nullptr; // leaked with the interpreter
pyb::object* g_interruptedBy = nullptr;

std::string pyStr(const pyb::handle& o) {
    try {
        return pyb::str(o).cast<std::string>();
    } catch (const pyb::error_already_set&) {
        return "<unprintable>";
    }
}

pyb::object builtin(const char* name) { return pyb::module_::import("builtins").attr(name); }

pyb::object make(const pyb::object& cls, const std::string& message) {
    return message.empty() ? cls() : cls(message);
}
} // namespace

PyClasses& pyClasses() {
    static PyClasses* classes = new PyClasses(); // never destroyed: outlives the interpreter
    return *classes;
}

void setYieldResolver(YieldResolver r) { g_resolver = r; }
Progress& progress() { return g_progress; }
void setWatchdogReason(const char* reason) { g_watchdogReason.store(reason); }
const char* watchdogReason() {
    const char* r = g_watchdogReason.load();
    return r ? r : "watchdog";
}
PyObject* watchdogClass() { return g_watchdogClass ? g_watchdogClass->ptr() : PyExc_RuntimeError; }
void setWatchdogClass(pyb::object cls) {
    g_watchdogClass = new pyb::object(std::move(cls));
    g_interruptedBy = new pyb::object(pyb::none());
}
pyb::object interruptedBy() { return g_interruptedBy ? *g_interruptedBy : pyb::none(); }

pyb::object exceptionToPy(const std::exception_ptr& e) {
    try {
        std::rethrow_exception(e);
    } catch (const PyCarrier& c) {
        return c.object();
    } catch (const BaseExceptionGroup& g) {
        pyb::list members;
        for (const std::exception_ptr& m : g.exceptions())
            members.append(exceptionToPy(m));
        const char* cls = dynamic_cast<const ExceptionGroup*>(&g) ? "ExceptionGroup"
                                                                   : "BaseExceptionGroup";
        return builtin(cls)(g.message(), members);
    } catch (const BaseException& b) {
        const std::string type = b.typeName();
        PyClasses& c = pyClasses();
        if (type == "CancelledError")
            return make(c.cancelledError, b.message());
        if (type == "InvalidStateError")
            return make(c.invalidStateError, b.message());
        if (type == "QueueEmpty")
            return make(c.queueEmpty, b.message());
        if (type == "QueueFull")
            return make(c.queueFull, b.message());
        return make(builtin(type.c_str()), b.message());
    } catch (const pyb::error_already_set& x) {
        return x.value();
    } catch (const std::exception& x) {
        return builtin("RuntimeError")(x.what());
    } catch (...) {
        return builtin("RuntimeError")("unknown C++ exception");
    }
}

std::exception_ptr exceptionFromPy(const pyb::handle& exc) {
    PyObject* o = exc.ptr();
    pyb::object obj = pyb::reinterpret_borrow<pyb::object>(exc);
    std::string type = Py_TYPE(o)->tp_name;
    if (auto dot = type.rfind('.'); dot != std::string::npos)
        type = type.substr(dot + 1);
    std::string message = pyStr(exc);
    const PyClasses& c = pyClasses();
    if (c.cancelledError && PyObject_IsInstance(o, c.cancelledError.ptr()) == 1)
        return std::make_exception_ptr(PyError<CancelledError>(obj, type, message));
    if (PyObject_IsInstance(o, PyExc_Exception) == 1)
        return std::make_exception_ptr(PyError<Exception>(obj, type, message));
    return std::make_exception_ptr(PyError<BaseException>(obj, type, message));
}

namespace {
/// Takes the pending Python error as an exception object carrying its traceback (null if
/// there is none).
pyb::object takePyException() {
    PyObject *type = nullptr, *value = nullptr, *tb = nullptr;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    if (tb && value)
        PyException_SetTraceback(value, tb);
    Py_XDECREF(type);
    Py_XDECREF(tb);
    return pyb::reinterpret_steal<pyb::object>(value);
}
} // namespace

std::exception_ptr fetchPyError() {
    pyb::object v = takePyException();
    if (!v)
        return std::make_exception_ptr(RuntimeError("error return without exception set"));
    return exceptionFromPy(v);
}

void setPyError(const std::exception_ptr& e) {
    pyb::object v = exceptionToPy(e);
    PyObject* tb = PyException_GetTraceback(v.ptr());
    PyObject* type = Py_NewRef(reinterpret_cast<PyObject*>(Py_TYPE(v.ptr())));
    PyErr_Restore(type, v.release().ptr(), tb);
}

pyb::object valueToPy(const Value& v) {
    if (!v.has_value())
        return pyb::none();
    if (const auto* o = std::any_cast<pyb::object>(&v))
        return *o;
    if (const auto* list = std::any_cast<ValueList>(&v)) {
        pyb::list out(list->size());
        for (std::size_t i = 0; i < list->size(); ++i)
            out[i] = valueToPy((*list)[i]);
        return out;
    }
    if (const auto* e = std::any_cast<std::exception_ptr>(&v))
        return exceptionToPy(*e);
    if (const auto* b = std::any_cast<bool>(&v))
        return pyb::bool_(*b);
    if (const auto* i = std::any_cast<int>(&v))
        return pyb::int_(*i);
    if (const auto* d = std::any_cast<double>(&v))
        return pyb::float_(*d);
    if (const auto* s = std::any_cast<std::string>(&v))
        return pyb::str(*s);
    return pyb::str(formatValue(v));
}

Value valueFromPy(pyb::object o) {
    if (o.is_none())
        return Value();
    return Value(std::move(o));
}

pyb::object callPy(const pyb::handle& fn, const pyb::tuple& args) {
    PyObject* r = PyObject_Call(fn.ptr(), args.ptr(), nullptr);
    if (!r)
        std::rethrow_exception(fetchPyError());
    return pyb::reinterpret_steal<pyb::object>(r);
}

pyb::object copyContext() {
    PyObject* c = PyContext_CopyCurrent();
    if (!c)
        std::rethrow_exception(fetchPyError());
    return pyb::reinterpret_steal<pyb::object>(c);
}

namespace {
/// Enters a contextvars context for the lifetime of the scope.
class ContextScope {
public:
    explicit ContextScope(const pyb::object& context) : context_(context.ptr()) {
        if (PyContext_Enter(context_) < 0)
            std::rethrow_exception(fetchPyError());
    }
    ~ContextScope() { PyContext_Exit(context_); }
    ContextScope(const ContextScope&) = delete;
    ContextScope& operator=(const ContextScope&) = delete;

private:
    PyObject* context_;
};
} // namespace

pyb::object callInContext(const pyb::object& context, const pyb::handle& fn, const pyb::tuple& args) {
    ContextScope scope(context);
    return callPy(fn, args);
}

void PyDoneCallback::operator()(Future& f) const {
    callInContext(context, fn, pyb::make_tuple(pyb::cast(Ref<Future>(&f))));
}

// ---- the coroutine driver ----

PyCoroDriver::PyCoroDriver(pyb::object coro, pyb::object context)
    : coro_(std::move(coro)), context_(context.is_none() ? copyContext() : std::move(context)) {
    pyb::object n = pyb::getattr(coro_, "__name__", pyb::none());
    name_ = n.is_none() ? std::string(Py_TYPE(coro_.ptr())->tp_name) : pyStr(n);
}

PyCoroDriver::~PyCoroDriver() = default;

namespace {
/// Reports a step that kept the loop busy for long (synchronous work): nothing else could
/// run meanwhile, yet virtual time does not show it.
void reportSlowStep(std::chrono::steady_clock::duration took, const std::string& coroutine) {
    const double seconds = std::chrono::duration<double>(took).count();
    if (seconds < kSlowStepSeconds)
        return;
    Loop& loop = Loop::running();
    Diagnostic d;
    d.kind = Diagnostic::Kind::BlockedLoop;
    d.time = loop.time();
    Task* task = loop.currentTask();
    d.task = task ? task->id() : kNone;
    char buf[96];
    std::snprintf(buf, sizeof buf, " ran %.3f s of real time without yielding at t=%.3f",
                  seconds, loop.time());
    d.message = (task ? task->name() + " (" + coroutine + ")" : coroutine) + buf +
                ": synchronous work blocks the loop";
    loop.recorder().diagnostic(std::move(d));
}
} // namespace

StepResult PyCoroDriver::step(std::exception_ptr exc) {
    const auto started = std::chrono::steady_clock::now();
    const std::int64_t ticks = started.time_since_epoch().count();
    g_progress.stepStarted.store(ticks, std::memory_order_relaxed);
    if (const double now = Loop::running().time(); now != g_progress.lastClock) {
        g_progress.lastClock = now;
        g_progress.clockMoved.store(ticks, std::memory_order_relaxed);
    }
    struct SlowStepCheck {
        std::chrono::steady_clock::time_point started;
        const std::string& name;
        ~SlowStepCheck() {
            try {
                reportSlowStep(std::chrono::steady_clock::now() - started, name);
            } catch (...) { // a diagnostic is not worth ending the run for
            }
        }
    } check{started, name_};
    ContextScope scope(context_);
    PyObject* result = nullptr;
    if (!exc) {
        PySendResult r = PyIter_Send(coro_.ptr(), Py_None, &result);
        return afterSend(r, result);
    }
    pyb::object e = exceptionToPy(exc);
    static PyObject* throwName = PyUnicode_InternFromString("throw");
    result = PyObject_CallMethodOneArg(coro_.ptr(), throwName, e.ptr());
    if (result)
        return afterSend(PYGEN_NEXT, result);
    // What PyIter_Send does for send(): StopIteration becomes the return value.
    if (_PyGen_FetchStopIterationValue(&result) == 0)
        return afterSend(PYGEN_RETURN, result);
    return afterSend(PYGEN_ERROR, nullptr);
}

StepResult PyCoroDriver::afterSend(PySendResult r, PyObject* result) {
    if (r == PYGEN_RETURN)
        return StepResult::ret(valueFromPy(pyb::reinterpret_steal<pyb::object>(result)));
    if (r == PYGEN_ERROR) {
        pyb::object value = takePyException();
        if (g_watchdogClass && value && PyObject_IsInstance(value.ptr(), g_watchdogClass->ptr()) == 1) {
            *g_interruptedBy = value;
            Loop::running().interrupt();
        }
        return StepResult::raise(value ? exceptionFromPy(value)
                                       : std::make_exception_ptr(RuntimeError("lost error")));
    }
    pyb::object yielded = pyb::reinterpret_steal<pyb::object>(result);
    if (yielded.is_none())
        return StepResult::yield();
    if (Future* f = g_resolver ? g_resolver(yielded.ptr()) : nullptr)
        return StepResult::await(Ref<Future>(f));
    // Task.__step: a bad yield is thrown back into the coroutine.
    std::string msg = "Task got bad yield: " + pyStr(pyb::repr(yielded));
    return step(std::make_exception_ptr(RuntimeError(msg)));
}

} // namespace loopscope::py
