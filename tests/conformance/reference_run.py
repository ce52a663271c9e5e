#!/usr/bin/python3
"""Runs an asyncio script on CPython's own asyncio, on a virtual clock.

This is loopscope's reference: `loopscope run SCRIPT.py --timestamps` must print exactly what
this prints. The pinned rules are those of loopscope's core:

- one timeline per script: the clock is a float from 0.0; a new event loop (each asyncio.run)
  starts where the previous one stopped;
- the clock jumps to the earliest timer deadline only when nothing is ready; timers with
  equal deadlines fire in the order they were set;
- time.sleep(d) in a running loop blocks it, advancing the clock by d; inside a simulated
  executor worker (run_in_executor, asyncio.to_thread) it adds to the worker's elapsed time
  instead (see python/lib/loopscope/_executor.py); outside any running loop it does nothing
  (time only passes inside the simulation); time.time/monotonic/perf_counter read the clock;
- random is seeded with 0 before the script runs; <repo>/python/lib comes first on sys.path,
  so `import aiohttp` and `import loopscope` get the simulation modules, then the script's
  directory; the script runs as __main__ with sys.argv = [SCRIPT];
- output: with --timestamps, sys.stdout turns each completed line into `[T] line` (UTF-8),
  T the clock when the line's newline was written; an unfinished last line is completed at
  the end; stderr is left alone;
- nothing ready and no timer pending is a deadlock: the run stops there, nothing more of the
  script runs (no cancellation of the pending tasks, no finally blocks);
- the horizon (--horizon SECONDS, default 3600): when the clock has passed it, or nothing is
  ready and the earliest timer lies beyond it, the run stops there too. The end time is then
  max(clock, horizon): the horizon itself, unless a time.sleep already carried the clock
  past it.

usage: reference_run.py SCRIPT.py [--timestamps] [--horizon SECONDS]

With --timestamps every printed line reads `[T] text` (T = the clock, 3 decimals) and the run
ends with `# end t=T status=S`, S one of ok, exception:TypeName (the traceback goes to
stderr; a syntax error is exception:SyntaxError; sys.exit() or sys.exit(0) is ok),
deadlock, horizon. Exit status: 0 ok, 1 exception or deadlock, 2 usage error, 3 horizon.
"""
import asyncio
import asyncio.events as events
import builtins
import heapq
import io
import itertools
import os
import random
import sys
import time
import traceback
import types

HERE = os.path.dirname(os.path.abspath(__file__))
LIB = os.path.join(os.path.dirname(os.path.dirname(HERE)), "python", "lib")

_seq = itertools.count()
_ex = None


def _executor():
    """loopscope._executor from <repo>/python/lib, shared with the script's own imports."""
    global _ex
    if _ex is None:
        if LIB not in sys.path:
            sys.path.insert(0, LIB)
        from loopscope import _executor as ex
        _ex = ex
    return _ex


class _SeqTimer(events.TimerHandle):
    """A timer ordered by (deadline, creation order): equal deadlines fire FIFO."""

    __slots__ = ("_ls_seq",)

    def __init__(self, when, callback, args, loop, context=None):
        super().__init__(when, callback, args, loop, context)
        self._ls_seq = next(_seq)

    def _key(self):
        return (self._when, self._ls_seq)

    def __lt__(self, other):
        return self._key() < other._key()

    def __le__(self, other):
        return self._key() <= other._key()

    def __gt__(self, other):
        return self._key() > other._key()

    def __ge__(self, other):
        return self._key() >= other._key()


class VirtualClockLoop(asyncio.SelectorEventLoop):
    now = 0.0  # the script's one timeline, shared by every loop it creates
    horizon = float("inf")

    def __init__(self):
        super().__init__()
        self._clock_resolution = 1e-9

    def time(self):
        return VirtualClockLoop.now

    def call_at(self, when, callback, *args, context=None):
        self._check_closed()
        timer = _SeqTimer(when, callback, args, self, context)
        heapq.heappush(self._scheduled, timer)
        timer._scheduled = True
        return timer

    def run_in_executor(self, executor, func, *args):
        self._check_closed()
        return _executor().run_in_executor(self, executor, func, *args)

    def _run_once(self):
        while self._scheduled and self._scheduled[0]._cancelled:
            self._timer_cancelled_count -= 1
            h = heapq.heappop(self._scheduled)
            h._scheduled = False
        cls = VirtualClockLoop
        if cls.now > cls.horizon:
            self._stop_run("horizon")
        if not self._ready and not self._stopping:
            if not self._scheduled:
                self._stop_run("deadlock")
            when = self._scheduled[0]._when
            if when > cls.horizon:
                cls.now = max(cls.now, cls.horizon)
                self._stop_run("horizon")
            cls.now = max(cls.now, float(when))  # a float clock, even for call_at(1)
        super()._run_once()

    def _stop_run(self, status):
        waiting = sorted(t.get_name() for t in asyncio.all_tasks(self))
        print(f"reference_run: {status} at t={now():.3f}; {len(waiting)} task(s) not done: "
              f"{', '.join(waiting)}", file=sys.stderr)
        # Leave at once: unwinding would let asyncio.run cancel the pending tasks and run
        # their handlers, printing lines the run never reached.
        os._exit(_finish(status))


