// asyncio.sleep, Future.__await__ and awaited C++ coroutines as plain CPython types.
#include "Awaitables.hpp"

#include <loopscope/Loop.hpp>

#include <new>

namespace loopscope::py {

namespace {

/// Ends an iteration with `value` (StopIteration), the cheap way for None.
PyObject* stopWith(const pyb::object& value) {
    if (!value.is_none())
        _PyGen_SetStopIterationValue(value.ptr());
    return nullptr;
}

PyObject* wrapFuture(Future* f) { return pyb::cast(Ref<Future>(f)).release().ptr(); }

/// Turns the C++ exception in flight into the pending Python error.
void translateCurrent() {
    try {
        throw;
    } catch (pyb::error_already_set& e) {
        e.restore();
    } catch (...) {
        setPyError(std::current_exception());
    }
}

PyObject* raiseObject(PyObject* exc) {
    PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc)), exc);
    return nullptr;
}

/// tasks.sleep: a bare yield for delay <= 0, else a timer completing a future; the timer
/// is cancelled however the wait ends (its `finally: h.cancel()`). Once the wait ends, the
/// result and the future go, as the locals of CPython's sleep coroutine go with its frame
/// (a task keeps its finished coroutine: a cancelled sleep(100, obj) lets go of obj at once).
struct SleepImpl {
    double delay;
    pyb::object result; // until the timer holds it, or the wait ends
    Ref<Future> fut; // its timer is in it (Loop::setResultAt)
    int state = 0; // 0 not started, 1 suspended, 2 finished

    ~SleepImpl() { cancelTimer(); }
    void cancelTimer() {
        if (fut)
            fut->cancelTimedResult();
    }
    /// The frame is cleared: the timer is cancelled and nothing is held any more.
    void release() {
        cancelTimer();
        fut = nullptr;
        result = pyb::object();
    }
    PyObject* next(PyObject* self) {
        if (state == 0) {
            state = 1;
            if (!(delay > 0))
                return Py_NewRef(Py_None);
            Loop& loop = Loop::running();
            fut = loop.createFuture(WaitKind::Sleep);
            loop.setResultAt(loop.time() + delay, fut, valueFromPy(std::move(result)));
            return Py_NewRef(self); // sleepFuture() maps it to `fut`
        }
        state = 2;
        const pyb::object value = fut ? valueToPy(fut->result()) : result;
        release(); // finally: h.cancel()
        return stopWith(value);
    }
    PyObject* throwIn(PyObject*, PyObject* exc) {
        state = 2;
        release();
        return raiseObject(exc);
    }
    void close() { release(); }
    /// `asyncio.sleep(5)` without await: warn as CPython does for the sleep coroutine.
    void dropped() {
        if (state == 0 &&
            PyErr_WarnEx(PyExc_RuntimeWarning, "coroutine 'sleep' was never awaited", 1) < 0)
            PyErr_Clear();
    }
};

struct FutureIterImpl {
    Ref<Future> fut;
    bool yielded = false;

    PyObject* next(PyObject*) {
        if (!fut->done()) {
            if (yielded)
                throw RuntimeError("await wasn't used with future");
            yielded = true;
            return wrapFuture(fut.get());
        }
        return stopWith(valueToPy(fut->result()));
    }
    PyObject* throwIn(PyObject*, PyObject* exc) { return raiseObject(exc); }
    void close() {}
    void dropped() {}
};

/// A core C++ coroutine driven by the Python task that awaits it: each send/throw steps it;
/// a future it waits on is yielded up to that task.
struct CoAwaitImpl {
    std::unique_ptr<Driver> driver;
    ResultConverter convert;
    pyb::object owner;

