"""loopscope's asyncio: CPython 3.11's asyncio API on loopscope's scheduler core.

The loop, futures, tasks, combinators and primitives are the C++ core's (the _loopscope
module); this module only gives them CPython's names, signatures and argument checks, in the
same order as Lib/asyncio, so scripts behave exactly as under CPython on a virtual clock.
The exception classes are CPython's own (Lib/asyncio/exceptions.py).
"""
import collections.abc as _abc
import functools as _functools
import importlib.util as _ilu
import inspect as _inspect
import linecache as _linecache
import os as _os
import re as _re
import sys as _sys

import _loopscope as _core


def _load_cpython_module(name):
    """Loads Lib/asyncio/<name>.py of the interpreter as asyncio.<name>."""
    path = _os.path.join(_os.path.dirname(_os.__file__), "asyncio", name + ".py")
    spec = _ilu.spec_from_file_location("asyncio." + name, path)
    module = _ilu.module_from_spec(spec)
    _sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


exceptions = _load_cpython_module("exceptions")
from .exceptions import (  # noqa: E402
    BrokenBarrierError,
    CancelledError,
    IncompleteReadError,
    InvalidStateError,
    LimitOverrunError,
    SendfileNotAvailableError,
    TimeoutError,
)


class QueueEmpty(Exception):
    """Raised when Queue.get_nowait() is called on an empty Queue."""


class QueueFull(Exception):
    """Raised when the Queue.put_nowait() method is called on a full Queue."""


QueueEmpty.__module__ = QueueFull.__module__ = "asyncio.queues"


_core.register_classes(CancelledError, InvalidStateError, QueueEmpty, QueueFull)

FIRST_COMPLETED = "FIRST_COMPLETED"
FIRST_EXCEPTION = "FIRST_EXCEPTION"
ALL_COMPLETED = "ALL_COMPLETED"
_WAIT_MODES = {ALL_COMPLETED: 0, FIRST_COMPLETED: 1, FIRST_EXCEPTION: 2}

Future = _core.Future
Task = _core.Task
Handle = _core.Handle
TimerHandle = _core.TimerHandle
_AWAITABLES = (_core.SleepAwaitable, _core.CoAwait, _core.FutureIter)


# ---- coroutines ----

def iscoroutine(obj):
    """Return True if obj is a coroutine object."""
    return isinstance(obj, _abc.Coroutine)


def iscoroutinefunction(func):
    """Return True if func is a decorated coroutine function."""
    return _inspect.iscoroutinefunction(func) or getattr(func, "_is_coroutine", None) is _is_coroutine


_is_coroutine = object()


def isfuture(obj):
    """Check for a Future (an object with _asyncio_future_blocking, as CPython does)."""
    return (hasattr(obj.__class__, "_asyncio_future_blocking")
            and obj._asyncio_future_blocking is not None)


async def _await(awaitable):
    return await awaitable


# ---- the loop ----

class AbstractEventLoop:
    """Base class of loopscope's event loop (for isinstance checks)."""


class _Loop(AbstractEventLoop):
    """The event loop of a loopscope run: one virtual-clock timeline for the whole script."""

    def __init__(self):
        self._exception_handler = None
        self._closed = False

    def time(self):
        return _core.time()

    def create_future(self):
        return _core.create_future()

    def create_task(self, coro, *, name=None, context=None):
        return _new_task(coro, name, context)

    def call_soon(self, callback, *args, context=None):
        return _core.call_soon(callback, args)

    call_soon_threadsafe = call_soon

    def call_later(self, delay, callback, *args, context=None):
        return _core.call_later(delay, callback, args)

    def call_at(self, when, callback, *args, context=None):
        return _core.call_at(when, callback, args)

    def run_until_complete(self, future):
        if self._closed:
            raise RuntimeError("Event loop is closed")
        if _core.is_running():
            raise RuntimeError("This event loop is already running")
        _core._py_loop = self
        future = ensure_future(future)
        return _core.run_until_complete(future)

    def run_forever(self):
        raise RuntimeError("loopscope: run_forever() would never end on a virtual clock; "
                           "use asyncio.run() or run_until_complete()")

    def stop(self):
        _core.stop()

    def is_running(self):
        return _core.is_running()

    def is_closed(self):
        return self._closed

    def close(self):
        if self.is_running() and _core._py_loop is self:
            raise RuntimeError("Cannot close a running event loop")
        self._closed = True

    def run_in_executor(self, executor, func, *args):
        from loopscope import _executor
        return _executor.run_in_executor(self, executor, func, *args)

    def set_default_executor(self, executor):
        pass

    def get_debug(self):
        return False

    def set_debug(self, enabled):
        pass

    def set_exception_handler(self, handler):
        self._exception_handler = handler

    def get_exception_handler(self):
        return self._exception_handler

    def default_exception_handler(self, context):
        print(context.get("message", "Unhandled exception in event loop"), file=_sys.stderr)

    def call_exception_handler(self, context):
        if self._exception_handler is None:
            self.default_exception_handler(context)
        else:
            self._exception_handler(self, context)

    async def shutdown_asyncgens(self):
        pass

    async def shutdown_default_executor(self):
        pass

    def __repr__(self):
        return f"<loopscope virtual-clock loop running={self.is_running()} time={self.time()}>"


