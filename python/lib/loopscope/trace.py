"""The current run's trace, for checks in a scenario (see docs/testing.md).

Every function reads the trace the window shows, as it is at the moment of the call: at
the script's top level after asyncio.run(...) has returned it holds the whole run; inside
a task it holds the run up to now (segments still open end at the current time). A check
is a plain assert on what these functions return:

    import asyncio
    from loopscope import trace

    asyncio.run(main())
    assert trace.max_concurrency("limit") <= 3
    assert trace.task("fetch-1").outcome == "result"
    assert trace.held("lock", by="writer") == 2.0

Each call reads the whole trace anew: to check many things about a long run, keep what
tasks() or events() returned in a variable rather than calling task(name) in a loop.

Times are virtual seconds. A task is named as in the trace: the name given with
create_task(..., name=...) or Task-N. A resource is named after the variable the script
assigned it to (`limit = asyncio.Semaphore(3)` is "limit"), else Semaphore-N and so on.
"""
import ast as _ast
import json as _json
import linecache as _linecache
import sys as _sys
from collections import namedtuple as _namedtuple

import _loopscope as _core

__all__ = ["Task", "Segment", "Event", "Resource", "tasks", "task", "resources", "resource",
           "events", "max_concurrency", "held"]

Segment = _namedtuple("Segment", "state wait start end on")
Segment.__doc__ = """One interval of one task in one state.

state: 'running', 'ready', 'blocking' or 'waiting'; wait: what a waiting task waits on
('sleep', 'task', 'gather', 'semaphore', 'queue_get', ...; 'none' when not waiting);
start, end: virtual seconds; on: the name of the task or resource waited on, what an 'io'
or 'executor' wait waits on ('GET https://api.example.com/a', a worker's function name),
else None."""

Event = _namedtuple("Event", "time kind task actor resource value")
Event.__doc__ = """A point event, in the order it happened.

kind: 'created', 'finished', 'wake', 'cancel', 'acquire', 'release', 'set', 'clear',
'put', 'get', 'notify', 'output' or 'block'; task: the name of the task it is about;
actor: the name of the task that caused it (None: a timer, the runner or the user);
resource: the resource's name for acquire .. notify, else None; value: the resource's value
after the event (free permits, 1 for a locked lock, items queued), tasks notified, ms
blocked."""

Resource = _namedtuple("Resource", "name kind capacity initial created")
Resource.__doc__ = """A synchronisation primitive: kind 'Lock', 'Semaphore', 'BoundedSemaphore',
'Event', 'Condition', 'Queue', 'PriorityQueue' or 'LifoQueue'; capacity: a semaphore's value
or a queue's maxsize; initial: its value when created; created: virtual seconds."""

_RESOURCE_EVENTS = {"acquire", "release", "set", "clear", "put", "get", "notify"}
_LABEL_WAITS = {"io", "executor"}
_RESOURCE_WAITS = {"lock", "semaphore", "condition", "event", "queue_get", "queue_put",
                   "queue_join"}


class Task:
    """One task of the run.

    name, coroutine (the coroutine function's name), parent (the creating task's name, None
    for the main task), created and finished (virtual seconds; finished is None while the
    task is pending), outcome ('result', 'exception', 'cancelled' or 'pending'), result (the
    repr of its result, else None), error ('ValueError: bad input', 'CancelledError', else
    None) and segments (its Segments in order, from creation to end).
    """

    __slots__ = ("name", "coroutine", "parent", "created", "finished", "outcome", "result",
                 "error", "segments")

    def __repr__(self):
        end = "pending" if self.finished is None else f"finished={self.finished:g}"
        return f"<Task {self.name!r} {self.outcome} created={self.created:g} {end}>"