class _Policy(asyncio.DefaultEventLoopPolicy):
    def new_event_loop(self):
        return VirtualClockLoop()


def now():
    """The clock, for time.time, time.monotonic and time.perf_counter."""
    return VirtualClockLoop.now


def vsleep(secs):
    """time.sleep on the virtual clock: a worker's own time, or the running loop's."""
    if secs < 0:
        raise ValueError("sleep length must be non-negative")
    if not _executor().worker_sleep(secs) and events._get_running_loop() is not None:
        VirtualClockLoop.now += secs


def _parse(argv):
    path, stamps, horizon = None, False, 3600.0
    args = iter(argv[1:])
    for a in args:
        if a == "--timestamps":
            stamps = True
        elif a == "--horizon":
            horizon = float(next(args, "nan"))
            if not horizon > 0:
                raise ValueError("--horizon needs a positive number of seconds")
        elif a.startswith("-") or path is not None:
            raise ValueError(f"unexpected argument {a!r}")
        else:
            path = a
    if path is None:
        raise ValueError("no script given")
    return path, stamps, horizon


class _StampedStdout(io.TextIOBase):
    """sys.stdout with --timestamps: each completed line goes out as `[T] line`."""

    encoding = "utf-8"

    def __init__(self, raw):
        super().__init__()
        self._raw = raw
        self._pending = ""

    def writable(self):
        return True

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        lines = (self._pending + text).split("\n")
        self._pending = lines.pop()
        for line in lines:
            self._raw.write(f"[{now():.3f}] {line}\n".encode("utf-8", "backslashreplace"))
        return len(text)

    def finish(self, end_line):
        """Completes an unfinished last line, then writes `end_line`."""
        if self._pending:
            self.write("\n")
        self._raw.write(f"{end_line}\n".encode("utf-8"))
        self._raw.flush()


_stamped = None  # the _StampedStdout with --timestamps


def _install(stamps):
    """Patches the event loop policy, time, random and (with stamps) sys.stdout."""
    global _stamped
    asyncio.set_event_loop_policy(_Policy())
    time.time = time.monotonic = time.perf_counter = now
    time.sleep = vsleep
    random.seed(0)
    if stamps:
        sys.stdout.flush()
        _stamped = sys.stdout = _StampedStdout(sys.__stdout__.buffer)


def _run_script(path):
    """Executes the script as __main__; returns its end status.

    sys.path: python/lib, then the script's directory (in place of this runner's), then the
    rest. sys.exit() with no code or 0 ends the script as ok, other codes as an exception.
    """
    main_module = types.ModuleType("__main__")
    main_module.__file__ = path
    main_module.__builtins__ = builtins
    sys.modules["__main__"] = main_module
    sys.argv = [path]
    rest = [p for p in sys.path if p not in (LIB, HERE)]
    sys.path[:] = [LIB, os.path.dirname(os.path.abspath(path))] + rest
    try:
        with open(path, "rb") as f:
            src = f.read()
        exec(compile(src, path, "exec"), main_module.__dict__)
    except SystemExit as e:
        if e.code in (None, 0):
            return "ok"
        print(f"SystemExit: {e.code}", file=sys.stderr)
        return "exception:SystemExit"
    except BaseException as e:  # noqa: BLE001 - reported like loopscope run
        # The traceback from the script's own frames on (this runner's frame left out).
        traceback.print_exception(type(e), e, e.__traceback__.tb_next)
        return f"exception:{type(e).__name__}"
    return "ok"


def _finish(status):
    """Prints the end line; returns the exit status."""
    if _stamped is not None:
        _stamped.finish(f"# end t={now():.3f} status={status}")
    else:
        sys.__stdout__.flush()
    sys.stderr.flush()
    return {"ok": 0, "horizon": 3}.get(status, 1)


def main(argv):
    try:
        path, stamps, horizon = _parse(argv)
    except ValueError as e:
        print(f"reference_run: {e}\n{__doc__}", file=sys.stderr)
        return 2
    VirtualClockLoop.horizon = horizon
    _install(stamps)
    return _finish(_run_script(path))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