# Every loop object of a script drives the same core loop (one virtual timeline per script);
# like CPython, asyncio.run makes a new one and closes it at the end.
_core._py_loop = _Loop()


def get_running_loop():
    """Return the running event loop; RuntimeError if there is none."""
    if not _core.is_running():
        raise RuntimeError("no running event loop")
    return _core._py_loop


def _get_running_loop():
    return _core._py_loop if _core.is_running() else None


def get_event_loop():
    """Return the running loop, else the current one (a new one once it is closed)."""
    if _core._py_loop.is_closed() and not _core.is_running():
        _core._py_loop = _Loop()
    return _core._py_loop


def new_event_loop():
    return _Loop()


def set_event_loop(loop):
    if loop is not None:
        _core._py_loop = loop


def run(main, *, debug=None):
    """Execute the coroutine and return the result (asyncio.run)."""
    if _core.is_running():
        raise RuntimeError("asyncio.run() cannot be called from a running event loop")
    if not iscoroutine(main):
        raise ValueError("a coroutine was expected, got {!r}".format(main))
    loop = _core._py_loop = _Loop()
    try:
        return _core.run(main)
    finally:
        loop._closed = True


# ---- tasks ----

def _coroutine(coro):
    """The coroutine a task runs: coroutines as they are, loopscope's awaitables wrapped."""
    if iscoroutine(coro):
        return coro
    if isinstance(coro, _AWAITABLES):
        return _await(coro)
    raise TypeError(f"a coroutine was expected, got {coro!r}")


def _new_task(coro, name=None, context=None):
    """loop.create_task: a named task draws no Task-N number."""
    return _core.create_task(_coroutine(coro), None if name is None else str(name), context)


def create_task(coro, *, name=None, context=None):
    """Schedule the execution of a coroutine object in a spawn task."""
    get_running_loop()
    task = _new_task(coro, context=context)
    if name is not None:
        task.set_name(name)
    return task


def current_task(loop=None):
    """Return a currently executed task."""
    if loop is None:
        get_running_loop()
    return _core.current_task()


def all_tasks(loop=None):
    """Return a set of all tasks for the loop."""
    if loop is None:
        get_running_loop()
    return set(_core.all_tasks())


def ensure_future(coro_or_future, *, loop=None):
    """Wrap a coroutine or an awaitable in a future; return futures as they are."""
    if isfuture(coro_or_future):
        return coro_or_future
    if iscoroutine(coro_or_future) or isinstance(coro_or_future, _AWAITABLES):
        return _new_task(coro_or_future)
    if _inspect.isawaitable(coro_or_future):
        return _new_task(_await(coro_or_future))
    raise TypeError("An asyncio.Future, a coroutine or an awaitable is required")


# asyncio.sleep(delay, result=None): a C function, the hottest call of most scripts.
sleep = _core.sleep


def gather(*coros_or_futures, return_exceptions=False):
    """Return a future aggregating results from the given coroutines/futures."""
    if not coros_or_futures:
        outer = get_event_loop().create_future()
        outer.set_result([])
        return outer
    arg_to_fut = {}
    children = []
    for arg in coros_or_futures:
        if arg not in arg_to_fut:
            fut = ensure_future(arg)
            arg_to_fut[arg] = fut
        else:
            fut = arg_to_fut[arg]
        children.append(fut)
    return _core.gather(children, bool(return_exceptions))


def _distinct(fs):
    """The distinct items of fs in argument order (CPython uses a set; see README)."""
    seen = {}
    for f in fs:
        seen.setdefault(f, None)
    return list(seen)