class _Snapshot:
    """The trace as the core has it now, read from its native JSON."""

    def __init__(self):
        now = _core.time()
        data = _json.loads(_core.trace_json().decode("utf-8", "replace"))
        self.labels = data["labels"]
        self.resources = [Resource(r["name"], r["kind"], r["capacity"], r["initial"],
                                   r["created"]) for r in data["resources"]]
        self.tasks = [self._task(t) for t in data["tasks"]]
        for t, info in zip(self.tasks, data["tasks"]):
            t.parent = None if info["parent"] is None else self.tasks[info["parent"]].name
        for start, end, tid, state, wait, obj, _detail in data["segments"]:
            self.tasks[tid].segments.append(
                Segment(state, wait, start, now if end < 0 else end, self._waited_on(wait, obj)))
        self.events = [self._event(*e) for e in data["events"]]

    @staticmethod
    def _task(info):
        t = Task()
        t.name, t.coroutine = info["name"], info["coroutine"]
        t.created = info["created"]
        t.finished = None if info["finished"] < 0 else info["finished"]
        t.outcome = info["outcome"]
        t.result = info["result"] if t.outcome == "result" else None
        t.error = None
        if t.outcome in ("exception", "cancelled"):
            t.error = info["errorType"] or "CancelledError"
            if info["errorMessage"]:
                t.error += ": " + info["errorMessage"]
        t.segments = []
        return t

    def _name(self, tid):
        return None if tid is None else self.tasks[tid].name

    def _waited_on(self, wait, obj):
        if obj is None:
            return None
        if wait == "task":
            return self._name(obj)
        if wait in _RESOURCE_WAITS:
            return self.resources[obj].name
        if wait in _LABEL_WAITS:
            return self.labels[obj]
        return None

    def _event(self, time, kind, tid, actor, obj, value, _cause, _via):
        on_resource = kind in _RESOURCE_EVENTS and obj is not None
        resource = self.resources[obj].name if on_resource else None
        return Event(time, kind, self._name(tid), self._name(actor), resource, value)

    def resource(self, name):
        for r in self.resources:
            if r.name == name:
                return r
        known = ", ".join(r.name for r in self.resources) or "none"
        raise LookupError(f"no resource named {name!r} in the trace (there are: {known})")


def tasks():
    """Every task of the run so far, in the order they were created."""
    return _Snapshot().tasks


def task(name):
    """The task named `name` (LookupError, naming those there are, if there is none)."""
    found = [t for t in tasks() if t.name == name]
    if not found:
        raise LookupError(f"no task named {name!r} in the trace (there are: "
                          f"{', '.join(t.name for t in tasks())})")
    return found[0]


def resources():
    """Every synchronisation primitive the run created, in creation order."""
    return _Snapshot().resources


def resource(name):
    """The resource named `name` (LookupError if there is none)."""
    return _Snapshot().resource(name)


def events(kind=None, *, task=None, resource=None):
    """The point events so far, in the order they happened, optionally only those of one
    kind, about one task (by name) or on one resource (by name)."""
    return [e for e in _Snapshot().events
            if (kind is None or e.kind == kind) and (task is None or e.task == task)
            and (resource is None or e.resource == resource)]


def _in_use(r, value):
    """How much of resource r is taken when its trace value is `value`."""
    if r.kind == "Lock":
        return value  # 1 locked, 0 free
    if r.kind in ("Semaphore", "BoundedSemaphore"):
        return r.initial - value  # value: free permits
    if r.kind in ("Queue", "PriorityQueue", "LifoQueue"):
        return value  # items queued
    raise ValueError(f"{r.name!r} is a {r.kind}: it has no amount in use (use events())")


def _usage(snap, name):
    """(time, amount in use after) for each change of the resource, starting at creation."""
    r = snap.resource(name)
    steps = [(r.created, _in_use(r, r.initial))]
    steps += [(e.time, _in_use(r, e.value)) for e in snap.events
              if e.resource == name and e.kind in ("acquire", "release", "put", "get")]
    return steps


