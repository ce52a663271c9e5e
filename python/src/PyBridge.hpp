// Where Python meets the core: values and exceptions in both directions, and the Driver that
// lets a Task run a CPython coroutine by send/throw. Everything here runs with the GIL held,
// on the one thread that runs the loop.
#pragma once

#include <loopscope/Driver.hpp>
#include <loopscope/Errors.hpp>
#include <loopscope/Future.hpp>
#include <loopscope/Value.hpp>

#include <pybind11/pybind11.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

// Core objects are intrusively counted: Python wrappers hold them through Ref.
PYBIND11_DECLARE_HOLDER_TYPE(T, loopscope::Ref<T>, true)

namespace loopscope::py {

namespace pyb = pybind11;

/// A Python exception object travelling through the core. The core sees its C++ base
/// (CancelledError, Exception or BaseException) and classifies it as Python would.
class PyCarrier {
public:
    virtual ~PyCarrier() = default;
    virtual const pyb::object& object() const noexcept = 0;
};

template <class Base>
class PyError final : public Base, public PyCarrier {
public:
    PyError(pyb::object exc, std::string type, std::string message)
        : Base(std::move(message)), exc_(std::move(exc)), type_(std::move(type)) {}
    const char* typeName() const noexcept override { return type_.c_str(); }
    const pyb::object& object() const noexcept override { return exc_; }

private:
    pyb::object exc_;
    std::string type_;
};

/// The Python classes the core's own exceptions become (registered by the asyncio module).
struct PyClasses {
    pyb::object cancelledError, invalidStateError, queueEmpty, queueFull;
};
PyClasses& pyClasses();

/// A core exception as a Python exception object (the very object if it came from Python).
pyb::object exceptionToPy(const std::exception_ptr& e);
/// A Python exception object as a core exception.
std::exception_ptr exceptionFromPy(const pyb::handle& exc);
/// Takes the pending Python error (PyErr_Occurred) as a core exception.
std::exception_ptr fetchPyError();
/// Raises `e` in Python (sets the error indicator) for code returning NULL to the interpreter.
void setPyError(const std::exception_ptr& e);

pyb::object valueToPy(const Value& v);
Value valueFromPy(pyb::object o);

/// Calls a Python callable from core code; a Python exception becomes a core exception.
pyb::object callPy(const pyb::handle& fn, const pyb::tuple& args);

/// A copy of the current contextvars context (what call_soon and Task capture).
pyb::object copyContext();

/// Runs fn(*args) inside `context` (contextvars.Context.run).
pyb::object callInContext(const pyb::object& context, const pyb::handle& fn, const pyb::tuple& args);

/// A done callback registered from Python: remembered so remove_done_callback can find it;
/// it runs in the context that was current when it was added, as in CPython.
struct PyDoneCallback {
    pyb::object fn;
    pyb::object context;
    void operator()(Future& f) const;
};

/// Runs a Python coroutine (or any object with send/throw) as a task's coroutine.
class PyCoroDriver final : public Driver {
public:
    /// `context` is the contextvars context every step runs in (a copy of the current one
    /// when None), as Task does.
    explicit PyCoroDriver(pyb::object coro, pyb::object context = pyb::none());
    ~PyCoroDriver() override;
    StepResult step(std::exception_ptr exc) override;
    std::string name() const override { return name_; }
    const pyb::object& coroutine() const noexcept { return coro_; }

private:
    StepResult afterSend(PySendResult r, PyObject* result);
    pyb::object coro_;
    pyb::object context_;
    std::string name_;
};

/// Resolves what a coroutine yielded to the core future it waits on; null for none.
using YieldResolver = Future* (*)(PyObject* yielded);
void setYieldResolver(YieldResolver r);

/// What the watchdog measures progress by, in steady-clock ticks: when the last coroutine
/// step began, and when a step last saw the virtual clock at a new time.
struct Progress {
    std::atomic<std::int64_t> stepStarted{0};
    std::atomic<std::int64_t> clockMoved{0};
    double lastClock = -1; // touched by the loop's thread only
    void reset(std::int64_t now) {
        stepStarted.store(now);
        clockMoved.store(now);
    }
};
Progress& progress();
/// A step that runs longer than this (wall clock) is reported as blocking the loop.
inline constexpr double kSlowStepSeconds = 0.1;
/// The exception the watchdog raises in stuck Python code (loopscope._boot's WatchdogTimeout).
/// When it escapes a coroutine the run is interrupted and the exception kept for the report.
PyObject* watchdogClass();
void setWatchdogClass(pyb::object cls);
pyb::object interruptedBy();
/// Why the watchdog fired (any thread may set it; the main thread reads it).
void setWatchdogReason(const char* reason);
const char* watchdogReason();

} // namespace loopscope::py
