#!/usr/bin/env python3
"""Runs an asyncio script on CPython's own asyncio, on a virtual clock.

This is loopscope's reference: the same pinned rules as the core (clock from 0.0, jumps to the
earliest timer only when nothing is ready, equal deadlines fire in the order they were set,
time.sleep blocks the loop for virtual time, nothing ready and no timer is a deadlock).

usage: reference_run.py SCRIPT.py [--timestamps]
"""
import asyncio
import builtins
import io
import asyncio.events as events
import heapq
import itertools
import sys
import time

_seq = itertools.count()


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


class Deadlock(Exception):
    pass


class VirtualClockLoop(asyncio.SelectorEventLoop):
    last_time = 0.0  # the clock of the most recent loop, for the final '# end' line

    def __init__(self):
        super().__init__()
        self._vtime = 0.0
        self._clock_resolution = 1e-9

    def time(self):
        return self._vtime

    def call_at(self, when, callback, *args, context=None):
        self._check_closed()
        timer = _SeqTimer(when, callback, args, self, context)
        heapq.heappush(self._scheduled, timer)
        timer._scheduled = True
        return timer

    def _run_once(self):
        while self._scheduled and self._scheduled[0]._cancelled:
            self._timer_cancelled_count -= 1
            h = heapq.heappop(self._scheduled)
            h._scheduled = False
        if not self._ready and not self._stopping:
            if not self._scheduled:
                raise Deadlock(f"deadlock at t={self._vtime:.3f}")
            self._vtime = max(self._vtime, self._scheduled[0]._when)
        super()._run_once()
        VirtualClockLoop.last_time = self._vtime


class _Policy(asyncio.DefaultEventLoopPolicy):
    def new_event_loop(self):
        return VirtualClockLoop()


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    path = argv[1]
    stamps = "--timestamps" in argv
    asyncio.set_event_loop_policy(_Policy())

    def now():
        loop = events._get_running_loop()
        return loop.time() if loop else VirtualClockLoop.last_time

    def vsleep(d):
        loop = events._get_running_loop()
        if loop is not None:
            loop._vtime += d

    time.time = time.monotonic = time.perf_counter = now
    time.sleep = vsleep
    real_print = builtins.print

    def tprint(*args, **kw):
        if stamps and kw.get("file") is None:
            buf = io.StringIO()
            real_print(*args, **{**kw, "file": buf})
            for line in buf.getvalue().splitlines():
                real_print(f"[{now():.3f}] {line}")
        else:
            real_print(*args, **kw)

    builtins.print = tprint
    status = "ok"
    code = 0
    g = {"__name__": "__main__", "__file__": path}
    try:
        with open(path, encoding="utf-8") as f:
            src = f.read()
        exec(compile(src, path, "exec"), g)
    except Deadlock:
        status = "deadlock"
        code = 1
    except BaseException as e:  # noqa: BLE001 - report like loopscope run
        status = f"exception:{type(e).__name__}"
        code = 1
    if stamps:
        real_print(f"# end t={now():.3f} status={status}")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