async def wait(fs, *, timeout=None, return_when=ALL_COMPLETED):
    """Wait for the Futures or Tasks given by fs to complete; returns (done, pending)."""
    if isfuture(fs) or iscoroutine(fs):
        raise TypeError(f"expect a list of futures, not {type(fs).__name__}")
    if not fs:
        raise ValueError("Set of Tasks/Futures is empty.")
    if return_when not in (FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED):
        raise ValueError(f"Invalid return_when value: {return_when}")
    fs = _distinct(fs)
    if any(iscoroutine(f) for f in fs):
        raise TypeError("Passing coroutines is forbidden, use tasks explicitly.")
    get_running_loop()
    done, pending = await _core.wait(fs, timeout, _WAIT_MODES[return_when])
    return set(done), set(pending)


async def wait_for(fut, timeout):
    """Wait for the single Future or coroutine to complete, with timeout."""
    get_running_loop()
    if timeout is None:
        return await fut
    return await _core.wait_for(ensure_future(fut), timeout)


def as_completed(fs, *, timeout=None):
    """Return an iterator whose values are coroutines, in completion order."""
    if isfuture(fs) or iscoroutine(fs):
        raise TypeError(f"expect an iterable of futures, not {type(fs).__name__}")
    return _as_completed(fs, timeout)


def _as_completed(fs, timeout):
    todo = [ensure_future(f) for f in _distinct(fs)]
    waiter = _core.AsCompleted(todo, timeout)
    for _ in range(len(todo)):
        yield waiter.next()


def shield(arg):
    """Wait for a future, shielding it from cancellation."""
    inner = ensure_future(arg)
    if inner.done():
        return inner
    return _core.shield(inner)


async def to_thread(func, /, *args, **kwargs):
    """Run func on a simulated worker; time.sleep inside takes worker time, not loop time."""
    loop = get_running_loop()
    return await loop.run_in_executor(None, _functools.partial(func, *args, **kwargs))


# ---- timeouts and task groups ----

class Timeout:
    """Asynchronous context manager that cancels its task at a deadline (asyncio.timeout)."""

    def __init__(self, when):
        self._core = _core.Timeout(when)

    def when(self):
        return self._core.when()

    def reschedule(self, when):
        self._core.reschedule(when)

    def expired(self):
        return self._core.expired()

    def __repr__(self):
        states = ("created", "active", "expiring", "expired", "finished")
        state = states[self._core.state()]
        info = [state]
        if state == "active":
            info.append(f"when={self.when()}")
        return f"<Timeout [{' '.join(info)}]>"

    async def __aenter__(self):
        self._core.enter()
        return self

    async def __aexit__(self, exc_type, exc_val, exc_tb):
        self._core.exit(exc_val)
        return None


def timeout(delay):
    """Timeout that fires `delay` seconds from now (None: never)."""
    loop = get_running_loop()
    return Timeout(loop.time() + delay if delay is not None else None)


def timeout_at(when):
    """Timeout that fires at loop time `when` (None: never)."""
    return Timeout(when)


class TaskGroup:
    """Asynchronous context manager holding a group of tasks (asyncio.TaskGroup)."""

    def __init__(self):
        self._group = _core.TaskGroup()

    async def __aenter__(self):
        self._group.enter()
        return self

    async def __aexit__(self, et, exc, tb):
        await self._group.exit(exc)

    def create_task(self, coro, *, name=None, context=None):
        return self._group.create_task(_coroutine(coro), None if name is None else str(name),
                                       context)


# ---- synchronisation primitives ----

_ASSIGNED_TO = _re.compile(r"\s*([A-Za-z_][\w.]*)\s*(?::[^=]*)?=\s*[\w.]*\(")


def _name_in_script():
    """The name the script gives a new primitive (`lock_a = asyncio.Lock()` -> "lock_a"), so
    the trace and deadlock messages speak the script's language; "" when there is none."""
    frame = _sys._getframe(2)
    while frame is not None and frame.f_code.co_filename.startswith("<loopscope>"):
        frame = frame.f_back
    if frame is None:
        return ""
    match = _ASSIGNED_TO.match(_linecache.getline(frame.f_code.co_filename, frame.f_lineno))
    return match.group(1) if match else ""


class _CoreLockMixin:
    """locked/acquire/release and `async with` for a primitive backed by a core object."""

    def locked(self):
        return self._core.locked()

    async def acquire(self):
        return await self._core.acquire()

    def release(self):
        self._core.release()

    async def __aenter__(self):
        await self.acquire()
        return None

    async def __aexit__(self, exc_type, exc, tb):
        self.release()


