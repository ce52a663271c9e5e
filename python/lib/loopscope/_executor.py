"""Simulated executor workers: loop.run_in_executor and asyncio.to_thread on a virtual clock.

A script's blocking function (`time.sleep` inside, typically) must not block the simulated
loop, and its result must arrive when the work would have finished. The rules, the same for
CPython's asyncio in the reference runner and for loopscope:

- run_in_executor(loop, executor, func, *args) calls func(*args) at once, synchronously,
  before returning: on the timeline the worker's work happens at the submitting time
  `start = loop.time()`, and its prints and clock readings (time.time ...) show `start`.
- While func runs, time.sleep(d) adds d to the worker's elapsed time instead of blocking the
  loop (worker_sleep below; each runner's time.sleep calls it first).
- The returned future is loop.create_future() (under loopscope, one the trace shows as an
  executor wait labelled with func's name: see _waits.py); its result, or the exception
  func raised, is set by loop.call_at(start + elapsed, ...), i.e. a timer: at the same time
  as other timers it fires in the order the timers were set. If the future was cancelled
  meanwhile, nothing is set.
- Workers are unlimited: the executor argument is ignored (a ThreadPoolExecutor's max_workers
  does not queue the work).
- A worker that submits work itself: the inner worker starts at start + the outer one's
  elapsed time so far.
- func runs on the loop's own thread: unlike in a real worker thread, a running loop is
  visible there (asyncio.get_running_loop() returns it, asyncio.run() refuses to start).

Only public asyncio API is used, so the timing is the same on both sides by construction.
"""

import functools

from ._waits import labelled_future

_elapsed = []  # elapsed seconds of each worker running now, innermost last


def worker_sleep(seconds):
    """time.sleep inside a worker: counts `seconds` to it and returns True; else False."""
    if not _elapsed:
        return False
    _elapsed[-1] += seconds
    return True


def run_in_executor(loop, executor, func, *args):
    """Runs func(*args) now as a worker; returns a future completed at start + elapsed."""
    start = loop.time() + sum(_elapsed)
    fut = labelled_future(loop, "executor", _name_of(func))
    _elapsed.append(0.0)
    try:
        result, error = func(*args), None
    except BaseException as e:  # noqa: BLE001 - a worker's failure goes into its future
        result, error = None, e
    finally:
        elapsed = _elapsed.pop()
    loop.call_at(start + elapsed, _deliver, fut, result, error)
    return fut


def _name_of(func):
    """The name of the function a worker runs, through functools.partial (to_thread's)."""
    while isinstance(func, functools.partial):
        func = func.func
    return getattr(func, "__name__", None) or type(func).__name__


def _deliver(fut, result, error):
    if fut.done():
        return
    if error is not None:
        fut.set_exception(error)
    else:
        fut.set_result(result)
