"""Futures that say what a task waits on: a request's method and URL, a worker's function.

Under loopscope such a future is one of the core's, of wait kind "io" or "executor" with a
label, so the trace (chart, inspector, exports, loopscope.trace) names what the task waits on.
Under CPython's own asyncio (tests/conformance/reference_run.py) it is loop.create_future():
as far as the script can tell the two are the same future, so timing stays identical.
"""
import asyncio

try:
    import _loopscope as _core  # only inside loopscope: an embedded module
except ImportError:
    _core = None


def labelled_future(loop, kind, label):
    """loop.create_future(), shown in the trace as waiting on `kind` ("io" or "executor")
    `label`."""
    if _core is None:
        return loop.create_future()
    return _core.create_labelled_future(kind, label)


def _set_result_unless_cancelled(fut):
    if not fut.done():
        fut.set_result(None)


async def io_wait(delay, label):
    """`await asyncio.sleep(delay)`, the wait shown as simulated I/O on `label`.

    The same steps as asyncio.sleep (a bare yield for delay <= 0, else a future completed by
    a call_later timer, the timer cancelled however the wait ends), so the timing is the
    same on every runner."""
    if not delay > 0:
        await asyncio.sleep(delay)
        return
    loop = asyncio.get_running_loop()
    fut = labelled_future(loop, "io", label)
    handle = loop.call_later(delay, _set_result_unless_cancelled, fut)
    try:
        await fut
    finally:
        handle.cancel()