class Lock(_CoreLockMixin):
    """Primitive lock objects."""

    def __init__(self):
        self._core = _core.Lock(_name_in_script())

    def __repr__(self):
        extra = "locked" if self.locked() else "unlocked"
        if self._core.waiters():
            extra = f"{extra}, waiters:{self._core.waiters()}"
        return f"<asyncio.locks.Lock [{extra}]>"


class Event:
    """Asynchronous equivalent to threading.Event."""

    def __init__(self):
        self._core = _core.Event(_name_in_script())

    def is_set(self):
        return self._core.is_set()

    def set(self):
        self._core.set()

    def clear(self):
        self._core.clear()

    async def wait(self):
        return await self._core.wait()

    def __repr__(self):
        extra = "set" if self.is_set() else "unset"
        if self._core.waiters():
            extra = f"{extra}, waiters:{self._core.waiters()}"
        return f"<asyncio.locks.Event [{extra}]>"


class Condition(_CoreLockMixin):
    """Asynchronous equivalent to threading.Condition."""

    def __init__(self, lock=None):
        if lock is None:
            lock = Lock()
        self._lock = lock
        self._core = _core.Condition(lock._core, _name_in_script())

    async def wait(self):
        return await self._core.wait()

    async def wait_for(self, predicate):
        result = predicate()
        while not result:
            await self.wait()
            result = predicate()
        return result

    def notify(self, n=1):
        self._core.notify(n)

    def notify_all(self):
        self._core.notify_all()


class Semaphore(_CoreLockMixin):
    """A Semaphore implementation."""

    _bounded = False

    def __init__(self, value=1):
        if value < 0:
            raise ValueError("Semaphore initial value must be >= 0")
        self._core = _core.Semaphore(value, self._bounded, _name_in_script())

    @property
    def _value(self):
        return self._core.value()

    def __repr__(self):
        extra = "locked" if self.locked() else f"unlocked, value:{self._value}"
        if self._core.waiters():
            extra = f"{extra}, waiters:{self._core.waiters()}"
        return f"<asyncio.locks.{type(self).__name__} [{extra}]>"


class BoundedSemaphore(Semaphore):
    """A bounded semaphore implementation: release() above the initial value is an error."""

    _bounded = True


class Queue:
    """A queue, useful for coordinating producer and consumer coroutines."""

    _order = 0

    def __init__(self, maxsize=0):
        self._core = _core.Queue(maxsize, self._order, _name_in_script())

    @property
    def maxsize(self):
        return self._core.maxsize()

    def qsize(self):
        return self._core.qsize()

    def empty(self):
        return self._core.empty()

    def full(self):
        return self._core.full()

    async def put(self, item):
        return await self._core.put(item)

    def put_nowait(self, item):
        self._core.put_nowait(item)

    async def get(self):
        return await self._core.get()

    def get_nowait(self):
        return self._core.get_nowait()

    def task_done(self):
        self._core.task_done()

    async def join(self):
        await self._core.join()

    def __repr__(self):
        return f"<{type(self).__name__} maxsize={self.maxsize!r} qsize={self.qsize()}>"


class PriorityQueue(Queue):
    """A Queue that retrieves entries in priority order (lowest first), like heapq."""

    _order = 1


class LifoQueue(Queue):
    """A Queue that retrieves most recently added entries first."""

    _order = 2


# ---- what cannot be simulated ----

def _unsupported(what, instead):
    async def unsupported(*args, **kwargs):
        raise NotImplementedError(f"loopscope cannot simulate {what}; {instead}")
    unsupported.__name__ = what.split("(")[0].split(".")[-1]
    return unsupported


open_connection = _unsupported("asyncio.open_connection() (real network streams)",
                               "use the simulated aiohttp module")
start_server = _unsupported("asyncio.start_server() (real network servers)",
                            "model the server as a task")
create_subprocess_exec = _unsupported("asyncio.create_subprocess_exec() (real processes)",
                                      "model the process as a task that sleeps")
create_subprocess_shell = _unsupported("asyncio.create_subprocess_shell() (real processes)",
                                       "model the process as a task that sleeps")


def __getattr__(name):
    """A clear message for the parts of CPython's asyncio that loopscope does not simulate."""
    raise AttributeError(f"module 'asyncio' has no attribute '{name}' (loopscope simulates "
                         f"the asyncio API that scripts use for tasks, timing and "
                         f"synchronisation; asyncio.{name} is not part of it yet)")