    PyObject* step(std::exception_ptr exc) {
        if (!driver)
            throw RuntimeError("cannot reuse already awaited coroutine");
        StepResult r = driver->step(std::move(exc));
        switch (r.kind) {
        case StepResult::Kind::Yield: return Py_NewRef(Py_None);
        case StepResult::Kind::Await: return wrapFuture(r.awaited.get());
        case StepResult::Kind::Return:
            driver.reset();
            return stopWith(convert ? convert(r.value) : valueToPy(r.value));
        case StepResult::Kind::Raise:
            driver.reset();
            setPyError(r.error);
            return nullptr;
        }
        return nullptr;
    }
    PyObject* next(PyObject*) { return step(nullptr); }
    PyObject* throwIn(PyObject*, PyObject* exc) { return step(exceptionFromPy(exc)); }
    void close() { driver.reset(); }
    void dropped() {}
};

template <class Impl>
struct Object {
    PyObject_HEAD
    Impl impl;
};

template <class Impl>
Impl& implOf(PyObject* self) {
    return reinterpret_cast<Object<Impl>*>(self)->impl;
}

template <class Impl>
struct Type {
    static inline PyTypeObject* type = nullptr;

    static PyObject* create(Impl impl) {
        PyObject* o = type->tp_alloc(type, 0);
        if (!o)
            throw pyb::error_already_set();
        new (&implOf<Impl>(o)) Impl(std::move(impl));
        return o;
    }
    static void dealloc(PyObject* self) {
        PyTypeObject* tp = Py_TYPE(self);
        PyObject *type, *value, *tb; // a pending error must survive the destructor
        PyErr_Fetch(&type, &value, &tb);
        implOf<Impl>(self).dropped();
        PyErr_Restore(type, value, tb);
        implOf<Impl>(self).~Impl();
        tp->tp_free(self);
        Py_DECREF(tp);
    }
    static PyObject* self(PyObject* o) { return Py_NewRef(o); }
    static PyObject* next(PyObject* o) {
        try {
            return implOf<Impl>(o).next(o);
        } catch (...) {
            translateCurrent();
            return nullptr;
        }
    }
    /// send() and throw() are methods: unlike tp_iternext they must raise StopIteration to
    /// end the iteration (a generator delegating to us reads its value; NULL without an
    /// error is a SystemError), so an ending without a value raises StopIteration(None).
    static PyObject* methodResult(PyObject* r) {
        if (!r && !PyErr_Occurred())
            PyErr_SetNone(PyExc_StopIteration);
        return r;
    }
    static PyObject* send(PyObject* o, PyObject*) { return methodResult(next(o)); }
    /// throw(value) or throw(type[, value[, traceback]]) as generators take it.
    static PyObject* throwMethod(PyObject* o, PyObject* const* args, Py_ssize_t n) {
        if (n < 1 || n > 3) {
            PyErr_SetString(PyExc_TypeError, "throw expected 1 to 3 arguments");
            return nullptr;
        }
        PyObject* typ = args[0];
        PyObject* val = n > 1 ? args[1] : Py_None;
        pyb::object exc;
        if (PyExceptionInstance_Check(typ)) {
            exc = pyb::reinterpret_borrow<pyb::object>(typ);
        } else if (PyExceptionClass_Check(typ)) {
            if (val != Py_None && PyObject_IsInstance(val, typ) == 1) {
                exc = pyb::reinterpret_borrow<pyb::object>(val);
            } else {
                PyObject* made = val == Py_None ? PyObject_CallNoArgs(typ)
                                                : PyObject_CallOneArg(typ, val);
                if (!made)
                    return nullptr;
                exc = pyb::reinterpret_steal<pyb::object>(made);
            }
        } else {
            PyErr_SetString(PyExc_TypeError,
                            "exceptions must be classes or instances deriving from BaseException");
            return nullptr;
        }
        try {
            return methodResult(implOf<Impl>(o).throwIn(o, exc.ptr()));
        } catch (...) {
            translateCurrent();
            return nullptr;
        }
    }
    static PyObject* close(PyObject* o, PyObject*) {
        implOf<Impl>(o).close();
        return Py_NewRef(Py_None);
    }