def max_concurrency(what):
    """The most of something there was at once.

    max_concurrency("limit"): for a Lock or Semaphore named "limit", the most permits held
    at once (a Lock: 1 or 0); for a queue, the most items queued at once.
    max_concurrency(lambda t: t.coroutine == "fetch"): the most tasks alive at once (created
    and not yet finished) among those the predicate accepts; it is given each Task.
    """
    snap = _Snapshot()
    if isinstance(what, str):
        return max(used for _, used in _usage(snap, what))
    chosen = {t.name for t in snap.tasks if what(t)}
    alive = best = 0
    for e in snap.events:  # creation and end in the order they happened
        if e.task in chosen and e.kind in ("created", "finished"):
            alive += 1 if e.kind == "created" else -1
            best = max(best, alive)
    return best


def held(resource, by=None):
    """Total virtual seconds the Lock or Semaphore named `resource` was held: by anyone
    (time with at least one permit taken), or by the task named `by` (from each of its
    acquires to its matching release; one still held counts up to now)."""
    snap = _Snapshot()
    now = _core.time()
    if by is None:
        total, since = 0.0, None
        for time, used in _usage(snap, resource):
            if used > 0 and since is None:
                since = time
            elif used <= 0 and since is not None:
                total, since = total + time - since, None
        return total if since is None else total + now - since
    snap.resource(resource)  # LookupError for an unknown name
    total, acquired = 0.0, []
    for e in snap.events:
        if e.resource == resource and e.task == by:
            if e.kind == "acquire":
                acquired.append(e.time)
            elif e.kind == "release" and acquired:
                total += e.time - acquired.pop()
    return total + sum(now - t for t in acquired)


def _explain_assertion(exc, path):
    """For a failed assert in the script `path`: 'line N: SOURCE (operand = value, ...)',
    the operands of a comparison evaluated again in the failing frame; None if the assert is
    not in the script. Only `loopscope test` asks for this (CPython has no assert rewriting)."""
    tb, frame_tb = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == path:
            frame_tb = tb
        tb = tb.tb_next
    if frame_tb is None:
        return None
    line = frame_tb.tb_lineno
    text = _linecache.getline(path, line).strip()
    try:
        node = _assert_at(path, line)
        if node is not None:
            text = _ast.get_source_segment("".join(_linecache.getlines(path)), node) or text
            values = _operand_values(node.test, frame_tb.tb_frame)
            if values:
                text += " (" + ", ".join(values) + ")"
    except Exception:  # noqa: BLE001 - the explanation is a nicety; the line is enough
        pass
    return f"line {line}: {' '.join(text.split())}"


def _assert_at(path, line):
    """The innermost assert statement of the script that spans `line`."""
    found = None
    for node in _ast.walk(_ast.parse("".join(_linecache.getlines(path)))):
        if isinstance(node, _ast.Assert) and node.lineno <= line <= node.end_lineno:
            found = node
    return found


def _operand_values(test, frame):
    """'expr = repr(value)' for each non-constant operand of a comparison (or for the
    tested expression itself, unless it is a bare name or constant)."""
    if isinstance(test, _ast.UnaryOp) and isinstance(test.op, _ast.Not):
        test = test.operand
    operands = [test.left] + test.comparators if isinstance(test, _ast.Compare) else [test]
    out = []
    for node in operands:
        if isinstance(node, _ast.Constant):
            continue
        try:
            code = compile(_ast.Expression(node), "<assert>", "eval")
            value = eval(code, frame.f_globals, frame.f_locals)  # noqa: S307 - the user's own
        except Exception:  # noqa: BLE001 - an await, or an operand that fails on its own
            continue
        out.append(f"{_ast.unparse(node)} = {value!r}")
    return out


def _explain_failed_asserts(boot, path):
    """Has the runner (_loopscope_boot) follow the traceback of an uncaught AssertionError
    from the script `path` with 'loopscope: assertion failed at line N: ...' on stderr."""
    print_exception = boot._print_exception

    def explained(exc):
        print_exception(exc)
        if isinstance(exc, AssertionError):
            text = _explain_assertion(exc, path)
            if text:
                _sys.stderr.write(f"loopscope: assertion failed at {text}\n")

    boot._print_exception = explained