    static void init(pyb::module_& m, const char* qualified, const char* name) {
        static PyMethodDef methods[] = {
            {"send", reinterpret_cast<PyCFunction>(&send), METH_O, nullptr},
            {"throw", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(&throwMethod)),
             METH_FASTCALL, nullptr},
            {"close", reinterpret_cast<PyCFunction>(&close), METH_NOARGS, nullptr},
            {nullptr, nullptr, 0, nullptr}};
        static PyType_Slot slots[] = {{Py_tp_dealloc, reinterpret_cast<void*>(&dealloc)},
                                      {Py_tp_iter, reinterpret_cast<void*>(&self)},
                                      {Py_tp_iternext, reinterpret_cast<void*>(&next)},
                                      {Py_am_await, reinterpret_cast<void*>(&self)},
                                      {Py_tp_methods, methods},
                                      {0, nullptr}};
        static PyType_Spec spec = {qualified, sizeof(Object<Impl>), 0, Py_TPFLAGS_DEFAULT, slots};
        type = reinterpret_cast<PyTypeObject*>(PyType_FromSpec(&spec));
        if (!type)
            throw pyb::error_already_set();
        m.add_object(name, reinterpret_cast<PyObject*>(type));
    }
};

/// asyncio.sleep(delay, result=None), without a pybind11 dispatch per call.
PyObject* sleepFunction(PyObject*, PyObject* const* args, Py_ssize_t n, PyObject* kwnames) {
    PyObject* delayArg = n > 0 ? args[0] : nullptr;
    PyObject* result = n > 1 ? args[1] : Py_None;
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    for (Py_ssize_t i = 0; i < nkw; ++i) {
        const char* key = PyUnicode_AsUTF8(PyTuple_GET_ITEM(kwnames, i));
        PyObject* value = args[n + i];
        if (key && std::string_view(key) == "delay" && !delayArg)
            delayArg = value;
        else if (key && std::string_view(key) == "result" && n < 2)
            result = value;
        else {
            PyErr_Format(PyExc_TypeError, "sleep() got an unexpected keyword argument '%s'",
                         key ? key : "?");
            return nullptr;
        }
    }
    if (!delayArg || n > 2) {
        PyErr_SetString(PyExc_TypeError, "sleep() takes 1 or 2 arguments (delay, result=None)");
        return nullptr;
    }
    double delay = PyFloat_AsDouble(delayArg);
    if (delay == -1.0 && PyErr_Occurred())
        return nullptr;
    try {
        return Type<SleepImpl>::create(
            SleepImpl{delay, pyb::reinterpret_borrow<pyb::object>(result), nullptr});
    } catch (...) {
        translateCurrent();
        return nullptr;
    }
}

} // namespace

void addAwaitables(pyb::module_& m) {
    Type<SleepImpl>::init(m, "_loopscope.SleepAwaitable", "SleepAwaitable");
    Type<FutureIterImpl>::init(m, "_loopscope.FutureIter", "FutureIter");
    Type<CoAwaitImpl>::init(m, "_loopscope.CoAwait", "CoAwait");
    static PyMethodDef sleepDef = {
        "sleep", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(&sleepFunction)),
        METH_FASTCALL | METH_KEYWORDS, "Coroutine that completes after a given time (in seconds)."};
    m.add_object("sleep", PyCFunction_NewEx(&sleepDef, nullptr, m.ptr()));
}

pyb::object makeFutureIter(Ref<Future> fut) {
    return pyb::reinterpret_steal<pyb::object>(
        Type<FutureIterImpl>::create(FutureIterImpl{std::move(fut)}));
}

pyb::object makeCoAwait(std::unique_ptr<Driver> driver, ResultConverter convert,
                        pyb::object owner) {
    return pyb::reinterpret_steal<pyb::object>(Type<CoAwaitImpl>::create(
        CoAwaitImpl{std::move(driver), std::move(convert), std::move(owner)}));
}

Future* sleepFuture(PyObject* yielded) {
    if (Py_TYPE(yielded) != Type<SleepImpl>::type)
        return nullptr;
    return implOf<SleepImpl>(yielded).fut.get();
}

} // namespace loopscope::py
